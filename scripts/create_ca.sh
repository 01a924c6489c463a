#!/usr/bin/env bash
# Drop-in for the Security Pack's create_ca.sh: the same flags, natively by tlskit.
#   create_ca.sh -CN NAME [-E EMAIL] [-OU OU] [-O ORG] [-L CITY] [-S STATE] [-C CC]
#                [-keySz BITS] [-dgst sha256|sha384|sha512] [-time DAYS]
# Writes ca_conf/ in the current directory, as the script did.
set -euo pipefail
TLSKIT=${TLSKIT:-tlskit}
args=(ca init --dir .)
while [ $# -gt 0 ]; do
  case "$1" in
    -CN) args+=(--cn "$2"); shift 2 ;;
    -E) args+=(--email "$2"); shift 2 ;;
    -OU) args+=(--ou "$2"); shift 2 ;;
    -O) args+=(--org "$2"); shift 2 ;;
    -L) args+=(--locality "$2"); shift 2 ;;
    -S) args+=(--state "$2"); shift 2 ;;
    -C) args+=(--country "$2"); shift 2 ;;
    -keySz) args+=(--key-size "$2"); shift 2 ;;
    -dgst) args+=(--digest "$2"); shift 2 ;;
    -time) args+=(--days "$2"); shift 2 ;;
    *) echo "create_ca.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
exec "$TLSKIT" "${args[@]}"
