"""Prefect flows over the newsmon library: `ingest`, `digest`, `reprocess`.

Each flow is a thin shell: tasks of a few lines that call `pipeline.*`. The
deployments (cron + timezone from `[schedule]`) are built in `pipeline.schedule`.
"""
from flows.env import apply_prefect_defaults

apply_prefect_defaults()  # before the first Prefect import below

from flows.digest import digest_flow  # noqa: E402
from flows.ingest import ingest_flow  # noqa: E402
from flows.reprocess import reprocess_flow  # noqa: E402

__all__ = ["digest_flow", "ingest_flow", "reprocess_flow"]
