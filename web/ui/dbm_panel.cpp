// dbm_panel (see dbm_panel.hpp).
#include "dbm_panel.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <imgui.h>

#include "config_form.hpp"
#include "dbm_config.hpp"
#include "image_grid.hpp"
#include "line_plot.hpp"
#include "picture_row.hpp"
#include "run_controls.hpp"
#include "widgets.hpp"

namespace latent::ui {

namespace {

constexpr int kAisBetas[] = {1000, 5000, 14500};  // the schedules offered (14,500: Salakhutdinov and Murray's)

struct Panel {
  ConfigForm<DbmConfig> form;
  RunControls run;
  ImageGrid filters, samples, dbn_samples, rounds, units, answers;
  int digit = 0;         // the test digit whose mean field is shown
  bool drawing = false;  // the student's drawing's instead
  int ais_schedule = 0;  // kAisBetas' entry
  Series change;         // the shown digit's mean field: x = round, y = log10 of its largest change
};

Panel& panel() {
  static Panel p;
  return p;
}

std::string stage_of(const ModelView& m) {
  return m.snapshot.is_object() ? m.snapshot.value("stage", std::string("pretrain_bottom")) : "pretrain_bottom";
}

// The three stages in order, the current one lit.
void draw_stages(const ModelView& m) {
  static const char* const keys[3] = {"pretrain_bottom", "pretrain_top", "joint"};
  static const char* const names[3] = {"1. Pre-train h1 as an RBM, its input from v doubled",
                                       "2. Pre-train h2 as an RBM on h1, its input from h2 doubled",
                                       "3. Join them: mean field for the data, persistent chains for the model"};
  const std::string now = stage_of(m);
  const int current = now == "done" ? 3 : int(std::find(keys, keys + 3, now) - keys);
  for (int i = 0; i < 3; ++i) {
    const ImVec4 color = i == current ? ImVec4(0.35f, 0.85f, 0.45f, 1) : i < current ? ImVec4(0.6f, 0.64f, 0.7f, 1)
                                                                                   : ImVec4(0.45f, 0.48f, 0.53f, 1);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(color, "%s%s", names[i], i == current ? "  (now)" : i < current ? "  (done)" : "");
    ImGui::PopTextWrapPos();
  }
  help("The doubling stands in for the layer a unit will also hear once the two are joined: in the DBM h1 listens "
       "to v and to h2, so during its pre-training the input from v counts twice (and the input from h2 for the "
       "top layer). Then c1 is the mean of the two biases h1 had.");
  if (current == 3) ImGui::TextColored(ImVec4(0.35f, 0.85f, 0.45f, 1), "The run is done (raise Epochs to go on).");
}

// "Measure the bound (AIS)": its schedule, its progress, the figure with its range and,
// for a small h1, the exact log Z that checks it.
void draw_bound(const LabState& lab, const ModelView& m, Panel& p) {
  const bool joined = stage_of(m) == "joint" || stage_of(m) == "done";
  ImGui::BeginDisabled(!lab.busy.empty() || !joined);
  if (ImGui::Button("Measure the bound (AIS)")) request_ais(kAisBetas[p.ais_schedule]);
  mark_item("dbm_ais");
  ImGui::EndDisabled();
  help("log p(v) >= -F(q) - log Z for each test digit, with q its mean field. log Z comes from annealed importance "
       "sampling over h1 (v and h2 summed out): 100 runs from independent units to this DBM. Offered once the "
       "layers are joined; training waits meanwhile.");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6.5f);
  ImGui::Combo("temperatures##dbm_ais", &p.ais_schedule, "1,000\0" "5,000\0" "14,500\0");
  if (!lab.busy.empty() && lab.busy_task == "ais_bound") {
    measuring_line(lab);
    return;
  }
  if (!m.has_metric("ais_bound")) return;
  char line[160];
  if (m.has_metric("ais_bound_low") && m.has_metric("ais_bound_high"))
    std::snprintf(line, sizeof line, "Bound: %.2f nats per test digit (%.2f to %.2f)", m.metric("ais_bound"),
                  m.metric("ais_bound_low"), m.metric("ais_bound_high"));
  else
    std::snprintf(line, sizeof line, "Bound: %.2f nats per test digit (no range: use more temperatures)",
                  m.metric("ais_bound"));
  ImGui::TextWrapped("%s", line);
  std::snprintf(line, sizeof line, "log Z = %.2f by AIS, on all test digits. Published for 784-500-1000 after long "
                "training: -84.62.", m.metric("ais_log_partition"));
  help(line);
  if (m.has_metric("ais_exact_log_partition"))
    wrapped_colored(ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled),
                    "check: log Z exactly " + std::to_string(m.metric("ais_exact_log_partition")) + ", bound " +
                        std::to_string(m.metric("ais_exact_bound")));
}

