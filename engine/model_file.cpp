// model_file (see model_file.hpp): the container, float16, and the checks.
#include "model_file.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace latent {
namespace {

constexpr char kMagic[8] = {'L', 'A', 'T', 'E', 'N', 'T', 'M', 'F'};
constexpr size_t kMaxName = 256, kMaxConfig = 1 << 20, kMaxSections = 256;
constexpr uint64_t kMaxValues = uint64_t(1) << 28;  // per section: 1 GB of float32
constexpr float kMaxHalf = 65504.0f;

uint64_t fnv1a(const uint8_t* p, size_t n) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 0x100000001b3ull;
  return h;
}

void put_u32(std::vector<uint8_t>& out, uint32_t x) {
  for (int k = 0; k < 4; ++k) out.push_back(uint8_t(x >> (8 * k)));
}

void put_text(std::vector<uint8_t>& out, const std::string& s) {
  put_u32(out, uint32_t(s.size()));
  out.insert(out.end(), s.begin(), s.end());
}

// Reads forward through the bytes; the first shortfall is remembered with what was
// being read, and every later read gives zeros.
class Cursor {
 public:
  Cursor(const uint8_t* bytes, size_t size) : p_(bytes), size_(size) {}
  bool take(size_t n, const char* what) {
    if (short_ || size_ - at_ < n) {
      if (!short_) { short_ = true; missing_ = what; needed_ = uint64_t(at_) + n; }
      return false;
    }
    at_ += n;
    return true;
  }
  uint32_t u32(const char* what) {
    if (!take(4, what)) return 0;
    const uint8_t* q = p_ + at_ - 4;
    return uint32_t(q[0]) | (uint32_t(q[1]) << 8) | (uint32_t(q[2]) << 16) | (uint32_t(q[3]) << 24);
  }
  std::string text(uint32_t n, const char* what) {
    if (!take(n, what)) return std::string();
    return std::string(reinterpret_cast<const char*>(p_ + at_ - n), n);
  }
  const uint8_t* last(size_t n) const { return p_ + at_ - n; }
  size_t at() const { return at_; }
  bool cut_short() const { return short_; }
  const char* missing() const { return missing_; }
  uint64_t needed() const { return needed_; }

 private:
  const uint8_t* p_;
  size_t size_, at_ = 0;
  bool short_ = false;
  const char* missing_ = "";
  uint64_t needed_ = 0;
};

bool finite(const std::vector<float>& v) {
  for (float x : v)
    if (!std::isfinite(x)) return false;
  return true;
}

// Each column: its scale s (float32), then round(x / s) as int8 (|q| <= 127).
void put_int8_columns(std::vector<uint8_t>& out, const ModelSection& s) {
  for (int j = 0; j < s.cols; ++j) {
    const float* col = s.values.data() + size_t(j) * size_t(s.rows);
    float top = 0;
    for (int i = 0; i < s.rows; ++i) top = std::max(top, std::fabs(col[i]));
    const float scale = top / 127.0f;
    uint32_t bits;
    std::memcpy(&bits, &scale, 4);
    put_u32(out, bits);
    for (int i = 0; i < s.rows; ++i)
      out.push_back(uint8_t(int8_t(scale > 0 ? std::clamp(std::nearbyint(col[i] / scale), -127.0f, 127.0f) : 0.0f)));
  }
}

float f32_at(const uint8_t* q) {
  const uint32_t bits = uint32_t(q[0]) | (uint32_t(q[1]) << 8) | (uint32_t(q[2]) << 16) | (uint32_t(q[3]) << 24);
  float x;
  std::memcpy(&x, &bits, 4);
  return x;
}

// The bytes of a section's values: rows * cols of its width, int8 with a scale per column.
size_t value_bytes(ValueEncoding e, size_t rows, size_t cols) {
  if (e == ValueEncoding::Int8) return cols * (4 + rows);
  return rows * cols * (e == ValueEncoding::Float16 ? 2 : 4);
}

