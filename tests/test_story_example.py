"""The README's "Follow your own story" example end to end, on a loopback feed corpus written in
our own words (tests/data/story_steel): the steel story's entity file and [story] section, ingest,
alias-aware queries, `entities resolve`, and a digest that names the story's firms."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from pipeline.cli import main
from pipeline.demo.corpus_files import load_corpus
from pipeline.demo.server import CorpusServer

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "data" / "story_steel"


@pytest.fixture(scope="module")
def steel(tmp_path_factory):
    """A folder laid out as in the README: newsmon.toml beside examples/steel/entities.jsonl."""
    folder = tmp_path_factory.mktemp("steel")
    (folder / "examples" / "steel").mkdir(parents=True)
    shutil.copy(REPO / "examples" / "steel" / "entities.jsonl", folder / "examples" / "steel" / "entities.jsonl")
    story = (REPO / "examples" / "steel" / "feeds.toml").read_text(encoding="utf-8").split("[[feeds]]")[0]
    with CorpusServer(*load_corpus(CORPUS)) as server:
        feeds = "".join(f'\n[[feeds]]\nname = "{name}"\nurl = "{url}"\n' for name, url in server.feed_urls().items())
        config = folder / "newsmon.toml"
        config.write_text(
            f'[warehouse]\npath = "{folder / "steel.duckdb"}"\n\n'
            "[fetch]\nallow_private_networks = true\nper_host_delay_s = 0.0\nretries = 1\n\n"
            f'[digest]\nto = ["file:{folder / "digests"}/"]\ntitle = "Steel takeover"\n\n{story}{feeds}',
            encoding="utf-8")
        assert main(["ingest", "--config", str(config)]) == 0
    return folder, str(config)


def query(config: str, capsys, *args: str) -> list[dict]:
    capsys.readouterr()
    assert main(["query", *args, "--config", config, "--format", "jsonl"]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]


def test_every_article_is_stored_with_the_story_names(steel):
    folder, _ = steel
    con = duckdb.connect(str(folder / "steel.duckdb"), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 5
        names = {r[0] for r in con.execute("SELECT name FROM entities").fetchall()}
    finally:
        con.close()
    # aliases written in the articles fold into the story's canonical names
    assert {"Nippon Steel", "U.S. Steel", "Cleveland-Cliffs", "United Steelworkers", "CFIUS", "Eiji Hashimoto"} <= names
    assert not names & {"United States Steel Corp", "United States Steel Corporation", "Nippon Steel Corp", "USW",
                        "Cleveland-Cliffs Inc", "Committee on Foreign Investment in the United States", "Hashimoto"}


def test_queries_take_the_story_aliases(steel, capsys):
    _, config = steel
    by_alias = query(config, capsys, "entity_articles", "--param", "entity=united states steel")
    assert len(by_alias) == 5
    assert len(query(config, capsys, "entity_articles", "--param", "entity=USW")) == 1
    deals = query(config, capsys, "deal_timeline", "--param", "entity=Nippon Steel Corp")
    assert [(d["type"], d["participants"], d["status"]) for d in deals] == [
        ("acquisition", "Nippon Steel + U.S. Steel", "completed")]
    moves = query(config, capsys, "market_moves_for", "--param", "entity=U.S. Steel Corp")
    assert {(m["direction"], m["pct"]) for m in moves} >= {("up", 26.0)}


def test_entities_resolve_uses_the_story(steel, capsys):
    _, config = steel
    capsys.readouterr()
    assert main(["entities", "resolve", "Burritt", "--config", config]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "David Burritt" and "examples/steel/entities.jsonl:8" in out[1]


def test_the_digest_tells_the_story(steel, capsys):
    folder, config = steel
    assert main(["digest", "--config", config, "--since", "all"]) == 0
    written = list((folder / "digests").glob("*"))
    assert len(written) == 1
    text = written[0].read_text(encoding="utf-8")
    assert "Steel takeover" in text and "Nippon Steel" in text and "U.S. Steel" in text
    assert "Nissan" not in text
