#!/bin/sh
# bench/hmt-table.sh [BUILD] — the course's HMT faithfulness table (drop/increase at frac 0.9) over
# all 496 HMT_test tiles for Grad-CAM, Grad-CAM++, Ablation-CAM, LIME, Integrated Gradients, SISE and
# Kernel SHAP. Hours of CPU on a small machine (Kernel SHAP alone ~4 h on 2 cores), so it runs in
# pieces, one JSON file per (method, piece) under bench/out/hmt-table/, and skips the pieces already
# done: stop it any time and run it again to go on. The first four run in 16-tile chunks; the last
# three in rounds of two tiles of each class, so a row that is not finished yet is still a
# class-balanced sample of HMT_test; one process per core (--threads 1) works on these, as one
# explanation of these methods keeps two cores only ~65 % busy. It prints the table at the end (rates
# with their standard error over the tiles done so far, the summed time of each method's pieces and
# the median piece's time per tile, which a piece slowed by other work on the machine does not move).
# Needs jq.
set -eu
build=${1:-build}
shared=${SL_SHARED_DIR:-$(dirname "$0")/../../shared}
cli="$build/src/cli/saliency-lab-cli"
out=$(dirname "$0")/out/hmt-table
n=496
classes=8
per_class=62
jobs=${SL_HMT_TABLE_JOBS:-$(nproc)}
chunked="gradcam gradcam++ ablation-cam lime"
balanced="integrated-gradients sise kernel-shap"
mkdir -p "$out"

piece() { # method first limit [cli options…]
  m=$1 first=$2 limit=$3
  shift 3
  f="$out/$m-$(printf %03d "$first").json"
  if [ ! -s "$f" ]; then
    echo "$m: tiles $first–$((first + limit - 1))" >&2
    "$cli" faithfulness --model "$shared/models/HMT.h5" --dataset "$shared/data/hmt/HMT_test" \
      --method "$m" --frac 0.9 --first "$first" --limit "$limit" --json -q "$@" > "$f.tmp"
    mv "$f.tmp" "$f"
  fi
}

if [ "${SL_HMT_TABLE_PRINT_ONLY:-0}" != 1 ]; then
  for m in $chunked; do
    first=0
    while [ "$first" -lt "$n" ]; do
      piece "$m" "$first" 16
      first=$((first + 16))
    done
  done
  for m in $balanced; do
    r=0
    while [ "$r" -lt "$per_class" ]; do
      k=0 pids=""
      while [ "$k" -lt "$classes" ]; do
        piece "$m" $((k * per_class + r)) 2 --threads 1 &
        pids="$pids $!"
        k=$((k + 1))
        if [ $(echo $pids | wc -w) -ge "$jobs" ] || [ "$k" -eq "$classes" ]; then
          for p in $pids; do wait "$p"; done
          pids=""
        fi
      done
      r=$((r + 2))
    done
  done
fi

printf '%-28s %14s %14s %6s %9s %7s %7s\n' method 'drop % (±se)' 'increase %' tiles seconds s/tile median
for m in $chunked $balanced; do
  ls "$out/$m"-[0-9][0-9][0-9].json > /dev/null 2>&1 || continue
  jq -s -r '
    def mean: add / length;
    def se: (mean as $m | (map((. - $m) * (. - $m)) | add) / (length - 1) / length | sqrt);
    (map(.rows[0].drop) | add) as $d
    | (map(.rows[0].increase) | add) as $i
    | (map(.seconds) | add) as $s
    | (map(.seconds / .samples) | sort | .[length / 2 | floor]) as $med
    | "\(.[0].rows[0].method)\t\($d | mean * 100)\t\($d | se * 100)\t\($i | mean * 100)\t\($i | se * 100)\t\($d | length)\t\($s)\t\($s / ($d | length))\t\($med)"' \
    "$out/$m"-[0-9][0-9][0-9].json |
    awk -F'\t' '{ printf "%-28s %7.2f ±%5.2f %7.2f ±%5.2f %6d %9.0f %7.2f %7.2f\n", $1, $2, $3, $4, $5, $6, $7, $8, $9 }'
done
