#!/usr/bin/env bash
# Generates the certificates, keys and CRLs under testdata/rules/<rule>/files/ with the
# openssl CLI: the dedicated files of the rule fixtures whose mistake is in a certificate,
# a chain, a key or a CRL (the other fixtures use testdata/genesys-lab/certs and
# testdata/guide/files). The output is committed; re-run only to rebuild it from scratch
# (new keys, same names, subjects, dates and extensions). testdata/rules/README.md lists
# what each files/ folder holds. trusted-ca-not-ca, multiple-trust-roots and
# key-file-permissions copy lab files: re-run them after scripts/gen-testdata-certs.sh.
#
# Every fixture that uses these files is linted with --at 2030-06-01T00:00:00Z (its
# case.toml). CAs and normal host certificates are valid 2026-01-01 .. 2036-01-01, like the
# lab's; the certificates about time have dates around that instant.
#
#   scripts/gen-rule-fixtures.sh            all of them
#   scripts/gen-rule-fixtures.sh RULE...    only those rules' files/
set -euo pipefail
cd "$(dirname "$0")/.."
command -v openssl >/dev/null || { echo "openssl is required" >&2; exit 2; }

R=testdata/rules
LAB=testdata/genesys-lab/certs
START=20260101000000Z
END=20360101000000Z
SUBJ="/C=US/O=Genesys Lab"  # + /CN=…; make_ca takes another organisation from ORG
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# quiet CMD...: runs CMD, showing its output only when it fails.
quiet() { "$@" >"$work/log" 2>&1 || { cat "$work/log" >&2; echo "failed: $*" >&2; exit 1; }; }

# newkey OUT [rsa:BITS]: an RSA private key in PKCS#1 (BEGIN RSA PRIVATE KEY), as the
# Security Pack's create_cert.sh writes them for native applications.
newkey() {
  local out=$1 bits=${2:-rsa:2048}
  quiet openssl genrsa -traditional -out "$out" "${bits#rsa:}"
  chmod 600 "$out"
}

# ca_conf ID CERT KEY: an `openssl ca` setup (fixed dates, CRLs) for the CA CERT/KEY. CA_KU
# replaces the CA's keyUsage, CA_EXT adds a line to its extensions.
ca_conf() {
  local id=$1 cert=$2 key=$3
  mkdir -p "$work/$id.db"
  : > "$work/$id.db/index.txt"
  echo 1000 > "$work/$id.db/serial"
  echo 1000 > "$work/$id.db/crlnumber"
  cat > "$work/$id.cnf" <<EOF
[ca]
default_ca = ca
[ca]
dir = $work/$id.db
database = \$dir/index.txt
serial = \$dir/serial
crlnumber = \$dir/crlnumber
new_certs_dir = \$dir
certificate = $cert
private_key = $key
default_md = sha256
policy = any
unique_subject = no
preserve = yes
default_crl_days = 3650
[any]
commonName = supplied
organizationName = optional
countryName = optional
[v3_ca]
basicConstraints = critical,CA:TRUE
keyUsage = ${CA_KU:-critical,keyCertSign,cRLSign}
subjectKeyIdentifier = hash
${CA_EXT:-}
EOF
}

# make_ca ID CN OUT-CERT: a self-signed root (RSA 2048, SHA-256, 2026-01-01 .. 2036-01-01).
# Its key stays in the work folder unless CA_KEY_OUT names a file to copy it to.
make_ca() {
  local id=$1 cn=$2 out=$3
  newkey "$work/$id.key"
  ca_conf "$id" "$work/$id.crt" "$work/$id.key"
  quiet openssl req -new -key "$work/$id.key" -subj "/C=US/O=${ORG:-Genesys Lab}/CN=$cn" -out "$work/$id.csr"
  quiet openssl ca -batch -selfsign -config "$work/$id.cnf" -extensions v3_ca -notext \
    -keyfile "$work/$id.key" -startdate $START -enddate $END -in "$work/$id.csr" -out "$work/$id.crt"
  mkdir -p "$(dirname "$out")"
  cp "$work/$id.crt" "$out"
  if [ -n "${CA_KEY_OUT:-}" ]; then cp "$work/$id.key" "$CA_KEY_OUT"; chmod 600 "$CA_KEY_OUT"; fi
}

