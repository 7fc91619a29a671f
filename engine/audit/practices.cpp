#include "engine/audit/practices.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace dsb::audit {
namespace {

bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
// Characters after which a shell keyword can start a command.
bool is_command_start(char c) noexcept { return is_space(c) || c == ';' || c == '&' || c == '|' || c == '(' || c == '{'; }

bool keyword_at(std::string_view text, std::size_t pos, std::string_view word) noexcept {
  if (text.substr(pos, word.size()) != word) return false;
  if (pos > 0 && !is_command_start(text[pos - 1])) return false;
  const std::size_t end = pos + word.size();
  return end < text.size() && is_space(text[end]);
}

std::size_t skip_spaces(std::string_view text, std::size_t pos) noexcept {
  while (pos < text.size() && is_space(text[pos])) ++pos;
  return pos;
}

// `while` followed by `!`, `[ !`, `[[ !` or `test !`: a loop that waits for something to
// become true.
bool negated_while_at(std::string_view text, std::size_t pos) noexcept {
  if (!keyword_at(text, pos, "while")) return false;
  pos = skip_spaces(text, pos + 5);
  for (std::string_view opener : {std::string_view("[["), std::string_view("["), std::string_view("test")}) {
    if (text.substr(pos, opener.size()) == opener && pos + opener.size() < text.size() && is_space(text[pos + opener.size()])) {
      pos = skip_spaces(text, pos + opener.size());
      break;
    }
  }
  return pos < text.size() && text[pos] == '!';
}

bool contains_ci(std::string_view text, std::string_view needle) noexcept {
  const auto it = std::search(text.begin(), text.end(), needle.begin(), needle.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  });
  return it != text.end();
}

bool is_bounded(std::string_view script) noexcept {
  if (contains_ci(script, "timeout")) return true;
  if (script.find("$((") != std::string_view::npos) return true;
  for (std::string_view op : {" -gt ", " -ge ", " -lt ", " -le "}) {
    if (script.find(op) != std::string_view::npos) return true;
  }
  return false;
}

std::string joined_command(const container& c) {
  std::string text;
  for (const auto* list : {&c.command, &c.args}) {
    for (const std::string& part : *list) {
      if (!text.empty()) text += ' ';
      text += part;
    }
  }
  return text;
}

// privileged: true, or a capability outside the baseline set.
std::string privilege_of(const container& c) {
  if (c.security.privileged.value_or(false)) return "privileged: true";
  for (const std::string& cap : c.security.capabilities_add) {
    if (!is_baseline_capability(cap)) return "capability " + cap;
  }
  return {};
}

bool mounts(const container& c, const std::string& volume_name) {
  return std::any_of(c.volume_mounts.begin(), c.volume_mounts.end(), [&](const volume_mount& m) { return m.name == volume_name; });
}

void privileged_app(const workload& w, std::vector<finding>& out) {
  std::string privileged_inits;
  std::size_t count = 0;
  for (const container& c : w.containers) {
    if (c.role != container_role::init || privilege_of(c).empty()) continue;
    privileged_inits += (count++ == 0 ? "\"" : ", \"") + c.name + "\"";
  }
  if (count == 0) return;
  privileged_inits = (count == 1 ? "init container " : "init containers ") + privileged_inits + (count == 1 ? " already does" : " already do");
  for (const container& c : w.containers) {
    if (c.role != container_role::app && c.role != container_role::sidecar) continue;
    const std::string how = privilege_of(c);
    if (how.empty()) continue;
    out.push_back(finding{PRACTICE_PRIVILEGED_APP, c.name,
                          std::string(c.role == container_role::app ? "app container" : "sidecar") + " runs privileged (" + how +
                              ") although " + privileged_inits + ": keep host preparation in init containers and drop privilege here"});
  }
}

void unused_init_volume(const workload& w, std::vector<finding>& out) {
  constexpr std::array<std::string_view, 6> EXEMPT{"configMap", "secret", "downwardAPI", "projected", "image", "hostPath"};
  for (std::size_t pos = 0; pos < w.containers.size(); ++pos) {
    const container& init = w.containers[pos];
    if (init.role != container_role::init) continue;
    for (const volume_mount& m : init.volume_mounts) {
      if (m.read_only) continue;
      const auto vol = std::find_if(w.volumes.begin(), w.volumes.end(), [&](const volume& v) { return v.name == m.name; });
      if (vol == w.volumes.end() || std::find(EXEMPT.begin(), EXEMPT.end(), vol->source) != EXEMPT.end()) continue;
      const bool read_later = std::any_of(w.containers.begin() + static_cast<std::ptrdiff_t>(pos) + 1, w.containers.end(),
                                          [&](const container& c) { return c.role != container_role::ephemeral && mounts(c, m.name); });
      if (read_later) continue;
      out.push_back(finding{PRACTICE_UNUSED_INIT_VOLUME, init.name,
                            "writes volume \"" + m.name + "\" (" + vol->source + " at " + m.mount_path +
                                ") that no app container mounts: the hand-off goes nowhere"});
    }
  }
}

