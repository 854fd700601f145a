#!/usr/bin/env python3
"""make compat: a corpus of real programs run outside and in the jail.

Each workload (tests/compat/w/NAME.sh) runs three ways, as the same user
(nobody, as the jail's default) in an empty work directory with the same
environment:
  outside    sh NAME.sh, no jail
  default    capejail -- sh NAME.sh
  policy     capejail --policy P -- sh NAME.sh, where P are the shipped
             policies the default run's blocked lines named
Output (stdout and stderr, capejail's own lines taken out) and exit status
are compared after the work directory's path is normalised. A workload
marked `# closed: REASON` is one SYSCALLS.md must keep different (namespaces,
set-ID files); the table says why.

Usage: run.py CAPEJAIL [OUT.md]. Prints the table (Markdown) and a summary
line; exit status 0 when the default jail runs at least 70% the same and
every other workload runs the same with its shipped policy or is closed.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CAPEJAIL = os.path.abspath(sys.argv[1])
OUT = sys.argv[2] if len(sys.argv) > 2 else None
TIMEOUT = 300
USER = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
ENV = ["env", "-i", "PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8",
       "HOME=/W", "TMPDIR=/W/tmp", "TERM=dumb"]
BLOCKED = re.compile(r"^capejail: blocked (\w+) \((\d+)(, by its arguments)?\)"
                     r".*?(?:; --policy ([\w-]+) allows it)?\)$")
KILLED = re.compile(r"^capejail: killed the jail: (\w+)")


def header(path):
    h = {}
    for line in open(path, encoding="utf-8"):
        m = re.match(r"# (\w+): (.*)", line)
        if not m:
            break
        h[m.group(1)] = m.group(2).strip()
    return h


def run(cmd, work):
    """Run cmd (a list) with /W standing for work; its rc, and its stdout
    and stderr with work's path as /W."""
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT)
        out, err, rc = p.stdout, p.stderr, p.returncode
    except subprocess.TimeoutExpired as e:
        out, err, rc = e.stdout or b"", e.stderr or b"", "timeout"
    norm = lambda b: b.decode("utf-8", "replace").replace(work, "/W")
    return rc, norm(out), norm(err)


def fresh(base, name):
    work = os.path.join(base, name)
    os.makedirs(os.path.join(work, "tmp"))
    for d in (work, os.path.join(work, "tmp")):
        os.chown(d, 65534, 65534)
    return work


def outside(script, work):
    env = [e.replace("/W", work) for e in ENV]
    return run(USER + env + ["sh", "-c", 'cd "$0" && exec sh "$1"',
                             work, script], work)


def jailed(script, work, policy=None):
    # The work directory is the jail's /W (a writable bind), the corpus
    # read-only at /compat: the same paths a program sees outside, but /W.
    opts = ["--bind", work + ":/W", "--ro-bind", HERE + ":/compat", "-d", "/W"]
    if policy:
        opts += ["--policy", policy]
    rc, out, err = run([CAPEJAIL] + opts + ["--"] + ENV +
                       ["sh", "/compat/w/" + os.path.basename(script)], work)
    names, hints, rest = [], [], []
    for line in err.splitlines(True):
        m, k = BLOCKED.match(line.rstrip("\n")), KILLED.match(line)
        if m:
            names.append(m.group(1) + ("(args)" if m.group(3) else ""))
            if m.group(4) and m.group(4) not in hints:
                hints.append(m.group(4))
        elif k:
            names.append(k.group(1) + "(kill)")
        else:
            rest.append(line)
    return rc, out, "".join(rest), names, hints


def main():
    if os.getuid() != 0:
        print("make compat: needs root (it runs each workload as nobody)")
        return 2
    scripts = sorted(os.path.join(HERE, "w", f)
                     for f in os.listdir(os.path.join(HERE, "w")) if f.endswith(".sh"))
    base = tempfile.mkdtemp(prefix="capejail-compat.", dir="/var/tmp")
    os.chmod(base, 0o755)
    rows, n, same, same_pol, closed, skipped, bad = [], 0, 0, 0, 0, 0, []
    try:
        for s in scripts:
            name = os.path.basename(s)[:-3]
            h = header(s)
            missing = [b for b in h.get("needs", "").split() if not shutil.which(b)]
            if missing:
                rows.append((name, h.get("what", ""), "skipped", "", "",
                             "not installed: " + " ".join(missing)))
                skipped += 1
                continue
            n += 1
            o = outside(s, fresh(base, name + ".out"))
            j = jailed(s, fresh(base, name + ".jail"))
            d_same = o == j[:3]
            names = " ".join(dict.fromkeys(j[3]))
            pol, note = "", ""
            if d_same:
                same += 1
                same_pol += 1
                verdict = "SAME"
            else:
                verdict = "DIFFERENT"
                if j[4]:
                    p = jailed(s, fresh(base, name + ".pol"), ",".join(j[4]))
                    pol = "--policy %s: %s" % (",".join(j[4]),
                                                "SAME" if o == p[:3] else "DIFFERENT")
                    if o == p[:3]:
                        same_pol += 1
                if "closed" in h:
                    closed += 1
                    note = "kept closed: " + h["closed"]
                elif not pol.endswith("SAME"):
                    bad.append(name)
                    note = "rc %s/%s; out %r / %r; err %r / %r" % (
                        o[0], j[0], o[1][-120:], j[1][-120:], o[2][-160:], j[2][-160:])
            rows.append((name, h.get("what", ""), verdict, names, pol, note))
            print("compat: %-28s %-9s %s %s" % (name, verdict, names, pol), file=sys.stderr)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    pct = 100.0 * same / n if n else 0
    summary = ("compat: %d workloads; default jail: %d SAME (%.0f%%); with the "
               "shipped policy its blocked lines name: %d SAME; %d kept closed "
               "by SYSCALLS.md; %d not explained; %d skipped" %
               (n, same, pct, same_pol, closed, len(bad), skipped))
    lines = ["| workload | what | default jail | blocked (capejail's lines) | "
             "with the shipped policy | note |", "|---|---|---|---|---|---|"]
    for r in rows:
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in r) + " |")
    table = "\n".join(lines) + "\n\n" + summary + "\n"
    print(table)
    if OUT:
        with open(OUT, "w", encoding="utf-8") as f:
            f.write(table)
    return 0 if pct >= 70 and not bad else 1


if __name__ == "__main__":
    sys.exit(main())
