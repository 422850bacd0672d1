#!/usr/bin/python3
"""make bench-freshness: how fast new publications reach caravan's store.

Serves a generated web with caravan-bench-web (one site per address
127.0.1.x, one port): --sites sites with --archive articles each, category
listings, a home page, a feed and a sitemap, on a clock. caravand crawls it
into a fresh store while `caravanctl subscribe --omit-text` timestamps every
stored document. Once the archive is stored and caravand has started
revisiting archive articles (or --archive-cap / --revisit-wait ran out), the
web's clock starts: --new-per-site new articles per site come out at random
moments of --new-window. The run ends when all of them are stored, or
--wait-cap seconds after the window. The web server logs every request, so
revisits, request rates and the gaps between two requests to one host are
what the sites saw, not what caravan reports.

A revisit is a request for a URL that had been requested before, whatever
the answer (304s included); the share of revisits is given over all
requests, over those once the archive was stored, and over those made to a
host while new work waited there (from the first request after a new
article came out to a page listing it, until the article's own request),
each with the part that were article revisits rather than hub revisits (home,
feed, sitemap, listings, robots.txt). The revisit targets count article
revisits only: hubs are fetched at the source's revisit by design, a class
above new work. Nothing leaves the machine. This is a
benchmark: it exits 0 whether the targets pass or not, and 1 only when the
run broke.
"""

import argparse
import bisect
import importlib.util
import json
import math
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from datetime import datetime

HERE = os.path.dirname(os.path.abspath(__file__))
# The /proc readers of bench-crawl's runner, shared rather than copied.
_spec = importlib.util.spec_from_file_location("bench_crawl", os.path.join(HERE, "..", "crawl", "run.py"))
bench_crawl = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_crawl)

UNITS_MS = {"ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000}


def duration_ms(text):
    match = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|s|m|h|d)", text)
    if not match:
        raise argparse.ArgumentTypeError(f"'{text}' is not a duration (e.g. 250ms, 15s, 30d)")
    return float(match.group(1)) * UNITS_MS[match.group(2)]


def duration(text):
    duration_ms(text)
    return text


def unix_ms(rfc3339):
    return datetime.fromisoformat(rfc3339.replace("Z", "+00:00")).timestamp() * 1000


def percentile(values, p):
    """Nearest rank of sorted `values`; inf counts (articles that never came) sort last."""
    if not values:
        return None
    return values[min(len(values) - 1, max(0, math.ceil(len(values) * p / 100) - 1))]


def seconds(ms):
    return "never" if ms is None or ms == float("inf") else f"{ms / 1000:.1f} s"


