// model_sections: the lab's parameter blocks as model-file sections
// (model_file.hpp), so that every kind names them alike:
//   RBM block        <prefix>W (nv x nh), <prefix>visible_bias (nv x 1), <prefix>hidden_bias (nh x 1)
//   MLP              <prefix>W<l>, <prefix>b<l> for l = 1 .. layers (in x out, out x 1)
//   anything else    a named matrix (put_matrix / get_matrix)
// Weight matrices take the file's encoding; biases and small vectors stay float32
// (they are few, and the figures are most sensitive to them). Reading refuses a
// missing section or one of another shape, saying which, and writes nothing then.
#pragma once
#include <string>

#include "mlp.hpp"
#include "model_file.hpp"
#include "rbm_params.hpp"

namespace latent {

void put_rbm_params(ModelFile& file, const std::string& prefix, const RbmParams& rbm, ValueEncoding weights);
Status get_rbm_params(const ModelFile& file, const std::string& prefix, RbmParams& rbm);

void put_mlp(ModelFile& file, const std::string& prefix, const Mlp& net, const float* params,
             ValueEncoding weights);
Status get_mlp(const ModelFile& file, const std::string& prefix, const Mlp& net, float* params);

void put_matrix(ModelFile& file, const std::string& name, const Matrix& m, ValueEncoding encoding);
// m keeps its shape: the section must have it.
Status get_matrix(const ModelFile& file, const std::string& name, Matrix& m);

}  // namespace latent
