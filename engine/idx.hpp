// IDX reader: parses the IDX format of MNIST (and Fashion-MNIST) from bytes.
//   header: 0x00 0x00 <type> <ndims>, then ndims big-endian uint32 sizes, then data.
//   images: type 0x08 (uint8), ndims 3 (count, rows, cols); labels: type 0x08, ndims 1,
//   each a class from 0 to 9 (the classifiers have ten outputs).
// The engine never opens files: callers hand over the bytes they loaded.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "status.hpp"

namespace latent {

struct IdxImages {
  int count = 0, rows = 0, cols = 0;
  std::vector<uint8_t> pixels;  // count * rows * cols, row-major per image
  int dim() const { return rows * cols; }
  const uint8_t* image(int i) const { return pixels.data() + size_t(i) * size_t(dim()); }
};

struct IdxLabels {
  int count = 0;
  std::vector<uint8_t> labels;
};

// `what` names the data in messages ("training images", ...). The overloads that
// take the file's bytes by value keep them as the pixels (no second copy of a
// 47 MB file: the wasm heap never shrinks); the others copy.
Status parse_idx_images(std::vector<uint8_t> bytes, const char* what, IdxImages& out);
Status parse_idx_labels(std::vector<uint8_t> bytes, const char* what, IdxLabels& out);
Status parse_idx_images(const uint8_t* bytes, size_t size, const char* what, IdxImages& out);
Status parse_idx_labels(const uint8_t* bytes, size_t size, const char* what, IdxLabels& out);

// A labelled image set; images and labels must agree in count.
struct Dataset {
  IdxImages images;
  IdxLabels labels;
  int count() const { return images.count; }
  int dim() const { return images.dim(); }
};

Status make_dataset(IdxImages images, IdxLabels labels, Dataset& out);

}  // namespace latent
