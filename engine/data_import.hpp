// data_import: the student's own data, from text files they bring.
//
//   points CSV   one point per line: x, y (commas, semicolons, tabs or spaces
//                between); a first line that is not two numbers is a header and
//                skipped; blank lines and lines starting with '#' are skipped. At
//                most kMaxPoints points, each within ±kMaxCoordinate (point_sets.hpp).
//   digit rows   one image per line: its label 0..9, then its pixels (28 x 28 = 784
//                for MNIST), row by row, as grey levels 0..255 (ink bright, as MNIST
//                has it), or all within 0..1 when every pixel value in the file is at
//                most 1. A header line is skipped. A comment "# from <name>" names the
//                rows after it in messages (the page writes one per PNG it converts).
//
// Every refusal says where and what: "line 4: expected two numbers (x, y), found
// "1.5"". Nothing is kept from a refused file.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "kernels.hpp"
#include "status.hpp"

namespace latent {

constexpr size_t kMaxImportBytes = 8u << 20;  // a file larger than 8 MB is refused unread

// 2 x n points.
Status read_points_csv(const std::string& text, Matrix& points);

// Images of `pixels` grey levels (0..255 bytes, one image after another) and their
// labels; at most max_rows images.
Status read_digit_rows_csv(const std::string& text, int pixels, int max_rows, std::vector<uint8_t>& grey,
                           std::vector<uint8_t>& labels);

}  // namespace latent
