#!/usr/bin/env python3
"""peeringd benchmarks side by side with moto_server (issue 6). Run through bench/run.sh.

Every process it starts (peeringd, moto_server, wrk) is stopped on exit, also on Ctrl-C.
Databases live in a temporary folder that is removed at the end. Clients authenticate with
X-Auth-Token tokens issued by peeringctl, as real clients do (never --insecure-dev-auth).
"""
import argparse
import json
import os
import re
import secrets
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
LUA = HERE / "lua"
CHILDREN = []  # every Popen we started, stopped in cleanup()


# --- processes -----------------------------------------------------------------------------------

def spawn(args, **kw):
    p = subprocess.Popen(args, **kw)
    CHILDREN.append(p)
    return p


def stop(p, grace=10.0):
    if p.poll() is None:
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(grace)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
    if p in CHILDREN:
        CHILDREN.remove(p)


def cleanup():
    for p in list(CHILDREN):
        stop(p, 3.0)


class Daemon:
    """peeringd on 127.0.0.1, port 0; started() reads the bound port from its stdout."""

    def __init__(self, cfg, db, extra=(), log=None):
        self.cfg, self.db = cfg, db
        # No expiry sweeps unless a scenario asks for them (extra overrides the defaults).
        options = {"--quota": "1000000", "--sweep-interval": "3600", **dict(zip(extra[::2], extra[1::2]))}
        args = [str(cfg.peeringd), "--listen", "127.0.0.1:0", "--db", str(db),
                *[x for kv in options.items() for x in kv]]
        self.log = open(log or os.devnull, "ab")
        t0 = time.monotonic()
        self.proc = spawn(args, stdout=subprocess.PIPE, stderr=self.log)
        line = self.proc.stdout.readline().decode()
        self.startup_s = time.monotonic() - t0
        m = re.match(r"listening on 127\.0\.0\.1:(\d+)", line)
        if not m:
            raise RuntimeError(f"peeringd did not start: {line!r} (log {log})")
        self.port = int(m.group(1))
        self.url = f"http://127.0.0.1:{self.port}"

    def rss_kib(self):
        status = Path(f"/proc/{self.proc.pid}/status").read_text()
        return int(re.search(r"VmRSS:\s+(\d+)", status).group(1)), int(re.search(r"VmHWM:\s+(\d+)", status).group(1))

    def metrics(self):
        with urllib.request.urlopen(self.url + "/metrics", timeout=10) as r:
            return r.read().decode()

    def stop(self):
        stop(self.proc)
        self.log.close()


