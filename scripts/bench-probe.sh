#!/usr/bin/env bash
# Probing many live endpoints: N `openssl s_server` processes on 127.0.0.1 (RSA-2048, the
# Genesys lab certificate, OpenSSL's defaults), then `tlskit probe` of all of them with the
# full scan (TLS 1.3 + TLS 1.2 handshakes + legacy versions + every TLS <= 1.2 suite),
# several runs, median and spread; and sslyze's time for the same endpoints and versions
# when it is installed (pip install sslyze). Writes target/bench/probe.json.
#
#   scripts/bench-probe.sh [--endpoints N (200)] [--runs N (3)] [--no-sslyze]
set -euo pipefail
cd "$(dirname "$0")/.."
N=200
RUNS=3
SSLYZE=1
while [ $# -gt 0 ]; do
  case "$1" in
    --endpoints) N=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --no-sslyze) SSLYZE=0; shift ;;
    *) echo "bench-probe.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
cargo build --release -q
TLSKIT=$PWD/target/release/tlskit
certs=testdata/genesys-lab/certs/certs
chmod 600 $certs/*priv_key*.pem
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
ulimit -n 65536 2>/dev/null || true

base=$(( 20000 + RANDOM % 20000 ))
endpoints=()
for i in $(seq 0 $((N - 1))); do
  port=$((base + i))
  openssl s_server -quiet -accept 127.0.0.1:$port -cert $certs/ms-01_cert.pem \
    -key $certs/ms-01_priv_key.pem </dev/null >/dev/null 2>&1 &
  pids+=($!)
  endpoints+=(127.0.0.1:$port)
done
# Wait until each server's own port is listening (LISTEN sockets in /proc/net/tcp).
want=$(for i in $(seq 0 $((N - 1))); do printf ':%04X\n' $((base + i)); done)
for _ in $(seq 1 300); do
  up=$(awk 'NR>1 && $4=="0A" {print substr($2, index($2, ":"))}' /proc/net/tcp | grep -cxF "$want" || true)
  [ "$up" -ge "$N" ] && break
  sleep 0.1
done

median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.2f", m}'; }
spread() { sort -n | awk 'NR==1{lo=$1} {hi=$1} END {printf "%.2f-%.2f", lo, hi}'; }

times=()
for r in $(seq 1 "$RUNS"); do
  start=$(date +%s.%N)
  "$TLSKIT" probe "${endpoints[@]}" --format json > "$work/probe.json" || true
  end=$(date +%s.%N)
  times+=("$(echo "$end - $start" | bc)")
done
conns=$(python3 -c "import json; d=json.load(open('$work/probe.json')); print(sum(e['connections'] for e in d['endpoints']))")
ok=$(python3 -c "import json; d=json.load(open('$work/probe.json')); print(sum(1 for e in d['endpoints'] if any(a['ok'] for a in e['attempts'])))")
t_med=$(printf '%s\n' "${times[@]}" | median)
t_spread=$(printf '%s\n' "${times[@]}" | spread)

s_time=null
if [ "$SSLYZE" = 1 ] && python3 -c "import sslyze" 2>/dev/null; then
  start=$(date +%s.%N)
  python3 -m sslyze --quiet --sslv3 --tlsv1 --tlsv1_1 --tlsv1_2 --tlsv1_3 \
    --json_out="$work/sslyze.json" "${endpoints[@]}" >/dev/null 2>&1 || true
  end=$(date +%s.%N)
  s_time=$(printf '%.2f' "$(echo "$end - $start" | bc)")
fi

mkdir -p target/bench
cat > target/bench/probe.json <<JSON
{"endpoints": $N, "runs": $RUNS, "tlskit_seconds_median": $t_med, "tlskit_seconds_spread": "$t_spread",
 "handshakes_ok": $ok, "connections": $conns, "sslyze_seconds": $s_time}
JSON
printf '%-44s %s\n' "probe of $N endpoints, full scan (tlskit)" "${t_med} s median (${t_spread} s over $RUNS runs)"
printf '%-44s %s\n' "  endpoints with a handshake / connections" "$ok / $conns"
printf '%-44s %s\n' "same endpoints and versions (sslyze)" "${s_time} s"
