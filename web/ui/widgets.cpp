// widgets (see widgets.hpp).
#include "widgets.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

#include <imgui_internal.h>  // the active id, for touch_scroll

#include "page_glue.hpp"

namespace latent::ui {

// Contents on channel 1, the box behind on channel 0, once their height is known.
AlertBox::AlertBox() : start_(ImGui::GetCursorScreenPos()), width_(ImGui::GetContentRegionAvail().x) {
  ImGui::GetWindowDrawList()->ChannelsSplit(2);
  ImGui::GetWindowDrawList()->ChannelsSetCurrent(1);
  ImGui::SetCursorScreenPos(ImVec2(start_.x + 8, start_.y + 6));
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width_ - 16);
}

AlertBox::~AlertBox() {
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
  const float bottom = ImGui::GetItemRectMax().y + 6;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->ChannelsSetCurrent(0);
  dl->AddRectFilled(start_, ImVec2(start_.x + width_, bottom), IM_COL32(80, 28, 24, 255), 4.0f);
  dl->ChannelsMerge();
  ImGui::SetCursorScreenPos(ImVec2(start_.x, bottom));
  ImGui::Dummy(ImVec2(width_, 2));
}

ImU32 heat_color(float p) {
  p = std::clamp(std::isfinite(p) ? p : 0.0f, 0.0f, 1.0f);
  const float stops[3][3] = {{0.10f, 0.12f, 0.16f}, {0.16f, 0.55f, 0.62f}, {1.00f, 0.88f, 0.45f}};
  const int i = p < 0.5f ? 0 : 1;
  const float t = p < 0.5f ? p * 2.0f : (p - 0.5f) * 2.0f;
  const float* a = stops[i];
  const float* b = stops[i + 1];
  return ImGui::GetColorU32(ImVec4(a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t, 1));
}

int prob_squares(const char* id, const float* values, int count, float max_width, float max_height,
                 float max_cell) {
  if (count <= 0) return -1;
  float cell = max_cell;
  int columns = 1, rows = count;
  for (;;) {
    const float gap = cell >= 6 ? 2.0f : 1.0f;
    columns = std::clamp(int((max_width + gap) / (cell + gap)), 1, count);
    rows = (count + columns - 1) / columns;
    if (float(rows) * (cell + gap) <= max_height || cell <= 2) break;
    cell -= 1;
  }
  const float gap = cell >= 6 ? 2.0f : 1.0f, pitch = cell + gap;
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(id, ImVec2(float(columns) * pitch, float(rows) * pitch));
  if (!ImGui::IsItemVisible()) return -1;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (int k = 0; k < count; ++k) {
    const ImVec2 a(p0.x + float(k % columns) * pitch, p0.y + float(k / columns) * pitch);
    dl->AddRectFilled(a, ImVec2(a.x + cell, a.y + cell), heat_color(values[k]));
  }
  if (!ImGui::IsItemHovered()) return -1;
  const ImVec2 m = ImGui::GetIO().MousePos;
  const int c = int((m.x - p0.x) / pitch), r = int((m.y - p0.y) / pitch), k = r * columns + c;
  if (c < 0 || c >= columns || r < 0 || k >= count) return -1;
  const ImVec2 a(p0.x + float(c) * pitch, p0.y + float(r) * pitch);
  dl->AddRect(ImVec2(a.x - 1, a.y - 1), ImVec2(a.x + cell + 1, a.y + cell + 1), IM_COL32(255, 255, 255, 220));
  return k;
}

