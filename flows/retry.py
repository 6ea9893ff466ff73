"""Which task failures Prefect retries, and how long it waits between attempts."""
from __future__ import annotations

from typing import Any

from pipeline.errors import TransientFetchError

JITTER = 0.5  # each delay may grow by up to 50%, so feeds of one outage do not retry in step


def is_transient_failure(task: Any, task_run: Any, state: Any) -> bool:
    """retry_condition_fn: retry only when the task raised a TransientFetchError."""
    error = state.data if isinstance(state.data, BaseException) else \
        state.result(raise_on_failure=False)
    return isinstance(error, TransientFetchError)


def backoff_delays(retries: int, first_delay_s: float) -> list[float]:
    """Exponential backoff: first, 2 x first, 4 x first, ..."""
    return [first_delay_s * (2 ** attempt) for attempt in range(retries)]


def feed_retry_options(retries: int, first_delay_s: float) -> dict[str, Any]:
    """Task options for a feed poll: retried with backoff + jitter, transient errors only."""
    return {"retries": retries, "retry_delay_seconds": backoff_delays(retries, first_delay_s) or 0,
            "retry_jitter_factor": JITTER, "retry_condition_fn": is_transient_failure}
