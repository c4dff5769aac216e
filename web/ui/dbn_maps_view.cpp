// dbn_maps_view (see dbn_maps_view.hpp).
#include "dbn_maps_view.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

#include <imgui.h>

#include "digit_scatter.hpp"
#include "line_plot.hpp"
#include "picture_row.hpp"
#include "widgets.hpp"

namespace latent::ui {

namespace {

struct MapKind {
  const char* key;      // "autoencoder", "pca", "tsne" (buffers map_<key>, unseen_<key>)
  const char* title;
  bool places_unseen;   // and decodes points
};
constexpr MapKind kMaps[3] = {{"autoencoder", "Deep autoencoder (its 2-unit code)", true},
                              {"pca", "PCA (2 principal components)", true},
                              {"tsne", "t-SNE (perplexity 30)", false}};

double agreement(const ModelView& m, const char* key) {
  const Json& maps = m.snapshot["maps"];
  return maps.contains("agreement") ? maps["agreement"].value(key, 0.0) : 0.0;
}

bool has_maps(const ModelView& m) {
  return m.snapshot.is_object() && m.snapshot.contains("maps") && m.snapshot["maps"].contains("agreement");
}

// Rings with their labels where the map puts the unseen digits.
void draw_unseen(const ScatterView& view, ImDrawList* dl, const Buffer* at, const Buffer* labels) {
  if (!at || at->rows != 2) return;
  for (int j = 0; j < at->cols; ++j) {
    const ImVec2 s = view.to_screen(at->column(j)[0], at->column(j)[1]);
    dl->AddCircleFilled(s, 7.0f, IM_COL32(10, 12, 14, 200), 16);
    dl->AddCircle(s, 7.0f, IM_COL32(255, 255, 255, 240), 16, 2.0f);
    char text[4];
    std::snprintf(text, sizeof text, "%d", label_at(labels, j));
    dl->AddText(ImVec2(s.x - 3.5f, s.y - 7.0f), label_color(label_at(labels, j)), text);
  }
}

}  // namespace

void DbnMapsView::draw(const LabState& lab, const ModelView& m) {
  if (!has_maps(m)) {
    ImGui::TextDisabled("The maps come after fine-tuning (or start them with \"maps: start now\" once pre-training "
                        "is over). They show the first 1,000 test digits, coloured by label.");
    if (m.snapshot.is_object() && m.snapshot.contains("maps") && m.snapshot["maps"].contains("error"))
      ImGui::TextColored(ImVec4(1.0f, 0.7f, 0.6f, 1), "%s", m.snapshot["maps"]["error"].get<std::string>().c_str());
    return;
  }
  const Json& meta = m.snapshot["maps"];
  const int v = m.snapshot_version, r = lab.image_rows, c = lab.image_cols;
  digits.update(m.buffer("map_pixels"), v, r, c, {Colormap::Grey, Scaling::Unit, 0});
  unseen.update(m.buffer("unseen_pixels"), v, r, c, {Colormap::Grey, Scaling::Unit, 8});
  decoded.update(m.buffer("decoded"), v, r, c, {Colormap::Grey, Scaling::Unit, 1});
  const Buffer* labels = m.buffer("map_labels");
  const Buffer* unseen_labels = m.buffer("unseen_labels");
  const int tsne_at = meta.value("tsne_iteration", 0), tsne_of = meta.value("tsne_iterations", 1000);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextDisabled("%d test digits, coloured by label (the labels only colour the dots: no method saw them). "
                      "Hover a dot to see its digit; click the autoencoder's or PCA's map to decode that point.",
                      meta.value("digits", 0));
  ImGui::PopTextWrapPos();
  label_legend(lab_state());
  ImGui::TextDisabled("rings: %d unseen digits (held out of every fit)", meta.value("unseen", 0));

  const int columns = plots_per_row(3);
  const float side = std::clamp(ImGui::GetContentRegionAvail().x / float(columns) - 12.0f, 120.0f, 420.0f);
  if (!ImGui::BeginTable("maps", columns, ImGuiTableFlags_SizingStretchSame)) return;
  for (int i = 0; i < 3; ++i) {
    const MapKind& kind = kMaps[i];
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(kind.title);
    rect[i][0] = ImGui::GetCursorScreenPos().x;
    rect[i][1] = ImGui::GetCursorScreenPos().y;
    rect[i][2] = side;
    ScatterLook look;
    look.labels = labels;
    const Buffer* unseen_at = m.buffer(std::string("unseen_") + kind.key);
    const Json& dec = m.snapshot.contains("decoded") ? m.snapshot["decoded"] : Json();
    look.over = [&](const ScatterView& view, ImDrawList* dl) {
      draw_unseen(view, dl, unseen_at, unseen_labels);
      if (dec.is_object() && dec.value("map", "") == kind.key && dec.contains("point") &&
          dec["point"].size() == 2)
        dl->AddCircle(view.to_screen(dec["point"][0].get<float>(), dec["point"][1].get<float>()), 9.0f,
                      IM_COL32(255, 80, 80, 255), 16, 2.5f);
    };
    const std::string id = std::string("map_") + kind.key;
    const ScatterHit hit = draw_digit_scatter(id.c_str(), m.buffer(id), side, look);
    if (hit.mouse_in && hit.hovered >= 0 && hit.hovered < digits.count()) {
      ImGui::BeginTooltip();
      ImGui::Text("test digit #%d, a %d", hit.hovered, label_at(labels, hit.hovered));
      digits.draw_tile(hit.hovered, 84.0f);
      if (kind.places_unseen) ImGui::TextDisabled("click to decode this point");
      ImGui::EndTooltip();
    } else if (hit.mouse_in && kind.places_unseen) {
      ImGui::SetTooltip("(%.2f, %.2f): click to decode", hit.point.x, hit.point.y);
    }
    if (hit.clicked && kind.places_unseen) decode_point(hit.point.x, hit.point.y, kind.key);
    ImGui::TextDisabled("10-NN label agreement %.2f", agreement(m, kind.key));
    if (!kind.places_unseen) {
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextColored(ImVec4(1.0f, 0.75f, 0.67f, 1), "Cannot place the unseen digits: it has positions, no function.");
      ImGui::PopTextWrapPos();
    }
    if (!kind.places_unseen && tsne_at < tsne_of) ImGui::TextDisabled("iteration %d of %d", tsne_at, tsne_of);
    if (kind.places_unseen && std::string(kind.key) == "autoencoder" && meta.value("projected", false))
      ImGui::TextDisabled("(codes wider than 2: their 2 principal axes)");
  }
  ImGui::EndTable();

  std::vector<Picture> row;
  row.push_back(grid_picture("Unseen digits", "Placed by the autoencoder and PCA (rings); t-SNE would need a refit.",
                             unseen, "unseen", "unseen digit"));
  std::string decoded_title = "Decoded point";
  if (!decoded.empty()) {
    const Json& dec = m.snapshot["decoded"];
    decoded_title = std::string("Decoded by ") + (dec.value("map", "") == "pca" ? "PCA" : "the autoencoder");
    row.push_back(grid_picture(decoded_title.c_str(), "The red ring on its map.", decoded, "decoded", "decoded"));
  }
  picture_row(row, 120.0f);
}

void draw_dbn_comparison(const ModelView& m) {
  const bool maps = has_maps(m);
  char ae[48] = "-", pca[48] = "-", tsne[48] = "-", ae_rec[64] = "", pca_rec[64] = "";
  if (maps) {
    std::snprintf(ae, sizeof ae, "%.2f", agreement(m, "autoencoder"));
    std::snprintf(pca, sizeof pca, "%.2f", agreement(m, "pca"));
    std::snprintf(tsne, sizeof tsne, "%.2f", agreement(m, "tsne"));
    if (m.has_metric("map_recon_autoencoder") && m.has_metric("map_recon_pca")) {
      std::snprintf(ae_rec, sizeof ae_rec, " (error %.1f per digit)", m.metric("map_recon_autoencoder"));
      std::snprintf(pca_rec, sizeof pca_rec, " (error %.1f per digit)", m.metric("map_recon_pca"));
    }
  }
  const int layers = m.snapshot.is_object() && m.snapshot.contains("stack") ? int(m.snapshot["stack"]["sizes"].size()) - 1 : 0;
  const std::string hierarchy = "yes: " + std::to_string(layers) + " layers of features (the filters above)";
  const std::string ae_gen = std::string("yes: ancestral samples above; click its map to decode") + ae_rec;
  const std::string pca_gen = std::string("crudely: x = m + U z from a click") + pca_rec;
  const std::string ae_nb = std::string(ae) + " of 10 nearest neighbours share the label";
  const std::string pca_nb = std::string(pca) + " (a linear projection mixes classes)";
  const std::string tsne_nb = std::string(tsne) + " (what it is built to keep)";
  struct Row {
    const char* method;
    std::string cells[6];
  };
  const Row rows[3] = {
      {"DBN (deep autoencoder)",
       {"yes: labels only colour the dots", "yes: the rings", ae_nb, hierarchy,
        "yes: the top RBM and the directed layers define p(v)", ae_gen}},
      {"PCA", {"yes", "yes: z = U^T (x - m)", pca_nb, "no: one linear map", "only a Gaussian (probabilistic PCA)", pca_gen}},
      {"t-SNE",
       {"yes", "no: positions only; a refit moves every point", tsne_nb, "no", "no", "no: no way back to pixels"}}};
  const char* heads[7] = {"", "Unsupervised", "Unseen data", "Neighbourhood", "Hierarchy", "Distribution", "Data generation"};
  if (!ImGui::BeginTable("comparison", 7, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp))
    return;
  for (const char* h : heads) ImGui::TableSetupColumn(h);
  ImGui::TableHeadersRow();
  for (const Row& row : rows) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(row.method);
    for (const std::string& cell : row.cells) {
      ImGui::TableNextColumn();
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextUnformatted(cell.c_str());
      ImGui::PopTextWrapPos();
    }
  }
  ImGui::EndTable();
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextDisabled(maps ? "Neighbourhood: the share of each digit's 10 nearest neighbours on the map with its label. "
                             "Errors: squared, per digit, of the first 500 digits rebuilt from their 2 numbers."
                           : "The measured cells fill in once the maps exist.");
  ImGui::PopTextWrapPos();
}

}  // namespace latent::ui
