"""Starts the real server (node dist/index.js, built by `npm test`) with its embedded DynamoDB Local for the tests."""

import json
import os
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
ENTRY = os.path.join(ROOT, "dist", "index.js")


def _drain(stream):
    for _ in stream:
        pass
    stream.close()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One server process on a data directory and port that survive restarts."""

    def __init__(self):
        self.data_dir = tempfile.mkdtemp(prefix="metrics-python-")
        self.port = free_port()
        self.url = "http://127.0.0.1:%d/graphql" % self.port
        self.process = None

    def start(self):
        if not os.path.exists(ENTRY):
            raise RuntimeError("%s is missing: run `npm run build` first" % ENTRY)
        env = dict(os.environ, DATA_DIR=self.data_dir, PORT=str(self.port), HOST="127.0.0.1", LOG_LEVEL="warn")
        env.pop("DYNAMODB_ENDPOINT", None)
        self.process = subprocess.Popen(["node", ENTRY], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        deadline = time.time() + 60
        output = []
        while time.time() < deadline:
            line = self.process.stdout.readline()
            if not line and self.process.poll() is not None:
                break
            output.append(line)
            if "training metrics API on" in line:
                # Keep draining its output, or a full pipe would block the server.
                threading.Thread(target=_drain, args=(self.process.stdout,), daemon=True).start()
                return self
        self.stop()
        raise RuntimeError("the server did not start:\n" + "".join(output))

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def query(self, query, variables=None):
        body = json.dumps({"query": query, "variables": variables or {}}).encode("utf-8")
        request = urllib.request.Request(self.url, data=body, headers={"content-type": "application/json"}, method="POST")
        with urllib.request.urlopen(request, timeout=30) as response:
            answer = json.loads(response.read().decode("utf-8"))
        if answer.get("errors"):
            raise AssertionError(answer["errors"])
        return answer["data"]
