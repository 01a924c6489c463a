#!/usr/bin/env python3
"""Writes the self-contained HTML report exactly as `tlskit lint --format html` does
(docs/html-report-data.md, "Assembling the file"):

  scripts/html-report-render.py TEMPLATE_DIR DATA.json OUT.html

TEMPLATE_DIR holds report.html, report.css and report.js (assets/report). The template is
cut at its three markers, each present exactly once, and the pieces are joined with the
CSS, the JS and the data document (compact JSON, every `<` written as \\u003c). Exit 0 when
written, 2 on a bad template or data.
"""
import json
import os
import re
import sys

MARKERS = ("/*TLSKIT_CSS*/", "/*TLSKIT_JS*/", "/*TLSKIT_DATA*/")


def fail(msg):
    print(f"html-report-render: {msg}", file=sys.stderr)
    sys.exit(2)


def render(template, css, js, data_json):
    for name, text, closer in (("report.css", css, "</style"), ("report.js", js, "</script")):
        if closer in text.lower() or "<!--" in text:
            fail(f"{name} contains `{closer}` or `<!--`, which would end or confuse its element")
    pieces, rest = [], template
    for m in MARKERS:
        if template.count(m) != 1:
            fail(f"report.html must hold {m} exactly once (found {template.count(m)})")
    # Cut in the order the markers appear in the template.
    order = sorted(MARKERS, key=template.index)
    fill = {"/*TLSKIT_CSS*/": css, "/*TLSKIT_JS*/": js, "/*TLSKIT_DATA*/": data_json}
    out = []
    for m in order:
        before, rest = rest.split(m, 1)
        out += [before, fill[m]]
    out.append(rest)
    return "".join(out)


def embed_json(doc):
    """Compact JSON with every `<` escaped: inside <script type="application/json"> no
    `</script`, `<!--` or `<script` can then occur."""
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c")


def main():
    if len(sys.argv) != 4:
        fail("usage: html-report-render.py TEMPLATE_DIR DATA.json OUT.html")
    tdir, data, out = sys.argv[1:]
    read = lambda n: open(os.path.join(tdir, n), encoding="utf-8").read()
    try:
        template, css, js = read("report.html"), read("report.css"), read("report.js")
        with open(data, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        fail(str(e))
    html = render(template, css, js, embed_json(doc))
    with open(out, "w", encoding="utf-8") as f:
        f.write(html)


if __name__ == "__main__":
    main()