# make_intermediate PARENT-ID ID CN OUT-CERT: an intermediate CA issued by PARENT-ID.
make_intermediate() {
  local parent=$1 id=$2 cn=$3 out=$4
  newkey "$work/$id.key"
  ca_conf "$id" "$work/$id.crt" "$work/$id.key"
  quiet openssl req -new -key "$work/$id.key" -subj "$SUBJ/CN=$cn" -out "$work/$id.csr"
  printf '[ext]\nbasicConstraints = critical,CA:TRUE,pathlen:0\nkeyUsage = critical,keyCertSign,cRLSign\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n' > "$work/$id.ext"
  quiet openssl ca -batch -config "$work/$parent.cnf" -extfile "$work/$id.ext" -extensions ext \
    -notext -startdate $START -enddate $END -in "$work/$id.csr" -out "$work/$id.crt"
  mkdir -p "$(dirname "$out")"
  cp "$work/$id.crt" "$out"
}

# leaf CA-ID OUT-CERT OUT-KEY FQDN: a host certificate as the guide recommends (SAN and CN,
# serverAuth+clientAuth, digitalSignature+keyEncipherment, SHA-256, RSA 2048). These
# variables change one property: SAN (the subjectAltName value, `none` for no extension),
# BC (basicConstraints), EKU, KU, FROM and TO (dates), MD (digest), BITS (rsa:BITS), AKI
# (`none` to leave the authorityKeyIdentifier out), KEY (an existing key file to certify instead of a new one),
# CN (the subject's CN, the FQDN by default), SERIAL (the serial, hex, instead of the CA's next
# one), EXTRA (one more line of extensions).
leaf() {
  local ca=$1 cert=$2 key=$3 fqdn=$4
  local ext="$work/leaf.ext"
  {
    echo "[ext]"
    echo "basicConstraints = ${BC:-CA:FALSE}"
    echo "keyUsage = ${KU:-critical,digitalSignature,keyEncipherment}"
    echo "extendedKeyUsage = ${EKU:-serverAuth,clientAuth}"
    [ "${SAN:-}" = none ] || echo "subjectAltName = ${SAN:-DNS:$fqdn}"
    echo "subjectKeyIdentifier = hash"
    echo "authorityKeyIdentifier = ${AKI:-keyid}"
    [ -z "${EXTRA:-}" ] || echo "$EXTRA"
  } > "$ext"
  mkdir -p "$(dirname "$cert")" "$(dirname "$key")"
  if [ -n "${KEY:-}" ]; then
    cp "$KEY" "$work/leaf.key"
  else
    newkey "$work/leaf.key" "${BITS:-rsa:2048}"
  fi
  [ -z "${SERIAL:-}" ] || echo "$SERIAL" > "$work/$ca.db/serial"
  quiet openssl req -new -key "$work/leaf.key" -subj "$SUBJ/CN=${CN:-$fqdn}" -out "$work/leaf.csr"
  quiet openssl ca -batch -config "$work/$ca.cnf" -extfile "$ext" -extensions ext -notext \
    -md "${MD:-sha256}" -startdate "${FROM:-$START}" -enddate "${TO:-$END}" \
    -in "$work/leaf.csr" -out "$cert"
  if [ "$key" != - ]; then cp "$work/leaf.key" "$key"; chmod 600 "$key"; fi
}

# crl CA-ID OUT LAST NEXT: the CA's CRL (every certificate it has revoked) for LAST .. NEXT.
crl() {
  quiet openssl ca -gencrl -config "$work/$1.cnf" -crl_lastupdate "$3" -crl_nextupdate "$4" -out "$2"
}

# revoke CA-ID CERT REASON
revoke() {
  quiet openssl ca -config "$work/$1.cnf" -revoke "$2" -crl_reason "$3"
}

H=ms-01.lab.example.com

