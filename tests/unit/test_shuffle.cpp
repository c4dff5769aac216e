// The epoch's minibatch order (shuffle_indices, batch.hpp): always a permutation of
// 0..count-1, and uniform: chi-square tests, from fixed seeds, on the 24 orders of 4
// items and on the positions each of 10 items lands in, below the 0.999 quantile.
#include <doctest/doctest.h>

#include <algorithm>
#include <numeric>
#include <vector>

#include "batch.hpp"

using namespace latent;

TEST_CASE("shuffle: a permutation of 0..count-1, whatever the vector held before") {
  Rng rng(17);
  std::vector<int> order = {7, 7, 7};
  for (int count : {0, 1, 2, 5, 1000, 3}) {
    CAPTURE(count);
    shuffle_indices(order, count, rng);
    std::vector<int> sorted = order;
    std::sort(sorted.begin(), sorted.end());
    std::vector<int> expected(size_t(count), 0);
    std::iota(expected.begin(), expected.end(), 0);
    CHECK(sorted == expected);
  }
}

TEST_CASE("shuffle: the 24 orders of 4 items are equally likely (chi-square, 23 degrees of freedom)") {
  Rng rng(2024);
  const int shuffles = 24000;
  const std::vector<int> items = {0, 1, 2, 3};
  std::vector<int> count(256, 0), order;  // indexed by the order written in base 4
  int not_orders = 0;
  for (int n = 0; n < shuffles; ++n) {
    shuffle_indices(order, 4, rng);
    not_orders += !std::is_permutation(order.begin(), order.end(), items.begin(), items.end());
    ++count[size_t(order[0] + 4 * order[1] + 16 * order[2] + 64 * order[3])];
  }
  int seen = 0;
  double chi2 = 0;
  const double expected = shuffles / 24.0;
  for (int c : count)
    if (c > 0) {
      ++seen;
      chi2 += (c - expected) * (c - expected) / expected;
    }
  MESSAGE("chi-square over the 24 orders: ", chi2);
  CHECK(not_orders == 0);
  CHECK(seen == 24);
  CHECK(chi2 < 49.73);  // the 0.999 quantile of chi-square with 23 degrees of freedom
}

TEST_CASE("shuffle: each of 10 items lands in each position equally often (chi-square)") {
  Rng rng(99);
  const int n = 10, shuffles = 20000;
  std::vector<int> count(size_t(n * n), 0), order;  // count[item * n + position]
  for (int s = 0; s < shuffles; ++s) {
    shuffle_indices(order, n, rng);
    for (int position = 0; position < n; ++position) ++count[size_t(order[size_t(position)] * n + position)];
  }
  const double expected = double(shuffles) / n;
  double chi2 = 0;
  for (int c : count) chi2 += (c - expected) * (c - expected) / expected;
  // Each shuffle adds a permutation matrix (rows and columns sum to 1), so Pearson's
  // statistic is (n / (n - 1)) chi-square with (n - 1)^2 degrees of freedom: its mean
  // is n (n - 1).
  const double scaled = chi2 * (n - 1) / n;
  MESSAGE("position chi-square x (n - 1) / n: ", scaled);
  CHECK(scaled < 126.08);  // the 0.999 quantile of chi-square with 81 degrees of freedom
}
