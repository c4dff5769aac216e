// latent-cli dbm: the deep Boltzmann machine benchmark (Salakhutdinov and Hinton 2009),
// natively: greedy pre-training with doubled inputs, joint training, then the test
// digits' variational lower bound on log p(v) with log Z by AIS.
//   latent-cli dbm [DbmConfig fields: --hidden1 500 --hidden2 1000 --train-count 60000
//                  --pretrain-epochs 1 --pretrain-learning-rate 0.05 --joint-epochs 1
//                  --joint-learning-rate 0.005 ...] [--final-learning-rate r]
//                  [--eval-subset 10000] [--ais-betas 14500] [--ais-runs 100]
//                  [--ais-over h1|all|both] [--exact 1] [--data DIR]
// The config starts from DbmConfig's defaults with the paper's sizes and data
// (784-500-1000, all 60,000 digits); MNIST binarised as the config says (a fixed
// stochastic draw by default). --final-learning-rate: the joint learning rate falls
// linearly from joint_learning_rate to it over the joint epochs (default: constant).
// AIS anneals over h1 with v and h2 summed out (--ais-over h1, Salakhutdinov and
// Hinton's way; base rate: the mean of q(h1) over the training digits), or over [v; h2]
// with h1 summed out (--ais-over all: 1,784 units at the paper's sizes), or both.
// Prints the config, a line per stage (its seconds), then for each way {"event":"dbm",
// ais_over, log_partition (with _low/_high), test_bound (with _low/_high from log Z's
// range), digits, betas, runs, ais_seconds} (with --exact 1 and hidden1 <= 20 followed by
// {"event":"dbm_exact", log_partition, test_bound} by enumeration over h1), then
// {"event":"done", seconds}.
#pragma once
#include "args.hpp"
#include "idx.hpp"

namespace latent {

int dbm_command(const Args& args, const Dataset& train, const Dataset& test);

}  // namespace latent
