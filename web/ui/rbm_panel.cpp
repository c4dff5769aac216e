// rbm_panel: layout of the binary RBM's page (see rbm_panel.hpp).
#include "rbm_panel.hpp"

#include <cstdio>

#include <imgui.h>

#include "config_form.hpp"
#include "rbm_config.hpp"
#include "rbm_exact.hpp"
#include "run_controls.hpp"
#include "widgets.hpp"

namespace latent::ui {

namespace {

struct Panel {
  ConfigForm<RbmConfig> form{9.5f};
  RbmPictures pictures;
  RunControls run;
  int ais_schedule = 1;  // kAisBetas' entry
};

// The AIS schedules offered: quick, standard, the paper's (Salakhutdinov and Murray 2008).
constexpr int kAisBetas[] = {1000, 5000, 14500};

// "Measure log-likelihood (AIS)": its schedule, its progress, the estimate with its
// range, and beside it, for a model small enough, the exact figure that checks it.
void draw_ais(const LabState& lab, const ModelView& m, Panel& p) {
  const bool running = !lab.busy.empty() && lab.busy_task == "ais_log_likelihood";
  ImGui::BeginDisabled(!lab.busy.empty());
  if (ImGui::Button("Measure log-likelihood (AIS)")) request_ais(kAisBetas[p.ais_schedule]);
  mark_item("ais");
  ImGui::EndDisabled();
  help("Annealed importance sampling: 100 runs anneal from a model of independent pixels to this RBM through "
       "the chosen number of temperatures; their importance weights estimate log Z, and with it the mean "
       "log p(v) of all 10,000 test digits. More temperatures: slower, and a narrower range. Training waits "
       "meanwhile.");
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6.5f);
  ImGui::Combo("temperatures##ais", &p.ais_schedule, "1,000\0" "5,000\0" "14,500\0");
  help("14,500 is the schedule of Salakhutdinov and Murray (2008), whose published figures it reproduces.");
  if (running) {
    measuring_line(lab);
    return;
  }
  if (!m.has_metric("ais_log_likelihood")) return;
  const double ll = m.metric("ais_log_likelihood");
  if (m.has_metric("ais_log_likelihood_low") && m.has_metric("ais_log_likelihood_high")) {
    ImGui::TextWrapped("%.2f nats per test digit (%.2f to %.2f)", ll, m.metric("ais_log_likelihood_low"),
                       m.metric("ais_log_likelihood_high"));
  } else {
    ImGui::TextWrapped("%.2f nats per test digit (no range: the runs disagree too much; use more temperatures)", ll);
  }
  const Series* s = m.series("ais_log_likelihood");
  char about[200];
  std::snprintf(about, sizeof about,
                "Measured after %.0f updates. log Z = %.2f by AIS; the range comes from log Z +- 3 standard errors "
                "of the runs' weights.", s ? double(s->x.back()) : 0.0, m.metric("ais_log_partition"));
  help(about);
  if (m.has_metric("ais_exact_log_likelihood")) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("check: exactly %.2f (log Z %.3f exact, %.3f by AIS)", m.metric("ais_exact_log_likelihood"),
                       m.metric("ais_exact_log_partition"), m.metric("ais_log_partition"));
    ImGui::PopStyleColor();
    help("Small enough to sum over every hidden state: the exact figure on the same digits checks the estimate.");
  }
}

Panel& panel() {
  static Panel p;
  return p;
}

void draw_controls(const LabState& lab, const ModelView& m, Panel& p) {
  RbmConfig config;
  read_config(m, config);
  char about[96];
  std::snprintf(about, sizeof about, "%d binary visible units (%d x %d pixels), %d binary hidden units",
                lab.image_rows * lab.image_cols, lab.image_rows, lab.image_cols, config.hidden);
  model_heading("Restricted Boltzmann machine", about);
  p.run.draw_status(m, "training digits");
  p.run.draw_buttons(m);
  p.run.draw_model_files("rbm", true);
  p.run.draw_exact(lab, m, config.hidden, kMaxExactHidden, "hidden states");
  draw_ais(lab, m, p);
  p.run.draw_error(lab);
  p.form.draw(lab, m);
}

}  // namespace

void draw_rbm_pictures(const LabState& lab) { panel().pictures.draw_main(lab, lab.view("rbm"), true); }

void draw_rbm_panel(const LabState& lab) {
  Panel& p = panel();
  const ModelView& m = lab.view("rbm");
  panel_columns(m, [&] { draw_controls(lab, m, p); },
                [&] {
                  section("Pictures (live)");
                  p.pictures.draw_main(lab, m, true);
                  section("Curves");
                  draw_image_model_curves(m, true);
                  section("Inside one update: the two terms of the CD gradient");
                  p.pictures.draw_gradient(lab, m);
                  section("Hidden units for one digit");
                  p.pictures.draw_probe(lab, m);
                });
}

}  // namespace latent::ui
