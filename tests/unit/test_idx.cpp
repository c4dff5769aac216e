// IDX parsing on good and corrupt bytes, binarisation, and the real MNIST files.
#include <doctest/doctest.h>

#include "batch.hpp"
#include "idx.hpp"
#include "mnist_files.hpp"

using namespace latent;

namespace {

std::vector<uint8_t> idx_images(uint32_t n, uint32_t rows, uint32_t cols) {
  std::vector<uint8_t> b = {0, 0, 8, 3};
  for (uint32_t d : {n, rows, cols})
    for (int k = 3; k >= 0; --k) b.push_back(uint8_t(d >> (8 * k)));
  for (uint32_t i = 0; i < n * rows * cols; ++i) b.push_back(uint8_t(i * 37));
  return b;
}

}  // namespace

TEST_CASE("IDX images: a well-formed file parses with its sizes and pixels") {
  const auto bytes = idx_images(3, 2, 4);
  IdxImages im;
  Status s = parse_idx_images(bytes.data(), bytes.size(), "test images", im);
  REQUIRE(s.ok);
  CHECK(im.count == 3);
  CHECK(im.rows == 2);
  CHECK(im.cols == 4);
  CHECK(im.dim() == 8);
  CHECK(im.image(2)[1] == uint8_t(17 * 37));
}

TEST_CASE("IDX images: corrupt bytes are refused with a message") {
  const auto good = idx_images(3, 2, 4);
  IdxImages im;
  SUBCASE("empty") { CHECK_FALSE(parse_idx_images(nullptr, 0, "x", im).ok); }
  SUBCASE("truncated data") {
    Status s = parse_idx_images(good.data(), good.size() - 1, "training images", im);
    CHECK_FALSE(s.ok);
    CHECK(s.message.find("training images") != std::string::npos);
    CHECK(s.message.find("truncated") != std::string::npos);
  }
  SUBCASE("extra data") {
    auto b = good;
    b.push_back(0);
    CHECK_FALSE(parse_idx_images(b.data(), b.size(), "x", im).ok);
  }
  SUBCASE("wrong magic (gzip)") {
    auto b = good;
    b[0] = 0x1f;
    b[1] = 0x8b;
    CHECK_FALSE(parse_idx_images(b.data(), b.size(), "x", im).ok);
  }
  SUBCASE("wrong type") {
    auto b = good;
    b[2] = 0x0D;
    CHECK_FALSE(parse_idx_images(b.data(), b.size(), "x", im).ok);
  }
  SUBCASE("labels file given as images") {
    auto b = good;
    b[3] = 1;
    CHECK_FALSE(parse_idx_images(b.data(), b.size(), "x", im).ok);
  }
  SUBCASE("header cut short") { CHECK_FALSE(parse_idx_images(good.data(), 10, "x", im).ok); }
  SUBCASE("zero images") {
    auto b = idx_images(3, 2, 4);
    b[4] = b[5] = b[6] = b[7] = 0;
    CHECK_FALSE(parse_idx_images(b.data(), b.size(), "x", im).ok);
  }
  CHECK(im.count == 0);  // nothing half-written
}

TEST_CASE("IDX labels and datasets: counts must agree") {
  std::vector<uint8_t> lab = {0, 0, 8, 1, 0, 0, 0, 2, 7, 3};
  IdxLabels labels;
  REQUIRE(parse_idx_labels(lab.data(), lab.size(), "labels", labels).ok);
  CHECK(labels.labels == std::vector<uint8_t>{7, 3});
  const auto img = idx_images(3, 2, 4);
  IdxImages images;
  REQUIRE(parse_idx_images(img.data(), img.size(), "images", images).ok);
  Dataset d;
  CHECK_FALSE(make_dataset(images, labels, d).ok);
}

TEST_CASE("IDX labels: a class above 9 is refused, naming the item (the classifier has ten outputs)") {
  const std::vector<uint8_t> lab = {0, 0, 8, 1, 0, 0, 0, 3, 7, 9, 10};
  IdxLabels labels;
  const Status s = parse_idx_labels(lab.data(), lab.size(), "training labels", labels);
  CHECK_FALSE(s.ok);
  CHECK(s.message == "The training labels file gives label 10 to item 3; the lab's labels are the classes 0 to 9.");
  CHECK(labels.count == 0);
}

TEST_CASE("Binarisation modes") {
  IdxImages im;
  im.count = 2;
  im.rows = 1;
  im.cols = 4;
  im.pixels = {0, 127, 128, 255, 51, 204, 255, 0};
  const int idx[2] = {0, 1};
  Rng rng(5);
  Matrix v;
  make_batch(im, idx, 2, Binarization::Probabilities, 1, rng, v);
  CHECK(v(1, 0) == doctest::Approx(127.0 / 255));
  CHECK(v(0, 1) == doctest::Approx(0.2));
  make_batch(im, idx, 2, Binarization::Threshold, 1, rng, v);
  CHECK(v.col(0) == Vector((Vector(4) << 0, 0, 1, 1).finished()));
  Matrix a, b;
  make_batch(im, idx, 2, Binarization::FixedStochastic, 9, rng, a);
  make_batch(im, idx, 2, Binarization::FixedStochastic, 9, rng, b);
  CHECK(a == b);  // fixed: the same every time
  CHECK(a(0, 0) == 0.0f);
  CHECK(a(3, 0) == 1.0f);

  // Dynamic: a fresh draw per batch whose mean matches the grey level.
  std::vector<int> many(20000, 1);
  make_batch(im, many.data(), 20000, Binarization::Dynamic, 1, rng, v);
  CHECK(v.row(0).mean() == doctest::Approx(0.2).epsilon(0.05));
  CHECK(v.row(1).mean() == doctest::Approx(0.8).epsilon(0.05));
  CHECK(((v.array() == 0) || (v.array() == 1)).all());
}

TEST_CASE("Real MNIST: 60,000 + 10,000 digits of 28x28, labels 0-9") {
  Dataset train, test;
  Status s = load_mnist(LATENT_MNIST_DIR, "train", train);
  REQUIRE_MESSAGE(s.ok, s.message);
  REQUIRE(load_mnist(LATENT_MNIST_DIR, "t10k", test).ok);
  CHECK(train.count() == 60000);
  CHECK(test.count() == 10000);
  CHECK(train.images.rows == 28);
  CHECK(train.images.cols == 28);
  CHECK(int(train.labels.labels[0]) == 5);  // the famous first training digit
  CHECK(int(test.labels.labels[0]) == 7);
  int counts[10] = {};
  for (uint8_t l : train.labels.labels) counts[l < 10 ? l : 0]++;
  CHECK(counts[1] == 6742);  // the standard class count of ones
}
