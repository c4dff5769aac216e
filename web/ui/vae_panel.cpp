// vae_panel (see vae_panel.hpp).
#include "vae_panel.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <imgui.h>

#include "image_grid.hpp"
#include "digit_scatter.hpp"
#include "latent_map.hpp"
#include "line_plot.hpp"
#include "picture_row.hpp"
#include "run_controls.hpp"
#include "config_form.hpp"
#include "vae_config.hpp"
#include "widgets.hpp"

namespace latent::ui {

namespace {


struct Panel {
  ConfigForm<VaeConfig> form;
  RunControls run;
  LatentMapLook look;
  ImageGrid data, recon, manifold, prior, interpolation, decoded, probe;
  int from = 0, to = 0;    // the interpolation's test digits, as typed
  int probe_choice = 0;     // the probe digit, as typed
  int seen_version = -1;    // the snapshot the typed fields were last synced to
};

Panel& panel() {
  static Panel p;
  return p;
}

void update_grids(const LabState& lab, const ModelView& m, Panel& p) {
  const int v = m.snapshot_version, r = lab.image_rows, c = lab.image_cols;
  if (v != p.seen_version && m.snapshot.is_object()) {  // the typed digit indices follow the worker's
    p.seen_version = v;
    if (m.snapshot.contains("interpolation")) {
      p.from = m.snapshot["interpolation"].value("from", p.from);
      p.to = m.snapshot["interpolation"].value("to", p.to);
    }
    if (m.snapshot.contains("probe")) p.probe_choice = m.snapshot["probe"].value("index", p.probe_choice);
  }
  const GridLook row5{Colormap::Grey, Scaling::Unit, 5};
  p.data.update(m.buffer("data"), v, r, c, row5);
  p.recon.update(m.buffer("reconstructions"), v, r, c, row5);
  const int grid = m.snapshot.is_object() && m.snapshot.contains("manifold") ? m.snapshot["manifold"].value("grid", 15) : 15;
  p.manifold.update(m.buffer("manifold"), v, r, c, {Colormap::Grey, Scaling::Unit, grid});
  p.prior.update(m.buffer("prior_samples"), v, r, c, {Colormap::Grey, Scaling::Unit, 8});
  p.interpolation.update(m.buffer("interpolation"), v, r, c, {Colormap::Grey, Scaling::Unit, 10});
  p.decoded.update(m.buffer("decoded"), v, r, c, {Colormap::Grey, Scaling::Unit, 1});
  p.probe.update(m.buffer("probe"), v, r, c, {Colormap::Grey, Scaling::Unit, 1});
}

void draw_controls(const LabState& lab, const ModelView& m, Panel& p) {
  VaeConfig config;
  read_config(m, config);
  char about[320];
  if (config.variational) {
    std::snprintf(about, sizeof about,
                  "Encoder q(z|x) = N(mu(x), diag sigma^2(x)), prior p(z) = N(0, I), Bernoulli decoder p(x|z); "
                  "trained on the ELBO with the reparameterisation z = mu + sigma * eps. %d-%d%s-%d. Digits are "
                  "binarised %s; figures are nats per digit.",
                  lab.image_rows * lab.image_cols, config.hidden, config.layers > 1 ? " (x layers)" : "", config.latent,
                  config.binarization == Binarization::Dynamic ? "dynamically (a fresh 0/1 sample each time)"
                                                               : binarization_name(config.binarization));
  } else {
    std::snprintf(about, sizeof about,
                  "A deterministic code z = enc(x) of %d numbers and a decoder trained on the reconstruction "
                  "loss (Bernoulli cross-entropy, nats per digit). No prior: nothing to sample from.",
                  config.latent);
  }
  model_heading(config.variational ? "Variational autoencoder" : "Autoencoder", about);
  p.run.draw_status(m, "training digits");
  p.run.draw_buttons(m);
  p.run.draw_model_files("vae", true);
  ImGui::BeginDisabled(!config.variational);
  if (ImGui::Button("Measure the gap")) request_exact_ll();
  ImGui::EndDisabled();
  help("Importance-weighted log p(x) (k samples from q) for a few test digits, beside their ELBO.");
  ImGui::SameLine();
  if (!lab.busy.empty()) measuring_line(lab);
  else if (m.has_metric("iw_log_likelihood"))
    ImGui::Text("log p(x) %.2f, ELBO %.2f", m.metric("iw_log_likelihood"), m.metric("iw_elbo"));
  else ImGui::TextDisabled(config.variational ? "not measured yet" : "VAE only");
  p.run.draw_error(lab);
  p.form.draw(lab, m);
}

void draw_curves(const ModelView& m) {
  const float height = std::clamp(ImGui::GetWindowHeight() * 0.26f, 150.0f, 220.0f);
  if (!ImGui::BeginTable("curves", plots_per_row(3), ImGuiTableFlags_SizingStretchSame)) return;
  auto cell = [&](const char* id, const char* title, std::vector<PlotLine> lines, const char* tip) {
    ImGui::TableNextColumn();
    line_plot(id, title, lines, ImVec2(ImGui::GetContentRegionAvail().x, height), tip);
  };
  cell("elbo", "ELBO",
       {{"training", m.series("elbo_train"), kLineBlue}, {"test", m.series("elbo_test"), kLineOrange},
        {"batches", m.series("elbo_minibatch"), IM_COL32(120, 130, 140, 255)}},
       "L = E_q[log p(x|z)] - KL(q(z|x) || p(z)) in nats per digit, a lower bound on log p(x) (higher is better). "
       "For the plain autoencoder: minus its reconstruction loss.");
  cell("recon", "E_q[log p(x|z)]",
       {{"training", m.series("recon_train"), kLineBlue}, {"test", m.series("recon_test"), kLineOrange}},
       "The reconstruction term: how well the decoder explains the digit from codes drawn from q(z|x).");
  cell("kl", "KL(q || p(z))", {{"training", m.series("kl_train"), kLineBlue}, {"test", m.series("kl_test"), kLineOrange}},
       "How far the encoder's Gaussian is from the prior: the price of the code, in nats.");
  ImGui::EndTable();
}

void draw_gap(const ModelView& m) {
  const Buffer* iw = m.buffer("iw");
  if (!iw || iw->rows != 3) {
    ImGui::TextDisabled("Press \"Measure the gap\": for a few test digits, log p(x) by importance sampling "
                        "beside the ELBO. log p(x) = ELBO + KL(q(z|x) || p(z|x)): the gap is how far q is from "
                        "the true posterior.");
    return;
  }
  const int k = m.snapshot.is_object() && m.snapshot.contains("iw") ? m.snapshot["iw"].value("samples", 0) : 0;
  if (!ImGui::BeginTable("gap", 5, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg)) return;
  ImGui::TableSetupColumn("test digit");
  ImGui::TableSetupColumn("ELBO");
  char head[48];
  std::snprintf(head, sizeof head, "log p(x), k = %d", k);
  ImGui::TableSetupColumn(head);
  ImGui::TableSetupColumn("gap = KL(q || p(z|x))");
  ImGui::TableSetupColumn("");
  ImGui::TableHeadersRow();
  double sum_gap = 0;
  float top = 0;
  for (int j = 0; j < iw->cols; ++j) top = std::max(top, iw->column(j)[0] - iw->column(j)[1]);
  for (int j = 0; j < iw->cols; ++j) {
    const float* c = iw->column(j);
    const double gap = double(c[0]) - double(c[1]);
    sum_gap += gap;
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::Text("#%d", int(c[2]));
    ImGui::TableNextColumn();
    ImGui::Text("%.2f", c[1]);
    ImGui::TableNextColumn();
    ImGui::Text("%.2f", c[0]);
    ImGui::TableNextColumn();
    ImGui::Text("%.2f nats", gap);
    ImGui::TableNextColumn();
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float w = ImGui::GetFontSize() * 10.0f * float(top > 0 ? std::max(0.0, gap) / top : 0.0);
    ImGui::GetWindowDrawList()->AddRectFilled(at, ImVec2(at.x + w, at.y + ImGui::GetTextLineHeight()), kLineGreen, 2.0f);
    ImGui::Dummy(ImVec2(ImGui::GetFontSize() * 10.0f, ImGui::GetTextLineHeight()));
  }
  ImGui::EndTable();
  ImGui::TextDisabled("Mean gap %.2f nats over %d digits. It never goes below 0 (Jensen); it shrinks as q(z|x) "
                      "gets closer to the true posterior p(z|x).",
                      sum_gap / std::max(1, iw->cols), iw->cols);
}

// max_side: the map's largest side (CSS px).
void draw_latent(const ModelView& m, Panel& p, float max_side) {
  const int latent = m.snapshot.is_object() ? m.snapshot.value("latent", 2) : 2;
  ImGui::Checkbox("ellipses", &p.look.ellipses);
  help("Each digit's q(z|x) as its one-standard-deviation ellipse (first 300 digits).");
  ImGui::SameLine();
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextDisabled(latent == 2 ? "the codes of 1,000 test digits, coloured by label; click anywhere to decode"
                                  : "the codes of 1,000 test digits projected on their 2 principal axes (PCA); click to decode");
  ImGui::PopTextWrapPos();
  // The decoded pictures beside the map, or under it when that would leave the map small.
  const float avail = ImGui::GetContentRegionAvail().x;
  const bool beside = avail * 0.45f >= 300.0f;
  const float side = std::min(beside ? avail * 0.45f : avail, max_side);
  ImVec2 clicked;
  if (draw_latent_map(m, side, p.look, clicked)) decode_point(clicked.x, clicked.y);
  if (beside) ImGui::SameLine();
  ImGui::BeginGroup();
  label_legend(lab_state());
  if (!p.decoded.empty()) {
    ImGui::TextUnformatted("decoded");
    p.decoded.draw("decoded", crisp_fit(p.decoded.texels(), 112.0f, 112.0f));
  }
  if (!p.manifold.empty()) {
    ImGui::TextUnformatted("the decoded manifold, z in [-3, 3]^2");
    p.manifold.draw("manifold", crisp_fit(p.manifold.texels(), ImGui::GetContentRegionAvail().x, beside ? side - 60.0f : side));
  }
  ImGui::EndGroup();
}

void draw_generation(const LabState& lab, const ModelView& m, Panel& p) {
  const float max_h = std::clamp(ImGui::GetWindowHeight() * 0.3f, 120.0f, 260.0f);
  picture_row({grid_picture("Samples from the prior", "z ~ N(0, I), decoded (the decoder's means).", p.prior,
                            "prior", "sample"),
               Picture{"Test digits and reconstructions", "Top: digits; bottom: decoded at the encoder's mean.",
                       ImVec2(std::max(p.data.texels().x, p.recon.texels().x),
                              p.data.texels().y + p.recon.texels().y + 4.0f),
                       [&](float scale) {
                         p.data.draw("data", scale);
                         p.recon.draw("recon", scale);
                       }}},
              max_h);
  picture_row({grid_picture("Interpolation", "The decoder along the straight line between two digits' codes.",
                            p.interpolation, "interpolation", "step")},
              max_h * 0.4f);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4.0f);
  ImGui::InputInt("from", &p.from, 0, 0);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4.0f);
  ImGui::InputInt("to", &p.to, 0, 0);
  p.from = std::clamp(p.from, 0, std::max(0, lab.test_count - 1));
  p.to = std::clamp(p.to, 0, std::max(0, lab.test_count - 1));
  ImGui::SameLine();
  if (ImGui::Button("Interpolate")) interpolate(p.from, p.to);
  help("Test digit indices (0 to 9,999): the interpolation decodes the line between their codes.");
  if (m.snapshot.is_object() && m.snapshot.contains("interpolation")) {
    const Json& i = m.snapshot["interpolation"];
    ImGui::SameLine();
    ImGui::TextDisabled("now: #%d (a %d) to #%d (a %d)", i.value("from", 0), i.value("from_label", 0), i.value("to", 0),
                        i.value("to_label", 0));
  }
}

