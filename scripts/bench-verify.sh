#!/usr/bin/env bash
# Benchmark: chain + CRL verification of N RSA-2048 leaves (root → intermediate → leaf)
# against a CRL of M revoked serials, by `openssl verify -crl_check` in one process and by
# `tlskit cert verify` in one process, on the same files, in the same run.
#
#   scripts/bench-verify.sh [LEAVES (1000)] [REVOKED (50000)] [RUNS (5)]
#
# Prints the median and spread of each and the ratio; writes target/bench/verify.json.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}
M=${2:-50000}
RUNS=${3:-5}
command -v openssl >/dev/null || { echo "openssl is required" >&2; exit 2; }
cargo build --release -q
TLSKIT=$PWD/target/release/tlskit
work=$(mktemp -d)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
cd "$work"

echo "generating $N leaves and a CRL of $M entries in $work ..." >&2
openssl req -x509 -newkey rsa:2048 -nodes -keyout root.key -out root.pem -subj "/CN=Bench Root" \
  -days 3650 -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -new -newkey rsa:2048 -nodes -keyout inter.key -out inter.csr -subj "/CN=Bench Issuing CA" 2>/dev/null
printf 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n' > inter.ext
openssl x509 -req -in inter.csr -CA root.pem -CAkey root.key -set_serial 2 -days 3650 -extfile inter.ext -out inter.pem 2>/dev/null
# One leaf key for all leaves: key generation is not what is measured.
openssl genrsa -out leaf.key 2048 2>/dev/null
mkdir leaves
for i in $(seq 1 "$N"); do
  printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=DNS:h%s.bench.example.com\nauthorityKeyIdentifier=keyid\n' "$i" > leaf.ext
  openssl req -new -key leaf.key -subj "/CN=h$i.bench.example.com" 2>/dev/null \
    | openssl x509 -req -CA inter.pem -CAkey inter.key -set_serial $((1000000 + i)) -days 825 -extfile leaf.ext -out "leaves/$i.pem" 2>/dev/null
done
# The CRL: an openssl ca database with M revoked serials (plus two real leaves).
mkdir ca && touch ca/index.txt && echo 01 > ca/crlnumber
python3 - "$M" <<'EOF'
import sys
m = int(sys.argv[1])
with open("ca/index.txt", "w") as f:
    for s in list(range(0x500000, 0x500000 + m)) + [1000001, 1000002]:
        h = f"{s:X}"
        h = "0" * (len(h) % 2) + h  # openssl ca wants whole bytes
        f.write(f"R\t300101000000Z\t250101000000Z\t{h}\tunknown\t/CN=revoked{s}\n")
EOF
cat > ca.cnf <<EOF
[ca]
default_ca = x
[x]
database = ca/index.txt
crlnumber = ca/crlnumber
certificate = inter.pem
private_key = inter.key
default_md = sha256
default_crl_days = 30
EOF
openssl ca -gencrl -config ca.cnf -out crl.pem 2>gencrl.err || { cat gencrl.err >&2; exit 1; }
ls leaves/*.pem > list.txt

run_openssl() { xargs openssl verify -CAfile root.pem -untrusted inter.pem -CRLfile crl.pem -crl_check < list.txt > out.openssl 2>&1 || true; }
run_tlskit() { xargs "$TLSKIT" cert verify --trusted-ca root.pem --untrusted inter.pem --crl crl.pem --format json < list.txt > out.tlskit 2>&1 || true; }

measure() { # name function
  local times=()
  for _ in $(seq 1 "$RUNS"); do
    local t0 t1
    t0=$(date +%s.%N); "$2"; t1=$(date +%s.%N)
    times+=("$(echo "$t1 - $t0" | bc)")
  done
  printf '%s\n' "${times[@]}" | sort -n > "times.$1"
}
measure openssl run_openssl
measure tlskit run_tlskit

revoked_openssl=$(grep -c "certificate revoked" out.openssl || true)
revoked_tlskit=$(grep -o '"rule": "cert-revoked"' out.tlskit | wc -l)
python3 - "$N" "$M" "$RUNS" "$revoked_openssl" "$revoked_tlskit" "$OLDPWD" <<'EOF'
import json, statistics, sys, os
n, m, runs, ro, rt, repo = sys.argv[1:7]
t = {k: [float(x) for x in open(f"times.{k}")] for k in ("openssl", "tlskit")}
med = {k: statistics.median(v) for k, v in t.items()}
spread = {k: (min(v), max(v)) for k, v in t.items()}
ratio = med["openssl"] / med["tlskit"]
print(f"chain + CRL verification of {n} leaves, CRL of {m} entries, {runs} runs each")
print(f"{'tool':10} {'median s':>10} {'min':>8} {'max':>8} {'revoked found':>14}")
print(f"{'openssl':10} {med['openssl']:10.3f} {spread['openssl'][0]:8.3f} {spread['openssl'][1]:8.3f} {ro:>14}")
print(f"{'tlskit':10} {med['tlskit']:10.3f} {spread['tlskit'][0]:8.3f} {spread['tlskit'][1]:8.3f} {rt:>14}")
print(f"tlskit is {ratio:.1f}x faster than openssl verify -crl_check")
os.makedirs(os.path.join(repo, "target/bench"), exist_ok=True)
json.dump({"leaves": int(n), "revoked": int(m), "runs": int(runs), "median_s": med, "min_max_s": spread,
           "ratio": ratio, "revoked_found": {"openssl": int(ro), "tlskit": int(rt)}},
          open(os.path.join(repo, "target/bench/verify.json"), "w"), indent=2)
EOF
