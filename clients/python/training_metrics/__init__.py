"""Client and Hugging Face Trainer callback for the training metrics GraphQL API. Standard library only."""

from .client import MetricsClient
from .callback import MetricsCallback
from .heartbeat import Heartbeat
from .transport import MetricsApiError, MetricsAuthError

__all__ = ["Heartbeat", "MetricsApiError", "MetricsAuthError", "MetricsClient", "MetricsCallback"]
