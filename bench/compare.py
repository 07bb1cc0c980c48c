#!/usr/bin/env python3
"""Side-by-side A/B of two builds on the create/show scenario (BENCHMARKS.md).

    python3 bench/compare.py --rounds 3 --duration 8 OLD_BUILD NEW_BUILD

Runs `bench.py --only create --runs 1` for OLD and NEW alternately, ROUNDS times each, so both
see the same machine load; each round starts a fresh daemon on a fresh database. Prints the
median (min-max) of creates/s, create p99, shows/s and show p99 per build, and NEW/OLD ratios
of the medians. Every process is started and stopped by bench.py.
"""
import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
METRICS = (("create", "rps", "creates/s"), ("create", "p99_us", "create p99 µs"),
           ("show", "rps", "shows/s"), ("show", "p99_us", "show p99 µs"))


def one_round(build, duration, extra):
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run([sys.executable, str(HERE / "bench.py"), "--bin-dir", build, "--only", "create",
                        "--runs", "1", "--duration", str(duration), "--json", out.name, *extra],
                       check=True, stdout=subprocess.DEVNULL)
        return json.loads(Path(out.name).read_text())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--duration", type=int, default=8)
    args, extra = ap.parse_known_args()
    samples = {b: {m: [] for m in METRICS} for b in (args.old, args.new)}
    for r in range(args.rounds):
        for build in (args.old, args.new):
            res = one_round(build, args.duration, extra)
            for m in METRICS:
                samples[build][m].extend(x[m[1]] for x in res[m[0]])
            print(f"round {r + 1} {build}: " + ", ".join(
                f"{m[2]} {samples[build][m][-1]:,.0f}" for m in METRICS), flush=True)
    print(f"\n| metric | {args.old} | {args.new} | new/old |\n|---|---|---|---|")
    for m in METRICS:
        old, new = samples[args.old][m], samples[args.new][m]
        cell = lambda v: f"{statistics.median(v):,.0f} ({min(v):,.0f}–{max(v):,.0f})"
        print(f"| {m[2]} | {cell(old)} | {cell(new)} | {statistics.median(new) / statistics.median(old):.2f}× |")


if __name__ == "__main__":
    main()
