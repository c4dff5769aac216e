// drawing_answers (see drawing_answers.hpp): one collapsible section per MNIST
// model kind that answers, in the tabs' order, from the worker's "drawing" events
// (LabState::drawing):
//   rbm    p(h|v) of the hidden units, the reconstruction, the dream (a Gibbs chain
//          from the drawing) and its free energy among the test digits'
//   grbm   the reconstruction
//   vae    the drawing's point and q(z|x) ellipse on the latent map, the
//          reconstruction, its ELBO among the test digits'
//   dbn    the classifier's class probabilities, the point on the autoencoder's map,
//          the reconstruction from the top layer
// Below them, one short line per kind that cannot answer yet (not opened or not
// trained), with "Start from trained" (its default from assets/models/) and
// "Train from scratch".
#include "drawing_answers.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>

#include <imgui.h>

#include "bridge.hpp"
#include "digit_scatter.hpp"
#include "image_grid.hpp"
#include "widgets.hpp"

namespace latent::ui {
namespace {

// The images of one kind's answer, re-uploaded with each drawing event.
struct AnswerImages {
  ImageGrid reconstruction, dream;
  int version = -1;
};

AnswerImages& images_of(const std::string& kind) {
  static std::map<std::string, AnswerImages> all;
  return all[kind];
}

float answer_side() { return ImGui::GetFontSize() * 5.0f; }

// A grid of one or more digits, each about `side` CSS px, under a title.
void digits_picture(const char* title, const ImageGrid& grid, const char* id, float side) {
  ImGui::BeginGroup();
  ImGui::TextDisabled("%s", title);
  grid.draw(id, crisp_fit(ImVec2(29, 29), side, side));
  ImGui::EndGroup();
}

// The share of values below x (0..1).
float share_below(const Buffer& values, float x) {
  if (values.data.empty()) return 0;
  const auto below = std::count_if(values.data.begin(), values.data.end(), [&](float v) { return v < x; });
  return float(below) / float(values.data.size());
}

// A histogram of the test digits' values with the drawing's marked, and a sentence.
// higher_typical: larger values are the model's typical digits (an ELBO); else smaller
// ones are (a free energy).
void value_among(const char* id, const Buffer* values, float x, bool higher_typical, const char* what) {
  if (!values || values->data.empty() || !std::isfinite(x)) return;
  float lo = x, hi = x;
  for (float v : values->data) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  constexpr int kBins = 32;
  int counts[kBins] = {};
  const float width = std::max(hi - lo, 1e-6f) / kBins;
  for (float v : values->data) ++counts[std::clamp(int((v - lo) / width), 0, kBins - 1)];
  const int top = *std::max_element(counts, counts + kBins);
  const ImVec2 size(std::min(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 18.0f), ImGui::GetFontSize() * 3.0f);
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(id, size);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p0, ImVec2(p0.x + size.x, p0.y + size.y), IM_COL32(255, 255, 255, 12));
  for (int b = 0; b < kBins; ++b) {
    const float x0 = p0.x + size.x * float(b) / kBins, h = size.y * float(counts[b]) / float(std::max(top, 1));
    dl->AddRectFilled(ImVec2(x0 + 1, p0.y + size.y - h), ImVec2(x0 + size.x / kBins, p0.y + size.y),
                      IM_COL32(120, 170, 200, 200));
  }
  const float mx = p0.x + size.x * std::clamp((x - lo) / std::max(hi - lo, 1e-6f), 0.0f, 1.0f);
  dl->AddLine(ImVec2(mx, p0.y), ImVec2(mx, p0.y + size.y), IM_COL32(255, 200, 80, 255), 2.5f);
  const float typical = higher_typical ? share_below(*values, x) : 1.0f - share_below(*values, x);
  ImGui::TextWrapped("%s %.1f: more typical than %.0f%% of the first %zu test digits (yellow line among theirs).",
                     what, double(x), double(100 * typical), values->data.size());
}

// Ten bars, the likeliest class highlighted, the digits under them.
void class_bars(const Buffer& probs) {
  if (probs.data.size() < 10) return;
  const float h = ImGui::GetFontSize() * 4.0f, bar = ImGui::GetFontSize() * 1.6f;
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(bar * 10, h + ImGui::GetFontSize() * 1.2f));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const int best = int(std::max_element(probs.data.begin(), probs.data.begin() + 10) - probs.data.begin());
  for (int k = 0; k < 10; ++k) {
    const float x0 = p0.x + bar * float(k), v = std::clamp(probs.data[size_t(k)], 0.0f, 1.0f);
    dl->AddRectFilled(ImVec2(x0 + 2, p0.y + h * (1 - v)), ImVec2(x0 + bar - 2, p0.y + h),
                      k == best ? IM_COL32(255, 200, 80, 255) : IM_COL32(120, 170, 200, 200));
    char label[4];
    std::snprintf(label, sizeof label, "%d", k);
    dl->AddText(ImVec2(x0 + bar * 0.35f, p0.y + h + 2), IM_COL32(220, 220, 220, 255), label);
  }
  ImGui::Text("It reads a %s (%.0f%% sure).", class_name(lab_state(), best), double(100 * probs.data[size_t(best)]));
}