void wait_loops(const workload& w, std::vector<finding>& out) {
  if (w.active_deadline_seconds) return;
  for (const container& c : w.containers) {
    if (c.role != container_role::init) continue;
    const std::string script = joined_command(c);
    if (!has_unbounded_wait_loop(script)) continue;
    std::string shown = script.size() > 80 ? script.substr(0, 77) + "..." : script;
    out.push_back(finding{PRACTICE_WAIT_LOOP, c.name,
                          "command loops waiting with no timeout (" + shown +
                              "): bound it (timeout N ..., a counter) so a stuck dependency fails the pod visibly"});
  }
}

constexpr std::array<std::string_view, 12> SIDECAR_TOKENS{"proxy", "envoy", "sidecar", "forwarder", "shipper", "fluent",
                                                           "fluentd", "fluentbit", "filebeat", "promtail", "vector", "logshipper"};

// The first sidecar token among the `-_./`-separated parts of `text`, or "".
std::string_view sidecar_token(std::string_view text) noexcept {
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find_first_of("-_./", start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view part = text.substr(start, end - start);
    for (std::string_view token : SIDECAR_TOKENS) {
      if (part.size() == token.size() &&
          std::equal(part.begin(), part.end(), token.begin(), [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; })) {
        return token;
      }
    }
    start = end + 1;
  }
  return {};
}

// "quay.io/org/envoy:v1@sha256:..." -> "envoy"
std::string_view image_repository_name(std::string_view image) noexcept {
  if (const std::size_t at = image.find('@'); at != std::string_view::npos) image = image.substr(0, at);
  const std::size_t slash = image.rfind('/');
  if (slash != std::string_view::npos) image = image.substr(slash + 1);
  if (const std::size_t colon = image.find(':'); colon != std::string_view::npos) image = image.substr(0, colon);
  return image;
}

// Why `dependent` depends on `sidecar`, or "".
std::string dependency(const container& sidecar, const container& dependent) {
  for (const volume_mount& m : sidecar.volume_mounts) {
    if (mounts(dependent, m.name)) return "shares volume \"" + m.name + "\" with \"" + dependent.name + "\"";
  }
  std::vector<const std::string*> texts;
  for (const auto* list : {&dependent.command, &dependent.args, &dependent.env_values}) {
    for (const std::string& text : *list) texts.push_back(&text);
  }
  for (const container_port& p : sidecar.ports) {
    if (p.container_port == 0) continue;
    const std::string port = std::to_string(p.container_port);
    for (const std::string* text : texts) {
      for (std::string_view host : {std::string_view("localhost:"), std::string_view("127.0.0.1:")}) {
        const std::string needle = std::string(host) + port;
        const std::size_t at = text->find(needle);
        if (at == std::string::npos) continue;
        const std::size_t end = at + needle.size();
        if (end < text->size() && std::isdigit(static_cast<unsigned char>((*text)[end])) != 0) continue;  // 80 vs 8080
        return "\"" + dependent.name + "\" calls " + needle;
      }
    }
  }
  return {};
}

void sidecar_as_app(const workload& w, std::vector<finding>& out) {
  std::size_t apps = 0;
  for (const container& c : w.containers) apps += c.role == container_role::app ? 1 : 0;
  if (apps < 2) return;
  for (const container& s : w.containers) {
    if (s.role != container_role::app) continue;
    std::string_view token = sidecar_token(s.name);
    std::string_view source = "name";
    if (token.empty()) {
      token = sidecar_token(image_repository_name(s.image));
      source = "image";
    }
    if (token.empty()) continue;
    std::string why;
    for (const container& other : w.containers) {
      if (other.role != container_role::app || &other == &s) continue;
      why = dependency(s, other);
      if (!why.empty()) break;
    }
    if (why.empty() && token == "sidecar") why = "its name says so";
    if (why.empty()) continue;
    out.push_back(finding{PRACTICE_SIDECAR_AS_APP, s.name,
                          "looks like a sidecar (" + std::string(source) + " token \"" + std::string(token) + "\") and " + why +
                              ", but is a plain app container: declare it in initContainers with restartPolicy: Always so it is "
                              "started before the app containers"});
  }
}

}  // namespace

bool is_baseline_capability(std::string_view capability) noexcept {
  constexpr std::array<std::string_view, 13> ALLOWED{"AUDIT_WRITE", "CHOWN",  "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL",      "MKNOD",
                                                     "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"};
  return std::find(ALLOWED.begin(), ALLOWED.end(), capability) != ALLOWED.end();
}

bool has_unbounded_wait_loop(std::string_view script) noexcept {
  bool loop = false;
  for (std::size_t pos = 0; pos < script.size() && !loop; ++pos) {
    loop = keyword_at(script, pos, "until") || negated_while_at(script, pos);
  }
  return loop && !is_bounded(script);
}

void find_practices(const workload& w, std::vector<finding>& out) {
  privileged_app(w, out);
  unused_init_volume(w, out);
  wait_loops(w, out);
  sidecar_as_app(w, out);
}

}  // namespace dsb::audit
