// The model-file container (engine/model_file): float32 round trips exactly,
// float16 within half an ulp (IEEE binary16, against exhaustive enumeration of
// the halves), and every damaged file is refused saying which: not a model file,
// another version, cut short (at every length), a changed byte (anywhere), NaN.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "model_file.hpp"
#include "rng.hpp"

using namespace latent;

namespace {

ModelFile sample_model() {
  ModelFile m;
  m.kind = "rbm";
  m.config = R"({"hidden":3,"learning_rate":0.05})";
  Rng rng(7);
  ModelSection w{"W", 5, 3, {}, ValueEncoding::Float32};
  for (int i = 0; i < 15; ++i) w.values.push_back(rng.normal() * 0.3f);
  ModelSection b{"visible_bias", 5, 1, {-1.5f, 0.0f, 2.25f, 1e-6f, -3e-5f}, ValueEncoding::Float16};
  ModelSection empty{"unused", 0, 0, {}, ValueEncoding::Float32};
  m.sections = {w, b, empty};
  return m;
}

// Replaces the last 8 bytes by the checksum of the rest (FNV-1a, little-endian).
void seal(std::vector<uint8_t>& b) {
  b.resize(b.size() - 8);
  const uint64_t sum = std::stoull(fingerprint(b.data(), b.size()), nullptr, 16);
  for (int k = 0; k < 8; ++k) b.push_back(uint8_t(sum >> (8 * k)));
}

}  // namespace

TEST_CASE("model file: float16 conversion is IEEE binary16, rounded to nearest even") {
  // Every finite half reads back through float unchanged, and is the half nearest its value.
  for (uint32_t h = 0; h < 0x10000u; ++h) {
    if (((h >> 10) & 0x1fu) == 0x1fu) continue;  // infinities and NaNs
    const float x = half_to_float(uint16_t(h));
    REQUIRE(std::isfinite(x));
    REQUIRE(float_to_half(x) == (h == 0x8000u ? 0x8000u : h));
  }
  CHECK(half_to_float(float_to_half(65504.0f)) == 65504.0f);
  CHECK(std::isinf(half_to_float(float_to_half(65520.0f))));
  // Near 1 a half's ulp is 2^-10: halfway cases go to the even neighbour.
  CHECK(half_to_float(float_to_half(1.0f + 1.0f / 2048.0f)) == 1.0f);                   // a tie: to even (down)
  CHECK(half_to_float(float_to_half(1.0f + 3.0f / 2048.0f)) == 1.0f + 2.0f / 1024.0f);  // a tie: to even (up)
  CHECK(half_to_float(float_to_half(1.0f + 3.0f / 4096.0f)) == 1.0f + 1.0f / 1024.0f);  // not a tie: nearest
  CHECK(half_to_float(float_to_half(std::ldexp(1.0f, -25))) == 0.0f);                    // half the smallest: to even
  CHECK(half_to_float(float_to_half(std::ldexp(3.0f, -25))) == std::ldexp(1.0f, -23));   // 1.5 x smallest: to 2
  Rng rng(3);
  for (int i = 0; i < 10000; ++i) {  // within half an ulp of the half's exponent
    const float x = rng.normal() * 10.0f;
    const float back = half_to_float(float_to_half(x));
    CHECK(std::fabs(back - x) <= std::ldexp(std::fabs(x), -11) + std::ldexp(1.0f, -25));
  }
}

TEST_CASE("model file: a model round-trips, float32 exactly and float16 as its conversion") {
  const ModelFile m = sample_model();
  std::vector<uint8_t> bytes;
  REQUIRE(write_model_file(m, bytes).ok);
  ModelFile back;
  const Status s = read_model_file(bytes.data(), bytes.size(), back);
  REQUIRE_MESSAGE(s.ok, s.message);
  CHECK(back.kind == "rbm");
  CHECK(back.config == m.config);
  REQUIRE(back.sections.size() == 3);
  REQUIRE(back.section("W") != nullptr);
  CHECK(back.section("W")->values == m.sections[0].values);
  const ModelSection& b = *back.section("visible_bias");
  CHECK(b.encoding == ValueEncoding::Float16);
  CHECK(b.rows == 5);
  for (size_t k = 0; k < 5; ++k) CHECK(b.values[k] == half_to_float(float_to_half(m.sections[1].values[k])));
  CHECK(back.section("unused")->values.empty());
  CHECK(back.section("missing") == nullptr);
  // Half the bytes for half the precision: 10 values in float16 instead of 20 bytes more.
  ModelFile all32 = m;
  all32.sections[1].encoding = ValueEncoding::Float32;
  std::vector<uint8_t> bigger;
  REQUIRE(write_model_file(all32, bigger).ok);
  CHECK(bigger.size() == bytes.size() + 10);
}

