#!/usr/bin/env python3
"""Runs every rule fixture under testdata/rules and prints what fails.

For every rule that `tlskit rules --format json` lists as implemented in phases C, X, P
and H, testdata/rules/<id>/ must hold:

  bad/        a deployment folder that raises <id>
  good/       the same scenario fixed: <id> is not raised
  case.toml   optional:
                args = ["--at", "2030-06-01T00:00:00Z", ...]   extra lint arguments, both runs
                companions = ["rule", ...]   rules bad/ may also raise (each must be raised)
                [bad]  setup = "shell command"   run in testdata/rules/<id>/ before linting bad/
                [good] setup = "shell command"   the same for good/

Each side is linted as `tlskit lint testdata/rules/<id>/<side> --format json [args]` from
the repository root. bad/ passes when the rules it raises include <id> and nothing outside
{<id>} and its companions, and every companion is raised; good/ passes when <id> is absent
(other rules there are reported as notes; --strict makes them failures). A folder under
testdata/rules that names no such rule is a failure, and so is such a rule without one.

Before the runs, every file under testdata/ whose name contains "priv" is made mode 0600,
as tests/common/mod.rs does: git keeps no modes, and private keys must be owner-only
except where a fixture's setup says otherwise.

  scripts/check-rule-fixtures.py [--tlskit PATH] [--strict] [-v] [RULE...]

The binary is --tlskit, else $TLSKIT, else target/release/tlskit, else target/debug/tlskit,
else tlskit on the PATH. Exit 0 when everything passes, 1 when something fails, 2 when the
checker cannot run.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RULES_DIR = Path("testdata/rules")
PHASES = {"C", "X", "P", "H"}
CASE_KEYS = {"args", "companions", "bad", "good"}
SIDE_KEYS = {"setup"}


def find_tlskit(given):
    for cand in (given, os.environ.get("TLSKIT")):
        if cand:
            return cand
    for rel in ("target/release/tlskit", "target/debug/tlskit"):
        p = REPO / rel
        if p.is_file() and os.access(p, os.X_OK):
            return str(p)
    return shutil.which("tlskit")


def owner_only_keys():
    for p in (REPO / "testdata").rglob("*"):
        if p.is_file() and "priv" in p.name:
            p.chmod(0o600)


def read_case(path):
    """The case.toml of a fixture, checked; (case, problems)."""
    if not path.exists():
        return {}, []
    try:
        case = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as e:
        return {}, [f"case.toml: {e}"]
    problems = [f"case.toml: unknown key `{k}`" for k in case if k not in CASE_KEYS]
    for key in ("args", "companions"):
        v = case.get(key, [])
        if not (isinstance(v, list) and all(isinstance(x, str) for x in v)):
            problems.append(f"case.toml: `{key}` must be a list of strings")
    for side in ("bad", "good"):
        t = case.get(side, {})
        if not isinstance(t, dict):
            problems.append(f"case.toml: [{side}] must be a table")
            continue
        problems += [f"case.toml: unknown key `{side}.{k}`" for k in t if k not in SIDE_KEYS]
        if not isinstance(t.get("setup", ""), str):
            problems.append(f"case.toml: `{side}.setup` must be a string")
    return case, problems


def lint(tlskit, rule, side, case):
    """Runs setup and lint for one side: (rule ids found, problem or None)."""
    setup = case.get(side, {}).get("setup")
    if setup:
        s = subprocess.run(setup, shell=True, cwd=REPO / RULES_DIR / rule,
                           capture_output=True, text=True)
        if s.returncode != 0:
            return None, f"{side}: setup `{setup}` failed: {s.stderr.strip()}"
    cmd = [tlskit, "lint", str(RULES_DIR / rule / side), "--format", "json"]
    cmd += case.get("args", [])
    env = dict(os.environ, NO_COLOR="1")
    r = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, env=env)
    if r.returncode not in (0, 1):
        return None, f"{side}: exit {r.returncode}: {r.stderr.strip()}"
    try:
        found = [f["rule"] for f in json.loads(r.stdout)["findings"]]
    except (ValueError, KeyError, TypeError) as e:
        return None, f"{side}: output is not a lint report ({e})"
    return sorted(found), None


def check(tlskit, rule, known, strict):
    """(failures, notes) of one rule's fixture."""
    d = REPO / RULES_DIR / rule
    fails, notes = [], []
    if not d.is_dir():
        return [f"no fixture folder {RULES_DIR / rule}"], notes
    for side in ("bad", "good"):
        if not (d / side).is_dir():
            fails.append(f"no {side}/ folder")
    case, problems = read_case(d / "case.toml")
    fails += problems
    companions = set(case.get("companions", []))
    for c in sorted(companions - known):
        fails.append(f"companion `{c}` is not a rule of the catalog")
    if rule in companions:
        fails.append("the rule itself is listed among its companions")
    if fails:
        return fails, notes

    bad, err = lint(tlskit, rule, "bad", case)
    if err:
        fails.append(err)
    else:
        if rule not in bad:
            fails.append(f"bad: {rule} not raised; found {bad or 'nothing'}")
        extra = sorted(set(bad) - {rule} - companions)
        if extra:
            fails.append(f"bad: also raises {extra}, not declared as companions")
        unused = sorted(companions - set(bad))
        if unused:
            fails.append(f"bad: companions {unused} declared but not raised")

    good, err = lint(tlskit, rule, "good", case)
    if err:
        fails.append(err)
    else:
        if rule in good:
            fails.append(f"good: still raises {rule}: {good}")
        others = sorted(set(good) - {rule})
        if others:
            (fails if strict else notes).append(f"good: also raises {others}")
    return fails, notes


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tlskit", help="the tlskit binary to run")
    ap.add_argument("--strict", action="store_true", help="good/ must raise nothing at all")
    ap.add_argument("-v", "--verbose", action="store_true", help="list the rules that pass")
    ap.add_argument("rules", nargs="*", help="check only these rules")
    args = ap.parse_args()

    tlskit = find_tlskit(args.tlskit)
    if not tlskit:
        print("check-rule-fixtures: no tlskit binary (build it, or give --tlskit)", file=sys.stderr)
        return 2
    r = subprocess.run([tlskit, "rules", "--format", "json"], capture_output=True, text=True)
    if r.returncode != 0:
        print(f"check-rule-fixtures: `{tlskit} rules` failed: {r.stderr.strip()}", file=sys.stderr)
        return 2
    catalog = json.loads(r.stdout)
    known = {c["id"] for c in catalog}
    wanted = [c["id"] for c in catalog if c["implemented"] and c["phase"] in PHASES]
    skipped = [f"{c['id']} ({c['phase']}{'' if c['implemented'] else ', not implemented'})"
               for c in catalog if not (c["implemented"] and c["phase"] in PHASES)]

    failures = {}
    if args.rules:
        for rule in args.rules:
            if rule not in wanted:
                failures[rule] = ["not an implemented rule of phase C, X, P or H"]
        wanted = [w for w in wanted if w in args.rules]
    else:
        present = {p.name for p in (REPO / RULES_DIR).iterdir() if p.is_dir()}
        for stray in sorted(present - set(wanted)):
            failures[stray] = [f"{RULES_DIR / stray} names no implemented rule of phase C, X, P or H"]

    owner_only_keys()
    passed = 0
    for rule in wanted:
        fails, notes = check(tlskit, rule, known, args.strict)
        for n in notes:
            print(f"note {rule}: {n}")
        if fails:
            failures[rule] = fails
        else:
            passed += 1
            if args.verbose:
                print(f"ok   {rule}")
    for rule, fails in failures.items():
        for f in fails:
            print(f"FAIL {rule}: {f}")
    if not args.rules:
        print(f"not covered (phase L and S, or not implemented): {', '.join(skipped)}")
    print(f"{passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
