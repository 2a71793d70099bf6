"""The spool on disk: it survives the process, a crash's torn line, and a call the server refuses becomes a dead letter."""

import datetime
import json
import os
import subprocess
import sys
import textwrap
import unittest
import uuid

import http.server
import threading
import urllib.error
import urllib.request

from case import ServerTestCase
from server import unreachable_url
from training_metrics.client import dead_letter_path
from training_metrics.spool import Spool

PACKAGE = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))


class CutOffProxy:
    """Passes the first `passed` requests to the real server, then answers 503 (an outage halfway through a replay)."""

    def __init__(self, target, passed):
        proxy = self
        self.left = passed

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["content-length"]))
                if proxy.left <= 0:
                    self.send_response(503)
                    self.send_header("content-length", "0")
                    self.end_headers()
                    return
                proxy.left -= 1
                request = urllib.request.Request(target, data=body, method="POST", headers={
                    "content-type": "application/json", "authorization": self.headers.get("authorization", "")})
                with urllib.request.urlopen(request, timeout=30) as answer:
                    data = answer.read()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d/graphql" % self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class SpoolTest(ServerTestCase):
    def test_a_replay_cut_off_halfway_keeps_exactly_the_calls_not_yet_delivered(self):
        client = self.client(retries=0)
        job_id = client.create_job("cut off")
        client.url = unreachable_url()
        with self.assertLogs("training_metrics", level="WARNING"):
            for epoch in (1, 2, 3, 4):
                client.record_epoch(job_id, epoch, val_f1=epoch / 10)
        spooled = client.pending()
        self.assertEqual([e["input"]["epoch"] for e in spooled], [1, 2, 3, 4])
        proxy = CutOffProxy(self.server.url, passed=2)
        self.addCleanup(proxy.close)
        client.url = proxy.url
        self.assertFalse(client.flush())
        # Two delivered, then the outage: the other two stay, whole and in order, and nothing else.
        self.assertEqual(client.pending(), spooled[2:])
        self.assertEqual([e["epoch"] for e in self.job(job_id)["epochs"]], [1, 2])
        client.url = self.server.url
        self.assertTrue(client.flush())
        self.assertEqual([(e["epoch"], e["valF1"]) for e in self.job(job_id)["epochs"]], [(1, 0.1), (2, 0.2), (3, 0.3), (4, 0.4)])

    def test_a_spool_outlives_its_process_and_the_next_one_sends_each_call_once(self):
        job_id = str(uuid.uuid4())
        first = self.python("""
            client = MetricsClient(%r, spool_path=%r, retries=0)
            client.create_job("restarted", job_id=%r)
            client.record_epoch(%r, 1, val_f1=0.5)
            client.log_metrics(%r, [{"name": "train_loss", "value": 0.7, "step": 5}, {"name": "train_loss", "value": 0.6, "step": 10}])
            client.append_log(%r, "spooled line", timestamp="2026-05-01T10:00:00.000001+00:00")
            client.finalize_job(%r, "SUCCEEDED")
            print(len(client.pending()))
        """ % ((unreachable_url(), self.spool_path) + (job_id,) * 5))
        self.assertEqual(first, "5")
        second = self.python("""
            client = MetricsClient(%r, api_key=%r, spool_path=%r)
            print(client.flush(), len(client.pending()), len(client.dead_letters()))
        """ % (self.server.url, self.server.writer_key, self.spool_path))
        self.assertEqual(second, "True 0 0")
        job = self.job(job_id)
        self.assertEqual(job["name"], "restarted")
        self.assertEqual(job["status"], "SUCCEEDED")
        self.assertEqual([(e["epoch"], e["valF1"]) for e in job["epochs"]], [(1, 0.5)])
        self.assertEqual(job["series"], [{"step": 5, "value": 0.7}, {"step": 10, "value": 0.6}])
        self.assertEqual([e["node"]["message"] for e in job["logs"]["edges"]], ["spooled line"])

    def python(self, body):
        """Runs `body` in a new Python process with the client imported; its stdout."""
        script = "import sys\nsys.path.insert(0, %r)\nfrom training_metrics import MetricsClient\n%s" % (PACKAGE, textwrap.dedent(body))
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
        self.assertEqual(done.returncode, 0, done.stderr)
        return done.stdout.strip()

    def test_a_call_the_server_refuses_becomes_a_dead_letter_and_the_replay_goes_on(self):
        client = self.client(retries=0)
        job_id = client.create_job("dead letters")
        missing_job = str(uuid.uuid4())
        client.url = unreachable_url()
        with self.assertLogs("training_metrics", level="WARNING"):
            client.record_epoch(job_id, 1, val_f1=0.5)
            client.record_epoch(missing_job, 1, val_f1=0.4)  # NOT_FOUND: the job does not exist (yet)
            client.send("recordEpoch", {"jobId": job_id, "epoch": 1.5})  # BAD_USER_INPUT: not an Int
            client.record_epoch(job_id, 2, val_f1=0.6)
            client.log_metrics(job_id, [{"name": "train_loss", "value": 0.3, "step": 20}])
        spooled = client.pending()
        self.assertEqual(len(spooled), 5)
        client.url = self.server.url

        with self.assertLogs("training_metrics", level="WARNING") as logs:
            self.assertTrue(client.flush())
        self.assertEqual(len(logs.output), 1, logs.output)
        self.assertIn("the server refuses 2 spooled call(s) as invalid (first: recordEpoch: NOT_FOUND input.jobId: no job %s)" % missing_job, logs.output[0])
        self.assertIn("moved to %s" % os.path.join(self.spool_dir, "spool.dead.jsonl"), logs.output[0])
        self.assertEqual(client.pending(), [])
        job = self.job(job_id)
        self.assertEqual([(e["epoch"], e["valF1"]) for e in job["epochs"]], [(1, 0.5), (2, 0.6)])
        self.assertEqual(job["series"], [{"step": 20, "value": 0.3}])

        letters = client.dead_letters()
        self.assertEqual([(l["operation"], l["input"], l["code"]) for l in letters],
                         [("recordEpoch", spooled[1]["input"], "NOT_FOUND"), ("recordEpoch", spooled[2]["input"], "BAD_USER_INPUT")])
        self.assertEqual(letters[0]["reason"], "input.jobId: no job %s" % missing_job)
        self.assertIn("Int cannot represent non-integer value: 1.5", letters[1]["reason"])
        for letter in letters:
            stamp = datetime.datetime.fromisoformat(letter["at"])
            self.assertLess(abs((datetime.datetime.now(datetime.timezone.utc) - stamp).total_seconds()), 300)
        with open(dead_letter_path(self.spool_path)) as f:
            self.assertEqual([json.loads(line) for line in f], letters)

        client.url = unreachable_url()
        self.assertEqual(client.resend_dead_letters(), {"delivered": 0, "refused": 0, "unsent": 2})
        self.assertEqual(client.dead_letters(), letters)
        client.url = self.server.url

        client.create_job("created late", job_id=missing_job)
        self.assertEqual(client.resend_dead_letters(), {"delivered": 1, "refused": 1, "unsent": 0})
        self.assertEqual([(e["epoch"], e["valF1"]) for e in self.job(missing_job)["epochs"]], [(1, 0.4)])
        still = client.dead_letters()
        self.assertEqual([(l["input"], l["code"]) for l in still], [(spooled[2]["input"], "BAD_USER_INPUT")])
        self.assertGreaterEqual(still[0]["at"], letters[1]["at"])

    def test_an_append_a_crash_cut_short_is_ignored_and_never_merges_with_the_next(self):
        spool = Spool(self.spool_path)
        spool.append({"operation": "recordEpoch", "input": {"epoch": 1}})
        with open(self.spool_path, "a") as f:
            f.write('{"operation": "recordEpoch", "inp')  # the process died mid-write
        self.assertEqual(spool.pending(), [{"operation": "recordEpoch", "input": {"epoch": 1}}])
        spool.append({"operation": "recordEpoch", "input": {"epoch": 2}})
        self.assertEqual([e["input"]["epoch"] for e in spool.pending()], [1, 2])


if __name__ == "__main__":
    unittest.main()
