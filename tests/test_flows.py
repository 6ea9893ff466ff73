"""The Prefect flows under prefect_test_harness, against feeds served on 127.0.0.1."""
from __future__ import annotations

import duckdb
import pytest

from tests.loopback import LoopbackServer, fault_status, fixed, in_sequence
from tests.test_flows_support import STORIES, prefect_harness, serve_small_feed, write_config  # noqa: F401

pytestmark = pytest.mark.usefixtures("prefect_harness")


def rows(db, sql):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def run_flow(flow, **params):
    """Run a flow to its end and return its final state (never raises for a failed run)."""
    return flow(return_state=True, **params)


def artifacts_of(state, key):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId
    from prefect.utilities.asyncutils import run_coro_as_sync

    async def read():
        async with get_client() as client:
            return await client.read_artifacts(artifact_filter=ArtifactFilter(
                flow_run_id=ArtifactFilterFlowRunId(any_=[state.state_details.flow_run_id])))
    return [a for a in run_coro_as_sync(read()) if a.key == key]


def test_ingest_flow_stores_the_corpus_and_completes(corpus_server, tmp_path):
    from flows import ingest_flow

    db = tmp_path / "w.duckdb"
    config = write_config(tmp_path / "newsmon.toml", corpus_server.feed_urls(), db)
    state = run_flow(ingest_flow, config_path=str(config), retry_delay_s=0.01)
    assert state.is_completed(), state.message
    stored = rows(db, "SELECT count(*) FROM articles")[0][0]
    assert stored >= 40
    assert rows(db, "SELECT status, feeds_failed FROM ingest_runs") == [("ok", 0)]
    table = artifacts_of(state, "ingest-report")
    assert table and table[0].type == "table"
    assert len(rows(db, "SELECT DISTINCT entity FROM daily_mentions WHERE entity = 'Nissan'")) == 1


def test_feed_failing_twice_with_500_is_retried_and_succeeds(tmp_path):
    from flows import ingest_flow

    with LoopbackServer() as server:
        body = serve_small_feed(server, "flaky", STORIES)
        server.handle("/flaky.xml", in_sequence(fault_status(500), fault_status(500),
                                                fixed(body, content_type="application/rss+xml")))
        db = tmp_path / "w.duckdb"
        config = write_config(tmp_path / "newsmon.toml", {"flaky": server.url("/flaky.xml")}, db)
        state = run_flow(ingest_flow, config_path=str(config), feed_retries=3, retry_delay_s=0.01)
        assert server.hits["/flaky.xml"] == 3
    assert state.is_completed(), state.message
    assert rows(db, "SELECT count(*) FROM articles")[0][0] == 2


def test_broken_feed_fails_the_run_partially_and_keeps_the_others(tmp_path):
    from flows import ingest_flow

    with LoopbackServer() as server:
        body = serve_small_feed(server, "good", STORIES)
        server.route("/good.xml", body, content_type="application/rss+xml")
        server.handle("/gone.xml", fault_status(404))
        db = tmp_path / "w.duckdb"
        feeds = {"good": server.url("/good.xml"), "gone": server.url("/gone.xml")}
        config = write_config(tmp_path / "newsmon.toml", feeds, db)
        state = run_flow(ingest_flow, config_path=str(config), feed_retries=3, retry_delay_s=0.01)
        assert server.hits["/gone.xml"] == 1  # a permanent error is not retried
    assert state.is_failed() and state.name == "PartiallyFailed"
    assert "gone" in state.message and "good" not in state.message.split("failed:")[1].split(".")[0]
    assert rows(db, "SELECT count(*) FROM articles")[0][0] == 2
    assert rows(db, "SELECT feed_name, consecutive_failures FROM feed_state ORDER BY 1") == [
        ("gone", 1), ("good", 0)]


def test_digest_flow_publishes_the_digest_as_markdown(tmp_path, corpus_server):
    from flows import digest_flow, ingest_flow

    db = tmp_path / "w.duckdb"
    config = write_config(tmp_path / "newsmon.toml", corpus_server.feed_urls(), db)
    assert run_flow(ingest_flow, config_path=str(config)).is_completed()
    state = run_flow(digest_flow, config_path=str(config), since="all")
    assert state.is_completed(), state.message
    markdown = artifacts_of(state, "digest")
    assert markdown and markdown[0].type == "markdown" and "Nissan" in markdown[0].data
    assert list((tmp_path / "digests").iterdir())


@pytest.mark.slow
def test_ingest_flow_spreads_extraction_over_dask_workers(tmp_path, corpus_server):
    from prefect_dask import DaskTaskRunner

    from flows import ingest_flow

    db = tmp_path / "w.duckdb"
    config = write_config(tmp_path / "newsmon.toml", corpus_server.feed_urls(), db)
    runner = DaskTaskRunner(cluster_kwargs={"n_workers": 2, "threads_per_worker": 1,
                                            "processes": True, "dashboard_address": None})
    spread = ingest_flow.with_options(task_runner=runner)
    state = spread(config_path=str(config), extract_chunk_size=10, return_state=True)
    assert state.is_completed(), state.message
    stored = rows(db, "SELECT count(*) FROM articles")[0][0]
    assert stored >= 40
    assert rows(db, "SELECT count(DISTINCT article_id) FROM mentions")[0][0] > stored // 2
