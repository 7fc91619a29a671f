// write_node_name(): the name styles of internal/node_names.hpp.
#include "engine/gen/internal/bijection.hpp"
#include "engine/gen/internal/node_names.hpp"
#include "engine/gen/internal/text.hpp"

namespace dsb::gen::internal {
namespace {

constexpr std::uint64_t GKE_SUFFIX_SPACE = 36ULL * 36 * 36 * 36;

void write_address(char_writer& writer, const name_scheme& scheme, std::uint32_t number) noexcept {
  const std::uint32_t address = scheme.ip_base + permute_bits(number, scheme.ip_bits, scheme.key);
  writer.number(address >> 24).put('-').number((address >> 16) & 0xffU).put('-');
  writer.number((address >> 8) & 0xffU).put('-').number(address & 0xffU);
}

}  // namespace

std::size_t write_node_name(const name_scheme& scheme, const node_position& position, char* out) noexcept {
  char_writer writer(out, NAME_CAPACITY);
  switch (scheme.style) {
    case name_style::eks_ip:
      writer.text("ip-");
      write_address(writer, scheme, position.number);
      writer.text(scheme.suffix);
      break;
    case name_style::eks_fargate:
      writer.text("fargate-ip-");
      write_address(writer, scheme, position.number);
      writer.text(scheme.suffix);
      break;
    case name_style::gke: {
      const std::uint64_t zone_key = mix64(scheme.key ^ (position.zone + 1));
      writer.text(scheme.prefixes[position.zone]).number(permute_below(position.in_zone, GKE_SUFFIX_SPACE, zone_key), 36, 4);
      break;
    }
    case name_style::aks_vmss:
    case name_style::aks_windows:
      writer.text(scheme.prefixes[0]).number(std::uint64_t{scheme.first_instance} + position.in_pool, 36, 6);
      break;
    case name_style::fixed: writer.text(scheme.prefixes[0]); break;
    case name_style::onprem_worker:
      writer.text(scheme.prefixes[0])
          .number(onprem_rack(scheme, position.number), 10, 2)
          .put('-')
          .number(std::uint64_t{position.number} - scheme.first_instance + 1, 10, 4);
      break;
    case name_style::onprem_control: writer.text(scheme.prefixes[0]).number(std::uint64_t{position.in_pool} + 1); break;
  }
  return writer.overflow() ? 0 : writer.length();
}

}  // namespace dsb::gen::internal
