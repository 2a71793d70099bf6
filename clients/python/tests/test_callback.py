"""MetricsClient and MetricsCallback against the real server (tests/server.py), fed the dict shapes the HF Trainer passes."""

import logging
import math
import os
import subprocess
import sys
import unittest

from case import ServerTestCase
from trainer import LABELS, Run
from server import unreachable_url
from training_metrics import MetricsApiError, MetricsCallback, MetricsClient
from training_metrics import sanitize

class CallbackTest(ServerTestCase):
    def test_a_whole_run_lands_as_the_trainer_reported_it(self):
        callback = MetricsCallback(self.client(), dataset_metrics={"num_train_samples": 800, "num_val_samples": 100, "o_entity_ratio_train": 0.82})
        run = Run(callback)
        run.begin()
        for epoch, f1 in ((1, 0.61), (2, 0.74), (3, 0.72)):
            run.epoch(epoch, f1)
        run.end()
        job = self.job(callback.job_id)
        self.assertEqual(job["name"], "layoutlm-test")
        self.assertEqual(job["status"], "SUCCEEDED")
        self.assertEqual(job["config"]["model_config"]["model_type"], "layoutlm")
        self.assertEqual(job["config"]["training_args"]["num_train_epochs"], 3)
        self.assertEqual([e["epoch"] for e in job["epochs"]], [1, 2, 3])
        second = job["epochs"][1]
        self.assertEqual(second["step"], 200)
        self.assertAlmostEqual(second["valF1"], 0.74)
        self.assertAlmostEqual(second["evalLoss"], 0.5)
        self.assertAlmostEqual(second["learningRate"], 2.5e-5)
        self.assertAlmostEqual(second["trainLoss"], 0.2)
        labels = {l["label"]: l for l in second["labels"]}
        self.assertEqual(sorted(labels), sorted(LABELS))
        self.assertEqual(labels["TOTAL"]["f1"], 0.0)  # an exact 0.0 F1 is recorded, not dropped
        self.assertEqual(labels["DATE"], {"label": "DATE", "f1": 0.69, "precision": 0.5, "recall": 0.25, "support": 11})
        self.assertIn({"name": "samples_per_second", "value": 31.25, "unit": "samples/s"}, second["extra"])
        self.assertEqual([p["step"] for p in job["series"]], [50 * i for i in range(1, 7)])
        self.assertEqual({m["name"]: m["value"] for m in job["datasetMetrics"]}["num_train_samples"], 800)
        results = job["results"]
        self.assertAlmostEqual(results["bestF1"], 0.74)
        self.assertEqual(results["bestEpoch"], 2)
        self.assertEqual(results["trainRuntime"], 123.4)
        self.assertEqual(results["totalFlos"], 1.5e15)
        self.assertFalse(results["earlyStoppingTriggered"])
        self.assertEqual(results["bestCheckpointS3Path"], "s3://b/ckpt-200")

    def test_stopping_before_the_planned_epochs_is_early_stopping(self):
        callback = MetricsCallback(self.client())
        run = Run(callback, epochs=10)
        run.begin()
        run.epoch(1, 0.5)
        run.end()
        self.assertTrue(self.job(callback.job_id)["results"]["earlyStoppingTriggered"])

    def test_non_finite_values_are_left_out_and_logged_once(self):
        sanitize._reported.clear()
        callback = MetricsCallback(self.client())
        run = Run(callback)
        run.begin()
        with self.assertLogs("training_metrics", level="WARNING") as logs:
            run.epoch(1, 0.5, eval_loss=float("nan"))
            run.epoch(2, 0.6, eval_loss=float("nan"))
        self.assertEqual(len([m for m in logs.output if "non-finite" in m]), 1)
        epochs = self.job(callback.job_id)["epochs"]
        self.assertEqual([e["evalLoss"] for e in epochs], [None, None])
        self.assertEqual([e["valF1"] for e in epochs], [0.5, 0.6])
        # A label whose F1 is NaN is left out whole (all four scores are required); the others stay.
        client = self.client()
        client.record_epoch(callback.job_id, 3, val_f1=0.7, labels=[{"label": "DATE", "f1": math.nan, "precision": 0.5, "recall": 0.5, "support": 3},
                                                                    {"label": "TOTAL", "f1": 0.5, "precision": 0.5, "recall": 0.5, "support": 3}])
        third = self.job(callback.job_id)["epochs"][2]
        self.assertEqual([l["label"] for l in third["labels"]], ["TOTAL"])

    def test_an_exception_marks_the_job_failed(self):
        callback = MetricsCallback(self.client())
        run = Run(callback)
        run.begin()
        with self.assertRaises(RuntimeError):
            with callback.guard():
                run.epoch(1, 0.5)
                raise RuntimeError("CUDA out of memory")
        job = self.job(callback.job_id)
        self.assertEqual(job["status"], "FAILED")
        self.assertEqual(job["results"]["raw"]["error"], "RuntimeError: CUDA out of memory")

    def test_the_trainer_state_alone_gives_runtime_and_early_stopping(self):
        callback = MetricsCallback(self.client())
        run = Run(callback, epochs=3)
        run.begin()
        run.epoch(1, 0.5)
        run.state.max_steps = 300  # planned 300 steps, stopped at 100
        run.state.log_history = [{"loss": 0.4, "step": 100}, {"train_runtime": 55.5, "total_flos": 2e14, "step": 100}]
        callback.on_train_end(run.args, run.state, run.control)
        results = self.job(callback.job_id)["results"]
        self.assertEqual(results["trainRuntime"], 55.5)
        self.assertTrue(results["earlyStoppingTriggered"])

    def test_an_uncaught_exception_in_a_training_script_marks_the_job_failed(self):
        script = os.path.join(self.spool_dir, "train.py")
        with open(script, "w") as f:
            f.write("""
import sys, types
sys.path.insert(0, %r)
from training_metrics import MetricsCallback, MetricsClient
callback = MetricsCallback(MetricsClient(%r, api_key=%r))
args = types.SimpleNamespace(run_name="crashing-run", num_train_epochs=3)
state = types.SimpleNamespace(global_step=0, epoch=0.0)
callback.on_train_begin(args, state, None)
print(callback.job_id, flush=True)
raise ValueError("loss is NaN at step 120")
""" % (os.path.abspath(os.path.join(os.path.dirname(__file__), "..")), self.server.url, self.server.writer_key))
        done = subprocess.run([sys.executable, script], capture_output=True, text=True, timeout=60)
        self.assertNotEqual(done.returncode, 0)
        self.assertIn("ValueError: loss is NaN at step 120", done.stderr)
        job = self.job(done.stdout.strip())
        self.assertEqual(job["name"], "crashing-run")
        self.assertEqual(job["status"], "FAILED")
        self.assertEqual(job["results"]["raw"]["error"], "ValueError: loss is NaN at step 120")

    def test_resending_never_duplicates(self):
        client = self.client()
        job_id = client.create_job("resend")
        client.create_job("resend", job_id=job_id)
        self.assertTrue(client.record_epoch(job_id, 1, val_f1=0.5)["replayed"] is False)
        self.assertTrue(client.record_epoch(job_id, 1, val_f1=0.5)["replayed"])
        stamp = "2026-05-01T10:00:00.000001+00:00"
        client.append_log(job_id, "hello", timestamp=stamp)
        self.assertTrue(client.append_log(job_id, "hello", timestamp=stamp)["replayed"])
        with self.assertRaises(MetricsApiError) as refused:
            client.record_epoch(job_id, 1, val_f1=0.9)
        self.assertEqual(refused.exception.code, "ALREADY_EXISTS")
        job = self.job(job_id)
        self.assertEqual(len(job["epochs"]), 1)
        self.assertEqual(len(job["logs"]["edges"]), 1)

    def test_a_server_outage_mid_run_is_caught_up_by_the_spool_without_duplicates(self):
        client = self.client(retries=1, backoff=0.05, timeout=3)
        callback = MetricsCallback(client)
        run = Run(callback)
        run.begin()
        run.epoch(1, 0.61)
        self.server.stop()
        try:
            with self.assertLogs("training_metrics", level="WARNING"):
                run.epoch(2, 0.74)  # two logMetrics calls and the epoch: all spooled, training goes on
            self.assertEqual(len(client.spool), 3)
            pending = client.spool.pending()
        finally:
            self.server.start()
        run.epoch(3, 0.72)  # the spool is replayed first, in order, then this epoch
        self.assertEqual(len(client.spool), 0)
        # A replay of calls that did land (say the answer was lost) changes nothing.
        client.spool.replace(pending)
        self.assertTrue(client.flush())
        run.end()
        job = self.job(callback.job_id)
        self.assertEqual([e["epoch"] for e in job["epochs"]], [1, 2, 3])
        self.assertEqual([p["step"] for p in job["series"]], [50 * i for i in range(1, 7)])
        self.assertEqual(job["status"], "SUCCEEDED")
        self.assertAlmostEqual(job["results"]["bestF1"], 0.74)

    def test_a_final_status_spooled_as_training_ends_is_sent_at_exit(self):
        client = self.client(retries=0, timeout=3)
        callback = MetricsCallback(client)
        run = Run(callback, epochs=2)
        run.begin()
        run.epoch(1, 0.6)
        run.epoch(2, 0.7)
        client.url = unreachable_url()  # the server is down as training ends: the final status goes to the spool
        with self.assertLogs("training_metrics", level="WARNING"):
            run.end()
        self.assertEqual([e["operation"] for e in client.pending()], ["finalizeJob"])
        self.assertEqual(self.job(callback.job_id)["status"], "RUNNING")
        # Still down at exit: it says so once and keeps the call for the next client on the spool.
        with self.assertLogs("training_metrics", level="WARNING") as kept:
            callback._at_exit()
        self.assertEqual(len([r for r in kept.records if "could not be sent before exit" in r.getMessage()]), 1)
        self.assertEqual([e["operation"] for e in client.pending()], ["finalizeJob"])
        # Back before the process ends: the exit hook delivers it.
        client.url = self.server.url
        callback._at_exit()
        self.assertEqual(client.pending(), [])
        self.assertEqual(self.job(callback.job_id)["status"], "SUCCEEDED")

    def test_an_epoch_left_with_no_value_is_not_sent(self):
        client = self.client()
        job_id = client.create_job("empty-epoch")
        with self.assertLogs("training_metrics", level="WARNING") as said:
            self.assertIsNone(client.record_epoch(job_id, 1, step=100, eval_loss=float("nan")))
        self.assertIn("epoch 1 of job %s has no value to record; not sent" % job_id, "\n".join(said.output))
        self.assertEqual(client.pending(), [])
        self.assertEqual(self.job(job_id)["epochs"], [])
        # The server refuses such an epoch outright, naming what is missing.
        with self.assertRaises(MetricsApiError) as refused:
            client.send("recordEpoch", {"jobId": job_id, "epoch": 1})
        self.assertEqual(refused.exception.code, "INVALID")
        self.assertIn("nothing to record", str(refused.exception))

    def test_only_the_main_process_of_a_distributed_run_reports(self):
        # Another rank's callback on an unreachable server without a spool: any call it made would raise.
        callback = MetricsCallback(MetricsClient(unreachable_url(), retries=0))
        run = Run(callback)
        run.state.is_world_process_zero = False
        run.begin()
        run.epoch(1, 0.5)
        run.end()
        self.assertIsNone(callback.job_id)


if __name__ == "__main__":
    logging.basicConfig()
    unittest.main()
