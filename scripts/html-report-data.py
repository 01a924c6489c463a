#!/usr/bin/env python3
"""Composes the data document of the HTML report (docs/html-report-data.md) from the JSON
outputs of `tlskit lint`, `tlskit resolve`, `tlskit rules ID` and `tlskit cert inspect`.

A prototype of what `tlskit lint --format html` computes in Rust, and the fixture maker
of the template's tests:

  scripts/html-report-data.py [--tlskit BIN] [--at RFC3339] [--name NAME] [-o OUT] PATH...

Every command runs in the current folder with the PATHs as given, so file names in the
document are the ones `lint --format json` prints. Exit 0 when the document was written
(whatever lint found), 2 when a command failed.
"""
import argparse
import json
import os
import subprocess
import sys
import tomllib

SCHEMA = "tlskit-html-report/1"
# The longest source excerpt of a finding, in characters: a one-line export (mutagen's
# COMPACT_JSON) has lines of megabytes.
SNIPPET_MAX = 160
SNIPPET_BEFORE = 60
SEVERITIES = ("error", "warning", "notice")


def run(tk, args, ok=(0,)):
    r = subprocess.run([tk] + args, capture_output=True, text=True)
    if r.returncode not in ok:
        sys.exit(f"html-report-data: {' '.join([tk] + args)} exited {r.returncode}: {r.stderr.strip()}")
    return json.loads(r.stdout)


# ---------------------------------------------------------------- path mapping (prototype)

def norm_parts(path):
    windows = len(path) > 1 and (path[1] == ":" or "\\" in path)
    parts = [p for p in path.replace("\\", "/").split("/") if p not in ("",)]
    return parts, windows


def load_path_map(paths, config):
    """[path-map] and [path-map.hosts."NAME"] of tlskit.toml, targets made local.
    What the Rust side already has as `settings.path_map`."""
    toml = config
    if toml is None:
        for p in paths:
            cand = os.path.join(p, "tlskit.toml")
            if os.path.isdir(p) and os.path.isfile(cand):
                toml = cand
                break
    if toml is None:
        return {}, {}, None, {}
    with open(toml, "rb") as f:
        doc = tomllib.load(f)
    base = os.path.dirname(toml)
    pm = dict(doc.get("path-map", {}))
    hosts = pm.pop("hosts", {}) or {}
    glob = {k: os.path.normpath(os.path.join(base, v)) for k, v in pm.items() if isinstance(v, str)}
    per_host = {h: {k: os.path.normpath(os.path.join(base, v)) for k, v in m.items()} for h, m in hosts.items()}
    store = doc.get("windows-store")
    if store:
        store = os.path.normpath(os.path.join(base, store))
    return glob, per_host, store, doc


def map_path(value, host, glob, per_host):
    parts, windows = norm_parts(value)
    key = (lambda s: s.lower()) if windows else (lambda s: s)
    for table in (per_host.get(host, {}), glob):
        best = None
        for frm, to in table.items():
            fparts, _ = norm_parts(frm)
            if len(fparts) <= len(parts) and [key(x) for x in parts[: len(fparts)]] == [key(x) for x in fparts]:
                if best is None or len(fparts) > best[0]:
                    best = (len(fparts), to)
        if best:
            return os.path.join(best[1], *parts[best[0]:])
    return value


def is_thumbprint(v):
    h = v.replace(" ", "").replace(":", "")
    return len(h) == 40 and all(c in "0123456789abcdefABCDEF" for c in h)


# ---------------------------------------------------------------- snippets

_lines_cache = {}


def source_line(file, line):
    if file not in _lines_cache:
        try:
            with open(file, "rb") as f:
                raw = f.read()
        except OSError:
            _lines_cache[file] = None
            return None
        if raw.startswith(b"\xff\xfe") or raw.startswith(b"\xfe\xff"):
            text = raw.decode("utf-16", errors="replace")
        else:
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = raw.decode("cp1252", errors="replace")
        _lines_cache[file] = text.split("\n")
    lines = _lines_cache[file]
    if lines is None or not line or line < 1 or line > len(lines):
        return None
    return lines[line - 1].rstrip("\r")