class Web:
    """caravan-bench-web on a clock held until start_clock()."""

    def __init__(self, args, workdir):
        self.origins_file = os.path.join(workdir, "origins")
        self.schedule_file = os.path.join(workdir, "schedule.tsv")
        self.request_log = os.path.join(workdir, "requests.log")
        self.log = open(os.path.join(workdir, "web.log"), "w+")
        self.proc = subprocess.Popen(
            [os.path.join(args.build_dir, "bin", "caravan-bench-web"), "--sites", str(args.sites),
             "--archive", str(args.archive), "--port", str(args.port), "--origins-file", self.origins_file,
             "--listing-size", str(args.listing_size), "--new-per-site", str(args.new_per_site),
             "--new-start", str(args.new_start), "--new-window", str(args.new_window),
             "--archive-spacing", str(args.archive_spacing), "--seed", str(args.seed), "--hold-new",
             "--schedule-file", self.schedule_file, "--request-log", self.request_log],
            stdout=self.log, stderr=subprocess.STDOUT)
        self.origins = self._wait_for(self.origins_file, 60, "did not start")

    def _wait_for(self, path, timeout, what):
        deadline = time.time() + timeout
        while not os.path.exists(path) or os.path.getsize(path) == 0:
            if self.proc.poll() is not None or time.time() > deadline:
                sys.exit(f"bench-freshness: caravan-bench-web {what}; see {self.log.name}")
            time.sleep(0.05)
        with open(path) as f:
            return [line.rstrip("\n") for line in f if line.strip()]

    def start_clock(self):
        """Starts the new articles' clock; returns {url: publication unix ms} of every article."""
        self.proc.send_signal(signal.SIGUSR1)
        schedule = {}
        for line in self._wait_for(self.schedule_file, 60, "wrote no schedule"):
            _, url, ms = line.split("\t")
            schedule[url] = int(ms)
        return schedule

    def stop(self):
        """Stops the server (which flushes the request log); returns its tally line."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=60)
        self.log.seek(0)
        lines = [line.strip() for line in self.log if line.startswith("served")]
        self.log.close()
        return lines[-1] if lines else ""


class RequestTail:
    """Follows the request log while it grows; the web writes it in blocks."""

    def __init__(self, path):
        self.path, self.offset, self.partial = path, 0, b""

    def new_requests(self):
        if not os.path.exists(self.path):
            return []
        with open(self.path, "rb") as f:
            f.seek(self.offset)
            data = f.read()
        self.offset += len(data)
        lines = (self.partial + data).split(b"\n")
        self.partial = lines.pop()
        return [parse_request(line.decode()) for line in lines if line]


def parse_request(line):
    unix, mono, host, target, status = line.split(" ")
    return int(unix), float(mono), host, target, int(status)


class Subscription:
    """`caravanctl subscribe --omit-text`, restarted from the last cursor until caravand answers."""

    def __init__(self, args, workdir):
        self.cmd = [os.path.join(args.build_dir, "bin", "caravanctl"), "--server",
                    f"127.0.0.1:{args.grpc_port}", "subscribe", "--omit-text"]
        self.errors = open(os.path.join(workdir, "subscribe.log"), "w")
        self.events = []  # (document id, url, canonical url, stored unix ms)
        self.cursor = ""
        self.proc = None
        self.stopping = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self.stopping:
            cmd = self.cmd + (["--from", self.cursor] if self.cursor else [])
            self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=self.errors, text=True)
            for line in self.proc.stdout:
                event = json.loads(line)
                doc = event.get("document", {})
                stored = unix_ms(event["time"]) if event.get("time") else time.time() * 1000
                self.events.append((event.get("document_id", ""), doc.get("url", ""),
                                    doc.get("canonical_url", ""), stored))
                self.cursor = event.get("cursor", self.cursor)
            self.proc.wait()
            if not self.stopping:
                time.sleep(0.5)

    def stop(self):
        self.stopping = True
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
        self.thread.join(timeout=10)
        self.errors.close()


def write_config(path, args, origins, data_dir):
    lines = [
        f"data_dir: {data_dir}",
        f"grpc_listen: 127.0.0.1:{args.grpc_port}",
        f"http_listen: 127.0.0.1:{args.grpc_port + 1}",
        "user_agent: caravan-bench/0.1",
        "crawl:",
        f"  delay: {args.delay}",
        f"  max_parallel: {min(4096, len(origins))}",
    ]
    if args.legacy_config:
        # Today's frontier: unchanged pages back off from the source's revisit up to this.
        lines.append(f"  max_revisit: {args.revisit_pages_max}")
    else:
        lines += [
            f"  revisit_share: {args.revisit_share}",
            f"  revisit_pages: {{min: {args.revisit_pages_min}, max: {args.revisit_pages_max}}}",
            f"  politeness_key: {args.politeness_key}",
            # The generated sites are on loopback, which the SSRF guard refuses by default.
            "  allow_networks: [127.0.0.0/8]",
        ]
    lines.append("sources:")
    for i, origin in enumerate(origins):
        lines += [
            f"  - name: site-{i:03d}",
            f"    start_urls: [{origin}/]",
            f"    feeds: [{origin}/feed/]",
            f"    sitemaps: [{origin}/sitemap.xml]",
            f"    revisit: {args.revisit}",
            f"    max_depth: {args.max_depth}",
        ]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def caravan_status(args):
    out = subprocess.run(
        [os.path.join(args.build_dir, "bin", "caravanctl"), "--server", f"127.0.0.1:{args.grpc_port}",
         "status", "--format", "json"], capture_output=True, text=True, timeout=30)
    return json.loads(out.stdout) if out.returncode == 0 else None


def is_article(url):
    return "/en/" in url


def stored_times(events):
    """First stored time of every URL (fetched and canonical) in the change feed."""
    first = {}
    for _, url, canonical, stored in events:
        for u in (url, canonical):
            if u and u not in first:
                first[u] = stored
    return first


class Caravand:
    """caravand on `config`; tick() waits a moment, checks it still runs and samples its peak RSS and CPU."""

    def __init__(self, args, workdir, config):
        self.legacy = args.legacy_config
        self.log = open(os.path.join(workdir, "caravand.log"), "w")
        self.start_ms = time.time() * 1000
        self.proc = subprocess.Popen([os.path.join(args.build_dir, "bin", "caravand"), "--config", config],
                                     stdout=self.log, stderr=subprocess.STDOUT)
        self.peak_kib, self.cpu = 0, 0.0

    def tick(self):
        time.sleep(0.5)
        if self.proc.poll() is not None:
            self.log.flush()
            with open(self.log.name) as f:
                last = "".join(f.readlines()[-5:])
            hint = "" if self.legacy else " (one without the new crawl keys? try --legacy-config)"
            sys.exit(f"bench-freshness: caravand exited with {self.proc.returncode}{hint}; "
                     f"see {self.log.name}:\n{last}")
        self.peak_kib = max(self.peak_kib, bench_crawl.proc_status_kib(self.proc.pid, "VmHWM"))
        self.cpu = bench_crawl.proc_cpu_seconds(self.proc.pid) or self.cpu
        return time.time() * 1000

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def wait_for_archive(args, caravand, sub, web):
    """Until the archive is stored and an archive article was requested again, or the caps run out."""
    expected = args.sites * args.archive
    tail = RequestTail(web.request_log)
    requested, stored, reported, read = set(), {}, 0, 0
    done_ms = revisit_ms = None
    while True:
        now = caravand.tick()
        for at, _, host, target, _ in tail.new_requests():
            if target.startswith("/en/"):
                if (host, target) in requested and revisit_ms is None:
                    revisit_ms = at
                requested.add((host, target))
        # Before the clock starts, every article out is in the archive.
        events = sub.events[read:]
        read += len(events)
        for _, url, _, ms in events:
            if is_article(url):
                stored.setdefault(url, ms)
        if len(stored) >= reported + max(1, expected // 10):
            reported = len(stored)
            print(f"  {len(stored)} archive articles stored after {(now - caravand.start_ms) / 1000:.0f} s",
                  flush=True)
        if done_ms is None and len(stored) >= expected:
            done_ms = max(stored.values())
            print(f"  archive stored after {(done_ms - caravand.start_ms) / 1000:.1f} s", flush=True)
        if done_ms is not None and (revisit_ms is not None or now - done_ms > args.revisit_wait * 1000):
            break
        if now - caravand.start_ms > args.archive_cap * 1000:
            print(f"  archive cap: {len(stored)} of {expected} archive articles stored after "
                  f"{args.archive_cap:.0f} s", flush=True)
            break
    if revisit_ms is None:
        print("  no archive article revisited yet", flush=True)
    return {"archive_done_ms": done_ms, "archive_stored": len(stored), "revisit_seen_ms": revisit_ms}


def crawl(args, workdir, web, config):
    """caravand from an empty store until the new articles are stored or the wait cap; what report() needs."""
    caravand = Caravand(args, workdir, config)
    sub = Subscription(args, workdir)
    try:
        run = wait_for_archive(args, caravand, sub, web)
        schedule = web.start_clock()
        clock_ms = time.time() * 1000
        new_urls = [u for u, ms in schedule.items() if ms > caravand.start_ms]
        print(f"  clock started: {len(new_urls)} new articles over the next "
              f"{args.new_start + args.new_window:.0f} s; waiting at most {args.wait_cap:.0f} s after that",
              flush=True)
        end_ms = clock_ms + (args.new_start + args.new_window + args.wait_cap) * 1000
        while caravand.tick() < end_ms:
            arrived = stored_times(sub.events)
            if all(u in arrived for u in new_urls):
                break
        status = caravan_status(args)
        caravand.tick()
    finally:
        caravand.stop()
        sub.stop()
    run.update({"start_ms": caravand.start_ms, "clock_ms": clock_ms, "schedule": schedule,
                "new_urls": new_urls, "events": sub.events, "peak_kib": caravand.peak_kib,
                "cpu": caravand.cpu, "status": status})
    return run


def host_of(url):
    return url.split("/")[2].split(":")[0]


def path_of(url):
    return "/" + url.split("/", 3)[3]


def report(args, run, requests, tally, delay_ms):
    requests.sort(key=lambda r: r[1])
    schedule, new_urls, events = run["schedule"], run["new_urls"], run["events"]
    arrived = stored_times(events)
    known_ms = run["archive_done_ms"] or run["clock_ms"] or run["start_ms"]
    by_host = defaultdict(list)
    for r in requests:
        by_host[r[2]].append(r)

    # Revisits, as the sites saw them.
    seen, revisit = set(), []
    for _, _, host, target, _ in requests:
        revisit.append((host, target) in seen)
        seen.add((host, target))
    after = [i for i, r in enumerate(requests) if r[0] >= known_ms]
    not_modified = sum(1 for i, r in enumerate(requests) if revisit[i] and r[4] == 304)

    # While a host had new work waiting: from the first request after an
    # article came out to a page that lists it, to the article's own request.
    hubs = ("/", "/feed/", "/sitemap.xml")
    waiting = defaultdict(list)
    fetch_latency = []
    for url in new_urls:
        host, path, published = host_of(url), path_of(url), schedule[url]
        category = "/category/" + path.split("/")[2] + "/"
        seen_at = next((r[0] for r in by_host[host]
                        if r[0] >= published and r[4] == 200 and r[3] in hubs + (category,)), None)
        fetched_at = next((r[0] for r in by_host[host] if r[3] == path and r[0] >= published), None)
        if fetched_at is not None:
            fetch_latency.append(fetched_at - published)
        if seen_at is not None:
            waiting[host].append((seen_at, fetched_at if fetched_at is not None else float("inf")))
    waited = [i for i, r in enumerate(requests)
              if any(start < r[0] < end for start, end in waiting.get(r[2], ()))]

    # Rates and gaps per host.
    first, last = requests[0][0], requests[-1][0]
    minutes = int((last - first) // 60_000)
    per_minute, gaps = [], []
    for host, rs in by_host.items():
        times = [r[0] for r in rs]
        for k in range(minutes):
            per_minute.append(bisect.bisect_left(times, first + (k + 1) * 60_000) -
                              bisect.bisect_left(times, first + k * 60_000))
        for a, b in zip(rs, rs[1:]):
            gaps.append((b[1] - a[1], host, a[3], b[3]))
    gaps.sort()
    short = sum(1 for g in gaps if g[0] < 0.9 * delay_ms)

    latency = sorted([arrived[u] - schedule[u] if u in arrived else float("inf") for u in new_urls])
    missing = sum(1 for v in latency if v == float("inf"))
    came = [v for v in latency if v != float("inf")]
    fetch_latency.sort()
    docs = len({e[0] for e in events if e[0]})
    new_set = set(new_urls)
    stored_new = sum(1 for u in new_urls if u in arrived)
    stored_archive = len({e[1] for e in events if is_article(e[1]) and e[1] not in new_set})

    def share(indices):
        """Revisits among these requests, and how many of them were of articles rather than hubs."""
        if not indices:
            return "n/a (no requests)"
        articles = sum(1 for i in indices if revisit[i] and is_article(requests[i][3]))
        return (f"{100 * sum(revisit[i] for i in indices) / len(indices):.1f}% "
                f"(articles {100 * articles / len(indices):.1f}%) of {len(indices)} requests")

    status = run["status"] or {}
    fetches = sum(int(s.get("fetches_ok", 0)) for s in status.get("sources", []))
    errors = sum(int(s.get("fetch_errors", 0)) for s in status.get("sources", []))
    print()
    print(f"documents stored        {docs} (archive articles {stored_archive} of "
          f"{args.sites * args.archive}, new {stored_new} of {len(new_urls)}, "
          f"other pages {docs - stored_archive - stored_new})")
    if run["archive_done_ms"]:
        archive = f"{(run['archive_done_ms'] - run['start_ms']) / 1000:.1f} s"
    else:
        archive = f"not finished ({run['archive_stored']} stored when the clock started)"
    if run["revisit_seen_ms"]:
        archive += f"; first archive revisit after {(run['revisit_seen_ms'] - run['start_ms']) / 1000:.1f} s"
    else:
        archive += "; no archive article revisited before the clock started"
    print(f"archive crawl           {archive}")
    print(f"publish -> stored       p50 {seconds(percentile(latency, 50))}, "
          f"p95 {seconds(percentile(latency, 95))}, max {seconds(max(came) if came else None)}; "
          f"{missing} of {len(new_urls)} never arrived")
    print(f"publish -> requested    p50 {seconds(percentile(fetch_latency, 50))}, "
          f"p95 {seconds(percentile(fetch_latency, 95))}")
    print(f"requests                {len(requests)} ({fetches} fetches and {errors} errors by caravan's "
          f"count); {not_modified} answered 304")
    print(f"revisits                {share(range(len(requests)))}, all")
    print(f"                        {share(after)} once the archive was known")
    print(f"                        {share(waited)} while new work waited")
    if per_minute:
        print(f"requests per host-min   median {statistics.median(per_minute):.0f}, max {max(per_minute)} "
              f"({len(by_host)} hosts x {minutes} whole minutes)")
    if gaps:
        g = gaps[0]
        print(f"gap to one host         min {g[0]:.1f} ms ({g[1]}: {g[2]} -> {g[3]}), "
              f"p1 {percentile([x[0] for x in gaps], 1):.1f} ms; {short} of {len(gaps)} pairs < "
              f"{0.9 * delay_ms:.0f} ms")
    print(f"caravand                peak RSS {run['peak_kib'] / 1024:.0f} MiB, CPU {run['cpu']:.1f} s; "
          f"web: {tally}")

    target_ms = duration_ms(args.revisit) + 2 * delay_ms + 5000
    p95 = percentile(latency, 95)
    # The revisits are its lowest class, of known pages (articles and
    # documents); hubs fetched at the source's revisit are a class of their
    # own, required at that rate, and stay in the revisit lines above.
    def article_share(indices):
        if not indices:
            return None
        return sum(1 for i in indices if revisit[i] and is_article(requests[i][3])) / len(indices)

    after_share = article_share(after)
    waited_share = article_share(waited)
    rows = [
        (f"p95 publish -> stored <= {target_ms / 1000:.1f} s (revisit {args.revisit} + 2 x delay "
         f"{args.delay} + 5 s)", seconds(p95), p95 is not None and p95 <= target_ms),
        (f"min gap to one host >= {0.9 * delay_ms:.0f} ms (0.9 x delay)",
         f"{gaps[0][0]:.1f} ms" if gaps else "n/a", bool(gaps) and gaps[0][0] >= 0.9 * delay_ms),
        ("article revisits <= 20% of requests once the archive is known",
         f"{100 * after_share:.1f}%" if after_share is not None else "n/a",
         after_share is not None and after_share <= 0.2),
        (f"article revisits <= revisit_share {args.revisit_share} while new work waited",
         f"{100 * waited_share:.1f}%" if waited_share is not None else "n/a",
         waited_share is not None and waited_share <= args.revisit_share + 0.02),
    ]
    print("\ntargets")
    for what, value, ok in rows:
        print(f"  {what:<66} {value:>10}  {'PASS' if ok else 'FAIL'}")


def print_config(path, sources):
    """The crawl settings and the first source; the other sources differ only in their address."""
    with open(path) as f:
        lines = f.read().splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith("  - name:")]
    cut = starts[1] if len(starts) > 1 else len(lines)
    print("config:")
    for line in lines[:cut]:
        print("  " + line)
    print(f"  # ... {sources - 1} more sources like site-000, one per address")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build-dir", default="build")
    ap.add_argument("--sites", type=int, default=40)
    ap.add_argument("--archive", type=int, default=1000, help="articles per site out before the crawl")
    ap.add_argument("--listing-size", type=int, default=10, help="teasers per category listing page")
    ap.add_argument("--new-per-site", type=int, default=5,
                    help="articles per site that come out during the run")
    ap.add_argument("--new-start", type=float, default=5, help="seconds from the clock's start to the window")
    ap.add_argument("--new-window", type=float, default=120, help="seconds the new articles come out over")
    ap.add_argument("--archive-spacing", type=float, default=3600,
                    help="seconds between two archive articles' publication times")
    ap.add_argument("--seed", type=int, default=1, help="of the new articles' times")
    ap.add_argument("--delay", type=duration, default="250ms", help="crawl.delay")
    ap.add_argument("--revisit", type=duration, default="15s", help="the sources' revisit (hubs)")
    ap.add_argument("--revisit-pages-min", type=duration, default="60s", help="crawl.revisit_pages.min")
    ap.add_argument("--revisit-pages-max", type=duration, default="30d", help="crawl.revisit_pages.max")
    ap.add_argument("--revisit-share", type=float, default=0.2, help="crawl.revisit_share")
    ap.add_argument("--politeness-key", choices=("host", "ip"), default="host", help="crawl.politeness_key")
    ap.add_argument("--max-depth", type=int, default=10, help="the sources' max_depth")
    ap.add_argument("--legacy-config", action="store_true",
                    help="leave out revisit_share, revisit_pages and politeness_key (caravand before them); "
                         "max_revisit gets --revisit-pages-max")
    ap.add_argument("--archive-cap", type=float, default=420,
                    help="seconds the archive gets before the clock starts anyway")
    ap.add_argument("--revisit-wait", type=float, default=60,
                    help="seconds after the archive to wait for a first archive revisit before the clock "
                         "starts")
    ap.add_argument("--wait-cap", type=float, default=60,
                    help="seconds after the new articles' window to wait for the last of them")
    ap.add_argument("--port", type=int, default=18190, help="port of every site")
    ap.add_argument("--grpc-port", type=int, default=17180,
                    help="caravand gRPC; the side port is the next one")
    ap.add_argument("--keep", action="store_true", help="keep the work directory (logs, data, request log)")
    args = ap.parse_args()

    delay_ms = duration_ms(args.delay)
    workdir = tempfile.mkdtemp(prefix="caravan-bench-freshness-")
    print(f"bench-freshness: {args.sites} sites x {args.archive} archived articles, "
          f"{args.new_per_site} new per site over {args.new_window:.0f} s; {os.cpu_count()} cores; "
          f"work dir {workdir}", flush=True)
    try:
        web = Web(args, workdir)
        try:
            config = os.path.join(workdir, "caravan.yaml")
            write_config(config, args, web.origins, os.path.join(workdir, "caravan-data"))
            print_config(config, len(web.origins))
            run = crawl(args, workdir, web, config)
        finally:
            tally = web.stop()
        with open(web.request_log) as f:
            requests = [parse_request(line.rstrip("\n")) for line in f if line.strip()]
        if not requests:
            sys.exit("bench-freshness: the web saw no request")
        report(args, run, requests, tally, delay_ms)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
