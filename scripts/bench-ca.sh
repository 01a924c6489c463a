#!/usr/bin/env bash
# Benchmark: issuing N host certificates (key, certificate, PEM + PFX) with `tlskit ca issue
# --batch` against the openssl pipeline a create_cert.sh-style script runs per host
# (openssl req -newkey, openssl x509 -req, openssl pkcs12 -export), for RSA-2048 and ECDSA
# P-256, on the same machine in the same run.
#
#   scripts/bench-ca.sh [HOSTS (100)] [RUNS (3)]
#
# Each tool issues with a CA made beforehand, outside the timing. Prints the medians and
# ratios; writes target/bench/ca.json.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100}
RUNS=${2:-3}
command -v openssl >/dev/null || { echo "openssl is required" >&2; exit 2; }
# TLSKIT names a binary built beforehand (e.g. one kept aside while the shared target
# folder moves on); else the release build of this tree, in $CARGO_TARGET_DIR if set.
if [ -z "${TLSKIT:-}" ]; then
  cargo build --release -q
  TLSKIT=$(realpath "${CARGO_TARGET_DIR:-target}")/release/tlskit
fi
REPO=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

seq 1 "$N" | awk 'BEGIN { print "host,cn,ips,dns" } { printf "h%d.bench.example.com,,10.9.%d.%d,\n", $1, int($1/250), $1%250 }' > hosts.csv

# The CAs are made before any clock starts (an RSA CA key's generation is not issuance):
# one per tool and key kind, copied afresh (untimed) for every run.
make_cas() { # kind
  local kind=$1 dir=$work/ca-openssl-$kind
  mkdir -p "$dir"
  if [ "$kind" = rsa ]; then newkey=(-newkey rsa:2048); kt=rsa; else newkey=(-newkey ec -pkeyopt ec_paramgen_curve:P-256); kt=ecdsa-p256; fi
  openssl req -x509 "${newkey[@]}" -nodes -keyout "$dir/ca.key" -out "$dir/ca.pem" -subj "/CN=Bench CA" -days 365 2>/dev/null
  printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=DNS:$ENV::HOST\n' > "$dir/ext"
  "$TLSKIT" ca init --dir "$work/ca-tlskit-$kind" --cn "Bench CA" --key-type "$kt" >/dev/null
}

openssl_pipeline() { # kind dir
  local kind=$1 dir=$2
  if [ "$kind" = rsa ]; then newkey=(-newkey rsa:2048); else newkey=(-newkey ec -pkeyopt ec_paramgen_curve:P-256); fi
  for i in $(seq 1 "$N"); do
    export HOST="h$i.bench.example.com"
    openssl req -new "${newkey[@]}" -nodes -keyout "$dir/$i.key" -out "$dir/$i.csr" -subj "/CN=$HOST" 2>/dev/null
    openssl x509 -req -in "$dir/$i.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -set_serial "$i" -days 100 \
      -extfile "$dir/ext" -out "$dir/$i.pem" 2>/dev/null
    openssl pkcs12 -export -in "$dir/$i.pem" -inkey "$dir/$i.key" -out "$dir/$i.pfx" -passout pass: 2>/dev/null
  done
}

tlskit_batch() { # kind dir
  local kind=$1 dir=$2
  if [ "$kind" = rsa ]; then kt=rsa; else kt=ecdsa-p256; fi
  "$TLSKIT" ca issue --dir "$dir" --batch hosts.csv --key-type "$kt" >/dev/null
}

measure() { # tool kind: RUNS runs, each on a fresh copy of the CA; only the issuance is timed
  local tool=$1 kind=$2 out=() dir t0 t1
  for _ in $(seq 1 "$RUNS"); do
    dir=$(mktemp -d -p "$work")
    cp -a "$work/ca-$tool-$kind/." "$dir/"
    sync # the copy's dirty pages are not the run's to flush
    if [ "$tool" = openssl ]; then
      t0=$(date +%s.%N); openssl_pipeline "$kind" "$dir"; t1=$(date +%s.%N)
      [ "$(ls "$dir"/*.pfx | wc -l)" -eq "$N" ] || { echo "openssl wrote the wrong number of files" >&2; exit 1; }
    else
      t0=$(date +%s.%N); tlskit_batch "$kind" "$dir"; t1=$(date +%s.%N)
      [ "$(ls "$dir/ca_conf/repository" | wc -l)" -eq $((N * 3)) ] || { echo "tlskit wrote the wrong number of files" >&2; exit 1; }
    fi
    out+=("$(echo "$t1 - $t0" | bc)")
    rm -rf "$dir"
  done
  printf '%s\n' "${out[@]}" | sort -n > "times.$tool-$kind"
}

for kind in rsa ec; do
  make_cas "$kind"
  echo "issuing $N $kind hosts ($RUNS runs each) ..." >&2
  measure openssl "$kind"
  measure tlskit "$kind"
done

python3 - "$N" "$RUNS" "$REPO" <<'EOF'
import json, os, statistics, sys
n, runs, repo = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
res = {}
print(f"issuing {n} hosts (key, certificate, PEM + PFX; CA made beforehand), median of {runs} runs, {os.cpu_count()} cores")
print(f"{'':10} {'openssl s':>10} {'tlskit s':>10} {'ratio':>7}   spread openssl / tlskit")
for kind, label in (("rsa", "RSA-2048"), ("ec", "ECDSA P-256")):
    o = [float(x) for x in open(f"times.openssl-{kind}")]
    t = [float(x) for x in open(f"times.tlskit-{kind}")]
    mo, mt = statistics.median(o), statistics.median(t)
    res[label] = {"openssl_s": mo, "tlskit_s": mt, "ratio": mo / mt, "openssl_min_max": [min(o), max(o)], "tlskit_min_max": [min(t), max(t)]}
    print(f"{label:10} {mo:10.3f} {mt:10.3f} {mo/mt:6.1f}x   {min(o):.2f}-{max(o):.2f} / {min(t):.3f}-{max(t):.3f}")
os.makedirs(os.path.join(repo, "target/bench"), exist_ok=True)
json.dump({"hosts": n, "runs": runs, "results": res}, open(os.path.join(repo, "target/bench/ca.json"), "w"), indent=2)
EOF
