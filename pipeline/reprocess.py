"""Re-run extraction on stored articles after models/ changed.

Articles whose stored extraction carries another extractor version (or none), or
a deal amount stored before the extractor said whether it is the deal's price,
are read in batches, extracted with the file closed, and their rows replaced
in one transaction per batch: an article never shows a mix of two versions.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from pipeline.config import Settings
from pipeline.records import ExtractInput
from pipeline.store.connection import warehouse_session
from pipeline.store.migrations import init_warehouse
from pipeline.store.trends import refresh_trends
from pipeline.store.writer import replace_extractions

log = logging.getLogger(__name__)

STALE_SQL = """
SELECT a.article_id, a.title, a.text, a.published_at, a.canonical_url, coalesce(a.lang, 'en') AS lang
FROM articles a
WHERE coalesce(a.lang, 'en') IN ('en', 'ja') AND a.text IS NOT NULL
  AND ($all OR NOT EXISTS (
        SELECT 1 FROM mentions m WHERE m.article_id = a.article_id
          AND m.extractor_version = CASE WHEN a.lang = 'ja' THEN $ja_version ELSE $version END)
      AND NOT EXISTS (
        SELECT 1 FROM events e WHERE e.article_id = a.article_id
          AND e.extractor_version = CASE WHEN a.lang = 'ja' THEN $ja_version ELSE $version END)
      OR EXISTS (   -- an amount stored before migration 0012 said whether it is the deal's price
        SELECT 1 FROM events e WHERE e.article_id = a.article_id
          AND e.amount_value IS NOT NULL AND e.amount_is_price IS NULL))
  AND a.article_id > $after
ORDER BY a.article_id
LIMIT $limit
"""


@dataclass
class ReprocessReport:
    version: str
    articles: int = 0
    batches: int = 0

    def summary_line(self) -> str:
        return f"reprocess: {self.articles} articles re-extracted with {self.version} in {self.batches} batches"


def run_reprocess(settings: Settings, extractor=None, all_articles: bool = False,
                  batch_size: int = 500) -> ReprocessReport:
    """Re-extract every article not yet processed by the current extractor version."""
    if extractor is None:
        from pipeline.nlp import load_extractor
        extractor = load_extractor(entity_files=settings.entity_files)
    report = ReprocessReport(version=extractor.version)
    version_for = getattr(extractor, "version_for", None)   # Japanese articles carry the GiNZA pipeline's version
    ja_version = version_for("ja") if version_for else extractor.version
    after = ""
    while True:
        with warehouse_session(settings.warehouse) as con:
            init_warehouse(con)
            rows = con.execute(STALE_SQL, {"all": all_articles, "version": extractor.version, "ja_version": ja_version,
                                           "after": after, "limit": batch_size}).fetchall()
        if not rows:
            return report
        after = rows[-1][0]
        inputs = [ExtractInput(doc_id=r[0], title=r[1], text=r[2],
                               published=r[3].date().isoformat() if isinstance(r[3], datetime) else None,
                               url=r[4], lang=r[5]) for r in rows]
        results = [(ex.doc_id, ex) for ex in extractor.extract_many(
            inputs, n_process=settings.nlp.n_process, batch_size=settings.nlp.batch_size) if ex.error is None]
        with warehouse_session(settings.warehouse) as con:
            con.execute("BEGIN TRANSACTION")
            try:
                replace_extractions(con, results)
                refresh_trends(con, [aid for aid, _ in results])
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        report.articles += len(results)
        report.batches += 1
        log.info("reprocessed %d articles (up to %s)", report.articles, after)
