"""Digest content, formats, windows and idempotency on hand-built warehouses (real DuckDB files)."""
from __future__ import annotations

import base64
import re
from datetime import timedelta

import duckdb
import pytest

from pipeline.digest.gather import gather_digest, parse_since
from pipeline.digest.render import render_digest
from pipeline.digest.run import run_digest
from pipeline.errors import ConfigError
from pipeline.store.connection import warehouse_session
from pipeline.store.known import record_run_start
from tests.test_digest_support import (COLLAPSE_EVIDENCE, DAY1_STORED, DAY2_STORED, UTC, WebhookReceiver,
                                       copy_world, day1_items, make_article, make_settings, shared_two_days,
                                       store, with_webhook)

AFTER_DAY1 = DAY1_STORED + timedelta(hours=1)
AFTER_DAY2 = DAY2_STORED + timedelta(hours=1)


@pytest.fixture(scope="module")
def two_days_template(tmp_path_factory):
    return shared_two_days(tmp_path_factory)


@pytest.fixture()
def two_days(two_days_template, tmp_path):
    return copy_world(two_days_template, tmp_path)


def day2_digest(settings):
    with warehouse_session(settings.warehouse) as con:
        return gather_digest(con, DAY1_STORED, DAY2_STORED)


def deliver_day1(settings, targets=None):
    return run_digest(settings, since="all", now=AFTER_DAY1, targets=targets)


def test_deal_status_change_comes_first_with_evidence_source_and_link(two_days):
    digest = day2_digest(two_days)
    first = digest.deal_changes[0]
    assert first.headline == "Honda–Nissan merger: talks → collapsed"
    assert (first.evidence, first.source) == (COLLAPSE_EVIDENCE, "pacbiz")
    text = render_digest(digest, "text")
    assert text.index("DEAL CHANGES") < text.index("ENTITY TRENDS") < text.index("TOP STORIES")
    assert "Honda–Nissan merger: talks → collapsed" in text
    assert "https://pacbiz.example/collapse" in text


def test_new_deal_with_same_day_contradiction_is_flagged(two_days):
    tesla = [c for c in day2_digest(two_days).deal_changes if "Tesla" in c.participants][0]
    assert tesla.is_new and tesla.steps == ("proposed", "denied")
    assert tesla.contradicted
    assert tesla.headline == "Nissan–Tesla investment: proposed → denied"
    assert "contradicting reports" in render_digest(day2_digest(two_days), "md")


def test_subject_names_the_biggest_change(two_days):
    assert day2_digest(two_days).subject() == "newsmon digest: Honda–Nissan merger: talks → collapsed"


def test_syndicated_copies_make_one_story_with_two_sources(two_days):
    stories = day2_digest(two_days).top_stories
    collapse = [s for s in stories if "collapse" in s.title]
    assert len(collapse) == 1
    assert (collapse[0].copies, collapse[0].sources) == (2, 2)
    assert len(stories) == 3


def test_spike_is_flagged_with_a_30_day_series(two_days):
    rises = {r.entity: r for r in day2_digest(two_days).rises}
    nissan = rises["Nissan"]
    assert nissan.spiked and nissan.spike_days[-1]
    assert len(nissan.series) == 30 and nissan.series[-1] == 11   # the copy counts once
    assert nissan.series[-13] == 3                                # 1 Feb, day 1's mentions
    md = render_digest(day2_digest(two_days), "md")
    row = next(line for line in md.splitlines() if line.startswith("| Nissan"))
    assert "spike" in row and re.search("[▁▂▃▄▅▆▇█]{30}", row)


def test_market_moves_and_new_names_of_the_window(two_days):
    with warehouse_session(two_days.warehouse) as con:
        day1 = gather_digest(con, parse_since("all", AFTER_DAY1), DAY1_STORED)
    assert [m.headline for m in day1.moves] == ["Nissan shares up 23.7%"]
    assert {n.name for n in day2_digest(two_days).new_names} == {"Tesla", "Mitsubishi Motors"}


def test_script_in_a_title_is_text_in_html_and_markdown(two_days):
    html = render_digest(day2_digest(two_days), "html")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    md = render_digest(day2_digest(two_days), "md")
    assert "<script>" not in md and r"\<script\>" in md