TEST_CASE("model file: int8 keeps each value within half its column's step, in a quarter of the bytes") {
  ModelFile m;
  m.kind = "rbm";
  std::vector<float> w(40 * 3);
  for (size_t k = 0; k < w.size(); ++k) w[k] = float(std::sin(0.37 * double(k))) * (k < 40 ? 0.01f : 3.0f);
  std::fill(w.begin() + 80, w.end(), 0.0f);  // a column of zeros: scale 0
  w[5] = -0.01f;                             // the first column's extreme, exactly representable
  add_section(m, "W", 40, 3, w.data(), ValueEncoding::Int8);
  std::vector<uint8_t> bytes;
  REQUIRE(write_model_file(m, bytes).ok);
  ModelFile back;
  REQUIRE(read_model_file(bytes.data(), bytes.size(), back).ok);
  const ModelSection& s = *back.section("W");
  CHECK(s.encoding == ValueEncoding::Int8);
  for (int j = 0; j < 3; ++j) {
    float top = 0;
    for (int i = 0; i < 40; ++i) top = std::max(top, std::fabs(w[size_t(j * 40 + i)]));
    for (int i = 0; i < 40; ++i) {
      const size_t k = size_t(j * 40 + i);
      CHECK(std::fabs(s.values[k] - w[k]) <= top / 127.0f * 0.5f + 1e-7f);
    }
  }
  CHECK(s.values[5] == doctest::Approx(-0.01f).epsilon(1e-6));
  for (size_t k = 80; k < 120; ++k) CHECK(s.values[k] == 0.0f);
  // 120 values: 3 scales of 4 bytes and 120 bytes, against 480 bytes in float32.
  ModelFile wide = m;
  wide.sections[0].encoding = ValueEncoding::Float32;
  std::vector<uint8_t> bigger;
  REQUIRE(write_model_file(wide, bigger).ok);
  CHECK(bigger.size() - bytes.size() == 480 - 132);
}

TEST_CASE("model file: what cannot be written is refused") {
  std::vector<uint8_t> bytes = {1, 2, 3};
  ModelFile m = sample_model();
  m.sections[0].rows = 4;  // 15 values for 4 x 3
  CHECK_FALSE(write_model_file(m, bytes).ok);
  m = sample_model();
  m.sections[0].values[2] = std::nanf("");
  CHECK(write_model_file(m, bytes).message.find("NaN") != std::string::npos);
  m = sample_model();
  m.sections[1].values[0] = 1e6f;  // beyond float16
  CHECK(write_model_file(m, bytes).message.find("float16") != std::string::npos);
  CHECK(bytes == std::vector<uint8_t>{1, 2, 3});  // nothing written
}

TEST_CASE("model file: damaged files are refused, saying which") {
  std::vector<uint8_t> good;
  REQUIRE(write_model_file(sample_model(), good).ok);
  ModelFile out;
  out.kind = "kept";
  auto refusal = [&](const std::vector<uint8_t>& b) {
    const Status s = read_model_file(b.data(), b.size(), out);
    CHECK_FALSE(s.ok);
    CHECK(out.kind == "kept");  // the model in hand is not touched
    return s.message;
  };
  CHECK(refusal({}).find("not a Latent Lab model file") != std::string::npos);
  std::vector<uint8_t> other = good;
  other[0] = 'X';
  CHECK(refusal(other).find("not a Latent Lab model file") != std::string::npos);
  other = good;
  other[8] = 2;  // version 2
  CHECK(refusal(other) == "This model file is in version 2 of the format; this lab reads version 1.");
  // Cut short at every length: refused as cut short (before the magic is whole: as no
  // model file at all).
  for (size_t n = 0; n < good.size(); ++n) {
    CAPTURE(n);
    const std::string m = refusal(std::vector<uint8_t>(good.begin(), good.begin() + long(n)));
    CHECK(m.find(n < 8 ? "not a Latent Lab model file" : "cut short") != std::string::npos);
  }
  // Any one byte changed after the magic and version: refused.
  for (size_t i = 12; i < good.size(); ++i) {
    CAPTURE(i);
    std::vector<uint8_t> bad = good;
    bad[i] ^= 0x5A;
    refusal(bad);
  }
  std::vector<uint8_t> longer = good;
  longer.push_back(0);
  CHECK(refusal(longer).find("damaged") != std::string::npos);
  // Found by fuzz_model_file: a section of 3,520,135,168 x 0 values (no values, so within
  // the limit on their count) was read with -774,832,128 rows and could not be written back.
  std::vector<uint8_t> huge = good;
  const auto name = std::search(huge.begin(), huge.end(), std::begin("unused"), std::end("unused") - 1);
  REQUIRE(name != huge.end());
  const size_t rows_at = size_t(name - huge.begin()) + 6;
  REQUIRE(huge[rows_at] == 0);
  const uint8_t rows[4] = {0x00, 0x00, 0xd1, 0xd1};
  std::copy(rows, rows + 4, huge.begin() + long(rows_at));
  seal(huge);
  CHECK(refusal(huge) == "The model file is damaged: section unused claims 3520135168 x 0 values.");
}
