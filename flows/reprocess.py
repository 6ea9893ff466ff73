"""The `reprocess` flow: re-run extraction on stored articles with the current models."""
from __future__ import annotations

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.states import Completed, State

from flows.resources import get_extractor, load_flow_settings
from pipeline.config import Settings
from pipeline.reprocess import ReprocessReport, run_reprocess


@task(cache_policy=NO_CACHE)
def reprocess_articles(settings: Settings, all_articles: bool) -> ReprocessReport:
    """Re-extract stale articles in batches, one transaction per batch."""
    return run_reprocess(settings, extractor=get_extractor(settings.entity_files), all_articles=all_articles)


@flow(name="reprocess", description="Re-extract stored articles whose extraction is outdated.")
def reprocess_flow(config_path: str | None = None, db_path: str | None = None,
                   all_articles: bool = False) -> State:
    settings = load_flow_settings(config_path, db_path)
    report = reprocess_articles(settings, all_articles)
    get_run_logger().info(report.summary_line())
    return Completed(message=report.summary_line())
