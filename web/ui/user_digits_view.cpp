// user_digits_view (see user_digits_view.hpp): "Add it to your digits as 0 .. 9",
// the set's pictures with their labels, "Test every model", "Train <model> on
// them", "Clear", and a table of each model's figures on the set beside the same
// figures on MNIST's test digits.
#include "user_digits_view.hpp"

#include <string>

#include <imgui.h>

#include "bridge.hpp"
#include "image_grid.hpp"
#include "page_glue.hpp"
#include "widgets.hpp"

namespace latent::ui {
namespace {

// The figures of a user_test result: its name, and what it is.
struct Figure {
  const char* name;
  const char* what;
};
constexpr Figure kFigures[] = {
    {"accuracy", "classifier accuracy"},
    {"elbo", "ELBO (nats)"},
    {"free_energy", "free energy"},
    {"recon_error", "reconstruction error"},
};

void results_table(const LabState& lab) {
  if (!ImGui::BeginTable("user_results", 3, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg)) return;
  ImGui::TableSetupColumn("model / figure");
  ImGui::TableSetupColumn("your digits");
  ImGui::TableSetupColumn("MNIST test");
  ImGui::TableHeadersRow();
  for (const KindInfo& k : lab.kinds) {
    const auto it = lab.user.results.find(k.name);
    if (it == lab.user.results.end() || k.name == "grbm2d") continue;
    if (it->contains("refused")) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(k.title.c_str());
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%s", (*it)["refused"].get<std::string>().c_str());
      continue;
    }
    for (const Figure& f : kFigures) {
      if (!it->contains(f.name)) continue;
      const double mine = (*it)[f.name].get<double>();
      const double mnist = it->value(std::string("mnist_") + f.name, NAN);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("%s: %s", k.title.c_str(), f.what);
      ImGui::TableNextColumn();
      ImGui::Text(f.name == std::string("accuracy") ? "%.0f%%" : "%.1f", f.name == std::string("accuracy") ? 100 * mine : mine);
      ImGui::TableNextColumn();
      ImGui::Text(f.name == std::string("accuracy") ? "%.0f%%" : "%.1f", f.name == std::string("accuracy") ? 100 * mnist : mnist);
    }
  }
  ImGui::EndTable();
}

}  // namespace

void draw_user_digits(const std::vector<float>& digit) {
  const LabState& lab = lab_state();
  section("Your own digits");
  if (!digit.empty()) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Add it as a");
    for (int label = 0; label < 10; ++label) {
      ImGui::SameLine(0, 3);
      if (ImGui::SmallButton(std::to_string(label).c_str())) add_user_digit(digit, label);
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("Add this drawing to your digits, labelled %d", label);
    }
  } else {
    ImGui::TextDisabled("Draw a digit, then add it here with its label.");
  }
  if (ImGui::SmallButton("Add from files (CSV or PNG)...")) choose_data_file("digits");
  mark_item("add digit files");
  help("Your own images, up to 1,000 in all: PNG files, each resized to 28x28 and named with its digit first "
       "(3_mine.png), or CSV files with one image per line: its label 0-9, then 784 grey levels 0-255.");
  if (lab.user.count == 0) return;

  static ImageGrid grid;
  grid.update(&lab.user.digits, lab.user.version, 28, 28, GridLook{Colormap::Grey, Scaling::Unit, 10});
  const GridHit hit = grid.draw("user_digits", crisp_fit(grid.texels(), ImGui::GetContentRegionAvail().x,
                                                         ImGui::GetFontSize() * 8.0f, 2.0f));
  if (hit.hovered >= 0 && size_t(hit.hovered) < lab.user.labels.size())
    ImGui::SetTooltip("your digit %d, labelled %d", hit.hovered + 1, lab.user.labels[size_t(hit.hovered)]);
  ImGui::Text("%d digit%s", lab.user.count, lab.user.count == 1 ? "" : "s");
  ImGui::SameLine();
  if (ImGui::SmallButton("Test every model")) user_command("user_test");
  help("Each model opened, on your digits beside MNIST's first test digits.");
  ImGui::SameLine();
  const KindInfo* active = lab.kind(lab.model);
  const std::string tune = "Train " + (active ? active->title : lab.model) + " on them";
  if (ImGui::SmallButton(tune.c_str())) tune_on_user_digits(200);
  help("200 minibatch updates of the model in the open tab on your digits only (the deep belief "
       "network: its classifier). Watch what it learns, and what it forgets of MNIST.");
  ImGui::SameLine();
  if (ImGui::SmallButton("Clear##user")) {
    user_command("user_clear");
    user_command("user_test");
  }
  if (!lab.user.results.empty()) results_table(lab);
}

}  // namespace latent::ui
