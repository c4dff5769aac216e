// The exercises (web/ui/exercises.hpp) shipped in assets/exercises/: every file the
// index lists reads; the by-hand answers agree with the engine's own sigmoid; the
// checks judge a real worker's models (a 2-D GRBM trained with d = 3, a VAE whose
// gap was measured); answers are judged right and wrong; a malformed file is refused
// naming its field.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "exercises.hpp"
#include "mnist_files.hpp"
#include "rbm.hpp"
#include "worker_rig.hpp"

using namespace latent;
using protocol::Json;

namespace {

std::string text_of(const std::string& name) {
  std::vector<uint8_t> bytes;
  REQUIRE_MESSAGE(read_file(std::string(LATENT_EXERCISES_DIR "/") + name, bytes), name);
  return std::string(bytes.begin(), bytes.end());
}

std::vector<ui::Exercise> shipped() {
  const Json index = protocol::parse(text_of("index.json"));
  REQUIRE(index.contains("exercises"));
  std::vector<ui::Exercise> out;
  for (const Json& name : index["exercises"]) {
    ui::Exercise e;
    std::string problem;
    CAPTURE(name);
    REQUIRE_MESSAGE(ui::parse_exercise(text_of(name.get<std::string>()), e, problem), problem);
    out.push_back(e);
  }
  return out;
}

const ui::Exercise& find(const std::vector<ui::Exercise>& all, const std::string& id) {
  for (const auto& e : all)
    if (e.id == id) return e;
  FAIL("no exercise " << id);
  return all.front();
}

// The right answers to every question.
ui::ExerciseAnswers right_answers(const ui::Exercise& e) {
  ui::ExerciseAnswers a;
  for (const auto& q : e.questions) {
    a.numbers.push_back(q.type == "number" ? q.answer : 0.0);
    a.typed.push_back(q.type == "number");
    a.choices.push_back(q.type == "choice" ? int(q.answer) : -1);
  }
  return a;
}

bool all_ok(const std::vector<ui::CheckLine>& lines) {
  for (const auto& l : lines)
    if (!l.ok) return false;
  return !lines.empty();
}

}  // namespace

TEST_CASE("exercises: the shipped files read, with unique ids; the by-hand answers are the engine's sigmoid") {
  const std::vector<ui::Exercise> all = shipped();
  CHECK(all.size() >= 6);
  for (size_t i = 0; i < all.size(); ++i)
    for (size_t j = i + 1; j < all.size(); ++j) CHECK(all[i].id != all[j].id);
  const ui::Exercise& hand = find(all, "rbm-hidden-by-hand");
  // The exercise's RBM in the engine: v = (1, 0, 1); w_1 = (0.5, -1, 0.25), c_1 = -0.3;
  // w_2 = (-0.8, 2, 0.1), c_2 = 0.2.
  Rbm rbm(3, 2);
  rbm.W() << 0.5f, -0.8f, -1.0f, 2.0f, 0.25f, 0.1f;
  rbm.c() << -0.3f, 0.2f;
  Matrix v(3, 1), p;
  v << 1, 0, 1;
  rbm.hidden_probs(v, p);
  REQUIRE(hand.questions.size() == 2);
  CHECK(std::abs(hand.questions[0].answer - p(0, 0)) < 1e-4);
  CHECK(std::abs(hand.questions[1].answer - p(1, 0)) < 1e-4);

  // Answers: right, off by more than the tolerance, missing.
  ui::LabState lab;
  ui::ExerciseAnswers a = right_answers(hand);
  CHECK(all_ok(ui::check_exercise(hand, a, lab)));
  a.numbers[1] += 0.01;
  auto lines = ui::check_exercise(hand, a, lab);
  CHECK(lines[0].ok);
  CHECK(!lines[1].ok);
  a.typed[0] = false;
  lines = ui::check_exercise(hand, a, lab);
  CHECK(lines[0].detail == "no answer yet");
}

