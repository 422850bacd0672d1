#!/usr/bin/python3
"""make bench-crawl: caravan and Scrapy crawl the same generated web on loopback.

Serves --sites sites x --pages articles with caravan-bench-web (one site per
address 127.0.1.x, one port), lets caravand crawl it into a fresh store until
every article is a document (or --time-cap), then lets Scrapy crawl the same
web until it is done, and prints pages/s, peak RSS and CPU of each side by
side. The web server is restarted between the two, so its request counts and
CPU belong to one crawler each; "load" is the 1-minute load average as each
crawl ends (crawler and web server included): anything else running skews the
figures. Nothing leaves the machine.
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import datetime

HERE = os.path.dirname(os.path.abspath(__file__))
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def proc_status_kib(pid, field):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def proc_cpu_seconds(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime
    except OSError:
        return 0.0


class Web:
    """caravan-bench-web, serving until stop(); stop() returns its tally line."""

    def __init__(self, args, workdir):
        self.origins_file = os.path.join(workdir, "origins")
        if os.path.exists(self.origins_file):
            os.remove(self.origins_file)
        self.log = open(os.path.join(workdir, "web.log"), "a+")
        self.proc = subprocess.Popen(
            [os.path.join(args.build_dir, "bin", "caravan-bench-web"), "--sites", str(args.sites),
             "--pages", str(args.pages), "--port", str(args.port), "--origins-file", self.origins_file],
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while not os.path.exists(self.origins_file) or os.path.getsize(self.origins_file) == 0:
            if self.proc.poll() is not None or time.time() > deadline:
                sys.exit(f"bench-crawl: caravan-bench-web did not start; see {self.log.name}")
            time.sleep(0.05)
        with open(self.origins_file) as f:
            self.origins = [line.strip() for line in f if line.strip()]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.stop()

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=60)
        self.log.seek(0)
        lines = [line.strip() for line in self.log if line.startswith("served")]
        self.log.close()
        return lines[-1] if lines else ""


def server_tally(line):
    """'served articles 3, feeds 1, ...; cpu 1.5 s' -> (requests, cpu seconds)."""
    if not line:
        return 0, 0.0
    counts, cpu = line[len("served "):].split("; cpu ")
    requests = sum(int(part.split()[-1]) for part in counts.split(", "))
    return requests, float(cpu.split()[0])


def write_caravan_config(path, args, origins, data_dir):
    lines = [
        f"data_dir: {data_dir}",
        f"grpc_listen: 127.0.0.1:{args.grpc_port}",
        f"http_listen: 127.0.0.1:{args.grpc_port + 1}",
        "user_agent: caravan-bench/0.1",
        "crawl:",
        "  delay: 0",
        # The generated sites are on loopback, which the SSRF guard refuses by default.
        "  allow_networks: [127.0.0.0/8]",
        f"  max_parallel: {min(4096, len(origins))}",
        "sources:",
    ]
    for i, origin in enumerate(origins):
        lines += [
            f"  - name: site-{i + 1:04d}",
            f"    start_urls: [{origin}/]",
            f"    feeds: [{origin}/feed/]",
            f"    sitemaps: [{origin}/sitemap.xml]",
            "    max_depth: 10",
        ]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def parse_time(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def caravan_status(args):
    out = subprocess.run(
        [os.path.join(args.build_dir, "bin", "caravanctl"), "--server", f"127.0.0.1:{args.grpc_port}",
         "status", "--format", "json"], capture_output=True, text=True, timeout=30)
    if out.returncode != 0:
        return None
    return json.loads(out.stdout)


def run_caravan(args, workdir, web, expected):
    config = os.path.join(workdir, "caravan.yaml")
    data_dir = os.path.join(workdir, "caravan-data")
    write_caravan_config(config, args, web.origins, data_dir)
    log = open(os.path.join(workdir, "caravand.log"), "w")
    start = time.time()
    proc = subprocess.Popen([os.path.join(args.build_dir, "bin", "caravand"), "--config", config],
                            stdout=log, stderr=subprocess.STDOUT)
    status, docs, reported, peak_kib, cpu, last_progress = None, 0, 0, 0, 0.0, start
    try:
        while time.time() - start < args.time_cap:
            time.sleep(0.5)
            if proc.poll() is not None:
                sys.exit(f"bench-crawl: caravand exited with {proc.returncode}; see {log.name}")
            peak_kib = max(peak_kib, proc_status_kib(proc.pid, "VmHWM"))
            cpu = proc_cpu_seconds(proc.pid)
            status = caravan_status(args) or status
            if status and int(status.get("documents", 0)) > docs:
                docs = int(status["documents"])
                last_progress = time.time()
            if docs >= reported + max(1, expected // 10):
                reported = docs
                print(f"  caravan: {docs} documents after {time.time() - start:.1f} s", flush=True)
            if docs >= expected:
                break
        peak_kib = max(peak_kib, proc_status_kib(proc.pid, "VmHWM"))
        cpu = proc_cpu_seconds(proc.pid) or cpu
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log.close()
    # The sources' last_document times are exact; the poll only brackets them.
    sources = (status or {}).get("sources", [])
    stamps = [parse_time(s["last_document"]) for s in sources if s.get("last_document")]
    last = max(stamps) if stamps else last_progress
    totals = {key: sum(int(s.get(key, 0)) for s in sources)
              for key in ("fetches_ok", "fetch_errors", "robots_denied", "duplicates")}
    print(f"  caravan: fetches {totals['fetches_ok']}, errors {totals['fetch_errors']}, robots denied "
          f"{totals['robots_denied']}, duplicates {totals['duplicates']}", flush=True)
    return {"docs": docs, "seconds": last - start, "peak_kib": peak_kib, "cpu": cpu}


def run_scrapy(args, workdir, web, expected):
    items = os.path.join(workdir, "scrapy-items.jsonl")
    stats = os.path.join(workdir, "scrapy-stats.json")
    log = os.path.join(workdir, "scrapy.log")
    if os.path.exists(items):
        os.remove(items)
    start = time.time()
    proc = subprocess.Popen(
        ["/usr/bin/python3", "-m", "scrapy", "runspider", os.path.join(HERE, "scrapy_spider.py"),
         "-a", f"origins_file={web.origins_file}", "-a", f"stats_file={stats}", "-O", items,
         "-s", f"CONCURRENT_REQUESTS={max(16, len(web.origins))}", "-s", f"LOG_FILE={log}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    usage, stopped, reported, lines, counted = None, False, 0, 0, None
    try:
        while usage is None:
            time.sleep(0.5)
            pid, _, usage_now = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                usage = usage_now
                break
            # Only the new part of the file: rereading it all would steal CPU from Scrapy.
            if counted is None and os.path.exists(items):
                counted = open(items, "rb")
            if counted:
                lines += counted.read().count(b"\n")
            if lines >= reported + max(1, expected // 10):
                reported = lines
                print(f"  scrapy: {lines} items after {time.time() - start:.1f} s", flush=True)
            if not stopped and time.time() - start > args.time_cap:
                proc.send_signal(signal.SIGINT)  # Scrapy's graceful stop: it still writes its stats
                stopped = True
    finally:
        if counted:
            counted.close()
        if usage is None:
            proc.kill()
            proc.wait()
    proc.returncode = 0  # reaped by wait4 above; keeps Popen from waiting again
    result = {"docs": 0, "seconds": 0.0, "peak_kib": usage.ru_maxrss, "cpu": usage.ru_utime + usage.ru_stime}
    if os.path.exists(stats):
        with open(stats) as f:
            s = json.load(f)
        result["docs"] = s["items"]
        result["seconds"] = (s["last_item"] or start) - start
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build-dir", default="build")
    ap.add_argument("--sites", type=int, default=200)
    ap.add_argument("--pages", type=int, default=100, help="articles per site")
    ap.add_argument("--port", type=int, default=18180, help="port of every site")
    ap.add_argument("--grpc-port", type=int, default=17170, help="caravand gRPC; the side port is the next one")
    ap.add_argument("--time-cap", type=float, default=480, help="seconds each crawler gets at most")
    ap.add_argument("--crawlers", default="caravan,scrapy", help="which to run, comma-separated")
    ap.add_argument("--keep", action="store_true", help="keep the work directory (logs, data, items)")
    args = ap.parse_args()

    expected = args.sites * args.pages
    workdir = tempfile.mkdtemp(prefix="caravan-bench-crawl-")
    print(f"bench-crawl: {args.sites} sites x {args.pages} articles = {expected} documents expected; "
          f"{os.cpu_count()} cores; work dir {workdir}", flush=True)
    rows = []
    try:
        crawlers = args.crawlers.split(",")
        for name, run in (("caravan", run_caravan), ("scrapy", run_scrapy)):
            if name not in crawlers:
                continue
            with Web(args, workdir) as web:
                result = run(args, workdir, web, expected)
                result["load"] = os.getloadavg()[0]
                result["requests"], result["web_cpu"] = server_tally(web.stop())
            rows.append((name, result))
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    print()
    print(f"{'crawler':<9} {'documents':>10} {'seconds':>8} {'pages/s':>9} {'peak RSS':>10} {'CPU s':>7} "
          f"{'requests':>9} {'web CPU s':>10} {'load':>5}")
    rate = {}
    for name, r in rows:
        rate[name] = r["docs"] / r["seconds"] if r["seconds"] > 0 else 0.0
        print(f"{name:<9} {r['docs']:>10} {r['seconds']:>8.1f} {rate[name]:>9.0f} "
              f"{r['peak_kib'] / 1024:>6.0f} MiB {r['cpu']:>7.1f} {r['requests']:>9} {r['web_cpu']:>10.1f} "
              f"{r['load']:>5.1f}")
    if rate.get("caravan") and rate.get("scrapy"):
        print(f"caravan / scrapy pages/s: {rate['caravan'] / rate['scrapy']:.1f}x (target >= 10x)")
    incomplete = [name for name, r in rows if r["docs"] < expected]
    if incomplete:
        print(f"bench-crawl: {', '.join(incomplete)} stored fewer than {expected} documents within "
              f"{args.time_cap:.0f} s", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
