"""The `digest` flow: build the digest, show it as a Markdown artifact, deliver it."""
from __future__ import annotations

from datetime import datetime, timezone

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.states import Completed, Failed, State

from flows.report import publish_digest_artifact
from flows.resources import load_flow_settings
from pipeline.config import Settings
from pipeline.digest.run import DigestOutcome, run_digest


@task(cache_policy=NO_CACHE)
def preview_digest(settings: Settings, since: str | None, now: datetime) -> str:
    """The Markdown digest of the window the first channel is about to receive."""
    outcome = run_digest(settings, since=since, fmt="md", dry_run=True, now=now)
    return next(iter(outcome.rendered.values()), "")


@task(cache_policy=NO_CACHE)
def deliver_digest(settings: Settings, since: str | None, now: datetime) -> DigestOutcome:
    """Render and deliver on every configured channel; each delivery is recorded."""
    return run_digest(settings, since=since, now=now)


def digest_state(outcome: DigestOutcome) -> State:
    message = "; ".join(line for line in outcome.lines if not line.startswith("---"))[:1000]
    return Failed(message=message) if outcome.failed else Completed(message=message)


@flow(name="digest", description="Build the digest of what changed and deliver it.")
def digest_flow(config_path: str | None = None, db_path: str | None = None,
                since: str | None = None) -> State:
    settings = load_flow_settings(config_path, db_path)
    now = datetime.now(timezone.utc)
    markdown = preview_digest(settings, since, now)
    publish_digest_artifact(markdown, settings.digest.title)
    outcome = deliver_digest(settings, since, now)
    for line in outcome.lines:
        get_run_logger().info(line)
    return digest_state(outcome)
