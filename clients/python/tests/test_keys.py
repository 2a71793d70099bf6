"""The API key: sent and accepted, refused with a clear error, and a refused key never costs a spooled call."""

import unittest

from case import ServerTestCase
from server import unreachable_url, wait_until
from trainer import Run
from training_metrics import MetricsAuthError, MetricsCallback, MetricsClient


class ApiKeyTest(ServerTestCase):
    def test_a_writer_key_is_sent_and_accepted(self):
        client = self.client(spool_path=None)
        job_id = client.create_job("keyed")
        self.assertEqual(client.record_epoch(job_id, 1, val_f1=0.5), {"replayed": False, "userErrors": []})
        self.assertEqual([e["valF1"] for e in self.job(job_id)["epochs"]], [0.5])

    def test_no_key_is_refused_as_unauthenticated(self):
        with self.assertRaises(MetricsAuthError) as refused:
            MetricsClient(self.server.url).create_job("no key")
        self.assertEqual(refused.exception.code, "UNAUTHENTICATED")
        self.assertIn("give the client a valid writer key (MetricsClient(api_key=...)", str(refused.exception))

    def test_a_reader_key_is_refused_as_forbidden(self):
        reader = self.server.apikey("create", "--role", "reader", "--name", "viewer")
        with self.assertRaises(MetricsAuthError) as refused:
            MetricsClient(self.server.url, api_key=reader).create_job("reader key")
        self.assertEqual(refused.exception.code, "FORBIDDEN")
        self.assertIn('needs the writer role; the key "viewer" has reader', str(refused.exception))

    def test_a_revoked_key_keeps_the_spool_whole_until_a_valid_key_sends_it(self):
        old_key = self.server.apikey("create", "--role", "writer", "--name", "trainer-old")
        client = self.client(api_key=old_key, retries=0)
        job_id = client.create_job("rotated key")
        client.url = unreachable_url()  # an outage: these calls go to the spool
        with self.assertLogs("training_metrics", level="WARNING"):
            client.record_epoch(job_id, 1, val_f1=0.41)
            client.log_metrics(job_id, [{"name": "train_loss", "value": 0.9, "step": 10}])
            client.record_epoch(job_id, 2, val_f1=0.52)
        spooled = client.pending()
        self.assertEqual([e["operation"] for e in spooled], ["recordEpoch", "logMetrics", "recordEpoch"])
        client.url = self.server.url
        self.server.apikey("revoke", "trainer-old")
        wait_until(lambda: self.server.status_with_key(old_key) == 401, "the revocation to reach the server")

        with self.assertLogs("training_metrics", level="DEBUG") as logs:
            self.assertIsNone(client.record_epoch(job_id, 3, val_f1=0.63))  # a new call while the key is refused
            self.assertFalse(client.flush())
        self.assertEqual(len(logs.records), 1, logs.output)
        self.assertEqual(logs.records[0].levelname, "ERROR")
        self.assertIn("the server refuses the API key (UNAUTHENTICATED: ", logs.output[0])
        self.assertIn("give the client a valid writer key (MetricsClient(api_key=...)", logs.output[0])
        self.assertIn("4 call(s) kept in %s" % self.spool_path, logs.output[0])
        third = {"operation": "recordEpoch", "input": {"jobId": job_id, "epoch": 3, "valF1": 0.63, "labels": [], "extra": []}}
        self.assertEqual(client.pending(), spooled + [third])
        self.assertEqual(client.dead_letters(), [])
        self.assertEqual(self.job(job_id)["epochs"], [])

        client.api_key = self.server.writer_key
        self.assertTrue(client.flush())
        self.assertEqual(client.pending(), [])
        job = self.job(job_id)
        self.assertEqual([(e["epoch"], e["valF1"]) for e in job["epochs"]], [(1, 0.41), (2, 0.52), (3, 0.63)])
        self.assertEqual(job["series"], [{"step": 10, "value": 0.9}])

    def test_a_training_run_under_a_refused_key_trains_on_and_is_sent_once_a_valid_key_is_set(self):
        client = self.client(api_key="tm_000000000000_not-a-key", retries=0)
        callback = MetricsCallback(client)
        run = Run(callback, epochs=2)
        with self.assertLogs("training_metrics", level="DEBUG") as logs:
            run.begin()
            run.epoch(1, 0.61)
            run.epoch(2, 0.74)
            run.end()
        self.assertEqual(len(logs.records), 1, logs.output)
        self.assertIn("the server refuses the API key (UNAUTHENTICATED: ", logs.output[0])
        self.assertIn("1 call(s) kept in %s" % self.spool_path, logs.output[0])
        operations = [e["operation"] for e in client.pending()]
        self.assertEqual(operations, ["createJob"] + (["logMetrics"] * 2 + ["recordEpoch"]) * 2 + ["finalizeJob"])
        client.api_key = self.server.writer_key
        self.assertTrue(client.flush())
        job = self.job(callback.job_id)
        self.assertEqual(job["status"], "SUCCEEDED")
        self.assertEqual([e["epoch"] for e in job["epochs"]], [1, 2])
        self.assertEqual(len(job["series"]), 4)


if __name__ == "__main__":
    unittest.main()
