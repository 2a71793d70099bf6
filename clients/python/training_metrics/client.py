"""MetricsClient: typed methods for every trainer mutation, retries with backoff and jitter, an offline spool."""

import datetime
import json
import logging
import random
import socket
import time
import urllib.error
import urllib.request
import uuid

from .sanitize import drop_non_finite, finite
from .spool import Spool

logger = logging.getLogger("training_metrics")

MAX_POINTS_PER_CALL = 1000

MUTATIONS = {
    "createJob": "mutation($input: CreateJobInput!) { createJob(input: $input) { job { id status } replayed userErrors { code field message } } }",
    "updateJobStatus": "mutation($input: UpdateJobStatusInput!) { updateJobStatus(input: $input) { job { id status } userErrors { code field message } } }",
    "recordEpoch": "mutation($input: RecordEpochInput!) { recordEpoch(input: $input) { replayed userErrors { code field message } } }",
    "recordDatasetMetrics": "mutation($input: RecordDatasetMetricsInput!) { recordDatasetMetrics(input: $input) { replayed userErrors { code field message } } }",
    "logMetrics": "mutation($input: LogMetricsInput!) { logMetrics(input: $input) { written replayed userErrors { code field message } } }",
    "appendJobLog": "mutation($input: AppendJobLogInput!) { appendJobLog(input: $input) { replayed userErrors { code field message } } }",
    "finalizeJob": "mutation($input: FinalizeJobInput!) { finalizeJob(input: $input) { job { id status } userErrors { code field message } } }",
}


class MetricsApiError(Exception):
    """The server refused a call for good (a bad input, a missing or too weak API key): resending will not help."""

    def __init__(self, message, code=None, user_errors=None):
        super().__init__(message)
        self.code = code
        self.user_errors = user_errors or []


class _Retryable(Exception):
    """A network error, a 5xx or SERVICE_UNAVAILABLE: the call may succeed later."""


def now_iso():
    return datetime.datetime.now(datetime.timezone.utc).isoformat()


