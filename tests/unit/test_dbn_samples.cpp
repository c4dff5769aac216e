// The DBN's ancestral samples show the model's variety: the trained default DBN
// (assets/models/dbn.lmf) draws 100 samples as the page does (each from the top-level
// code of a random training digit, sample_sweeps Gibbs sweeps in the top RBM, one pass
// down), and its own fine-tuned classifier finds at least 8 of the 10 digits among
// them; chains from noise, run for hundreds of sweeps, settle in a few.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "config_codec.hpp"
#include "dbn_finetune.hpp"
#include "dbn_trainer.hpp"
#include "mnist_once.hpp"
#include "model_file.hpp"
#include "model_sections.hpp"

using namespace latent;

namespace {

struct DefaultDbn {
  DbnConfig config;
  ModelFile file;
};

DefaultDbn read_default_dbn() {
  DefaultDbn d;
  std::vector<uint8_t> bytes;
  REQUIRE_MESSAGE(read_file(LATENT_MODELS_DIR "/dbn.lmf", bytes), "run tools/make_models.sh");
  REQUIRE(read_model_file(bytes.data(), bytes.size(), d.file).ok);
  REQUIRE(d.file.kind == "dbn");
  std::string error;
  const protocol::Json fields = protocol::parse(d.file.config, &error);
  REQUIRE_MESSAGE(fields.is_object(), error);
  REQUIRE(protocol::config_from_json(fields, DbnConfig{}, d.config).empty());
  return d;
}

// The classes the classifier gives the samples' pixels.
std::set<int> classes_of(const FinetuneTrainer& classifier, const Matrix& pixels) {
  Matrix p;
  classifier.predict_pixels(pixels, p);
  std::set<int> classes;
  for (Eigen::Index j = 0; j < p.cols(); ++j) {
    Eigen::Index k = 0;
    p.col(j).maxCoeff(&k);
    classes.insert(int(k));
  }
  return classes;
}

}  // namespace

TEST_CASE("DBN samples: the trained default shows at least 8 of the 10 digits in 100 samples") {
  DefaultDbn d = read_default_dbn();
  const Dataset& train = test::mnist("train");
  const Dataset& test_set = test::mnist("t10k");
  DbnTrainer trainer(d.config, train, test_set);
  for (int l = 0; l < trainer.dbn().layers(); ++l)
    REQUIRE(get_rbm_params(d.file, "layer" + std::to_string(l + 1) + "_", trainer.dbn().layer(l)).ok);
  trainer.mark_trained(trainer.dbn().layers());
  FinetuneTrainer classifier(d.config, Unrolled::Classifier, &trainer.dbn(), train, test_set);
  REQUIRE(get_mlp(d.file, "classifier_pretrained_", classifier.network(), classifier.params().data()).ok);
  REQUIRE(classifier.evaluate(1000, false).error_test < 0.1);  // the judge is a good one

  CHECK(d.config.sample_start == ChainStart::Data);
  for (int draw = 0; draw < 3; ++draw) {  // three draws of 100 from the sample stream
    trainer.draw_samples(100);
    const std::set<int> classes = classes_of(classifier, trainer.samples().means[0]);
    CAPTURE(draw);
    CHECK(classes.size() >= 8);
  }
  // From noise, after 200 sweeps: the chains settle in the top RBM's few strong modes.
  DbnConfig noise = d.config;
  noise.sample_start = ChainStart::Noise;
  noise.sample_sweeps = 200;
  REQUIRE(trainer.apply_live(noise).ok);
  trainer.draw_samples(100);
  CHECK(classes_of(classifier, trainer.samples().means[0]).size() <= 5);
}
