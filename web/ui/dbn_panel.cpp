// dbn_panel (see dbn_panel.hpp).
#include "dbn_panel.hpp"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include <imgui.h>

#include "config_form.hpp"
#include "dbn_config.hpp"
#include "dbn_maps_view.hpp"
#include "image_grid.hpp"
#include "line_plot.hpp"
#include "picture_row.hpp"
#include "run_controls.hpp"
#include "widgets.hpp"

namespace latent::ui {

namespace {

constexpr int kMaxLevels = 7;  // pixels + kDbnMaxLayers

struct Panel {
  ConfigForm<DbnConfig> form;
  RunControls run;
  DbnMapsView maps;
  ImageGrid filters[kMaxLevels], samples[kMaxLevels];
  std::string titles[kMaxLevels], sample_titles[kMaxLevels];
};

Panel& panel() {
  static Panel p;
  return p;
}

std::vector<int> stack_sizes(const ModelView& m) {
  std::vector<int> sizes;
  if (m.snapshot.is_object() && m.snapshot.contains("stack") && m.snapshot["stack"]["sizes"].is_array())
    for (const auto& v : m.snapshot["stack"]["sizes"]) sizes.push_back(v.is_number() ? v.get<int>() : 0);
  return sizes;
}

// The stack from the top down: each level a bar whose width grows with its size;
// between two levels the RBM that joins them, with its state.
void draw_stack(const ModelView& m) {
  const std::vector<int> sizes = stack_sizes(m);
  if (sizes.size() < 2) return;
  const int L = int(sizes.size()) - 1;
  const int training = m.snapshot["stack"].value("training", 0);
  const int epochs = m.snapshot["stack"].value("layer_epochs", 0), per = m.snapshot["stack"].value("epochs_per_layer", 1);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float width = std::min(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 34.0f);
  const float bar_h = ImGui::GetTextLineHeight() + 6, gap = ImGui::GetTextLineHeightWithSpacing() + 6;
  const int biggest = *std::max_element(sizes.begin(), sizes.end());
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  float y = p0.y;
  for (int level = L; level >= 0; --level) {
    const float w = width * 0.35f + width * 0.45f * float(sizes[size_t(level)]) / float(std::max(1, biggest));
    const ImVec2 a(p0.x, y), b(p0.x + w, y + bar_h);
    dl->AddRectFilled(a, b, level == 0 ? IM_COL32(60, 66, 74, 255) : IM_COL32(40, 70, 90, 255), 3.0f);
    char text[64];
    if (level == 0) std::snprintf(text, sizeof text, "pixels v: %d", sizes[0]);
    else std::snprintf(text, sizeof text, "h%d: %d units", level, sizes[size_t(level)]);
    dl->AddText(ImVec2(a.x + 8, a.y + 3), IM_COL32(235, 238, 242, 255), text);
    y += bar_h;
    if (level == 0) break;
    // The RBM between level-1 and level: layer index level-1.
    const int layer = level - 1;
    char state[96];
    ImU32 color;
    if (layer < training) { std::snprintf(state, sizeof state, "RBM %d: frozen", level); color = IM_COL32(150, 160, 175, 255); }
    else if (layer == training) {
      std::snprintf(state, sizeof state, "RBM %d: training (epoch %d of %d)", level, std::min(epochs + 1, per), per);
      color = IM_COL32(90, 215, 115, 255);
    } else { std::snprintf(state, sizeof state, "RBM %d: waiting", level); color = IM_COL32(110, 116, 126, 255); }
    const char* link = level == L ? "  undirected (the top RBM)" : "  directed: generates downwards";
    dl->AddLine(ImVec2(p0.x + 20, y), ImVec2(p0.x + 20, y + gap), color, 2.0f);
    dl->AddText(ImVec2(p0.x + 32, y + 3), color, state);
    dl->AddText(ImVec2(p0.x + 32 + ImGui::CalcTextSize(state).x, y + 3), IM_COL32(120, 128, 138, 255), link);
    y += gap;
  }
  ImGui::Dummy(ImVec2(width, y - p0.y + 4));
  if (training >= L) ImGui::TextColored(ImVec4(0.35f, 0.85f, 0.45f, 1), "Pre-training is complete: every layer is frozen.");
}

std::string stage_of(const ModelView& m) {
  return m.snapshot.is_object() ? m.snapshot.value("stage", std::string("pretrain")) : "pretrain";
}

// The three stages in order, the current one lit; the later two can start now.
void draw_stages(const ModelView& m) {
  static const char* const keys[3] = {"pretrain", "finetune", "maps"};
  static const char* const names[3] = {"1. Greedy pre-training, layer by layer", "2. Fine-tuning: pre-trained vs random",
                                       "3. The 2-D maps: autoencoder, PCA, t-SNE"};
  const std::string now = stage_of(m);
  const int current = now == "done" ? 3 : now == "maps" ? 2 : now == "finetune" ? 1 : 0;
  for (int i = 0; i < 3; ++i) {
    const ImVec4 color = i == current ? ImVec4(0.35f, 0.85f, 0.45f, 1) : i < current ? ImVec4(0.6f, 0.64f, 0.7f, 1)
                                                                                   : ImVec4(0.45f, 0.48f, 0.53f, 1);
    if (i > 0) {
      const std::string label = std::string(i <= current ? "restart" : "start now") + "##" + keys[i];
      if (ImGui::SmallButton(label.c_str())) {
        start_stage(keys[i]);
        if (current > 0) train();  // during pre-training the worker refuses, saying what to do
      }
      help(i == 1 ? "Unroll the stack into a classifier and train it beside the same network from random weights."
                  : "Unroll the stack into a deep autoencoder with a 2-unit code, and fit PCA and t-SNE to the same digits.");
      ImGui::SameLine();
    }
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(color, "%s%s", names[i], i == current ? "  (now)" : i < current ? "  (done)" : "");
    ImGui::PopTextWrapPos();
  }
  if (current == 3) ImGui::TextColored(ImVec4(0.35f, 0.85f, 0.45f, 1), "Every stage is done.");
}

void draw_controls(const LabState& lab, const ModelView& m, Panel& p) {
  model_heading("Deep belief network",
                "A stack of RBMs trained greedily: each layer learns, as an RBM, the hidden activities of the "
                "frozen layers below. The top two layers form an undirected RBM; the others generate downwards. "
                "Then the stack is unrolled into a classifier and a deep autoencoder, fine-tuned by backpropagation.");
  const std::string stage = stage_of(m);
  p.run.draw_status(m, stage == "pretrain" ? "training digits, in the training layer"
                       : stage == "finetune" ? "training digits, for each classifier"
                                             : "training digits, for the deep autoencoder");
  p.run.draw_buttons(m);
  p.run.draw_model_files("dbn", true);
  draw_stages(m);
  p.run.draw_error(lab);
  p.form.draw(lab, m);
}

// Test error and loss of the two classifiers, side by side.
void draw_finetuning(const ModelView& m, float height) {
  if (!m.snapshot.is_object() || !m.snapshot.contains("finetune")) {
    ImGui::TextDisabled("Starts when pre-training ends: the stack, unrolled into a 784-...-10 classifier, against the "
                        "same network from random weights, both trained by backpropagation with the same settings.");
    return;
  }
  const Json& ft = m.snapshot["finetune"];
  const int budget = ft.value("budget", 0);
  if (ft.value("loaded", false))
    ImGui::TextWrapped("Loaded from a model file, fine-tuned before it was saved; epochs since: pre-trained %d, "
                       "random %d.", ft["epochs"][0].get<int>(), ft["epochs"][1].get<int>());
  else
    ImGui::Text("Epochs: pre-trained %d, random %d, of %d each.", ft["epochs"][0].get<int>(), ft["epochs"][1].get<int>(),
                budget);
  if (!ft.value("loaded", false) && budget > ft.value("asked", budget))
    ImGui::TextWrapped("(%d asked for: raised to give each network at least %d updates. With fewer, both stay near "
                       "20%% error and which is ahead is chance.)", ft.value("asked", budget),
                       m.config.value("finetune_min_updates", 0));
  if (m.has_metric("test_error_pretrained")) {
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kLineBlue), "Test error: pre-trained %.2f%%",
                       100 * m.metric("test_error_pretrained"));
  }
  if (m.has_metric("test_error_random")) {
    ImGui::SameLine();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kLineOrange), "random %.2f%%", 100 * m.metric("test_error_random"));
  }
  if (ft.value("random_left_out", false))
    ImGui::TextWrapped("The file leaves out the randomly initialised network, so there is no comparison here: "
                       "Train from scratch to watch the two race.");
  if (!ImGui::BeginTable("finetune_curves", plots_per_row(2), ImGuiTableFlags_SizingStretchSame)) return;
  ImGui::TableNextColumn();
  line_plot("test_error", "Test error (fraction misclassified)",
            {{"pre-trained", m.series("test_error_pretrained"), kLineBlue},
             {"random init", m.series("test_error_random"), kLineOrange}},
            ImVec2(ImGui::GetContentRegionAvail().x, height),
            "On the first 500 test digits, at each evaluation.");
  ImGui::TableNextColumn();
  line_plot("finetune_loss", "Loss (nats per digit)",
            {{"pre-trained, training", m.series("loss_pretrained"), kLineBlue},
             {"pre-trained, test", m.series("test_loss_pretrained"), kLineGreen},
             {"random, training", m.series("loss_random"), kLineOrange},
             {"random, test", m.series("test_loss_random"), kLinePink}},
            ImVec2(ImGui::GetContentRegionAvail().x, height),
            "Cross-entropy -log p(label | digit): training minibatches and test digits.");
  ImGui::EndTable();
}

