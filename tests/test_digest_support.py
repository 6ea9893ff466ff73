"""Hand-built warehouses for the digest and alert tests (helpers only, no tests here).

A quiet story a month earlier (the history spikes need), then two ingestion "days"
written with the real writer: day 1 opens Honda–Nissan merger
talks and Nissan shares jump; day 2 has the talks collapse (carried by two
sources, one a syndicated near-copy, its title carrying a <script> tag), a
proposed Tesla investment in Nissan that is denied the same day, and a burst of
Nissan mentions (a spike).
"""
from __future__ import annotations

import hashlib
import socket
from dataclasses import replace
from datetime import datetime, timedelta, timezone

from pipeline.config import (AlertSettings, DigestSettings, EmailSettings, Settings,
                             WarehouseSettings, WebhookSettings)
from pipeline.records import (Article, DealEvent, EntityHit, Extraction, MarketMove,
                              Participant)
from pipeline.store.connection import warehouse_session
from pipeline.store.migrations import init_warehouse
from pipeline.store.writer import IngestBatch, write_batch

UTC = timezone.utc
DAY1_STORED = datetime(2025, 2, 6, 6, 0, tzinfo=UTC)
DAY2_STORED = datetime(2025, 2, 14, 6, 0, tzinfo=UTC)
SCRIPT_TITLE = "Honda-Nissan merger talks collapse <script>alert('x')</script>"
COLLAPSE_EVIDENCE = "Honda and Nissan said on Thursday they had called off their merger talks."


def make_settings(tmp_path, **digest_changes) -> Settings:
    digest = replace(DigestSettings(), to=(f"file:{tmp_path / 'digests'}/",), **digest_changes)
    return Settings(warehouse=WarehouseSettings(path=str(tmp_path / "w.duckdb"), lock_timeout_s=10),
                    digest=digest)


def with_email(settings: Settings, port: int, **changes) -> Settings:
    options = {"host": "127.0.0.1", "port": port, "security": "none", "sender": "newsmon@test.invalid",
               "recipients": ("a@test.invalid", "b@test.invalid"), "timeout_s": 10.0, **changes}
    email = replace(EmailSettings(), **options)
    return replace(settings, digest=replace(settings.digest, email=email))


def with_webhook(settings: Settings, url: str, **changes) -> Settings:
    options = {"url": url, "retries": 2, "backoff_s": 0.01, "timeout_s": 5.0, **changes}
    hook = replace(WebhookSettings(), **options)
    return replace(settings, digest=replace(settings.digest, webhook=hook))


def with_alerts(settings: Settings, to: tuple[str, ...], **changes) -> Settings:
    alerts = replace(AlertSettings(), enabled=True, to=to, **changes)
    return replace(settings, digest=replace(settings.digest, alerts=alerts))


def make_article(slug: str, title: str, source: str, published: datetime, fetched: datetime,
                 cluster: str | None = None, duplicate: bool = False) -> Article:
    url = f"https://{source}.example/{slug}"
    return Article(
        article_id=hashlib.sha256(url.encode()).hexdigest()[:16], url=url, canonical_url=url,
        title=title, source=source, feed_name=source, author=None, published_at=published,
        published_source="feed", fetched_at=fetched, lang="en", text=f"{title}. Body of {slug}.",
        text_source="page", text_note=None, content_hash=hashlib.sha256(slug.encode()).hexdigest(),
        cluster_id=cluster, is_duplicate=duplicate)


def deal(kind: str, status: str, names: tuple[str, ...], evidence: str) -> DealEvent:
    return DealEvent(type=kind, status=status, participants=tuple(Participant(n, "partner") for n in names),
                     amount=None, evidence=evidence, confidence=0.9)


def extraction(article: Article, mentions: dict[str, int], events=(), moves=()) -> tuple[str, Extraction]:
    hits = tuple(EntityHit(name, "ORG", count) for name, count in mentions.items())
    return article.article_id, Extraction(article.article_id, hits, tuple(events), tuple(moves), "test")


def store(settings: Settings, run_id: str, items: list[tuple[Article, tuple[str, Extraction]]]) -> None:
    """Write articles and their extractions in one batch with the real writer."""
    batch = IngestBatch(run_id=run_id, articles=[a for a, _ in items],
                        extractions=[ex for _, ex in items])
    with warehouse_session(settings.warehouse) as con:
        init_warehouse(con)
        write_batch(con, batch, datetime.now(UTC).replace(tzinfo=None))
        refresh_derived(con, [a.article_id for a, _ in items])


def refresh_derived(con, article_ids: list[str]) -> None:
    """Recount trend aggregates when the warehouse keeps them (idempotent)."""
    try:
        from pipeline.store.refresh import refresh_after_write
    except ImportError:          # views computed on the fly: nothing to refresh
        return
    refresh_after_write(con, article_ids)


