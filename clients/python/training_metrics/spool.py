"""Calls kept on disk, one JSON object a line, in order: the spool (calls to replay) and its dead letters."""

import json
import os
import threading


class Spool:
    """
    A JSON-lines file of calls. `append` adds one durably (fsync); `replace` rewrites the whole file atomically (a
    temporary file, fsync, os.replace, fsync of the directory), so a crash leaves either the old or the new content.
    A last line without its newline is an append a crash cut short: it is ignored on reading and cut off before the
    next append, so it never merges with a later entry.
    """

    def __init__(self, path):
        self.path = path
        self._lock = threading.Lock()
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)

    def append(self, entry):
        line = (json.dumps(entry, allow_nan=False) + "\n").encode("utf-8")
        with self._lock:
            created = not os.path.exists(self.path)
            with open(self.path, "a+b") as f:
                _cut_torn_tail(f)
                f.write(line)
                f.flush()
                os.fsync(f.fileno())
            if created:
                _fsync_directory(self.path)

    def pending(self):
        """The entries, in order."""
        with self._lock:
            if not os.path.exists(self.path):
                return []
            with open(self.path, encoding="utf-8") as f:
                lines = f.read().split("\n")[:-1]  # the last piece is "" or a torn append
        entries = []
        for number, line in enumerate(lines, 1):
            if line.strip():
                try:
                    entries.append(json.loads(line))
                except ValueError as error:
                    raise ValueError("%s line %d is not JSON (%s): repair or remove that line" % (self.path, number, error))
        return entries

    def replace(self, entries):
        """Keeps only `entries`, atomically."""
        with self._lock:
            tmp = self.path + ".tmp"
            with open(tmp, "w", encoding="utf-8") as f:
                for entry in entries:
                    f.write(json.dumps(entry, allow_nan=False) + "\n")
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
            _fsync_directory(self.path)

    def __len__(self):
        return len(self.pending())


def _cut_torn_tail(f):
    f.seek(0, os.SEEK_END)
    size = f.tell()
    if size == 0:
        return
    f.seek(size - 1)
    if f.read(1) == b"\n":
        return
    f.seek(0)
    f.truncate(f.read().rfind(b"\n") + 1)


def _fsync_directory(path):
    """Makes a new or renamed file's directory entry durable (POSIX; elsewhere a directory cannot be opened)."""
    try:
        fd = os.open(os.path.dirname(os.path.abspath(path)), os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
