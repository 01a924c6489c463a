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
# ---- bounded-io: key-derivation bombs (issue 15, item 3) ----
# Encrypted keys whose stated cost would abort the process, eat gigabytes or run for
# minutes; tlskit refuses each before deriving anything (src/pki/kdf.rs).
def tlv(tag, body):
    return bytes([tag]) + der_len(len(body)) + body


def seq(*parts):
    return tlv(0x30, b"".join(parts))


def integer(n):
    b = n.to_bytes((n.bit_length() + 8) // 8 or 1, "big")
    return tlv(0x02, b)


def oid(dotted):
    arcs = [int(a) for a in dotted.split(".")]
    out = bytes([40 * arcs[0] + arcs[1]])
    for a in arcs[2:]:
        chunk = [a & 0x7F]
        a >>= 7
        while a:
            chunk.insert(0, 0x80 | (a & 0x7F))
            a >>= 7
        out += bytes(chunk)
    return tlv(0x06, out)


PBES2, PBKDF2, SCRYPT = oid("1.2.840.113549.1.5.13"), oid("1.2.840.113549.1.5.12"), oid("1.3.6.1.4.1.11591.4.11")
AES256, HMAC_SHA256 = oid("2.16.840.1.101.3.4.1.42"), oid("1.2.840.113549.2.9")


def pbes2(kdf, iv=b"\x07" * 16):
    return seq(PBES2, seq(kdf, seq(AES256, tlv(0x04, iv))))


def scrypt(n, r, p):
    return seq(SCRYPT, seq(tlv(0x04, b"\x01" * 16), integer(n), integer(r), integer(p)))


def pbkdf2(iterations, salt=b"\x01" * 16):
    return seq(PBKDF2, seq(tlv(0x04, salt), integer(iterations), seq(HMAC_SHA256, b"\x05\x00")))


def epki(kdf):
    return seq(pbes2(kdf), tlv(0x04, b"\x09" * 48))


def key_pem(der):
    return "-----BEGIN ENCRYPTED PRIVATE KEY-----\n" + base64.encodebytes(der).decode() + "-----END ENCRYPTED PRIVATE KEY-----\n"


DATA, ENC_DATA = oid("1.2.840.113549.1.7.1"), oid("1.2.840.113549.1.7.6")
SHROUDED = oid("1.2.840.113549.1.12.10.1.2")


def data_info(content):
    return seq(DATA, tlv(0xA0, tlv(0x04, content)))


def pfx(safes, mac_iterations=None):
    parts = integer(3) + data_info(seq(*safes))
    if mac_iterations is not None:
        digest = seq(seq(oid("2.16.840.1.101.3.4.2.1"), b"\x05\x00"), tlv(0x04, b"\x00" * 32))
        parts += seq(digest, tlv(0x04, b"\x02" * 8), integer(mac_iterations))
    return tlv(0x30, parts)


def encrypted_safe(bags, password=b""):
    """PBES2 (PBKDF2-SHA256, 2,048 rounds, AES-256-CBC) as OpenSSL 3 writes it."""
    import hashlib
    salt, iv = b"\x03" * 16, b"\x04" * 16
    key = hashlib.pbkdf2_hmac("sha256", password, salt, 2048, 32)
    ct = subprocess.run(["openssl", "enc", "-aes-256-cbc", "-K", key.hex(), "-iv", iv.hex()],
                        input=seq(*bags), capture_output=True, check=True).stdout
    info = seq(DATA, pbes2(pbkdf2(2048, salt), iv), tlv(0x80, ct))
    return seq(ENC_DATA, tlv(0xA0, seq(integer(0), info)))


put("kdf-scrypt-2p40.pem", key_pem(epki(scrypt(1 << 40, 8, 1))))   # a 1 PiB allocation
put("kdf-scrypt-2p21.pem", key_pem(epki(scrypt(1 << 21, 8, 1))))   # 2 GiB
put("kdf-pbkdf2-2p31.pem", key_pem(epki(pbkdf2(2**31 - 1))))        # minutes of CPU
put("kdf-scrypt-1gib-p16.p12", pfx([data_info(seq(seq(SHROUDED, tlv(0xA0, epki(scrypt(1 << 20, 8, 16))))))]))
put("kdf-mac-2p31.p12", pfx([data_info(seq())], 2**31 - 1))


def real_epki(iterations, password=b""):
    """A real EC key, encrypted as a PKCS#12 library would decrypt it (so that it goes on
    to the next bag rather than failing at the first)."""
    import hashlib
    # PEM, which is PKCS#8 (genpkey's DER of an RSA key is PKCS#1).
    pem_key = subprocess.run(["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
                             capture_output=True, check=True).stdout.decode()
    der = base64.b64decode("".join(l for l in pem_key.splitlines() if not l.startswith("-----")))
    salt, iv = b"\x05" * 16, b"\x06" * 16
    key = hashlib.pbkdf2_hmac("sha256", password, salt, iterations, 32)
    ct = subprocess.run(["openssl", "enc", "-aes-256-cbc", "-K", key.hex(), "-iv", iv.hex()],
                        input=der, capture_output=True, check=True).stdout
    return seq(pbes2(pbkdf2(iterations, salt), iv), tlv(0x04, ct))


# 200 bags of a million rounds each (one key, repeated: p12-keystore derives each anew),
# inside a safe encrypted under the empty password that tlskit tries by default.
put("kdf-many-bags.p12", pfx([encrypted_safe([seq(SHROUDED, tlv(0xA0, real_epki(1_000_000)))] * 200)]))

print(f"wrote {len(os.listdir(out))} files to {out}")
