#!/usr/bin/env bash
# Compares what two tlskit binaries print, command by command, on testdata and on the
# benchmark deployment: every lint format with a fixed --at, resolve, rules (the list and
# every rule), cert inspect and cert verify of the lab certificates, ciphers. A refactor
# keeps all of it byte-identical; the script prints each difference and exits 1 if any.
#
#   scripts/same-output.sh OLD_BINARY NEW_BINARY [BENCH_DIR]
#
# BENCH_DIR is a deployment made by scripts/gen-bench-deployment (default: made here at a
# tenth of the benchmark's size). SAME_IGNORE, a regular expression, leaves out lines that
# are meant to change (e.g. SAME_IGNORE=implemented while rules move into their files).
set -uo pipefail
cd "$(dirname "$0")/.."
old=$(realpath "$1")
new=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bench=${3:-}
if [ -z "$bench" ]; then
  bench=$work/bench
  scripts/gen-bench-deployment --hosts 30 --apps 300 --connections 1500 --certs 100 \
    --revoked 5000 --tlskit "$new" "$bench" 2>/dev/null
fi
at=2026-11-22T00:00:00Z
runs=0
diffs=0
same() { # name, then the command's arguments
  local name=$1; shift
  runs=$((runs + 1))
  "$old" "$@" >"$work/old.out" 2>"$work/old.err"; local oc=$?
  "$new" "$@" >"$work/new.out" 2>"$work/new.err"; local nc=$?
  if [ -n "${SAME_IGNORE:-}" ]; then
    for f in old.out new.out; do grep -vE "$SAME_IGNORE" "$work/$f" > "$work/$f.kept"; mv "$work/$f.kept" "$work/$f"; done
  fi
  if [ $oc -ne $nc ] || ! cmp -s "$work/old.out" "$work/new.out" || ! cmp -s "$work/old.err" "$work/new.err"; then
    diffs=$((diffs + 1))
    echo "DIFFERENT: $name (exit $oc -> $nc)"
    diff <(cat "$work/old.out" "$work/old.err") <(cat "$work/new.out" "$work/new.err") | head -20
  fi
}
deployments=(testdata/genesys-lab testdata/legacy-export "$bench")
for g in testdata/guide/*/; do deployments+=("$g"); done
for d in "${deployments[@]}"; do
  for f in text json sarif junit; do
    same "lint $d $f" lint "$d" --format "$f" --at "$at"
  done
  same "lint $d fail-on notice" lint "$d" --at "$at" --fail-on notice
  same "resolve $d" resolve "$d"
  same "resolve $d json" resolve "$d" --format json
done
same "rules" rules
same "rules json" rules --format json
for id in $("$new" rules --format json | python3 -c 'import json,sys; d=json.load(sys.stdin); d=d["rules"] if isinstance(d,dict) else d; print(" ".join(r["id"] for r in d))'); do
  same "rules $id" rules "$id"
  same "rules $id json" rules "$id" --format json
done
lab=testdata/genesys-lab/certs
for c in "$lab"/certs/*_cert.pem "$lab"/ca/*.pem "$lab"/windows/*.pem; do
  same "cert inspect $c" cert inspect "$c" --at "$at"
  same "cert inspect $c json" cert inspect "$c" --format json --at "$at"
  same "cert verify $c" cert verify "$c" --trusted-ca "$lab/ca/ca_cert.pem" --crl "$lab/ca/crl.pem" --at "$at"
  same "cert verify $c json" cert verify "$c" --trusted-ca "$lab/ca/ca_cert.pem" --format json --at "$at"
done
if [ -f "$bench/leaves.txt" ]; then
  mapfile -t leaves < <(head -300 "$bench/leaves.txt")
  inter=$bench/pki/inter/ca_conf/ca_cert.pem
  for f in text json; do
    same "cert verify bench leaves $f" cert verify "${leaves[@]}" --trusted-ca "$bench/pki/trusted-ca.pem" \
      --untrusted "$inter" --crl "$bench/pki/crl.pem" --at "$at" --format "$f"
  done
fi
for s in DEFAULT 'HIGH:!aNULL:!MD5' 'ECDHE+AESGCM:@STRENGTH' 'ALL:COMPLEMENTOFALL:@SECLEVEL=0' 'RC4:FOO'; do
  same "ciphers $s" ciphers "$s"
  same "ciphers $s json" ciphers "$s" --format json
done
echo "same-output: $runs commands, $diffs different"
[ "$diffs" -eq 0 ]
