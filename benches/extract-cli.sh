#!/usr/bin/env bash
# Extraction through the command line, beside a plain scan of the same files in the same run:
# `derek extract --jobs 1` and `--jobs 2` to N-Quads, against `rg -c деді` (or grep).
#
#   benches/extract-cli.sh [--release|--opt] [ARTICLES]
#
#   --release  the release profile (a full optimized build: 20-30 min the first time)
#   --opt      the dev profile with derek itself at opt-level 3 (dependencies, RocksDB
#              included, stay as the dev profile compiled them: opt-level 2); minutes, and
#              the extraction code is optimized as in a release build
#
# Two corpora: ARTICLES generated articles (`derek gen`, default 20000, ~36 MB) and, when
# KazNERD is at $DEREK_SHARED/data/KazNERD (default ../shared), its valid and test sentences,
# four to an article (real news text), repeated five times under new ids so the run is long
# enough to time (the repeats find the per-word caches warm).
#
# Per corpus: MB/s of the scan, of --jobs 1 (wall clock and per CPU-second: on a shared machine
# the CPU time is the steadier figure) and of --jobs 2, and the two-core speed-up. The outputs
# of --jobs 1 and --jobs 2 are compared byte for byte.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/derek-target}"
mode="--release"
case "${1:-}" in
  --release|--opt) mode="$1"; shift ;;
esac
articles="${1:-20000}"
case "$mode" in
  --release) cargo build -q --release; derek="$CARGO_TARGET_DIR/release/derek" ;;
  --opt)
    cargo build -q --config 'profile.dev.package.derek.opt-level=3' \
      --config 'profile.dev.package.derek.debug-assertions=false' \
      --config 'profile.dev.package.derek.overflow-checks=false'
    derek="$CARGO_TARGET_DIR/debug/derek" ;;
esac
[ -x /usr/bin/time ] || { echo "benches: GNU time is not installed (apt-get install time)" >&2; exit 2; }
scanner="grep -c"
command -v rg >/dev/null && scanner="rg -c"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$derek" gen --articles "$articles" --seed 1 -o "$work/generated.jsonl"
corpora=("$work/generated.jsonl")
kaznerd="${DEREK_SHARED:-../shared}/data/KazNERD"
if [ -f "$kaznerd/IOB2_test.txt" ]; then
  for r in 1 2 3 4 5; do
    cat "$kaznerd/IOB2_valid.txt" "$kaznerd/IOB2_test.txt" | awk -v r="$r" '
      function flush() { if (s != "") { text = (n % 4 ? text " " : text) s; n++; s = "" }
        if (n == 4) { out(); } }
      function out() { gsub(/\\/, "\\\\", text); gsub(/"/, "\\\"", text)
        printf "{\"id\": \"kaznerd-%d-%d\", \"lang\": \"kk\", \"text\": \"%s\"}\n", r, a++, text
        text = ""; n = 0 }
      NF == 0 { flush(); next }
      { w = $1
        if (s == "" || w ~ /^[.,:;!?)»]$/ || s ~ /[(«]$/) s = s w; else s = s " " w }
      END { flush(); if (n) out() }'
  done > "$work/kaznerd.jsonl"
  corpora+=("$work/kaznerd.jsonl")
fi

# "WALL CPU" seconds of a command (CPU = user + system)
measure() {
  /usr/bin/time -f "%e %U %S" -o "$work/time" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$work/time"
}
rate() { awk -v m="$1" -v t="$2" 'BEGIN { printf "%.1f", m / (t > 0.005 ? t : 0.005) }'; }

echo
echo "## derek extract ($mode, $(date -u +%Y-%m-%d), $(nproc) cores)"
echo
echo "| corpus | MB | scan MB/s | --jobs 1 MB/s | per CPU-second | --jobs 2 MB/s | 2 cores / 1 |"
echo "|---|---|---|---|---|---|---|"
for c in "${corpora[@]}"; do
  mb=$(awk -v b="$(stat -c %s "$c")" 'BEGIN { printf "%.1f", b / 1e6 }')
  read -r t_scan _ < <(measure $scanner 'деді' "$c")
  read -r t1 cpu1 < <(measure "$derek" extract --jobs 1 --format nq -o "$work/one.nq" "$c")
  read -r t2 _ < <(measure "$derek" extract --jobs 2 --format nq -o "$work/two.nq" "$c")
  cmp -s "$work/one.nq" "$work/two.nq" || { echo "benches: --jobs 1 and --jobs 2 wrote different N-Quads for $c" >&2; exit 1; }
  echo "| $(basename "$c" .jsonl) | $mb | $(rate "$mb" "$t_scan") | $(rate "$mb" "$t1") | $(rate "$mb" "$cpu1") | $(rate "$mb" "$t2") | $(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.2f", a / b }')x |"
done
