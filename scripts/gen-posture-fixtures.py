#!/usr/bin/env python3
"""Writes testdata/rules/<id>/{bad,good}/ and case.toml for the phase S (posture) rules.

One clean deployment (a Configuration Server with Last Login on, an Environment tenant with
a password policy and lockout) and, per rule, the one change that raises it (bad/) and its
fix (good/). Re-run after changing the scenarios: `scripts/gen-posture-fixtures.py`.
"""
import copy
import json
import os
import shutil

ROOT = os.path.join(os.path.dirname(__file__), "..", "testdata", "rules")
META = {"date": "2026-11-20T09:14:02.318", "formatName": "JSON", "formatVersion": "1.0.0",
        "host": "cs-01.lab.example.com", "mutagenVersion": "1.9.3", "user": "genadmin"}
SAR = "security-authentication-rules"


def base():
    return {
        "__metadata__": dict(META),
        "appPrototypes": [
            {"name": "ConfigServer_851", "type": "configserver", "version": "8.5.101.28"},
            {"name": "SCI_851", "type": "sci", "version": "8.5.100.05"},
        ],
        "hosts": [
            {"name": "cs-01.lab.example.com", "IPaddress": "10.10.1.11", "LCAPort": "4999",
             "osInfo": {"type": "redhatlinux"}, "state": "enabled"},
            {"name": "cs-02.lab.example.com", "IPaddress": "10.10.1.12", "LCAPort": "4999",
             "osInfo": {"type": "redhatlinux"}, "state": "enabled"},
        ],
        "applications": [cs("confserv", "cs-01.lab.example.com")],
        "tenants": [tenant("Environment", {"password-min-length": "8",
                                           "account-lockout-threshold": "5",
                                           "account-lockout-duration": "30"})],
    }


def cs(name, host, primary=True, backup=None):
    info = {"attempts": 1, "host": host, "timeout": 10}
    if backup:
        info["backupServer"] = backup
    return {
        "appPrototype": "ConfigServer_851", "name": name, "isPrimary": primary,
        "options": {"confserv": {"port": "2020", "server": "confserv",
                                 "last-login": "true", "last-login-synchronization": "true"},
                    "log": {"all": "stdout", "verbose": "standard"}},
        "portInfos": [{"id": "default", "port": "2020"}],
        "redundancyType": "hthotstanby", "serverInfo": info, "state": "enabled",
        "tenants": ["Environment"],
    }


def tenant(name, rules=None, parent=None):
    t = {"name": name, "state": "enabled"}
    if parent:
        t["parentTenant"] = parent
    if rules is not None:
        t["userProperties"] = {SAR: dict(rules)}
    return t


def person(emp, user, tenant_name, rules):
    return {"employeeId": emp, "userName": user, "tenant": tenant_name, "state": "enabled",
            "agent": False, "externalAuth": False, "userProperties": {SAR: dict(rules)}}


def app(d, name):
    return next(a for a in d["applications"] if a["name"] == name)


def env(d):
    return d["tenants"][0]["userProperties"][SAR]


def sci(d, timeout):
    a = {"appPrototype": "SCI_851", "name": "SCI", "portInfos": [], "redundancyType": "htnohatype",
         "state": "enabled", "tenants": ["Environment"]}
    if timeout is not None:
        a["options"] = {"security": {"inactivity-timeout": timeout}}
    d["applications"].append(a)


CONFSERV_CONF = """# Configuration Server's own configuration file (UNIX: confserv.conf)
[confserv]
port = 2020
management-port = 2021
server = dbserver
last-login = true
last-login-synchronization = true
{encryption}
[dbserver]
dbengine = postgre
dbserver = pg-01.lab.example.com
dbname = config
username = genesys
password = {password}

[log]
verbose = standard
all = stdout
"""

CASES = {}


def case(rule, bad_doc, good_doc, comment, companions=(), args=(), files=None, toml=None):
    CASES[rule] = (bad_doc, good_doc, comment, companions, args, files or {}, toml)