def test_html_file_embeds_png_charts_as_data_uris(two_days):
    html = render_digest(day2_digest(two_days), "html")
    uris = re.findall(r'src="data:image/png;base64,([^"]+)"', html)
    assert len(uris) == len(day2_digest(two_days).rises) > 0
    assert base64.b64decode(uris[0]).startswith(b"\x89PNG\r\n\x1a\n")
    assert "<style" not in html and "style=" in html            # inline CSS only


def test_non_http_links_are_dropped(tmp_path):
    settings = make_settings(tmp_path)
    article = make_article("js", "Odd link", "autowire", DAY1_STORED, DAY1_STORED)
    store(settings, "r", [(article.__class__(**{**article.__dict__, "url": "javascript:alert(1)"}),
                           (article.article_id, day1_items()[0][1][1]))])
    with warehouse_session(settings.warehouse) as con:
        html = render_digest(gather_digest(con, parse_since("all", AFTER_DAY1), DAY1_STORED), "html")
    assert "javascript:" not in html


def test_quiet_period_is_one_line_not_an_empty_shell(two_days, tmp_path):
    outcome = run_digest(two_days, now=AFTER_DAY2, targets=[f"file:{tmp_path / 'all.md'}"], since="all")
    assert not outcome.failed
    quiet = run_digest(two_days, now=AFTER_DAY2 + timedelta(days=1), since="2h", fmt="text",
                       targets=[f"file:{tmp_path / 'quiet.txt'}"])
    body = (tmp_path / "quiet.txt").read_text(encoding="utf-8")
    assert "quiet period" in quiet.lines[0]
    assert [line for line in body.splitlines() if line.startswith("Quiet period")]
    assert "DEAL CHANGES" not in body and "TOP STORIES" not in body
    assert len([line for line in body.splitlines() if line.strip()]) == 3


def test_rerun_of_the_same_window_is_not_resent_unless_forced(two_days, tmp_path):
    target = [f"file:{tmp_path / 'out'}/"]
    first = run_digest(two_days, since="all", now=AFTER_DAY2, targets=target)
    again = run_digest(two_days, since="all", now=AFTER_DAY2 + timedelta(minutes=5), targets=target)
    assert "delivered to" in first.lines[0]
    assert "already delivered" in again.lines[0] and not again.rendered
    assert len(list((tmp_path / "out").iterdir())) == 1
    forced = run_digest(two_days, since="all", now=AFTER_DAY2, targets=target, force=True)
    assert "delivered to" in forced.lines[0]


def test_default_window_starts_where_the_last_delivery_ended(two_days, tmp_path):
    target = [f"file:{tmp_path / 'out'}/"]
    deliver_day1(two_days, target)
    second = run_digest(two_days, now=AFTER_DAY2, targets=target)
    body = second.rendered[target[0]]
    assert "talks → collapsed" in body and "Nissan shares up" not in body   # day 1 is not repeated
    rerun = run_digest(two_days, now=AFTER_DAY2 + timedelta(minutes=10), targets=target)
    assert "nothing new since the last digest" in rerun.lines[0]


def test_dry_run_prints_and_records_nothing(two_days, tmp_path):
    target = f"file:{tmp_path / 'dry.md'}"
    outcome = run_digest(two_days, since="all", now=AFTER_DAY2, targets=[target], dry_run=True)
    assert outcome.lines[0].startswith(f"--- dry run: {target}: would write")
    assert "talks → collapsed" in "\n".join(outcome.lines)
    assert not (tmp_path / "dry.md").exists()
    assert _count(two_days, "SELECT count(*) FROM digests") == 0


def test_failed_channel_is_recorded_and_catches_up_while_others_deliver(two_days, tmp_path):
    files = f"file:{tmp_path / 'out'}/"
    with WebhookReceiver([(200, {}), (503, {}), (503, {}), (503, {})]) as hook:
        settings = with_webhook(two_days, hook.url, retries=2)
        deliver_day1(settings, [files, "webhook"])
        failed = run_digest(settings, now=AFTER_DAY2, targets=[files, "webhook"])
        assert failed.failed and "webhook: FAILED" in failed.lines[1]
        assert "delivered" in failed.lines[0]                           # the file still got its digest
        retried = run_digest(settings, now=AFTER_DAY2 + timedelta(minutes=30), targets=[files, "webhook"])
        assert not retried.failed
        assert "webhook: delivered" in retried.lines[1]
        caught_up = hook.bodies[-1]["text"]
    assert "talks → collapsed" in caught_up
    rows = _rows(settings, "SELECT status FROM digests WHERE channel = 'webhook' ORDER BY created_at")
    assert rows == ["delivered", "failed", "delivered"]


