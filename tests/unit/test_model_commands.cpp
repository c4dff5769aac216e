// The worker's model commands (web/worker/model_commands.cpp) end to end on the
// synthetic digits: every kind saved and loaded back answers a drawing exactly as
// before (float32) or closely (int8); damaged, cut, foreign and mismatched files are
// refused with what is wrong and the models in hand stay as they were; drawings of
// the wrong size are refused.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "model_file.hpp"
#include "rbm_session.hpp"
#include "worker_rig.hpp"

using namespace latent;
using protocol::Json;
using test::Rig;

namespace {

// A small trained model of each kind (DBN: through every stage).
struct KindCase {
  const char* kind;
  Json config;
  int updates;
};

const std::vector<KindCase>& kind_cases() {
  static const std::vector<KindCase> cases = {
      {"rbm", {{"hidden", 12}, {"train_count", 200}}, 40},
      {"grbm", {{"hidden", 8}, {"train_count", 200}}, 40},
      {"vae", {{"train_count", 300}, {"hidden", 32}, {"batch_size", 20}}, 40},
      {"dbn", {{"layers", "20-10"}, {"train_count", 300}}, 3000},  // pre-training, classifiers, maps: all done
      {"dbm",  // both stages of pre-training and the joint stage, and the DBN beside it: all done
       {{"hidden1", 12}, {"hidden2", 8}, {"train_count", 300}, {"pretrain_batch_size", 20}, {"joint_batch_size", 20},
        {"chains", 20}},
       1000},
  };
  return cases;
}

// A vertical bar: a "1" of the synthetic set's style.
std::vector<float> bar_digit() {
  std::vector<float> d(784, 0.0f);
  for (int r = 5; r < 23; ++r)
    for (int c = 13; c < 16; ++c) d[size_t(r * 28 + c)] = 1.0f;
  return d;
}

// The drawing event's buffers named "<kind>/..." after sending the digit.
std::map<std::string, std::vector<float>> answer(Rig& rig, const std::vector<float>& digit) {
  const Json r = rig.send({{"cmd", "drawing"}, {"pixels", digit}});
  REQUIRE(r["ok"] == true);
  std::map<std::string, std::vector<float>> out;
  for (size_t e = rig.out.events.size(); e-- > 0;) {
    if (rig.out.events[e]["type"] != "drawing") continue;
    const Json& list = rig.out.events[e]["buffers"];
    for (size_t i = 0; i < list.size(); ++i) out[list[i]["name"]] = rig.out.buffers[e][i];
    break;
  }
  return out;
}

std::vector<uint8_t> saved(Rig& rig, const char* precision) {
  const Json r = rig.send({{"cmd", "save_model"}, {"precision", precision}});
  REQUIRE_MESSAGE(r["ok"] == true, protocol::dump(r));
  const Json* e = rig.out.last("model_file");
  REQUIRE(e);
  CHECK((*e)["id"] == r["id"]);  // the page keeps its own copies apart by it (web/lab.js)
  const std::vector<uint8_t>& bytes = rig.out.bytes[size_t(e - rig.out.events.data())];
  CHECK(bytes.size() == (*e)["bytes"].get<size_t>());
  CHECK(fingerprint(bytes.data(), bytes.size()) == (*e)["fingerprint"]);
  return bytes;
}

float max_difference(const std::vector<float>& a, const std::vector<float>& b) {
  REQUIRE(a.size() == b.size());
  float d = 0;
  for (size_t i = 0; i < a.size(); ++i) d = std::max(d, std::fabs(a[i] - b[i]));
  return d;
}

}  // namespace

