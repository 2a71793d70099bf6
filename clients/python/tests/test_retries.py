"""Retries: SERVICE_UNAVAILABLE from the real server while its DynamoDB Local is down, and a server that never answers."""

import socket
import threading
import time
import unittest

from case import ServerTestCase
from server import wait_until


class SilentServer:
    """Accepts connections and never answers: the one thing here the real server cannot be made to do."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.url = "http://127.0.0.1:%d/graphql" % self.socket.getsockname()[1]
        self.connections = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                self.connections.append(self.socket.accept()[0])
            except OSError:  # closed
                return

    def close(self):
        self.socket.close()
        for connection in self.connections:
            connection.close()


class RetryTest(ServerTestCase):
    def test_service_unavailable_is_retried_until_the_database_is_back(self):
        client = self.client(retries=400, backoff=0.1, max_backoff=0.5)  # about 100 s: DynamoDB Local restarts in 5-15 s
        job_id = client.create_job("database restart")
        self.server.kill_database()
        with self.assertLogs("training_metrics", level="DEBUG") as logs:
            answer = client.record_epoch(job_id, 1, val_f1=0.5)
        self.assertEqual(answer, {"replayed": False, "userErrors": []})  # delivered, not spooled
        self.assertEqual(client.pending(), [])
        self.assertIn("recordEpoch attempt 1 not acknowledged (SERVICE_UNAVAILABLE: The database is unavailable right now; "
                      "retry shortly.); retrying in", logs.output[0])
        self.assertEqual([e["valF1"] for e in self.job(job_id)["epochs"]], [0.5])

    def test_a_server_that_never_answers_times_out_each_attempt_and_the_call_is_spooled(self):
        client = self.client(timeout=0.5, retries=1, backoff=0.01, max_backoff=0.01)
        job_id = client.create_job("hanging server")
        silent = SilentServer()
        self.addCleanup(silent.close)
        client.url = silent.url
        started = time.monotonic()
        with self.assertLogs("training_metrics", level="WARNING"):
            self.assertIsNone(client.record_epoch(job_id, 1, val_f1=0.5))
        elapsed = time.monotonic() - started
        self.assertGreaterEqual(elapsed, 2 * 0.5 * 0.9)  # two attempts, each waiting out the time-out
        self.assertLess(elapsed, 20)
        wait_until(lambda: len(silent.connections) >= 2, "both attempts to connect")
        self.assertEqual(len(silent.connections), 2)
        self.assertEqual([e["input"]["epoch"] for e in client.pending()], [1])
        client.url = self.server.url
        self.assertTrue(client.flush())
        self.assertEqual([e["valF1"] for e in self.job(job_id)["epochs"]], [0.5])


if __name__ == "__main__":
    unittest.main()
