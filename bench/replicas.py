#!/usr/bin/env python3
"""peeringd on PostgreSQL with 1, 2 and 3 replicas, side by side with SQLite in the same run.

Durable creates/s and GET-by-id/s through wrk (the same Lua scripts and token files as
bench.py; the connections are split evenly over the replicas), and the feed delay: the time
from a create's 201 on one replica to the wake-up of a long poll parked on another (median,
p99). PostgreSQL runs on loopback with fsync=on and synchronous_commit=on, started and stopped
here (tests/support/pg_server.sh). Run through `bench/run.sh replicas [options]`.
"""
import argparse
import atexit
import http.client
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402  (the shared harness: Daemon, ctl, tokens_for, wrk, write_rows)

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = ROOT / "tests" / "support" / "pg_server.sh"


def psql(uri, query):
    return subprocess.run(["psql", uri, "-Atc", query], check=True, capture_output=True, text=True).stdout


def show_rows(cfg, db, tokens, n=2000):
    if str(db).startswith("postgresql://"):
        out = psql(str(db), f"SELECT request_tenant_id, id FROM peerings ORDER BY random() LIMIT {n}")
        pairs = [line.split("|") for line in out.splitlines() if line]
    else:
        pairs = bench.sample_ids(db, list(tokens), n)
    return [[tokens[p], i] for p, i in pairs]


def measure(cfg, name, db, replicas, extra, results):
    """Starts `replicas` daemons on db, runs create then show on all of them at once."""
    projects = [bench.project(0x2000 + i) for i in range(cfg.projects)]
    daemons = [bench.Daemon(cfg, db, extra, log=cfg.tmp / f"{name}-0.log")]
    tokens = bench.tokens_for(cfg, db, projects)
    daemons += [bench.Daemon(cfg, db, extra, log=cfg.tmp / f"{name}-{i}.log") for i in range(1, replicas)]
    token_file = bench.write_rows(cfg.tmp / f"{name}.tokens", [[tokens[p]] for p in projects])
    per = max(1, cfg.connections // replicas)
    out = {"create": [], "show": []}
    for _ in range(cfg.runs):
        runs = bench.wrk_many(cfg, [(d.url, "create.lua", token_file, per, cfg.duration) for d in daemons])
        out["create"].append(sum(r["rps"] for r in runs))
    show_file = bench.write_rows(cfg.tmp / f"{name}.show", show_rows(cfg, db, tokens))
    for _ in range(cfg.runs):
        runs = bench.wrk_many(cfg, [(d.url, "show.lua", show_file, per, cfg.duration) for d in daemons])
        out["show"].append(sum(r["rps"] for r in runs))
    if replicas > 1:
        out["feed_ms"] = feed_delays(daemons, tokens[projects[0]], cfg.feed_samples)
    for d in daemons:
        d.stop()
    results[name] = out
    print(f"{name}: creates {statistics.median(out['create']):,.0f}/s, shows {statistics.median(out['show']):,.0f}/s",
          file=sys.stderr, flush=True)


def request(port, method, target, token, body=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"X-Auth-Token": token}
    if body:
        headers["Content-Type"] = "application/json"
    c.request(method, target, body, headers)
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, data


def feed_delays(daemons, token, samples):
    """Commit on replica 2, watcher parked on replica 1: wake-up minus the 201's arrival."""
    watch, write = daemons[0].port, daemons[1].port
    delays = []
    for _ in range(samples):
        status, data = request(write, "POST", "/v2.0/vpc/peerings", token, json.dumps(
            {"peering": {"name": "f", "request_vpc_info": {"vpc_id": str(uuid.uuid4())},
                         "accept_vpc_info": {"vpc_id": str(uuid.uuid4())}}}))
        head = json.loads(data)["peering"]["revision"]
        woke = {}

        def poll():
            request(watch, "GET", f"/v2.0/vpc/peering-events?wait=20&since={head}", token)
            woke["t"] = time.monotonic()

        t = threading.Thread(target=poll)
        t.start()
        time.sleep(0.25)  # parked
        status, _ = request(write, "POST", "/v2.0/vpc/peerings", token, json.dumps(
            {"peering": {"name": "f", "request_vpc_info": {"vpc_id": str(uuid.uuid4())},
                         "accept_vpc_info": {"vpc_id": str(uuid.uuid4())}}}))
        committed = time.monotonic()
        t.join()
        delays.append((woke["t"] - committed) * 1000)
    return delays


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--bin-dir", required=True)
    ap.add_argument("--duration", type=int, default=5)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--projects", type=int, default=64)
    ap.add_argument("--wrk-threads", type=int, default=2)
    ap.add_argument("--feed-samples", type=int, default=40)
    ap.add_argument("--json", help="also write the raw results here")
    args = ap.parse_args()
    cfg = args
    cfg.peeringd = Path(args.bin_dir) / "daemon" / "peeringd"
    cfg.peeringctl = Path(args.bin_dir) / "ctl" / "peeringctl"
    cfg.wrk = shutil.which("wrk")
    cfg.tmp = Path(tempfile.mkdtemp(prefix="peeringd-replicas-bench-"))
    pg_dir = Path(tempfile.gettempdir()) / f"peeringd-bench-pg-{os.getpid()}"
    subprocess.run(["bash", str(PG_SERVER), "start", str(pg_dir), "--owner-pid", str(os.getpid())],
                   check=True, stdout=subprocess.DEVNULL)
    base = (pg_dir / "uri").read_text().strip()

    def finish():
        bench.cleanup()
        subprocess.run(["bash", str(PG_SERVER), "stop", str(pg_dir)], stdout=subprocess.DEVNULL)
        shutil.rmtree(cfg.tmp, ignore_errors=True)

    atexit.register(finish)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    key = ["--secret-key-file", str(cfg.tmp / "peeringd.key")]
    results = {}
    measure(cfg, "sqlite", cfg.tmp / "bench.db", 1, (), results)
    for n in (1, 2, 3):
        db_name = f"bench{n}"
        psql(base, f"CREATE DATABASE {db_name}")
        measure(cfg, f"postgresql x{n}", base.rsplit("/", 1)[0] + "/" + db_name, n, key, results)

    def med(values):
        return statistics.median(values)

    sqlite = results["sqlite"]
    print("\n| setup | creates/s (median, min–max) | vs SQLite | GET by id/s | vs SQLite | feed delay median / p99 |")
    print("|---|---|---|---|---|---|")
    for name, r in results.items():
        feed = ""
        if "feed_ms" in r:
            d = sorted(r["feed_ms"])
            feed = f"{med(d):.0f} ms / {d[min(len(d) - 1, int(len(d) * 0.99))]:.0f} ms"
        print(f"| {name} | {med(r['create']):,.0f} ({min(r['create']):,.0f}–{max(r['create']):,.0f}) | "
              f"{med(r['create']) / med(sqlite['create']):.2f}x | {med(r['show']):,.0f} "
              f"({min(r['show']):,.0f}–{max(r['show']):,.0f}) | {med(r['show']) / med(sqlite['show']):.2f}x | {feed} |")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