def variant(f):
    d = base()
    f(d)
    return d


# --- the seven S rules --------------------------------------------------------------------
def dag(v):
    return lambda d: app(d, "confserv")["options"].setdefault("security", {}).update({"no-default-access": v})


case("default-access-granted", variant(dag("1")), variant(dag("0")),
     "bad:  [security] no-default-access=1 on the Configuration Server: new users get default access.\n"
     "good: no-default-access=0, the default (no default access privileges).")

case("inactivity-timeout-disabled", variant(lambda d: sci(d, "0")), variant(lambda d: sci(d, "15")),
     "bad:  Solution Control Interface with [security] inactivity-timeout=0 (disabled).\n"
     "good: inactivity-timeout=15 (minutes).")


def min_len(v):
    return lambda d: env(d).update({"password-min-length": v})


case("empty-password-allowed", variant(min_len("0")), variant(min_len("8")),
     "bad:  the Environment tenant's annex sets password-min-length=0: empty passwords are permitted.\n"
     "good: password-min-length=8.")


def ext(allow):
    def f(d):
        o = app(d, "confserv")["options"]
        o["authentication"] = {"library": "gauth_ldap"}
        o["gauth_ldap"] = {"ldap-url": "ldaps://dc-01.lab.example.com:636/dc=lab,dc=example,dc=com"}
        if allow is not None:
            o["confserv"]["allow-empty-external-password"] = allow
    return f


case("empty-external-password-allowed", variant(ext(None)), variant(ext("false")),
     "bad:  LDAP external authentication and no allow-empty-external-password=false.\n"
     "good: [confserv] allow-empty-external-password=false.")


def lockout(v):
    def f(d):
        if v is None:
            env(d).pop("account-lockout-threshold")
            env(d).pop("account-lockout-duration")
        else:
            env(d)["account-lockout-threshold"] = v
    return f


case("no-account-lockout", variant(lockout(None)), variant(lockout("5")),
     "bad:  the Environment tenant sets no account-lockout-threshold.\n"
     "good: account-lockout-threshold=5, account-lockout-duration=30.")


def md5(v):
    return lambda d: app(d, "confserv")["options"]["confserv"].update({"force-md5": v})


case("force-md5-enabled", variant(md5("true")), variant(md5("false")),
     "bad:  [confserv] force-md5=true on the master Configuration Server.\n"
     "good: force-md5=false (no Configuration Server Proxy 8.1.0 or earlier is left).")

case("plaintext-db-password", variant(lambda d: None), variant(lambda d: None),
     "bad:  hosts/cs-01/confserv.conf holds the Configuration Database password in clear, no encryption.\n"
     "good: the password written by `confserv -p dbserver ...` and [confserv] encryption=true.",
     files={
         "bad": {"hosts/cs-01/confserv.conf": CONFSERV_CONF.format(encryption="", password="Genesys#2026")},
         "good": {"hosts/cs-01/confserv.conf": CONFSERV_CONF.format(
             encryption="encryption = true", password="6C7E2AB11D0F3E9B5A4C8D2E1F0A9B7C")},
     })


# --- new rules ------------------------------------------------------------------------------
def ha(primary_value, backup_value):
    def f(d):
        d["applications"] = [cs("confserv", "cs-01.lab.example.com", True, "confserv_backup"),
                             cs("confserv_backup", "cs-02.lab.example.com", False)]
        for name, v in (("confserv", primary_value), ("confserv_backup", backup_value)):
            if v is not None:
                app(d, name)["options"]["security"] = {"no-default-access": v}
    return f


case("default-access-ha-mismatch", variant(ha("1", None)), variant(ha("0", "0")),
     "bad:  the primary Configuration Server sets no-default-access=1, the backup nothing (0).\n"
     "      default-access-granted reports the primary's 1 itself.\n"
     "good: both set no-default-access=0.",
     companions=["default-access-granted"])


