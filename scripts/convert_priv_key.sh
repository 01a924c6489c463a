#!/usr/bin/env bash
# Drop-in for the Security Pack's convert_priv_key.sh, natively by tlskit.
#   convert_priv_key.sh -in INPUTFILE -out OUTFILE [-informat pfx|pkcs8|pkcs12|rsa]
#                       [-outformat pkcs8|rsa] [-encrypt]
# Passwords are asked for on the terminal (or given as TLSKIT_PASSIN / TLSKIT_PASSOUT
# specs: env:VAR or file:PATH), never on the command line.
set -euo pipefail
TLSKIT=${TLSKIT:-tlskit}
in='' out=''
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    -in) in=$2; shift 2 ;;
    -out) out=$2; shift 2 ;;
    -informat) args+=(--informat "$2"); shift 2 ;;
    -outformat) args+=(--outformat "$2"); shift 2 ;;
    -encrypt) args+=(--encrypt --passout "${TLSKIT_PASSOUT:-prompt}"); shift ;;
    *) echo "convert_priv_key.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$in" ] && [ -n "$out" ] || { echo "convert_priv_key.sh: -in and -out are required" >&2; exit 2; }
[ -n "${TLSKIT_PASSIN:-}" ] && args+=(--passin "$TLSKIT_PASSIN")
exec "$TLSKIT" key convert "$in" "$out" "${args[@]}"
