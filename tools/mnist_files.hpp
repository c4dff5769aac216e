// Loading the real MNIST files for tests, the CLI and the bench (files are read
// here, outside the engine, and handed to it as bytes).
#pragma once
#include <fstream>
#include <string>
#include <vector>

#include "idx.hpp"

namespace latent {

inline bool read_file(const std::string& path, std::vector<uint8_t>& out) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return false;
  out.resize(size_t(in.tellg()));
  in.seekg(0);
  return bool(in.read(reinterpret_cast<char*>(out.data()), std::streamsize(out.size())));
}

// The four MNIST files of dir as bytes (training images, labels, test images, labels),
// as the worker takes them; false when one cannot be read (missing: its path).
inline bool read_mnist_files(const std::string& dir, std::vector<uint8_t> (&files)[4], std::string& missing) {
  const char* names[4] = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                          "t10k-labels-idx1-ubyte"};
  for (int i = 0; i < 4; ++i) {
    missing = dir + "/" + names[i];
    if (!read_file(missing, files[i])) return false;
  }
  missing.clear();
  return true;
}

// prefix is "train" or "t10k".
inline Status load_mnist(const std::string& dir, const std::string& prefix, Dataset& out) {
  std::vector<uint8_t> img, lab;
  const std::string ip = dir + "/" + prefix + "-images-idx3-ubyte", lp = dir + "/" + prefix + "-labels-idx1-ubyte";
  if (!read_file(ip, img)) return Status::error("cannot read " + ip + " (run tools/setup.sh)");
  if (!read_file(lp, lab)) return Status::error("cannot read " + lp + " (run tools/setup.sh)");
  IdxImages images;
  IdxLabels labels;
  Status s = parse_idx_images(std::move(img), (prefix + " images").c_str(), images);
  if (s.ok) s = parse_idx_labels(std::move(lab), (prefix + " labels").c_str(), labels);
  if (s.ok) s = make_dataset(std::move(images), std::move(labels), out);
  return s;
}

}  // namespace latent