def last_login(v, sync="true"):
    def f(d):
        c = app(d, "confserv")["options"]["confserv"]
        for k, val in (("last-login", v), ("last-login-synchronization", sync)):
            if val is None:
                c.pop(k)
            else:
                c[k] = val
    return f


case("last-login-disabled", variant(last_login(None, None)), variant(last_login("true")),
     "bad:  the Configuration Server does not set [confserv] last-login.\n"
     "good: last-login=true, last-login-synchronization=true.")


def expiry(sync):
    def f(d):
        env(d)["account-expiration"] = "90"
        last_login("true", sync)(d)
    return f


case("account-expiration-without-last-login", variant(expiry(None)), variant(expiry("true")),
     "bad:  the tenant expires idle accounts after 90 days; the Configuration Server records the last\n"
     "      login but does not synchronize it (no last-login-synchronization): accounts never expire.\n"
     "good: last-login-synchronization=true.")


def misplaced(on):
    def f(d):
        if on:
            app(d, "confserv")["options"]["security"] = {"last-login": "true"}
    return f


case("posture-option-misplaced", variant(misplaced(True)), variant(misplaced(False)),
     "bad:  last-login=true written in [security] (Configuration Server reads it from [confserv]).\n"
     "good: only [confserv] last-login=true.")


def override(fixed):
    def f(d):
        rules = {"tenant-override-section": "true"}
        if fixed:
            rules.update({"password-min-length": "10", "account-lockout-threshold": "5"})
        d["tenants"].append(tenant("Resources", rules, parent="Environment"))
    return f


case("tenant-override-resets-rules", variant(override(False)), variant(override(True)),
     "bad:  tenant Resources sets tenant-override-section=true and nothing else: it loses the\n"
     "      Environment's password-min-length and lockout, which empty-password-allowed and\n"
     "      no-account-lockout report for it.\n"
     "good: Resources sets password-min-length=10 and account-lockout-threshold=5 again.",
     companions=["empty-password-allowed", "no-account-lockout"])


def self_change(v):
    def f(d):
        env(d)["password-expiration"] = "90"
        if v is not None:
            app(d, "confserv")["options"]["confserv"]["password-change"] = v
    return f


case("password-expiration-without-self-change", variant(self_change("false")), variant(self_change(None)),
     "bad:  passwords expire after 90 days and [confserv] password-change=false.\n"
     "good: no password-change option (users may change their own password).")


def exempt(policy, value, key, on):
    def f(d):
        env(d)[policy] = value
        d["persons"] = [person("svc-001", "svc_monitor", "Environment",
                               {key: "true"} if on else {})]
        if not on:
            del d["persons"][0]["userProperties"]
    return f


case("lockout-override",
     variant(exempt("account-lockout-threshold", "5", "account-override-lockout", True)),
     variant(exempt("account-lockout-threshold", "5", "account-override-lockout", False)),
     "bad:  user svc_monitor has account-override-lockout=true while the tenant locks accounts.\n"
     "good: no override.")
case("password-expiration-override",
     variant(exempt("password-expiration", "90", "override-password-expiration", True)),
     variant(exempt("password-expiration", "90", "override-password-expiration", False)),
     "bad:  user svc_monitor has override-password-expiration=true while the tenant expires passwords.\n"
     "good: no override.")
case("account-expiration-override",
     variant(exempt("account-expiration", "90", "override-account-expiration", True)),
     variant(exempt("account-expiration", "90", "override-account-expiration", False)),
     "bad:  user svc_monitor has override-account-expiration=true while the tenant expires idle accounts.\n"
     "good: no override.")


def ldap(scheme):
    def f(d):
        ext("false")(d)
        port = "636" if scheme == "ldaps" else "389"
        app(d, "confserv")["options"]["gauth_ldap"]["ldap-url"] = \
            f"{scheme}://dc-01.lab.example.com:{port}/dc=lab,dc=example,dc=com"
    return f


