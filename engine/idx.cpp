#include "idx.hpp"

#include <string>

namespace latent {
namespace {

uint32_t read_be32(const uint8_t* p) {
  return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | uint32_t(p[3]);
}

// Checks the header and returns the dimension sizes in dims.
Status parse_header(const uint8_t* bytes, size_t size, const char* what, int want_dims,
                    std::vector<uint32_t>& dims) {
  const std::string name(what);
  if (bytes == nullptr || size < 4)
    return Status::error("The " + name + " file is empty or too short (" + std::to_string(size) +
                         " bytes) to be an IDX file.");
  if (bytes[0] != 0 || bytes[1] != 0)
    return Status::error("The " + name + " file is not an IDX file: its first two bytes are not zero " +
                         "(is it compressed, or an HTML error page?).");
  if (bytes[2] != 0x08)
    return Status::error("The " + name + " file holds IDX type 0x" + std::to_string(int(bytes[2])) +
                         "; expected unsigned bytes (0x08).");
  if (bytes[3] != want_dims)
    return Status::error("The " + name + " file has " + std::to_string(int(bytes[3])) +
                         " dimensions; expected " + std::to_string(want_dims) + ".");
  const size_t header = 4 + 4 * size_t(want_dims);
  if (size < header)
    return Status::error("The " + name + " file ends inside its header.");
  dims.resize(want_dims);
  uint64_t total = 1;
  for (int d = 0; d < want_dims; ++d) {
    dims[d] = read_be32(bytes + 4 + 4 * d);
    if (dims[d] == 0 || dims[d] > (1u << 24))
      return Status::error("The " + name + " file has an implausible size " + std::to_string(dims[d]) +
                           " in dimension " + std::to_string(d + 1) + ".");
    total *= dims[d];
  }
  if (size != header + total)
    return Status::error("The " + name + " file has " + std::to_string(size - header) +
                         " data bytes but its header promises " + std::to_string(total) +
                         " (truncated or corrupt download?).");
  return Status::success();
}

// Drops the header in place, so the data bytes become the payload without a copy.
std::vector<uint8_t> payload(std::vector<uint8_t> bytes, size_t header) {
  bytes.erase(bytes.begin(), bytes.begin() + std::ptrdiff_t(header));  // a move within the buffer
  return bytes;
}

}  // namespace

Status parse_idx_images(std::vector<uint8_t> bytes, const char* what, IdxImages& out) {
  std::vector<uint32_t> dims;
  Status s = parse_header(bytes.data(), bytes.size(), what, 3, dims);
  if (!s.ok) return s;
  if (dims[1] > 4096 || dims[2] > 4096)
    return Status::error(std::string("The ") + what + " file has images of " + std::to_string(dims[1]) +
                         "x" + std::to_string(dims[2]) + " pixels, too large for the lab.");
  out.count = int(dims[0]);
  out.rows = int(dims[1]);
  out.cols = int(dims[2]);
  out.pixels = payload(std::move(bytes), 16);
  return Status::success();
}

Status parse_idx_labels(std::vector<uint8_t> bytes, const char* what, IdxLabels& out) {
  std::vector<uint32_t> dims;
  Status s = parse_header(bytes.data(), bytes.size(), what, 1, dims);
  if (!s.ok) return s;
  for (size_t i = 8; i < bytes.size(); ++i)
    if (bytes[i] > 9)
      return Status::error("The " + std::string(what) + " file gives label " + std::to_string(int(bytes[i])) +
                           " to item " + std::to_string(i - 8 + 1) + "; the lab's labels are the classes 0 to 9.");
  out.count = int(dims[0]);
  out.labels = payload(std::move(bytes), 8);
  return Status::success();
}

Status parse_idx_images(const uint8_t* bytes, size_t size, const char* what, IdxImages& out) {
  if (bytes == nullptr) size = 0;
  return parse_idx_images(std::vector<uint8_t>(bytes, bytes + size), what, out);
}

Status parse_idx_labels(const uint8_t* bytes, size_t size, const char* what, IdxLabels& out) {
  if (bytes == nullptr) size = 0;
  return parse_idx_labels(std::vector<uint8_t>(bytes, bytes + size), what, out);
}

Status make_dataset(IdxImages images, IdxLabels labels, Dataset& out) {
  if (images.count != labels.count)
    return Status::error("The image file holds " + std::to_string(images.count) +
                         " images but the label file " + std::to_string(labels.count) + " labels.");
  out.images = std::move(images);
  out.labels = std::move(labels);
  return Status::success();
}

}  // namespace latent