TEST_CASE("exercises: the checks judge the student's own models in a real worker") {
  const std::vector<ui::Exercise> all = shipped();
  test::Rig rig;
  REQUIRE(rig.load());

  // The 2-D GRBM: d = 2 fails "d = 3"; trained with d = 3, both checks hold.
  const ui::Exercise& grbm = find(all, "grbm-components");
  const ui::ExerciseAnswers right = right_answers(grbm);
  REQUIRE(rig.send({{"cmd", "init"}, {"model", "grbm2d"}, {"config", {{"hidden", 2}, {"dataset", "grid"}}}})["ok"] == true);
  auto lines = ui::check_exercise(grbm, right, rig.ui);
  CHECK(!all_ok(lines));
  CHECK(lines[6].detail == "yours: 2");
  REQUIRE(rig.send({{"cmd", "init"}, {"model", "grbm2d"}, {"config", {{"hidden", 3}, {"dataset", "grid"}}}})["ok"] == true);
  lines = ui::check_exercise(grbm, right, rig.ui);
  CHECK(lines[6].ok);
  CHECK(!lines[7].ok);  // untrained: about -11.9 nats per point
  REQUIRE(rig.send({{"cmd", "step"}, {"count", 3000}})["ok"] == true);
  lines = ui::check_exercise(grbm, right, rig.ui);
  for (const auto& l : lines) CHECK_MESSAGE(l.ok, l.text << ": " << l.detail);
  ui::ExerciseAnswers wrong = right;
  wrong.numbers[3] = 6;  // d = 3: not 6 components
  CHECK(!all_ok(ui::check_exercise(grbm, wrong, rig.ui)));

  // The VAE: before the gap is measured the checks wait; after, log p(x) > ELBO.
  const ui::Exercise& vae = find(all, "vae-gap");
  REQUIRE(rig.send({{"cmd", "init"}, {"model", "vae"}})["ok"] == true);
  REQUIRE(rig.send({{"cmd", "step"}, {"count", 100}})["ok"] == true);
  lines = ui::check_exercise(vae, right_answers(vae), rig.ui);
  CHECK(!lines[1].ok);
  CHECK(lines[1].detail.find("not there yet") == 0);
  REQUIRE(rig.send({{"cmd", "exact_ll"}})["ok"] == true);
  lines = ui::check_exercise(vae, right_answers(vae), rig.ui);
  for (const auto& l : lines) CHECK_MESSAGE(l.ok, l.text << ": " << l.detail);

  // The DBN: the stack's training layer (a snapshot path); layer 1 only: not yet.
  const ui::Exercise& dbn = find(all, "dbn-frozen-layers");
  REQUIRE(rig.send({{"cmd", "init"}, {"model", "dbn"}, {"config", {{"layers", "20-20"}, {"train_count", 300}}}})["ok"] == true);
  lines = ui::check_exercise(dbn, right_answers(dbn), rig.ui);
  CHECK(!lines.back().ok);
  CHECK(lines.back().detail == "yours: 0");
}

TEST_CASE("exercises: a malformed file is refused, naming what is wrong") {
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"{", "not readable JSON"},
      {R"({"id": "x", "title": "t"})", "\"statement\" must be text"},
      {R"({"id": "x", "title": "t", "statement": "s"})", "an exercise needs questions or checks"},
      {R"({"id": "x", "title": "t", "statement": "s", "questions": [{"text": "q", "type": "guess"}]})",
       "question 1: \"type\" must be \"number\" or \"choice\""},
      {R"({"id": "x", "title": "t", "statement": "s", "questions": [{"text": "q", "type": "choice", "options": ["a", "b"], "answer": 2}]})",
       "question 1: \"answer\" must be the number of the right option, from 0"},
      {R"({"id": "x", "title": "t", "statement": "s", "model": "rbm", "checks": [{"text": "c", "value": "weights.W", "present": true}]})",
       "check 1: \"value\" must start with config., metric., snapshot. or drawing."},
      {R"({"id": "x", "title": "t", "statement": "s", "checks": [{"text": "c", "value": "config.hidden", "at_most": 3}]})",
       "check 1: whose model? (\"model\")"},
      {R"({"id": "x", "title": "t", "statement": "s", "model": "rbm", "checks": [{"text": "c", "value": "config.hidden", "at_most": "lots"}]})",
       "check 1: \"at_most\" must be a number or a value such as metric.elbo_test"},
  };
  for (const auto& b : bad) {
    CAPTURE(b.first);
    ui::Exercise e;
    std::string problem;
    CHECK(!ui::parse_exercise(b.first, e, problem));
    CHECK(problem.rfind(b.second, 0) == 0);
  }
}
