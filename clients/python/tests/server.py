"""Starts the real server (node dist/app/index.js, built by `npm test`) with its embedded DynamoDB Local for the tests."""

import atexit
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
ENTRY = os.path.join(ROOT, "dist", "app", "index.js")


def _drain(stream):
    for _ in stream:
        pass
    stream.close()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def unreachable_url():
    """A URL where nothing listens: to the client, a server that is down (connection refused)."""
    return "http://127.0.0.1:%d/graphql" % free_port()


def wait_until(condition, what, timeout=60):
    deadline = time.time() + timeout
    while not condition():
        if time.time() > deadline:
            raise AssertionError("timed out after %d s waiting for %s" % (timeout, what))
        time.sleep(0.05)


_shared = None


def shared_server():
    """
    The one server of the whole test run (a start costs seconds): API keys on, `admin_key` for the tests' queries and
    `writer_key` (a key named "trainer") for the clients. Stopped when the run ends.
    """
    global _shared
    if _shared is None:
        server = Server().start()
        atexit.register(server.remove)
        server.writer_key = server.apikey("create", "--role", "writer", "--name", "trainer")
        _shared = server
    return _shared


class Server:
    """
    One server process on a data directory and port that survive restarts. API keys are required (AUTH=on, as in
    production); `admin_key` is its bootstrap admin key (ADMIN_API_KEY), and revocations reach it within 200 ms.
    """

    def __init__(self):
        self.data_dir = tempfile.mkdtemp(prefix="metrics-python-")
        self.port = free_port()
        self.url = "http://127.0.0.1:%d/graphql" % self.port
        self.process = None
        self.admin_key = secrets.token_urlsafe(32)

    def start(self):
        if not os.path.exists(ENTRY):
            raise RuntimeError("%s is missing: run `npm run build` first" % ENTRY)
        env = dict(self._env(), PORT=str(self.port), HOST="127.0.0.1", LOG_LEVEL="warn", AUTH="on", ADMIN_API_KEY=self.admin_key,
                   API_KEY_CACHE_MS="200")
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

    def remove(self):
        self.stop()
        shutil.rmtree(self.data_dir, ignore_errors=True)

    def _env(self):
        env = dict(os.environ, DATA_DIR=self.data_dir)
        env.pop("DYNAMODB_ENDPOINT", None)
        return env

    def apikey(self, *args):
        """`npm run apikey -- ARGS` on this server's data (it uses the running server's DynamoDB Local); its stdout."""
        done = subprocess.run(["node", os.path.join(ROOT, "dist", "app", "scripts", "apikey.js")] + list(args), env=self._env(),
                              capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError("apikey %s failed:\n%s" % (" ".join(args), done.stderr))
        return done.stdout.strip()

    def status_with_key(self, key):
        """The HTTP status of a writer's mutation sent with `key` (it writes nothing: the job id is unknown)."""
        try:
            self.query("mutation { updateJobStatus(input: {jobId: \"none\", status: RUNNING}) { userErrors { code } } }", key=key)
            return 200
        except urllib.error.HTTPError as error:
            return error.code

    def kill_database(self):
        """Kills the embedded DynamoDB Local (SIGKILL, by the pid its lock file names); the server starts it again."""
        with open(os.path.join(self.data_dir, "dynamodb-local.lock")) as f:
            pid = json.load(f)["javaPid"]
        os.kill(pid, signal.SIGKILL)
        wait_until(lambda: _gone(pid), "DynamoDB Local (pid %d) to die" % pid)

    def query(self, query, variables=None, key=None):
        body = json.dumps({"query": query, "variables": variables or {}}).encode("utf-8")
        headers = {"content-type": "application/json", "authorization": "Bearer %s" % (key or self.admin_key)}
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
        with urllib.request.urlopen(request, timeout=30) as response:
            answer = json.loads(response.read().decode("utf-8"))
        if answer.get("errors"):
            raise AssertionError(answer["errors"])
        return answer["data"]


def _gone(pid):
    """Dead: no such process, or a zombie its parent has not reaped yet."""
    if not os.path.isdir("/proc"):
        try:
            os.kill(pid, 0)
            return False
        except ProcessLookupError:
            return True
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True
