#!/usr/bin/env bash
# The bad-input corpus on the release build, with peak memory: runs tests/bad_input.rs
# (which makes the large inputs and checks exit codes, one-line errors and time), then every
# command on every input again under /usr/bin/time -v, and fails if any run's peak RSS
# passes its bound: 10 times the input's size plus 64 MiB, and never MAX_RSS_MB. Writes
# target/bad-input/summary.json.
#
#   scripts/bad-input.sh [MAX_RSS_MB (512)]
set -euo pipefail
cd "$(dirname "$0")/.."
max_mb=${1:-512}
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
TLSKIT_BAD_DIR=$work/gen cargo test -q --release --test tests bad_input:: -- --nocapture 2>&1 \
  | grep -E '^bad-input corpus:|KiB input'
cargo build -q --release
bin=target/release/tlskit
worst=0
worst_run=""
runs=0
start=$(date +%s.%N)
over=""
for f in testdata/bad/* "$work"/gen/* "$work"/gen-bounds/* /dev/zero; do
  # The input's size: a file's, or a folder's files together.
  size=$( (du -sbL "$f" 2>/dev/null || true) | awk '{print $1}'); size=${size:-0}
  # tlskit.toml is the documented exception: its TOML reader holds ~30 times the text.
  factor=10; [ -f "$f/tlskit.toml" ] && factor=30
  bound=$(( (factor * size / 1024 + 64 * 1024) ))
  [ "$bound" -le $((max_mb * 1024)) ] || bound=$((max_mb * 1024))
  for cmd in "lint" "cert inspect" "cert verify" "key convert"; do
    case $cmd in
      "cert verify") args=("$f" --trusted-ca "$f") ;;
      "key convert") rm -f "$work/out.key"; args=("$f" "$work/out.key") ;;
      *) args=("$f") ;;
    esac
    # shellcheck disable=SC2086
    /usr/bin/time -v -o "$work/time.txt" $bin $cmd "${args[@]}" >/dev/null 2>"$work/err.txt" || true
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
    code=$(awk -F': ' '/Exit status/ {print $2}' "$work/time.txt")
    runs=$((runs + 1))
    if [ "$code" -gt 2 ]; then
      echo "FAIL: tlskit $cmd ${args[*]}: exit $code"; cat "$work/err.txt"; exit 1
    fi
    if [ "$rss" -gt "$worst" ]; then worst=$rss; worst_run="$cmd $(basename "$f")"; fi
    if [ "$rss" -gt "$bound" ]; then
      over="$over\n  tlskit $cmd $(basename "$f"): $((rss / 1024)) MiB for $((size / 1024)) KiB of input (bound $((bound / 1024)) MiB)"
    fi
  done
done
# ---- bounded-io (issue 15): key-derivation bombs given a password, so that nothing stops
# before the derivation would, and 200,000 empty PEM blocks; worst time and peak RSS. ----
python3 -c "import sys; open(sys.argv[1], 'w').write('-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n' * 200000)" \
  "$work/empty-blocks-200000.pem"
io_runs=0 io_worst_rss=0 io_worst_s=0 io_worst_run=""
for f in testdata/bad/kdf-* "$work/empty-blocks-200000.pem"; do
  for cmd in "key convert" "cert inspect"; do
    case $cmd in
      "key convert") rm -f "$work/out.key"; args=("$f" "$work/out.key" --passin pass:) ;;
      *) args=("$f" --passin pass:) ;;
    esac
    # shellcheck disable=SC2086
    /usr/bin/time -v -o "$work/time.txt" timeout 60 $bin $cmd "${args[@]}" >/dev/null 2>"$work/err.txt" || true
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
    code=$(awk -F': ' '/Exit status/ {print $2}' "$work/time.txt")
    secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$work/time.txt")
    io_runs=$((io_runs + 1))
    if [ "$code" -gt 2 ] || [ "$(wc -l <"$work/err.txt")" -gt 1 ] || [ "$(wc -c <"$work/err.txt")" -gt 1024 ]; then
      echo "FAIL: tlskit $cmd ${args[*]}: exit $code, $(wc -c <"$work/err.txt") bytes on stderr"; head -c 300 "$work/err.txt"; exit 1
    fi
    if [ "$rss" -gt "$io_worst_rss" ]; then io_worst_rss=$rss; io_worst_run="$cmd $(basename "$f")"; fi
    if [ "$(echo "$secs > $io_worst_s" | bc)" = 1 ]; then io_worst_s=$secs; fi
  done
done
printf 'bad-input bombs (KDF, 200,000 empty PEM blocks), release build: %d runs, worst %.2f s; peak RSS %d MiB (%s)\n' \
  "$io_runs" "$io_worst_s" $((io_worst_rss / 1024)) "$io_worst_run"
[ $((io_worst_rss / 1024)) -le 64 ] || { echo "FAIL: a refused key derivation peaked above 64 MiB"; exit 1; }
[ "$(echo "$io_worst_s < 10" | bc)" = 1 ] || { echo "FAIL: a bomb took 10 s or more"; exit 1; }
# ---- end bounded-io ----
end=$(date +%s.%N)
printf 'bad-input corpus, release build: %d runs in %.1f s; peak RSS %d MiB (%s)\n' \
  "$runs" "$(echo "$end - $start" | bc)" $((worst / 1024)) "$worst_run"
mkdir -p target/bad-input
printf '{"runs": %d, "seconds": %.1f, "peak_rss_mib": %d, "peak_run": "%s", "over_bound": %d}\n' \
  "$runs" "$(echo "$end - $start" | bc)" $((worst / 1024)) "$worst_run" \
  "$(printf "$over" | grep -c tlskit || true)" > target/bad-input/summary.json
if [ -n "$over" ]; then printf "FAIL: above the bound of 10 x input + 64 MiB:$over\n"; exit 1; fi
[ $((worst / 1024)) -le "$max_mb" ] || { echo "FAIL: peak RSS above $max_mb MiB"; exit 1; }
