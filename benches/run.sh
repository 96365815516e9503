#!/usr/bin/env bash
# Benchmarks that print one table. Every figure is measured beside a reference run in the same
# invocation, on the same generated corpus (derek gen: our own Kazakh sentence templates):
#   extraction  derek extract (one core) vs a plain scan of the same file (rg or grep)
#   build       derek build into an empty store vs `oxigraph load` of the same N-Quads
#   memory      peak RSS of derek build
#   queries     p50/p95 of every named query on the largest store
#
#   benches/run.sh --quick   1,000 articles (or $SIZES), the dev profile (what CI runs, a few
#                            minutes; dependencies, Oxigraph among them, are opt-level 2 there)
#   benches/run.sh --full    10,000 and 100,000 articles, --release (an hour on two cores)
#
# Needs: the derek build's prerequisites, `oxigraph` (pip install oxigraph), GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/derek-target}"

mode="${1:---quick}"
case "$mode" in
  --quick) sizes="${SIZES:-1000}"; profile="debug"; repeat=5; cargo build -q ;;
  --full) sizes="${SIZES:-10000 100000}"; profile="release"; repeat=5; cargo build -q --release ;;
  *) echo "usage: benches/run.sh [--quick|--full]" >&2; exit 2 ;;
esac
derek="$CARGO_TARGET_DIR/$profile/derek"
command -v oxigraph >/dev/null || { echo "benches: oxigraph is not installed (pip install oxigraph)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "benches: GNU time is not installed (apt-get install time)" >&2; exit 2; }
work="$(mktemp -d)"
if [ -n "${KEEP:-}" ]; then
  echo "benches: keeping corpora and stores in $work" >&2
else
  trap 'rm -rf "$work"' EXIT
fi

# seconds and peak RSS (MB) of a command: "SECONDS RSS_MB"
measure() {
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  read -r secs kb < "$work/time"
  echo "$secs $((kb / 1024))"
}

scanner="grep -c"
command -v rg >/dev/null && scanner="rg -c"

rows=()
largest=""
for n in $sizes; do
  corpus="$work/c$n.jsonl"
  "$derek" gen --articles "$n" --seed 1 -o "$corpus"
  mb=$(awk -v b="$(stat -c %s "$corpus")" 'BEGIN { printf "%.1f", b / 1e6 }')
  read -r t_scan _ < <(measure $scanner 'деді' "$corpus")
  read -r t_ex rss_ex < <(measure "$derek" extract --jobs 1 "$corpus" --format nq -o "$work/c$n.nq")
  quads=$(wc -l < "$work/c$n.nq")
  read -r t_build rss_build < <(measure "$derek" build -q --store "$work/s$n" "$corpus")
  read -r t_load rss_load < <(measure oxigraph load --location "$work/o$n" --file "$work/c$n.nq")
  rows+=("| $n | $mb | $quads | $(awk -v m="$mb" -v t="$t_ex" 'BEGIN { printf "%.1f", m / t }') MB/s ($(awk -v a="$t_ex" -v b="$t_scan" 'BEGIN { printf "%.0f", a / (b > 0.01 ? b : 0.01) }')x scan) | ${t_build} s | ${t_load} s | $(awk -v a="$t_build" -v b="$t_load" 'BEGIN { printf "%.2f", a / b }') | ${rss_build} MB | ${rss_load} MB |")
  largest="$n"
done

echo
echo "## derek benchmarks ($mode, $(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m))"
echo
echo "| articles | corpus MB | quads | extract (one core) | derek build | oxigraph load | ratio | derek RSS | oxigraph RSS |"
echo "|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
echo "Named queries on the $largest-article store ($repeat runs each, after one warm-up):"
echo
echo "| query | p50 | p95 | results |"
echo "|---|---|---|---|"
# A typical actor: the 25th most quoted (the first few of a generated corpus are the handful of
# ministries that appear in a quarter of all articles), or $ENTITY.
speaker="${ENTITY:-$("$derek" query --store "$work/s$largest" --name top-speakers --format tsv | sed -n 26p | cut -f1 | sed 's/"\(.*\)"@kk/\1/')}"
run_query() {
  local label="$1"; shift
  "$derek" query --store "$work/s$largest" "$@" --format csv >/dev/null
  local line p50 p95 res
  line=$("$derek" query --store "$work/s$largest" "$@" --repeat "$repeat" --format csv 2>&1 >/dev/null | grep latency)
  p50=$(echo "$line" | sed -E 's/.*p50 ([0-9.]+) ms.*/\1/')
  p95=$(echo "$line" | sed -E 's/.*p95 ([0-9.]+) ms.*/\1/')
  res=$(echo "$line" | sed -E 's/.*\(([0-9]+) results\).*/\1/')
  echo "| $label | $p50 ms | $p95 ms | $res |"
}
for q in who-said-what top-speakers adopted who-criticized-whom; do
  run_query "$q (all)" --name "$q"
done
# The first 1,000 rows of the answers that list rather than aggregate (the target: p95 < 1 s).
for q in who-said-what adopted who-criticized-whom; do
  run_query "$q (all, --limit 1000)" --name "$q" --limit 1000
done
for q in who-said-what adopted who-criticized-whom about-entity; do
  run_query "$q (name=$speaker)" --name "$q" --param "name=$speaker"
done
run_query "who-said-what (entity=${speaker%% *}, substring)" --name who-said-what --param "entity=${speaker%% *}"
run_query "about-entity (entity=${speaker%% *}, substring)" --name about-entity --param "entity=${speaker%% *}"
run_query "who-said-what (entity=${speaker%% *}, --limit 1000)" --name who-said-what --param "entity=${speaker%% *}" --limit 1000
run_query "about-entity (entity=${speaker%% *}, --limit 1000)" --name about-entity --param "entity=${speaker%% *}" --limit 1000