void draw_controls(const LabState& lab, const ModelView& m, Panel& p) {
  model_heading("Deep Boltzmann machine",
                "Layers like a DBN's, but one energy over all of them and every connection undirected: h1 hears the "
                "pixels and h2 at once. Inference is mean field, learning needs persistent chains. A DBN of the same "
                "sizes trains beside it on the same digits.");
  p.run.draw_status(m, "training digits, in the current stage");
  p.run.draw_buttons(m);
  p.run.draw_model_files("dbm", true);
  draw_stages(m);
  draw_bound(lab, m, p);
  p.run.draw_error(lab);
  p.form.draw(lab, m);
}

// Three layers, bottom to top, joined by lines (undirected) or arrows down (directed).
void draw_graph(const char* title, const std::vector<int>& sizes, bool undirected_bottom, float width) {
  ImGui::BeginGroup();
  ImGui::TextColored(kTitleColor, "%s", title);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float bar_h = ImGui::GetTextLineHeight() + 6, gap = ImGui::GetTextLineHeight() * 2.2f;
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const char* names[3] = {"v", "h1", "h2"};
  const ImU32 line = IM_COL32(150, 160, 175, 255);
  for (int level = 2; level >= 0; --level) {
    const float y = p0.y + float(2 - level) * (bar_h + gap);
    dl->AddRectFilled(ImVec2(p0.x, y), ImVec2(p0.x + width, y + bar_h),
                      level == 0 ? IM_COL32(60, 66, 74, 255) : IM_COL32(40, 70, 90, 255), 3.0f);
    char text[48];
    std::snprintf(text, sizeof text, "%s: %d units", names[level], sizes[size_t(level)]);
    dl->AddText(ImVec2(p0.x + 8, y + 3), IM_COL32(235, 238, 242, 255), text);
    if (level == 0) break;
    const float top = y + bar_h, bottom = y + bar_h + gap;
    const bool undirected = level == 2 || undirected_bottom;
    for (int k = 0; k < 5; ++k) {
      const float x = p0.x + width * (0.62f + 0.08f * float(k));
      dl->AddLine(ImVec2(x, top), ImVec2(x, bottom), line, 1.5f);
      if (!undirected) dl->AddTriangleFilled(ImVec2(x - 4, bottom - 7), ImVec2(x + 4, bottom - 7), ImVec2(x, bottom), line);
    }
    const char* label = undirected ? (level == 2 ? "W2, undirected" : "W1, undirected") : "W1, directed (down)";
    dl->AddText(ImVec2(p0.x + 8, top + gap * 0.25f), IM_COL32(200, 206, 214, 255), label);
  }
  ImGui::Dummy(ImVec2(width, 3 * bar_h + 2 * gap + 4));
  ImGui::EndGroup();
}

void draw_graphs(const ModelView& m) {
  std::vector<int> sizes = {784, 0, 0};
  if (m.snapshot.is_object() && m.snapshot.contains("dbm"))
    for (size_t i = 0; i < 3; ++i) sizes[i] = m.snapshot["dbm"]["sizes"][i].get<int>();
  const float width = std::min(ImGui::GetContentRegionAvail().x * 0.46f, ImGui::GetFontSize() * 18.0f);
  draw_graph("DBM", sizes, true, width);
  ImGui::SameLine(0, ImGui::GetFontSize() * 1.5f);
  draw_graph("DBN beside it", sizes, false, width);
  ImGui::TextDisabled("p(h1 | v, h2): in the DBM h1 is inferred from below and above at once; in the DBN the "
                      "pass up ignores h2.");
}

// The pictures of the digit shown: the chosen test digit's (the snapshot's), or the
// student's drawing's (its answer), with their version.
struct Shown {
  const Buffer *probe = nullptr, *mean_field = nullptr, *units = nullptr, *dbn = nullptr;
  const Json* meta = nullptr;  // {rounds, change}
  int version = 0;  // the snapshot's, or (negative) the drawing's
};

