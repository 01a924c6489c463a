/* tlskit HTML report: draws the page from the JSON document in #tlskit-data
   (docs/html-report-data.md). Plain JavaScript, no dependencies, no network. */
"use strict";
(function () {
  var T0 = performance.now();
  var SVGNS = "http://www.w3.org/2000/svg";
  var SEVS = ["error", "warning", "notice"];
  var SEV_RANK = { error: 0, warning: 1, notice: 2 };
  var SEV_WORD = { error: "error", warning: "warning", notice: "notice" };
  var STATE_RANK = { fail: 0, unresolved: 1, unknown: 2, plaintext: 3, ok: 4 };
  var STATE_WORD = {
    ok: "TLS, predicted to succeed",
    fail: "TLS, predicted to fail",
    plaintext: "clear text, no TLS",
    unknown: "TLS, not predicted",
    unresolved: "target not found"
  };
  var STATE_ICON = { ok: "ok", fail: "error", plaintext: "plain", unknown: "unknown", unresolved: "unknown" };
  var STATE_ICLS = { ok: "s-ok", fail: "s-error", plaintext: "s-plain", unknown: "s-unknown", unresolved: "s-unknown" };
  var FULL_MAX_APPS = 60;     // up to this many applications the map shows the whole deployment
  var VIEW_MAX_NODES = 36;    // a neighbourhood view never draws more nodes than this
  var TIMELINE_ROWS = 40;     // bars drawn before "show all"

  // ------------------------------------------------------------------ small DOM helpers
  function h(tag, attrs) {
    var el = document.createElement(tag);
    if (attrs) setAttrs(el, attrs);
    for (var i = 2; i < arguments.length; i++) add1(el, arguments[i]);
    return el;
  }
  function s(tag, attrs) {
    var el = document.createElementNS(SVGNS, tag);
    if (attrs) setAttrs(el, attrs);
    for (var i = 2; i < arguments.length; i++) add1(el, arguments[i]);
    return el;
  }
  function setAttrs(el, attrs) {
    for (var k in attrs) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) continue;
      if (k === "text") el.textContent = v;
      else if (k.slice(0, 2) === "on" && typeof v === "function") el.addEventListener(k.slice(2), v);
      else el.setAttribute(k === "cls" ? "class" : k, v === true ? "" : String(v));
    }
  }
  function add(el) {
    for (var k = 1; k < arguments.length; k++) add1(el, arguments[k]);
  }
  function add1(el, c) {
    if (c === null || c === undefined || c === false) return;
    if (Array.isArray(c)) { for (var i = 0; i < c.length; i++) add1(el, c[i]); return; }
    el.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
  }
  function icon(name, cls) {
    var el = document.createElement("span");
    el.className = "ico i-" + name + (cls ? " " + cls : "");
    el.setAttribute("aria-hidden", "true");
    return el;
  }
  function sevIcon(sev) { return icon(sev, "s s-" + sev); }
  function chip(sev) { return h("span", { cls: "chip sev-" + sev }, sevIcon(sev), SEV_WORD[sev]); }
  // Thousands separators without Intl (toLocaleString costs ~0.1 ms a call in Chromium).
  function num(n) {
    var t = String(Math.round(Number(n) * 100) / 100).split(".");
    return t[0].replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (t[1] ? "." + t[1] : "");
  }
  function plural(n, one, many) { return num(n) + " " + (n === 1 ? one : (many || one + "s")); }
  function day(iso) { return iso ? String(iso).slice(0, 10) : "—"; }
  function connName(c) { return c.client + " -> " + c.server + ":" + c.port; }
  function connLabel(c) { return c.client + " → " + c.server + ":" + c.port; }
  function $(id) { return document.getElementById(id); }
  function lc(x) { return String(x == null ? "" : x).toLowerCase(); }

  // ------------------------------------------------------------------ the data
  var D;
  (function load() {
    var el = $("tlskit-data");
    var text = el ? el.textContent : "";
    if (!text || text.trim() === "/*TLSKIT_" + "DATA*/") throw new Error("the report has no data: the template's marker was not replaced");
    D = JSON.parse(text);
  })();

  var T_PARSE = performance.now() - T0;
  var findings = D.findings || [];
  var rules = D.rules || {};
  var apps = D.applications || [];
  var hosts = D.hosts || [];
  var conns = D.connections || [];
  var certs = D.certificates || [];
  var summary = D.summary || {};
  var warnDays = (D.settings && D.settings.expiry_warn_days) || 30;
  var AT = Date.parse(D.at) || Date.now();
  var DAY = 86400000;

  var appBy = new Map(), hostBy = new Map(), connsOf = new Map();
  apps.forEach(function (a, i) { appBy.set(a.name, a); a._i = i; });
  hosts.forEach(function (x) { hostBy.set(x.name, x); });
  conns.forEach(function (c, i) {
    c._i = i;
    pushTo(connsOf, c.client, i);
    if (c.server !== c.client) pushTo(connsOf, c.server, i);
  });
  function pushTo(m, k, v) { var l = m.get(k); if (!l) m.set(k, l = []); l.push(v); }

  // Severity counts per application (its own, its ports' and the connections it opens).
  var appSev = new Map();
  findings.forEach(function (f) {
    var a = f.object && f.object.application;
    if (!a) return;
    var c = appSev.get(a);
    if (!c) appSev.set(a, c = { error: 0, warning: 0, notice: 0 });
    c[f.severity] = (c[f.severity] || 0) + 1;
  });
  function worstSev(c) { return !c ? null : c.error ? "error" : c.warning ? "warning" : c.notice ? "notice" : null; }

  // "and 4265 more `rule` findings in FILE, not listed": the count a capped rule really has.
  var MORE_RE = /^and (\d+) more `([^`]+)` findings?/;
  function extraCount(f) { var m = MORE_RE.exec(f.message || ""); return m ? Number(m[1]) : 0; }

  // ------------------------------------------------------------------ header
  function renderHeader() {
    var name = (D.deployment && D.deployment.name) || "deployment";
    $("title").textContent = name;
    document.title = "TLS report: " + name + " (" + plural(summary.error || 0, "error") + ", " +
      plural(summary.warning || 0, "warning") + ")";
    var meta = $("meta");
    add(meta, [
      h("span", { text: D.tool + " " + D.version }),
      h("span", {}, "report date ", h("time", { datetime: D.at, text: String(D.at).replace("T", " ").replace("Z", " UTC") })),
      (D.deployment && D.deployment.paths && D.deployment.paths.length) ?
        h("span", {}, "from ", h("code", { text: D.deployment.paths.join(" ") })) : null
    ]);
    add($("foot"), [
      "Written by ", D.tool, " ", D.version, " (report date ", day(D.at), "). ",
      "This file is self-contained: it loads nothing from the network or the disk. ",
      "The data it shows is in the element ", h("code", { text: "#tlskit-data" }), " (", D.schema || "", ")."
    ]);
  }

  // ------------------------------------------------------------------ summary
  function renderSummary() {
    var body = $("summary-body");
    body.textContent = "";
    var e = summary.error || 0, w = summary.warning || 0, n = summary.notice || 0;
    var worst = e ? "error" : w ? "warning" : n ? "notice" : "clean";
    var verdictText = e ? plural(e, "error") + " to fix before this configuration is deployed" + (w ? ", and " + plural(w, "warning") + " to review." : ".")
      : w ? "No errors; " + plural(w, "warning") + " to review."
      : n ? "No errors or warnings; " + plural(n, "notice") + "."
      : "No findings: every check passed.";
    add(body, h("p", { cls: "verdict sev-" + worst, role: "status" },
      icon(worst === "clean" ? "ok" : worst, ""), verdictText));

    var cards = h("div", { cls: "cards" });
    SEVS.forEach(function (sev) {
      var v = summary[sev] || 0;
      add(cards, h("div", { cls: "card sev sev-" + sev + (v ? "" : " zero") },
        h("div", { cls: "big" }, sevIcon(sev), h("span", { "data-count": sev, text: String(v) })),
        h("div", { cls: "label", text: (v === 1 ? SEV_WORD[sev] : SEV_WORD[sev] + "s") })));
    });
    add(body, cards);

    var ch = summary.checked || {};
    var dl = h("dl", { cls: "checked", "aria-label": "What was checked" });
    [["hosts", "hosts"], ["applications", "applications"], ["ports", "ports"], ["connections", "connections"],
     ["certificates", "certificates"]].forEach(function (p) {
      add(dl, h("div", {}, h("dt", { text: p[1] }), h("dd", { "data-checked": p[0], text: num(ch[p[0]] || 0) })));
    });
    if (summary.suppressed) add(dl, h("div", {}, h("dt", { text: "suppressed by tlskit.toml" }),
      h("dd", { "data-count": "suppressed", text: num(summary.suppressed) })));
    add(body, dl);

    var grid = h("div", { cls: "summary-grid" });
    // Worst problems first: one line per rule, by severity then how often it fires.
    var byRule = new Map();
    findings.forEach(function (f, i) {
      var r = byRule.get(f.rule);
      if (!r) byRule.set(f.rule, r = { rule: f.rule, severity: f.severity, count: 0, first: i });
      r.count += extraCount(f) || 1;
      if (SEV_RANK[f.severity] < SEV_RANK[r.severity]) r.severity = f.severity;
    });
    var ranked = Array.from(byRule.values()).sort(function (a, b) {
      return SEV_RANK[a.severity] - SEV_RANK[b.severity] || b.count - a.count || (a.rule < b.rule ? -1 : 1);
    });
    var left = h("div", {}, h("h3", { text: "Worst problems first" }));
    if (!ranked.length) add(left, h("p", { cls: "empty", text: "No findings." }));
    else {
      var ul = h("ul", { cls: "worst" });
      ranked.slice(0, 10).forEach(function (r) {
        var f = findings[r.first];
        var rd = rules[r.rule] || {};
        var o = f.object || {};
        var where = o.connection ? "connection " + o.connection.replace(" -> ", " → ")
          : o.port ? "port " + o.application + ":" + o.port
          : o.application ? "application " + o.application : o.host ? "host " + o.host : (f.location && f.location.file) || "";
        add(ul, h("li", { cls: "sev-" + r.severity },
          h("button", { type: "button", "data-rule": r.rule, title: "Show the findings of " + r.rule,
            onclick: function () { setFilter({ rule: r.rule }); $("findings").scrollIntoView(); } },
            sevIcon(r.severity),
            h("span", {}, h("span", { cls: "visually-hidden", text: SEV_WORD[r.severity] + ": " }),
              h("code", { cls: "rule-id", text: r.rule }), " ", rd.summary ? h("span", { text: rd.summary }) : null),
            h("span", { cls: "count-pill", title: "findings", text: "×" + num(r.count) }),
            h("span", { cls: "what", text: (r.count > 1 ? "e.g. " : "") + where }))));
      });
      add(left, ul);
      if (ranked.length > 10) add(left, h("p", { cls: "muted", text: (ranked.length - 10) + " more rules: see the findings." }));
    }
    add(grid, left);

    var right = h("div", {}, h("h3", { text: "At a glance" }));
    var facts = h("ul", { cls: "facts" });
    // Connections by predicted outcome.
    var st = { ok: 0, fail: 0, plaintext: 0, unknown: 0, unresolved: 0 };
    conns.forEach(function (c) { st[c.state] = (st[c.state] || 0) + 1; });
    var bar = h("div", { cls: "bar-stack", "aria-hidden": "true" });
    var colours = { fail: "var(--error)", unresolved: "var(--unknown)", unknown: "#b7a3e0", plaintext: "#aab3bd", ok: "var(--ok)" };
    ["fail", "unresolved", "unknown", "plaintext", "ok"].forEach(function (k) {
      if (st[k]) add(bar, h("span", { style: "width:" + (100 * st[k] / conns.length) + "%;background:" + colours[k] }));
    });
    var parts = [];
    ["fail", "ok", "plaintext", "unknown", "unresolved"].forEach(function (k) {
      if (st[k]) parts.push(h("span", { cls: "state st-" + k, "data-state-count": k }, icon(STATE_ICON[k], STATE_ICLS[k]),
        num(st[k]) + " " + ({ fail: "predicted to fail", ok: "predicted to succeed", plaintext: "in clear text",
          unknown: "not predicted", unresolved: "to a missing target" })[k]));
    });
    add(facts, h("li", {}, icon(st.fail ? "error" : "ok", st.fail ? "s-error" : "s-ok"),
      h("div", {}, h("strong", { text: plural(conns.length, "connection") }), bar,
        h("div", { style: "display:flex;flex-wrap:wrap;gap:2px 14px;font-size:.88rem" }, parts),
        st.unknown ? h("div", { cls: "muted", style: "font-size:.84rem",
          text: "Not predicted: Windows ends (SChannel and the registry decide) or settings tlskit could not evaluate." }) : null)));
    // Certificates.
    var exp = 0, soon = 0, next = null;
    certs.forEach(function (c) {
      if (c.days_left < 0) exp++;
      else if (c.days_left <= warnDays) soon++;
      if (c.days_left >= 0 && (!next || c.not_after < next.not_after)) next = c;
    });
    var unres = D.unresolved_certificates || [];
    add(facts, h("li", {}, icon(exp ? "error" : soon ? "warning" : "ok", exp ? "s-error" : soon ? "s-warning" : "s-ok"),
      h("div", {}, h("strong", { text: plural(certs.length, "certificate") }), ": ",
        exp ? h("span", { cls: "state st-fail", text: num(exp) + " expired" }) : "none expired", ", ",
        soon ? h("span", { style: "color:var(--warning);font-weight:600", text: num(soon) + " expire within " + warnDays + " days" })
          : "none expire within " + warnDays + " days",
        next ? h("div", { cls: "muted", style: "font-size:.88rem" }, "Next to expire: ", h("strong", { text: cn(next.subject) }),
          " on " + day(next.not_after) + " (" + plural(next.days_left, "day") + ")") : null)));
    if (unres.length) add(facts, h("li", {}, icon("warning", "s-warning"),
      h("div", {}, h("strong", { text: plural(unres.length, "configured certificate") + " could not be read" }), ": ",
        unres.slice(0, 3).map(function (u, i) { return [i ? ", " : "", h("code", { text: u.configured }), " (" + u.why + ")"]; }),
        unres.length > 3 ? " …" : "")));
    var dis = D.disabled || [];
    if (dis.length) add(facts, h("li", {}, icon("notice", "s-notice"),
      h("div", {}, h("strong", { text: "Not linted: " }), dis.map(function (d, i) {
        return [i ? ", " : "", d.kind + " ", h("code", { text: d.name }), " (" + d.why + ")"];
      }))));
    add(right, facts);
    add(grid, right);
    add(body, grid);
  }
  function cn(subject) {
    var m = /(?:^|,\s*)CN=((?:\\.|[^,])*)/.exec(subject || "");
    return m ? m[1] : (subject || "(no subject)");
  }

  // ------------------------------------------------------------------ graph layout
  /* Layered (Sugiyama-style) layout with hosts as horizontal lanes:
     1. cycles broken with the Eades–Lin–Smyth greedy feedback-arc-set ordering;
     2. layers by longest path to a sink on the resulting DAG, so servers stand right of
        their clients and every edge spans at least one layer;
     3. crossings reduced by barycenter sweeps, alternately inside each (lane, layer) cell
        and between lanes, keeping the best order by counted crossings;
     4. coordinates: columns per layer, lanes stacked as bands (so host boxes never
        overlap), nodes pulled inside their band towards their neighbours' mean position
        under order and spacing constraints;
     5. edges routed through the free gaps of the columns they cross. */
  var L = { nodeW: 206, nodeH: 58, rowGap: 14, colGap: 214, padTop: 30, padX: 14, padBottom: 12, laneGap: 22, margin: 16 };

  function layoutGraph(nodes, edges, opts) {
    opts = opts || {};
    var ids = nodes.map(function (n) { return n.id; });
    var byId = new Map(nodes.map(function (n) { return [n.id, n]; }));
    var out = new Map(), inn = new Map();
    ids.forEach(function (v) { out.set(v, new Set()); inn.set(v, new Set()); });
    edges.forEach(function (e) {
      if (e.from === e.to || !byId.has(e.from) || !byId.has(e.to)) return;
      out.get(e.from).add(e.to); inn.get(e.to).add(e.from);
    });
    // 1. Greedy FAS ordering.
    var alive = new Set(ids), indeg = new Map(), outdeg = new Map();
    ids.forEach(function (v) { indeg.set(v, inn.get(v).size); outdeg.set(v, out.get(v).size); });
    var s1 = [], s2 = [];
    function remove(v) {
      alive.delete(v);
      out.get(v).forEach(function (w) { if (alive.has(w)) indeg.set(w, indeg.get(w) - 1); });
      inn.get(v).forEach(function (u) { if (alive.has(u)) outdeg.set(u, outdeg.get(u) - 1); });
    }
    while (alive.size) {
      var changed = true;
      while (changed) {
        changed = false;
        alive.forEach(function (v) { if (alive.has(v) && outdeg.get(v) === 0) { s2.unshift(v); remove(v); changed = true; } });
        alive.forEach(function (v) { if (alive.has(v) && indeg.get(v) === 0) { s1.push(v); remove(v); changed = true; } });
      }
      if (alive.size) {
        var best = null, bd = -Infinity;
        alive.forEach(function (v) { var d = outdeg.get(v) - indeg.get(v); if (d > bd) { bd = d; best = v; } });
        s1.push(best); remove(best);
      }
    }
    var order = s1.concat(s2), rank = new Map();
    order.forEach(function (v, i) { rank.set(v, i); });
    // 2. DAG successors and longest path to a sink.
    var succ = new Map(), pred = new Map();
    ids.forEach(function (v) { succ.set(v, []); pred.set(v, []); });
    out.forEach(function (ws, v) {
      ws.forEach(function (w) {
        var a = v, b = w;
        if (rank.get(a) > rank.get(b)) { a = w; b = v; }
        if (succ.get(a).indexOf(b) < 0) { succ.get(a).push(b); pred.get(b).push(a); }
      });
    });
    var height = new Map(), maxH = 0;
    for (var i = order.length - 1; i >= 0; i--) {
      var v = order[i], hh = 0;
      succ.get(v).forEach(function (w) { hh = Math.max(hh, height.get(w) + 1); });
      height.set(v, hh); maxH = Math.max(maxH, hh);
    }
    var layer = new Map();
    ids.forEach(function (v) { layer.set(v, maxH - height.get(v)); });
    // A source is pulled right next to its nearest successor (shorter edges).
    ids.forEach(function (v) {
      if (pred.get(v).length === 0 && succ.get(v).length) {
        var m = Infinity;
        succ.get(v).forEach(function (w) { m = Math.min(m, layer.get(w)); });
        layer.set(v, m - 1);
      }
    });
    var nLayers = maxH + 1;
    if (opts.fixedLayer) {
      // A neighbourhood: clients left of the focus, servers right, whatever the cycles.
      nLayers = 0;
      ids.forEach(function (v) { var l = opts.fixedLayer.get(v) || 0; layer.set(v, l); nLayers = Math.max(nLayers, l + 1); });
    }

    // Undirected neighbour lists for barycenters.
    var nb = new Map();
    ids.forEach(function (v) { nb.set(v, []); });
    out.forEach(function (ws, v) { ws.forEach(function (w) { nb.get(v).push(w); nb.get(w).push(v); }); });

    // 3. Lanes and cells.
    var laneNames = [], laneOf = new Map();
    nodes.forEach(function (n) { if (!laneOf.has(n.lane)) { laneOf.set(n.lane, laneNames.length); laneNames.push(n.lane); } });
    var cells = new Map();   // lane -> layer -> [ids]
    laneNames.forEach(function (ln) { cells.set(ln, []); for (var l = 0; l < nLayers; l++) cells.get(ln).push([]); });
    nodes.forEach(function (n) { cells.get(n.lane)[layer.get(n.id)].push(n.id); });
    laneNames.forEach(function (ln) { cells.get(ln).forEach(function (c) { c.sort(); }); });
    var cap = new Map();
    laneNames.forEach(function (ln) { var m = 1; cells.get(ln).forEach(function (c) { m = Math.max(m, c.length); }); cap.set(ln, m); });
    var laneOrder = laneNames.slice().sort(function (a, b) {
      var la = laneMeanLayer(a), lb = laneMeanLayer(b);
      return la - lb || (a < b ? -1 : 1);
    });
    function laneMeanLayer(ln) {
      var t = 0, k = 0;
      cells.get(ln).forEach(function (c, l) { t += l * c.length; k += c.length; });
      return k ? t / k : 0;
    }
    if (opts.star !== undefined) {
      // A neighbourhood: lanes left and right of the focus lane taken in turns (in the
      // order given: worst first) so that they pair up in bands, the focus lane in the
      // middle band. No lane reordering afterwards.
      var rank0 = opts.laneRank || new Map();
      var others = laneNames.filter(function (ln) { return ln !== opts.star; }).sort(function (a, b) {
        return (rank0.get(a) || 0) - (rank0.get(b) || 0) || (a < b ? -1 : 1);
      });
      var fl = laneMeanLayer(opts.star);
      var lefts = others.filter(function (ln) { return laneMeanLayer(ln) < fl; });
      var rights = others.filter(function (ln) { return laneMeanLayer(ln) >= fl; });
      var seq = [];
      for (var q = 0; q < Math.max(lefts.length, rights.length); q++) {
        if (q < lefts.length) seq.push(lefts[q]);
        if (q < rights.length) seq.push(rights[q]);
      }
      var rows = Math.max(lefts.length, rights.length);
      var at = 0, placed = 0;
      // after the pair of the middle row
      for (q = 0; q < Math.floor((rows - 1) / 2) + (rows ? 1 : 0); q++) at += (q < lefts.length ? 1 : 0) + (q < rights.length ? 1 : 0);
      if (laneNames.indexOf(opts.star) >= 0) seq.splice(Math.min(at, seq.length), 0, opts.star);
      laneOrder = seq;
    }
    var slotH = L.nodeH + L.rowGap;
    function laneHeight(ln) { return L.padTop + cap.get(ln) * L.nodeH + (cap.get(ln) - 1) * L.rowGap + L.padBottom; }
    var ypos = new Map(), laneTop = new Map();
    // Lanes whose layers do not overlap share a band (side by side), in lane order.
    var range = new Map();
    laneNames.forEach(function (ln) {
      var lo = Infinity, hi = -Infinity;
      cells.get(ln).forEach(function (c, l) { if (c.length) { lo = Math.min(lo, l); hi = Math.max(hi, l); } });
      range.set(ln, [lo, hi]);
    });
    function place() {
      var band = null;
      laneOrder.forEach(function (ln) {
        var rg = range.get(ln);
        var fits = band && band.ranges.every(function (q) { return rg[1] < q[0] || rg[0] > q[1]; });
        if (!fits) band = { top: band ? band.top + band.h + L.laneGap : L.margin, h: 0, ranges: [] };
        band.ranges.push(rg);
        band.h = Math.max(band.h, laneHeight(ln));
        laneTop.set(ln, band.top);
        cells.get(ln).forEach(function (c) {
          c.forEach(function (id, k) { ypos.set(id, band.top + L.padTop + k * slotH + L.nodeH / 2); });
        });
      });
      return band ? band.top + band.h + L.margin : 2 * L.margin;
    }
    function bary(id) {
      var l = nb.get(id);
      if (!l.length) return ypos.get(id);
      var t = 0;
      l.forEach(function (w) { t += ypos.get(w); });
      return t / l.length;
    }
    var edgeList = [];
    out.forEach(function (ws, v) { ws.forEach(function (w) { edgeList.push([v, w]); }); });
    function crossings() {
      // Straight segments between node centres; counts proper intersections.
      var segs = edgeList.map(function (e) {
        var a = layer.get(e[0]), b = layer.get(e[1]);
        return a <= b ? [a, ypos.get(e[0]), b, ypos.get(e[1])] : [b, ypos.get(e[1]), a, ypos.get(e[0])];
      });
      var c = 0, dy = 0;
      for (var i = 0; i < segs.length; i++) {
        var p = segs[i];
        dy += Math.abs(p[3] - p[1]);
        for (var j = i + 1; j < segs.length; j++) {
          var q = segs[j];
          var lo = Math.max(p[0], q[0]), hi = Math.min(p[2], q[2]);
          if (lo >= hi) continue;
          var f1 = yAt(p, lo) - yAt(q, lo), f2 = yAt(p, hi) - yAt(q, hi);
          if (f1 * f2 < 0) c++;
        }
      }
      return c * 100000 + dy;
    }
    function yAt(sg, x) { return sg[1] + (sg[3] - sg[1]) * (x - sg[0]) / (sg[2] - sg[0]); }
    function snapshot() {
      return { lanes: laneOrder.slice(), cells: laneNames.map(function (ln) { return cells.get(ln).map(function (c) { return c.slice(); }); }) };
    }
    function restore(sn) {
      laneOrder = sn.lanes.slice();
      laneNames.forEach(function (ln, i) { cells.set(ln, sn.cells[i].map(function (c) { return c.slice(); })); });
    }
    place();
    var bestCost = crossings(), bestSnap = snapshot();
    var iterations = opts.star !== undefined ? 2 : edgeList.length > 400 ? 4 : 14;
    for (var it = 0; it < iterations; it++) {
      // nodes inside their cells
      laneNames.forEach(function (ln) {
        cells.get(ln).forEach(function (c) {
          var b = new Map(c.map(function (id) { return [id, bary(id)]; }));
          c.sort(function (x, y) { return b.get(x) - b.get(y) || (x < y ? -1 : 1); });
        });
      });
      place();
      // lanes by the mean position of their nodes' neighbours in other lanes
      var lb = new Map();
      laneOrder.forEach(function (ln) {
        var t = 0, k = 0;
        cells.get(ln).forEach(function (c) {
          c.forEach(function (id) {
            nb.get(id).forEach(function (w) { if (byId.get(w).lane !== ln) { t += ypos.get(w); k++; } });
          });
        });
        lb.set(ln, k ? t / k : laneTop.get(ln) + laneHeight(ln) / 2);
      });
      var before = laneOrder.slice();
      if (opts.star === undefined) laneOrder.sort(function (a, b) { return lb.get(a) - lb.get(b) || before.indexOf(a) - before.indexOf(b); });
      place();
      var cost = crossings();
      if (cost < bestCost) { bestCost = cost; bestSnap = snapshot(); }
    }
    restore(bestSnap);
    var totalH = place();

    // 4. Pull nodes towards their neighbours inside their band (order kept).
    for (var round = 0; round < 3; round++) {
      laneOrder.forEach(function (ln) {
        var top = laneTop.get(ln) + L.padTop + L.nodeH / 2;
        var bottom = top + (cap.get(ln) - 1) * slotH;
        cells.get(ln).forEach(function (c) {
          if (!c.length || c.length === cap.get(ln)) return;
          var want = c.map(function (id) { return Math.min(bottom, Math.max(top, bary(id))); });
          for (var k = 1; k < want.length; k++) want[k] = Math.max(want[k], want[k - 1] + slotH);
          for (k = want.length - 1; k >= 0; k--) {
            var lim = k === want.length - 1 ? bottom : want[k + 1] - slotH;
            want[k] = Math.min(want[k], lim);
          }
          for (k = 0; k < want.length; k++) want[k] = Math.max(want[k], k ? want[k - 1] + slotH : top);
          c.forEach(function (id, k2) { ypos.set(id, want[k2]); });
        });
      });
    }

    function colX(l) { return L.margin + L.padX + l * (L.nodeW + L.colGap); }
    var pos = new Map();
    nodes.forEach(function (n) { pos.set(n.id, { x: colX(layer.get(n.id)), y: ypos.get(n.id) - L.nodeH / 2, layer: layer.get(n.id) }); });
    var lanes = laneOrder.map(function (ln) {
      var lo = Infinity, hi = -Infinity;
      cells.get(ln).forEach(function (c, l) { if (c.length) { lo = Math.min(lo, l); hi = Math.max(hi, l); } });
      return { name: ln, x0: colX(lo) - L.padX, x1: colX(hi) + L.nodeW + L.padX, y0: laneTop.get(ln), y1: laneTop.get(ln) + laneHeight(ln) };
    });
    var width = colX(nLayers - 1) + L.nodeW + L.padX + L.margin;
    // Free vertical intervals of each column, for routing edges across it.
    var free = [];
    for (var l = 0; l < nLayers; l++) {
      var occ = [];
      nodes.forEach(function (n) { var p = pos.get(n.id); if (p.layer === l) occ.push([p.y - 8, p.y + L.nodeH + 8]); });
      occ.sort(function (a, b) { return a[0] - b[0]; });
      var f = [], y = 0;
      occ.forEach(function (o) { if (o[0] > y) f.push([y, o[0]]); y = Math.max(y, o[1]); });
      f.push([y, totalH + 40]);
      free.push(f);
    }
    return { pos: pos, lanes: lanes, width: width, height: totalH, colX: colX, free: free, layers: nLayers };
  }

  // ------------------------------------------------------------------ the map
  var mapState = { view: null };
  var mapEls = {};

  function renderMapSection() {
    var body = $("map-body");
    body.textContent = "";
    var large = apps.length > FULL_MAX_APPS;
    var tools = h("div", { cls: "map-tools" });
    var kind = h("select", { id: "map-kind" },
      large ? null : h("option", { value: "all", text: "Whole deployment" }),
      h("option", { value: "host", text: "One host and its neighbours" }),
      h("option", { value: "app", text: "One application and its neighbours" }));
    var hostSel = h("select", { id: "map-host" });
    hosts.slice().sort(function (a, b) { return a.name < b.name ? -1 : 1; }).forEach(function (x) {
      add(hostSel, h("option", { value: x.name, text: x.name + " (" + plural(x.applications.length, "application") + ")" }));
    });
    var dl = h("datalist", { id: "map-apps" });
    apps.forEach(function (a) { add(dl, h("option", { value: a.name })); });
    var appIn = h("input", { id: "map-app", type: "search", list: "map-apps", placeholder: "Type an application name", autocomplete: "off" });
    add(tools, [
      h("label", {}, "Show", kind),
      h("label", { id: "map-host-l" }, "Host", hostSel),
      h("label", { id: "map-app-l" }, "Application", appIn), dl,
      h("button", { type: "button", cls: "btn", id: "map-clear", text: "Clear highlight", onclick: function () { highlight(null); } })
    ]);
    add(body, tools);
    kind.addEventListener("change", function () {
      if (kind.value === "all") setView({ kind: "all" });
      else if (kind.value === "host") setView({ kind: "host", name: hostSel.value });
      else setView({ kind: "app", name: appBy.has(appIn.value) ? appIn.value : (mapState.view && mapState.view.kind === "app" ? mapState.view.name : defaultApp()) });
    });
    hostSel.addEventListener("change", function () { setView({ kind: "host", name: hostSel.value }); });
    appIn.addEventListener("change", function () { if (appBy.has(appIn.value)) setView({ kind: "app", name: appIn.value }); });
    appIn.addEventListener("keydown", function (ev) { if (ev.key === "Enter" && appBy.has(appIn.value)) setView({ kind: "app", name: appIn.value }); });
    mapEls = { kind: kind, hostSel: hostSel, appIn: appIn };

    // Problem spots: applications with failing connections or errors.
    var spots = apps.map(function (a) {
      var fail = 0;
      (connsOf.get(a.name) || []).forEach(function (i) { if (conns[i].state === "fail") fail++; });
      var sv = appSev.get(a.name) || {};
      return { a: a, fail: fail, err: sv.error || 0, warn: sv.warning || 0 };
    }).filter(function (x) { return x.fail || x.err; }).sort(function (x, y) {
      return y.fail - x.fail || y.err - x.err || y.warn - x.warn || (x.a.name < y.a.name ? -1 : 1);
    });
    if (spots.length) {
      var hot = h("div", { cls: "hot" }, h("span", { cls: "muted", text: "Problem spots:" }));
      spots.slice(0, 8).forEach(function (x) {
        add(hot, h("button", { type: "button", onclick: function () { setView({ kind: "app", name: x.a.name }); },
          title: x.fail + " failing connections, " + x.err + " errors" },
          icon("error", "s-error"), x.a.name,
          h("span", { cls: "muted", text: x.fail ? "· " + plural(x.fail, "failing link") : "· " + plural(x.err, "error") })));
      });
      add(body, hot);
    }
    add(body, legend());
    add(body, h("p", { cls: "map-note", id: "map-note", "aria-live": "polite" }));
    add(body, h("div", { cls: "map-frame", id: "map-frame" }));
    add(body, h("div", { cls: "conn-table-wrap", id: "map-table" }));
    setView(viewFromHash() || (large ? { kind: "app", name: defaultApp() } : { kind: "all" }));
  }
  // #map=host:NAME or #map=app:NAME opens the map on that view (links, tests).
  function viewFromHash() {
    var m = /^#map=(host|app|all)(?::(.*))?$/.exec(location.hash || "");
    if (!m) return null;
    var name = m[2] ? decodeURIComponent(m[2]) : "";
    if (m[1] === "all") return apps.length <= FULL_MAX_APPS ? { kind: "all" } : null;
    if (m[1] === "host" && hostBy.has(name)) return { kind: "host", name: name };
    if (m[1] === "app" && appBy.has(name)) return { kind: "app", name: name };
    return null;
  }
  function defaultApp() {
    var best = null, bs = -1;
    apps.forEach(function (a) {
      var fail = 0;
      (connsOf.get(a.name) || []).forEach(function (i) { if (conns[i].state === "fail") fail++; });
      var sc = fail * 1000 + ((appSev.get(a.name) || {}).error || 0) * 10 + (connsOf.get(a.name) || []).length / 1000;
      if (sc > bs) { bs = sc; best = a.name; }
    });
    return best || (apps[0] && apps[0].name);
  }
  function legend() {
    function line(cls, dash, colour) {
      return s("svg", { width: 34, height: 10, "aria-hidden": "true" },
        s("line", { x1: 1, y1: 5, x2: 33, y2: 5, stroke: colour, "stroke-width": cls === "fail" ? 2.6 : 1.8, "stroke-dasharray": dash || null }));
    }
    return h("ul", { cls: "legend", "aria-label": "Legend" },
      h("li", {}, line("ok", null, "#1a7f37"), icon("ok", "s-ok"), "TLS, predicted to succeed (hover: protocol and suite)"),
      h("li", {}, line("fail", null, "#c4122f"), icon("error", "s-error"), "predicted to fail, labelled with the handshake rule"),
      h("li", {}, line("plaintext", "6 4", "#6e7781"), icon("plain", "s-plain"), "clear text"),
      h("li", {}, line("unknown", "2 3", "#6f42c1"), icon("unknown", "s-unknown"), "TLS, not predicted (Windows)"),
      h("li", {}, "Boxes: hosts. Arrows: client → server port.")
    );
  }

  function setView(view) {
    mapState.view = view;
    var k = mapEls.kind;
    if (k) {
      k.value = view.kind;
      $("map-host-l").hidden = view.kind !== "host";
      $("map-app-l").hidden = view.kind !== "app";
      if (view.kind === "host") mapEls.hostSel.value = view.name;
      if (view.kind === "app") mapEls.appIn.value = view.name;
    }
    drawMap(buildView(view));
  }

  function worstState(list) {
    var w = "ok";
    list.forEach(function (i) { if (STATE_RANK[conns[i].state] < STATE_RANK[w]) w = conns[i].state; });
    return w;
  }

  // Which nodes and edges a view shows. Nodes: {id, lane, app?, agg?}; edges: {from, to, conns[]}.
  function buildView(view) {
    var nodes = [], nodeIds = new Set(), edges = [], note = "", hidden = [];
    function addApp(name, focus) {
      if (nodeIds.has(name)) return;
      var a = appBy.get(name);
      nodeIds.add(name);
      nodes.push(a ? { id: name, lane: a.host || "(no host)", app: a, focus: !!focus }
        : { id: name, lane: "(not in the deployment)", ghost: true });
    }
    var list;
    if (view.kind === "all") {
      apps.forEach(function (a) { addApp(a.name); });
      list = conns.map(function (c, i) { return i; });
      list.forEach(function (i) { addApp(conns[i].client); addApp(conns[i].server); });
      list.forEach(function (i) { edges.push({ from: conns[i].client, to: conns[i].server, conns: [i] }); });
      note = "The whole deployment: " + plural(apps.length, "application") + " on " + plural(hosts.length, "host") +
        ", " + plural(conns.length, "connection") + ".";
      return { nodes: nodes, edges: edges, note: note, list: list, view: view };
    }
    var focus = view.kind === "host" ? ((hostBy.get(view.name) || {}).applications || []) : [view.name];
    var focusSet = new Set(focus);
    focus.forEach(function (n) { addApp(n, true); });
    var seen = new Set();
    list = [];
    focus.forEach(function (n) { (connsOf.get(n) || []).forEach(function (i) { if (!seen.has(i)) { seen.add(i); list.push(i); } }); });
    list.sort(function (a, b) { return a - b; });
    var neigh = new Map();   // neighbour app -> [conn]
    list.forEach(function (i) {
      var c = conns[i];
      [c.client, c.server].forEach(function (n) { if (!focusSet.has(n)) pushTo(neigh, n, i); });
    });
    var what = view.kind === "host" ? "host " + view.name + " (" + plural(focus.length, "application") + ")" : "application " + view.name;
    if (focus.length + neigh.size <= VIEW_MAX_NODES) {
      neigh.forEach(function (_, n) { addApp(n); });
      list.forEach(function (i) { edges.push({ from: conns[i].client, to: conns[i].server, conns: [i] }); });
      note = "Showing " + what + " and its " + plural(neigh.size, "neighbour") + ", " + plural(list.length, "connection") + ".";
    } else {
      // Neighbours grouped by host and side (clients of the focus left, its servers
      // right); the worst groups kept.
      var groups = new Map();
      list.forEach(function (i) {
        var c = conns[i], role = focusSet.has(c.client) ? "s" : "c";
        var n = role === "c" ? c.client : c.server;
        var a = appBy.get(n), hn = a ? a.host : "(not in the deployment)";
        var key = role + "\u0000" + hn;
        var g = groups.get(key);
        if (!g) groups.set(key, g = { key: key, host: hn, role: role, apps: [], conns: [] });
        if (g.apps.indexOf(n) < 0) g.apps.push(n);
        g.conns.push(i);
      });
      var gl = Array.from(groups.values()).sort(function (x, y) {
        return STATE_RANK[worstState(x.conns)] - STATE_RANK[worstState(y.conns)] || y.conns.length - x.conns.length || (x.key < y.key ? -1 : 1);
      });
      var room = Math.max(6, (view.kind === "host" ? 24 : VIEW_MAX_NODES) - focus.length);
      // Half the room for each side (worst first), what one side leaves to the other.
      var cs = gl.filter(function (g) { return g.role === "c"; }), ss = gl.filter(function (g) { return g.role === "s"; });
      var nc = Math.min(cs.length, Math.max(Math.ceil(room / 2), room - ss.length));
      var ns = Math.min(ss.length, room - nc);
      var kept = cs.slice(0, nc).concat(ss.slice(0, ns));
      hidden = cs.slice(nc).concat(ss.slice(ns));
      var groupOf = new Map();
      kept.forEach(function (g) {
        var id = "group:" + g.key;
        nodes.push({ id: id, lane: g.key, laneLabel: g.host, agg: g });
        nodeIds.add(id);
        g.apps.forEach(function (n) { groupOf.set(g.role + "\u0000" + n, id); });
      });
      var merged = new Map();
      list.forEach(function (i) {
        var c = conns[i];
        var f = focusSet.has(c.client) ? c.client : groupOf.get("c\u0000" + c.client);
        var t = focusSet.has(c.server) ? c.server : groupOf.get("s\u0000" + c.server);
        if (!f || !t) return;
        var key = f + "\u0000" + t;
        var e = merged.get(key);
        if (!e) merged.set(key, e = { from: f, to: t, conns: [] });
        e.conns.push(i);
      });
      merged.forEach(function (e) { edges.push(e); });
      var hiddenConns = 0;
      hidden.forEach(function (g) { hiddenConns += g.conns.length; });
      note = "Showing " + what + " and its " + plural(neigh.size, "neighbour") + ", grouped by host: clients left, servers right (" +
        plural(kept.length, "group") + " drawn" + (hidden.length ? "; " + plural(hidden.length, "more group") + " with " +
        plural(hiddenConns, "connection") + " only in the table below" : "") + "). Choose one application to see it alone.";
    }
    // Neighbour lanes ranked worst first (failing links at the top), for the star layout.
    var laneRank = new Map();
    edges.forEach(function (e) {
      var st = STATE_RANK[worstState(e.conns)];
      [e.from, e.to].forEach(function (id) {
        if (focusSet.has(id)) return;
        var n = nodes.filter(function (x) { return x.id === id; })[0];
        if (n) laneRank.set(n.lane, Math.min(laneRank.has(n.lane) ? laneRank.get(n.lane) : 9, st));
      });
    });
    var star = view.kind === "host" ? view.name : (appBy.get(view.name) || {}).host;
    var fixed = new Map(), anyLeft = false;
    nodes.forEach(function (n) { fixed.set(n.id, focusSet.has(n.id) ? 1 : 2); });
    edges.forEach(function (e) {
      if (!focusSet.has(e.from) && focusSet.has(e.to)) { fixed.set(e.from, 0); anyLeft = true; }
    });
    if (!anyLeft) fixed.forEach(function (l, id) { fixed.set(id, l - 1); });
    return { nodes: nodes, edges: edges, note: note, list: list, view: view, focus: focusSet, star: star, laneRank: laneRank, fixedLayer: fixed };
  }

  function drawMap(v) {
    var frame = $("map-frame");
    frame.textContent = "";
    $("map-note").textContent = v.note;
    if (!v.nodes.length) {
      add(frame, h("p", { cls: "empty", style: "margin:12px", text: "No application runs in this deployment: nothing to draw." }));
      mapState.drawn = []; mapState.svg = null; mapState.nodes = [];
      renderConnTable(v);
      return;
    }
    var lay = layoutGraph(v.nodes, v.edges, v.star === undefined ? {} : { star: v.star, laneRank: v.laneRank, fixedLayer: v.fixedLayer });
    var W = Math.max(lay.width, 320), H = Math.max(lay.height, 80);
    var svg = s("svg", { "class": "map", width: W, height: H, viewBox: "0 0 " + W + " " + H, role: "group",
      "aria-label": "Deployment map: " + v.note, "data-view": v.view.kind + (v.view.name ? ":" + v.view.name : "") });
    var defs = s("defs");
    [["ok", "#1a7f37"], ["fail", "#c4122f"], ["plaintext", "#6e7781"], ["unknown", "#6f42c1"], ["unresolved", "#6f42c1"]].forEach(function (m) {
      add(defs, s("marker", { id: "arr-" + m[0], viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 10, markerHeight: 10, markerUnits: "userSpaceOnUse", orient: "auto-start-reverse" },
        s("path", { d: "M0 0L10 5L0 10z", fill: m[1] })));
    });
    add(svg, defs);
    // lanes
    var gl = s("g", { "class": "lanes" });
    var laneLabel = new Map();
    v.nodes.forEach(function (n) { if (n.laneLabel) laneLabel.set(n.lane, n.laneLabel); });
    lay.lanes.forEach(function (ln0) {
      var ln = { name: laneLabel.get(ln0.name) || ln0.name, x0: ln0.x0, x1: ln0.x1, y0: ln0.y0, y1: ln0.y1 };
      var hst = hostBy.get(ln.name);
      var osw = hst && hst.os ? (hst.os === "windows" ? "Windows" : hst.os === "unix" ? "UNIX" : hst.os) : "";
      add(gl, s("g", { "class": "lane", "data-host": ln.name },
        s("rect", { "class": "box", x: ln.x0, y: ln.y0, width: ln.x1 - ln.x0, height: ln.y1 - ln.y0, rx: 9 }),
        s("text", { "class": "host", x: ln.x0 + 10, y: ln.y0 + 19 }, clip(ln.name, Math.floor((ln.x1 - ln.x0 - 70) / 7.4))),
        osw ? s("text", { "class": "os", x: ln.x1 - 10, y: ln.y0 + 19, "text-anchor": "end" }, osw) : null,
        s("title", {}, "host " + ln.name + (osw ? " (" + osw + ")" : ""))));
    });
    add(svg, gl);

    // edges: attachment points spread along the node sides
    var pos = lay.pos;
    var sideLists = new Map();
    var drawn = [];
    v.edges.forEach(function (e, k) {
      var pf = pos.get(e.from), pt = pos.get(e.to);
      if (!pf || !pt || e.from === e.to) return;
      var fwd = pt.layer > pf.layer, same = pt.layer === pf.layer;
      var d = { e: e, k: k, pf: pf, pt: pt, fwd: fwd, same: same };
      drawn.push(d);
      pushTo(sideLists, e.from + (fwd || same ? "|R" : "|L"), d);
      pushTo(sideLists, e.to + (fwd ? "|L" : "|R"), d);
    });
    sideLists.forEach(function (l, key) {
      var id = key.slice(0, -2), p = pos.get(id);
      l.sort(function (a, b) {
        var oa = a.e.from === id ? a.pt : a.pf, ob = b.e.from === id ? b.pt : b.pf;
        return oa.y - ob.y || a.k - b.k;
      });
      var n = l.length, top = p.y + 10, span = L.nodeH - 20;
      l.forEach(function (d, i) {
        var y = n === 1 ? p.y + L.nodeH / 2 : top + span * (i + 0.5) / n;
        if (d.e.from === id) d.y1 = y; else d.y2 = y;
      });
    });
    var usage = new Map();
    var ge = s("g", { "class": "edges" }), glab = s("g", { "class": "labels" });
    var labels = [];
    drawn.forEach(function (d) {
      var e = d.e, state = worstState(e.conns);
      var x1 = d.fwd || d.same ? d.pf.x + L.nodeW : d.pf.x, x2 = d.fwd ? d.pt.x - 2 : d.pt.x + L.nodeW + 2;
      var pts = [[x1, d.y1]];
      var step = d.fwd ? 1 : -1;
      var from = d.pf.layer, to = d.pt.layer;
      // A long edge goes straight when its curve misses every node of the columns it
      // crosses, else through the free gap nearest to it in each of them.
      var direct = Math.abs(to - from) < 2 || curveClear(x1, d.y1, x2, d.y2, from, to);
      for (var l = from + step; !direct && l !== to; l += step) {
        var t = (l - from) / (to - from), want = d.y1 + (d.y2 - d.y1) * t;
        var gy = gapY(lay.free[l], want, l);
        var cx = lay.colX(l);
        if (d.fwd) pts.push([cx - 6, gy], [cx + L.nodeW + 6, gy]);
        else pts.push([cx + L.nodeW + 6, gy], [cx - 6, gy]);
      }
      pts.push([x2, d.y2]);
      var path = "M" + r(pts[0][0]) + " " + r(pts[0][1]);
      for (var i = 1; i < pts.length; i++) {
        var a = pts[i - 1], b = pts[i];
        if (i % 2 === 0 && i < pts.length - 1) path += "L" + r(b[0]) + " " + r(b[1]);
        else { var mx = (a[0] + b[0]) / 2; path += "C" + r(mx) + " " + r(a[1]) + " " + r(mx) + " " + r(b[1]) + " " + r(b[0]) + " " + r(b[1]); }
      }
      if (d.same) {
        // Both ends in one column: a loop out to the right.
        var bulge = 46 + Math.min(60, Math.abs(d.y2 - d.y1) / 4);
        path = "M" + r(x1) + " " + r(d.y1) + "C" + r(x1 + bulge) + " " + r(d.y1) + " " + r(x2 + bulge) + " " + r(d.y2) + " " + r(x2) + " " + r(d.y2);
      }
      var single = e.conns.length === 1 ? conns[e.conns[0]] : null;
      var g = s("g", { "class": "edge st-" + state, "data-edge-state": state, "data-from": e.from, "data-to": e.to });
      if (single) g.setAttribute("data-conn", String(e.conns[0]));
      else g.setAttribute("data-conns", e.conns.join(","));
      var failing = [];
      e.conns.forEach(function (i) { (conns[i].failing || []).forEach(function (rl) { if (failing.indexOf(rl) < 0) failing.push(rl); }); });
      if (failing.length) g.setAttribute("data-rules", failing.join(" "));
      add(g, s("title", {}, edgeTitle(e)));
      add(g, s("path", { "class": "hit", d: path }));
      add(g, s("path", { "class": "line", d: path, "marker-end": "url(#arr-" + state + ")" }));
      ge.appendChild(g);
      d.g = g;
      // The failing rule (or the count of a grouped edge) labels the edge where it leaves
      // its client (next to the neighbour in a neighbourhood view).
      var text = failing.length ? "✖ " + failing[0] + (failing.length > 1 ? " +" + (failing.length - 1) : "") : null;
      if (!single) text = (text ? text + " · " : "") + "×" + e.conns.length;
      if (text) {
        var w = Math.min(L.colGap - 10, text.length * 6.5 + 10), lx, ly;
        if (v.focus && !v.focus.has(e.from)) {
          lx = d.fwd || d.same ? x1 + 6 + w / 2 : x1 - 6 - w / 2; ly = d.y1;
        } else if (v.focus && !v.focus.has(e.to)) {
          lx = d.fwd ? x2 - 10 - w / 2 : x2 + 10 + w / 2; ly = d.y2;
        } else {
          lx = d.fwd || d.same ? x1 + 6 + w / 2 : x1 - 6 - w / 2; ly = d.y1;
        }
        labels.push({ x: lx, y: ly, w: w, text: text, agg: !failing.length, d: d });
      }
    });
    // Labels never cover a node or another label: pushed down (then up) until free.
    var boxes = [];
    v.nodes.forEach(function (n) { var p = pos.get(n.id); if (p) boxes.push([p.x - 2, p.y - 2, p.x + L.nodeW + 2, p.y + L.nodeH + 2]); });
    function hits(b) {
      return boxes.some(function (q) { return b[0] < q[2] && b[2] > q[0] && b[1] < q[3] && b[3] > q[1]; });
    }
    labels.sort(function (a, b) { return a.y - b.y || a.x - b.x; });
    labels.forEach(function (lb) {
      var y = lb.y, tries = 0;
      function box(yy) { return [lb.x - lb.w / 2, yy - 9, lb.x + lb.w / 2, yy + 9]; }
      var dy = [0];
      for (var k = 1; k < 40; k++) dy.push(k * 6, -k * 6);
      for (tries = 0; tries < dy.length && hits(box(lb.y + dy[tries])); tries++) { /* next */ }
      y = tries < dy.length ? lb.y + dy[tries] : lb.y;
      boxes.push(box(y));
      var g = s("g", { "class": "elabel" + (lb.agg ? " agg" : ""), "aria-hidden": "true" },
        s("rect", { x: r(lb.x - lb.w / 2), y: r(y - 8), width: r(lb.w), height: 16, rx: 4 }),
        s("text", { x: r(lb.x), y: r(y + 3.8), "text-anchor": "middle" }, clip(lb.text, Math.floor((lb.w - 8) / 6.4))));
      lb.d.label = g;
      glab.appendChild(g);
    });
    add(svg, ge);

    // nodes
    var gn = s("g", { "class": "nodes" });
    v.nodes.forEach(function (n) {
      var p = pos.get(n.id);
      var g = drawNode(n, p);
      g.addEventListener("click", function () { nodeClicked(n, v, drawn); });
      g.addEventListener("keydown", function (ev) { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); nodeClicked(n, v, drawn); } });
      n.g = g;
      gn.appendChild(g);
    });
    add(svg, gn);
    add(svg, glab);
    svg.addEventListener("click", function (ev) { if (ev.target === svg) highlight(null); });
    frame.appendChild(svg);
    mapState.drawn = drawn; mapState.svg = svg; mapState.nodes = v.nodes;
    renderConnTable(v);

    function curveClear(ax, ay, bx, by, from, to) {
      var mx = (ax + bx) / 2;
      for (var t = 0.02; t < 1; t += 0.02) {
        var u = 1 - t;
        var px = u * u * u * ax + 3 * u * u * t * mx + 3 * u * t * t * mx + t * t * t * bx;
        var py = u * u * u * ay + 3 * u * u * t * ay + 3 * u * t * t * by + t * t * t * by;
        for (var l = Math.min(from, to) + 1; l < Math.max(from, to); l++) {
          var cx = lay.colX(l);
          if (px < cx - 8 || px > cx + L.nodeW + 8) continue;
          var inFree = lay.free[l].some(function (f) { return py > f[0] + 2 && py < f[1] - 2; });
          if (!inFree) return false;
        }
      }
      return true;
    }
    function gapY(freeList, want, l) {
      var best = null, bd = Infinity;
      freeList.forEach(function (f) {
        if (f[1] - f[0] < 6) return;
        var y = Math.min(Math.max(want, f[0] + 4), f[1] - 4);
        var dd = Math.abs(y - want);
        if (dd < bd) { bd = dd; best = y; }
      });
      var key = l + ":" + Math.round(best);
      var u = usage.get(key) || 0;
      usage.set(key, u + 1);
      return best + (u % 2 ? 1 : -1) * Math.ceil(u / 2) * 3;
    }
  }
  function r(x) { return Math.round(x * 10) / 10; }
  function clip(t, n) { t = String(t); return t.length > n ? t.slice(0, Math.max(1, n - 1)) + "…" : t; }

  function edgeTitle(e) {
    var lines = [];
    e.conns.slice(0, 12).forEach(function (i) {
      var c = conns[i], p = c.prediction || {};
      var t = connLabel(c) + " — " + STATE_WORD[c.state];
      if (p.version) t += ": " + p.version + (p.suite ? ", " + p.suite : "");
      if (c.failing && c.failing.length) t += " [" + c.failing.join(", ") + "]";
      if (c.mutual) t += " (mutual TLS)";
      lines.push(t);
    });
    if (e.conns.length > 12) lines.push("… and " + (e.conns.length - 12) + " more");
    return lines.join("\n");
  }

  function drawNode(n, p) {
    var g = s("g", { "class": "node", tabindex: 0, role: "button" });
    var W = L.nodeW, H = L.nodeH;
    if (n.agg) {
      g.setAttribute("class", "node agg");
      g.setAttribute("data-agg-host", n.agg.host);
      var st = worstState(n.agg.conns);
      var side = n.agg.role === "c" ? "clients of the focus" : "servers of the focus";
      add(g, s("title", {}, n.agg.apps.length + " " + side + " on " + n.agg.host + ": " + n.agg.apps.slice(0, 20).join(", ") +
        (n.agg.apps.length > 20 ? " …" : "") + "\n" + plural(n.agg.conns.length, "connection") + ", worst: " + STATE_WORD[st]));
      add(g, s("rect", { "class": "body", x: p.x, y: p.y, width: W, height: H, rx: 7 }));
      add(g, s("text", { "class": "name", x: p.x + 10, y: p.y + 20 }, plural(n.agg.apps.length, n.agg.role === "c" ? "client" : "server")));
      add(g, s("text", { "class": "sub", x: p.x + 10, y: p.y + 36 }, clip(n.agg.apps.join(", "), 32)));
      add(g, s("text", { "class": "sub", x: p.x + 10, y: p.y + 51 }, plural(n.agg.conns.length, "connection") + " · " + ({ fail: "failing", ok: "all ok", plaintext: "clear text", unknown: "not predicted", unresolved: "no target" })[st]));
      g.setAttribute("aria-label", n.agg.apps.length + " applications on host " + n.agg.host);
      return g;
    }
    if (n.ghost) {
      g.setAttribute("class", "node agg ghost");
      g.setAttribute("data-ghost", n.id);
      add(g, s("title", {}, n.id + ": named by a connection, not in the deployment"));
      add(g, s("rect", { "class": "body", x: p.x, y: p.y, width: W, height: H, rx: 7 }));
      add(g, s("text", { "class": "name", x: p.x + 10, y: p.y + 22 }, clip(n.id, 24)));
      add(g, s("text", { "class": "sub", x: p.x + 10, y: p.y + 40 }, "not in the deployment"));
      return g;
    }
    var a = n.app, sv = appSev.get(a.name), ws = worstSev(sv);
    g.setAttribute("class", "node" + (ws ? " w-" + ws : "") + (n.focus && mapState.view.kind !== "all" ? " focus" : ""));
    g.setAttribute("data-app", a.name);
    var ports = (a.ports || []).map(function (pt) { return pt.number || pt.id; });
    var tls = (a.ports || []).filter(function (pt) { return pt.tls; }).length;
    var sub = [a.type || "type unknown", a.runtime].filter(Boolean).join(" · ");
    var tip = a.name + " on " + a.host + "\n" + (a.type || "type unknown") + (a.type_source ? " (" + a.type_source + ")" : "") +
      (a.runtime ? ", runtime " + a.runtime : "") + "\nports: " + ((a.ports || []).map(function (pt) {
        return pt.id + "=" + (pt.number || "?") + (pt.tls ? " TLS" : " clear") + (pt.mutual ? " mutual" : "");
      }).join(", ") || "none") +
      (sv ? "\nfindings: " + SEVS.filter(function (k) { return sv[k]; }).map(function (k) { return plural(sv[k], k); }).join(", ") : "\nno findings");
    add(g, s("title", {}, tip));
    add(g, s("rect", { "class": "body", x: p.x, y: p.y, width: W, height: H, rx: 7 }));
    var nameMax = ws ? 19 : 25;
    add(g, s("text", { "class": "name", x: p.x + 10, y: p.y + 20 }, clip(a.name, nameMax)));
    add(g, s("text", { "class": "sub", x: p.x + 10, y: p.y + 36 }, clip(sub, 32)));
    var portText = ports.length ? "port" + (ports.length > 1 ? "s " : " ") + clip(ports.join(", "), 18) + (tls ? " · " + tls + " TLS" : " · clear") : "no ports (client)";
    add(g, s("text", { "class": "sub", x: p.x + 10, y: p.y + 51 }, portText));
    if (ws) {
      var nb = sv[ws];
      var bx = p.x + W - 8;
      var col = ws === "error" ? "#c4122f" : ws === "warning" ? "#9a5b00" : "#1f5fbf";
      var u = s("use", { href: "#i-" + ws, x: bx - 34, y: p.y + 8, width: 14, height: 14 });
      u.style.color = ws === "warning" ? "#d38b00" : col;
      add(g, u);
      add(g, s("text", { "class": "badge", x: bx, y: p.y + 19, "text-anchor": "end", fill: col }, String(nb)));
    }
    g.setAttribute("aria-label", "application " + a.name + " on " + a.host + (ws ? ", " + plural(sv[ws], ws) : ", no findings"));
    return g;
  }

  function nodeClicked(n, v, drawn) {
    if (v.view.kind !== "all" && !n.focus && n.app) { setView({ kind: "app", name: n.app.name }); return; }
    highlight(mapState.hl === n.id ? null : n.id);
  }
  function highlight(id) {
    var svg = mapState.svg;
    if (!svg) return;
    mapState.hl = id;
    svg.classList.toggle("dim", !!id);
    svg.querySelectorAll(".hl").forEach(function (el) { el.classList.remove("hl"); });
    if (!id) return;
    var keep = new Set([id]);
    mapState.drawn.forEach(function (d) {
      if (d.e.from === id || d.e.to === id) {
        d.g.classList.add("hl"); if (d.label) d.label.classList.add("hl");
        keep.add(d.e.from); keep.add(d.e.to);
      }
    });
    mapState.nodes.forEach(function (n) { if (keep.has(n.id) && n.g) n.g.classList.add("hl"); });
  }

  function renderConnTable(v) {
    var wrap = $("map-table");
    wrap.textContent = "";
    var list = v.list.slice().sort(function (a, b) { return STATE_RANK[conns[a].state] - STATE_RANK[conns[b].state] || a - b; });
    var det = h("details", { cls: "more" }, h("summary", { text: "The " + plural(list.length, "connection") + " of this view as a table" }));
    var filled = false;
    det.addEventListener("toggle", function () {
      if (!det.open || filled) return;
      filled = true;
      var tb = h("tbody");
      list.slice(0, 2000).forEach(function (i) {
        var c = conns[i], p = c.prediction || {};
        add(tb, h("tr", { "data-conn-row": i },
          h("td", {}, h("span", { cls: "state st-" + c.state }, icon(STATE_ICON[c.state], STATE_ICLS[c.state]), STATE_WORD[c.state])),
          h("td", { text: c.client }), h("td", { text: c.server + ":" + c.port }),
          h("td", { text: p.version ? p.version + (p.suite ? " " + p.suite : "") : (p.outcome || "—") }),
          h("td", {}, (c.failing || []).map(function (x) { return h("code", { cls: "rule-id", text: x }); }),
            c.findings && c.findings.length ? " " + plural(c.findings.length, "finding") : "")));
      });
      add(det, h("div", { cls: "table-wrap" }, h("table", {},
        h("thead", {}, h("tr", {}, h("th", { text: "State" }), h("th", { text: "Client" }), h("th", { text: "Server port" }),
          h("th", { text: "Predicted protocol and suite" }), h("th", { text: "Findings" }))), tb)));
      if (list.length > 2000) add(det, h("p", { cls: "muted", text: "… and " + (list.length - 2000) + " more." }));
    });
    wrap.appendChild(det);
  }

  // ------------------------------------------------------------------ findings
  /* Grouped host -> application -> (own options | port | connection). A host group's body
     is built when it is first opened (or matched by a filter, or printed), so that thousands
     of findings cost nothing until looked at; filters work on the data, not the DOM. */
  var fState = { sev: new Set(SEVS), rule: "", text: "" };
  var fRecs = [];      // per finding: {f, hay, el, host}
  var hostGroups = []; // {name, own, apps, sev, el, body, filled, count}
  var LAZY_OVER = 150; // with more findings, only the first host groups are built at once
  var HOSTS_SHOWN = 25; // host groups listed before "show all" (a filter lists every match)
  var showAllHosts = false;

  function renderFindings() {
    var body = $("findings-body");
    body.textContent = "";
    var counts = { error: 0, warning: 0, notice: 0 };
    findings.forEach(function (f) { counts[f.severity]++; });
    var filters = h("form", { cls: "filters", role: "search", "aria-label": "Filter the findings", onsubmit: function (e) { e.preventDefault(); } });
    var fs = h("fieldset", {}, h("legend", { text: "Severity" }));
    SEVS.forEach(function (sev) {
      var cb = h("input", { type: "checkbox", checked: true, value: sev, "data-filter-sev": sev });
      cb.addEventListener("change", function () { if (cb.checked) fState.sev.add(sev); else fState.sev.delete(sev); applyFilter(); });
      add(fs, h("label", { cls: "toggle sev-" + sev }, cb, sevIcon(sev), SEV_WORD[sev] + "s", h("span", { cls: "count-pill", text: num(counts[sev]) })));
    });
    var ruleSel = h("select", { id: "f-rule" }, h("option", { value: "", text: "All rules" }));
    var rc = new Map();
    findings.forEach(function (f) { rc.set(f.rule, (rc.get(f.rule) || 0) + 1); });
    Array.from(rc.keys()).sort().forEach(function (id) { add(ruleSel, h("option", { value: id, text: id + " (" + rc.get(id) + ")" })); });
    ruleSel.addEventListener("change", function () { fState.rule = ruleSel.value; applyFilter(); });
    var txt = h("input", { type: "search", id: "f-text", placeholder: "message, file, host, application…" });
    var tmr = null;
    txt.addEventListener("input", function () { clearTimeout(tmr); tmr = setTimeout(function () { fState.text = lc(txt.value.trim()); applyFilter(); }, 120); });
    add(filters, fs, h("label", { cls: "t" }, "Rule", ruleSel), h("label", { cls: "t" }, "Text", txt),
      h("span", { style: "display:flex;gap:6px" },
        h("button", { type: "button", cls: "btn", text: "Expand all", onclick: function () { openAll(true); } }),
        h("button", { type: "button", cls: "btn", text: "Collapse all", onclick: function () { openAll(false); } })));
    add(body, filters);
    add(body, h("p", { cls: "shown", id: "f-shown", "aria-live": "polite" }));
    fRecs = []; hostGroups = [];
    if (!findings.length) { add(body, h("p", { cls: "empty", text: "No findings." })); return; }

    var tree = new Map();
    findings.forEach(function (f, i) {
      var o = f.object || {};
      var hk = o.host || "";
      var ht = tree.get(hk);
      if (!ht) tree.set(hk, ht = { name: hk, own: [], apps: new Map(), sev: { error: 0, warning: 0, notice: 0 }, all: [] });
      ht.sev[f.severity]++;
      ht.all.push(i);
      var loc = f.location || {};
      var where = loc.file ? loc.file + (loc.line ? ":" + loc.line + (loc.column ? ":" + loc.column : "") : "") : "";
      fRecs.push({ f: f, i: i, el: null, host: ht, where: where, vis: true,
        hay: lc([f.rule, f.severity, f.message, where, f.help, o.host, o.application, o.port, o.connection,
          f.snippet && f.snippet.text].join("\n")) });
      if (!o.application) { ht.own.push(i); return; }
      var at = ht.apps.get(o.application);
      if (!at) ht.apps.set(o.application, at = { name: o.application, own: [], parts: new Map(), sev: { error: 0, warning: 0, notice: 0 } });
      at.sev[f.severity]++;
      if (o.connection) pushTo(at.parts, "c\u0000" + o.connection, i);
      else if (o.port) pushTo(at.parts, "p\u0000" + o.port, i);
      else at.own.push(i);
    });
    function bySev(x, y) {
      return y.sev.error - x.sev.error || y.sev.warning - x.sev.warning || y.sev.notice - x.sev.notice || (x.name < y.name ? -1 : 1);
    }
    hostGroups = Array.from(tree.values()).sort(function (x, y) {
      if (!x.name !== !y.name) return x.name ? -1 : 1;
      return bySev(x, y);
    });
    var lazy = findings.length > LAZY_OVER;
    var list = h("div", { id: "f-groups" });
    hostGroups.forEach(function (ht, hi) {
      var hd = h("details", { cls: "grp host", "data-host-group": ht.name || "-", "data-findings": ht.all.length });
      var hb = h("div", { cls: "grp-body" });
      var hst = hostBy.get(ht.name);
      add(hd, h("summary", {}, h("span", { cls: "gkind", text: ht.name ? "host" : "" }),
        h("span", { cls: "gname", text: ht.name || "Not tied to a host" }),
        hst && hst.os ? h("span", { cls: "muted", text: hst.os === "windows" ? "Windows" : "UNIX" }) : null,
        h("span", { cls: "muted fcount" }),
        counters(ht.sev)), hb);
      ht.el = hd; ht.body = hb; ht.filled = false; ht.bySev = bySev; ht.idx = hi;
      hd.addEventListener("toggle", function () { if (hd.open) fillHost(ht); });
      if (!lazy || hi < 1) { fillHost(ht); hd.open = true; }
      add(list, hd);
    });
    add(body, list);
    if (hostGroups.length > HOSTS_SHOWN) {
      add(body, h("p", { id: "f-more", cls: "noprint" }, h("button", { type: "button", cls: "btn",
        text: "Show all " + num(hostGroups.length) + " hosts with findings",
        onclick: function () { showAllHosts = true; applyFilter(); } })));
    }
    // The catalog entries of the rules of this report, once (printed instead of per finding).
    var ids = Object.keys(rules).sort();
    var rd = h("details", { cls: "grp", id: "rules-appendix" }, h("summary", {}, h("span", { cls: "gname", text: "The " + plural(ids.length, "rule") + " of this report" })));
    var rb = h("div", { cls: "grp-body" });
    ids.forEach(function (id) { add(rb, h("div", { "data-rule-entry": id }, h("h4", { cls: "sub-h" }, h("code", { cls: "rule-id", text: id }), chip(rules[id].severity || "notice")), aboutBody(id))); });
    add(rd, rb);
    add(body, rd);
    applyFilter();
  }
  function fillHost(ht) {
    if (ht.filled) return;
    ht.filled = true;
    var hb = ht.body;
    if (ht.own.length) {
      add(hb, h("h4", { cls: "sub-h", text: ht.name ? "Host settings" : "Findings" }));
      ht.own.forEach(function (i) { add(hb, findingEl(i)); });
    }
    Array.from(ht.apps.values()).sort(ht.bySev).forEach(function (at) {
      var ad = h("details", { cls: "grp app", open: true, "data-app-group": at.name });
      var ab = h("div", { cls: "grp-body" });
      var a = appBy.get(at.name);
      add(ad, h("summary", {}, h("span", { cls: "gkind", text: a ? "application" : "file" }),
        h("span", { cls: "gname", text: at.name }),
        a && a.type ? h("span", { cls: "muted", text: a.type + (a.runtime ? " · " + a.runtime : "") }) : null,
        counters(at.sev)), ab);
      if (at.own.length) {
        add(ab, h("h4", { cls: "sub-h", text: a ? "Application options" : "Settings" }));
        at.own.forEach(function (i) { add(ab, findingEl(i)); });
      }
      Array.from(at.parts.keys()).sort().forEach(function (key) {
        var kind = key[0], name = key.slice(2), head;
        if (kind === "p") {
          var pt = a && (a.ports || []).filter(function (x) { return x.id === name; })[0];
          head = h("h4", { cls: "sub-h" }, icon(pt && pt.tls ? "lock" : "plain"), "Port " + name +
            (pt ? " (" + (pt.number || "?") + ", " + (pt.tls ? "TLS" : "clear text") + (pt.mutual ? ", mutual" : "") + ")" : ""));
        } else {
          var c = null;
          (connsOf.get(at.name) || []).some(function (i) { if (connName(conns[i]) === name) { c = conns[i]; return true; } return false; });
          head = h("h4", { cls: "sub-h" }, c ? icon(STATE_ICON[c.state]) : null,
            "Connection " + name.replace(" -> ", " → "), c ? h("span", { cls: "state st-" + c.state, style: "font-weight:500", text: "· " + STATE_WORD[c.state] }) : null);
        }
        add(ab, head);
        at.parts.get(key).forEach(function (i) { add(ab, findingEl(i)); });
      });
      add(hb, ad);
    });
    syncGroup(ht);
  }
  function counters(sv) {
    return h("span", { cls: "counts" }, SEVS.filter(function (k) { return sv[k]; }).map(function (k) {
      return h("span", { cls: "chip sev-" + k, title: plural(sv[k], k) }, sevIcon(k), num(sv[k]), h("span", { cls: "visually-hidden", text: " " + k + (sv[k] === 1 ? "" : "s") }));
    }));
  }
  function findingEl(i) {
    var rec = fRecs[i], f = rec.f, loc = f.location || {}, where = rec.where;
    var art = h("article", { cls: "finding sev-" + f.severity, "data-rule": f.rule, "data-sev": f.severity, "data-finding": i, "aria-label": f.severity + " " + f.rule });
    add(art, h("header", {}, chip(f.severity), h("code", { cls: "rule-id", text: f.rule }),
      where ? h("span", { cls: "loc", text: where + (loc.section ? "  [" + loc.section + "]" + (loc.key ? " " + loc.key : "") : loc.key ? "  " + loc.key : "") }) : null));
    add(art, h("p", { cls: "msg", text: f.message }));
    if (f.snippet) add(art, snippetEl(f.snippet, loc.line));
    if (f.related && f.related.length) add(art, h("ul", { cls: "related" }, f.related.map(function (r2) {
      return h("li", {}, h("span", { cls: "loc", text: r2.file + (r2.line ? ":" + r2.line : "") }), " — ", r2.note || "");
    })));
    if (f.help) add(art, h("p", { cls: "help" }, h("strong", { text: "Fix: " }), f.help));
    if (rules[f.rule]) {
      var det = h("details", { cls: "about" }, h("summary", {}, "About ", h("code", { text: f.rule }), rules[f.rule].summary ? ": " + rules[f.rule].summary : ""));
      var filled = false;
      det.addEventListener("toggle", function () { if (det.open && !filled) { filled = true; add(det, aboutBody(f.rule)); } });
      add(art, det);
    }
    rec.el = art;
    return art;
  }
  function aboutBody(id) {
    var r2 = rules[id] || {};
    return h("div", { cls: "about-body" },
      r2.summary ? h("p", { style: "margin:0 0 4px;font-weight:600", text: r2.summary }) : null,
      r2.explanation ? h("p", { style: "margin:0", text: r2.explanation }) : null,
      h("dl", {},
        r2.severity ? [h("dt", { text: "default severity" }), h("dd", { text: r2.severity + (r2.phase ? " (phase " + r2.phase + ")" : "") })] : null,
        r2.source ? [h("dt", { text: "source" }), h("dd", { text: r2.source })] : null,
        r2.bad ? [h("dt", { text: "bad" }), h("dd", {}, h("code", { text: r2.bad }))] : null,
        r2.good ? [h("dt", { text: "fixed" }), h("dd", {}, h("code", { text: r2.good }))] : null));
  }
  function snippetEl(sn, line) {
    var chars = Array.from(sn.text || "");
    var c0 = Math.max(0, Math.min(chars.length, (sn.column || 1) - 1));
    // Indentation says nothing here: dropped (the column moves with it).
    var lead = 0;
    while (lead < c0 && (chars[lead] === " " || chars[lead] === "\t")) lead++;
    if (lead) { chars = chars.slice(lead); c0 -= lead; }
    var end = c0;
    if (chars[c0] === '"') { end = c0 + 1; while (end < chars.length && chars[end] !== '"') end++; end = Math.min(chars.length, end + 1); }
    else while (end < chars.length && end - c0 < 80 && !/[",;]/.test(chars[end])) end++;
    while (end > c0 + 1 && /\s/.test(chars[end - 1])) end--;
    if (end === c0 && c0 < chars.length) end = c0 + 1;
    return h("pre", { cls: "snippet", "aria-label": "source line " + (line || "") },
      h("span", { cls: "ln", text: line ? String(line) : "" }),
      sn.cut_before ? h("span", { cls: "cut", text: "…" }) : null,
      chars.slice(0, c0).join(""),
      end > c0 ? h("mark", { text: chars.slice(c0, end).join("") }) : null,
      chars.slice(end).join(""),
      sn.cut_after ? h("span", { cls: "cut", text: "…" }) : null);
  }
  function setFilter(p) {
    if (p.rule !== undefined) { fState.rule = p.rule; $("f-rule").value = p.rule; }
    applyFilter();
  }
  function filterActive() { return !!(fState.rule || fState.text || fState.sev.size < 3); }
  function applyFilter() {
    var shown = 0, active = filterActive();
    fRecs.forEach(function (r2) {
      r2.vis = fState.sev.has(r2.f.severity) && (!fState.rule || r2.f.rule === fState.rule) && (!fState.text || r2.hay.indexOf(fState.text) >= 0);
      if (r2.vis) shown++;
    });
    hostGroups.forEach(function (ht) {
      var n = 0;
      ht.all.forEach(function (i) { if (fRecs[i].vis) n++; });
      ht.visible = n;
      ht.el.hidden = n === 0 || (!active && !showAllHosts && ht.idx >= HOSTS_SHOWN);
      ht.el.querySelector(".fcount").textContent = active && n ? "· " + num(n) + " shown" : "";
      if (active && n && shown <= 200) { fillHost(ht); ht.el.open = true; }
      if (ht.filled) syncGroup(ht);
    });
    var more = $("f-more");
    if (more) more.hidden = active || showAllHosts;
    var el = $("f-shown");
    if (el) el.textContent = active ? "Showing " + num(shown) + " of " + plural(findings.length, "finding") + "."
      : "All " + plural(findings.length, "finding") + ", grouped by host, application, then port or connection" +
        (!showAllHosts && hostGroups.length > HOSTS_SHOWN ? "; the " + HOSTS_SHOWN + " hosts with the worst findings of " +
          num(hostGroups.length) + " are listed (a filter searches them all)." : ".");
    var lst = $("f-groups");
    if (lst) lst.setAttribute("data-complete", hostGroups.every(function (x) { return x.filled; }) ? "yes" : "no");
  }
  // Shows a built group's findings that pass the filter, and only the headings above them.
  function syncGroup(ht) {
    ht.all.forEach(function (i) { var r2 = fRecs[i]; if (r2.el) r2.el.hidden = !r2.vis; });
    ht.body.querySelectorAll("details.app").forEach(function (ad) {
      ad.hidden = !ad.querySelector("article.finding:not([hidden])");
    });
    ht.body.querySelectorAll(".sub-h").forEach(function (hd) {
      var n = hd.nextElementSibling, any = false;
      while (n && n.classList.contains("finding")) { if (!n.hidden) any = true; n = n.nextElementSibling; }
      hd.hidden = !any;
    });
    var lst = $("f-groups");
    if (lst) lst.setAttribute("data-complete", hostGroups.every(function (x) { return x.filled; }) ? "yes" : "no");
  }
  function openAll(open) {
    hostGroups.forEach(function (ht) {
      if (open && !ht.el.hidden) fillHost(ht);
      ht.el.open = open && !ht.el.hidden;
    });
  }

  // ------------------------------------------------------------------ certificates
  function certClass(c) {
    if (c.days_left < 0) return "expired";
    if (Date.parse(c.not_before) > AT) return "future";
    if (c.days_left <= warnDays) return "soon";
    return "ok";
  }
  var CSTAT = { expired: ["error", "expired"], soon: ["warning", "expires soon"], future: ["unknown", "not yet valid"], ok: ["ok", "valid"] };
  function keyText(k) {
    if (!k) return "—";
    var t = String(k.type || "").toUpperCase();
    if (t === "EC" || t === "ECDSA") return "EC " + (k.curve || (k.bits ? k.bits + "-bit" : ""));
    return t + (k.bits ? " " + k.bits : "") + (k.curve ? " " + k.curve : "");
  }
  function daysText(d) {
    if (d < 0) return "expired " + plural(-d, "day") + " ago";
    return plural(d, "day") + (d >= 365 ? " (" + (d / 365.25).toFixed(1) + " years)" : "");
  }
  function renderCertificates() {
    var body = $("certificates-body");
    body.textContent = "";
    var unres = D.unresolved_certificates || [];
    if (!certs.length && !unres.length) { add(body, h("p", { cls: "empty", text: "The deployment names no certificate." })); return; }
    var cnt = { expired: 0, soon: 0, future: 0, ok: 0 };
    certs.forEach(function (c) { cnt[certClass(c)]++; });
    add(body, h("p", {}, plural(certs.length, "certificate") + " named by the configuration (certificate and trusted-ca options), " +
      "read on the report date " + day(D.at) + "; the warning window is " + plural(warnDays, "day") + ". ",
      h("span", { style: "display:inline-flex;flex-wrap:wrap;gap:4px 16px" },
        ["expired", "soon", "future", "ok"].filter(function (k) { return cnt[k]; }).map(function (k) {
          return h("span", { cls: "cstat c-" + k, "data-cert-count": k }, icon(CSTAT[k][0]), num(cnt[k]) + " " + CSTAT[k][1]);
        }))));
    add(body, h("h3", { text: "Expiry timeline" }));
    var tf = h("div", { cls: "timeline-frame", id: "timeline" });
    add(body, tf);
    drawTimeline(tf, TIMELINE_ROWS);
    add(body, h("h3", { text: "Certificates" }));
    var tb = h("tbody");
    certs.forEach(function (c, i) {
      var k = certClass(c);
      add(tb, h("tr", { "data-cert": i, cls: "c-" + k },
        h("td", {}, h("span", { cls: "cstat c-" + k }, icon(CSTAT[k][0], "s-" + CSTAT[k][0]), CSTAT[k][1])),
        h("td", {}, h("div", { cls: "subj", text: c.subject }),
          c.san && c.san.length ? h("div", { cls: "muted", style: "font-size:.8rem", text: "SAN: " + clip(c.san.join(", "), 120) }) : null,
          h("div", { cls: "file", text: c.files.length === 1 ? c.files[0] : c.files[0] + " and " + (c.files.length - 1) + " more files" }),
          c.findings && c.findings.length ? h("div", {}, c.findings.slice(0, 3).map(function (fi) {
            return h("span", { cls: "chip sev-" + findings[fi].severity, style: "margin:2px 4px 0 0" }, sevIcon(findings[fi].severity), findings[fi].rule);
          })) : null),
        h("td", { cls: "issuer", text: c.issuer }),
        h("td", { cls: "nowrap", text: keyText(c.key) }),
        h("td", { cls: "nowrap" }, h("time", { datetime: c.not_after, text: day(c.not_after) })),
        h("td", { cls: "num", "data-days": c.days_left },
          h("span", { cls: "nowrap", text: c.days_left < 0 ? "expired" : plural(c.days_left, "day") }),
          c.days_left < 0 ? h("div", { cls: "muted", text: plural(-c.days_left, "day") + " ago" })
            : c.days_left >= 365 ? h("div", { cls: "muted", text: (c.days_left / 365.25).toFixed(1) + " years" }) : null),
        h("td", {}, usesEl(c.used_by, c.roles))));
    });
    add(body, h("div", { cls: "table-wrap" }, h("table", { cls: "certs" },
      h("caption", { cls: "visually-hidden", text: "Certificates, soonest expiry first" }),
      h("thead", {}, h("tr", {}, ["Status", "Subject", "Issuer", "Key", "Valid until", "Days left", "Used by"].map(function (t, i) {
        return h("th", { scope: "col", cls: i === 5 ? "num" : null, text: t });
      }))), tb)));
    if (unres.length) {
      add(body, h("h3", { text: "Configured but not read" }));
      var ut = h("tbody");
      unres.forEach(function (u) {
        add(ut, h("tr", {}, h("td", {}, h("code", { text: u.configured })), h("td", { text: u.why }), h("td", {}, usesEl(u.used_by, []))));
      });
      add(body, h("div", { cls: "table-wrap" }, h("table", {}, h("thead", {}, h("tr", {}, h("th", { text: "Configured value" }), h("th", { text: "Why" }), h("th", { text: "Used by" }))), ut)));
    }
  }
  function usesEl(used, roles) {
    var parts = [];
    (used || []).forEach(function (u) {
      var bits = [];
      if (u.ports.length) bits.push(plural(u.ports.length, "port"));
      if (u.connections.length) bits.push(plural(u.connections.length, "connection"));
      if (u.local_files.length) bits.push(plural(u.local_files.length, "local file"));
      parts.push((u.role === "trusted-ca" ? "trusted CA of " : "certificate of ") + bits.join(", "));
    });
    if (!parts.length) parts.push(roles && roles.indexOf("chain") >= 0 ? "in certificate chains" : "named, but no secure port or TLS connection uses it");
    var total = 0;
    (used || []).forEach(function (u) { total += u.ports.length + u.connections.length + u.local_files.length; });
    var wrap = h("div", {}, h("div", { text: parts.join("; ") || "—" }));
    if (total) {
      var det = h("details", { cls: "more" }, h("summary", { text: "list" }));
      var filled = false;
      det.addEventListener("toggle", function () {
        if (!det.open || filled) return;
        filled = true;
        var ul = h("ul", { cls: "uses" }), n = 0;
        (used || []).forEach(function (u) {
          var role = u.role === "trusted-ca" ? "trusted CA" : "certificate";
          u.ports.forEach(function (p) { if (n++ < 200) add(ul, h("li", {}, "port ", h("code", { text: p }), " (" + role + ")")); });
          u.connections.forEach(function (i) { if (n++ < 200) add(ul, h("li", {}, "connection ", h("code", { text: connLabel(conns[i]) }), " (" + role + ")")); });
          u.local_files.forEach(function (p) { if (n++ < 200) add(ul, h("li", {}, h("code", { text: p }), " (" + role + ")")); });
        });
        add(det, ul);
        if (n > 200) add(det, h("p", { cls: "muted", text: "… and " + (n - 200) + " more." }));
      });
      add(wrap, det);
    }
    return wrap;
  }
  function drawTimeline(frame, limit) {
    frame.textContent = "";
    var rows = certs.slice().sort(function (a, b) { return a.not_after < b.not_after ? -1 : a.not_after > b.not_after ? 1 : a.subject < b.subject ? -1 : 1; });
    var all = rows.length;
    if (limit && rows.length > limit) rows = rows.slice(0, limit);
    var t0 = AT, t1 = AT + warnDays * DAY;
    rows.forEach(function (c) { t0 = Math.min(t0, Date.parse(c.not_before)); t1 = Math.max(t1, Date.parse(c.not_after)); });
    var pad = (t1 - t0) * 0.03 || DAY;
    t0 -= pad; t1 += pad;
    var W = 1100, LW = 280, RW = 120, rowH = 22, top = 46, Hh = top + rows.length * rowH + 12;
    function x(t) { return LW + (W - LW - RW) * (t - t0) / (t1 - t0); }
    var svg = s("svg", { "class": "timeline", viewBox: "0 0 " + W + " " + Hh, role: "img", "aria-labelledby": "tl-t tl-d", preserveAspectRatio: "xMinYMin meet" },
      s("title", { id: "tl-t" }, "Certificate expiry timeline"),
      s("desc", { id: "tl-d" }, "One bar per certificate from its start to its end of validity; the vertical line is the report date " + day(D.at) +
        "; the shaded band is the " + warnDays + "-day warning window."));
    // years
    var y0 = new Date(t0).getUTCFullYear(), y1 = new Date(t1).getUTCFullYear();
    var stepY = Math.max(1, Math.ceil((y1 - y0 + 1) / 12));
    for (var y = y0; y <= y1 + 1; y += stepY) {
      var ty = Date.UTC(y, 0, 1);
      if (ty < t0 || ty > t1) continue;
      add(svg, s("line", { "class": "grid", x1: r(x(ty)), x2: r(x(ty)), y1: top - 6, y2: Hh - 8 }));
      add(svg, s("text", { "class": "axis", x: r(x(ty)), y: top - 10, "text-anchor": "middle" }, String(y)));
    }
    add(svg, s("rect", { "class": "warnwin", x: r(x(AT)), y: top - 4, width: Math.max(5, r(x(AT + warnDays * DAY) - x(AT))), height: rows.length * rowH + 4 },
      s("title", {}, "warning window: " + warnDays + " days from the report date")));
    rows.forEach(function (c, i) {
      var k = certClass(c), yy = top + i * rowH;
      var a = x(Date.parse(c.not_before)), b = x(Date.parse(c.not_after));
      var g = s("g", { "data-cert-bar": certs.indexOf(c) },
        s("title", {}, c.subject + "\nvalid " + day(c.not_before) + " to " + day(c.not_after) + "\n" + daysText(c.days_left) + " · " + CSTAT[k][1]));
      add(g, s("text", { "class": "lbl", x: LW - 10, y: yy + 15, "text-anchor": "end" }, clip(cn(c.subject), 38)));
      add(g, s("rect", { "class": "bar c-" + k, x: r(a), y: yy + 4, width: Math.max(2, r(b - a)), height: rowH - 8, rx: 3 }));
      add(g, s("text", { "class": "days c-" + k, x: r(b) + 6, y: yy + 15 }, (k === "expired" ? "✖ " : k === "soon" ? "⚠ " : "") + (c.days_left < 0 ? "expired" : num(c.days_left) + " d")));
      add(svg, g);
    });
    var right = x(AT) > W - RW - 60;
    add(svg, s("line", { "class": "today", x1: r(x(AT)), x2: r(x(AT)), y1: 6, y2: Hh - 6 }));
    add(svg, s("text", { "class": "todaylbl", x: r(x(AT)) + (right ? -5 : 5), y: 15, "text-anchor": right ? "end" : "start" }, "report date " + day(D.at)));
    frame.appendChild(svg);
    function sw(cls, style) { return h("span", { cls: "sw " + cls, style: style || null, "aria-hidden": "true" }); }
    add(frame, h("ul", { cls: "legend tl-legend" },
      h("li", {}, sw("c-ok"), "valid"), h("li", {}, sw("c-soon"), "expires within " + warnDays + " days"),
      h("li", {}, sw("c-expired"), "expired"), h("li", {}, sw("c-future"), "not yet valid"),
      h("li", {}, sw("win"), "warning window (" + warnDays + " days from the report date)"),
      h("li", {}, sw("today"), "report date")));
    if (all > rows.length) {
      add(frame, h("p", { style: "margin:6px 10px" }, "The " + rows.length + " certificates that expire first. ",
        h("button", { type: "button", cls: "btn", text: "Show all " + num(all), onclick: function () { drawTimeline(frame, 0); } })));
    }
  }

  // ------------------------------------------------------------------ print: everything open
  var reopen = [];
  window.addEventListener("beforeprint", function () {
    if (!showAllHosts) { showAllHosts = true; applyFilter(); }
    hostGroups.forEach(function (ht) { if (!ht.el.hidden) fillHost(ht); });
    reopen = [];
    document.querySelectorAll("details.grp").forEach(function (d) { if (!d.open && !d.hidden) { d.open = true; reopen.push(d); } });
  });
  window.addEventListener("afterprint", function () { reopen.forEach(function (d) { d.open = false; }); reopen = []; });

  // ------------------------------------------------------------------ go
  var timings = ["parse=" + Math.round(T_PARSE), "index=" + Math.round(performance.now() - T0 - T_PARSE)];
  function step(name, fn) {
    var t = performance.now();
    try { fn(); timings.push(name.replace("-body", "") + "=" + Math.round(performance.now() - t)); }
    catch (e) {
      var b = $(name);
      if (b) b.textContent = "This part of the report could not be drawn: " + e.message;
      throw e;
    }
  }
  step("meta", renderHeader);
  step("summary-body", renderSummary);
  step("map-body", renderMapSection);
  step("findings-body", renderFindings);
  step("certificates-body", renderCertificates);
  var root = document.documentElement;
  root.setAttribute("data-ready", "yes");
  root.setAttribute("data-ready-ms", String(Math.round(performance.now())));
  root.setAttribute("data-init-ms", String(Math.round(performance.now() - T0)));
  root.setAttribute("data-timings", timings.join(" "));
  root.setAttribute("data-resources", String(performance.getEntriesByType("resource").length));
})();
