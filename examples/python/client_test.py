#!/usr/bin/env python3
"""End to end, as a user runs caravan_client.py: the fixture site and caravand
on loopback, the client reads part of the feed as consumer "py" and exits;
caravand is killed (SIGKILL) and restarted; the client, run again, resumes
right after its last acknowledgement and is stopped with Ctrl-C. Together the
two runs have the whole feed, each event once. Then search and get.

Run by ctest, with PYTHONPATH naming the generated stubs:
  client_test.py --bin-dir build/bin --site tests/fixtures/site
"""
import argparse
import pathlib
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

import grpc

from caravan.v1 import admin_pb2, admin_pb2_grpc, document_pb2, documents_pb2, documents_pb2_grpc

CLIENT = pathlib.Path(__file__).resolve().parent / "caravan_client.py"
FIRST_RUN_EVENTS = 3


def free_port():
    # Bound once and released: another process may take it meanwhile, which
    # is unlikely on a test machine.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def event_line(event):
    """An event as the client prints it."""
    doc = event.document
    return "\t".join([event.cursor, document_pb2.EventType.Name(event.type), event.document_id, doc.language,
                      doc.title])


class PythonClient(unittest.TestCase):
    args = None  # set by main()
    dir = None  # a fresh temporary directory, from main()

    def setUp(self):
        # Cleanups, unlike tearDown, also run when setUp fails half-way.
        self.site = subprocess.Popen([str(self.args.bin_dir / "caravan-fixture-site"), "--root", str(self.args.site),
                                      "--port", "0"], stdout=subprocess.PIPE, text=True)
        self.addCleanup(self.stop_site)
        self.daemon = None
        self.addCleanup(self.stop_daemon, signal.SIGKILL)
        # "serving <root> on http://127.0.0.1:<port>"
        line = self.site.stdout.readline()
        self.assertIn(" on http://127.0.0.1:", line)
        base_url = line.split()[-1]
        self.server = f"127.0.0.1:{free_port()}"
        (self.dir / "caravan.yaml").write_text(
            f"data_dir: {self.dir / 'data'}\n"
            f"grpc_listen: {self.server}\n"
            f"http_listen: 127.0.0.1:{free_port()}\n"
            "user_agent: caravan-test/0.1\n"
            "crawl:\n  delay: 20ms\n  allow_networks: [127.0.0.0/8]\n"
            f"sources:\n  - name: steppe\n    start_urls: [{base_url}/]\n")
        self.start_daemon()

    def stop_site(self):
        self.site.terminate()
        self.site.wait()
        self.site.stdout.close()

    def start_daemon(self):
        log = open(self.dir / "caravand.log", "a")
        self.daemon = subprocess.Popen([str(self.args.bin_dir / "caravand"), "--config", str(self.dir / "caravan.yaml")],
                                       stdout=log, stderr=subprocess.STDOUT)
        log.close()
        # A private subchannel pool: else gRPC may reuse the connection to the
        # caravand killed before this one on the same address.
        self.channel = grpc.insecure_channel(self.server, options=[("grpc.use_local_subchannel_pool", 1)])
        grpc.channel_ready_future(self.channel).result(timeout=20)
        self.documents = documents_pb2_grpc.DocumentsStub(self.channel)

    def stop_daemon(self, sig):
        if self.daemon is not None:
            self.channel.close()
            self.daemon.send_signal(sig)
            self.daemon.wait()
            self.daemon = None

    def feed(self):
        """Every event so far, read from the beginning without a consumer."""
        lines = []
        events = self.documents.Subscribe(documents_pb2.SubscribeRequest(omit_text=True), timeout=1)
        try:
            for event in events:
                lines.append(event_line(event))
        except grpc.RpcError as e:
            if e.code() != grpc.StatusCode.DEADLINE_EXCEEDED:
                raise
        return lines

    def client(self, *args, **kwargs):
        return subprocess.run([sys.executable, str(CLIENT), "--server", self.server, *args], capture_output=True,
                              text=True, timeout=30, **kwargs)

    def test_resumes_after_its_restart_and_caravands(self):
        # The crawl of the fixture site is over when the documents stop
        # changing for a second.
        counts = []

        def crawled():
            counts.append(len(self.documents.List(documents_pb2.ListDocumentsRequest(omit_text=True)).documents))
            return counts[-1] > 0 and counts[-5:] == [counts[-1]] * 5
        wait_until(crawled, 30, "the crawl of the fixture site")
        feed = self.feed()
        self.assertGreater(len(feed), FIRST_RUN_EVENTS)

        # Acknowledges the 2nd event, and the 3rd only as it exits.
        first = self.client("subscribe", "--consumer", "py", "--ack-every", "2",
                            "--max-events", str(FIRST_RUN_EVENTS))
        self.assertEqual(first.returncode, 0, first.stderr)
        first_lines = first.stdout.splitlines()
        self.assertEqual(first_lines, feed[:FIRST_RUN_EVENTS])

        self.stop_daemon(signal.SIGKILL)
        self.start_daemon()

        # Acknowledges nothing until it exits.
        second = subprocess.Popen([sys.executable, str(CLIENT), "--server", self.server, "subscribe", "--consumer", "py",
                                   "--ack-every", "1000"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        second_lines = []

        # In a thread, so that a client that prints too little times out
        # below instead of blocking the test.
        def read():
            for line in second.stdout:
                second_lines.append(line.rstrip("\n"))
        reader = threading.Thread(target=read)
        reader.start()
        try:
            wait_until(lambda: len(second_lines) >= len(feed) - FIRST_RUN_EVENTS, 15, "the second run's events")
        finally:
            second.send_signal(signal.SIGINT)  # Ctrl-C
            _, stderr = second.communicate(timeout=10)
            reader.join()
        self.assertEqual(second.returncode, 0, stderr)
        # Right after the first run's last acknowledgement, then the rest of
        # the feed in order: nothing repeated, nothing missed.
        self.assertEqual(second_lines[:len(feed) - FIRST_RUN_EVENTS], feed[FIRST_RUN_EVENTS:])
        created = {line.split("\t")[2] for line in feed if line.split("\t")[1] == "CREATED"}
        seen = {line.split("\t")[2] for line in first_lines + second_lines if line.split("\t")[1] == "CREATED"}
        self.assertEqual(seen, created)

        # At Ctrl-C, the second run acknowledged the last event it printed.
        admin = admin_pb2_grpc.AdminStub(self.channel)
        consumers = {c.name: c.cursor for c in admin.ListConsumers(admin_pb2.ListConsumersRequest()).consumers}
        self.assertEqual(consumers.get("py"), second_lines[-1].split("\t")[0])

        # The search index follows the store a moment behind.
        def found():
            out = self.client("search", '"middle corridor"', "--language", "en")
            self.assertEqual(out.returncode, 0, out.stderr)
            return out.stdout if "http://127.0.0.1:" in out.stdout else None
        hits = wait_until(found, 10, "a search hit")
        self.assertIn("The Middle Corridor after 2024", hits)

        some_id = min(created)
        got = self.client("get", some_id)
        self.assertEqual(got.returncode, 0, got.stderr)
        self.assertIn("http://127.0.0.1:", got.stdout)
        missing = self.client("get", "0" * 32)
        self.assertNotEqual(missing.returncode, 0)
        self.assertIn("NOT_FOUND", missing.stderr)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin-dir", type=pathlib.Path, required=True, help="caravand and caravan-fixture-site")
    parser.add_argument("--site", type=pathlib.Path, required=True, help="the fixture site's root")
    PythonClient.args, rest = parser.parse_known_args()
    PythonClient.dir = pathlib.Path(tempfile.mkdtemp(prefix="caravan-pyclient-"))
    result = unittest.main(argv=[sys.argv[0], *rest], verbosity=2, exit=False).result
    if result.wasSuccessful():
        shutil.rmtree(PythonClient.dir)
    else:
        print(f"kept {PythonClient.dir} (caravand.log, data)", file=sys.stderr)
    sys.exit(not result.wasSuccessful())


if __name__ == "__main__":
    main()
