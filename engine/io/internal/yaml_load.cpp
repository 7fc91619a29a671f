#include "engine/io/internal/yaml_load.hpp"

#include <sstream>
#include <string>

#include <yaml-cpp/eventhandler.h>

namespace dsb::io::internal {
namespace {

// Parses without building nodes; throws when a document starts where the previous one did.
class progress_guard final : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override {
    if (seen_ && mark.pos == last_.pos) throw YAML::ParserException(mark, "unexpected ',' outside a flow collection");
    seen_ = true;
    last_ = mark;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

 private:
  YAML::Mark last_;
  bool seen_ = false;
};

}  // namespace

std::vector<YAML::Node> load_yaml_documents(std::string_view text) {
  std::string copy(text);
  if (copy.find(',') != std::string::npos) {
    std::istringstream stream(copy);
    YAML::Parser parser(stream);
    progress_guard guard;
    while (parser.HandleNextDocument(guard)) {
    }
  }
  return YAML::LoadAll(copy);
}

}  // namespace dsb::io::internal
