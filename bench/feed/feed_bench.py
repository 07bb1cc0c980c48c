#!/usr/bin/env python3
"""Change-feed benchmark (BENCHMARKS.md "## Change feed").

1. Latency: a watcher waits (long poll, then SSE) while this script makes N creates, one at a
   time with a short pause; for each change it records the time from sending the write to the
   watcher receiving the event (an upper bound of commit -> answer), and the write's own
   round trip for comparison.
2. Idle cost: opens W idle SSE streams and W idle long polls (wait=60) and reports the daemon's
   RSS growth and CPU time over an idle period.

Usage: bench/feed/feed_bench.py PEERINGD_BINARY [--changes 1000] [--watchers 1000] [--idle 30]
Starts its own daemon on 127.0.0.1:0 over a temporary database (--insecure-dev-auth, loopback).
"""
import argparse, http.client, json, os, random, socket, statistics, subprocess, tempfile, threading, time

A = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
B = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"


def vpc():
    h = "%032x" % random.getrandbits(128)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-8{h[17:20]}-{h[20:]}"


def body(name):
    return json.dumps({"peering": {"name": name, "request_vpc_info": {"vpc_id": vpc()},
                                   "accept_vpc_info": {"vpc_id": vpc(), "tenant_id": B}}})


def start_daemon(binary, folder):
    proc = subprocess.Popen([binary, "--listen", "127.0.0.1:0", "--db", os.path.join(folder, "p.db"),
                             "--insecure-dev-auth", "--quota", "1000000", "--io-threads", "2"],
                            stdout=subprocess.PIPE, stderr=open(os.path.join(folder, "log"), "w"), text=True)
    line = proc.stdout.readline()
    return proc, int(line.strip().rsplit(":", 1)[1])


def percentile(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def head_revision(port):
    c = http.client.HTTPConnection("127.0.0.1", port)
    c.request("GET", "/v2.0/vpc/peerings?limit=1", headers={"X-Project-Id": B})
    r = c.getresponse(); r.read()
    return int(r.getheader("X-Peeringd-Revision"))


def measure(port, changes, mode):
    received = {}  # name -> time the watcher got the event
    done = threading.Event()
    since = head_revision(port)

    def long_poll_watcher():
        nonlocal since
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=70)
        while not done.is_set():
            c.request("GET", f"/v2.0/vpc/peering-events?since={since}&wait=10&limit=1000",
                      headers={"X-Project-Id": B})
            r = c.getresponse(); data = json.loads(r.read()); now = time.perf_counter()
            for e in data["events"]:
                received[e["peering"]["name"]] = now
            since = data["next_since"]

    def sse_watcher():
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall((f"GET /v2.0/vpc/peering-events?since={since} HTTP/1.1\r\nHost: x\r\n"
                   f"Accept: text/event-stream\r\nX-Project-Id: {B}\r\n\r\n").encode())
        buf = b""
        s.settimeout(1)
        while not done.is_set():
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                continue
            if not chunk:
                break
            now = time.perf_counter()
            buf += chunk
            while b"\n\n" in buf:
                block, buf = buf.split(b"\n\n", 1)
                for line in block.split(b"\n"):
                    if line.startswith(b"data: "):
                        received[json.loads(line[6:])["peering"]["name"]] = now
        s.close()

    watcher = threading.Thread(target=long_poll_watcher if mode == "long-poll" else sse_watcher, daemon=True)
    watcher.start()
    time.sleep(0.3)
    writer = http.client.HTTPConnection("127.0.0.1", port)
    sent, acked = {}, {}
    for i in range(changes):
        name = f"{mode}-{i}"
        sent[name] = time.perf_counter()
        writer.request("POST", "/v2.0/vpc/peerings", body=body(name),
                       headers={"X-Project-Id": A, "Content-Type": "application/json"})
        r = writer.getresponse(); r.read()
        acked[name] = time.perf_counter()
        assert r.status == 201, r.status
        time.sleep(0.003)  # let the watcher re-arm its poll between changes
    deadline = time.time() + 10
    while len(received) < changes and time.time() < deadline:
        time.sleep(0.05)
    done.set()
    missing = changes - sum(1 for n in sent if n in received)
    delays = [(received[n] - sent[n]) * 1000 for n in sent if n in received]
    after_ack = [(received[n] - acked[n]) * 1000 for n in sent if n in received]
    rtt = [(acked[n] - sent[n]) * 1000 for n in sent]
    return delays, after_ack, rtt, missing


def proc_stats(pid):
    with open(f"/proc/{pid}/status") as f:
        rss = next(int(l.split()[1]) for l in f if l.startswith("VmRSS:"))
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return rss, cpu


def idle_cost(proc, port, watchers, idle, mode):
    time.sleep(1)
    rss0, cpu0 = proc_stats(proc.pid)
    socks = []
    for _ in range(watchers):
        s = socket.create_connection(("127.0.0.1", port))
        since = head_revision(port) if not socks else socks[0][1]
        if mode == "sse":
            req = f"GET /v2.0/vpc/peering-events?since={since} HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n"
        else:
            req = f"GET /v2.0/vpc/peering-events?since={since}&wait=60 HTTP/1.1\r\nHost: x\r\n"
        s.sendall((req + f"X-Project-Id: {B}\r\n\r\n").encode())
        socks.append((s, since))
    time.sleep(1)
    rss1, cpu1 = proc_stats(proc.pid)
    time.sleep(idle)
    rss2, cpu2 = proc_stats(proc.pid)
    for s, _ in socks:
        s.close()
    return {"rss_before_kib": rss0, "rss_with_watchers_kib": rss1, "rss_after_idle_kib": rss2,
            "per_watcher_kib": round((rss1 - rss0) / watchers, 1),
            "cpu_s_while_connecting": round(cpu1 - cpu0, 2), "cpu_s_idle": round(cpu2 - cpu1, 2)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--changes", type=int, default=1000)
    ap.add_argument("--watchers", type=int, default=1000)
    ap.add_argument("--idle", type=int, default=30)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        proc, port = start_daemon(args.binary, folder)
        try:
            for mode in ("long-poll", "sse"):
                delays, after_ack, rtt, missing = measure(port, args.changes, mode)
                print(f"{mode}: {len(delays)} changes, missing {missing}; send->watcher answer "
                      f"median {statistics.median(delays):.2f} ms, p99 {percentile(delays, 99):.2f} ms; "
                      f"write ack->watcher answer median {statistics.median(after_ack):.2f} ms, "
                      f"p99 {percentile(after_ack, 99):.2f} ms; "
                      f"write round trip median {statistics.median(rtt):.2f} ms, p99 {percentile(rtt, 99):.2f} ms")
        finally:
            proc.terminate()
            proc.wait(timeout=20)
    # Each idle measurement on a fresh daemon, so closed watchers of one cannot cost the other.
    for mode in ("sse", "long-poll"):
        with tempfile.TemporaryDirectory() as folder:
            proc, port = start_daemon(args.binary, folder)
            try:
                print(f"idle {mode} x{args.watchers} over {args.idle}s:",
                      json.dumps(idle_cost(proc, port, args.watchers, args.idle, mode)))
            finally:
                proc.terminate()
                proc.wait(timeout=20)


if __name__ == "__main__":
    main()
