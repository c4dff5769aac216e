#!/usr/bin/env bash
# make_models.sh: the lab's trained default models, assets/models/<kind>.lmf, and
# their manifest, assets/models/manifest.json (fingerprint, size, the command that
# made each, its figures before and after reducing its precision). Made by
# latent-cli from the lab's own engine and worker, single-threaded and seeded: run
# again on this kind of machine, it writes the same files.
#
#   tools/make_models.sh [kind ...]   (after the native build: cmake --build --preset native)
# With kinds named, only those are made again; the manifest keeps the others' entries.
#
# Each model trains at float32 with the lab's default settings for its kind, a few
# more epochs; then its weight matrices are stored as int8 (a scale per column) and
# both versions are evaluated on all 10,000 test digits (and 10,000 training
# digits), the stored one also as the page evaluates it (500 of each), which the
# unit test test_default_models.cpp checks. The DBN's randomly initialised classifier (the fine-tuning comparison) is
# left out: a student compares it by fine-tuning. About 20 minutes on 2 cores.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CLI=build/native/tools/latent-cli
OUT=assets/models
[ -x "$CLI" ] || { echo "make_models: build latent-cli first (cmake --build --preset native)" >&2; exit 1; }
mkdir -p "$OUT"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# kind, then its training options
MODELS=(
  "rbm --epochs 20"
  "grbm --epochs 10"
  "vae --epochs 50"
  "dbn --epochs-per-layer 5 --finetune-epochs 10 --map-epochs 5 --layers 500-500-2000 --train-count 60000 --learning-rate 0.01 --finetune-batch-size 100"
  "dbm --train-count 60000 --pretrain-epochs 5 --joint-epochs 10"
)
# The DBN's line spells out the settings its file was made with (the course's
# 784-500-500-2000 on all 60,000 digits): the page's defaults since became a smaller,
# shorter run, so that the default lesson takes about a minute (engine/dbn_config.cpp).
# The DBM's: the page's settings (784-500-500), trained longer on all the digits.
WANTED=("$@")
MADE=()
for line in "${MODELS[@]}"; do
  read -r kind options <<<"$line"
  if [ ${#WANTED[@]} -gt 0 ] && [[ ! " ${WANTED[*]} " =~ " $kind " ]]; then continue; fi
  MADE+=("$kind")
  omit=()
  [ "$kind" = dbn ] && omit=(--omit classifier_random_)
  exact=()
  [ "$kind" = vae ] && exact=(--exact 1)
  echo "make_models: training $kind ($options)" >&2
  # shellcheck disable=SC2086
  "$CLI" train --kind "$kind" $options --save "$WORK/$kind.f32.lmf" >"$WORK/$kind.train.jsonl"
  "$CLI" eval --model "$WORK/$kind.f32.lmf" --eval-subset 10000 "${exact[@]}" >"$WORK/$kind.f32.jsonl"
  "$CLI" eval --model "$WORK/$kind.f32.lmf" --save "$OUT/$kind.lmf" --precision int8 "${omit[@]}" >"$WORK/$kind.save.jsonl"
  "$CLI" eval --model "$OUT/$kind.lmf" --eval-subset 10000 "${exact[@]}" >"$WORK/$kind.int8.jsonl"
  "$CLI" eval --model "$OUT/$kind.lmf" --eval-subset 500 >"$WORK/$kind.page.jsonl"
  echo "latent-cli train --kind $kind $options --save $kind.f32.lmf; latent-cli eval --model $kind.f32.lmf --save $kind.lmf --precision int8 ${omit[*]}" >"$WORK/$kind.command"
done
KEEP=()
[ ${#WANTED[@]} -gt 0 ] && [ -f "$OUT/manifest.json" ] && KEEP=(--keep "$OUT/manifest.json")
node tools/models_manifest.mjs "$WORK" "${KEEP[@]}" "${MADE[@]}" >"$WORK/manifest.json"
mv "$WORK/manifest.json" "$OUT/manifest.json"
echo "make_models: wrote $OUT/manifest.json" >&2
