// The trained default models (assets/models/, made by tools/make_models.sh): each
// file has the size and fingerprint its manifest records, loads into the worker on
// the real MNIST with that fingerprint checked, and gives the figures the manifest
// states for the page's evaluation (the first 500 training and 500 test digits);
// together they stay within the page's budget; a file changed by one byte is refused.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "model_file.hpp"
#include "worker_rig.hpp"

using namespace latent;
using protocol::Json;
using test::Rig;

namespace {

Json read_manifest() {
  std::vector<uint8_t> text;
  REQUIRE_MESSAGE(read_file(LATENT_MODELS_DIR "/manifest.json", text), "run tools/make_models.sh");
  std::string error;
  const Json m = protocol::parse(std::string(text.begin(), text.end()), &error);
  REQUIRE_MESSAGE(m.is_object(), error);
  return m;
}

// The metrics of the first evaluation after the event at `from`.
Json first_metrics_after(const Rig& rig, size_t from) {
  for (size_t e = from; e < rig.out.events.size(); ++e) {
    const Json& ev = rig.out.events[e];
    if (ev["type"] == "progress" && ev.contains("metrics") && !ev["metrics"].empty()) return ev["metrics"];
  }
  return Json::object();
}

}  // namespace

TEST_CASE("trained defaults: each loads, checked by its fingerprint, and gives the figures stated for it") {
  const Json manifest = read_manifest();
  Rig rig;
  REQUIRE(rig.load_mnist_files(LATENT_MNIST_DIR));
  std::vector<std::string> kinds;
  size_t total = 0, largest = 0;
  Json dbn_metrics;
  for (const Json& m : manifest["models"]) {
    const std::string kind = m["kind"], file = m["file"];
    CAPTURE(kind);
    kinds.push_back(kind);
    std::vector<uint8_t> bytes;
    REQUIRE(read_file(std::string(LATENT_MODELS_DIR "/") + file, bytes));
    CHECK(bytes.size() == m["bytes"].get<size_t>());
    CHECK(fingerprint(bytes.data(), bytes.size()) == m["fingerprint"]);
    total += bytes.size();
    largest = std::max(largest, bytes.size());

    const size_t before = rig.out.events.size();
    const Json r = rig.send({{"cmd", "load_model"}, {"checksum", m["fingerprint"]}, {"source", file}}, bytes);
    REQUIRE_MESSAGE(r["ok"] == true, protocol::dump(r));
    CHECK(r["model"] == kind);
    const Json got = first_metrics_after(rig, before);
    if (kind == "dbn") dbn_metrics = got;
    const Json& stated = m["page_figures"];
    REQUIRE(!stated.empty());
    for (auto it = stated.begin(); it != stated.end(); ++it) {
      CAPTURE(it.key());
      REQUIRE(got.contains(it.key()));
      const double want = it->get<double>(), have = got[it.key()].get<double>();
      // Error rates are counts of 500 digits; the rest agree to float rounding (native or wasm).
      if (it.key().find("error") != std::string::npos) CHECK(std::fabs(have - want) <= 2.0 / 500 + 1e-9);
      else CHECK(std::fabs(have - want) <= 1e-3 * std::max(1.0, std::fabs(want)));
    }
  }
  CHECK(kinds == std::vector<std::string>{"rbm", "grbm", "vae", "dbn", "dbm"});
  // The DBN file leaves out the random-init classifier: no figures for it, and the
  // snapshot says why.
  CHECK(!dbn_metrics.contains("test_error_random"));
  const Json& snapshot = rig.ui.view("dbn").snapshot;
  REQUIRE(snapshot.contains("finetune"));
  CHECK(snapshot["finetune"].value("random_left_out", false));
  CHECK(snapshot["finetune"].value("loaded", false));
  CHECK(rig.ui.view("dbn").loaded);  // the run controls say the model came from a file
  // "Start from trained" fetches one file: each within the page's budget of 8 MB (gzipped;
  // these are unzipped), and all together within 10 MB.
  CHECK(largest < size_t(8) << 20);
  CHECK(total < size_t(10) << 20);

  // One byte changed on the way: refused by the recorded fingerprint, nothing lost.
  const Json& first = manifest["models"][0];
  std::vector<uint8_t> bytes;
  REQUIRE(read_file(std::string(LATENT_MODELS_DIR "/") + first["file"].get<std::string>(), bytes));
  bytes[bytes.size() / 3] ^= 1;
  const Json r = rig.send({{"cmd", "load_model"}, {"checksum", first["fingerprint"]}}, bytes);
  CHECK(r["ok"] == false);
  CHECK(r["message"].get<std::string>().find("is not the recorded") != std::string::npos);
  CHECK(rig.worker.session()->kind() == kinds.back());  // the last loaded, kept
}
