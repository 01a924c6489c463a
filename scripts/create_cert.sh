#!/usr/bin/env bash
# Drop-in for the Security Pack's create_cert.sh: the same flags, natively by tlskit.
# Usage: create_cert.sh -host FQDN [-CN NAME] [-IP ADDR] [-SANDomain a,b] [-SANip x,y]
#                       [-E EMAIL] [-OU OU] [-O ORG] [-L CITY] [-S STATE] [-C CC]
#                       [-keySz BITS] [-dgst sha256|sha384|sha512] [-time DAYS]
# Writes ca_conf/repository/<serial>_<host>_cert.pem, _priv_key.pem and _cert.pfx.
set -euo pipefail
TLSKIT=${TLSKIT:-tlskit}
prog=create_cert.sh
usage() { sed -n '2,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//'; }
need() { # the flag, then what follows it
  if [ $# -lt 2 ] || [ -z "$2" ]; then
    echo "$prog: $1 needs a value (see $prog --help)" >&2
    exit 2
  fi
}
find_tlskit() {
  if ! command -v "$TLSKIT" >/dev/null 2>&1; then
    echo "$prog: tlskit not found (looked for \`$TLSKIT\`). Build it from the tlskit repository with \`cargo install --path .\`, or set TLSKIT to its path." >&2
    exit 127
  fi
}
args=(ca issue --dir .)
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    -host) need "$@"; args+=(--host "$2"); shift 2 ;;
    -CN) need "$@"; args+=(--cn "$2"); shift 2 ;;
    -IP) need "$@"; args+=(--ip "$2"); shift 2 ;;
    -SANDomain) need "$@"; args+=(--san-dns "$2"); shift 2 ;;
    -SANip) need "$@"; args+=(--san-ip "$2"); shift 2 ;;
    -E) need "$@"; args+=(--email "$2"); shift 2 ;;
    -OU) need "$@"; args+=(--ou "$2"); shift 2 ;;
    -O) need "$@"; args+=(--org "$2"); shift 2 ;;
    -L) need "$@"; args+=(--locality "$2"); shift 2 ;;
    -S) need "$@"; args+=(--state "$2"); shift 2 ;;
    -C) need "$@"; args+=(--country "$2"); shift 2 ;;
    -keySz) need "$@"; args+=(--key-size "$2"); shift 2 ;;
    -dgst) need "$@"; args+=(--digest "$2"); shift 2 ;;
    -time) need "$@"; args+=(--days "$2"); shift 2 ;;
    *) echo "create_cert.sh: unknown option $1 (see create_cert.sh --help)" >&2; exit 2 ;;
  esac
done
find_tlskit
exec "$TLSKIT" "${args[@]}"
