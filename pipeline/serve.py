"""`newsmon serve`: the ingest and digest deployments on their schedules until Ctrl-C.

Prefect runs in local mode: no server to install or start by hand. Unless
PREFECT_API_URL names a server already, a private `prefect server start` is run
on 127.0.0.1 for the lifetime of the command (its database under PREFECT_HOME),
since the scheduler lives in the server. Its UI is at the printed address.
"""
from __future__ import annotations

import argparse
import logging
import os

from pipeline.config import Settings
from pipeline.errors import ConfigError
from pipeline.schedule import ServeOptions, build_deployments, serve_deployments

log = logging.getLogger(__name__)


def run_serve(settings: Settings, args: argparse.Namespace) -> int:
    """Serve until interrupted; 0 after a clean shutdown."""
    if not settings.feeds:
        raise ConfigError("no feeds configured: add [[feeds]] tables to newsmon.toml")
    options = ServeOptions(config_path=args.config or settings.source_path, db_path=args.db,
                           ingest_interval_s=args.interval, feed_retries=args.feed_retries,
                           retry_delay_s=args.retry_delay)
    if os.environ.get("PREFECT_API_URL"):
        serve_with_api(settings, options)
        return 0
    from flows.local_server import start_local_server, stop_local_server

    server, api_url = start_local_server(args.prefect_port, home=None)
    print(f"newsmon serve: local Prefect server (UI and API) at {api_url.removesuffix('/api')}",
          flush=True)
    os.environ["PREFECT_API_URL"] = api_url  # inherited by the flow-run processes
    try:
        serve_with_api(settings, options)
    finally:
        stop_local_server(server)
    print("newsmon serve: stopped", flush=True)
    return 0


def serve_with_api(settings: Settings, options: ServeOptions) -> None:
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: os.environ["PREFECT_API_URL"]}):
        serve_deployments(build_deployments(settings, options))