TEST_CASE("model commands: every kind saved and loaded answers a drawing as before") {
  for (const KindCase& k : kind_cases()) {
    CAPTURE(k.kind);
    Rig rig;
    REQUIRE(rig.load());
    REQUIRE(rig.send({{"cmd", "init"}, {"model", k.kind}, {"config", k.config}})["ok"] == true);
    REQUIRE(rig.send({{"cmd", "step"}, {"count", k.updates}})["ok"] == true);
    const auto before = answer(rig, bar_digit());
    REQUIRE(!before.empty());
    const std::vector<uint8_t> file = saved(rig, "float32");
    const std::vector<uint8_t> small = saved(rig, "int8");
    CHECK(small.size() < file.size() / 2);

    Rig other;
    REQUIRE(other.load());
    Json r = other.send({{"cmd", "load_model"}, {"checksum", fingerprint(file.data(), file.size())}}, file);
    REQUIRE_MESSAGE(r["ok"] == true, protocol::dump(r));
    CHECK(r["model"] == k.kind);
    CHECK(r["config"] == rig.config());
    CHECK(other.worker.session()->kind() == k.kind);
    const Json* drawn = nullptr;
    const auto after = answer(other, bar_digit());
    drawn = other.out.last("drawing");
    CHECK((*drawn)["answers"][k.kind]["trained"] == true);
    CHECK((*drawn)["answers"][k.kind]["loaded"] == true);
    for (const auto& entry : before) {
      const std::string& name = entry.first;
      const std::vector<float>& values = entry.second;
      if (name.rfind(std::string(k.kind) + "/", 0) != 0) continue;
      REQUIRE_MESSAGE(after.count(name), name);
      CHECK_MESSAGE(max_difference(values, after.at(name)) == 0.0f, name);
    }
    if (std::string(k.kind) == "dbn") {
      CHECK(before.count("dbn/class_probs"));
      CHECK(before.count("dbn/point_autoencoder"));
      CHECK(other.out.last("snapshot")->value("stage", "") == "done");
    }
    if (std::string(k.kind) == "dbm") {
      CHECK(before.count("dbm/mean_field"));
      CHECK(before.count("dbm/dbn_reconstruction"));
      CHECK(other.out.last("snapshot")->value("stage", "") == "done");
    }

    // int8: the same answers within the rounding of the weights.
    Rig coarse;
    REQUIRE(coarse.load());
    REQUIRE(coarse.send({{"cmd", "load_model"}}, small)["ok"] == true);
    const auto rough = answer(coarse, bar_digit());
    const std::string recon = std::string(k.kind) + (std::string(k.kind) == "dbn" ? "/top_reconstruction" : "/reconstruction");
    REQUIRE(rough.count(recon));
    CHECK(max_difference(rough.at(recon), before.at(recon)) < 0.05f);
  }
}

TEST_CASE("model commands: bad files are refused and the models in hand are kept") {
  Rig rig;
  REQUIRE(rig.load());
  REQUIRE(rig.send({{"cmd", "init"}, {"model", "rbm"}, {"config", {{"hidden", 12}, {"train_count", 200}}}})["ok"] == true);
  REQUIRE(rig.send({{"cmd", "step"}, {"count", 30}})["ok"] == true);
  const std::vector<uint8_t> good = saved(rig, "float32");
  REQUIRE(rig.send({{"cmd", "init"}, {"model", "vae"}, {"config", {{"train_count", 300}, {"hidden", 16}}}})["ok"] == true);
  REQUIRE(rig.send({{"cmd", "step"}, {"count", 5}})["ok"] == true);
  const auto before = answer(rig, bar_digit());
  const Json config = rig.config();

  auto refused = [&](const std::vector<uint8_t>& bytes, const Json& extra, const char* says) {
    Json command = {{"cmd", "load_model"}, {"source", "my.lmf"}};
    command.update(extra);
    const Json r = rig.send(command, bytes);
    CHECK(r["ok"] == false);
    const std::string message = r.value("message", "");
    CHECK_MESSAGE(message.find(says) != std::string::npos, message);
    CHECK_MESSAGE(message.find("my.lmf") != std::string::npos, message);
    CHECK(rig.worker.session()->kind() == "vae");
    CHECK(rig.config() == config);
    CHECK(rig.updates() == 5);
  };
  refused({}, Json::object(), "no bytes");
  refused({'h', 'e', 'l', 'l', 'o'}, Json::object(), "not a Latent Lab model file");
  std::vector<uint8_t> cut(good.begin(), good.begin() + long(good.size() / 2));
  refused(cut, Json::object(), "cut short");
  std::vector<uint8_t> flipped = good;
  flipped[flipped.size() / 2] ^= 0x10;
  refused(flipped, Json::object(), "damaged");
  std::vector<uint8_t> later = good;
  later[8] = 2;  // the version
  refused(later, Json::object(), "version 2");
  refused(good, {{"checksum", "0123456789abcdef"}}, "not the recorded 0123456789abcdef");

  // A file whose settings or shapes do not fit.
  ModelFile odd;
  REQUIRE(read_model_file(good.data(), good.size(), odd).ok);
  ModelFile alien = odd;
  alien.kind = "boltzmann";
  std::vector<uint8_t> bytes;
  REQUIRE(write_model_file(alien, bytes).ok);
  refused(bytes, Json::object(), "kind \"boltzmann\"");
  ModelFile wrong = odd;
  wrong.config = R"({"hidden": 13, "train_count": 200})";
  REQUIRE(write_model_file(wrong, bytes).ok);
  refused(bytes, Json::object(), "is 784 x 12, but its settings make it 784 x 13");
  wrong.config = R"({"hidden": -4})";
  REQUIRE(write_model_file(wrong, bytes).ok);
  refused(bytes, Json::object(), "settings were refused");

  // Both models are as they were: the VAE answers the same, the RBM still exists.
  const auto after = answer(rig, bar_digit());
  for (const auto& entry : before)
    CHECK_MESSAGE(max_difference(entry.second, after.at(entry.first)) == 0.0f, entry.first);
  CHECK(after.count("rbm/hidden"));
}