def test_articles_of_an_unfinished_run_wait_for_the_next_window(tmp_path):
    settings = make_settings(tmp_path)
    store(settings, "run-open", day1_items())
    with warehouse_session(settings.warehouse) as con:
        record_run_start(con, "run-open", DAY1_STORED - timedelta(minutes=5))
    hidden = run_digest(settings, since="all", now=AFTER_DAY1, dry_run=True)
    assert "Quiet period" in hidden.lines[-1]


def test_unknown_target_and_bad_since_are_config_errors(two_days):
    with pytest.raises(ConfigError, match="unknown digest target"):
        run_digest(two_days, targets=["pigeon"], now=AFTER_DAY2)
    with pytest.raises(ConfigError, match="--since"):
        run_digest(two_days, since="yesterday-ish", now=AFTER_DAY2)
    with pytest.raises(ConfigError, match="recipients"):
        run_digest(two_days, targets=["email"], now=AFTER_DAY2)
    assert parse_since("2025-02-13", AFTER_DAY2).tzinfo == UTC


def _rows(settings, sql):
    con = duckdb.connect(settings.warehouse.path, read_only=True)
    try:
        return [r[0] for r in con.execute(sql).fetchall()]
    finally:
        con.close()


def _count(settings, sql):
    return _rows(settings, sql)[0]


def test_digest_email_webhook_and_alert_tables_load_from_toml(tmp_path):
    from pipeline.config import load_settings

    config = tmp_path / "newsmon.toml"
    config.write_text(
        '[digest]\nto = ["email", "webhook"]\nquiet_repeat_h = 6\n\n'
        '[digest.email]\nhost = "smtp.example.org"\nsecurity = "ssl"\nport = 465\n'
        'recipients = ["a@example.org", "b@example.org"]\n\n'
        '[digest.webhook]\nurl_env = "MY_HOOK"\nbackoff_s = 0.5\n\n'
        '[digest.alerts]\nenabled = true\nto = ["webhook"]\nwatch = ["Nissan"]\n', encoding="utf-8")
    digest = load_settings(str(config)).digest
    assert digest.email.recipients == ("a@example.org", "b@example.org")
    assert (digest.email.security, digest.webhook.url_env, digest.webhook.backoff_s) == ("ssl", "MY_HOOK", 0.5)
    assert digest.alerts.enabled and digest.alerts.watch == ("Nissan",) and digest.quiet_repeat_h == 6


def test_dry_run_says_when_a_window_would_not_be_sent(two_days, tmp_path):
    target = [f"file:{tmp_path / 'out'}/"]
    run_digest(two_days, since="all", now=AFTER_DAY2, targets=target)
    dry = run_digest(two_days, since="all", now=AFTER_DAY2, targets=target, dry_run=True)
    assert "would not send (already delivered for this window" in dry.lines[0]


def test_channel_whose_first_delivery_failed_catches_up_from_that_window(two_days, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the digest folder should be", encoding="utf-8")
    target = [f"file:{blocked}/sub/"]
    failed = run_digest(two_days, now=AFTER_DAY2 - timedelta(days=3), targets=target)   # since 24h
    assert failed.failed
    blocked.unlink()
    later = run_digest(two_days, now=AFTER_DAY2 + timedelta(days=2), targets=target)   # 24h would miss day 2
    assert "delivered" in later.lines[0]
    assert "talks → collapsed" in later.rendered[target[0]]


def test_stored_terminal_escapes_never_reach_a_digest(tmp_path):
    settings = make_settings(tmp_path)
    article = make_article("esc", "Odd \x1b]0;pwned\x07title \x1b[31mred", "autowire", DAY1_STORED, DAY1_STORED)
    store(settings, "r", [(article, (article.article_id, day1_items()[0][1][1]))])
    with warehouse_session(settings.warehouse) as con:
        digest = gather_digest(con, parse_since("all", AFTER_DAY1), DAY1_STORED)
    for fmt in ("text", "md", "html"):
        rendered = render_digest(digest, fmt)
        assert "\x1b" not in rendered and "\x07" not in rendered and "pwned" not in rendered, fmt