// The ancestral samples (levels 1..L-1 pushed down beside them), at most max_h tall.
void draw_samples(const LabState& lab, const ModelView& m, Panel& p, int L, float max_h) {
  const int v = m.snapshot_version, r = lab.image_rows, c = lab.image_cols;
  std::vector<Picture> samples;
  p.samples[0].update(m.buffer("samples"), v, r, c, {Colormap::Grey, Scaling::Unit, 4});
  p.sample_titles[0] = "The samples (pixels)";
  samples.push_back(grid_picture(p.sample_titles[0].c_str(), "p(v | h1): what the network generates.", p.samples[0],
                                 "samples", "sample"));
  for (int l = 1; l < L; ++l) {
    p.samples[l].update(m.buffer("samples_from_" + std::to_string(l)), v, r, c, {Colormap::Grey, Scaling::Unit, 4});
    p.sample_titles[l] = "Level h" + std::to_string(l) + ", pushed down";
    samples.push_back(grid_picture(p.sample_titles[l].c_str(), "The same pass one level up, passed to the pixels.",
                                   p.samples[l], p.sample_titles[l].c_str(), "sample"));
  }
  picture_row(samples, max_h);
}

void draw_views(const LabState& lab, const ModelView& m, Panel& p) {
  section("The stack");
  draw_stack(m);
  const std::vector<int> sizes = stack_sizes(m);
  const int L = std::min(int(sizes.size()) - 1, kMaxLevels - 1);
  const int v = m.snapshot_version, r = lab.image_rows, c = lab.image_cols;
  const float max_h = std::clamp(ImGui::GetWindowHeight() * 0.3f, 120.0f, 300.0f);

  section("Filters of each layer, in pixel space");
  std::vector<Picture> filters;
  for (int l = 1; l <= L; ++l) {
    p.filters[l].update(m.buffer("filters_" + std::to_string(l)), v, r, c, {Colormap::Grey, Scaling::PerTileSymmetric, 8});
    p.titles[l] = "Layer " + std::to_string(l) + (l > 1 ? " (W_1 ... W_" + std::to_string(l) + ")" : " (W_1)");
    filters.push_back(grid_picture(p.titles[l].c_str(), "The first 64 units; mid-grey is 0.", p.filters[l],
                                   p.titles[l].c_str(), "unit"));
  }
  if (!filters.empty()) picture_row(filters, max_h);

  section("Ancestral samples: Gibbs in the top RBM, then one pass down");
  const bool from_codes = m.config.value("sample_start", std::string("data")) == "data";
  const int sweeps = m.config.value("sample_sweeps", 0);
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  if (from_codes) {
    ImGui::TextWrapped("Each sample: the top-level code of a random training digit, %d Gibbs sweeps in the top RBM, "
                       "one pass down. A briefly trained top RBM mixes slowly: from noise, or after hundreds of "
                       "sweeps, its chains settle in one or two digits (try it under Samples).", sweeps);
  } else {
    ImGui::TextWrapped("Each sample: random top-level units, %d Gibbs sweeps in the top RBM, one pass down. Chains "
                       "that start from noise settle in the top RBM's strongest modes.", sweeps);
  }
  ImGui::PopStyleColor();
  draw_samples(lab, m, p, L, max_h);
  ImGui::TextDisabled("Each pass down is lossy: compare what the higher levels held with the pixels they produce.");

  section("Curves: each layer's reconstruction error");
  const float height = std::clamp(ImGui::GetWindowHeight() * 0.26f, 150.0f, 220.0f);
  if (L > 0 && ImGui::BeginTable("curves", plots_per_row(std::min(L, 3)), ImGuiTableFlags_SizingStretchSame)) {
    const ImU32 colors[2] = {kLineBlue, kLineOrange};
    for (int l = 1; l <= L; ++l) {
      ImGui::TableNextColumn();
      const std::string train = "recon_layer_" + std::to_string(l), test = "test_recon_layer_" + std::to_string(l);
      const std::string title = "Layer " + std::to_string(l);
      line_plot(title.c_str(), title.c_str(),
                {{"training", m.series(train), colors[0]}, {"test digits", m.series(test), colors[1]}},
                ImVec2(ImGui::GetContentRegionAvail().x, height),
                "Squared error of one up-down pass at this layer's level (its input reconstructed from its "
                "hidden units), per example.");
    }
    ImGui::EndTable();
  }

  section("Fine-tuning: pre-trained vs randomly initialised classifier");
  draw_finetuning(m, height);

  section("2-D maps of the test digits: deep autoencoder vs PCA vs t-SNE");
  p.maps.draw(lab, m);

  section("What each method can do (the course's table, from what this page shows)");
  draw_dbn_comparison(m);
}

}  // namespace

float dbn_map_rect(int map, int i) { return map >= 0 && map < 3 && i >= 0 && i < 3 ? panel().maps.rect[map][i] : 0.0f; }

void draw_dbn_samples_picture(const LabState& lab) {
  const ModelView& m = lab.view("dbn");
  draw_samples(lab, m, panel(), 1, ImGui::GetContentRegionAvail().y - ImGui::GetTextLineHeightWithSpacing() * 4);
}

void draw_dbn_panel(const LabState& lab) {
  Panel& p = panel();
  const ModelView& m = lab.view("dbn");
  panel_columns(m, [&] { draw_controls(lab, m, p); }, [&] { draw_views(lab, m, p); });
}

}  // namespace latent::ui