TEST_CASE("model commands: a drawing is answered by every model opened, and bad drawings are refused") {
  Rig rig;
  REQUIRE(rig.load());
  const auto first = answer(rig, bar_digit());  // only the RBM exists (the first model)
  CHECK(first.count("rbm/reconstruction"));
  CHECK(first.at("rbm/dream").size() == 784 * std::size(web::RbmSession::kDreamSteps));
  CHECK(rig.out.last("drawing")->at("answers")["rbm"]["trained"] == false);
  REQUIRE(rig.send({{"cmd", "use"}, {"model", "grbm2d"}})["ok"] == true);
  REQUIRE(rig.send({{"cmd", "use"}, {"model", "vae"}})["ok"] == true);
  const auto both = answer(rig, bar_digit());
  CHECK(both.count("rbm/hidden"));
  CHECK(both.count("vae/point"));
  CHECK(both.at("vae/test_elbos").size() == 60);
  for (const auto& entry : both)
    for (float x : entry.second) REQUIRE_MESSAGE(std::isfinite(x), entry.first);
  const Json& answers = rig.out.last("drawing")->at("answers");
  CHECK(!answers.contains("grbm2d"));  // the plane takes no drawings
  CHECK(answers["vae"]["elbo"].get<double>() < 0);

  // Cleared: an empty event; the wrong size or values: refused.
  CHECK(answer(rig, {}).empty());
  CHECK(rig.out.last("drawing")->at("cleared") == true);
  Json r = rig.send({{"cmd", "drawing"}, {"pixels", std::vector<float>(100, 0.5f)}});
  CHECK(r["ok"] == false);
  CHECK(r["message"].get<std::string>().find("784 pixels") != std::string::npos);
  std::vector<float> bad = bar_digit();
  bad[7] = 1.5f;
  r = rig.send({{"cmd", "drawing"}, {"pixels", bad}});
  CHECK(r["ok"] == false);
  CHECK(r["message"].get<std::string>().find("pixel 7") != std::string::npos);
  CHECK(rig.send({{"cmd", "save_model"}, {"model", "dbn"}})["ok"] == false);  // never opened
  CHECK(rig.send({{"cmd", "save_model"}, {"precision", "int4"}})["ok"] == false);
}

TEST_CASE("model commands: the student's own digits are tested and learned from, labels as given") {
  Rig rig;
  REQUIRE(rig.load());
  REQUIRE(rig.send({{"cmd", "init"}, {"model", "dbn"}, {"config", {{"layers", "20-10"}, {"train_count", 300}}}})["ok"] == true);
  REQUIRE(rig.send({{"cmd", "step"}, {"count", 3000}})["ok"] == true);
  CHECK(rig.send({{"cmd", "user_tune"}})["ok"] == false);  // nothing to learn from yet

  // Twenty synthetic test digits, each labelled as the next class: the student's own labels.
  const std::vector<uint8_t> images = test::idx_images(20, 28, 28);
  for (int i = 0; i < 20; ++i) {
    std::vector<float> pixels(784);
    for (size_t k = 0; k < 784; ++k) pixels[k] = float(images[16 + size_t(i) * 784 + k]) / 255.0f;
    const Json r = rig.send({{"cmd", "user_add"}, {"pixels", pixels}, {"label", (i + 1) % 10}});
    REQUIRE(r["ok"] == true);
    CHECK(r["count"] == i + 1);
  }
  CHECK(rig.send({{"cmd", "user_add"}, {"pixels", std::vector<float>(784, 0.0f)}, {"label", 10}})["ok"] == false);
  CHECK(rig.send({{"cmd", "user_add"}, {"pixels", std::vector<float>(100, 0.0f)}, {"label", 3}})["ok"] == false);

  REQUIRE(rig.send({{"cmd", "user_test"}})["ok"] == true);
  const Json before = *rig.out.last("user_test");
  CHECK(before["count"] == 20);
  CHECK(before["labels"][0] == 1);
  CHECK(rig.ui.user.count == 20);
  CHECK(rig.ui.user.digits.cols == 20);
  const Json& dbn = before["results"]["dbn"];
  CHECK(dbn["read_as"].size() == 20);
  CHECK(dbn["mnist_accuracy"].get<double>() >= 0);
  CHECK(dbn["accuracy"].get<double>() < 0.3);  // the shifted labels are not what it learned
  CHECK(before["results"]["rbm"].contains("free_energy"));
  CHECK(before["results"]["rbm"].contains("mnist_recon_error"));

  // Trained on them, the classifier takes the student's labels.
  const Json tuned = rig.send({{"cmd", "user_tune"}, {"count", 2000}});
  REQUIRE_MESSAGE(tuned["ok"] == true, protocol::dump(tuned));
  const Json after = *rig.out.last("user_test");
  CHECK(after["results"]["dbn"]["accuracy"].get<double>() >= 0.9);

  // The VAE and the GRBM train on them too (the GRBM reconstructs them better
  // after); the plane's GRBM takes none; clearing empties the set.
  REQUIRE(rig.send({{"cmd", "use"}, {"model", "vae"}})["ok"] == true);
  CHECK(rig.send({{"cmd", "user_tune"}, {"count", 20}})["ok"] == true);
  REQUIRE(rig.send({{"cmd", "use"}, {"model", "grbm"}})["ok"] == true);
  REQUIRE(rig.send({{"cmd", "user_test"}})["ok"] == true);
  const double grbm_before = rig.out.last("user_test")->at("results")["grbm"]["recon_error"].get<double>();
  REQUIRE(rig.send({{"cmd", "user_tune"}, {"count", 300}})["ok"] == true);
  const double grbm_after = rig.out.last("user_test")->at("results")["grbm"]["recon_error"].get<double>();
  CHECK(grbm_after < 0.8 * grbm_before);
  REQUIRE(rig.send({{"cmd", "use"}, {"model", "grbm2d"}})["ok"] == true);
  CHECK(rig.send({{"cmd", "user_tune"}})["ok"] == false);
  CHECK(rig.send({{"cmd", "user_clear"}})["count"] == 0);
  REQUIRE(rig.send({{"cmd", "user_test"}})["ok"] == true);
  CHECK(rig.out.last("user_test")->at("results").empty());
}

