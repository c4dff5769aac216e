// data_import (see data_import.hpp).
#include "data_import.hpp"

#include <cerrno>
#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "point_sets.hpp"

namespace latent {
namespace {

// The numbers of one line, split at commas, semicolons, tabs and spaces; false when
// a field is not a number (bad names the first such field).
bool numbers_of(const std::string& line, std::vector<double>& out, std::string& bad) {
  out.clear();
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ',' || line[i] == ';' || line[i] == '\t' || line[i] == ' ' || line[i] == '\r')) ++i;
    if (i >= line.size()) break;
    size_t end = i;
    while (end < line.size() && line[end] != ',' && line[end] != ';' && line[end] != '\t' && line[end] != ' ' &&
           line[end] != '\r')
      ++end;
    const std::string field = line.substr(i, end - i);
    char* stop = nullptr;
    errno = 0;
    const double v = std::strtod(field.c_str(), &stop);
    if (stop != field.c_str() + field.size() || errno == ERANGE || !std::isfinite(v)) {
      bad = field.size() > 20 ? field.substr(0, 20) + "..." : field;
      return false;
    }
    out.push_back(v);
    i = end;
  }
  return true;
}

// Calls row(line_number, numbers, name) for each data line; a first line that is not
// numbers is a header. Returns the first refusal.
template <class Row>
Status for_each_row(const std::string& text, Row row) {
  if (text.size() > kMaxImportBytes)
    return Status::error("The file is " + std::to_string(text.size() >> 20) + " MB; at most 8 MB are read.");
  std::string from;  // "# from <name>": whose rows follow
  std::vector<double> numbers;
  size_t start = 0;
  int line_number = 0;
  bool first = true;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    const size_t content = line.find_first_not_of(" \t\r");
    if (content == std::string::npos) continue;
    if (line[content] == '#') {
      if (line.compare(content, 7, "# from ") == 0) from = line.substr(content + 7);
      continue;
    }
    std::string bad;
    const bool ok = numbers_of(line, numbers, bad);
    const std::string where = "line " + std::to_string(line_number) + (from.empty() ? "" : " (" + from + ")");
    if (!ok && first) {  // a header
      first = false;
      continue;
    }
    first = false;
    if (!ok) return Status::error(where + ": \"" + bad + "\" is not a number.");
    const Status s = row(where, numbers);
    if (!s.ok) return s;
  }
  return Status::success();
}

}  // namespace

Status read_points_csv(const std::string& text, Matrix& points) {
  std::vector<float> xy;
  const Status s = for_each_row(text, [&](const std::string& where, const std::vector<double>& v) {
    if (v.size() != 2)
      return Status::error(where + ": expected two numbers (x, y), found " + std::to_string(v.size()) + ".");
    if (xy.size() / 2 >= size_t(kMaxPoints))
      return Status::error("The file has more than " + std::to_string(kMaxPoints) + " points; at most " +
                           std::to_string(kMaxPoints) + " are allowed.");
    xy.push_back(float(v[0]));
    xy.push_back(float(v[1]));
    return Status::success();
  });
  if (!s.ok) return s;
  if (xy.empty()) return Status::error("The file has no points (one \"x, y\" per line).");
  Matrix m(2, Eigen::Index(xy.size() / 2));
  for (Eigen::Index j = 0; j < m.cols(); ++j) m.col(j) << xy[size_t(2 * j)], xy[size_t(2 * j + 1)];
  const Status checked = check_points(m);
  if (!checked.ok) return checked;
  points = m;
  return Status::success();
}

Status read_digit_rows_csv(const std::string& text, int pixels, int max_rows, std::vector<uint8_t>& grey,
                           std::vector<uint8_t>& labels) {
  std::vector<std::vector<double>> rows;
  double top = 0;
  const Status s = for_each_row(text, [&](const std::string& where, const std::vector<double>& v) {
    if (v.size() != size_t(pixels) + 1)
      return Status::error(where + ": expected a label and " + std::to_string(pixels) + " pixels, found " +
                           std::to_string(v.size()) + " numbers.");
    if (v[0] < 0 || v[0] > 9 || v[0] != std::floor(v[0]))
      return Status::error(where + ": the label must be a digit 0..9 (first number), not " + std::to_string(v[0]) + ".");
    for (size_t i = 1; i < v.size(); ++i) {
      if (v[i] < 0 || v[i] > 255)
        return Status::error(where + ": pixel " + std::to_string(i) + " is " + std::to_string(v[i]) +
                             "; grey levels are 0..255 (or 0..1).");
      top = std::max(top, v[i]);
    }
    if (int(rows.size()) >= max_rows)
      return Status::error("The file has more than " + std::to_string(max_rows) + " images; room is left for " +
                           std::to_string(max_rows) + ".");
    rows.push_back(v);
    return Status::success();
  });
  if (!s.ok) return s;
  if (rows.empty()) return Status::error("The file has no images (a label and the pixels on each line).");
  const double scale = top <= 1.0 ? 255.0 : 1.0;
  grey.clear();
  labels.clear();
  for (const auto& v : rows) {
    labels.push_back(uint8_t(v[0]));
    for (size_t i = 1; i < v.size(); ++i) grey.push_back(uint8_t(std::lround(v[i] * scale)));
  }
  return Status::success();
}

}  // namespace latent
