"""What a flow run tells Prefect: its final state, and the artifacts shown in the UI."""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.states import Completed, Failed, State

from pipeline.ingest import IngestReport
from pipeline.records import Article, ArticleFailure

INGEST_ARTIFACT_KEY = "ingest-report"
DIGEST_ARTIFACT_KEY = "digest"


def ingest_state(report: IngestReport) -> State:
    """Completed when every feed worked; else Failed, named PartiallyFailed if some data landed."""
    summary = report.summary_line()
    if not report.feeds_failed:
        return Completed(message=summary)
    names = ", ".join(name for name, _ in report.failed_feeds)
    partial = report.feeds_ok > 0
    return Failed(name="PartiallyFailed" if partial else "Failed",
                  message=f"{report.feeds_failed} feed(s) failed: {names}. "
                          + ("The other feeds' data is stored. " if partial else "") + summary)


def feed_rows(report: IngestReport, articles: Sequence[Article],
              failures: Sequence[ArticleFailure]) -> list[dict]:
    """One row per feed: outcome, HTTP status, items, new articles, article errors, error."""
    new_by_feed = Counter(a.feed_name for a in articles)
    errors_by_feed = Counter(f.feed_name for f in failures)
    rows = []
    for poll in report.polls:
        status = "not modified" if poll.not_modified else ("ok" if poll.ok else "failed")
        rows.append({"feed": poll.feed_name, "status": status, "http": poll.status_code,
                     "items": len(poll.items), "new_articles": new_by_feed.get(poll.feed_name, 0),
                     "article_errors": errors_by_feed.get(poll.feed_name, 0),
                     "error": poll.error or ""})
    return rows


def publish_ingest_artifact(report: IngestReport, articles: Sequence[Article],
                            failures: Sequence[ArticleFailure]) -> None:
    create_table_artifact(key=INGEST_ARTIFACT_KEY, table=feed_rows(report, articles, failures),
                          description=f"**{report.status}** {report.summary_line()}")


def publish_digest_artifact(markdown: str, subject: str) -> None:
    create_markdown_artifact(key=DIGEST_ARTIFACT_KEY, markdown=markdown, description=subject)
