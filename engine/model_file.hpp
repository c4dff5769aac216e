// model_file: one versioned binary format for a trained model of any kind, as
// bytes (the engine never touches files). Little-endian throughout:
//   "LATENTMF"                        8 bytes, the magic
//   u32 version                       kModelFileVersion
//   u32 n, n bytes                    the kind's name ("rbm", "vae", ...)
//   u32 n, n bytes                    its config, as the protocol writes it (JSON text)
//   u32 count, then count sections:   u32 n, n bytes name; u32 rows; u32 cols;
//                                     u8 encoding (0: float32, 1: float16, 2: int8);
//                                     rows * cols values, column-major (int8: each
//                                     column's f32 scale s_j, then its values q_ij,
//                                     x_ij = s_j q_ij, s_j = max_i |x_ij| / 127)
//   u64 checksum                      FNV-1a (64-bit) of every byte before it
// float16 halves a model's size where its figures allow (IEEE binary16, rounded
// to nearest even; values beyond its range are refused when written); int8 quarters
// it (x rounded to the nearest multiple of its column's scale: an error of at most
// s_j / 2, which the trained defaults show leaves their figures as they were).
// read_model_file refuses, saying which: bytes that are not a model file, another
// version, a file cut short, a checksum that does not match, NaN or infinite values.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "status.hpp"

namespace latent {

constexpr uint32_t kModelFileVersion = 1;

enum class ValueEncoding : uint8_t { Float32 = 0, Float16 = 1, Int8 = 2 };

struct ModelSection {
  std::string name;  // "W", "visible_bias", ...
  int rows = 0, cols = 0;
  std::vector<float> values;  // rows * cols, column-major
  ValueEncoding encoding = ValueEncoding::Float32;
};

struct ModelFile {
  std::string kind;
  std::string config;  // JSON text
  std::vector<ModelSection> sections;
  const ModelSection* section(const std::string& name) const;  // null when absent
};

// The bytes of a model; an error (nothing written) for a section whose values do
// not match its shape, or are not finite, or do not fit float16 when asked to.
Status write_model_file(const ModelFile& model, std::vector<uint8_t>& bytes);
Status read_model_file(const uint8_t* bytes, size_t size, ModelFile& out);

// Appends a section of rows x cols values (column-major, copied).
void add_section(ModelFile& model, const std::string& name, int rows, int cols, const float* values,
                 ValueEncoding encoding = ValueEncoding::Float32);
// Copies section `name` into dst (rows * cols values); an error saying which when the
// file has no such section or it has another shape.
Status take_section(const ModelFile& model, const std::string& name, int rows, int cols, float* dst);

// FNV-1a (64-bit) of bytes, as 16 lower-case hex digits: a whole file's fingerprint
// (the trained defaults' manifest records it).
std::string fingerprint(const uint8_t* bytes, size_t size);

// IEEE binary16 <-> float (round to nearest even; the largest finite half is 65504).
uint16_t float_to_half(float x);
float half_to_float(uint16_t h);

}  // namespace latent
