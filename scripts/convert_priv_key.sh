#!/usr/bin/env bash
# Drop-in for the Security Pack's convert_priv_key.sh, natively by tlskit.
# Usage: convert_priv_key.sh -in INPUTFILE -out OUTFILE [-informat pfx|pkcs8|pkcs12|rsa]
#                            [-outformat pkcs8|rsa] [-encrypt]
# Passwords are asked for on the terminal (or given as TLSKIT_PASSIN / TLSKIT_PASSOUT
# specs: env:VAR or file:PATH), never on the command line.
set -euo pipefail
TLSKIT=${TLSKIT:-tlskit}
prog=convert_priv_key.sh
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
in='' out=''
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    -in) need "$@"; in=$2; shift 2 ;;
    -out) need "$@"; out=$2; shift 2 ;;
    -informat) need "$@"; args+=(--informat "$2"); shift 2 ;;
    -outformat) need "$@"; args+=(--outformat "$2"); shift 2 ;;
    -encrypt) args+=(--encrypt --passout "${TLSKIT_PASSOUT:-prompt}"); shift ;;
    *) echo "convert_priv_key.sh: unknown option $1 (see convert_priv_key.sh --help)" >&2; exit 2 ;;
  esac
done
[ -n "$in" ] && [ -n "$out" ] || { echo "convert_priv_key.sh: -in and -out are required" >&2; exit 2; }
[ -n "${TLSKIT_PASSIN:-}" ] && args+=(--passin "$TLSKIT_PASSIN")
find_tlskit
exec "$TLSKIT" key convert "$in" "$out" "${args[@]}"
