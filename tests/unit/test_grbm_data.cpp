// The GRBM labs' data: the named point sets of the plane and the checks on a
// student's points; MNIST standardised per pixel (on the real files).
#include <doctest/doctest.h>

#include <cmath>
#include <numeric>

#include "mnist_once.hpp"
#include "point_sets.hpp"
#include "real_data.hpp"

using namespace latent;

namespace {

constexpr PointSet kNamedSets[] = {PointSet::TwoBlobs, PointSet::Ring, PointSet::Grid, PointSet::Spiral,
                                   PointSet::Moons};

const IdxImages& mnist_train_images() { return test::mnist("train").images; }

}  // namespace

TEST_CASE("Point sets: deterministic from the seed, the asked count, on the plane, accepted by check_points") {
  for (PointSet set : kNamedSets) {
    CAPTURE(point_set_name(set));
    const Matrix a = make_point_set(set, 400, 3), b = make_point_set(set, 400, 3), other = make_point_set(set, 400, 4);
    REQUIRE(a.rows() == 2);
    CHECK(a.cols() == 400);
    CHECK(a == b);
    CHECK(a != other);
    CHECK(a.cwiseAbs().maxCoeff() <= kPlaneHalfWidth);
    CHECK(check_points(a).ok);
    CHECK(make_point_set(set, 1, 3).cols() == 1);
    PointSet back;
    REQUIRE(point_set_from_name(point_set_name(set), back));
    CHECK(back == set);
  }
  CHECK(make_point_set(PointSet::Custom, 10, 1).cols() == 0);
  CHECK(make_point_set(PointSet::Mnist, 10, 1).cols() == 0);
  PointSet unused;
  CHECK_FALSE(point_set_from_name("gird", unused));
}

TEST_CASE("Point sets: the grid is four unit-variance Gaussians at (+-3, +-3), a quarter of the points each") {
  const Matrix p = make_point_set(PointSet::Grid, 4000, 1);
  for (int quadrant = 0; quadrant < 4; ++quadrant) {
    const float cx = quadrant % 2 ? 3.0f : -3.0f, cy = quadrant / 2 ? 3.0f : -3.0f;
    Eigen::VectorXd sum = Eigen::VectorXd::Zero(2), sq = Eigen::VectorXd::Zero(2);
    int n = 0;
    for (Eigen::Index j = 0; j < p.cols(); ++j)
      if ((p(0, j) > 0) == (cx > 0) && (p(1, j) > 0) == (cy > 0)) {
        sum += p.col(j).cast<double>();
        sq += p.col(j).cast<double>().cwiseAbs2();
        ++n;
      }
    CAPTURE(quadrant);
    CHECK(std::abs(n - 1000) < 30);  // a few points of the 1-sd tails cross an axis
    const Eigen::VectorXd mean = sum / n, sd = (sq / n - mean.cwiseAbs2()).cwiseSqrt();
    CHECK(mean[0] == doctest::Approx(cx).epsilon(0.05));
    CHECK(mean[1] == doctest::Approx(cy).epsilon(0.05));
    CHECK(sd[0] == doctest::Approx(1.0).epsilon(0.1));  // a little below 1: the far tails cross
    CHECK(sd[1] == doctest::Approx(1.0).epsilon(0.1));
  }
}

TEST_CASE("check_points refuses bad points with a sentence naming the problem") {
  CHECK(check_points(Matrix(2, 0)).message == "The data set needs at least one point.");
  CHECK(check_points(Matrix()).message == "The data set needs at least one point.");
  Matrix p = Matrix::Zero(2, 4);
  CHECK(check_points(p).ok);  // identical points are allowed: training copes with them
  p.col(2) << 1e6f, 2.0f;
  CHECK(check_points(p).message == "Point 3 is at (1e6, 2): coordinates must be within ±100.");
  p.col(2) << -0.5f, -100.5f;
  CHECK(check_points(p).message == "Point 3 is at (-0.5, -100.5): coordinates must be within ±100.");
  p.col(2) << 100.0f, -100.0f;
  CHECK(check_points(p).ok);
  p(1, 0) = std::nanf("");
  CHECK(check_points(p).message == "Point 1 has a coordinate that is not a number (NaN or infinite).");
  p(1, 0) = INFINITY;
  CHECK_FALSE(check_points(p).ok);
  CHECK(check_points(Matrix::Zero(2, kMaxPoints + 1)).message == "There are 5001 points; at most 5000 are allowed.");
  CHECK(check_points(Matrix::Zero(2, kMaxPoints)).ok);
  CHECK(check_points(Matrix::Zero(3, 2)).message == "Points in the plane have 2 coordinates, not 3.");
}

TEST_CASE("PointData hands out the asked columns") {
  Matrix p(2, 3);
  p << 1, 2, 3, 4, 5, 6;
  const PointData data(p);
  CHECK(data.count() == 3);
  CHECK(data.dims() == 2);
  const int idx[] = {2, 0};
  Matrix out;
  data.gather(idx, 2, out);
  CHECK(out.col(0) == p.col(2));
  CHECK(out.col(1) == p.col(0));
}

TEST_CASE("MNIST standardised per pixel: mean 0, sd 1 above the floor; unstandardize gives the grey levels back") {
  const IdxImages& images = mnist_train_images();
  const int n = 2000;
  const PixelStandardization s = PixelStandardization::from_images(images, n);
  REQUIRE(s.mean.size() == 784);
  CHECK(s.scale.minCoeff() >= 0.2f);
  CHECK(s.mean[0] == 0.0f);                  // the corner is always blank,
  CHECK(s.scale[0] == doctest::Approx(0.2));  // so its scale is the floor
  const StandardizedImages data(images, n, s);
  CHECK(data.count() == n);
  CHECK(data.dims() == 784);
  std::vector<int> idx(n);
  std::iota(idx.begin(), idx.end(), 0);
  Matrix Z;
  data.gather(idx.data(), n, Z);
  const Eigen::VectorXd mean = Z.cast<double>().rowwise().mean();
  const Eigen::VectorXd sd = (Z.cast<double>().colwise() - mean).cwiseAbs2().rowwise().mean().cwiseSqrt();
  CHECK(mean.cwiseAbs().maxCoeff() < 1e-5);
  int above = 0;
  for (int i = 0; i < 784; ++i) {
    if (s.scale[i] > 0.2f) {
      ++above;
      CHECK(sd[i] == doctest::Approx(1.0).epsilon(1e-4));
    } else {
      CHECK(sd[i] <= 1.0 + 1e-4);  // floored: shrunk towards zero, never blown up
    }
  }
  CHECK(above > 300);  // most of the digit area
  Matrix grey;
  s.unstandardize(Z, grey);
  double worst = 0;
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < 784; ++i) worst = std::max(worst, std::abs(double(grey(i, j)) - images.image(j)[i] / 255.0));
  CHECK(worst < 1e-5);
  // Values beyond the grey range are clamped to [0, 1].
  Matrix wild = Matrix::Constant(784, 1, 1e3f);
  s.unstandardize(wild, grey);
  CHECK(grey.maxCoeff() == 1.0f);
  s.unstandardize(-wild, grey);
  CHECK(grey.minCoeff() == 0.0f);
}
