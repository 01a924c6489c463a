#!/usr/bin/env python3
"""Checks a tlskit HTML report in real headless Chromium.

  scripts/check-html-report.py OUT.html [--screenshot PNG] [--pdf PDF] [--max-ready-ms 3000]
                               [--max-bytes 20971520] [--chromium PATH] [--width 1360] [--height 2400]

It reads the report's own data document (#tlskit-data), loads the file with
`chromium --headless --dump-dom` (scripts run, virtual time budget) and asserts:
  - the page drew itself (<html data-ready="yes">) with no error: none caught in the page
    (data-errors, which also counts Content-Security-Policy violations and console.error),
    none on Chromium's console (--enable-logging=stderr: any CONSOLE or Uncaught line);
  - nothing was requested: the CSP meta forbids every fetch (default-src 'none'), the page
    saw no resource (performance entries, data-resources="0"), and no src/href attribute
    of the rendered DOM points anywhere but into the page (#…) or at data:;
  - the counts shown match the data: errors, warnings, notices, suppressed and what was
    checked (hosts, applications, ports, connections, certificates);
  - every finding is on the page (one article each) and every rule id of the findings
    appears;
  - the map: in the whole-deployment view one node per application and one edge per
    connection; in any view every edge's state is the data's (red exactly for the
    connections with a handshake-* finding or a failed prediction), and no view draws more
    than 36 nodes plus its focus;
  - the file is under --max-bytes and the page was ready within --max-ready-ms
    (performance.now() at the end of its initialisation).
Prints one line, `check-html-report: ok: …` or `check-html-report: FAIL: …`; exit 0 when
every check passed, 1 when one failed, 2 when the check could not run.
"""
import argparse
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--hide-scrollbars", "--mute-audio",
         # Defence in depth: were the CSP to let a request through, it would go nowhere.
         "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9"]
VIEW_MAX_NODES = 36
STATE_RANK = {"fail": 0, "unresolved": 1, "unknown": 2, "plaintext": 3, "ok": 4}


def die(msg):
    print(f"check-html-report: cannot check: {msg}")
    sys.exit(2)


