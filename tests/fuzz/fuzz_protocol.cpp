// Fuzzes the protocol's command decoder (web/worker/protocol.hpp) on any text,
// and every kind's config check (the registry's) on the config it carries. A
// decoded command must encode and decode again to the same command; a refusal
// must say why.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "model_registry.hpp"
#include "protocol.hpp"

using namespace latent;
using protocol::Json;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const protocol::Decoded d = protocol::decode_command(text);
  if (!d.ok) {
    if (d.message.empty() && d.errors.empty()) std::abort();
    return 0;
  }
  const Json encoded = protocol::encode_command(d.command);
  const protocol::Decoded again = protocol::decode_command(encoded);
  if (!again.ok || protocol::encode_command(again.command) != encoded) std::abort();
  for (const web::ModelKind& kind : web::model_registry()) {
    Json full;
    const auto errors = kind.check(d.command.config, &full);
    if (errors.empty() && !full.is_object()) std::abort();
    for (const FieldError& e : errors)
      if (e.message.empty()) std::abort();
  }
  return 0;
}