void draw_side_by_side(const LabState& lab, const ModelView& m, Panel& p) {
  const Buffer* mean = m.buffer("probe_mean");
  const Buffer* sd = m.buffer("probe_sd");
  ImGui::BeginGroup();
  p.probe.draw("probe", crisp_fit(p.probe.texels(), 112.0f, 112.0f));
  const int index = m.snapshot.is_object() && m.snapshot.contains("probe") ? m.snapshot["probe"].value("index", 0) : 0;
  ImGui::Text("test digit #%d", index);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5.0f);
  ImGui::InputInt("##digit", &p.probe_choice, 0, 0);
  p.probe_choice = std::clamp(p.probe_choice, 0, std::max(0, lab.test_count - 1));
  ImGui::SameLine();
  if (ImGui::Button("Show")) probe_digit(p.probe_choice);
  ImGui::EndGroup();
  ImGui::SameLine(0, ImGui::GetFontSize() * 1.5f);
  ImGui::BeginGroup();
  ImGui::TextUnformatted("VAE: q(z|x), a Gaussian per latent (mean, +-1 sd)");
  if (mean && sd && mean->rows == sd->rows && mean->rows > 0) {
    const int L = std::min(mean->rows, 24);
    const float w = ImGui::GetFontSize() * 14.0f, h = ImGui::GetTextLineHeight();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (int j = 0; j < L; ++j) {
      const ImVec2 at = ImGui::GetCursorScreenPos();
      auto x = [&](float z) { return at.x + w * (std::clamp(z, -4.0f, 4.0f) + 4.0f) / 8.0f; };
      const float mu = mean->data[size_t(j)], s = sd->data[size_t(j)];
      dl->AddLine(ImVec2(x(0), at.y), ImVec2(x(0), at.y + h), IM_COL32(255, 255, 255, 50));
      dl->AddRectFilled(ImVec2(x(mu - s), at.y + 3), ImVec2(x(mu + s), at.y + h - 3), IM_COL32(86, 180, 233, 120), 2.0f);
      dl->AddCircleFilled(ImVec2(x(mu), at.y + h * 0.5f), 3.0f, kLineBlue);
      ImGui::Dummy(ImVec2(w, h));
    }
    if (mean->rows > L) ImGui::TextDisabled("(first %d of %d latents)", L, mean->rows);
    ImGui::TextDisabled("real-valued, on [-4, 4]; the prior is N(0, 1)");
  } else {
    ImGui::TextDisabled("a plain autoencoder's code has no spread");
  }
  ImGui::EndGroup();
  ImGui::SameLine(0, ImGui::GetFontSize() * 1.5f);
  ImGui::BeginGroup();
  const Buffer* rbm = m.buffer("rbm_hidden_probs");
  if (rbm && rbm->rows > 0) {
    const double updates = m.snapshot.value("rbm_updates", 0.0);
    ImGui::Text("RBM: p(h_j = 1 | x), %d binary units", rbm->rows);
    prob_squares("rbm", rbm->data.data(), rbm->rows, ImGui::GetContentRegionAvail().x, 200.0f);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("Each unit is on or off; shown are their probabilities (the RBM tab's model, %.0f updates).",
                        updates);
    ImGui::PopTextWrapPos();
  } else {
    ImGui::TextDisabled("Open the RBM tab (and train it) to compare its binary hidden units here.");
  }
  ImGui::EndGroup();
}

}  // namespace

void draw_vae_latent_picture(const LabState& lab) {
  Panel& p = panel();
  const ModelView& m = lab.view("vae");
  update_grids(lab, m, p);
  draw_latent(m, p, std::max(160.0f, ImGui::GetContentRegionAvail().y - ImGui::GetFrameHeightWithSpacing() * 2));
}

void draw_vae_panel(const LabState& lab) {
  Panel& p = panel();
  const ModelView& m = lab.view("vae");
  update_grids(lab, m, p);
  panel_columns(m, [&] { draw_controls(lab, m, p); },
                [&] {
                  section("Curves");
                  draw_curves(m);
                  section("The latent space (live)");
                  draw_latent(m, p, 460.0f);
                  section("Generation");
                  draw_generation(lab, m, p);
                  section("The gap: log p(x) = ELBO + KL(q(z|x) || p(z|x))");
                  draw_gap(m);
                  section("One digit: the VAE's Gaussian latent beside an RBM's binary hidden units");
                  draw_side_by_side(lab, m, p);
                });
}

}  // namespace latent::ui
