"""README.md's demo excerpt is what the code prints: built from the test session's real
ingestion of the bundled corpus (the same path as `newsmon demo`) and compared with
the block in README.md. Regenerate it with `python -m pipeline.demo.excerpt --write`."""
from __future__ import annotations

from pipeline.demo.excerpt import README, build_excerpt, readme_excerpt


def test_readme_demo_excerpt_matches_a_real_run(ingested_corpus):
    settings, report = ingested_corpus
    built = build_excerpt(settings, report.summary_line())
    assert readme_excerpt(README.read_text(encoding="utf-8")) == built, (
        "README.md's demo excerpt drifted from a real run: python -m pipeline.demo.excerpt --write")