def chromium_bin(given):
    for c in [given, os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"]:
        if c and shutil.which(c):
            return shutil.which(c)
    die("no chromium found (apt-get install chromium, or --chromium PATH)")


def run_chromium(binary, args, url, timeout=120):
    with tempfile.TemporaryDirectory(prefix="tlskit-chromium-") as profile:
        cmd = [binary, *FLAGS, f"--user-data-dir={profile}", *args, url]
        t = time.monotonic()
        try:
            r = subprocess.run(cmd, capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            die(f"chromium did not finish within {timeout} s")
        return r, time.monotonic() - t


class Dom(html.parser.HTMLParser):
    """What the checks need from the dumped DOM."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = {}
        self.counts, self.checked = {}, {}
        self.articles, self.rule_texts = [], set()
        self.nodes, self.aggs, self.edges = [], [], []
        self.map_view = None
        self.groups_complete = None
        self.group_counts = []
        self.urls = []
        self._stack = []     # (tag, capture-key or None)
        self._text = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.root = a
        for k in ("src", "href", "xlink:href", "action", "formaction", "poster", "data"):
            if k in a and a[k] is not None and tag != "object":
                self.urls.append((tag, k, a[k]))
        if "style" in a and a["style"] and "url(" in a["style"]:
            self.urls.append((tag, "style", a["style"]))
        cap = None
        if "data-count" in a:
            cap = ("count", a["data-count"])
        elif "data-checked" in a:
            cap = ("checked", a["data-checked"])
        elif tag == "code" and "rule-id" in (a.get("class") or "").split():
            cap = ("rule", None)
        if tag == "div" and a.get("id") == "f-groups":
            self.groups_complete = a.get("data-complete")
        if tag == "details" and "data-host-group" in a:
            self.group_counts.append(int(a.get("data-findings") or 0))
        if tag == "article" and "data-finding" in a:
            self.articles.append(a)
        if tag == "svg" and "map" in (a.get("class") or "").split():
            self.map_view = a.get("data-view")
        if tag == "g":
            cls = (a.get("class") or "").split()
            if "node" in cls:
                if "data-app" in a:
                    self.nodes.append(a["data-app"])
                else:
                    self.aggs.append(a)
            if "edge" in cls:
                self.edges.append(a)
        if tag in ("meta", "link", "img", "br", "hr", "input", "source", "use", "path", "rect", "line",
                   "circle", "stop", "wbr"):
            return
        self._stack.append((tag, cap))
        if cap:
            self._text = []

    def handle_endtag(self, tag):
        while self._stack:
            t, cap = self._stack.pop()
            if cap and self._text is not None:
                text = "".join(self._text).strip()
                if cap[0] == "count":
                    self.counts[cap[1]] = text
                elif cap[0] == "checked":
                    self.checked[cap[1]] = text
                else:
                    self.rule_texts.add(text)
                self._text = None
            if t == tag:
                break

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)


def read_data(page):
    m = re.search(r'<script type="application/json" id="tlskit-data">(.*?)</script>', page, re.S)
    if not m:
        die("no <script type=\"application/json\" id=\"tlskit-data\"> in the file")
    raw = m.group(1)
    problems = []
    if "<" in raw:
        problems.append("the embedded JSON holds a literal `<` (every `<` must be written \\u003c)")
    try:
        return json.loads(raw), problems
    except ValueError as e:
        return None, problems + [f"the embedded data is not JSON ({e}): was `<` escaped?"]


def intval(text):
    try:
        return int(str(text).replace(",", "").strip())
    except ValueError:
        return None


def check(a):
    path = os.path.abspath(a.report)
    if not os.path.isfile(path):
        die(f"{a.report}: no such file")
    size = os.path.getsize(path)
    with open(path, encoding="utf-8") as f:
        page = f.read()
    data, fails = read_data(page)
    if data is None:
        print(f"check-html-report: FAIL: {a.report}: " + "; ".join(fails))
        return 1
    binary = chromium_bin(a.chromium)
    url = "file://" + path

    if "default-src 'none'" not in page.split("</head>", 1)[0] or 'http-equiv="Content-Security-Policy"' not in page:
        fails.append("no Content-Security-Policy meta with default-src 'none' in <head>")

    r, secs = run_chromium(binary, ["--enable-logging=stderr", "--v=0", f"--virtual-time-budget={a.budget_ms}",
                                    f"--window-size={a.width},{a.height}", "--dump-dom"], url)
    dom_text = r.stdout.decode("utf-8", "replace")
    log = r.stderr.decode("utf-8", "replace")
    if r.returncode != 0 or "<html" not in dom_text:
        die(f"chromium exited {r.returncode} without a DOM: {log.strip()[-400:]}")
    dom = Dom()
    dom.feed(dom_text)
    root = dom.root

    # It ran, without errors and without requests.
    if root.get("data-ready") != "yes":
        fails.append("the page did not finish drawing (no data-ready=\"yes\")")
    if root.get("data-errors") != "0":
        fails.append(f"errors in the page: {root.get('data-error-log') or root.get('data-errors')}")
    console = [l for l in log.splitlines() if "CONSOLE" in l or "Uncaught" in l
               or "Content Security Policy" in l or "Refused to" in l]
    if console:
        fails.append(f"{len(console)} console message(s), first: {console[0][-300:]}")
    if root.get("data-resources") != "0":
        fails.append(f"the page requested {root.get('data-resources')} resource(s)")
    outside = [(t, k, v) for t, k, v in dom.urls
               if not (v.startswith("#") or v.startswith("data:") or (k == "style" and "url(#" in v))]
    if outside:
        fails.append(f"{len(outside)} attribute(s) point outside the file, first: <{outside[0][0]} {outside[0][1]}=\"{outside[0][2][:80]}\">")

    # Counts.
    s = data["summary"]
    for k in ("error", "warning", "notice"):
        if intval(dom.counts.get(k)) != s.get(k, 0):
            fails.append(f"{k} count shown {dom.counts.get(k)!r}, data {s.get(k, 0)}")
    if s.get("suppressed") and intval(dom.counts.get("suppressed")) != s["suppressed"]:
        fails.append(f"suppressed shown {dom.counts.get('suppressed')!r}, data {s['suppressed']}")
    for k, v in s.get("checked", {}).items():
        if intval(dom.checked.get(k)) != v:
            fails.append(f"checked {k} shown {dom.checked.get(k)!r}, data {v}")

    # Findings and rules.
    findings = data["findings"]
    shown = sorted(int(x["data-finding"]) for x in dom.articles)
    if findings and sum(dom.group_counts) != len(findings):
        fails.append(f"the host groups count {sum(dom.group_counts)} findings, the data has {len(findings)}")
    if dom.groups_complete == "yes" or not findings:
        if shown != list(range(len(findings))):
            fails.append(f"{len(shown)} finding articles for {len(findings)} findings")
    elif len(set(shown)) != len(shown) or any(i >= len(findings) for i in shown):
        fails.append("finding articles repeated or unknown")
    ids = {f["rule"] for f in findings}
    missing = sorted(i for i in ids if i not in dom.rule_texts)
    if missing:
        fails.append(f"rule ids not on the page: {', '.join(missing)}")
    for x in dom.articles:
        i = int(x["data-finding"])
        if i < len(findings) and (x.get("data-rule") != findings[i]["rule"] or x.get("data-sev") != findings[i]["severity"]):
            fails.append(f"finding {i} shown as {x.get('data-rule')}/{x.get('data-sev')}")
            break

    # The map.
    conns, apps = data["connections"], data["applications"]
    handshake = {i for i, c in enumerate(conns)
                 if any(findings[j]["rule"].startswith("handshake-") for j in c.get("findings", []))}
    red_expected = {i for i, c in enumerate(conns) if c["state"] == "fail"}
    if not handshake <= red_expected:
        fails.append(f"data: connections with handshake-* findings not in state fail: {sorted(handshake - red_expected)[:5]}")
    single = {}
    for e in dom.edges:
        if "data-conn" in e:
            single[int(e["data-conn"])] = e.get("data-edge-state")
        elif "data-conns" in e:
            members = [int(x) for x in e["data-conns"].split(",") if x]
            worst = min((conns[i]["state"] for i in members), key=lambda st: STATE_RANK[st])
            if e.get("data-edge-state") != worst:
                fails.append(f"grouped edge {e['data-conns'][:40]} drawn {e.get('data-edge-state')}, worst is {worst}")
    wrong = [(i, st, conns[i]["state"]) for i, st in single.items() if i >= len(conns) or st != conns[i]["state"]]
    if wrong:
        fails.append(f"{len(wrong)} edge(s) in the wrong state, first: connection {wrong[0][0]} drawn {wrong[0][1]}, data {wrong[0][2]}")
    red = {i for i, st in single.items() if st == "fail"}
    view = dom.map_view or ""
    if view == "all":
        names = [x["name"] for x in apps]
        if sorted(dom.nodes) != sorted(names):
            fails.append(f"map nodes {len(dom.nodes)} for {len(names)} applications "
                         f"(missing: {sorted(set(names) - set(dom.nodes))[:5]}, extra: {sorted(set(dom.nodes) - set(names))[:5]})")
        drawable = {i for i, c in enumerate(conns) if c["client"] != c["server"]}
        if set(single) != drawable:
            fails.append(f"map edges {len(single)} for {len(drawable)} connections")
        if red != red_expected:
            fails.append(f"red edges {sorted(red)} but failing connections {sorted(red_expected)}")
        if not handshake <= red:
            fails.append(f"connections with handshake-* findings not drawn red: {sorted(handshake - red)[:5]}")
    elif view:
        focus_n = 1
        m = re.match(r"host:(.*)", view)
        if m:
            focus_n = next((len(h["applications"]) for h in data["hosts"] if h["name"] == m.group(1)), 1)
        if len(dom.nodes) + len(dom.aggs) > VIEW_MAX_NODES + focus_n:
            fails.append(f"the map view {view} draws {len(dom.nodes) + len(dom.aggs)} nodes")
        known = {x["name"] for x in apps}
        if any(n not in known for n in dom.nodes):
            fails.append("the map shows an application that is not in the data")
        if red != (red_expected & set(single)):
            fails.append(f"red edges of the view {sorted(red)[:5]} differ from its failing connections")
    else:
        if apps:
            fails.append("no map drawn")

    ready = intval(root.get("data-ready-ms"))
    if ready is None or ready > a.max_ready_ms:
        fails.append(f"ready after {root.get('data-ready-ms')} ms (limit {a.max_ready_ms} ms)")
    if size > a.max_bytes:
        fails.append(f"file of {size} bytes (limit {a.max_bytes})")

    shots = []
    if a.screenshot:
        r2, _ = run_chromium(binary, [f"--virtual-time-budget={a.budget_ms}", f"--window-size={a.width},{a.height}",
                                      f"--screenshot={os.path.abspath(a.screenshot)}"], url)
        if not os.path.isfile(a.screenshot):
            fails.append("no screenshot written")
        else:
            shots.append(a.screenshot)
    if a.pdf:
        r3, _ = run_chromium(binary, [f"--virtual-time-budget={a.budget_ms}", "--no-pdf-header-footer",
                                      f"--print-to-pdf={os.path.abspath(a.pdf)}"], url)
        if not os.path.isfile(a.pdf):
            fails.append("no PDF written")
        else:
            shots.append(a.pdf)

    facts = (f"{a.report}: {size / 1048576:.2f} MiB, ready in {root.get('data-ready-ms')} ms "
             f"(init {root.get('data-init-ms')} ms, chromium run {secs:.1f} s), "
             f"{len(findings)} findings of {len(ids)} rules ({len(shown)} drawn), map {view or '-'}: {len(dom.nodes)} nodes"
             f"{' + ' + str(len(dom.aggs)) + ' groups' if dom.aggs else ''}, {len(dom.edges)} edges "
             f"({len(red)} red), {len(data.get('certificates', []))} certificates"
             + (f", wrote {', '.join(shots)}" if shots else ""))
    if fails:
        print(f"check-html-report: FAIL: {facts}: " + "; ".join(fails))
        return 1
    print(f"check-html-report: ok: {facts}")
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("report")
    ap.add_argument("--screenshot")
    ap.add_argument("--pdf")
    ap.add_argument("--max-ready-ms", type=int, default=3000)
    ap.add_argument("--max-bytes", type=int, default=20 * 1024 * 1024)
    ap.add_argument("--budget-ms", type=int, default=10000)
    ap.add_argument("--chromium")
    ap.add_argument("--width", type=int, default=1360)
    ap.add_argument("--height", type=int, default=2400)
    a = ap.parse_args()
    sys.exit(check(a))


if __name__ == "__main__":
    main()
