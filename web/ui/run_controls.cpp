// run_controls (see run_controls.hpp).
#include "run_controls.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include <imgui.h>

#include "line_plot.hpp"
#include "page_glue.hpp"
#include "widgets.hpp"

namespace latent::ui {

namespace {

ImVec4 state_color(const std::string& state) {
  if (state == "training") return ImVec4(0.35f, 0.85f, 0.45f, 1);
  if (state == "paused") return ImVec4(0.95f, 0.75f, 0.30f, 1);
  if (state == "error") return kErrorColor;
  return ImVec4(0.65f, 0.70f, 0.75f, 1);
}

}  // namespace

void RunControls::draw_status(const ModelView& m, const char* unit) const {
  const ImVec4 color = state_color(m.state);
  ImGui::TextColored(color, "\xE2\x80\xA2");  // a bullet
  ImGui::SameLine();
  ImGui::TextColored(color, "%s", m.state.c_str());
  ImGui::SameLine();
  char updates[32];
  format_count(updates, sizeof updates, m.updates);
  ImGui::TextDisabled("  %s updates", updates);
  if (m.state == "training" && m.updates_per_second > 0) {
    ImGui::SameLine();
    ImGui::TextDisabled(" %.0f / s", m.updates_per_second);
  }
  run_progress(m, -FLT_MIN, false);
  char tip[128];
  std::snprintf(tip, sizeof tip, "Epochs done (passes through the %s) and how far the current one has got.", unit);
  help(tip);
}

void measuring_line(const LabState& lab) {
  if (ImGui::SmallButton("Stop##measuring")) pause();
  mark_item("stop_measuring");
  help("Stop the measurement (and training, if it runs). Nothing is lost: measure again when you like.");
  ImGui::SameLine();
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("%s", lab.busy.c_str());
  ImGui::PopStyleColor();
}

void train_pause_button(const ModelView& m, float width) {
  const bool training = m.state == "training";
  if (ImGui::Button(training ? "Pause" : "Train", ImVec2(width, 0))) train_or_pause(m);
  help(training ? "Stop after the current chunk of updates." : "Train continuously; the pictures and curves update live.");
}

void run_progress(const ModelView& m, float width, bool with_state) {
  char overlay[96];
  std::snprintf(overlay, sizeof overlay, "%s%s%sepoch %d  (%.0f%%)", with_state ? m.state.c_str() : "",
                with_state ? "  " : "", m.loaded ? "trained model loaded; since: " : "", m.epoch,
                m.epoch_fraction * 100.0);
  ImGui::ProgressBar(float(std::clamp(m.epoch_fraction, 0.0, 1.0)), ImVec2(width, 0), overlay);
}

void RunControls::draw_buttons(const ModelView& m) {
  const float w = ImGui::GetFontSize() * 5.0f;
  train_pause_button(m, w);
  ImGui::SameLine();
  if (ImGui::Button("Step", ImVec2(w * 0.8f, 0))) step(step_count);
  help("Do this many minibatch updates, then pause.");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4.0f);
  ImGui::InputInt("##steps", &step_count, 0, 0);
  step_count = std::clamp(step_count, 1, 100000);
  help("Updates per Step (1 to 100,000).");
  ImGui::SameLine();
  if (ImGui::Button("Reset", ImVec2(w * 0.8f, 0))) reset();
  help("A new model with these settings: random weights, curves cleared.");
}

void RunControls::draw_model_files(const std::string& kind, bool has_default) const {
  // Each button on the line before when it fits there, else on the next.
  bool first = true;
  auto button = [&](const char* label) {
    if (!first) same_line_if_fits(small_buttons_width({label}));
    first = false;
    return ImGui::SmallButton(label);
  };
  if (has_default) {
    if (button("Start from trained")) load_default(kind);
    help("Replace this model with the lab's trained one of this kind (downloaded once, a few MB): its "
         "settings, weights and pictures at once. Reset trains from scratch again.");
  }
  if (button("Save model")) save_model(kind);
  help("Download this model (settings and weights) as a .lmf file, to open again later or elsewhere.");
  if (button("Open model file...")) choose_model_file();
  help("Open a .lmf file saved by the lab: its model replaces the one of its kind, and a damaged or "
       "foreign file is refused without losing anything.");
}

