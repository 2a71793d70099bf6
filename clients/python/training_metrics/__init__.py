"""Client and Hugging Face Trainer callback for the training metrics GraphQL API. Standard library only."""

from .client import MetricsApiError, MetricsClient
from .callback import MetricsCallback

__all__ = ["MetricsApiError", "MetricsClient", "MetricsCallback"]