case("ldap-cleartext", variant(ldap("ldap")), variant(ldap("ldaps")),
     "bad:  [gauth_ldap] ldap-url=ldap://...: users' passwords go to the directory in clear.\n"
     "good: ldaps://...:636.")


def log_filter(v):
    return lambda d: app(d, "confserv")["options"].update(
        {"log-filter": {"default-filter-type": v}, "log-filter-data": {"PASSWORD": "hide"}})


case("log-filter-invalid", variant(log_filter("hide-first")), variant(log_filter("hide-first,3")),
     "bad:  [log-filter] default-filter-type=hide-first (no count): not a filter.\n"
     "good: hide-first,3 (the guide's example).")

OPT_IN = {"select": ["tls", "posture"]}


def opt_in(rule):
    return '[rules]\n# an opt-in policy notice: selected with the default families\nselect = ["tls", "posture", "%s"]\n' % rule


def policy(key, value):
    return lambda d: env(d).update({key: value}) if value is not None else None


case("no-password-expiration", variant(policy("password-expiration", None)),
     variant(policy("password-expiration", "90")),
     "bad:  (selected in tlskit.toml) the tenant's passwords never expire.\n"
     "good: password-expiration=90.", toml=opt_in("no-password-expiration"))
case("no-password-history", variant(policy("password-no-repeats", None)),
     variant(policy("password-no-repeats", "5")),
     "bad:  (selected in tlskit.toml) no password-no-repeats.\n"
     "good: password-no-repeats=5.", toml=opt_in("no-password-history"))
case("no-account-expiration", variant(policy("account-expiration", None)),
     variant(policy("account-expiration", "90")),
     "bad:  (selected in tlskit.toml) idle accounts never expire.\n"
     "good: account-expiration=90 (Last Login is on and synchronized).", toml=opt_in("no-account-expiration"))
case("weak-password-complexity", variant(policy("password-req-number", None)),
     variant(lambda d: env(d).update({"password-req-mixed-case": "true", "password-req-number": "true"})),
     "bad:  (selected in tlskit.toml) no password-req-* option is true.\n"
     "good: password-req-mixed-case=true, password-req-number=true.", toml=opt_in("weak-password-complexity"))


def log_data(filtered):
    def f(d):
        if filtered:
            app(d, "confserv")["options"]["log-filter-data"] = {"PASSWORD": "hide", "CardNumber": "hide-first,12"}
    return f


case("log-data-unfiltered", variant(log_data(False)), variant(log_data(True)),
     "bad:  (selected in tlskit.toml) the Configuration Server logs attached data with no filter.\n"
     "good: [log-filter-data] PASSWORD=hide, CardNumber=hide-first,12.", toml=opt_in("log-data-unfiltered"))


def write():
    for rule, (bad, good, comment, companions, args, files, toml) in CASES.items():
        folder = os.path.join(ROOT, rule)
        shutil.rmtree(folder, ignore_errors=True)
        for side, doc in (("bad", bad), ("good", good)):
            os.makedirs(os.path.join(folder, side))
            with open(os.path.join(folder, side, "export.json"), "w") as f:
                json.dump(doc, f, indent=2)
                f.write("\n")
            for path, text in files.get(side, {}).items():
                p = os.path.join(folder, side, path)
                os.makedirs(os.path.dirname(p), exist_ok=True)
                with open(p, "w") as f:
                    f.write(text)
            if toml:
                with open(os.path.join(folder, side, "tlskit.toml"), "w") as f:
                    f.write(toml)
        lines = ["# " + l for l in comment.split("\n")]
        lines.append('args = ["--at", "2030-06-01T00:00:00Z"%s]' % "".join(', "%s"' % a for a in args))
        if companions:
            lines.append("companions = [%s]" % ", ".join('"%s"' % c for c in companions))
        with open(os.path.join(folder, "case.toml"), "w") as f:
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    write()
