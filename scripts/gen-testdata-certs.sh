#!/usr/bin/env bash
# Generates the certificates, keys and CRL that testdata/ refers to, with the openssl CLI.
# The output is committed; tests that judge validity pin --at inside the validity window
# (2026-01-01 .. 2036-01-01). Re-run only to rebuild testdata from scratch.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v openssl >/dev/null || { echo "openssl is required" >&2; exit 2; }

START=20260101000000Z
END=20360101000000Z
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A minimal `openssl ca` setup so that dates are fixed and a CRL can be made.
make_ca() { # dir cn
  local dir=$1 cn=$2
  mkdir -p "$dir"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/$cn.key" -sha256 \
    -subj "/C=US/O=Genesys Lab/CN=$cn" -days 3653 \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out "$work/$cn.crt" 2>/dev/null
  # Re-sign with fixed dates through `openssl ca -selfsign`.
  mkdir -p "$work/$cn.db"
  : > "$work/$cn.db/index.txt"
  echo 1000 > "$work/$cn.db/serial"
  echo 1000 > "$work/$cn.db/crlnumber"
  cat > "$work/$cn.cnf" <<EOF
[ca]
default_ca = lab
[lab]
dir = $work/$cn.db
database = \$dir/index.txt
serial = \$dir/serial
crlnumber = \$dir/crlnumber
new_certs_dir = \$dir
certificate = $work/$cn.crt
private_key = $work/$cn.key
default_md = sha256
policy = any
copy_extensions = copy
unique_subject = no
preserve = yes
default_crl_days = 3650
[any]
commonName = supplied
organizationName = optional
countryName = optional
[v3_ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[leaf]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth,clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
  openssl req -new -key "$work/$cn.key" -subj "/C=US/O=Genesys Lab/CN=$cn" -out "$work/$cn.csr"
  openssl ca -batch -selfsign -config "$work/$cn.cnf" -extensions v3_ca -notext \
    -startdate $START -enddate $END -in "$work/$cn.csr" -out "$dir/$3" 2>/dev/null
  cp "$dir/$3" "$work/$cn.crt"
}

# leaf CA-name out-cert out-key fqdn [pkcs8]
leaf() {
  local ca=$1 cert=$2 key=$3 fqdn=$4 format=${5:-rsa}
  openssl genrsa -traditional -out "$work/leaf.key" 2048 2>/dev/null
  openssl req -new -key "$work/leaf.key" -subj "/C=US/O=Genesys Lab/CN=$fqdn" \
    -addext "subjectAltName=DNS:$fqdn" -out "$work/leaf.csr"
  openssl ca -batch -config "$work/$ca.cnf" -extensions leaf -notext \
    -startdate $START -enddate $END -in "$work/leaf.csr" -out "$cert" 2>/dev/null
  if [ "$format" = pkcs8 ]; then
    openssl pkcs8 -topk8 -nocrypt -in "$work/leaf.key" -out "$key"
  else
    cp "$work/leaf.key" "$key"
  fi
}

# --- the example deployment ---------------------------------------------------------
lab=testdata/genesys-lab/certs
rm -rf "$lab"; mkdir -p "$lab/ca" "$lab/certs" "$lab/windows"
make_ca "$lab/ca" "Genesys Lab CA" ca_cert.pem
for h in cs-01 cs-02 ms-01 ucs-01; do
  leaf "Genesys Lab CA" "$lab/certs/${h}_cert.pem" "$lab/certs/${h}_priv_key.pem" "$h.lab.example.com"
done
# The T-Server host runs Windows: its certificate lives in the Windows store, exported here
# so that thumbprints resolve (tlskit.toml windows-store). The key stays in the store.
leaf "Genesys Lab CA" "$lab/windows/ts-01_cert.pem" "$work/ts-01_priv_key.pem" "ts-01.lab.example.com"
# UCS is a Java application: its own certificate, with the key left in PKCS#1 by mistake.
leaf "Genesys Lab CA" "$lab/certs/ucs_cert.pem" "$lab/certs/ucs_priv_key.pem" "ucs-01.lab.example.com"
# ...and the converted key, named as the guide's convert_priv_key.sh example does.
openssl pkcs8 -topk8 -nocrypt -in "$lab/certs/ucs_priv_key.pem" -out "$lab/certs/ucs_priv_key_NEW.pem"

# A host certificate the CA has revoked, and the CA's CRL naming it.
leaf "Genesys Lab CA" "$lab/certs/revoked_cert.pem" "$lab/certs/revoked_priv_key.pem" "revoked.lab.example.com"
openssl ca -config "$work/Genesys Lab CA.cnf" -revoke "$lab/certs/revoked_cert.pem" -crl_reason keyCompromise 2>/dev/null
openssl ca -gencrl -crl_lastupdate $START -crl_nextupdate $END -config "$work/Genesys Lab CA.cnf" -out "$lab/ca/crl.pem" 2>/dev/null

# --- the guide's samples -----------------------------------------------------------
g=testdata/guide/files
rm -rf "$g"; mkdir -p "$g/home/tech/sec" "$g/etc/sec/ca" "$g/etc/sec/certs" "$g/etc/sec/crl"
make_ca "$g/etc/sec/ca" "Guide CA" certauth.pem
cp "$g/etc/sec/ca/certauth.pem" "$g/home/tech/sec/techpubs_dco.pem"
leaf "Guide CA" "$g/home/tech/sec/aix_cert.pem" "$g/home/tech/sec/aix_priv_key.pem" aix.example.com
leaf "Guide CA" "$g/etc/sec/certs/hostcert.pem" "$g/etc/sec/certs/privkey.pem" server.example.com
leaf "Guide CA" "$g/etc/sec/certs/servhostcert.pem" "$g/etc/sec/certs/servprivkey.pem" server.example.com
leaf "Guide CA" "$g/etc/sec/certs/clthostcert.pem" "$g/etc/sec/certs/cltprivkey.pem" client.example.com
openssl ca -gencrl -crl_lastupdate $START -crl_nextupdate $END -config "$work/Guide CA.cnf" -out "$g/etc/sec/crl/crllist.pem" 2>/dev/null

chmod 600 "$lab"/certs/*_priv_key.pem "$g"/home/tech/sec/*_priv_key.pem "$g"/etc/sec/certs/*privkey.pem
echo "testdata certificates written"
