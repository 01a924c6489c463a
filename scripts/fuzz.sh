#!/usr/bin/env bash
# Runs every cargo-fuzz target (or the ones named) for SECONDS each and prints a table of
# executions and crashes. Crashes land in fuzz/artifacts/<target>/; once fixed, copy each
# into fuzz/regressions/<target>/, which `cargo test --test tests fuzz_regressions::` replays.
#
#   scripts/fuzz.sh [SECONDS (60)] [TARGET...]
#
# Needs the nightly toolchain and cargo-fuzz (installed here if missing). Targets run one
# after another on one core, so the machine stays usable.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
shift || true
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
if [ $# -gt 0 ]; then targets=("$@"); else mapfile -t targets < <(cargo +nightly fuzz list); fi

out=target/fuzz
mkdir -p "$out"
seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT
# Seeds: the bundled lab PKI and configuration, plus DER, PKCS#12 and CRL forms of it.
lab=testdata/genesys-lab/certs
openssl x509 -in $lab/certs/ms-01_cert.pem -outform DER -out "$seeds/cert.der"
openssl pkey -in $lab/certs/ms-01_priv_key.pem -outform DER -out "$seeds/key.der"
openssl crl -in $lab/ca/crl.pem -outform DER -out "$seeds/crl.der"
openssl pkcs12 -export -in $lab/certs/ms-01_cert.pem -inkey $lab/certs/ms-01_priv_key.pem \
  -passout pass: -out "$seeds/a.p12"
seed() { # target → files
  case $1 in
    ini) find testdata -name '*.cfg' -o -name '*.conf' -o -name '*.toml' ;;
    transport) printf 'tls=1;certificate=/a/b.pem;certificate-key=/a/k.pem;trusted-ca=/a/ca.pem\n' > "$seeds/tp"; echo "$seeds/tp" ;;
    deployment_json) find testdata -name '*.json' ;;
    cipher_string) for s in 'HIGH:!aNULL:!MD5' 'ALL:COMPLEMENTOFALL:@SECLEVEL=0' 'ECDHE+AESGCM:-SHA1:@STRENGTH' 'DEFAULT:!3DES:+RC4'; do
        f="$seeds/c$RANDOM"; printf '%s' "$s" > "$f"; echo "$f"; done ;;
    cert_bundle) find testdata -name '*.pem'; echo "$seeds/cert.der" ;;
    key) printf '\0' | cat - "$seeds/key.der" > "$seeds/k0"; echo "$seeds/k0" ;;
    crl) echo "$seeds/crl.der" ;;
    pkcs12) echo "$seeds/a.p12" ;;
    server_hello) printf '\x16\x03\x03\x00\x2a\x02\x00\x00\x26\x03\x03%032d\x00\xc0\x2f\x00' 0 > "$seeds/sh"; printf '\x15\x03\x03\x00\x02\x02\x28' > "$seeds/al"; echo "$seeds/sh"; echo "$seeds/al" ;;
  esac
}

printf '%-16s %8s %14s %8s\n' target seconds executions crashes > "$out/summary.txt"
for t in "${targets[@]}"; do
  corpus="$out/corpus/$t"
  mkdir -p "$corpus" "fuzz/regressions/$t"
  seed "$t" | while read -r f; do [ -f "$f" ] && cp "$f" "$corpus/" || true; done
  set +e
  cargo +nightly fuzz run "$t" "$corpus" "fuzz/regressions/$t" -- \
    -max_total_time="$secs" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
    -print_final_stats=1 > "$out/$t.log" 2>&1
  set -e
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$out/$t.log" | grep -o '[0-9]*$' | tail -1)
  crashes=$(find "fuzz/artifacts/$t" -type f 2>/dev/null | wc -l)
  printf '%-16s %8s %14s %8s\n' "$t" "$secs" "${execs:-?}" "$crashes" | tee -a "$out/summary.txt"
done
echo
cat "$out/summary.txt"
! grep -qE ' [1-9][0-9]*$' <(tail -n +2 "$out/summary.txt")
