"""Shared fixtures: the sample corpus on a loopback server, warehouse files, settings."""
from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def corpus_server():
    """The bundled sample corpus served on 127.0.0.1 for the whole test session."""
    from pipeline.demo.server import CorpusServer

    with CorpusServer() as server:
        yield server


@pytest.fixture()
def db_path(tmp_path) -> Path:
    return tmp_path / "warehouse.duckdb"


@pytest.fixture()
def corpus_settings(corpus_server, db_path, tmp_path):
    """Settings pointing at the loopback corpus and a fresh warehouse file."""
    from pipeline.demo.run import demo_settings

    settings = demo_settings(corpus_server, str(db_path), tmp_path)
    return replace(settings, warehouse=replace(settings.warehouse, path=str(db_path)))


@pytest.fixture(scope="session")
def extractor():
    """The real NLP extractor, loaded once per test session."""
    from pipeline.nlp import load_extractor

    return load_extractor()


@pytest.fixture(scope="session")
def ingested_corpus(tmp_path_factory, corpus_server, extractor):
    """One warehouse with the whole sample corpus ingested (read-only use in tests)."""
    from pipeline.demo.run import demo_settings
    from pipeline.ingest import run_ingest

    folder = tmp_path_factory.mktemp("ingested")
    db = folder / "corpus.duckdb"
    settings = demo_settings(corpus_server, str(db), folder)
    settings = replace(settings, warehouse=replace(settings.warehouse, path=str(db)))
    report = run_ingest(settings, extractor=extractor)
    return settings, report
