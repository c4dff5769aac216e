// panels: the whole page, one window filling the viewport. While MNIST loads, a
// progress bar per file (the training images' stays in the top bar while the lab
// already works on the test set); if loading failed, the message, large; then a tab per
// model kind (the worker's active model is the open tab; opening another tab
// switches the worker to it, each model keeping its training), the teacher's
// link for the open model, and the "Draw a digit" and "Exercises" toggles
// (drawing_window.hpp, exercise_panel.hpp: a column at the right, one at a time). A
// link with embed=<view> shows that view alone instead (embed_view.hpp).
#include "panels.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

#include <imgui.h>

#include "bridge.hpp"
#include "drawing_window.hpp"
#include "embed_view.hpp"
#include "exercise_panel.hpp"
#include "link_state.hpp"
#include "model_tabs.hpp"
#include "page_glue.hpp"
#include "share_link.hpp"
#include "widgets.hpp"

namespace latent::ui {
namespace {

// A centred column of the given width (CSS px), starting a third of the way down.
void centre_column(float width, float content_height) {
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  ImGui::SetCursorPos(ImVec2(ImGui::GetCursorPosX() + std::max(0.0f, (avail.x - width) * 0.5f),
                             ImGui::GetCursorPosY() + std::max(0.0f, (avail.y - content_height) * 0.35f)));
}

// "train-images-idx3-ubyte" -> "training images"; other names stay as they are.
const char* file_title(const std::string& file) {
  const bool train = file.rfind("train", 0) == 0, test = file.rfind("t10k", 0) == 0;
  const bool images = file.find("images") != std::string::npos, labels = file.find("labels") != std::string::npos;
  if (train && images) return "training images";
  if (train && labels) return "training labels";
  if (test && images) return "test images";
  if (test && labels) return "test labels";
  return file.c_str();
}

void format_bytes(char* out, size_t capacity, double bytes) {
  if (bytes >= 1024.0 * 1024.0) std::snprintf(out, capacity, "%.1f MB", bytes / (1024.0 * 1024.0));
  else std::snprintf(out, capacity, "%.0f kB", bytes / 1024.0);
}

// One file's download: bytes on the wire of its size, with the title in front when given.
void load_bar(const FileLoad& f, float width, const char* title = nullptr) {
  char overlay[96], loaded[24], total[24];
  format_bytes(loaded, sizeof loaded, f.loaded);
  format_bytes(total, sizeof total, f.total);
  const char* sep = title ? ": " : "";
  if (f.total > 0) std::snprintf(overlay, sizeof overlay, "%s%s%s of %s", title ? title : "", sep, loaded, total);
  else std::snprintf(overlay, sizeof overlay, "%s%s%s", title ? title : "", sep, loaded);
  const float fraction = f.total > 0 ? float(std::clamp(f.loaded / f.total, 0.0, 1.0)) : 0.0f;
  ImGui::ProgressBar(fraction, ImVec2(width, 0), overlay);
}

// Keys, while no text field has the keyboard: Space train/pause, S step, D "Draw a
// digit", E "Exercises", 1..9 the tabs in order.
constexpr const char* kShortcuts = "Keys: Space train / pause,  S step,  D draw a digit,  E exercises,  1-9 the tabs.  "
                                   "Right-click a picture to save it.";

void handle_keys(const LabState& lab, bool* drawing, bool* exercising) {
  const ImGuiIO& io = ImGui::GetIO();
  if (!lab.ready || io.WantTextInput || io.KeyCtrl || io.KeyAlt || io.KeySuper) return;
  const ModelView& m = lab.view(lab.model);
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false)) train_or_pause(m);
  for (const ImWchar c : io.InputQueueCharacters) {
    if (c == 's' || c == 'S') step();
    if (c == 'd' || c == 'D') *drawing = !*drawing;
    if (c == 'e' || c == 'E') *exercising = !*exercising;
    if (c >= '1' && c <= '9') {
      int n = c - '1';
      for (const KindInfo& k : lab.kinds) {
        if (!find_model_tab(k.name)) continue;
        if (n-- == 0 && k.name != lab.model) use_model(k.name);
      }
    }
  }
}

// "Images: MNIST | Fashion-MNIST": another set reloads the page with it in the link.
void draw_images_choice(const ShareLink& link, const LabState& lab) {
  int current = link.fashion() ? 1 : 0, chosen = current;
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9.0f);
  ImGui::Combo("##images", &chosen, "MNIST\0Fashion-MNIST\0");
  mark_item("images");
  help("The images every model trains on: handwritten digits (MNIST) or pictures of clothes (Fashion-MNIST: "
       "T-shirt, trouser, pullover, dress, coat, sandal, shirt, sneaker, bag, ankle boot). Changing it reloads "
       "the page with the open model's settings; the trained defaults are MNIST models.");
  if (chosen == current) return;
  Link next = link.current_link(lab);
  next.fashion = chosen == 1;
  reload_at(link_to_hash(next));
}