void read_values(const uint8_t* q, ModelSection& s) {
  const size_t n = size_t(s.rows) * size_t(s.cols);
  s.values.resize(n);
  if (s.encoding == ValueEncoding::Int8) {
    for (int j = 0; j < s.cols; ++j) {
      const uint8_t* col = q + size_t(j) * (4 + size_t(s.rows));
      const float scale = f32_at(col);
      for (int i = 0; i < s.rows; ++i)
        s.values[size_t(j) * size_t(s.rows) + size_t(i)] = scale * float(int8_t(col[4 + i]));
    }
    return;
  }
  for (size_t k = 0; k < n; ++k)
    s.values[k] = s.encoding == ValueEncoding::Float16 ? half_to_float(uint16_t(q[2 * k] | (q[2 * k + 1] << 8)))
                                                        : f32_at(q + 4 * k);
}

}  // namespace

void add_section(ModelFile& model, const std::string& name, int rows, int cols, const float* values,
                 ValueEncoding encoding) {
  ModelSection s;
  s.name = name;
  s.rows = rows;
  s.cols = cols;
  s.values.assign(values, values + size_t(rows) * size_t(cols));
  s.encoding = encoding;
  model.sections.push_back(std::move(s));
}

Status take_section(const ModelFile& model, const std::string& name, int rows, int cols, float* dst) {
  const ModelSection* s = model.section(name);
  if (!s) return Status::error("The model file has no " + name + " (it is not a complete " + model.kind + ").");
  if (s->rows != rows || s->cols != cols)
    return Status::error("The model file's " + name + " is " + std::to_string(s->rows) + " x " +
                         std::to_string(s->cols) + ", but its settings make it " + std::to_string(rows) + " x " +
                         std::to_string(cols) + ".");
  std::copy(s->values.begin(), s->values.end(), dst);
  return Status::success();
}

std::string fingerprint(const uint8_t* bytes, size_t size) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fnv1a(bytes, size)));
  return hex;
}

uint16_t float_to_half(float x) {
  uint32_t f;
  std::memcpy(&f, &x, 4);
  const uint32_t sign = (f >> 16) & 0x8000u, abs = f & 0x7fffffffu;
  if (abs >= 0x7f800000u) return uint16_t(sign | 0x7c00u | (abs > 0x7f800000u ? 0x200u : 0u));  // inf, NaN
  if (abs >= 0x477ff000u) return uint16_t(sign | 0x7c00u);  // 65520 and above round to infinity
  if (abs < 0x38800000u) {  // below 2^-14: a subnormal half, m * 2^-24 (m = 1024 is the smallest normal)
    float a;
    std::memcpy(&a, &abs, 4);
    return uint16_t(sign | uint32_t(std::nearbyint(a * 16777216.0f)));  // exact scaling; ties to even
  }
  uint32_t h = ((((abs >> 23) - 127u + 15u) << 10) | ((abs & 0x7fffffu) >> 13));
  const uint32_t rest = abs & 0x1fffu;  // the 13 bits dropped
  if (rest > 0x1000u || (rest == 0x1000u && (h & 1u))) ++h;  // a carry moves into the exponent, as it should
  return uint16_t(sign | h);
}

float half_to_float(uint16_t h) {
  const uint32_t sign = uint32_t(h & 0x8000u) << 16, e = (h >> 10) & 0x1fu, m = h & 0x3ffu;
  if (e == 0) {
    const float v = std::ldexp(float(m), -24);
    return sign ? -v : v;
  }
  const uint32_t bits = sign | (e == 31 ? 0x7f800000u | (m << 13) : ((e - 15u + 127u) << 23) | (m << 13));
  float x;
  std::memcpy(&x, &bits, 4);
  return x;
}

const ModelSection* ModelFile::section(const std::string& name) const {
  for (const ModelSection& s : sections)
    if (s.name == name) return &s;
  return nullptr;
}

Status write_model_file(const ModelFile& model, std::vector<uint8_t>& bytes) {
  std::vector<uint8_t> out(kMagic, kMagic + 8);
  put_u32(out, kModelFileVersion);
  put_text(out, model.kind);
  put_text(out, model.config);
  put_u32(out, uint32_t(model.sections.size()));
  for (const ModelSection& s : model.sections) {
    if (s.rows < 0 || s.cols < 0 || s.values.size() != size_t(s.rows) * size_t(s.cols))
      return Status::error("section " + s.name + " holds " + std::to_string(s.values.size()) + " values, not " +
                           std::to_string(s.rows) + " x " + std::to_string(s.cols));
    if (!finite(s.values)) return Status::error("section " + s.name + " holds NaN or infinite values");
    put_text(out, s.name);
    put_u32(out, uint32_t(s.rows));
    put_u32(out, uint32_t(s.cols));
    out.push_back(uint8_t(s.encoding));
    if (s.encoding == ValueEncoding::Int8) {
      put_int8_columns(out, s);
      continue;
    }
    for (float x : s.values) {
      if (s.encoding == ValueEncoding::Float16) {
        if (std::fabs(x) > kMaxHalf) return Status::error("section " + s.name + " holds values beyond float16's range");
        const uint16_t h = float_to_half(x);
        out.push_back(uint8_t(h));
        out.push_back(uint8_t(h >> 8));
      } else {
        uint32_t bits;
        std::memcpy(&bits, &x, 4);
        put_u32(out, bits);
      }
    }
  }
  const uint64_t sum = fnv1a(out.data(), out.size());
  for (int k = 0; k < 8; ++k) out.push_back(uint8_t(sum >> (8 * k)));
  bytes = std::move(out);
  return Status::success();
}