// The drawing's point (and ellipse) over a snapshot's map of test digits.
void point_on_map(const char* id, const Buffer* map, const Buffer* labels, const Buffer* point, const Buffer* cov,
                  bool centred) {
  if (!map || !point || point->data.size() < 2) return;
  ScatterLook look;
  look.centred = centred;
  look.min_half = 3.0f;
  look.labels = labels;
  look.over = [&](const ScatterView& view, ImDrawList* dl) {
    const float x = point->data[0], y = point->data[1];
    if (cov && cov->data.size() >= 3) draw_covariance_ellipse(view, dl, x, y, cov->data.data(), IM_COL32(255, 200, 80, 255), 2.0f);
    dl->AddCircleFilled(view.to_screen(x, y), 6.0f, IM_COL32(255, 200, 80, 255), 16);
    dl->AddCircle(view.to_screen(x, y), 7.0f, IM_COL32(0, 0, 0, 255), 16, 1.5f);
  };
  const float side = std::min(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 16.0f);
  const ScatterHit hit = draw_digit_scatter(id, map, side, look);
  if (hit.mouse_in && hit.hovered >= 0) ImGui::SetTooltip("test digit #%d, a %d", hit.hovered, label_at(labels, hit.hovered));
}

void draw_rbm(const DrawingAnswer& a, AnswerImages& im) {
  const float side = answer_side();
  digits_picture("reconstruction", im.reconstruction, "rbm_recon", side);
  ImGui::SameLine();
  ImGui::BeginGroup();
  ImGui::TextDisabled("what it dreams from your digit (Gibbs steps");
  std::string steps;
  for (const Json& s : a.meta.value("dream_steps", Json::array())) steps += (steps.empty() ? "" : ", ") + s.dump();
  ImGui::SameLine(0, 4);
  ImGui::TextDisabled("%s)", steps.c_str());
  im.dream.draw("rbm_dream", crisp_fit(im.dream.texels(), ImGui::GetContentRegionAvail().x, side));
  ImGui::EndGroup();
  if (const Buffer* h = a.buffer("hidden")) {
    ImGui::TextDisabled("its hidden units, p(h = 1 | your digit)");
    prob_squares("rbm_hidden", h->data.data(), int(h->data.size()), ImGui::GetContentRegionAvail().x,
                 ImGui::GetFontSize() * 5.0f, 10.0f);
  }
  value_among("rbm_free_energy", a.buffer("test_free_energies"), a.meta.value("free_energy", NAN), false,
              "Free energy");
}

void draw_vae(const LabState& lab, const DrawingAnswer& a, AnswerImages& im) {
  const ModelView& v = lab.view("vae");
  const bool variational = a.meta.value("variational", true);
  point_on_map("vae_point", v.buffer("map"), v.buffer("map_labels"), a.buffer("point"),
               variational ? a.buffer("point_cov") : nullptr, true);
  digits_picture("reconstruction", im.reconstruction, "vae_recon", answer_side());
  value_among("vae_elbo", a.buffer("test_elbos"), a.meta.value("elbo", NAN), true,
              variational ? "ELBO" : "log p(x | code)");
}