def day1_items() -> list:
    pub = datetime(2025, 2, 1, 9, 0, tzinfo=UTC)
    talks = make_article("talks", "Honda and Nissan explore merger", "autowire", pub, DAY1_STORED)
    jump = make_article("jump", "Nissan shares soar 23.7% on merger talk", "asialedger",
                        pub + timedelta(hours=3), DAY1_STORED)
    return [
        (talks, extraction(talks, {"Honda": 2, "Nissan": 2}, [deal(
            "merger", "talks", ("Honda", "Nissan"), "Honda and Nissan are exploring a merger.")])),
        (jump, extraction(jump, {"Nissan": 1}, moves=[MarketMove(
            "Nissan", "up", 23.7, "Nissan shares soared 23.7% on Wednesday.")])),
    ]


def day2_items() -> list:
    pub = datetime(2025, 2, 13, 9, 0, tzinfo=UTC)
    collapse = make_article("collapse", SCRIPT_TITLE, "pacbiz", pub, DAY2_STORED)
    copy = make_article("collapse-copy", SCRIPT_TITLE, "motorpress", pub + timedelta(hours=1),
                        DAY2_STORED, cluster=collapse.article_id, duplicate=True)
    tesla = make_article("tesla", "Tesla urged to invest in Nissan", "autowire", pub + timedelta(hours=2),
                         DAY2_STORED)
    denial = make_article("tesla-no", "Tesla not interested in Nissan", "motorpress",
                          pub + timedelta(hours=4), DAY2_STORED)
    called_off = deal("merger", "collapsed", ("Honda", "Nissan"), COLLAPSE_EVIDENCE)
    return [
        (collapse, extraction(collapse, {"Honda": 3, "Nissan": 6, "Mitsubishi Motors": 1}, [called_off])),
        (copy, extraction(copy, {"Honda": 3, "Nissan": 6}, [called_off])),
        (tesla, extraction(tesla, {"Tesla": 2, "Nissan": 3}, [deal(
            "investment", "proposed", ("Nissan", "Tesla"), "Japanese heavyweights urged Tesla to invest in Nissan.")])),
        (denial, extraction(denial, {"Tesla": 1, "Nissan": 2}, [deal(
            "investment", "denied", ("Nissan", "Tesla"), "Tesla is not interested in investing in Nissan.")])),
    ]


def history_items() -> list:
    """A month before day 2, one quiet story: the 28 days of history a spike needs."""
    pub = datetime(2025, 1, 10, 9, 0, tzinfo=UTC)
    old = make_article("profile", "Toyota keeps its outlook", "autowire", pub, pub + timedelta(hours=1))
    return [(old, extraction(old, {"Toyota": 1}))]


def build_two_days(tmp_path, **digest_changes) -> Settings:
    settings = make_settings(tmp_path, **digest_changes)
    store(settings, "run-history", history_items())
    store(settings, "run-day1", day1_items())
    store(settings, "run-day2", day2_items())
    return settings


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class WebhookReceiver:
    """A real HTTP receiver on 127.0.0.1 (ThreadingHTTPServer in a thread).

    Answers POSTs with the statuses queued in `script` (then 200), recording each
    JSON body and its arrival time.
    """

    def __init__(self, script: list[tuple[int, dict]] | None = None):
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        owner = self
        self.script = list(script or [])
        self.bodies: list[dict] = []
        self.times: list[float] = []
        self.lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server naming)
                import json
                import time
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with owner.lock:
                    owner.bodies.append(json.loads(raw))
                    owner.times.append(time.monotonic())
                    status, headers = owner.script.pop(0) if owner.script else (200, {})
                body = b"ok" if status < 300 else b"error"
                self.send_response(status)
                for key, value in {"Content-Length": str(len(body)), **headers}.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def __enter__(self) -> "WebhookReceiver":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def copy_world(template: Settings, tmp_path) -> Settings:
    """A private copy of a built warehouse (building one costs seconds; copying, little)."""
    import shutil

    target = tmp_path / "w.duckdb"
    shutil.copyfile(template.warehouse.path, target)
    settings = make_settings(tmp_path)
    return replace(settings, warehouse=replace(template.warehouse, path=str(target)))


_SHARED: dict[str, Settings] = {}


def shared_two_days(tmp_path_factory) -> Settings:
    """The two-day warehouse, built once per test session (use through copy_world)."""
    if "two_days" not in _SHARED:
        _SHARED["two_days"] = build_two_days(tmp_path_factory.mktemp("two_days"))
    return _SHARED["two_days"]