Status read_model_file(const uint8_t* bytes, size_t size, ModelFile& out) {
  if (bytes == nullptr || size < 8 || std::memcmp(bytes, kMagic, 8) != 0)
    return Status::error("This is not a Latent Lab model file (it does not begin with LATENTMF).");
  Cursor c(bytes, size);
  c.take(8, "the magic");
  const uint32_t version = c.u32("the version");
  if (!c.cut_short() && version != kModelFileVersion)
    return Status::error("This model file is in version " + std::to_string(version) +
                         " of the format; this lab reads version " + std::to_string(kModelFileVersion) + ".");
  const bool sum_ok = size >= 8 && fnv1a(bytes, size - 8) == [&] {
    uint64_t s = 0;
    for (int k = 0; k < 8; ++k) s |= uint64_t(bytes[size - 8 + size_t(k)]) << (8 * k);
    return s;
  }();
  auto damaged = [&](const std::string& what) {
    return Status::error("The model file is damaged: " + what + ".");
  };

  ModelFile m;
  const uint32_t kind_n = c.u32("the kind's length");
  if (kind_n > kMaxName) return damaged("its kind's name claims " + std::to_string(kind_n) + " bytes");
  m.kind = c.text(kind_n, "the kind's name");
  const uint32_t config_n = c.u32("the config's length");
  if (config_n > kMaxConfig) return damaged("its config claims " + std::to_string(config_n) + " bytes");
  m.config = c.text(config_n, "the config");
  const uint32_t count = c.u32("the section count");
  if (count > kMaxSections) return damaged("it claims " + std::to_string(count) + " sections");
  for (uint32_t i = 0; i < count && !c.cut_short(); ++i) {
    ModelSection s;
    const uint32_t name_n = c.u32("a section's name length");
    if (name_n > kMaxName) return damaged("a section's name claims " + std::to_string(name_n) + " bytes");
    s.name = c.text(name_n, "a section's name");
    const uint32_t rows = c.u32("a section's rows"), cols = c.u32("a section's columns");
    if (uint64_t(rows) * cols > kMaxValues || rows > kMaxValues || cols > kMaxValues)  // (0 x 3e9 too)
      return damaged("section " + s.name + " claims " + std::to_string(rows) + " x " + std::to_string(cols) + " values");
    if (!c.take(1, "a section's encoding")) break;
    const uint8_t encoding = *c.last(1);
    if (encoding > uint8_t(ValueEncoding::Int8))
      return damaged("section " + s.name + " has an unknown encoding " + std::to_string(encoding));
    s.rows = int(rows);
    s.cols = int(cols);
    s.encoding = ValueEncoding(encoding);
    const size_t n = value_bytes(s.encoding, rows, cols);
    if (!c.take(n, "a section's values")) break;
    read_values(c.last(n), s);
    m.sections.push_back(std::move(s));
  }
  c.take(8, "the checksum");
  if (c.cut_short())
    return Status::error("The model file is cut short: it has " + std::to_string(size) + " bytes and ends inside " +
                         c.missing() + " (at least " + std::to_string(c.needed()) + " bytes are needed).");
  if (c.at() != size) return damaged(std::to_string(size - c.at()) + " bytes follow its end");
  if (!sum_ok) return damaged("its checksum does not match its contents");
  for (const ModelSection& s : m.sections)
    if (!finite(s.values)) return damaged("section " + s.name + " holds NaN or infinite values");
  out = std::move(m);
  return Status::success();
}

}  // namespace latent
