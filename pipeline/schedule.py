"""Deployments of the flows, built from `[schedule]`, and `newsmon serve`.

`ingest` and `digest` run on the cron expressions of `[schedule]` in its
timezone. The ingest deployment allows one run at a time: a scheduled run that
comes due while the previous one still runs is cancelled (CANCEL_NEW), so the
same feeds are never fetched twice at once and the next tick picks up the work.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from pipeline.config import Settings

log = logging.getLogger(__name__)

INGEST_DEPLOYMENT = "newsmon-ingest"
DIGEST_DEPLOYMENT = "newsmon-digest"


@dataclass(frozen=True)
class ServeOptions:
    config_path: str | None = None
    db_path: str | None = None
    ingest_interval_s: float | None = None   # tests: every N seconds instead of the cron
    feed_retries: int = 3
    retry_delay_s: float = 10.0


def ingest_concurrency():
    """One ingest run at a time; a run due while another runs is cancelled, not queued."""
    from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy

    return ConcurrencyLimitConfig(limit=1, collision_strategy=ConcurrencyLimitStrategy.CANCEL_NEW)


def ingest_schedule(settings: Settings, options: ServeOptions):
    from prefect.schedules import Cron, Interval

    if options.ingest_interval_s:
        return Interval(timedelta(seconds=options.ingest_interval_s), anchor_date=datetime.now(timezone.utc),
                        timezone=settings.schedule.timezone)  # first run due at once
    return Cron(settings.schedule.ingest, timezone=settings.schedule.timezone)


def build_deployments(settings: Settings, options: ServeOptions) -> list:
    """The `ingest` and `digest` deployments, parameterised with this config and warehouse."""
    from prefect.deployments.runner import EntrypointType
    from prefect.schedules import Cron

    from flows import digest_flow, ingest_flow

    common = {"config_path": absolute(options.config_path or settings.source_path),
              "db_path": absolute(options.db_path)}
    ingest = ingest_flow.to_deployment(
        INGEST_DEPLOYMENT, schedules=[ingest_schedule(settings, options)],
        parameters={**common, "feed_retries": options.feed_retries,
                    "retry_delay_s": options.retry_delay_s},
        concurrency_limit=ingest_concurrency(), entrypoint_type=EntrypointType.MODULE_PATH,
        tags=["newsmon"])
    digest = digest_flow.to_deployment(
        DIGEST_DEPLOYMENT, schedules=[Cron(settings.schedule.digest, timezone=settings.schedule.timezone)],
        parameters=common, concurrency_limit=1, entrypoint_type=EntrypointType.MODULE_PATH,
        tags=["newsmon"])
    return [ingest, digest]


def absolute(path: str | None) -> str | None:
    return str(Path(path).resolve()) if path else None


def serve_deployments(deployments: list) -> None:
    """Serve until Ctrl-C or SIGTERM, then stop gracefully: the runner cancels an in-flight
    run (its process is stopped and the run ends Cancelled, not Crashed), its open batch
    transaction rolls back, committed batches stay, and re-runs are idempotent.

    Prefect's own `serve()` lets Ctrl-C's KeyboardInterrupt tear the event loop down, which
    kills a flow run's process without telling the server (the run stays Running, then
    Crashed). Here Ctrl-C takes the path Prefect gives SIGTERM; a second Ctrl-C stops at once."""
    import asyncio
    import signal

    from prefect.runner import Runner

    runner = Runner(pause_on_shutdown=True)
    for deployment in deployments:
        runner.add_deployment(deployment)
    print("newsmon serve: serving " + ", ".join(d.name for d in deployments) + "; Ctrl-C stops", flush=True)
    previous = signal.signal(signal.SIGINT, lambda *_: stop_runner(runner))
    try:
        asyncio.run(runner.start())
    finally:
        signal.signal(signal.SIGINT, previous)


def stop_runner(runner) -> None:
    """SIGINT handler: the first asks the runner to cancel its runs and stop; a second, or
    one before the runner is up, interrupts at once."""
    if not runner.started or runner.stopping or runner._loop is None:
        raise KeyboardInterrupt
    print("newsmon serve: interrupted; cancelling the run in flight (Ctrl-C again to quit at once)",
          flush=True)
    runner.stopping = True
    runner.execute_in_background(runner.astop)
