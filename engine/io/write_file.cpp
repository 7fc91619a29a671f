#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>

#include "engine/io/write.hpp"

namespace dsb::io {

status write_file_atomically(const std::string& path, std::string_view bytes) {
  auto fail = [&path](std::string message) { return error{error_code::io, path, {}, {}, {}, std::move(message)}; };
  if (path == "-") {
    if (std::fwrite(bytes.data(), 1, bytes.size(), stdout) != bytes.size() || std::fflush(stdout) != 0) {
      return fail("write to standard output failed");
    }
    return {};
  }
  const std::filesystem::path target(path);
  const std::filesystem::path dir = target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
  std::string temp_name(".");
  temp_name.append(target.filename().string()).append(".tmp").append(std::to_string(std::random_device{}()));
  const std::filesystem::path temp = dir / temp_name;
  std::FILE* file = std::fopen(temp.c_str(), "wb");
  if (file == nullptr) return fail(std::string("cannot create: ") + std::strerror(errno));
  const bool written = std::fwrite(bytes.data(), 1, bytes.size(), file) == bytes.size();
  const bool closed = std::fclose(file) == 0;
  if (!written || !closed) {
    std::filesystem::remove(temp);
    return fail("write failed (disk full?)");
  }
  std::error_code ec;
  std::filesystem::rename(temp, target, ec);
  if (ec) {
    std::filesystem::remove(temp);
    return fail("cannot rename into place: " + ec.message());
  }
  return {};
}

}  // namespace dsb::io