void RunControls::draw_error(const LabState& lab) {
  if (lab.last_error.empty() || lab.error_version == dismissed_error) return;
  const AlertBox box;
  ImGui::TextColored(ImVec4(1.0f, 0.82f, 0.78f, 1.0f), "%s", lab.last_error.c_str());
  if (ImGui::SmallButton("Dismiss")) dismissed_error = lab.error_version;
}

void RunControls::draw_exact(const LabState& lab, const ModelView& m, int hidden, int max_hidden,
                             const char* sum_over) const {
  const bool small = hidden <= max_hidden;  // the worker refuses exact_ll above it
  ImGui::BeginDisabled(!small);
  if (ImGui::Button("Exact log-likelihood")) request_exact_ll();
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
    if (small) {
      ImGui::SetTooltip("log p(v) exactly, by summing over all 2^%d %s, on the held-out digits the curves are "
                        "measured on.", hidden, sum_over);
    } else {
      ImGui::SetTooltip("Only for models with at most %d hidden units: it sums over all 2^hidden %s.", max_hidden,
                        sum_over);
    }
  }
  ImGui::SameLine();
  if (!lab.busy.empty() && lab.busy_task != "ais_log_likelihood") {
    measuring_line(lab);  // the exact sum's progress
  } else if (m.has_metric("exact_log_likelihood")) {
    ImGui::Text("%.2f nats", m.metric("exact_log_likelihood"));
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip("Mean log p(v) of held-out digits (higher is better); training digits: %.2f.",
                        m.metric("exact_log_likelihood_train", NAN));
    }
  } else {
    if (small) ImGui::TextDisabled("not computed yet");
    else ImGui::TextDisabled("needs <= %d hidden units", max_hidden);
  }
}

void model_heading(const char* title, const std::string& description) {
  ImGui::TextColored(kTitleColor, "%s", title);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextDisabled("%s", description.c_str());
  ImGui::PopTextWrapPos();
  ImGui::Spacing();
}

namespace {

// The narrow page's line above the folded controls: Train/Pause and the progress.
void draw_run_bar(const ModelView& m) {
  train_pause_button(m, ImGui::GetFontSize() * 5.0f);
  mark_item("run bar");
  ImGui::SameLine();
  run_progress(m, -FLT_MIN, true);
}

}  // namespace

void panel_columns(const ModelView& m, const std::function<void()>& controls, const std::function<void()>& views) {
  // The page's clear colour is the panels' background (no extra full-screen layers:
  // software WebGL is fill-rate bound).
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoBackground;
  if (narrow_page()) {
    if (ImGui::BeginChild("page", ImVec2(0, 0), false, flags)) {
      draw_run_bar(m);
      const bool open = ImGui::CollapsingHeader("Controls and settings");
      mark_item("Controls and settings");
      if (open) {
        controls();
        ImGui::Separator();
      }
      views();
      touch_scroll();
    }
    ImGui::EndChild();
    return;
  }
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float left_w = std::clamp(avail.x * 0.28f, ImGui::GetFontSize() * 21.0f, ImGui::GetFontSize() * 30.0f);
  if (ImGui::BeginChild("controls", ImVec2(left_w, 0), true, flags)) {
    controls();
    touch_scroll();
  }
  ImGui::EndChild();
  ImGui::SameLine();
  if (ImGui::BeginChild("views", ImVec2(0, 0), true, flags)) {
    views();
    touch_scroll();
  }
  ImGui::EndChild();
}

}  // namespace latent::ui
