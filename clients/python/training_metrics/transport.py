"""One POST of a trainer mutation, and what its answer means: delivered, worth retrying, a refused key, a refused call."""

import http.client
import json
import socket
import urllib.error
import urllib.request

MUTATIONS = {
    "createJob": "mutation($input: CreateJobInput!) { createJob(input: $input) { job { id status } replayed userErrors { code field message } } }",
    "updateJobStatus": "mutation($input: UpdateJobStatusInput!) { updateJobStatus(input: $input) { job { id status } userErrors { code field message } } }",
    "recordEpoch": "mutation($input: RecordEpochInput!) { recordEpoch(input: $input) { replayed userErrors { code field message } } }",
    "recordDatasetMetrics": "mutation($input: RecordDatasetMetricsInput!) { recordDatasetMetrics(input: $input) { replayed userErrors { code field message } } }",
    "logMetrics": "mutation($input: LogMetricsInput!) { logMetrics(input: $input) { written replayed userErrors { code field message } } }",
    "appendJobLog": "mutation($input: AppendJobLogInput!) { appendJobLog(input: $input) { replayed userErrors { code field message } } }",
    "finalizeJob": "mutation($input: FinalizeJobInput!) { finalizeJob(input: $input) { job { id status } userErrors { code field message } } }",
    "heartbeat": "mutation($input: HeartbeatInput!) { heartbeat(input: $input) { job { id lastSeenAt } userErrors { code field message } } }",
}

AUTH_STATUS = {401: "UNAUTHENTICATED", 403: "FORBIDDEN"}
RETRYABLE_STATUS = {408, 429}


class MetricsApiError(Exception):
    """
    The server refused a call for good (a bad input, a missing or too weak API key): resending it unchanged will not
    help. `code` is the server's code (a userError's such as NOT_FOUND, or the GraphQL error's), `reason` its message.
    """

    def __init__(self, message, code=None, user_errors=None, reason=None):
        super().__init__(message)
        self.code = code
        self.user_errors = user_errors or []
        self.reason = reason if reason is not None else message


class MetricsAuthError(MetricsApiError):
    """The server refuses the API key (UNAUTHENTICATED: none, unknown or revoked; FORBIDDEN: its role is too low)."""

    def __init__(self, code, reason):
        super().__init__("the server refuses the API key (%s: %s): give the client a valid writer key "
                         "(MetricsClient(api_key=...), or set client.api_key)" % (code, reason), code=code, reason=reason)


class Retryable(Exception):
    """A network error, a time-out, a 5xx, 408 or 429, or SERVICE_UNAVAILABLE: the call may succeed later."""


def post(url, api_key, timeout, operation, variables_input):
    """Sends one mutation; returns its payload or raises Retryable, MetricsAuthError or MetricsApiError."""
    body = json.dumps({"query": MUTATIONS[operation], "variables": {"input": variables_input}}, allow_nan=False).encode("utf-8")
    headers = {"content-type": "application/json"}
    if api_key:
        headers["authorization"] = "Bearer %s" % api_key
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, text = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read()
    except (urllib.error.URLError, ConnectionError, http.client.HTTPException, socket.timeout, TimeoutError) as error:
        raise Retryable(str(error) or type(error).__name__)
    return _judge(operation, status, _json_or_none(text))


def _json_or_none(text):
    try:
        return json.loads(text.decode("utf-8"))
    except ValueError:
        return None


def _judge(operation, status, answer):
    errors = answer.get("errors") if isinstance(answer, dict) else None
    first = errors[0] if errors else {}
    code = (first.get("extensions") or {}).get("code")
    if status in AUTH_STATUS or code in AUTH_STATUS.values():
        raise MetricsAuthError(code or AUTH_STATUS[status], first.get("message") or "HTTP %d" % status)
    if status >= 500 or status in RETRYABLE_STATUS or code == "SERVICE_UNAVAILABLE":
        raise Retryable("%s: %s" % (code, first.get("message")) if code else "HTTP %d" % status)
    if not isinstance(answer, dict):
        if status >= 400:
            raise MetricsApiError("%s: HTTP %d" % (operation, status), code="HTTP_%d" % status)
        raise Retryable("HTTP %d with an answer that is not JSON" % status)  # a proxy's page, say: not the API
    if errors:
        raise MetricsApiError("%s: %s" % (operation, first.get("message")), code=code, reason=first.get("message"))
    result = (answer.get("data") or {}).get(operation) or {}
    user_errors = result.get("userErrors") or []
    if user_errors:
        reason = "; ".join("%s%s" % (_field(e), e.get("message")) for e in user_errors)
        raise MetricsApiError("%s: %s %s" % (operation, user_errors[0].get("code"), reason), code=user_errors[0].get("code"),
                              user_errors=user_errors, reason=reason)
    return result


def _field(user_error):
    field = user_error.get("field")
    return "%s: " % ".".join(str(f) for f in field) if field else ""
