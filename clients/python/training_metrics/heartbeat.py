"""Heartbeat: a daemon thread telling the server, every so often, that a job's trainer is alive."""

import logging
import threading

logger = logging.getLogger("training_metrics")

DEFAULT_INTERVAL_S = 60.0
# A stop waits this long at most for a heartbeat in flight; the thread ends on its own after it (it is a daemon).
STOP_WAIT_S = 1.0


class Heartbeat:
    """
    Sends the `heartbeat` mutation for one job every `interval_s` seconds on a daemon thread, from `start()` until
    `stop()`; the server marks the job seen (`lastSeenAt`), and a RUNNING job not seen for a while reads as stale.
    A heartbeat is sent once, never retried and never spooled: a missed one is just missed, and the next one follows an
    interval later. Failures (server down, a refused key, a job the server does not know yet because its creation
    waits in the spool) are logged, once per run of failures, and never reach the training loop.
    """

    def __init__(self, send, job_id, interval_s=DEFAULT_INTERVAL_S):
        if not interval_s or interval_s <= 0:
            raise ValueError("interval_s must be a positive number of seconds")
        self.job_id = job_id
        self.interval_s = float(interval_s)
        self.sent = 0
        self.failed = 0
        self._send = send
        self._stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name="training-metrics-heartbeat", daemon=True)

    def start(self):
        self.thread.start()
        return self

    @property
    def running(self):
        return self.thread.is_alive() and not self._stopped.is_set()

    def stop(self, wait_s=STOP_WAIT_S):
        """Stops the beats: none is sent after this returns, unless one was in flight (waited for up to `wait_s`)."""
        self._stopped.set()
        if self.thread.is_alive() and self.thread is not threading.current_thread():
            self.thread.join(wait_s)

    def _run(self):
        failing = False
        while not self._stopped.wait(self.interval_s):
            try:
                self._send(self.job_id)
            except Exception as error:  # anything: a heartbeat must never take the trainer down
                self.failed += 1
                if not failing:
                    logger.warning("training_metrics: heartbeat of job %s not delivered (%s); training goes on, the next one "
                                   "follows in %.0f s", self.job_id, error, self.interval_s)
                else:
                    logger.debug("training_metrics: heartbeat of job %s not delivered (%s)", self.job_id, error)
                failing = True
                continue
            self.sent += 1
            if failing:
                logger.info("training_metrics: heartbeats of job %s delivered again", self.job_id)
            failing = False
