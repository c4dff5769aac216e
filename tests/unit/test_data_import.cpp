// The student's own data (engine/data_import.hpp) and the worker's points_file and
// user_file commands: files in the stated formats read exactly; each bad file is
// refused naming the line and the problem, and nothing changes.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "data_import.hpp"
#include "point_sets.hpp"
#include "worker_rig.hpp"

using namespace latent;
using protocol::Json;

TEST_CASE("data import: points CSV, with a header, comments and any separator") {
  Matrix p;
  REQUIRE(read_points_csv("x,y\n# my points\n1.5, -2\n\n3;4\n-0.25\t7e-1\r\n5 6\n", p).ok);
  REQUIRE(p.cols() == 4);
  CHECK(p(0, 0) == 1.5f);
  CHECK(p(1, 0) == -2.0f);
  CHECK(p(0, 2) == -0.25f);
  CHECK(p(1, 2) == doctest::Approx(0.7f));
  CHECK(p(1, 3) == 6.0f);

  const std::vector<std::pair<std::string, std::string>> bad = {
      {"", "The file has no points"},
      {"x,y\n", "The file has no points"},
      {"1,2\n3\n", "line 2: expected two numbers (x, y), found 1."},
      {"1,2\n3,4,5\n", "line 2: expected two numbers (x, y), found 3."},
      {"1,2\n3,abc\n", "line 2: \"abc\" is not a number."},
      {"1,2\n3,nan\n", "line 2: \"nan\" is not a number."},
      {"1,2\n300,1\n", "Point 2 is at (300, 1): coordinates must be within"},
  };
  for (const auto& b : bad) {
    CAPTURE(b.first);
    Matrix q = Matrix::Constant(2, 1, 9.0f);
    const Status s = read_points_csv(b.first, q);
    CHECK(!s.ok);
    CHECK(s.message.rfind(b.second, 0) == 0);
    CHECK(q(0, 0) == 9.0f);  // untouched
  }
  std::string many;
  for (int i = 0; i <= kMaxPoints; ++i) many += "1,1\n";
  CHECK(read_points_csv(many, p).message == "The file has more than 5000 points; at most 5000 are allowed.");
}

TEST_CASE("data import: digit rows, 0..255 or 0..1, named by their source in messages") {
  std::string row_a = "3", row_b = "# from seven.png\n7";
  for (int i = 0; i < 784; ++i) {
    row_a += "," + std::to_string(i % 256);
    row_b += "," + std::to_string(i == 100 ? 255 : 0);
  }
  std::vector<uint8_t> grey, labels;
  REQUIRE(read_digit_rows_csv("label,pixels...\n" + row_a + "\n" + row_b + "\n", 784, 10, grey, labels).ok);
  CHECK(labels == std::vector<uint8_t>{3, 7});
  REQUIRE(grey.size() == 2 * 784);
  CHECK(grey[255] == 255);
  CHECK(grey[784 + 100] == 255);
  // All within 0..1: scaled to 0..255.
  std::string unit = "1";
  for (int i = 0; i < 784; ++i) unit += i == 5 ? ",0.5" : ",0";
  REQUIRE(read_digit_rows_csv(unit, 784, 10, grey, labels).ok);
  CHECK(grey[5] == 128);

  CHECK(read_digit_rows_csv("3,1,2,3\n", 784, 10, grey, labels).message ==
        "line 1: expected a label and 784 pixels, found 4 numbers.");
  std::string bad_label = "# from mine.png\n12";
  for (int i = 0; i < 784; ++i) bad_label += ",0";
  CHECK(read_digit_rows_csv(bad_label, 784, 10, grey, labels).message.rfind("line 2 (mine.png): the label must be a digit", 0) == 0);
  CHECK(read_digit_rows_csv(row_a + "\n" + row_a + "\n", 784, 1, grey, labels).message ==
        "The file has more than 1 images; room is left for 1.");
}

TEST_CASE("worker: points_file and user_file take the student's files, or refuse them and keep everything") {
  test::Rig rig;
  REQUIRE(rig.load());
  REQUIRE(rig.send({{"cmd", "init"}, {"model", "grbm2d"}})["ok"] == true);
  const std::string csv = "x,y\n1,1\n-1,-1\n2,0\n";
  Json r = rig.send({{"cmd", "points_file"}, {"source", "mine.csv"}}, std::vector<uint8_t>(csv.begin(), csv.end()));
  CHECK(r["ok"] == true);
  CHECK(r["points"] == 3);
  CHECK(rig.config()["dataset"] == "custom");
  const std::string bad = "1,1\n2\n";
  r = rig.send({{"cmd", "points_file"}, {"source", "bad.csv"}}, std::vector<uint8_t>(bad.begin(), bad.end()));
  CHECK(r["ok"] == false);
  CHECK(r["message"] == "The points in bad.csv could not be used: line 2: expected two numbers (x, y), found 1. "
                        "Your points are unchanged.");
  CHECK(rig.config()["points"] == 3);

  std::string rows;
  for (int d = 0; d < 3; ++d) {
    rows += std::to_string(d);
    for (int i = 0; i < 784; ++i) rows += i / 28 == 10 + d ? ",250" : ",0";
    rows += "\n";
  }
  r = rig.send({{"cmd", "user_file"}, {"source", "rows.csv"}}, std::vector<uint8_t>(rows.begin(), rows.end()));
  CHECK(r["ok"] == true);
  CHECK(r["added"] == 3);
  CHECK(r["count"] == 3);
  CHECK(rig.ui.user.count == 3);
  CHECK(rig.ui.user.labels == std::vector<int>{0, 1, 2});
  r = rig.send({{"cmd", "user_file"}}, std::vector<uint8_t>(bad.begin(), bad.end()));
  CHECK(r["ok"] == false);
  CHECK(r["count"].is_null());
  CHECK(rig.ui.user.count == 3);
}
