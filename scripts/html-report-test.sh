#!/usr/bin/env bash
# End-to-end tests of the HTML report template in headless Chromium, for working on the
# template: pages are assembled from data documents by scripts/html-report-render.py, so
# assets/report/ can change without rebuilding tlskit. tests/html_report.rs runs the same
# checks on what `tlskit lint --format html` writes (cargo test).
#
#   scripts/html-report-test.sh [--no-large] [--out DIR] [--update-fixtures]
#
# TLSKIT names the tlskit binary (default target/release/tlskit). Every case composes the
# data with scripts/html-report-data.py, writes the page with scripts/html-report-render.py
# and checks it with scripts/check-html-report.py:
#   - the committed fixtures testdata/html/*.json;
#   - the bundled example, genesys-lab, composed anew (report date pinned);
#   - the example with three handshakes broken (red edges exactly for them);
#   - hostile text in the data (</script>, <!--<script>) that must stay data;
#   - the checker itself: an outside request, a script error, a wrong count, a wrong edge
#     state and unescaped data must each make it fail;
#   - the benchmark deployment (300 hosts, 3,000 applications, 15,000 connections, 1% of the
#     connections broken): under 20 MiB and ready within 3 s.
# Ends with "html-report: N passed, M failed"; exit 1 when one failed.
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
large=1 update=0 out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --no-large) large=0 ;;
    --update-fixtures) update=1 ;;
    --out) out="$2"; shift ;;
    *) echo "usage: $0 [--no-large] [--out DIR] [--update-fixtures]" >&2; exit 2 ;;
  esac
  shift
