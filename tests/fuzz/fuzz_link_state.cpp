// Fuzzes the link's hash reader (web/ui/link_state.hpp) on any text, with the
// worker's kinds as the page has them. A hash that reads must write a hash that
// reads to the same link, and that hash must come back unchanged (a shared link
// is stable); the Fashion-MNIST test must not care what else the hash holds.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "link_state.hpp"
#include "model_registry.hpp"
#include "protocol.hpp"

using namespace latent;

namespace {

ui::LabState ready_lab() {
  ui::LabState lab;
  protocol::Json ready = protocol::make_event("ready");
  ready["kinds"] = web::model_kinds_json();
  if (!ui::apply_event(lab, protocol::dump(ready))) std::abort();
  return lab;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const ui::LabState lab = ready_lab();
  const std::string hash(reinterpret_cast<const char*>(data), size);
  ui::hash_asks_fashion(hash);
  ui::Link link;
  if (!ui::link_from_hash(hash, lab, link).empty()) return 0;
  const std::string written = ui::link_to_hash(link);
  ui::Link back;
  if (!ui::link_from_hash(written, lab, back).empty()) std::abort();
  if (ui::link_to_hash(back) != written || back.kind != link.kind || back.fields != link.fields) std::abort();
  return 0;
}