# The common layout of the fixtures whose mistake is in a file: the configuration of bad/
# and good/ is the same (/etc/sec/ca/ca_cert.pem, /etc/sec/certs/ms-01_cert.pem,
# /etc/sec/certs/ms-01_priv_key.pem); each side's tlskit.toml maps /etc/sec/certs to
# files/bad or files/good, and /etc/sec/ca to files/ca.
start_rule() { # RULE: a fresh files/ with the rule's own CA "Genesys Lab CA"
  F=$R/$1/files
  rm -rf "$F"
  mkdir -p "$F/ca" "$F/bad" "$F/good"
  make_ca "$1" "Genesys Lab CA" "$F/ca/ca_cert.pem"
}

gen_cert_expired() {
  start_rule cert-expired
  FROM=20260101000000Z TO=20290101000000Z leaf cert-expired "$F/bad/ms-01_cert.pem" "$F/bad/ms-01_priv_key.pem" $H
  FROM=20281215000000Z TO=20311215000000Z leaf cert-expired "$F/good/ms-01_cert.pem" "$F/good/ms-01_priv_key.pem" $H
}

gen_cert_not_yet_valid() {
  start_rule cert-not-yet-valid
  FROM=20300701000000Z TO=20330701000000Z leaf cert-not-yet-valid "$F/bad/ms-01_cert.pem" "$F/bad/ms-01_priv_key.pem" $H
  FROM=20300501000000Z TO=20330501000000Z leaf cert-not-yet-valid "$F/good/ms-01_cert.pem" "$F/good/ms-01_priv_key.pem" $H
}

gen_cert_expires_soon() {
  start_rule cert-expires-soon
  FROM=20290613000000Z TO=20300613000000Z leaf cert-expires-soon "$F/bad/ms-01_cert.pem" "$F/bad/ms-01_priv_key.pem" $H
  FROM=20300527000000Z TO=20310527000000Z leaf cert-expires-soon "$F/good/ms-01_cert.pem" "$F/good/ms-01_priv_key.pem" $H
}

gen_weak_signature_hash() {
  start_rule weak-signature-hash
  MD=sha1 leaf weak-signature-hash "$F/bad/ms-01_cert.pem" "$F/bad/ms-01_priv_key.pem" $H
  leaf weak-signature-hash "$F/good/ms-01_cert.pem" "$F/good/ms-01_priv_key.pem" $H
}

gen_weak_key() {
  start_rule weak-key
  BITS=rsa:1024 leaf weak-key "$F/bad/ms-01_cert.pem" "$F/bad/ms-01_priv_key.pem" $H
  leaf weak-key "$F/good/ms-01_cert.pem" "$F/good/ms-01_priv_key.pem" $H
}

gen_missing_eku() {
  start_rule missing-eku
  EKU=serverAuth leaf missing-eku "$F/bad/ms-01_cert.pem" "$F/bad/ms-01_priv_key.pem" $H
  leaf missing-eku "$F/good/ms-01_cert.pem" "$F/good/ms-01_priv_key.pem" $H
}

gen_key_usage_incompatible() {
  start_rule key-usage-incompatible
  KU=critical,nonRepudiation leaf key-usage-incompatible "$F/bad/ms-01_cert.pem" "$F/bad/ms-01_priv_key.pem" $H
  leaf key-usage-incompatible "$F/good/ms-01_cert.pem" "$F/good/ms-01_priv_key.pem" $H
}

gen_no_san() {
  start_rule no-san
  SAN=none leaf no-san "$F/bad/ms-01_cert.pem" "$F/bad/ms-01_priv_key.pem" $H
  leaf no-san "$F/good/ms-01_cert.pem" "$F/good/ms-01_priv_key.pem" $H
}

gen_wildcard_name() {
  start_rule wildcard-name
  SAN="DNS:$H,DNS:*.lab.example.com" leaf wildcard-name "$F/bad/ms-01_cert.pem" "$F/bad/ms-01_priv_key.pem" $H
  leaf wildcard-name "$F/good/ms-01_cert.pem" "$F/good/ms-01_priv_key.pem" $H
}

