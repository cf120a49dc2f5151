#!/bin/sh
# bench/hmt-table.sh [BUILD] — the course's HMT faithfulness table (drop/increase at frac 0.9) over
# all 496 HMT_test tiles for Grad-CAM, Grad-CAM++, Ablation-CAM, LIME, Integrated Gradients, Kernel
# SHAP and SISE. Hours of CPU on a small machine, so it runs in chunks of 16 tiles, one JSON file per
# (method, chunk) under bench/out/hmt-table/, and skips the chunks already done: stop it any time and
# run it again to go on. When every chunk is there it prints the table (rates over all tiles, and the
# summed compute time of each method). Needs jq.
set -eu
build=${1:-build}
shared=${SL_SHARED_DIR:-$(dirname "$0")/../../shared}
cli="$build/src/cli/saliency-lab-cli"
out=$(dirname "$0")/out/hmt-table
n=496
chunk=16
methods="gradcam gradcam++ ablation-cam lime integrated-gradients kernel-shap sise"
mkdir -p "$out"
for m in $methods; do
  first=0
  while [ "$first" -lt "$n" ]; do
    f="$out/$m-$(printf %03d "$first").json"
    if [ ! -s "$f" ]; then
      echo "$m: tiles $first–$((first + chunk - 1))" >&2
      "$cli" faithfulness --model "$shared/models/HMT.h5" --dataset "$shared/data/hmt/HMT_test" \
        --method "$m" --frac 0.9 --first "$first" --limit "$chunk" --json -q > "$f.tmp"
      mv "$f.tmp" "$f"
    fi
    first=$((first + chunk))
  done
done
printf '%-28s %8s %9s %8s %10s %9s\n' method drop% increase% tiles seconds s/tile
for m in $methods; do
  jq -s -r --arg m "$m" '
    (map(.rows[0].samples) | add) as $n
    | (map(.rows[0].drop_rate * .rows[0].samples) | add) as $d
    | (map(.rows[0].increase_rate * .rows[0].samples) | add) as $i
    | (map(.seconds) | add) as $s
    | "\(.[0].rows[0].method)\t\($d / $n * 100)\t\($i / $n * 100)\t\($n)\t\($s)\t\($s / $n)"' \
    "$out/$m"-[0-9][0-9][0-9].json |
    awk -F'\t' '{ printf "%-28s %8.2f %9.2f %8d %10.1f %9.2f\n", $1, $2, $3, $4, $5, $6 }'
done