void draw_loading(const LabState& lab) {
  const float width = std::min(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 34.0f);
  centre_column(width, ImGui::GetFrameHeightWithSpacing() * float(lab.loads.size() + 3));
  ImGui::BeginGroup();
  ImGui::PushItemWidth(width);
  ImGui::TextUnformatted(hash_asks_fashion(page_hash()) ? "Loading Fashion-MNIST: 60,000 training and 10,000 test images (about 30 MB)"
                                        : "Loading MNIST: 60,000 training and 10,000 test digits (about 11 MB)");
  ImGui::Spacing();
  if (lab.loads.empty()) ImGui::TextDisabled("starting the engine...");
  const float label_w = ImGui::GetFontSize() * 8.0f;
  for (const auto& f : lab.loads) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(file_title(f.file));
    ImGui::SameLine(label_w);
    load_bar(f, width - label_w);
  }
  ImGui::PopItemWidth();
  ImGui::EndGroup();
}

// The datasets' sizes; while the training images arrive, their progress bar.
void draw_counts(const LabState& lab, float width) {
  const FileLoad* arriving = nullptr;
  for (const auto& f : lab.loads)
    if (f.file.rfind("train-images", 0) == 0) arriving = &f;
  if (!lab.train_pending || !arriving) {
    ImGui::TextDisabled("%d training %s  |  %d test", lab.train_count, lab.images == "fashion" ? "images" : "digits",
                        lab.test_count);
    return;
  }
  load_bar(*arriving, width, file_title(arriving->file));
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("The %d test %s are here: open a model, start from a trained one, draw. Training "
                      "starts once the training %s are here.", lab.test_count,
                      lab.images == "fashion" ? "images" : "digits", lab.images == "fashion" ? "images" : "digits");
  }
}

void draw_failure(const LabState& lab) {
  const float width = std::min(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 40.0f);
  centre_column(width, ImGui::GetFontSize() * 8.0f);
  ImGui::BeginGroup();
  ImGui::SetWindowFontScale(1.6f);
  ImGui::TextColored(kErrorColor, "The lab could not start");
  ImGui::SetWindowFontScale(1.25f);
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ImGui::TextUnformatted(lab.last_error.empty() ? "The engine reported an error." : lab.last_error.c_str());
  ImGui::SetWindowFontScale(1.0f);
  ImGui::Spacing();
  if (lab.stopped) {
    if (ImGui::Button("Try again")) restart_engine();
    mark_item("restart");
  }
  ImGui::TextDisabled("If it keeps failing, the data files may be missing from the site (see README.md).");
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
}

// The engine stopped after starting, or the training images did not load: what
// happened, and a restart that brings back the models the page kept (web/lab.js).
void draw_stopped(const LabState& lab) {
  const AlertBox box;
  const bool data = lab.stopped_why == "data";
  ImGui::TextColored(ImVec4(1.0f, 0.82f, 0.78f, 1.0f), "%s %s", data ? "The training digits did not load:" : "The engine stopped:",
                     lab.stopped_message.c_str());
  if (data) {
    ImGui::TextUnformatted("The lab works on the test digits meanwhile; training on MNIST waits for them.");
  } else if (lab.kept.empty()) {
    ImGui::TextUnformatted("No model had been kept yet (the page keeps a copy of each model when its training "
                           "stops, and every minute while it trains). A restart starts afresh.");
  } else {
    std::string list;
    for (const KeptModel& k : lab.kept) {
      const KindInfo* info = lab.kind(k.model);
      char one[160];
      std::snprintf(one, sizeof one, "%s%s after %.0f updates", list.empty() ? "" : "; ",
                    info && !info->title.empty() ? info->title.c_str() : k.model.c_str(), k.updates);
      list += one;
    }
    ImGui::Text("A restart brings back the weights and settings this page kept: %s (the counts and curves "
                "start afresh).", list.c_str());
  }
  if (ImGui::Button(data ? "Try again" : "Restart the engine")) restart_engine();
  mark_item("restart");
}