void draw_dbn(const LabState& lab, const DrawingAnswer& a, AnswerImages& im) {
  if (const Buffer* p = a.buffer("class_probs")) class_bars(*p);
  else ImGui::TextDisabled("The classifier comes with fine-tuning, after pre-training.");
  const ModelView& v = lab.view("dbn");
  if (a.buffer("point_autoencoder")) {
    ImGui::TextDisabled("on the deep autoencoder's 2-D map of the test digits");
    point_on_map("dbn_point", v.buffer("map_autoencoder"), v.buffer("map_labels"), a.buffer("point_autoencoder"),
                 nullptr, false);
  }
  if (a.buffer("top_reconstruction"))
    digits_picture("from the top layer, passed down", im.reconstruction, "dbn_recon", answer_side());
}

// One line for a model that cannot answer yet: its name, why, and the two ways on.
void offer_to_train(const KindInfo& k, const char* why) {
  ImGui::PushID(k.name.c_str());
  ImGui::AlignTextToFramePadding();
  ImGui::Text("%s", k.title.c_str());
  ImGui::SameLine();
  ImGui::TextDisabled("%s", why);
  same_line_if_fits(small_buttons_width({"Start from trained", "Train from scratch"}));
  if (ImGui::SmallButton("Start from trained")) load_default(k.name);
  help("Load the lab's trained model of this kind (a few MB, once): it answers at once.");
  ImGui::SameLine();
  if (ImGui::SmallButton("Train from scratch")) {
    use_model(k.name);
    train();
  }
  help("Open this model's tab and train it from random weights; it answers as it learns.");
  ImGui::PopID();
}

void draw_answer(const LabState& lab, const KindInfo& k, const DrawingAnswer& a) {
  AnswerImages& im = images_of(k.name);
  if (im.version != lab.drawing_version) {
    im.version = lab.drawing_version;
    const char* recon = k.name == "dbn" ? "top_reconstruction" : "reconstruction";
    im.reconstruction.update(a.buffer(recon), lab.drawing_version, 28, 28, GridLook{});
    im.dream.update(a.buffer("dream"), lab.drawing_version, 28, 28, GridLook{Colormap::Grey, Scaling::Unit, 16});
  }
  if (k.name == "rbm") draw_rbm(a, im);
  else if (k.name == "vae") draw_vae(lab, a, im);
  else if (k.name == "dbn") draw_dbn(lab, a, im);
  else digits_picture("reconstruction", im.reconstruction, "recon", answer_side());
  if (a.meta.value("loaded", false)) ImGui::TextDisabled("(the trained default, or a model file you opened)");
}

// The answer of a model that has one (trained or loaded), else null.
const DrawingAnswer* answer_of(const LabState& lab, const KindInfo& k) {
  const auto it = lab.drawing.find(k.name);
  if (it == lab.drawing.end() || !it->second.meta.value("trained", false)) return nullptr;
  return &it->second;
}

}  // namespace

// The models that answer come first, each under its own header; those that cannot
// yet follow, one line each, so that a student sees answers without scrolling.
void draw_drawing_answers(const std::vector<float>& digit) {
  const LabState& lab = lab_state();
  if (digit.empty()) {
    ImGui::TextDisabled("Draw a digit above: each model shows what it makes of it.");
    return;
  }
  std::vector<const KindInfo*> waiting;
  for (const KindInfo& k : lab.kinds) {
    if (k.name == "grbm2d") continue;  // the plane's GRBM takes no digits
    const DrawingAnswer* a = answer_of(lab, k);
    if (!a) {
      waiting.push_back(&k);
      continue;
    }
    if (!ImGui::CollapsingHeader(k.title.c_str(), ImGuiTreeNodeFlags_DefaultOpen)) continue;
    ImGui::PushID(k.name.c_str());
    draw_answer(lab, k, *a);
    ImGui::PopID();
  }
  if (waiting.empty()) return;
  ImGui::Spacing();
  ImGui::TextDisabled(waiting.size() + 1 == lab.kinds.size() ? "No model can answer yet:" : "Not answering yet:");
  for (const KindInfo* k : waiting)
    offer_to_train(*k, lab.drawing.count(k->name) ? "(not trained yet)" : "(not opened yet)");
}

}  // namespace latent::ui
