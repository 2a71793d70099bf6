"""The offline spool: calls the server did not acknowledge, kept on disk (JSON lines) and replayed in order."""

import json
import os
import threading


class Spool:
    """An append-only JSON-lines file of pending calls; `pending()` reads them back in order."""

    def __init__(self, path):
        self.path = path
        self._lock = threading.Lock()
        directory = os.path.dirname(os.path.abspath(path))
        os.makedirs(directory, exist_ok=True)

    def append(self, entry):
        with self._lock, open(self.path, "a", encoding="utf-8") as f:
            f.write(json.dumps(entry, allow_nan=False) + "\n")
            f.flush()
            os.fsync(f.fileno())

    def pending(self):
        with self._lock:
            if not os.path.exists(self.path):
                return []
            with open(self.path, encoding="utf-8") as f:
                return [json.loads(line) for line in f if line.strip()]

    def replace(self, entries):
        """Keeps only `entries` (the ones still not acknowledged), atomically."""
        with self._lock:
            tmp = self.path + ".tmp"
            with open(tmp, "w", encoding="utf-8") as f:
                for entry in entries:
                    f.write(json.dumps(entry, allow_nan=False) + "\n")
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)

    def __len__(self):
        return len(self.pending())