done
TLSKIT=${TLSKIT:-$repo/target/release/tlskit}
export TLSKIT
[ -x "$TLSKIT" ] || { echo "html-report: no tlskit binary at $TLSKIT (set TLSKIT)" >&2; exit 2; }
command -v chromium >/dev/null || { echo "html-report: chromium missing (apt-get install chromium)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -n "$out" ] && mkdir -p "$out"
out=${out:-$work/out}
mkdir -p "$out"
AT=2026-11-22T00:00:00Z
passed=0 failed=0

ok() { passed=$((passed + 1)); echo "  ok: $*"; }
bad() { failed=$((failed + 1)); echo "  FAILED: $*"; }
render() { python3 scripts/html-report-render.py "${3:-assets/report}" "$1" "$2"; }
# expect_ok NAME HTML [checker args]: the checker passes
expect_ok() {
  local name=$1 html=$2; shift 2
  local line
  line=$(python3 scripts/check-html-report.py "$html" "$@")
  local rc=$?
  echo "    $line"
  if [ $rc -eq 0 ]; then ok "$name"; else bad "$name"; fi
}
# expect_fail NAME HTML PATTERN: the checker fails, saying PATTERN
expect_fail() {
  local name=$1 html=$2 pattern=$3
  local line
  line=$(python3 scripts/check-html-report.py "$html")
  local rc=$?
  if [ $rc -eq 1 ] && grep -q -- "$pattern" <<<"$line"; then ok "$name (checker says: ${line##*: })"
  else bad "$name: exit $rc, $line"; fi
}

echo "html-report: fixtures"
for f in testdata/html/*.json; do
  n=$(basename "$f" .json)
  render "$f" "$out/$n.html" && expect_ok "fixture $n" "$out/$n.html" --screenshot "$out/$n.png" --pdf "$out/$n.pdf"
done

echo "html-report: the example, composed now"
python3 scripts/html-report-data.py testdata/genesys-lab --at "$AT" -o "$work/lab.json" --indent 1 \
  && render "$work/lab.json" "$out/genesys-lab.now.html" && expect_ok "genesys-lab" "$out/genesys-lab.now.html"
if [ $update = 1 ]; then cp "$work/lab.json" testdata/html/genesys-lab.json; fi

echo "html-report: the example with three broken handshakes"
mkdir -p "$work/hs/testdata"
cp -r testdata/genesys-lab "$work/hs/testdata/genesys-lab-handshake"
python3 - "$work/hs/testdata/genesys-lab-handshake/export/applications.json" <<'EOF'
import json, sys
p = sys.argv[1]
d = json.load(open(p))
for a in d["applications"]:
    for c in a.get("appServers", []):
        if a["name"] == "StatServer" and c["appServer"] == "confserv":   # handshake-name-mismatch
            c["transportParams"] = "tls-target-name-check=host;tls-target-name=wrong.example.com"
        if a["name"] == "SCS" and c["appServer"] == "confserv":          # handshake-no-common-cipher
            c["transportParams"] = "sec-protocol=TLSv12;cipher-list=RC4-SHA:NULL-SHA256"
        if a["name"] == "UCS" and c["appServer"] == "MessageServer":     # handshake-no-common-protocol
            c["transportParams"] = "sec-protocol=TLSv12"
    if a["name"] == "MessageServer":
        a["portInfos"][0]["transportParams"] = "tls=1;tls-mutual=1;sec-protocol=TLSv13"
json.dump(d, open(p, "w"), indent=2)
EOF
(cd "$work/hs" && python3 "$repo/scripts/html-report-data.py" testdata/genesys-lab-handshake --at "$AT" -o "$work/hs.json" --indent 1)
if [ $update = 1 ]; then cp "$work/hs.json" testdata/html/genesys-lab-handshake.json; fi
render "$work/hs.json" "$out/genesys-lab-handshake.now.html"
expect_ok "genesys-lab-handshake" "$out/genesys-lab-handshake.now.html"
reds=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sum(1 for c in d["connections"] if any(d["findings"][i]["rule"].startswith("handshake-") for i in c["findings"])))' "$work/hs.json")
if [ "$reds" = 3 ]; then ok "three connections with handshake-* findings in the variant"; else bad "variant has $reds handshake connections, not 3"; fi

echo "html-report: hostile text stays data"
python3 - "$work/lab.json" "$work/hostile.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
evil = '</script><!--<script>document.title="owned"</script> <img src=x onerror=alert(1)> \u2028 "quoted" & </SCRIPT >'
d["findings"][0]["message"] = evil
d["findings"][0]["snippet"] = {"text": evil, "column": 3, "cut_before": False, "cut_after": True}
d["deployment"]["name"] = "<b>lab</b></script>"
d["applications"][0]["type"] = "</script><script>"
json.dump(d, open(sys.argv[2], "w"))
EOF
render "$work/hostile.json" "$out/hostile.html" && expect_ok "hostile text" "$out/hostile.html"

echo "html-report: the checker catches what it must"
cp -r assets/report "$work/t-img"
sed -i 's|<body>|<body><img src="https://example.invalid/pixel.png" alt="">|' "$work/t-img/report.html"
render "$work/lab.json" "$work/t-img.html" "$work/t-img" && expect_fail "an outside request fails" "$work/t-img.html" "blocked"
cp -r assets/report "$work/t-err"
printf '\nwindow.setTimeout(function () { null.boom(); }, 10);\n' >> "$work/t-err/report.js"
render "$work/lab.json" "$work/t-err.html" "$work/t-err" && expect_fail "a script error fails" "$work/t-err.html" "errors in the page"
cp -r assets/report "$work/t-count"
sed -i 's|"data-count": sev, text: String(v)|"data-count": sev, text: String(v + 1)|' "$work/t-count/report.js"
render "$work/lab.json" "$work/t-count.html" "$work/t-count" && expect_fail "a wrong count fails" "$work/t-count.html" "count shown"
cp -r assets/report "$work/t-edge"
sed -i 's|"data-edge-state": state,|"data-edge-state": "ok",|' "$work/t-edge/report.js"
render "$work/hs.json" "$work/t-edge.html" "$work/t-edge" && expect_fail "a wrong edge state fails" "$work/t-edge.html" "wrong state"
python3 - "$out/hostile.html" "$work/t-raw.html" <<'EOF'
import sys
page = open(sys.argv[1]).read()
open(sys.argv[2], "w").write(page.replace("\\u003c", "<"))
EOF
expect_fail "unescaped data fails" "$work/t-raw.html" "."

if [ $large = 1 ]; then
  echo "html-report: the benchmark deployment"
  # --certs 300: one certificate per host (gen-bench-deployment asks `tlskit ca issue --batch`
  # for a host twice when it issues more certificates than hosts, which tlskit refuses).
  if python3 scripts/gen-bench-deployment "$work/bench" --certs 300 --revoked 5000 --tlskit "$TLSKIT" 2>"$work/gen.err"; then
    python3 - "$work/bench/export/deployment.json" <<'EOF'
import json, random, sys
p = sys.argv[1]
d = json.load(open(p))
rnd = random.Random(1)
for a in d["applications"]:
    for c in a.get("appServers", []):
        if rnd.random() < 0.01:   # about 150 connections that offer only a suite no server has
            c["transportParams"] = "sec-protocol=TLSv12;cipher-list=PSK-AES128-CBC-SHA"
json.dump(d, open(p, "w"))
EOF
    (cd "$work/bench" && python3 "$repo/scripts/html-report-data.py" . --name bench -o "$work/bench.json")
    render "$work/bench.json" "$out/bench.html"
    expect_ok "benchmark deployment" "$out/bench.html" --screenshot "$out/bench.png"
  else
    bad "gen-bench-deployment: $(tail -1 "$work/gen.err")"
  fi
fi

echo "html-report: $passed passed, $failed failed"
[ $failed = 0 ]
