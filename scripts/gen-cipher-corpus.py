#!/usr/bin/env python3
"""Packs the golden cipher-string corpus for tests/differential_ciphers.rs.

Input: JSON lines as written by the OpenSSL research probe (`probe.c`, which calls the real
SSL_CTX_set_cipher_list of OpenSSL 3.0.19 on a fresh TLS_method() context, OPENSSL_CONF=/dev/null):
  {"input": STRING, "outcome": "ok"|"invalid"|"nomatch", "seclevel_after": N, "tls12": [NAMES] | null}
Output: testdata/openssl/cipher-corpus-3.0.19.json, the same facts with the suite lists written
as indices into a name table (the raw file is 4 MB, mostly repeated lists).

Usage: scripts/gen-cipher-corpus.py expected-openssl-3.0.19.jsonl > testdata/openssl/cipher-corpus-3.0.19.json
"""
import json
import sys

rows = [json.loads(line) for line in open(sys.argv[1])]
names = []
index = {}
lists = []
list_index = {}
cases = []
for r in rows:
    lst = r["tls12"] or []
    for n in lst:
        if n not in index:
            index[n] = len(names)
            names.append(n)
    key = " ".join(str(index[n]) for n in lst)
    if key not in list_index:
        list_index[key] = len(lists)
        lists.append(key)
    cases.append([r["input"], r["outcome"], r["seclevel_after"], list_index[key] if r["tls12"] is not None else None])
doc = {
    "openssl": "OpenSSL 3.0.19 27 Jan 2026 (Debian build, default security level 2)",
    "how": "SSL_CTX_set_cipher_list on a fresh SSL_CTX(TLS_method()), OPENSSL_CONF=/dev/null; "
           "outcome ok / invalid (invalid command: the list is unchanged) / nomatch (no cipher match); "
           "seclevel after the call; the TLS <= 1.2 list the context holds after the call",
    "names": names,
    "lists": lists,
    "cases": cases,
}
# one case per line, so that diffs stay readable
print(json.dumps({k: v for k, v in doc.items() if k != "cases"}, ensure_ascii=False)[:-1] + ',"cases":[')
print(",\n".join(json.dumps(c, ensure_ascii=False) for c in cases))
print("]}")