class MetricsClient:
    """
    Calls the API's trainer mutations. Network errors, 5xx answers and SERVICE_UNAVAILABLE are retried with
    exponential backoff and jitter; a call still not acknowledged after the retries goes to the spool (when one is
    configured) and is replayed, in order, before the next call. Every mutation is idempotent on the server, so a
    replay never duplicates anything.
    """

    def __init__(self, url, api_key=None, spool_path=None, timeout=10.0, retries=4, backoff=0.5, max_backoff=8.0):
        self.url = url
        self.api_key = api_key
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.spool = Spool(spool_path) if spool_path else None

    # -- the trainer mutations --------------------------------------------------------------------------------------

    def create_job(self, name, job_id=None, description=None, config=None, tags=None, created_by=None, priority=None, status=None):
        """Creates a job (the id is chosen here, so a resend is a replay) and returns its id."""
        job_id = job_id or str(uuid.uuid4())
        payload = {"id": job_id, "name": name, "description": description, "config": config, "tags": tags,
                   "createdBy": created_by, "priority": priority, "status": status}
        self.send("createJob", payload)
        return job_id

    def update_job_status(self, job_id, status):
        return self.send("updateJobStatus", {"jobId": job_id, "status": status})

    def record_epoch(self, job_id, epoch, step=None, val_f1=None, val_precision=None, val_recall=None, eval_loss=None,
                     train_loss=None, learning_rate=None, labels=None, extra=None):
        """`labels`: dicts with label, f1, precision, recall, support; `extra`: dicts with name, value and unit."""
        complete = []
        for label in drop_non_finite(list(labels or []), "labels"):
            if all(finite(label.get(k)) for k in ("f1", "precision", "recall", "support")):
                complete.append({"label": label["label"], "f1": label["f1"], "precision": label["precision"],
                                 "recall": label["recall"], "support": int(label["support"])})
        payload = {"jobId": job_id, "epoch": int(epoch), "step": step, "valF1": val_f1, "valPrecision": val_precision,
                   "valRecall": val_recall, "evalLoss": eval_loss, "trainLoss": train_loss, "learningRate": learning_rate,
                   "labels": complete, "extra": [e for e in drop_non_finite(list(extra or []), "extra") if finite(e.get("value"))]}
        return self.send("recordEpoch", payload)

    def record_dataset_metrics(self, job_id, num_train_samples=None, num_val_samples=None, o_entity_ratio_train=None,
                               o_entity_ratio_val=None, extra=None):
        payload = {"jobId": job_id, "numTrainSamples": num_train_samples, "numValSamples": num_val_samples,
                   "oEntityRatioTrain": o_entity_ratio_train, "oEntityRatioVal": o_entity_ratio_val,
                   "extra": [e for e in drop_non_finite(list(extra or []), "extra") if finite(e.get("value"))]}
        return self.send("recordDatasetMetrics", payload)

    def log_metrics(self, job_id, points):
        """`points`: dicts with name, value, step and optionally epoch, unit, timestamp; sent 1,000 a call."""
        kept = [p for p in drop_non_finite(list(points), "points") if finite(p.get("value"))]
        results = []
        for start in range(0, len(kept), MAX_POINTS_PER_CALL):
            results.append(self.send("logMetrics", {"jobId": job_id, "points": kept[start:start + MAX_POINTS_PER_CALL]}))
        return results

    def append_log(self, job_id, message, level="INFO", source=None, timestamp=None):
        """The timestamp (now by default) makes a resend of the line a replay on the server."""
        return self.send("appendJobLog", {"jobId": job_id, "level": level, "message": message, "source": source,
                                          "timestamp": timestamp or now_iso()})

    def finalize_job(self, job_id, status="SUCCEEDED", train_runtime=None, total_flos=None, early_stopping_triggered=None,
                     best_checkpoint_s3_path=None, extra=None):
        payload = {"jobId": job_id, "status": status, "trainRuntime": train_runtime, "totalFlos": total_flos,
                   "earlyStoppingTriggered": early_stopping_triggered, "bestCheckpointS3Path": best_checkpoint_s3_path,
                   "extra": extra}
        return self.send("finalizeJob", payload)

    # -- sending, retrying, spooling ---------------------------------------------------------------------------------

    def send(self, operation, payload):
        """
        Sends one mutation: the spool first (in order), then this call. Returns the payload of the answer, or None
        when the call went to the spool. Raises MetricsApiError when the server refuses it for good.
        """
        clean = {k: v for k, v in drop_non_finite(payload, operation).items() if v is not None}
        if self.spool is not None and not self.flush():
            self.spool.append({"operation": operation, "input": clean})
            return None
        try:
            return self._with_retries(operation, clean)
        except _Retryable as error:
            if self.spool is None:
                raise MetricsApiError("%s not acknowledged after %d attempts: %s" % (operation, self.retries + 1, error))
            logger.warning("training_metrics: %s not acknowledged (%s); kept in the spool for later", operation, error)
            self.spool.append({"operation": operation, "input": clean})
            return None

    def flush(self):
        """Replays the spool in order; True when it is empty afterwards. Stops at the first call still failing."""
        if self.spool is None:
            return True
        entries = self.spool.pending()
        for index, entry in enumerate(entries):
            try:
                self._with_retries(entry["operation"], entry["input"], attempts=1)
            except _Retryable:
                self.spool.replace(entries[index:])
                return False
            except MetricsApiError as error:
                logger.error("training_metrics: dropped a spooled %s the server refuses: %s", entry["operation"], error)
        if entries:
            self.spool.replace([])
        return True

    def _with_retries(self, operation, variables_input, attempts=None):
        attempts = attempts or self.retries + 1
        for attempt in range(attempts):
            try:
                return self._post(operation, variables_input)
            except _Retryable:
                if attempt + 1 >= attempts:
                    raise
                cap = min(self.max_backoff, self.backoff * (2 ** attempt))
                time.sleep(random.uniform(0, cap))
        raise AssertionError("unreachable")

    def _post(self, operation, variables_input):
        body = json.dumps({"query": MUTATIONS[operation], "variables": {"input": variables_input}}, allow_nan=False).encode("utf-8")
        headers = {"content-type": "application/json"}
        if self.api_key:
            headers["authorization"] = "Bearer %s" % self.api_key
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer = json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as error:
            if error.code >= 500:
                raise _Retryable("HTTP %d" % error.code)
            try:
                answer = json.loads(error.read().decode("utf-8"))
            except ValueError:
                raise MetricsApiError("HTTP %d" % error.code)
        except (urllib.error.URLError, ConnectionError, socket.timeout, TimeoutError) as error:
            raise _Retryable(str(error))
        errors = answer.get("errors") or []
        if errors:
            code = (errors[0].get("extensions") or {}).get("code")
            if code == "SERVICE_UNAVAILABLE":
                raise _Retryable(errors[0].get("message", code))
            raise MetricsApiError("%s: %s" % (operation, errors[0].get("message")), code=code)
        result = (answer.get("data") or {}).get(operation) or {}
        user_errors = result.get("userErrors") or []
        if user_errors:
            first = user_errors[0]
            raise MetricsApiError("%s: %s %s" % (operation, first.get("code"), first.get("message")), code=first.get("code"), user_errors=user_errors)
        return result
