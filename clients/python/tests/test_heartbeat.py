"""Heartbeats against the real server (tests/server.py): they arrive while training, stop at its end, and never block it."""

import datetime
import logging
import time
import unittest

from case import ServerTestCase
from server import unreachable_url, wait_until
from trainer import Run
from training_metrics import Heartbeat, MetricsCallback

SEEN = "query($id: ID!) { job(id: $id) { status lastSeenAt } }"
INTERVAL = 0.2


def instant(value):
    return datetime.datetime.fromisoformat(value) if value else None


class HeartbeatTest(ServerTestCase):
    def seen(self, job_id):
        return instant(self.server.query(SEEN, {"id": job_id})["job"]["lastSeenAt"])

    def test_heartbeats_move_last_seen_while_training_and_stop_at_the_end(self):
        callback = MetricsCallback(self.client(heartbeat_interval_s=INTERVAL))
        run = Run(callback)
        run.begin()
        beat = callback.heartbeat
        self.assertTrue(beat.thread.daemon)
        self.assertTrue(beat.running)
        marks = []

        def moved_twice():
            mark = self.seen(callback.job_id)
            if mark is not None and (not marks or mark > marks[-1]):
                marks.append(mark)
            return len(marks) >= 2

        # The first value read may be the job's creation: two moves and two heartbeats sent, not two moves alone.
        wait_until(lambda: moved_twice() and beat.sent >= 2, "two heartbeats to move lastSeenAt", timeout=30)
        run.epoch(1, 0.6)
        run.end()
        self.assertFalse(beat.thread.is_alive())  # stopped and joined by on_train_end
        self.assertGreaterEqual(beat.sent, 2)
        self.assertEqual(beat.failed, 0)
        after_end = self.seen(callback.job_id)
        sent = beat.sent
        time.sleep(INTERVAL * 5)
        self.assertEqual(beat.sent, sent)
        self.assertEqual(self.seen(callback.job_id), after_end)
        self.assertEqual(self.server.query(SEEN, {"id": callback.job_id})["job"]["status"], "SUCCEEDED")

    def test_a_failed_run_and_close_stop_the_heartbeats_too(self):
        callback = MetricsCallback(self.client(heartbeat_interval_s=INTERVAL))
        run = Run(callback)
        run.begin()
        with self.assertRaises(RuntimeError):
            with callback.guard():
                raise RuntimeError("CUDA out of memory")
        self.assertFalse(callback.heartbeat.thread.is_alive())

        client = self.client(heartbeat_interval_s=INTERVAL)
        other = MetricsCallback(client)
        Run(other).begin()
        wait_until(lambda: other.heartbeat.sent >= 1, "a heartbeat", timeout=30)
        client.close()
        self.assertFalse(other.heartbeat.thread.is_alive())

    def test_heartbeats_are_off_at_zero(self):
        callback = MetricsCallback(self.client(heartbeat_interval_s=INTERVAL), heartbeat_interval_s=0)
        Run(callback).begin()
        self.assertIsNone(callback.heartbeat)
        self.assertIsNone(self.client(heartbeat_interval_s=None).start_heartbeat(callback.job_id))

    def test_an_unreachable_server_is_logged_once_never_spooled_and_never_blocks(self):
        client = self.client(heartbeat_interval_s=INTERVAL)
        job_id = client.create_job("heartbeat-outage")
        client.url = unreachable_url()
        with self.assertLogs("training_metrics", level="WARNING") as said:
            beat = client.start_heartbeat(job_id)
            wait_until(lambda: beat.failed >= 3, "three failed heartbeats", timeout=30)
            started = time.monotonic()
            beat.stop()
            self.assertLess(time.monotonic() - started, 2.0)
        self.assertFalse(beat.thread.is_alive())
        self.assertEqual(len([m for m in said.output if "heartbeat of job %s not delivered" % job_id in m]), 1)
        self.assertEqual(client.pending(), [])
        # A run of failures, then the server back: the next beat is delivered, and said so.
        client.url = self.server.url
        with self.assertLogs("training_metrics", level="INFO") as back:
            again = client.start_heartbeat(job_id)
            client.url = unreachable_url()
            wait_until(lambda: again.failed >= 1, "a failed heartbeat", timeout=30)
            client.url = self.server.url
            wait_until(lambda: again.sent >= 1, "a delivered heartbeat", timeout=30)
            again.stop()
        self.assertTrue(any("delivered again" in m for m in back.output))
        self.assertIsNotNone(self.seen(job_id))

    def test_a_job_the_server_does_not_know_is_not_an_error_for_training(self):
        client = self.client(heartbeat_interval_s=INTERVAL)
        with self.assertLogs("training_metrics", level="WARNING") as said:
            beat = client.start_heartbeat("00000000-0000-4000-8000-000000000000")
            wait_until(lambda: beat.failed >= 2, "two refused heartbeats", timeout=30)
            beat.stop()
        self.assertIn("NOT_FOUND", "\n".join(said.output))
        self.assertEqual(client.pending(), [])
        self.assertEqual(client.dead_letters(), [])

    def test_the_interval_must_be_positive(self):
        with self.assertRaises(ValueError):
            Heartbeat(lambda job_id: None, "job", 0)


if __name__ == "__main__":
    logging.basicConfig()
    unittest.main()
