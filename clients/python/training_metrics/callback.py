"""MetricsCallback: a Hugging Face Trainer callback (duck-typed: transformers is never imported) feeding the API."""

import atexit
import json
import logging
import re
import sys

from .client import now_iso
from .sanitize import drop_non_finite, finite
from .transport import MetricsApiError

logger = logging.getLogger("training_metrics")

_LABEL_KEY = re.compile(r"^eval_label_(.+)_(f1|precision|recall|support)$")


def _json_safe(value):
    """What of a config survives JSON (the API stores configs as JSON maps): other objects as strings, no NaN."""
    try:
        return drop_non_finite(json.loads(json.dumps(value, default=str)), "config")
    except (TypeError, ValueError):
        return None


def _to_dict(obj):
    if obj is None:
        return {}
    if isinstance(obj, dict):
        return obj
    for attr in ("to_dict", "to_diff_dict"):
        if callable(getattr(obj, attr, None)):
            return getattr(obj, attr)()
    return dict(getattr(obj, "__dict__", {}))


class MetricsCallback:
    """
    Hooks of `transformers.TrainerCallback`, by name: on_train_begin creates the job (its config from the training
    arguments and the model's config) and records the dataset metrics given here; on_log sends train_loss and
    learning_rate per logging step (logMetrics); on_evaluate records the epoch from eval_f1/eval_precision/eval_recall/
    eval_loss and the eval_label_{L}_{f1,precision,recall,support} keys, with throughput (and peak GPU memory when
    torch has CUDA) as extras; on_train_end finalizes the job. An exception that ends the script marks it FAILED
    (INTERRUPTED for Ctrl-C); wrap training in `with callback.guard():` to do the same inside a notebook. With a client
    spool, neither a server outage nor a refused API key stops training: the calls wait in the spool. A call the
    server refuses as invalid raises MetricsApiError, as it does from the client (on_train_end logs it instead).

    While training (from on_train_begin until the job is finalized, on_train_end, or `close()`), a daemon thread sends
    a heartbeat every `heartbeat_interval_s` seconds (default: the client's, 60 s; None for the client's, 0 to send
    none), so the server can tell a run still training from one whose process died without a word (`Job.stale`).
    Heartbeats are sent once each, never spooled, and their failures are only logged.
    """

    def __init__(self, client, job_name=None, dataset_metrics=None, tags=None, description=None, created_by=None,
                 heartbeat_interval_s=None):
        self.client = client
        self.job_name = job_name
        self.dataset_metrics = dataset_metrics or {}
        self.tags = tags
        self.description = description
        self.created_by = created_by
        self.job_id = None
        self.finalized = False
        self.heartbeat_interval_s = heartbeat_interval_s
        self.heartbeat = None
        self._last = {}
        self._train_summary = {}
        self._hook_installed = False

    # -- Trainer hooks ---------------------------------------------------------------------------------------------

    def on_init_end(self, args, state, control, **kwargs):
        return control

    def on_train_begin(self, args, state, control, model=None, **kwargs):
        # In distributed training every process runs the callbacks: the main one alone reports, or N jobs would appear.
        if self.job_id is not None or not getattr(state, "is_world_process_zero", True):
            return control
        config = {"training_args": _json_safe(_to_dict(args))}
        model_config = getattr(model, "config", None)
        if model_config is not None:
            config["model_config"] = _json_safe(_to_dict(model_config))
        name = self.job_name or getattr(args, "run_name", None) or "training-run"
        self.job_id = self.client.create_job(name, description=self.description, config=config, tags=self.tags,
                                             created_by=self.created_by, status="RUNNING")
        if self.dataset_metrics:
            self.client.record_dataset_metrics(self.job_id, **self.dataset_metrics)
        self._install_exception_hook()
        if self.heartbeat_interval_s != 0:
            self.heartbeat = self.client.start_heartbeat(self.job_id, self.heartbeat_interval_s)
        return control

    def on_log(self, args, state, control, logs=None, **kwargs):
        logs = logs or {}
        if self.job_id is None:
            return control
        if "train_runtime" in logs:  # the Trainer's summary at the end of training, not a step's loss
            self._train_summary = dict(logs)
            return control
        step = int(getattr(state, "global_step", 0) or 0)
        epoch = getattr(state, "epoch", None)
        points = []
        for key, name in (("loss", "train_loss"), ("learning_rate", "learning_rate")):
            if key in logs:
                self._last[name] = logs[key]
                point = {"name": name, "value": logs[key], "step": step, "timestamp": now_iso()}
                if epoch is not None:
                    point["epoch"] = int(epoch)
                points.append(point)
        if points:
            self.client.log_metrics(self.job_id, points)
        return control

    def on_evaluate(self, args, state, control, metrics=None, **kwargs):
        metrics = metrics or {}
        if self.job_id is None:
            return control
        epoch = metrics.get("epoch", getattr(state, "epoch", None))
        epoch = int(round(epoch)) if finite(epoch) else 0
        labels = {}
        for key, value in metrics.items():
            match = _LABEL_KEY.match(key)
            if match:
                labels.setdefault(match.group(1), {"label": match.group(1)})[match.group(2)] = value
        extra = []
        for key, name, unit in (("eval_samples_per_second", "samples_per_second", "samples/s"),
                                ("eval_steps_per_second", "steps_per_second", "steps/s")):
            if key in metrics:
                extra.append({"name": name, "value": metrics[key], "unit": unit})
        peak = _peak_gpu_memory_mb()
        if peak is not None:
            extra.append({"name": "gpu_peak_memory_mb", "value": peak, "unit": "MB"})
        self.client.record_epoch(
            self.job_id, epoch, step=int(getattr(state, "global_step", 0) or 0),
            val_f1=metrics.get("eval_f1"), val_precision=metrics.get("eval_precision"), val_recall=metrics.get("eval_recall"),
            eval_loss=metrics.get("eval_loss"), train_loss=self._last.get("train_loss"), learning_rate=self._last.get("learning_rate"),
            labels=list(labels.values()), extra=extra)
        return control

    def on_train_end(self, args, state, control, **kwargs):
        self.stop_heartbeat()
        if self.job_id is None or self.finalized:
            return control
        early = _stopped_early(args, state)
        summary = self._train_summary or _train_summary(state)
        self._finalize("SUCCEEDED", train_runtime=summary.get("train_runtime"),
                       total_flos=getattr(state, "total_flos", None) or summary.get("total_flos"),
                       early_stopping_triggered=early, best_checkpoint_s3_path=getattr(state, "best_model_checkpoint", None))
        return control

    # -- failures ----------------------------------------------------------------------------------------------------

    def guard(self):
        """Context manager: an exception inside marks the job FAILED (INTERRUPTED for KeyboardInterrupt), then re-raises."""
        callback = self

        class _Guard:
            def __enter__(self):
                return callback

            def __exit__(self, kind, error, tb):
                if error is not None:
                    callback.mark_failed(error)
                return False

        return _Guard()

    def mark_failed(self, error):
        if self.job_id is None or self.finalized:
            return
        status = "INTERRUPTED" if isinstance(error, KeyboardInterrupt) else "FAILED"
        self._finalize(status, extra={"error": "%s: %s" % (type(error).__name__, error)})

    def stop_heartbeat(self):
        """Stops the heartbeats (training is over); a no-op when none run."""
        if self.heartbeat is not None:
            self.heartbeat.stop()

    def close(self):
        """Ends what the callback runs in the background (the heartbeats); the job and the spool stay as they are."""
        self.stop_heartbeat()

    def _finalize(self, status, **results):
        self.stop_heartbeat()
        try:
            self.client.finalize_job(self.job_id, status, **results)
            self.finalized = True
        except MetricsApiError as error:
            logger.error("training_metrics: could not finalize job %s: %s", self.job_id, error)

    def _install_exception_hook(self):
        if self._hook_installed:
            return
        self._hook_installed = True
        previous = sys.excepthook

        def hook(kind, error, tb):
            self.mark_failed(error)
            previous(kind, error, tb)

        sys.excepthook = hook
        atexit.register(self._at_exit)

    def _at_exit(self):
        """
        The last chance to deliver what waits in the spool: the final status too, which went there when the server was
        down as training ended. What still cannot be sent stays in the spool file for the next client on that path.
        """
        self.stop_heartbeat()
        if self.job_id is None or self.client.spool is None or not self.client.pending():
            return
        if not self.client.flush():
            logger.warning("training_metrics: %d call(s) of job %s could not be sent before exit; they stay in %s and are "
                           "sent by the next MetricsClient on that spool path (or its flush())",
                           len(self.client.pending()), self.job_id, self.client.spool.path)


def _stopped_early(args, state):
    """Training ended before its planned steps (or epochs): early stopping, as the Trainer state shows it."""
    steps, planned_steps = getattr(state, "global_step", None), getattr(state, "max_steps", None)
    if finite(steps) and finite(planned_steps) and planned_steps > 0:
        return steps < planned_steps
    planned, reached = getattr(args, "num_train_epochs", None), getattr(state, "epoch", None)
    return bool(finite(planned) and finite(reached) and reached < planned - 1e-9)


def _train_summary(state):
    """The Trainer's end-of-training log entry (train_runtime, total_flos...) from state.log_history, if any."""
    for entry in reversed(getattr(state, "log_history", None) or []):
        if isinstance(entry, dict) and "train_runtime" in entry:
            return entry
    return {}


def _peak_gpu_memory_mb():
    torch = sys.modules.get("torch")
    try:
        if torch is not None and torch.cuda.is_available():
            return torch.cuda.max_memory_allocated() / 2 ** 20
    except Exception:  # a broken CUDA setup must not stop training
        return None
    return None