gen_leaf_is_ca() {
  # A host certificate issued with the CA profile (basicConstraints CA:TRUE) by mistake.
  start_rule leaf-is-ca
  BC=critical,CA:TRUE leaf leaf-is-ca "$F/bad/ms-01_cert.pem" "$F/bad/ms-01_priv_key.pem" $H
  leaf leaf-is-ca "$F/good/ms-01_cert.pem" "$F/good/ms-01_priv_key.pem" $H
}

gen_self_signed_leaf() {
  start_rule self-signed-leaf
  # A host certificate signed with its own key (`openssl ca -selfsign`, for fixed dates),
  # with the extensions of a CA-issued one.
  newkey "$F/bad/ms-01_priv_key.pem"
  ca_conf self-signed-leaf-ss "$work/ss.crt" "$F/bad/ms-01_priv_key.pem"
  printf '[ext]\nbasicConstraints = CA:FALSE\nkeyUsage = critical,digitalSignature,keyEncipherment\nextendedKeyUsage = serverAuth,clientAuth\nsubjectAltName = DNS:%s\nsubjectKeyIdentifier = hash\n' $H > "$work/ss.ext"
  quiet openssl req -new -key "$F/bad/ms-01_priv_key.pem" -subj "$SUBJ/CN=$H" -out "$work/ss.csr"
  quiet openssl ca -batch -selfsign -config "$work/self-signed-leaf-ss.cnf" -keyfile "$F/bad/ms-01_priv_key.pem" \
    -extfile "$work/ss.ext" -extensions ext -notext -startdate $START -enddate $END \
    -in "$work/ss.csr" -out "$F/bad/ms-01_cert.pem"
  leaf self-signed-leaf "$F/good/ms-01_cert.pem" "$F/good/ms-01_priv_key.pem" $H
}

chain_pki() { # RULE: root in files/ca, intermediate, leaf in $work
  start_rule "$1"
  make_intermediate "$1" "$1-int" "Genesys Lab Issuing CA" "$work/intermediate.pem"
  leaf "$1-int" "$work/leaf.pem" "$F/bad/ms-01_priv_key.pem" $H
  cp "$F/bad/ms-01_priv_key.pem" "$F/good/ms-01_priv_key.pem"
}

gen_chain_incomplete() {
  chain_pki chain-incomplete
  cp "$work/leaf.pem" "$F/bad/ms-01_cert.pem"
  cat "$work/leaf.pem" "$work/intermediate.pem" > "$F/good/ms-01_cert.pem"
}

gen_chain_order() {
  chain_pki chain-order
  cat "$work/intermediate.pem" "$work/leaf.pem" > "$F/bad/ms-01_cert.pem"
  cat "$work/leaf.pem" "$work/intermediate.pem" > "$F/good/ms-01_cert.pem"
}

gen_chain_signature_invalid() {
  start_rule chain-signature-invalid
  # The issuing CA (intermediate) was made again under the same name with a new key. The
  # certificate file holds ms-01's old certificate, issued with the old key, followed by the
  # new intermediate: the signature of the leaf does not verify with the intermediate in the
  # file. The old certificate names its issuer by name only (no authorityKeyIdentifier), so
  # the intermediate of the file is taken as its issuer.
  make_intermediate chain-signature-invalid chain-signature-invalid-old "Genesys Lab Issuing CA" "$work/old_intermediate.pem"
  make_intermediate chain-signature-invalid chain-signature-invalid-int "Genesys Lab Issuing CA" "$work/intermediate.pem"
  AKI=none leaf chain-signature-invalid-old "$work/old_leaf.pem" "$F/bad/ms-01_priv_key.pem" $H
  cat "$work/old_leaf.pem" "$work/intermediate.pem" > "$F/bad/ms-01_cert.pem"
  leaf chain-signature-invalid-int "$work/leaf.pem" "$F/good/ms-01_priv_key.pem" $H
  cat "$work/leaf.pem" "$work/intermediate.pem" > "$F/good/ms-01_cert.pem"
}

