"""warehouse/README.md is generated from the SQL files and cannot drift from them."""
from __future__ import annotations

from pipeline.store.docs import README_PATH, collect_relations, render_readme, undocumented_columns


def test_every_relation_and_column_has_a_description():
    relations = collect_relations()
    assert undocumented_columns(relations) == []
    assert all(r.description for r in relations), [r.name for r in relations if not r.description]


def test_readme_matches_the_sql_files():
    expected = render_readme(collect_relations())
    assert README_PATH.read_text(encoding="utf-8") == expected, (
        "warehouse/README.md is out of date: run `python -m pipeline.store.docs`")