// The model tabs, in the worker's order, titled as it says (model_tabs.hpp). The open tab follows the worker's active model (a link may
// choose it); a tab the student opens is asked for with "use".
class ModelTabs {
 public:
  void draw(const LabState& lab) {
    if (lab.model == pending_) pending_.clear();
    // Narrow: the tabs keep their whole titles and scroll (arrows, and a list).
    const ImGuiTabBarFlags flags = narrow_page() ? ImGuiTabBarFlags_FittingPolicyScroll | ImGuiTabBarFlags_TabListPopupButton
                                                 : ImGuiTabBarFlags_None;
    if (!ImGui::BeginTabBar("models", flags)) return;
    for (const KindInfo& k : lab.kinds) {
      const ModelTab* tab = find_model_tab(k.name);
      if (!tab) continue;  // a kind this page cannot draw
      const ModelTab& t = *tab;
      const bool follow = lab.model == t.kind && followed_ != lab.model && pending_.empty();
      if (!ImGui::BeginTabItem(k.title.c_str(), nullptr, follow ? ImGuiTabItemFlags_SetSelected : 0)) continue;
      if (follow) followed_ = lab.model;
      if (t.kind != lab.model && t.kind != pending_ && !follow && followed_ == lab.model) {
        use_model(t.kind);
        pending_ = t.kind;
        followed_ = t.kind;
      }
      t.draw(lab);
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }

 private:
  std::string followed_;  // the model the tabs last showed
  std::string pending_;   // asked for, not yet active in the worker
};

}  // namespace
}  // namespace latent::ui

void draw_lab() {
  using namespace latent::ui;
  const LabState& lab = lab_state();
  // The right column: "Draw a digit" or "Exercises" (opening one closes the other).
  static bool drawing = false, exercising = false;
  const bool side = drawing || exercising;
  const float column = drawing_column_width(side);
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(ImVec2(vp->WorkSize.x - column, vp->WorkSize.y));
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                                 ImGuiWindowFlags_NoBackground;  // the clear colour shows: one less full-screen layer
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
  static ShareLink link;
  static ModelTabs tabs;
  if (lab.ready) link.apply_page_hash_once(lab);
  const bool embedded = lab.ready && !link.link().embed.view.empty();
  const bool visible = ImGui::Begin("Latent Lab", nullptr, flags);
  if (visible && embedded) {
    if (lab.stopped) draw_stopped(lab);
    if (draw_embed(lab, link.link())) open_full_lab(link.current_hash(lab));
    link.draw_messages(false);
  } else if (visible && !drawing_covers_page(side)) {  // hidden: not drawn
    const bool was_drawing = drawing, was_exercising = exercising;
    handle_keys(lab, &drawing, &exercising);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Latent Lab");
    help(kShortcuts);
    if (lab.ready) {
      ImGui::SameLine();
      draw_drawing_toggle(&drawing);
      ImGui::SameLine();
      draw_exercises_toggle(&exercising);
      if (!narrow_page()) {
        ImGui::SameLine();
        draw_images_choice(link, lab);
      }
    }
    if (drawing && !was_drawing) exercising = false;  // one right column at a time
    if (exercising && !was_exercising) drawing = false;
    if (lab.ready && narrow_page()) {  // a phone: the two buttons, nothing else
      ImGui::SameLine();
      link.draw_button(lab);
    } else if (lab.ready) {
      const float counts_w = ImGui::CalcTextSize("10000 test digits  |  60000 training digits").x;
      const float link_w = ImGui::CalcTextSize("Copy link").x + ImGui::GetStyle().FramePadding.x * 2 + 24;
      const char* subtitle = lab.images == "fashion" ? "  generative models trained live on Fashion-MNIST, in your browser"
                                                     : "  generative models trained live on MNIST, in your browser";
      const float room = ImGui::GetContentRegionMax().x - ImGui::GetItemRectMax().x + ImGui::GetWindowPos().x;
      if (ImGui::CalcTextSize(subtitle).x + counts_w + link_w < room) {  // only when it fits
        ImGui::SameLine();
        ImGui::TextDisabled("%s", subtitle);
      }
      ImGui::SameLine(std::max(0.0f, ImGui::GetWindowContentRegionMax().x - counts_w - link_w));
      link.draw_button(lab);
      ImGui::SameLine(std::max(0.0f, ImGui::GetWindowContentRegionMax().x - counts_w));
      draw_counts(lab, counts_w);
    }
    if (lab.ready) link.draw_messages();
    ImGui::Spacing();
    if (!lab.ready && (lab.state == "error" || !lab.last_error.empty())) draw_failure(lab);
    else if (!lab.ready) draw_loading(lab);
    else {
      if (lab.stopped) draw_stopped(lab);
      tabs.draw(lab);
    }
  }
  ImGui::End();
  ImGui::PopStyleVar(2);
  draw_drawing_window(&drawing);
  const std::string setup = draw_exercise_window(&exercising, lab, column);
  if (!setup.empty()) link.apply(setup, lab);
}