gen_cert_revoked() {
  # ms-01's certificate was revoked (key compromise) and is still configured; the clients
  # check the CA's CRL. cs-01 (the client) keeps its valid certificate in files/certs.
  start_rule cert-revoked
  mkdir -p "$F/certs"
  leaf cert-revoked "$F/certs/cs-01_cert.pem" "$F/certs/cs-01_priv_key.pem" cs-01.lab.example.com
  leaf cert-revoked "$F/bad/ms-01_cert.pem" "$F/bad/ms-01_priv_key.pem" $H
  revoke cert-revoked "$F/bad/ms-01_cert.pem" keyCompromise
  leaf cert-revoked "$F/good/ms-01_cert.pem" "$F/good/ms-01_priv_key.pem" $H
  crl cert-revoked "$F/ca/crl.pem" $START $END
}

gen_crl_expired() {
  start_rule crl-expired
  mkdir -p "$F/certs"
  leaf crl-expired "$F/certs/ms-01_cert.pem" "$F/certs/ms-01_priv_key.pem" $H
  crl crl-expired "$F/bad/crl.pem" 20290101000000Z 20290201000000Z
  crl crl-expired "$F/good/crl.pem" 20300501000000Z 20300801000000Z
}

gen_crl_signature_invalid() {
  start_rule crl-signature-invalid
  mkdir -p "$F/certs"
  leaf crl-signature-invalid "$F/certs/ms-01_cert.pem" "$F/certs/ms-01_priv_key.pem" $H
  # Another CA of the same name (another key) signs the bad CRL.
  make_ca crl-signature-invalid-other "Genesys Lab CA" "$work/other_ca.pem"
  crl crl-signature-invalid-other "$F/bad/crl.pem" $START $END
  crl crl-signature-invalid "$F/good/crl.pem" $START $END
}

# corp_cert RULE HOST: HOST's certificate from "Example Corp Root CA", a CA no Genesys
# application trusts, installed with its chain (leaf, root) in files/certs.
corp_cert() {
  local rule=$1 h=$2
  F=$R/$rule/files
  rm -rf "$F"; mkdir -p "$F/certs"
  ORG="Example Corp" make_ca "$rule-corp" "Example Corp Root CA" "$work/corp_root.pem"
  leaf "$rule-corp" "$work/corp_leaf.pem" "$F/certs/${h}_priv_key.pem" "$h.lab.example.com"
  cat "$work/corp_leaf.pem" "$work/corp_root.pem" > "$F/certs/${h}_cert.pem"
}

gen_chain_untrusted() { corp_cert chain-untrusted ms-01; }
gen_handshake_server_untrusted() { corp_cert handshake-server-untrusted ms-01; }
gen_handshake_client_untrusted() { corp_cert handshake-client-untrusted cs-01; }

gen_trusted_ca_not_ca() {
  # The lab CA's file with ms-01's host certificate appended to it.
  F=$R/trusted-ca-not-ca/files
  rm -rf "$F"; mkdir -p "$F/ca"
  cat $LAB/ca/ca_cert.pem $LAB/certs/ms-01_cert.pem > "$F/ca/ca_cert.pem"
}

gen_multiple_trust_roots() {
  # The lab CA's file with the guide's sample CA (certauth.pem) appended to it.
  F=$R/multiple-trust-roots/files
  rm -rf "$F"; mkdir -p "$F/ca"
  cat $LAB/ca/ca_cert.pem testdata/guide/files/etc/sec/ca/certauth.pem > "$F/ca/ca_cert.pem"
}

gen_key_file_permissions() {
  # Copies of the lab's ms-01 certificate and key: the fixture changes the key's mode
  # (case.toml setup), which must not touch the files other tests share.
  F=$R/key-file-permissions/files
  rm -rf "$F"; mkdir -p "$F/certs"
  cp $LAB/certs/ms-01_cert.pem $LAB/certs/ms-01_priv_key.pem "$F/certs/"
  chmod 600 "$F/certs/ms-01_priv_key.pem"
}