void help(const char* text) {
  if (text && *text && ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 26.0f);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

void section(const char* title) {
  ImGui::Spacing();
  ImGui::TextColored(kTitleColor, "%s", title);
  ImGui::Separator();
}

void toggle_button(const char* label, bool* open) {
  const bool was_open = *open;
  if (was_open) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
  if (ImGui::Button(label)) *open = !*open;
  if (was_open) ImGui::PopStyleColor();
}

bool begin_side_window(const char* title, bool* open, float column_width) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const bool beside = column_width > 0;
  ImGui::SetNextWindowPos(beside ? ImVec2(vp->WorkPos.x + vp->WorkSize.x - column_width, vp->WorkPos.y) : vp->WorkPos);
  ImGui::SetNextWindowSize(beside ? ImVec2(column_width, vp->WorkSize.y) : vp->WorkSize);
  ImGui::SetNextWindowBgAlpha(1.0f);  // covering the page on a phone: none of it shows through
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                                 ImGuiWindowFlags_NoSavedSettings;
  return ImGui::Begin(title, open, flags);
}

bool narrow_page() { return ImGui::GetMainViewport()->WorkSize.x < ImGui::GetFontSize() * 60.0f; }

void touch_scroll() {
  // A press on a window's empty space makes the window's move id active (even
  // when it cannot move): that press may scroll; one on a control may not.
  const ImGuiContext& g = *GImGui;
  const bool on_void = g.ActiveId == 0 || (g.ActiveIdWindow && g.ActiveId == g.ActiveIdWindow->MoveId);
  if (!pointer_is_touch() || !ImGui::IsMouseDown(ImGuiMouseButton_Left) || !on_void) return;
  if (!ImGui::IsWindowHovered(ImGuiHoveredFlags_ChildWindows | ImGuiHoveredFlags_AllowWhenBlockedByActiveItem)) return;
  const float dy = ImGui::GetIO().MouseDelta.y;
  if (dy != 0) ImGui::SetScrollY(ImGui::GetScrollY() - dy);
}

bool wheel_scrolls() {
  for (const ImGuiWindow* w = GImGui->HoveredWindow; w; w = w->ParentWindow) {
    if (w->ScrollMax.y > 0.0f && !(w->Flags & ImGuiWindowFlags_NoScrollWithMouse)) return true;
    if (!(w->Flags & ImGuiWindowFlags_ChildWindow)) break;
  }
  return false;
}

void same_line_if_fits(float width) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (ImGui::GetItemRectMax().x + style.ItemSpacing.x + width <= right) ImGui::SameLine();
}

float small_buttons_width(std::initializer_list<const char*> labels) {
  const ImGuiStyle& style = ImGui::GetStyle();
  float w = 0;
  for (const char* l : labels) w += ImGui::CalcTextSize(l, nullptr, true).x + 2 * style.FramePadding.x + style.ItemSpacing.x;
  return w - style.ItemSpacing.x;
}

void wrapped_colored(const ImVec4& color, const std::string& text) {
  if (text.empty()) return;
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
}

bool begin_form(const char* id, float label_width) {
  if (!ImGui::BeginTable(id, 2, ImGuiTableFlags_SizingFixedFit)) return false;
  ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed, label_width);
  ImGui::TableSetupColumn("field", ImGuiTableColumnFlags_WidthStretch);
  return true;
}

void end_form() { ImGui::EndTable(); }

void form_row(const char* label, const char* help_text, bool resets) {
  ImGui::TableNextRow();
  ImGui::TableSetColumnIndex(0);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(label);
  help(help_text);
  if (resets) {
    ImGui::SameLine(0, 4);
    ImGui::TextColored(kResetTagColor, "(resets)");
    help("Changing this builds a new model: the weights start again from random.");
  }
  ImGui::TableSetColumnIndex(1);
  ImGui::SetNextItemWidth(-FLT_MIN);
}

void field_error(const std::string& message) { wrapped_colored(kErrorColor, message); }

namespace {
std::map<std::string, std::array<float, 4>>& marks() {
  static std::map<std::string, std::array<float, 4>> m;
  return m;
}
}  // namespace

void mark_item(const char* name) {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  marks()[name] = {a.x, a.y, b.x - a.x, b.y - a.y};
}

const float* marked_item(const std::string& name) {
  const auto it = marks().find(name);
  return it == marks().end() ? nullptr : it->second.data();
}

}  // namespace latent::ui
