// Fuzzes the IDX reader (engine/idx.hpp) on any bytes, as images and as labels: a
// parse either fails with a message or gives sizes that match the bytes, and
// labels 0..9.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "idx.hpp"

using namespace latent;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  IdxImages images;
  const Status si = parse_idx_images(data, size, "fuzzed images", images);
  if (si.ok) {
    if (images.pixels.size() != size_t(images.count) * size_t(images.dim()) || images.count < 1) std::abort();
  } else if (si.message.empty()) {
    std::abort();
  }
  IdxLabels labels;
  const Status sl = parse_idx_labels(data, size, "fuzzed labels", labels);
  if (sl.ok) {
    if (labels.labels.size() != size_t(labels.count)) std::abort();
    for (uint8_t l : labels.labels)
      if (l > 9) std::abort();
  } else if (sl.message.empty()) {
    std::abort();
  }
  return 0;
}
