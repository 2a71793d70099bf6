"""MetricsClient: typed methods for every trainer mutation, retries with backoff and jitter, an offline spool."""

import datetime
import logging
import os
import random
import threading
import time
import uuid

from .heartbeat import DEFAULT_INTERVAL_S, Heartbeat
from .sanitize import drop_non_finite, finite
from .spool import Spool
from .transport import MetricsApiError, MetricsAuthError, Retryable, post

logger = logging.getLogger("training_metrics")

MAX_POINTS_PER_CALL = 1000
# The longest one heartbeat may take: it is sent once, so there is no point waiting long for it.
HEARTBEAT_TIMEOUT_S = 5.0


def now_iso():
    return datetime.datetime.now(datetime.timezone.utc).isoformat()


class MetricsClient:
    """
    Calls the API's trainer mutations. Network errors, time-outs, 5xx answers and SERVICE_UNAVAILABLE are retried with
    exponential backoff and jitter; a call still not acknowledged after the retries goes to the spool (when one is
    configured) and is replayed, in order, before the next call. Every mutation is idempotent on the server, so a
    replay never duplicates anything. With a spool, no call is ever dropped: while the server refuses the API key
    (UNAUTHENTICATED, FORBIDDEN) calls stay in the spool, said once in the log; a spooled call the server refuses as
    invalid moves to the dead letters (`dead_letters()`, `resend_dead_letters()`) next to the spool.

    Heartbeats (`start_heartbeat`, which MetricsCallback calls as training begins) are the exception: sent every
    `heartbeat_interval_s` seconds (60 by default; None turns them off) on a daemon thread, once each, never retried
    nor spooled, so they never hold up training or the spool. `close()` stops them.
    """

    def __init__(self, url, api_key=None, spool_path=None, timeout=10.0, retries=4, backoff=0.5, max_backoff=8.0,
                 heartbeat_interval_s=DEFAULT_INTERVAL_S):
        self.url = url
        self.api_key = api_key
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.spool = Spool(spool_path) if spool_path else None
        self.dead_letter_file = Spool(dead_letter_path(spool_path)) if spool_path else None
        self.heartbeat_interval_s = heartbeat_interval_s
        self._lock = threading.RLock()
        self._key_refusal_told = False
        self._heartbeats = []

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
        values = (val_f1, val_precision, val_recall, eval_loss, train_loss, learning_rate)
        if not any(finite(v) for v in values) and not payload["labels"] and not payload["extra"]:
            # The server refuses an epoch with nothing in it (every value missing, or NaN and left out).
            logger.warning("training_metrics: epoch %s of job %s has no value to record; not sent", epoch, job_id)
            return None
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

    def heartbeat(self, job_id):
        """
        Marks the job seen now: one attempt, never retried nor spooled. Returns the payload ({"job": {"id",
        "lastSeenAt"}}); raises MetricsApiError when the server refuses it (NOT_FOUND for a job it does not know,
        MetricsAuthError for the key) and Retryable when it cannot be reached.
        """
        return post(self.url, self.api_key, min(self.timeout, HEARTBEAT_TIMEOUT_S), "heartbeat", {"jobId": job_id})

    def start_heartbeat(self, job_id, interval_s=None):
        """
        Starts sending heartbeats for the job every `interval_s` seconds (default: `heartbeat_interval_s`) on a daemon
        thread; returns the Heartbeat (its `stop()` ends it), or None when heartbeats are off.
        """
        interval_s = interval_s if interval_s is not None else self.heartbeat_interval_s
        if not interval_s:
            return None
        beat = Heartbeat(self.heartbeat, job_id, interval_s).start()
        with self._lock:
            self._heartbeats = [b for b in self._heartbeats if b.running] + [beat]
        return beat

    def close(self):
        """Stops every heartbeat this client started. The spool stays as it is (see `flush()`)."""
        with self._lock:
            beats, self._heartbeats = self._heartbeats, []
        for beat in beats:
            beat.stop()

    # -- sending, retrying, spooling ---------------------------------------------------------------------------------

    def send(self, operation, payload):
        """
        Sends one mutation: the spool first (in order), then this call. Returns the payload of the answer, or None
        when the call went to the spool (the server unreachable, or refusing the API key). Raises MetricsApiError when
        the server refuses the call itself (a bad input); without a spool, also when the server stays unreachable, and
        MetricsAuthError when it refuses the key.
        """
        clean = {k: v for k, v in drop_non_finite(payload, operation).items() if v is not None}
        entry = {"operation": operation, "input": clean}
        if self.spool is None:
            try:
                return self._attempt(entry, self.retries + 1)
            except Retryable as error:
                raise MetricsApiError("%s not acknowledged after %d attempts: %s" % (operation, self.retries + 1, error))
        with self._lock:
            stopped = self._replay()
            if stopped is None:
                try:
                    return self._attempt(entry, self.retries + 1)
                except (Retryable, MetricsAuthError) as error:
                    stopped = error
            self.spool.append(entry)
            if isinstance(stopped, Retryable):
                logger.warning("training_metrics: %s not acknowledged (%s); kept in the spool for later", operation, stopped)
            self._tell_if_key_refused(stopped)
        return None

    def flush(self):
        """
        Replays the spool in order; True when it is empty afterwards. Stops at the first call the server does not
        acknowledge (unreachable, or refusing the API key), keeping it and every call after it. A call the server
        refuses as invalid moves to the dead letters (`dead_letters()`) and the replay goes on.
        """
        if self.spool is None:
            return True
        with self._lock:
            stopped = self._replay()
            self._tell_if_key_refused(stopped)
        return stopped is None

    def pending(self):
        """The calls in the spool, oldest first: dicts with `operation` and `input`."""
        return self.spool.pending() if self.spool is not None else []

    def dead_letters(self):
        """
        The spooled calls the server refused as invalid, oldest first: dicts with `operation`, `input`, the server's
        `code` (NOT_FOUND, ALREADY_EXISTS, INVALID, BAD_USER_INPUT...) and `reason`, and `at` (when it refused).
        """
        return self.dead_letter_file.pending() if self.dead_letter_file is not None else []

    def resend_dead_letters(self):
        """
        Sends each dead letter again, once, oldest first (after fixing their cause, say creating the missing job). The
        delivered ones leave the file; those the server still refuses stay with the new code, reason and time; when the
        server is unreachable or refuses the key, that one and the rest stay as they were. Returns the counts:
        {"delivered": n, "refused": n, "unsent": n}.
        """
        summary = {"delivered": 0, "refused": 0, "unsent": 0}
        if self.dead_letter_file is None:
            return summary
        with self._lock:
            letters, kept, stopped = self.dead_letter_file.pending(), [], None
            for letter in letters:
                if stopped is not None:
                    kept.append(letter)
                    continue
                try:
                    self._attempt(letter)
                    summary["delivered"] += 1
                except (Retryable, MetricsAuthError) as error:
                    stopped = error
                    kept.append(letter)
                except MetricsApiError as error:
                    summary["refused"] += 1
                    kept.append(_dead_letter(letter, error))
            if letters:
                self.dead_letter_file.replace(kept)
            self._tell_if_key_refused(stopped)
        summary["unsent"] = len(letters) - summary["delivered"] - summary["refused"]
        return summary

    def _replay(self):
        """Replays the spool (the lock held); None when it is empty afterwards, else what stopped it."""
        entries, refused = self.spool.pending(), []
        stopped = None
        for index, entry in enumerate(entries):
            try:
                self._attempt(entry)
            except (Retryable, MetricsAuthError) as error:
                stopped = error
                if index:
                    self.spool.replace(entries[index:])
                break
            except MetricsApiError as error:
                # The dead letter is on disk before the spool forgets the call: a crash in between sends it twice, at worst.
                self.dead_letter_file.append(_dead_letter(entry, error))
                refused.append(error)
        else:
            if entries:
                self.spool.replace([])
        if refused:
            logger.warning("training_metrics: the server refuses %d spooled call(s) as invalid (first: %s); moved to %s: "
                           "see client.dead_letters(), fix the cause, then client.resend_dead_letters()",
                           len(refused), refused[0], self.dead_letter_file.path)
        return stopped

    def _tell_if_key_refused(self, stopped):
        """Says once (until a call gets through again) that the key is refused and the calls wait in the spool."""
        if not isinstance(stopped, MetricsAuthError) or self._key_refusal_told:
            return
        self._key_refusal_told = True
        logger.error("training_metrics: %s; %d call(s) kept in %s, sent once the key is accepted", stopped,
                     len(self.spool), self.spool.path)

    def _attempt(self, entry, attempts=1):
        operation = entry["operation"]
        for attempt in range(attempts):
            try:
                result = post(self.url, self.api_key, self.timeout, operation, entry["input"])
            except Retryable as error:
                if attempt + 1 >= attempts:
                    raise
                pause = random.uniform(0, min(self.max_backoff, self.backoff * (2 ** attempt)))
                logger.debug("training_metrics: %s attempt %d not acknowledged (%s); retrying in %.2f s", operation, attempt + 1, error, pause)
                time.sleep(pause)
                continue
            self._key_refusal_told = False
            return result
        raise AssertionError("unreachable")


def dead_letter_path(spool_path):
    """Where a spool's dead letters go: `metrics-spool.jsonl` -> `metrics-spool.dead.jsonl`."""
    root, extension = os.path.splitext(spool_path)
    return root + ".dead" + (extension or ".jsonl")


def _dead_letter(entry, error):
    return {"operation": entry["operation"], "input": entry["input"], "code": error.code, "reason": error.reason, "at": now_iso()}
