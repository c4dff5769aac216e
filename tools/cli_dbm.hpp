// latent-cli dbm: the deep Boltzmann machine benchmark (Salakhutdinov and Hinton 2009),
// natively: greedy pre-training with doubled inputs, joint training, then the test
// digits' variational lower bound on log p(v) with log Z by AIS.
//   latent-cli dbm [--hidden1 500] [--hidden2 1000] [--pretrain-epochs 1]
//                  [--pretrain-learning-rate 0.05] [--epochs 1] [--learning-rate 0.005]
//                  [--train-count 60000] [--eval-subset 10000] [--ais-betas 14500]
//                  [--ais-runs 100] [--seed 1] [--exact 1] [--data DIR]
// MNIST binarised once by a fixed stochastic draw. Prints a line per stage (its
// seconds), then {"event":"dbm", log_partition (with _low/_high), test_bound (with
// _low/_high from log Z's range), digits, seconds}; with --exact 1 and hidden1 <= 20,
// then {"event":"dbm_exact", log_partition, test_bound} by enumeration over h1.
#pragma once
#include "args.hpp"
#include "idx.hpp"

namespace latent {

int dbm_command(const Args& args, const Dataset& train, const Dataset& test);

}  // namespace latent