Shown shown(const LabState& lab, const ModelView& m, Panel& p) {
  const auto it = lab.drawing.find("dbm");
  const DrawingAnswer* d = it != lab.drawing.end() && it->second.buffer("mean_field") ? &it->second : nullptr;
  if (!d) p.drawing = false;
  Shown s;
  auto from = [&](auto& source, const Json& meta, int version) {
    s.probe = source.buffer("probe");
    s.mean_field = source.buffer("mean_field");
    s.units = source.buffer("mean_field_h1");
    s.dbn = source.buffer("dbn_reconstruction");
    s.meta = meta.is_object() && meta.contains("mean_field") ? &meta["mean_field"] : nullptr;
    s.version = version;
  };
  if (p.drawing) from(*d, d->meta, -1 - lab.drawing_version);  // versions apart from the snapshots'
  else from(m, m.snapshot, m.snapshot_version);
  return s;
}

// The digit shown: its mean field round by round, the largest change of each round.
void draw_mean_field(const LabState& lab, Panel& p, const Shown& s, float max_h) {
  ImGui::BeginDisabled(p.drawing);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
  if (ImGui::InputInt("##test digit", &p.digit)) {
    p.digit = std::clamp(p.digit, 0, std::max(0, lab.test_count - 1));
    probe_digit(p.digit);
  }
  mark_item("dbm_digit");  // the input and its -/+ buttons
  ImGui::SameLine();
  ImGui::TextUnformatted("test digit");
  ImGui::EndDisabled();
  const auto it = lab.drawing.find("dbm");
  if (it != lab.drawing.end() && it->second.buffer("mean_field")) {
    ImGui::SameLine();
    ImGui::Checkbox("your drawing instead", &p.drawing);
    mark_item("dbm_drawing");
    help("The digit drawn on the pad (Draw a digit), through the same mean field.");
  }
  if (!s.mean_field || !s.meta) {
    ImGui::TextDisabled("The mean field appears once the two layers are joined (stage 3).");
    return;
  }
  const int r = lab.image_rows, c = lab.image_cols;
  const int rounds = s.meta->value("rounds", 0);
  p.rounds.update(s.mean_field, s.version, r, c, {Colormap::Grey, Scaling::Unit, rounds + 1});
  picture_row({grid_picture("p(v | mu1) after each round, 0 to the last",
                            "Round 0 is the start: the pass up with the input from v doubled (no h2 yet). Each round "
                            "updates mu1 from v and mu2, then mu2 from mu1.",
                            p.rounds, "mean_field_rounds", "round")},
              max_h * 0.5f);
  const int side = s.units && s.units->rows == 100 ? 10 : 0;
  p.units.update(side ? s.units : nullptr, s.version, side, side, {Colormap::Grey, Scaling::Unit, rounds + 1});
  if (side)
    picture_row({grid_picture("mu1 after each round: the first 100 units of h1",
                              "Each square is one unit's q(h1 = 1), white 1, black 0. Most settle within a few rounds.",
                              p.units, "mean_field_units", "round")},
                max_h * 0.35f);
  p.change.x.clear();
  p.change.y.clear();
  const Json& change = (*s.meta)["change"];
  for (size_t i = 0; i < change.size(); ++i) {
    p.change.x.push_back(float(i + 1));
    p.change.y.push_back(std::log10(std::max(change[i].get<float>(), 1e-9f)));
  }
  line_plot("mf_change", "log10 of the largest change of any mu in each round", {{"log10 change", &p.change, kLineBlue}},
            ImVec2(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 9),
            "The fixed point is reached when a round changes nothing.", "%.2g", "rounds");
}

// The digit, the DBM's reconstruction at its mean field, the DBN's pass up and down.
void draw_answers(const LabState& lab, Panel& p, const Shown& s, float max_h) {
  if (!s.probe || !s.dbn) return;
  const Buffer* mf = s.mean_field;
  Buffer three;
  three.rows = s.probe->rows;
  three.cols = 3;
  three.data = s.probe->data;
  if (mf) three.data.insert(three.data.end(), mf->data.end() - mf->rows, mf->data.end());
  else three.data.insert(three.data.end(), size_t(s.probe->rows), 0.0f);
  three.data.insert(three.data.end(), s.dbn->data.begin(), s.dbn->data.end());
  three.serial = s.probe->serial * 31 + (mf ? mf->serial : 0) * 7 + s.dbn->serial;
  p.answers.update(&three, s.version, lab.image_rows, lab.image_cols, {Colormap::Grey, Scaling::Unit, 3});
  picture_row({grid_picture("The digit, the DBM's, the DBN's",
                            "The digit (a test digit binarised, or your drawing), p(v | mu1) at the DBM's mean field, "
                            "and the DBN's pass up to h2 and down again.",
                            p.answers, "dbm_answers", "picture")},
              max_h * 0.5f);
}

