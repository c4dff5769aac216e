// The teacher's link (web/ui/link_state.hpp) with the 2-D lab's own points: they
// come back rounded to 0.01, at most kMaxLinkPoints of them; a damaged point list
// is refused on its field "xy" and the link is not applied; an old link without
// points still reads as it did.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "link_state.hpp"
#include "model_registry.hpp"
#include "protocol.hpp"

using namespace latent;
using protocol::Json;

namespace {

ui::LabState ready_lab() {
  ui::LabState lab;
  Json ready = protocol::make_event("ready");
  ready["kinds"] = web::model_kinds_json();
  REQUIRE(ui::apply_event(lab, protocol::dump(ready)));
  return lab;
}

}  // namespace

TEST_CASE("link: the 2-D lab's points round-trip to within 0.005, compactly") {
  const ui::LabState lab = ready_lab();
  std::vector<float> xy = {0.0f, 0.0f, 1.234f, -5.678f, -100.0f, 100.0f, 3.14159f, -0.004f};
  for (int i = 0; i < 200; ++i) xy.push_back(float(i) * 0.37f - 37.0f);  // 100 more points
  const std::string hash = ui::link_to_hash({"grbm2d", {{"hidden", 3}}, xy});
  CAPTURE(hash);
  ui::Link link;
  REQUIRE(ui::link_from_hash(hash, lab, link).empty());
  CHECK(link.kind == "grbm2d");
  CHECK(link.fields == Json{{"hidden", 3}});
  REQUIRE(link.points.size() == xy.size());
  for (size_t i = 0; i < xy.size(); ++i) CHECK(std::abs(link.points[i] - xy[i]) <= 0.005f + 1e-6f);
  CHECK(link.points[4] == -100.0f);
  CHECK(link.points[5] == 100.0f);
  // 4 bytes a point in base64url: 16/3 characters a point, rounded up.
  const size_t xy_chars = hash.size() - hash.find("&xy=") - 4;
  CHECK(xy_chars == (xy.size() / 2 * 16 + 2) / 3);
}

TEST_CASE("link: a damaged or too long point list is refused on its field; no points: as before") {
  const ui::LabState lab = ready_lab();
  const std::string good = ui::link_to_hash({"grbm2d", Json::object(), {1.0f, 2.0f, -3.0f, 4.5f}});
  const std::string cut = good.substr(0, good.size() - 2);  // a link cut short
  for (const std::string& bad : {cut, good + "!", std::string("model=grbm2d&xy="), std::string("model=grbm2d&xy=A")}) {
    CAPTURE(bad);
    ui::Link link;
    link.kind = "unchanged";
    const auto errors = ui::link_from_hash(bad, lab, link);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].field == "xy");
    CHECK(link.kind == "unchanged");
  }
  std::vector<float> many(size_t(2 * (ui::kMaxLinkPoints + 1)), 1.5f);
  ui::Link link;
  auto errors = ui::link_from_hash(ui::link_to_hash({"grbm2d", Json::object(), many}), lab, link);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message == "the link has 1001 points; a link holds at most 1000");
  many.resize(size_t(2 * ui::kMaxLinkPoints));
  REQUIRE(ui::link_from_hash(ui::link_to_hash({"grbm2d", Json::object(), many}), lab, link).empty());
  CHECK(link.points == many);
  // An old link (before points) reads as it did: no points.
  REQUIRE(ui::link_from_hash("model=grbm2d&dataset=ring&hidden=3", lab, link).empty());
  CHECK(link.points.empty());
  CHECK(link.fields == Json{{"dataset", "ring"}, {"hidden", 3}});
}

TEST_CASE("link: embed options round-trip; an unknown view, control or flag, or a picture of another model, is refused") {
  const ui::LabState lab = ready_lab();
  ui::Link link{"grbm2d", {{"hidden", 3}}, {}, {"plane", {"step", "reset"}, true, false}};
  const std::string hash = ui::link_to_hash(link);
  CHECK(hash == "model=grbm2d&hidden=3&embed=plane&hide=step%2Creset&train=1");
  ui::Link back;
  REQUIRE(ui::link_from_hash(hash, lab, back).empty());
  CHECK(back.embed.view == "plane");
  CHECK(back.embed.hide == std::vector<std::string>{"step", "reset"});
  CHECK(back.embed.hides("reset"));
  CHECK(!back.embed.hides("train"));
  CHECK(back.embed.train);
  CHECK(!back.embed.trained);
  CHECK(back.fields == Json{{"hidden", 3}});
  REQUIRE(ui::link_from_hash("model=dbn&embed=samples&trained=1&hide=", lab, back).empty());
  CHECK(back.embed.trained);
  CHECK(back.embed.hide.empty());
  REQUIRE(ui::link_from_hash("model=vae&embed=panel", lab, back).empty());
  CHECK(back.embed.view == "panel");

  const std::vector<std::pair<std::string, std::string>> bad = {
      {"model=vae&embed=latnet", "unknown view \"latnet\" (panel, pictures, plane, latent, samples)"},
      {"model=vae&embed=latent&hide=train,everything", "unknown control \"everything\" (train, step, reset, progress)"},
      {"model=vae&embed=latent&train=yes", "train must be 1 or 0 (got \"yes\")"},
      {"model=rbm&embed=plane", "the view \"plane\" shows model=grbm2d, not rbm"},
      {"embed=samples", "the view \"samples\" shows model=dbn, not rbm"},
  };
  for (const auto& b : bad) {
    CAPTURE(b.first);
    ui::Link out;
    out.kind = "unchanged";
    const auto errors = ui::link_from_hash(b.first, lab, out);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].message == b.second);
    CHECK(out.kind == "unchanged");
  }
}

TEST_CASE("link: the image set (images=fashion) round-trips and is seen even in a malformed link") {
  const ui::LabState lab = ready_lab();
  ui::Link link{"rbm", {{"hidden", 30}}, {}, {}, true};
  const std::string hash = ui::link_to_hash(link);
  CHECK(hash == "model=rbm&hidden=30&images=fashion");
  ui::Link back;
  REQUIRE(ui::link_from_hash(hash, lab, back).empty());
  CHECK(back.fashion);
  CHECK(ui::hash_asks_fashion(hash));
  CHECK(ui::hash_asks_fashion("images=fashion&hidden=oops&nonsense"));
  CHECK(!ui::hash_asks_fashion("model=rbm&images=fashionable"));
  const auto errors = ui::link_from_hash("images=digits", lab, back);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message == "images must be mnist or fashion");
  // The ready event names the set; labels are named after it.
  CHECK(std::string(ui::class_name(lab, 7)) == "7");
  ui::LabState fashion;
  Json ready = protocol::make_event("ready");
  ready["kinds"] = web::model_kinds_json();
  ready["images"] = "fashion";
  REQUIRE(ui::apply_event(fashion, protocol::dump(ready)));
  CHECK(std::string(ui::class_name(fashion, 7)) == "sneaker");
  CHECK(std::string(ui::class_name(fashion, 10)) == "?");
}