# The structural defects of RFC 5280 and the CA/B Forum (issue 17): one property changed
# from the normal host certificate (or CA, or CRL).
cert_rule() { # RULE, then the variables of `leaf` for the bad certificate in the environment
  local rule=$1
  start_rule "$rule"
  leaf "$rule" "$F/bad/ms-01_cert.pem" "$F/bad/ms-01_priv_key.pem" $H
  SERIAL= CN= SAN= AKI= EKU= EXTRA= leaf "$rule" "$F/good/ms-01_cert.pem" "$F/good/ms-01_priv_key.pem" $H
}

gen_serial_number_invalid() { SERIAL=00 cert_rule serial-number-invalid; }
gen_key_identifier_invalid() { AKI=none cert_rule key-identifier-invalid; }
gen_extension_criticality_wrong() { SAN="critical,DNS:$H" cert_rule extension-criticality-wrong; }
gen_cn_not_in_san() { CN=ms-01 cert_rule cn-not-in-san; }
gen_dns_name_invalid() { SAN="DNS:$H,DNS:ms_01.lab.example.com" cert_rule dns-name-invalid; }
gen_aia_malformed() { EXTRA="1.3.6.1.5.5.7.1.1 = DER:30:00" cert_rule aia-malformed; }
gen_eku_misused() { EKU="critical,serverAuth,clientAuth" cert_rule eku-misused; }
gen_critical_extension_unhandled() { AKI="critical,keyid" cert_rule critical-extension-unhandled; }

# ca_rule RULE: a whole PKI per side (CA, ms-01, the CA's CRL) in files/bad and files/good,
# for the defects of a CA or of its CRL; each side's tlskit.toml maps /etc/sec/ca,
# /etc/sec/certs and /etc/sec/crl to its folder.
ca_side() { # RULE SIDE
  local id=$1-$2 d=$R/$1/files/$2
  mkdir -p "$d"
  make_ca "$id" "Genesys Lab CA" "$d/ca_cert.pem"
  leaf "$id" "$d/ms-01_cert.pem" "$d/ms-01_priv_key.pem" $H
  # Without the crlnumber line, `openssl ca -gencrl` writes no CRL number.
  [ -z "${NO_CRLNUMBER:-}" ] || sed -i "/^crlnumber/d" "$work/$id.cnf"
  crl "$id" "$d/crl.pem" $START $END
}
ca_rule() { # RULE, then CA_KU, CA_EXT, NO_CRLNUMBER for the bad side in the environment
  rm -rf "$R/$1/files"
  ca_side "$1" bad
  CA_KU= CA_EXT= NO_CRLNUMBER= ca_side "$1" good
}

gen_name_constraints_malformed() {
  CA_EXT="nameConstraints = critical,permitted;DNS:.lab.example.com" ca_rule name-constraints-malformed
}
gen_crl_issuer_without_crl_sign() { CA_KU=critical,keyCertSign ca_rule crl-issuer-without-crl-sign; }
gen_crl_number_missing() { NO_CRLNUMBER=1 ca_rule crl-number-missing; }

# "$@": rules to make; none: all.
all_rules=(cert-expired cert-not-yet-valid cert-expires-soon weak-signature-hash weak-key
  missing-eku key-usage-incompatible no-san wildcard-name leaf-is-ca self-signed-leaf
  chain-incomplete chain-order chain-signature-invalid cert-revoked crl-expired crl-signature-invalid
  chain-untrusted handshake-server-untrusted handshake-client-untrusted trusted-ca-not-ca
  multiple-trust-roots key-file-permissions serial-number-invalid key-identifier-invalid
  extension-criticality-wrong cn-not-in-san dns-name-invalid aia-malformed eku-misused
  critical-extension-unhandled name-constraints-malformed crl-issuer-without-crl-sign
  crl-number-missing)
[ $# -gt 0 ] || set -- "${all_rules[@]}"
for rule in "$@"; do
  fn="gen_${rule//-/_}"
  declare -F "$fn" >/dev/null || { echo "no generator for $rule" >&2; exit 2; }
  "$fn"
  echo "testdata/rules/$rule/files written"
done
