#include "cd.hpp"

namespace latent {

void apply_cd_update(RbmParams& model, ParamBuffer& velocity, const CdScratch& s, const Matrix& v0,
                     const Matrix& vneg, float lr, float momentum, float weight_decay) {
  const int nv = model.visible(), nh = model.hidden();
  const float inv_b = 1.0f / float(v0.cols());
  MatrixMap vW(velocity.data(), nv, nh);
  VectorMap vb(velocity.data() + size_t(nv) * nh, nv);
  VectorMap vc(velocity.data() + size_t(nv) * nh + nv, nh);
  vW = momentum * vW + lr * ((s.pos - s.neg) - weight_decay * model.W());
  vb = momentum * vb + (lr * inv_b) * (v0.rowwise().sum() - vneg.rowwise().sum());
  vc = momentum * vc + (lr * inv_b) * (s.h0.rowwise().sum() - s.hk.rowwise().sum());
  VectorMap(model.params().data(), Eigen::Index(model.param_count())) +=
      VectorMap(velocity.data(), Eigen::Index(velocity.size()));
}

}  // namespace latent
