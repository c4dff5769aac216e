// The parameter update of contrastive divergence (cd.hpp): momentum SGD with L2
// weight decay on W, from the statistics of one cd_statistics pass.
#include "cd.hpp"

namespace latent {

void apply_cd_update(RbmParams& model, ParamBuffer& velocity, const CdScratch& s, float lr, float momentum,
                     float weight_decay, const Vector* visible_step) {
  const int nv = model.visible(), nh = model.hidden();
  const Matrix& x0 = *s.x0;
  const Matrix& xk = *s.xk;
  const float inv_b = 1.0f / float(x0.cols());
  MatrixMap vW(velocity.data(), nv, nh);
  VectorMap vb(velocity.data() + size_t(nv) * nh, nv);
  VectorMap vc(velocity.data() + size_t(nv) * nh + nv, nh);
  if (visible_step) {
    vW = momentum * vW + lr * (visible_step->asDiagonal() * ((s.pos - s.neg) - weight_decay * model.W()));
    vb = momentum * vb + (lr * inv_b) * visible_step->cwiseProduct(x0.rowwise().sum() - xk.rowwise().sum());
  } else {
    vW = momentum * vW + lr * ((s.pos - s.neg) - weight_decay * model.W());
    vb = momentum * vb + (lr * inv_b) * (x0.rowwise().sum() - xk.rowwise().sum());
  }
  vc = momentum * vc + (lr * inv_b) * (s.h0.rowwise().sum() - s.hk.rowwise().sum());
  VectorMap(model.params().data(), Eigen::Index(model.param_count())) +=
      VectorMap(velocity.data(), Eigen::Index(velocity.size()));
}

}  // namespace latent