void draw_samples(const LabState& lab, const ModelView& m, Panel& p, float max_h) {
  const int v = m.snapshot_version, r = lab.image_rows, c = lab.image_cols;
  p.samples.update(m.buffer("samples"), v, r, c, {Colormap::Grey, Scaling::Unit, 4});
  p.dbn_samples.update(m.buffer("dbn_samples"), v, r, c, {Colormap::Grey, Scaling::Unit, 4});
  picture_row({grid_picture("DBM: its persistent chains",
                            "p(v | h1) of 16 of the chains that estimate the model's statistics; they keep moving "
                            "with every update (appear in stage 3).",
                            p.samples, "dbm_samples", "chain"),
               grid_picture("DBN: ancestral samples",
                            "From the codes of random training digits, 10 Gibbs sweeps in the top RBM, one pass down.",
                            p.dbn_samples, "dbn_samples", "sample")},
              max_h);
}

void draw_views(const LabState& lab, const ModelView& m, Panel& p) {
  const float max_h = std::clamp(ImGui::GetWindowHeight() * 0.3f, 120.0f, 300.0f);
  section("The two graphs");
  draw_graphs(m);
  section("Mean field for a digit: q(h1, h2 | v), round by round");
  const Shown s = shown(lab, m, p);
  draw_mean_field(lab, p, s, max_h);
  draw_answers(lab, p, s, max_h);
  section("Samples: the DBM's chains and the DBN's ancestral passes");
  draw_samples(lab, m, p, max_h);
  section("Curves");
  const float height = std::clamp(ImGui::GetWindowHeight() * 0.26f, 150.0f, 220.0f);
  if (ImGui::BeginTable("dbm_curves", plots_per_row(3), ImGuiTableFlags_SizingStretchSame)) {
    ImGui::TableNextColumn();
    line_plot("dbm_recon", "Reconstruction error, test digits",
              {{"DBM (mean field)", m.series("test_recon_dbm"), kLineBlue},
               {"DBN (up, down)", m.series("test_recon_dbn"), kLineOrange}},
              ImVec2(ImGui::GetContentRegionAvail().x, height),
              "Squared error per digit of p(v | mu1) at the DBM's mean field, and of the DBN's pass up to the "
              "highest layer it has begun and down, on the first 500 test digits. The DBN's line jumps when its "
              "second layer joins the pass; the DBM's begins once its layers are joined.");
    ImGui::TableNextColumn();
    line_plot("dbm_free", "-F(q): the bound plus log Z",
              {{"test digits", m.series("test_neg_free_energy"), kLineGreen}},
              ImVec2(ImGui::GetContentRegionAvail().x, height),
              "E_q[-E(v, h)] + H(q) per test digit: the bound before log Z is subtracted, at every evaluation.");
    ImGui::TableNextColumn();
    line_plot("dbm_bound", "The bound by AIS (each measurement)",
              {{"bound", m.series("ais_bound"), kLinePink}, {"with log Z exact", m.series("ais_exact_bound"), kLineGreen}},
              ImVec2(ImGui::GetContentRegionAvail().x, height),
              "Each time \"Measure the bound (AIS)\" was pressed: the mean bound on log p(v) of all test digits.");
    ImGui::EndTable();
  }
  section("The DBM's first-layer filters (W1)");
  p.filters.update(m.buffer("filters"), m.snapshot_version, lab.image_rows, lab.image_cols,
                   {Colormap::Grey, Scaling::PerTileSymmetric, 8});
  picture_row({grid_picture("W1: 64 units of h1", "Mid-grey is 0.", p.filters, "dbm_filters", "unit")}, max_h);
}

}  // namespace

void draw_dbm_samples_picture(const LabState& lab) {
  draw_samples(lab, lab.view("dbm"), panel(),
               ImGui::GetContentRegionAvail().y - ImGui::GetTextLineHeightWithSpacing() * 4);
}

void draw_dbm_panel(const LabState& lab) {
  Panel& p = panel();
  const ModelView& m = lab.view("dbm");
  if (m.snapshot.is_object() && m.snapshot.contains("probe")) p.digit = m.snapshot["probe"].value("index", p.digit);
  panel_columns(m, [&] { draw_controls(lab, m, p); }, [&] { draw_views(lab, m, p); });
}

}  // namespace latent::ui
