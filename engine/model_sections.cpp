// model_sections (see model_sections.hpp).
#include "model_sections.hpp"

#include <vector>

namespace latent {

void put_rbm_params(ModelFile& file, const std::string& prefix, const RbmParams& rbm, ValueEncoding weights) {
  add_section(file, prefix + "W", rbm.visible(), rbm.hidden(), rbm.W().data(), weights);
  add_section(file, prefix + "visible_bias", rbm.visible(), 1, rbm.b().data());
  add_section(file, prefix + "hidden_bias", rbm.hidden(), 1, rbm.c().data());
}

Status get_rbm_params(const ModelFile& file, const std::string& prefix, RbmParams& rbm) {
  std::vector<float> block(rbm.param_count());  // all or nothing
  const size_t nw = size_t(rbm.visible()) * size_t(rbm.hidden());
  Status s = take_section(file, prefix + "W", rbm.visible(), rbm.hidden(), block.data());
  if (s.ok) s = take_section(file, prefix + "visible_bias", rbm.visible(), 1, block.data() + nw);
  if (s.ok) s = take_section(file, prefix + "hidden_bias", rbm.hidden(), 1, block.data() + nw + size_t(rbm.visible()));
  if (s.ok) std::copy(block.begin(), block.end(), rbm.params().data());
  return s;
}

void put_mlp(ModelFile& file, const std::string& prefix, const Mlp& net, const float* params, ValueEncoding weights) {
  for (int l = 0; l < net.layers(); ++l) {
    const DenseLayer& d = net.layer(l);
    const std::string n = std::to_string(l + 1);
    add_section(file, prefix + "W" + n, d.in, d.out, net.W(params, l).data(), weights);
    add_section(file, prefix + "b" + n, d.out, 1, net.b(params, l).data());
  }
}

Status get_mlp(const ModelFile& file, const std::string& prefix, const Mlp& net, float* params) {
  std::vector<float> block(params, params + net.param_count());
  for (int l = 0; l < net.layers(); ++l) {
    const DenseLayer& d = net.layer(l);
    const std::string n = std::to_string(l + 1);
    Status s = take_section(file, prefix + "W" + n, d.in, d.out, net.W(block.data(), l).data());
    if (s.ok) s = take_section(file, prefix + "b" + n, d.out, 1, net.b(block.data(), l).data());
    if (!s.ok) return s;
  }
  std::copy(block.begin(), block.end(), params);
  return Status::success();
}

void put_matrix(ModelFile& file, const std::string& name, const Matrix& m, ValueEncoding encoding) {
  add_section(file, name, int(m.rows()), int(m.cols()), m.data(), encoding);
}

Status get_matrix(const ModelFile& file, const std::string& name, Matrix& m) {
  Matrix read(m.rows(), m.cols());
  const Status s = take_section(file, name, int(m.rows()), int(m.cols()), read.data());
  if (s.ok) m = std::move(read);
  return s;
}

}  // namespace latent
