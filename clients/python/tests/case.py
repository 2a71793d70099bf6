"""The base of the tests that talk to the shared real server: a fresh spool directory per test, clients, job queries."""

import os
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..")))

from training_metrics import MetricsClient  # noqa: E402

from server import shared_server  # noqa: E402

JOB = """query($id: ID!) { job(id: $id) { name status config
  results { bestF1 bestEpoch trainRuntime totalFlos earlyStoppingTriggered bestCheckpointS3Path raw }
  epochs { epoch step valF1 valPrecision valRecall evalLoss trainLoss learningRate labels { label f1 precision recall support } extra { name value unit } }
  datasetMetrics { name value }
  series(name: "train_loss") { step value }
  logs(first: 50) { edges { node { message } } } } }"""


class ServerTestCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = shared_server()

    def setUp(self):
        self.spool_dir = tempfile.mkdtemp(prefix="metrics-spool-")
        self.addCleanup(shutil.rmtree, self.spool_dir, ignore_errors=True)
        self.spool_path = os.path.join(self.spool_dir, "spool.jsonl")

    def client(self, url=None, **kwargs):
        """A client of the shared server with the writer key and this test's spool, unless told otherwise."""
        kwargs.setdefault("api_key", self.server.writer_key)
        kwargs.setdefault("spool_path", self.spool_path)
        return MetricsClient(url or self.server.url, **kwargs)

    def job(self, job_id):
        return self.server.query(JOB, {"id": job_id})["job"]