TEST_CASE("worker: a page without MNIST (an embedded 2-D demo) runs the 2-D lab and refuses the MNIST kinds") {
  Rig with_data;
  REQUIRE(with_data.load());
  REQUIRE(with_data.send({{"cmd", "init"}, {"model", "rbm"}, {"config", {{"hidden", 8}}}})["ok"] == true);
  const std::vector<uint8_t> rbm_file = saved(with_data, "float32");

  Rig rig;
  rig.worker.start_without_data();
  const Json* ready = rig.out.last("ready");
  REQUIRE(ready);
  CHECK((*ready)["model"] == "grbm2d");
  CHECK((*ready)["digits"] == false);
  CHECK((*ready)["train_count"] == 0);
  CHECK(rig.ui.ready);
  CHECK(rig.ui.model == "grbm2d");
  const Json step = rig.send({{"cmd", "step"}, {"count", 200}});
  CHECK(step["ok"] == true);
  CHECK(rig.updates() == 200);
  // The MNIST kinds: refused by init, use and load_model, saying why; the 2-D model stays.
  for (const Json& command : {Json{{"cmd", "init"}, {"model", "rbm"}}, Json{{"cmd", "use"}, {"model", "vae"}}}) {
    const Json r = rig.send(command);
    CHECK(r["ok"] == false);
    CHECK(r["message"].get<std::string>().find("loaded no MNIST") != std::string::npos);
  }
  const Json r = rig.send({{"cmd", "load_model"}}, rbm_file);
  CHECK(r["ok"] == false);
  CHECK(r["message"].get<std::string>().find("open the full lab") != std::string::npos);
  CHECK(rig.worker.session()->kind() == "grbm2d");
  CHECK(rig.updates() == 200);
}

TEST_CASE("model commands: a file past the limit is refused, saying it, before any memory is taken for it") {
  Rig rig;
  REQUIRE(rig.load());
  bool copied = false;
  rig.worker.handle(R"({"v":1,"id":77,"cmd":"load_model"})", 512.0 * 1048576.0, [&](uint8_t*) { copied = true; });
  const Json* r = rig.out.reply(77);
  REQUIRE(r);
  CHECK((*r)["ok"] == false);
  CHECK((*r)["message"].get<std::string>().find("512.0 MB") != std::string::npos);
  CHECK((*r)["message"].get<std::string>().find("at most 400 MB") != std::string::npos);
  CHECK_FALSE(copied);

  // Within the limit the bytes are taken (and this one, being no model file, refused as such).
  rig.worker.handle(R"({"v":1,"id":78,"cmd":"load_model"})", 16.0, [&](uint8_t* dst) {
    copied = true;
    std::memset(dst, 'x', 16);
  });
  CHECK(copied);
  REQUIRE(rig.out.reply(78));
  CHECK(rig.out.reply(78)->at("message").get<std::string>().find("not a Latent Lab model file") != std::string::npos);
}