def ctl(cfg, db, *args):
    out = subprocess.run([str(cfg.peeringctl), "--db", str(db), "--json", *args], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def tokens_for(cfg, db, projects, admin=False):
    extra = ["--admin"] if admin else []
    return {p: ctl(cfg, db, "token", "create", "--project", p, "--ttl", "86400", *extra)["token"]
            for p in projects}


def project(n):
    return f"{n:032x}"


# --- wrk -----------------------------------------------------------------------------------------

def wrk(cfg, url, script, rows_file, connections, duration, extra_env=None):
    env = dict(os.environ, BENCH_LUA_DIR=str(LUA), BENCH_TOKENS=str(rows_file),
               BENCH_NONCE=str(secrets.randbits(31)), **(extra_env or {}))
    threads = max(1, min(cfg.wrk_threads, connections))
    p = spawn([cfg.wrk, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s",
               "-s", str(LUA / script), url], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    out = p.communicate()[0].decode()
    CHILDREN.remove(p)
    m = re.search(r"BENCH_RESULT (\{.*\})", out)
    if not m:
        raise RuntimeError(f"wrk gave no result:\n{out}")
    r = json.loads(m.group(1))
    r["rps"] = r["requests"] / (r["duration_us"] / 1e6)
    r["ok"] = r["requests"] - r["non2xx"]
    print(f"  {script} -c{connections} {duration}s: {r['rps']:,.0f} req/s, p99 {r['p99_us'] / 1000:.2f} ms, "
          f"non-2xx {r['non2xx']}, errors {r['errors']}", file=sys.stderr, flush=True)
    return r


def wrk_many(cfg, jobs):
    """Runs several wrk at once (threads), returns their results in order."""
    results = [None] * len(jobs)

    def one(i, job):
        results[i] = wrk(cfg, *job)

    threads = [threading.Thread(target=one, args=(i, j)) for i, j in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if any(r is None for r in results):
        raise RuntimeError("a wrk run failed")
    return results


def write_rows(path, rows):
    Path(path).write_text("".join(" ".join(r) + "\n" for r in rows))
    return path


# --- data ----------------------------------------------------------------------------------------

UUID4_SQL = ("lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || "
             "substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + abs(random()) % 4, 1) || "
             "substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))")


def generate(db, count, projects, status="ACTIVE", first=0, label="gen"):
    """Writes `count` valid peerings (and their 'create' history rows) straight into the SQLite
    file of a stopped daemon: random UUIDv4 ids (the daemon mints UUIDv7; random keys are the
    harder case for the B-trees), distinct VPC pairs, tenants
    spread over `projects` projects. PENDING ones are cross-project, due far in the future."""
    t0 = time.monotonic()
    c = sqlite3.connect(db)
    # A throwaway load: no fsync, and a page cache big enough (1 GiB) that the nine index
    # B-trees are built in memory instead of being re-read from the WAL page by page.
    c.execute("PRAGMA synchronous = OFF")
    c.execute("PRAGMA cache_size = -1048576")
    c.execute("PRAGMA journal_mode = DELETE")  # no 1 GB detour through the WAL; back below
    now = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime())
    pending = status == "PENDING_ACCEPTANCE"
    c.execute("BEGIN")
    c.execute(f"""
        WITH RECURSIVE n(i) AS (SELECT ?1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1 + ?2 - 1)
        INSERT INTO peerings (id, name, description, status, request_vpc_id, request_tenant_id,
                              accept_vpc_id, accept_tenant_id, created_at, updated_at, expires_at)
        SELECT {UUID4_SQL}, '{label}-' || i, '', ?3,
               printf('%08x-0000-4000-8000-%012x', ?4, i), printf('%032x', i % ?5),
               printf('%08x-0000-4000-9000-%012x', ?4, i), printf('%032x', (i + ?6) % ?5),
               ?7, ?7, ?8
        FROM n ORDER BY 1""",
              (first, count, status, secrets.randbits(31), projects, 1 if pending else 0, now,
               "2999-01-01T00:00:00" if pending else None))
    c.execute("""INSERT INTO peering_history (peering_id, action, from_status, to_status,
                                              actor_project, changed_at, request_id)
                 SELECT id, 'create', NULL, status, request_tenant_id, created_at, 'req-bench'
                 FROM peerings WHERE name LIKE ? ORDER BY id""", (label + "-%",))
    c.execute("COMMIT")
    c.execute("PRAGMA journal_mode = WAL")
    c.close()
    return time.monotonic() - t0


def sample_ids(db, projects, n):
    """(project, id) of up to n random live peerings requested by one of `projects`."""
    c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    marks = ",".join("?" * len(projects))
    rows = c.execute(f"SELECT request_tenant_id, id FROM peerings WHERE request_tenant_id IN ({marks}) "
                     "AND status = 'ACTIVE' ORDER BY random() LIMIT ?", (*projects, n)).fetchall()
    c.close()
    return rows


def make_db(cfg, name):
    db = cfg.tmp / name
    Daemon(cfg, db).stop()  # peeringd creates the file and applies the migrations
    return db


# --- scenarios -----------------------------------------------------------------------------------

def scenario_create_show(cfg, results):
    db = make_db(cfg, "fresh.db")
    projects = [project(0x1000 + i) for i in range(cfg.projects)]
    tokens = tokens_for(cfg, db, projects)
    d = Daemon(cfg, db, log=cfg.tmp / "fresh.log")
    token_file = write_rows(cfg.tmp / "create.tokens", [[tokens[p]] for p in projects])
    for _ in range(cfg.runs):
        results["create"].append(wrk(cfg, d.url, "create.lua", token_file, cfg.connections, cfg.duration))
    ids = sample_ids(db, projects, 2000)
    show_file = write_rows(cfg.tmp / "show.tokens", [[tokens[p], i] for p, i in ids])
    for _ in range(cfg.runs):
        results["show"].append(wrk(cfg, d.url, "show.lua", show_file, cfg.connections, cfg.duration))
    results["fresh_rows"] = sample_count(db)
    d.stop()


def sample_count(db):
    c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    n = c.execute("SELECT count(*) FROM peerings").fetchone()[0]
    c.close()
    return n


def scenario_list(cfg, results, key, rows):
    db = make_db(cfg, f"list-{rows}.db")
    results[key + "_load_s"] = generate(db, rows, cfg.list_projects)
    admin = tokens_for(cfg, db, ["bench-admin"], admin=True)["bench-admin"]
    token_file = write_rows(cfg.tmp / f"list-{rows}.tokens", [[admin]])
    d = Daemon(cfg, db, log=cfg.tmp / f"list-{rows}.log")
    env = {"BENCH_LIST_FILTER": "status=ACTIVE"}
    for _ in range(cfg.runs):
        results[key].append(wrk(cfg, d.url, "list.lua", token_file, cfg.connections, cfg.duration, env))
    d.stop()
    return db


def scenario_large(cfg, results, db):
    """Start-up time and RSS with 256 open connections on the large database."""
    projects = [project(i) for i in range(16)]
    tokens = tokens_for(cfg, db, projects)
    ids = sample_ids(db, projects, 2000)
    show_file = write_rows(cfg.tmp / "large-show.tokens", [[tokens[p], i] for p, i in ids])
    for _ in range(cfg.runs):
        d = Daemon(cfg, db, log=cfg.tmp / "large.log")
        results["startup"].append({"s": d.startup_s})
        peak = [0]
        done = threading.Event()

        def sampler():
            while not done.wait(0.2):
                peak[0] = max(peak[0], d.rss_kib()[0])

        t = threading.Thread(target=sampler)
        t.start()
        r = wrk(cfg, d.url, "show.lua", show_file, cfg.rss_connections, cfg.duration)
        done.set()
        t.join()
        r["rss_kib"] = max(peak[0], d.rss_kib()[1])
        results["rss"].append(r)
        d.stop()


def counter(metrics_text, name):
    m = re.search(rf"^{name}(?:\{{[^}}]*\}})? ([0-9.e+]+)$", metrics_text, re.M)
    return float(m.group(1)) if m else 0.0


def commit_buckets(metrics_text):
    """{upper bound: cumulative count} of the commit-duration histogram."""
    out = {}
    for le, v in re.findall(r'^peeringd_db_commit_duration_seconds_bucket\{le="([^"]+)"\} ([0-9.e+]+)$',
                            metrics_text, re.M):
        out[float("inf") if le == "+Inf" else float(le)] = float(v)
    return out


def slowest_bucket(before, after):
    """Upper bound of the slowest commit between two scrapes (the histogram's resolution)."""
    grew = [le for le in sorted(after) if after[le] - before.get(le, 0) > 0]
    if not grew:
        return 0.0
    total = max(after[le] - before.get(le, 0) for le in after)
    for le in sorted(after):
        if after[le] - before.get(le, 0) >= total:
            return le
    return float("inf")


def scenario_expiry(cfg, results):
    base = make_db(cfg, "expiry.db")
    generate(base, cfg.list_small, cfg.list_projects)
    generate(base, cfg.expire, cfg.list_projects, status="PENDING_ACCEPTANCE", first=10_000_000, label="due")
    projects = [project(i) for i in range(16)]
    tokens = tokens_for(cfg, base, projects)
    ids = sample_ids(base, projects, 2000)
    show_file = write_rows(cfg.tmp / "expiry-show.tokens", [[tokens[p], i] for p, i in ids])
    create_file = write_rows(cfg.tmp / "expiry-create.tokens", [[tokens[p]] for p in projects])
    window = cfg.expiry_window
    reads, writes = max(1, cfg.connections * 3 // 4), max(1, cfg.connections // 4)
    for _ in range(cfg.runs):
        due = time.time() + window + 3
        c = sqlite3.connect(base)
        c.execute("UPDATE peerings SET status = 'PENDING_ACCEPTANCE', expires_at = ? WHERE name LIKE 'due-%'",
                  (time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(due)),))
        c.commit()
        # Rows fall due by time in real life, not by a bulk UPDATE: start without its WAL.
        c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        c.close()
        # The UPDATE left ~100 MB of dirty pages; without this their writeback (CPU-heavy on a
        # virtio disk) overlaps the first measured window.
        os.sync()
        batch = ["--sweep-batch", str(cfg.sweep_batch)] if cfg.sweep_batch else []
        d = Daemon(cfg, base, ["--sweep-interval", "1", *batch], log=cfg.tmp / "expiry.log")
        jobs = [(d.url, "show.lua", show_file, reads, window), (d.url, "create.lua", create_file, writes, window)]
        quiet = wrk_many(cfg, jobs)
        while time.time() < due + 1.2:
            time.sleep(0.05)
        m0 = d.metrics()
        t0 = time.monotonic()
        swept = wrk_many(cfg, jobs)
        m1 = d.metrics()
        # The counter moves when a whole sweep ends; wait (up to a minute) for this one to end.
        total = counter(m1, "peeringd_expiry_expired_total")
        while total < cfg.expire and time.time() < due + 60:
            time.sleep(0.2)
            total = counter(d.metrics(), "peeringd_expiry_expired_total")
        swept_after = time.time() - due
        expired = total
        results["expiry"].append({
            "read_p99_quiet_us": quiet[0]["p99_us"], "read_p99_sweep_us": swept[0]["p99_us"],
            "write_p99_quiet_us": quiet[1]["p99_us"], "write_p99_sweep_us": swept[1]["p99_us"],
            "write_max_quiet_us": quiet[1]["max_us"], "write_max_sweep_us": swept[1]["max_us"],
            "rps_sweep": swept[0]["rps"] + swept[1]["rps"],
            "expired_total": total, "sweep_s": swept_after,
            "slowest_commit_s": slowest_bucket(commit_buckets(m0), commit_buckets(m1)),
            "window_s": time.monotonic() - t0,
            "non2xx": swept[0]["non2xx"] + swept[1]["non2xx"] + quiet[0]["non2xx"] + quiet[1]["non2xx"]})
        d.stop()


def moto_call(url, params):
    data = "&".join(f"{k}={v}" for k, v in params.items()).encode()
    req = urllib.request.Request(url + "/", data=data, headers={
        "Authorization": "AWS4-HMAC-SHA256 Credential=AKIDBENCH/20260101/us-east-1/ec2/aws4_request, "
                         "SignedHeaders=host, Signature=0",
        "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.read().decode()


def scenario_moto(cfg, results):
    log = open(cfg.tmp / "moto.log", "w+b")
    proc = spawn([cfg.moto, "-H", "127.0.0.1", "-p", "0"], stdout=log, stderr=subprocess.STDOUT)
    try:
        port = None
        for _ in range(300):
            log.seek(0)
            m = re.search(rb"Running on http://127\.0\.0\.1:(\d+)", log.read())
            if m:
                port = int(m.group(1))
                break
            time.sleep(0.1)
        if port is None:
            raise RuntimeError("moto_server did not start")
        url = f"http://127.0.0.1:{port}"
        vpcs = []
        for i in range(2 * cfg.moto_pairs):
            body = moto_call(url, {"Action": "CreateVpc", "Version": "2016-11-15",
                                   "CidrBlock": f"10.{i // 256}.{i % 256}.0/24"})
            vpcs.append(re.search(r"<vpcId>(vpc-[0-9a-f]+)</vpcId>", body).group(1))
        pairs = [[vpcs[2 * i], vpcs[2 * i + 1]] for i in range(cfg.moto_pairs)]
        pcx = []
        for a, b in pairs:
            body = moto_call(url, {"Action": "CreateVpcPeeringConnection", "Version": "2016-11-15",
                                   "VpcId": a, "PeerVpcId": b})
            pcx.append([re.search(r"<vpcPeeringConnectionId>(pcx-[0-9a-f]+)<", body).group(1)])
        pair_file = write_rows(cfg.tmp / "moto.pairs", pairs)
        pcx_file = write_rows(cfg.tmp / "moto.pcx", pcx)
        for _ in range(cfg.runs):
            results["moto_create"].append(wrk(cfg, url, "moto_create.lua", pair_file, cfg.connections, cfg.duration))
        for _ in range(cfg.runs):
            results["moto_describe"].append(wrk(cfg, url, "moto_describe.lua", pcx_file, cfg.connections, cfg.duration))
    finally:
        stop(proc)
        log.close()


# --- report --------------------------------------------------------------------------------------

def stat(values):
    return statistics.median(values), min(values), max(values)


def fmt_range(values, unit="", scale=1.0, digits=0):
    med, lo, hi = stat([v * scale for v in values])
    f = f"{{:,.{digits}f}}"
    return f"{f.format(med)}{unit} ({f.format(lo)}–{f.format(hi)})"


def table(cfg, r):
    rows = []
    have = {k for k, v in r.items() if v}

    def add(name, value, target, met):
        rows.append((name, value, target, "yes" if met else "NO"))

    for key, label, rps_target, p99_target in (("create", f"durable create, {cfg.connections} conns", 20000, 10),
                                                ("show", f"GET by id, {cfg.connections} conns", 40000, 5)):
        runs = r[key]
        if not runs:
            continue
        rps = [x["ok"] / (x["duration_us"] / 1e6) for x in runs]
        p99 = [ms(x["p99_us"]) for x in runs]
        add(f"{label}: 2xx/s", fmt_range(rps), f"≥ {rps_target:,}", statistics.median(rps) >= rps_target)
        add(f"{label}: p99", fmt_range(p99, " ms", digits=2), f"≤ {p99_target} ms", statistics.median(p99) <= p99_target)
        errors = sum(x["non2xx"] + x["errors"] for x in runs)
        if errors:
            add(f"{label}: non-2xx/errors", str(errors), "0", False)
    if "list_small" in have:
        list_rows(cfg, r, add)
    if "expiry" in have:
        expiry_rows(cfg, r, add)
    if "startup" in have:
        large_rows(cfg, r, add)
    if "moto_create" in have and "create" in have:
        moto_rows(cfg, r, add)
    return render(rows)


def ms(us):
    return us / 1000.0


def list_rows(cfg, r, add):
    small = [x["ok"] / (x["duration_us"] / 1e6) for x in r["list_small"]]
    large = [x["ok"] / (x["duration_us"] / 1e6) for x in r["list_large"]]
    add(f"list limit=100&status=ACTIVE, {cfg.list_small:,} rows: pages/s", fmt_range(small), "", True)
    add(f"list limit=100&status=ACTIVE, {cfg.list_large:,} rows: pages/s", fmt_range(large), "", True)
    ratio = statistics.median(large) / statistics.median(small)
    add(f"list: {cfg.list_large:,} rows vs {cfg.list_small:,}", f"{ratio:.2f}×", "≥ 0.80×", ratio >= 0.8)


def expiry_rows(cfg, r, add):
    e = r["expiry"]
    add(f"expiry of {cfg.expire:,}: read p99 quiet → during sweep",
        f"{fmt_range([ms(x['read_p99_quiet_us']) for x in e], ' ms', digits=2)} → "
        f"{fmt_range([ms(x['read_p99_sweep_us']) for x in e], ' ms', digits=2)}", "≤ 2×",
        statistics.median([x["read_p99_sweep_us"] / max(1, x["read_p99_quiet_us"]) for x in e]) <= 2)
    add("expiry: write p99 / max during sweep",
        f"{fmt_range([ms(x['write_p99_sweep_us']) for x in e], ' ms', digits=1)} / "
        f"{fmt_range([ms(x['write_max_sweep_us']) for x in e], ' ms', digits=1)}",
        "no wait > 50 ms", statistics.median([x["write_max_sweep_us"] for x in e]) <= 50_000)
    add("expiry: slowest commit during sweep (histogram bucket)",
        fmt_range([x["slowest_commit_s"] * 1000 for x in e], " ms", digits=0), "≤ 50 ms",
        statistics.median([x["slowest_commit_s"] for x in e]) <= 0.05)
    add("expiry: rows expired / seconds from due to the end of the sweep",
        f"{fmt_range([x['expired_total'] for x in e])} / {fmt_range([x['sweep_s'] for x in e], ' s', digits=1)}",
        f"{cfg.expire:,}", statistics.median([x["expired_total"] for x in e]) >= cfg.expire)


def large_rows(cfg, r, add):
    add(f"start-up on {cfg.list_large:,} rows", fmt_range([x["s"] * 1000 for x in r["startup"]], " ms"), "≤ 1000 ms",
        statistics.median([x["s"] for x in r["startup"]]) <= 1.0)
    rss = [x["rss_kib"] / 1024 for x in r["rss"]]
    add(f"RSS, {cfg.list_large:,} rows, {cfg.rss_connections} conns", fmt_range(rss, " MiB", digits=1), "≤ 64 MiB",
        statistics.median(rss) <= 64)


def moto_rows(cfg, r, add):
    for ours, theirs, label in (("create", "moto_create", "create vs CreateVpcPeeringConnection"),
                                ("show", "moto_describe", "show vs DescribeVpcPeeringConnections")):
        a = statistics.median([x["ok"] / (x["duration_us"] / 1e6) for x in r[ours]])
        m = [x["ok"] / (x["duration_us"] / 1e6) for x in r[theirs]]
        b = statistics.median(m)
        add(f"moto {label}: moto 2xx/s", fmt_range(m, digits=1), "", True)
        add(f"moto {label}: ratio", f"{a / b:,.0f}×" if b else "∞", "≥ 80×", b == 0 or a / b >= 80)


def render(rows):
    width = [max(len(str(row[i])) for row in rows + [("scenario", "median (min–max)", "target", "met")])
             for i in range(4)]
    lines = ["| " + " | ".join(h.ljust(w) for h, w in zip(("scenario", "median (min–max)", "target", "met"), width)) + " |",
             "|" + "|".join("-" * (w + 2) for w in width) + "|"]
    lines += ["| " + " | ".join(str(c).ljust(w) for c, w in zip(row, width)) + " |" for row in rows]
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--bin-dir", required=True, help="build folder holding daemon/peeringd and ctl/peeringctl")
    ap.add_argument("--smoke", action="store_true", help="tiny sizes and durations: checks the harness only")
    ap.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--rss-connections", type=int, default=256)
    ap.add_argument("--projects", type=int, default=256, help="projects (tokens) issuing the creates")
    ap.add_argument("--list-small", type=int, default=10_000)
    ap.add_argument("--list-large", type=int, default=1_000_000)
    ap.add_argument("--list-projects", type=int, default=10_000)
    ap.add_argument("--expire", type=int, default=100_000)
    ap.add_argument("--sweep-batch", type=int, help="peeringd --sweep-batch in the expiry scenario (default: peeringd's)")
    ap.add_argument("--expiry-window", type=int, default=4, help="seconds of load before and during the sweep")
    ap.add_argument("--moto-pairs", type=int, default=100)
    ap.add_argument("--wrk-threads", type=int, default=2)
    ap.add_argument("--json", help="also write the raw results here")
    ap.add_argument("--only", help="comma-separated scenarios to run (create,list,large,expiry,moto); "
                                   "the table then shows only their rows")
    cfg = ap.parse_args()
    if cfg.smoke:
        cfg.duration, cfg.runs, cfg.connections, cfg.rss_connections = 1, 1, 8, 16
        cfg.projects, cfg.list_small, cfg.list_large, cfg.list_projects = 4, 300, 1000, 20
        cfg.expire, cfg.expiry_window, cfg.moto_pairs = 500, 1, 3
    cfg.wrk, cfg.moto = shutil.which("wrk"), shutil.which("moto_server")
    if not cfg.wrk or not cfg.moto:
        print(f"SKIPPED: needs wrk and moto_server on PATH (wrk={cfg.wrk}, moto_server={cfg.moto}); "
              "bench/install-deps.sh installs wrk")
        return 77
    cfg.peeringd = Path(cfg.bin_dir) / "daemon" / "peeringd"
    cfg.peeringctl = Path(cfg.bin_dir) / "ctl" / "peeringctl"

    def on_signal(signum, _frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    keys = ("create", "show", "list_small", "list_large", "expiry", "startup", "rss", "moto_create", "moto_describe")
    results = {k: [] for k in keys}
    with tempfile.TemporaryDirectory(prefix="peeringd-bench-") as tmp:
        cfg.tmp = Path(tmp)
        try:
            t0 = time.monotonic()
            load = os.getloadavg()
            only = set(cfg.only.split(",")) if cfg.only else {"create", "list", "large", "expiry", "moto"}
            if "create" in only:
                scenario_create_show(cfg, results)
            if "list" in only or "large" in only:
                scenario_list(cfg, results, "list_small", cfg.list_small)
                large = scenario_list(cfg, results, "list_large", cfg.list_large)
                if "large" in only:
                    scenario_large(cfg, results, large)
            if "expiry" in only:
                scenario_expiry(cfg, results)
            if "moto" in only:
                scenario_moto(cfg, results)
        finally:
            cleanup()
    print(f"\npeeringd bench: {cfg.runs} run(s) × {cfg.duration} s per scenario, wrk -t{cfg.wrk_threads}, "
          f"nproc {os.cpu_count()}, load average at start {load[0]:.2f}/{load[1]:.2f}/{load[2]:.2f}, "
          f"at end {os.getloadavg()[0]:.2f}; {cfg.list_large:,} rows generated in {results.get('list_large_load_s', 0):.1f} s; "
          f"{results.get('fresh_rows', 0):,} peerings created; total {time.monotonic() - t0:.0f} s\n")
    print(table(cfg, results))
    if cfg.json:
        Path(cfg.json).write_text(json.dumps(results, indent=1, default=str))
    # Every answer peeringd gave must have been a 2xx: anything else means the harness (or the
    # daemon) is broken, whatever the numbers say.
    bad = sum(x["non2xx"] + x["errors"] for k in ("create", "show", "list_small", "list_large", "rss")
              for x in results[k]) + sum(x["non2xx"] for x in results["expiry"])
    if bad:
        print(f"\nFAILED: peeringd gave {bad} non-2xx answers or socket errors")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
