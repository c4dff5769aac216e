// Fuzzes the model-file reader (engine/model_file.hpp) and the worker's load_model
// on any bytes. The first byte chooses whether the rest is taken as it is or is
// given its correct checksum (so the fuzzer reaches past it). A file that reads
// must write back (as float32) and read again to the same contents; loading it into the worker
// (synthetic data) either builds the model or is refused with a message.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "fuzz_worker_rig.hpp"
#include "model_file.hpp"

using namespace latent;

namespace {

bool same(const ModelFile& a, const ModelFile& b) {
  if (a.kind != b.kind || a.config != b.config || a.sections.size() != b.sections.size()) return false;
  for (size_t i = 0; i < a.sections.size(); ++i) {
    const ModelSection &x = a.sections[i], &y = b.sections[i];
    if (x.name != y.name || x.rows != y.rows || x.cols != y.cols || x.values != y.values) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static fuzz::WorkerRig rig;
  if (size == 0) return 0;
  std::vector<uint8_t> bytes(data + 1, data + size);
  if (data[0] % 2 == 0) {  // seal it: FNV-1a of the bytes, little-endian
    const uint64_t sum = std::stoull(fingerprint(bytes.data(), bytes.size()), nullptr, 16);
    for (int k = 0; k < 8; ++k) bytes.push_back(uint8_t(sum >> (8 * k)));
  }
  ModelFile file;
  const Status s = read_model_file(bytes.data(), bytes.size(), file);
  if (!s.ok && s.message.empty()) std::abort();
  if (s.ok) {  // written back as float32, every value comes back exactly
    for (ModelSection& m : file.sections) m.encoding = ValueEncoding::Float32;
    std::vector<uint8_t> again;
    ModelFile back;
    if (!write_model_file(file, again).ok || !read_model_file(again.data(), again.size(), back).ok || !same(file, back))
      std::abort();
  }
  rig.worker->handle(R"({"v":1,"id":1,"cmd":"load_model","source":"fuzz"})", bytes);
  rig.run_chunks(2);
  return 0;
}