def snippet(loc):
    """The source line of a location, cut to SNIPPET_MAX characters around the column."""
    text = source_line(loc.get("file"), loc.get("line"))
    if text is None:
        return None
    col = loc.get("column") or 1
    col = max(1, min(col, len(text) + 1))
    start = 0
    if len(text) > SNIPPET_MAX:
        start = max(0, min(col - 1 - SNIPPET_BEFORE, len(text) - SNIPPET_MAX))
    cut = text[start:start + SNIPPET_MAX]
    return {"text": cut, "column": col - start, "cut_before": start > 0,
            "cut_after": start + SNIPPET_MAX < len(text)}


# ---------------------------------------------------------------- the document

def compose(a):
    tk = a.tlskit
    lint_args = ["lint", *a.paths, "--format", "json", "--fail-on", "never"]
    if a.at:
        lint_args += ["--at", a.at]
    lint = run(tk, lint_args)
    resolve = run(tk, ["resolve", *a.paths, "--format", "json"])
    at = lint["at"]
    glob, per_host, store, toml = load_path_map(a.paths, a.config)

    findings = []
    for f in lint["findings"]:
        g = {k: f.get(k) for k in ("rule", "severity", "message", "location", "object", "related", "help")}
        g["related"] = g["related"] or []
        g["help"] = g["help"] or None
        g["snippet"] = snippet(f["location"]) if f.get("location") else None
        findings.append(g)

    rules = {}
    for rid in sorted({f["rule"] for f in findings}):
        r = run(tk, ["rules", rid, "--format", "json"])
        rules[rid] = {k: r.get(k) for k in ("severity", "phase", "summary", "explanation", "source", "bad", "good")}

    by_port, by_conn = {}, {}
    for i, f in enumerate(findings):
        o = f["object"] or {}
        if o.get("connection"):
            by_conn.setdefault(o["connection"], []).append(i)
        elif o.get("application") and o.get("port"):
            by_port.setdefault((o["application"], o["port"]), []).append(i)

    # Hosts and applications, in the order resolve lists them.
    hosts, apps = {}, {}

    def host(name, os_=None):
        if name is None:
            return None
        h = hosts.setdefault(name, {"name": name, "os": None, "applications": [], "local_files": []})
        if os_ and not h["os"]:
            h["os"] = os_
        return h

    def app(name, host_name, **kw):
        a_ = apps.get(name)
        if a_ is None:
            a_ = apps[name] = {"name": name, "host": host_name, "type": None, "type_source": None,
                               "runtime": None, "ports": []}
            h = host(host_name)
            if h is not None:
                h["applications"].append(name)
        for k, v in kw.items():
            if v is not None and a_.get(k) is None:
                a_[k] = v
        return a_

    for p in resolve["ports"]:
        host(p["host"], p.get("os"))
        a_ = app(p["application"], p["host"], type=p.get("type"), type_source=p.get("type_source"),
                 runtime=p.get("runtime"))
        a_["ports"].append({"id": p["port"], "number": p.get("number"), "tls": bool(p.get("tls")),
                            "mutual": bool(p.get("mutual")), "upgrade": bool(p.get("upgrade")),
                            "ha_sync": bool(p.get("ha_sync")),
                            "findings": by_port.get((p["application"], p["port"]), [])})
    for c in resolve["connections"]:
        host(c["host"], c.get("os"))
        app(c["client"], c["host"], runtime=c.get("runtime"))
    for lf in resolve.get("local_files", []):
        host(lf["host"])["local_files"].append({"kind": lf["kind"], "file": lf["file"]})
    for f in findings:
        host((f["object"] or {}).get("host"))

    connections = []
    for c in resolve["connections"]:
        cid = f"{c['client']} -> {c['server']}:{c['port']}"
        idx = by_conn.get(cid, [])
        failing = sorted({findings[i]["rule"] for i in idx if findings[i]["rule"].startswith("handshake-")})
        pred = c.get("prediction")
        if failing:
            state = "fail"
        elif not c.get("target_found", True):
            state = "unresolved"
        elif not c.get("tls"):
            state = "plaintext"
        elif pred and pred.get("outcome") == "succeeds":
            state = "ok"
        elif pred and pred.get("outcome"):
            # A failure whose finding was not listed (findings are capped per rule and file).
            state = "fail"
            failing = ["handshake-" + pred["outcome"]]
        else:
            state = "unknown"
        connections.append({"client": c["client"], "server": c["server"], "port": c["port"],
                            "tls": bool(c.get("tls")), "mutual": bool(c.get("mutual_required")),
                            "state": state, "failing": failing, "prediction": pred, "findings": idx})

    # Certificates: every certificate and trusted-ca option of every port, connection and
    # local file, mapped to a local file, inspected once.
    uses = {}      # local file -> [(role, kind, ref, setting)]
    configured = {}  # local file -> configured value
    missing = {}

    def note(settings, kind, ref, hostname, os_, uses_cert, uses_ca):
        """Every certificate and trusted-ca option is listed; it counts as a use only where
        TLS uses it (a secure port; a TLS connection, its certificate only when mutual)."""
        for s in settings:
            if s["key"] not in ("certificate", "trusted-ca"):
                continue
            active = uses_cert if s["key"] == "certificate" else uses_ca
            v = s["value"]
            local = None
            if s["key"] == "certificate" and (is_thumbprint(v) or (os_ == "windows" and "/" not in v and "\\" not in v)):
                local = ("thumbprint", v.replace(" ", "").replace(":", "").upper())
            else:
                local = map_path(v, hostname, glob, per_host)
            uses.setdefault(local, []).append((s["key"] if active else None, kind, ref,
                                               (s.get("file"), s.get("line"), s.get("column"))))
            configured.setdefault(local, v)

    for p in resolve["ports"]:
        secure = bool(p.get("tls") or p.get("upgrade"))
        note(p.get("settings", []), "port", f"{p['application']}:{p['port']}", p["host"], p.get("os"), secure, secure)
    for c in resolve["connections"]:
        note(c.get("settings", []), "connection", f"{c['client']} -> {c['server']}:{c['port']}", c["host"],
             c.get("os"), bool(c.get("tls") and c.get("mutual_required")), bool(c.get("tls")))
    for lf in resolve.get("local_files", []):
        note(lf.get("settings", []), "local-file", lf["file"], lf["host"], hosts.get(lf["host"], {}).get("os"), True, True)

    files = [f for f in uses if isinstance(f, str) and os.path.isfile(f)]
    store_files = []
    if any(isinstance(f, tuple) for f in uses) and store and os.path.isdir(store):
        for root, _, names in os.walk(store):
            store_files += [os.path.join(root, n) for n in sorted(names)]
    inspected = {}
    todo = sorted(set(files + store_files))
    for i in range(0, len(todo), 500):
        args = ["cert", "inspect", *todo[i:i + 500], "--format", "json", "--at", at]
        for fdoc in run(tk, args, ok=(0, 1))["files"]:
            inspected[fdoc["file"]] = fdoc
    by_sha1 = {}
    for fname in store_files:
        for c in inspected.get(fname, {}).get("certificates", []):
            by_sha1.setdefault(c["sha1"].replace(":", "").upper(), (fname, c))

    certs = {}
    order = []

    def cert_entry(c):
        e = certs.get(c["sha256"])
        if e is None:
            e = certs[c["sha256"]] = {
                "subject": c["subject"], "issuer": c["issuer"], "serial": c["serial"], "sha256": c["sha256"],
                "key": c["key"], "signature": c.get("signature_algorithm"),
                "not_before": c["not_before"], "not_after": c["not_after"], "days_left": c["days_left"],
                "ca": bool((c.get("basic_constraints") or {}).get("ca")),
                "san": (c.get("san") or {}).get("dns", []) + (c.get("san") or {}).get("ip", []),
                "roles": [], "files": [], "used_by": [], "findings": [], "_settings": set()}
            order.append(c["sha256"])
        return e

    unresolved = []
    loc_index = {}
    for i, f in enumerate(findings):
        l = f.get("location") or {}
        loc_index.setdefault((l.get("file"), l.get("line"), l.get("column")), []).append(i)
    for local, us in uses.items():
        if isinstance(local, tuple):
            hit = by_sha1.get(local[1])
            entries = [(hit[0], 0, hit[1])] if hit else []
        else:
            entries = [(local, n, c) for n, c in enumerate(inspected.get(local, {}).get("certificates", []))]
        if not entries:
            unresolved.append({"configured": configured[local],
                               "file": None if isinstance(local, tuple) else local,
                               "why": ("no such file" if not os.path.exists(local) else "no certificate in the file")
                               if not isinstance(local, tuple)
                               else "not a thumbprint (40 hexadecimal digits)" if not is_thumbprint(local[1])
                               else "thumbprint not found in the windows-store folder" if store
                               else "thumbprint: no windows-store folder to resolve it",
                               "used_by": [(r, k, ref) for r, k, ref, _ in us if r]})
            continue
        for fname, n, c in entries:
            e = cert_entry(c)
            if fname not in e["files"]:
                e["files"].append(fname)
            for role, kind, ref, setting in us:
                e["_settings"].add(setting)
                if role is None:
                    continue
                role_here = "chain" if role == "certificate" and n > 0 else role
                if role_here not in e["roles"]:
                    e["roles"].append(role_here)
                if role_here != "chain":
                    e["used_by"].append((role_here, kind, ref))
    conn_index = {}
    for i, c in enumerate(connections):
        conn_index.setdefault(f"{c['client']} -> {c['server']}:{c['port']}", i)

    def group_uses(us):
        """[(role, kind, ref)] -> [{role, ports: [APP:PORT], connections: [index], local_files: [FILE]}]"""
        out = {}
        for role, kind, ref in sorted(set(us)):
            g = out.setdefault(role, {"role": role, "ports": [], "connections": [], "local_files": []})
            if kind == "port":
                g["ports"].append(ref)
            elif kind == "connection":
                g["connections"].append(conn_index[ref])
            else:
                g["local_files"].append(ref)
        for g in out.values():
            g["connections"].sort()
        return [out[r] for r in ("certificate", "trusted-ca") if r in out]

    certificates = []
    for sha in order:
        e = certs[sha]
        e["used_by"] = group_uses(e["used_by"])
        e["findings"] = sorted({i for s in e.pop("_settings") for i in loc_index.get(s, [])
                                if findings[i]["rule"] not in ("split-level-settings", "shadowed-setting")})
        certificates.append(e)
    certificates.sort(key=lambda e: (e["not_after"], e["subject"]))
    for u in unresolved:
        u["used_by"] = group_uses(u["used_by"])

    summary = {s: lint["summary"].get(s, 0) for s in SEVERITIES}
    summary["suppressed"] = lint.get("suppressed", 0)
    summary["checked"] = {"hosts": len(hosts), "applications": len(apps), "ports": len(resolve["ports"]),
                          "connections": len(connections), "certificates": len(certificates)}
    name = a.name or os.path.basename(os.path.normpath(os.path.abspath(a.paths[0])))
    return {
        "schema": SCHEMA, "tool": lint["tool"], "version": lint["version"], "at": at,
        "deployment": {"name": name, "paths": a.paths},
        "settings": {"expiry_warn_days": int(toml.get("expiry-warn-days", 30)) if a.expiry_warn_days is None
                     else a.expiry_warn_days},
        "summary": summary,
        "findings": findings,
        "rules": rules,
        "hosts": list(hosts.values()),
        "applications": list(apps.values()),
        "disabled": resolve.get("disabled", []),
        "connections": connections,
        "certificates": certificates,
        "unresolved_certificates": unresolved,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="+")
    built = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "target", "release", "tlskit")
    ap.add_argument("--tlskit", default=os.environ.get("TLSKIT") or (built if os.path.isfile(built) else "tlskit"))
    ap.add_argument("--at")
    ap.add_argument("--name")
    ap.add_argument("--config")
    ap.add_argument("--expiry-warn-days", type=int)
    ap.add_argument("-o", "--out")
    ap.add_argument("--indent", type=int)
    a = ap.parse_args()
    doc = compose(a)
    text = json.dumps(doc, indent=a.indent, ensure_ascii=False, sort_keys=False)
    if a.out:
        with open(a.out, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    else:
        sys.stdout.write(text + "\n")


if __name__ == "__main__":
    main()
