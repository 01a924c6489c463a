#!/usr/bin/env python3
"""Writes the small files of the bad-input corpus, testdata/bad/. The large ones (a
10,000-certificate bundle, a 100 KB SAN list, a 1,000,000-entry CRL, a 50 MB INI line) are
made at test time by tests/bad_input.rs and scripts/bad-input.sh, not committed."""
import base64
import json
import os
import subprocess
import sys

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "testdata", "bad")
os.makedirs(out, exist_ok=True)
lab = os.path.join(os.path.dirname(__file__), "..", "testdata", "genesys-lab", "certs")
cert_pem = open(os.path.join(lab, "certs", "ms-01_cert.pem")).read()
cert_der = subprocess.run(["openssl", "x509", "-outform", "DER"], input=cert_pem.encode(),
                          capture_output=True, check=True).stdout


def put(name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


put("empty.pem", b"")
put("empty.cfg", b"")
put("whitespace.json", b"  \n\t \n")
put("truncated.pem", cert_pem[: len(cert_pem) // 2])
put("truncated-end.pem", cert_pem.replace("-----END CERTIFICATE-----", "-----END CERT"))
lines = cert_pem.splitlines()
lines[3] = "!!!!not*base64@@@@" + lines[3][18:]
put("bad-base64.pem", "\n".join(lines) + "\n")
put("trailing-garbage.der", cert_der + b"\x00garbage\xff" * 50)
put("truncated.der", cert_der[:300])
put("cut-length.der", b"\x30\x84\xff\xff\xff\xff" + cert_der[4:64])
# 4,000 nested SEQUENCEs: recursive-descent parsers without a depth limit overflow.
inner = b"\x05\x00"
for _ in range(4000):
    inner = b"\x30" + der_len(len(inner)) + inner
put("deep-asn1.der", inner)
put("deep-asn1.pem", "-----BEGIN CERTIFICATE-----\n" + base64.encodebytes(inner).decode() + "-----END CERTIFICATE-----\n")
put("not-a-key.pem", "-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEA\n-----END PRIVATE KEY-----\n")
put("garbage-rsa-key.pem", "-----BEGIN RSA PRIVATE KEY-----\n" + base64.encodebytes(b"\x30\x03\x02\x01\x00" * 20).decode() + "-----END RSA PRIVATE KEY-----\n")
put("garbage.pfx", b"\x30\x82\x01\x00" + os.urandom(0) + bytes(range(256)))
put("truncated.p12", subprocess.run(
    ["openssl", "pkcs12", "-export", "-nokeys", "-passout", "pass:"], input=cert_pem.encode(),
    capture_output=True, check=True).stdout[:200])
put("crl-garbage.crl", b"\x30\x82\x00\x10" + b"\x02\x01\x01" * 5)
put("binary.cfg", bytes((i * 7919) % 256 for i in range(4096)))
put("nul-bytes.cfg", b"[security]\nciphers=\x00\x00\x00HIGH\n")
put("utf16le.cfg", b"\xff\xfe" + "[security]\r\ntls-mutual=1\r\ncertificate=/etc/sec/c.pem\r\n".encode("utf-16-le"))
put("utf16be.json", b"\xfe\xff" + json.dumps({"hosts": [{"name": "h"}]}).encode("utf-16-be"))
put("windows-1252.cfg", "[security]\r\ncipher-list=HIGH:!aNULL \u2013 r\u00e9sum\u00e9\r\ncertificate=C:\\Certs\\caf\u00e9.pem\r\n".encode("cp1252"))
put("section-only.cfg", "[security" * 1000)
put("ini-garbage.cfg", "= =\n[[[]]]\n;;\nkey=\n=value\n[security]\ntls-mutual==1=\n" * 100)
put("json-bomb.json", "[" * 50000 + "]" * 50000)
put("json-bomb-export.json", '{"hosts": ' + "[" * 50000 + "]" * 50000 + "}")
put("json-truncated.json", '{"hosts": [{"name": "a", "userProperties": {"security": {"tls-mutual": "1"')
put("json-wrong-types.json", json.dumps({"hosts": {"a": 1}, "applications": "x"}))
put("json-dangling.json", json.dumps({
    "hosts": [{"name": "h.example.com", "osInfo": {"type": "Linux"}}],
    "applications": [
        {"name": "Self", "type": "CFGStatServer", "serverInfo": {"host": "h.example.com"},
         "portInfos": [{"id": "default", "port": "3000", "transportParams": "tls=1"}],
         "appServers": [{"appServer": "Self", "id": "default"},
                        {"appServer": "Self", "id": "no-such-port"},
                        {"appServer": "Missing", "id": "default"},
                        {"appServer": {"type": "CFGApplication", "name": "AlsoMissing"}, "id": "x"}]},
        {"name": "NoHost", "type": "CFGTServer", "serverInfo": {"host": "nowhere.example.com", "backupServer": "Ghost"},
         "portInfos": [{"id": "default", "port": "not-a-number", "transportParams": ";;;=;tls"}]},
    ]}, indent=1))
put("bad-ciphers.txt", "\n".join([
    "ALL:" * 2000, "@STRENGTH@SECLEVEL=99", "!!!!!", "+++", "-:-:-", "HIGH:!", "@SECLEVEL=",
    "DEFAULT@SECLEVEL=0", "A" * 5000, "ECDHE+AESGCM+" * 300, "\u00e9\u00e8", "TLS_AES_128_GCM_SHA256:::",
]) + "\n")
print(f"wrote {len(os.listdir(out))} files to {out}")
