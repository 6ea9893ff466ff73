"""Typed settings, loaded only at entry points (CLI, flows, demo).

Resolution order: an explicit path (``--config``), then ``$NEWSMON_CONFIG``, then
``./newsmon.toml`` if present, else the built-in defaults below. The database
path comes from ``--db``, then ``$NEWSMON_DB``, then ``[warehouse] path``.
Unknown keys and wrong types raise ``ConfigError`` naming the key.
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, get_args, get_origin, get_type_hints

from pipeline.errors import ConfigError
from pipeline.records import FeedSpec

DEFAULT_DB_PATH = "data/newsmon.duckdb"
DEFAULT_USER_AGENT = "newsmon/0.1 (+https://github.com/newsmon/newsmon)"


@dataclass(frozen=True)
class WarehouseSettings:
    path: str = DEFAULT_DB_PATH
    backend: str = "duckdb"            # "duckdb" or "ducklake"
    catalog: str = ""                  # ducklake: catalog, e.g. "sqlite:data/lake.sqlite"
    data_path: str = ""                # ducklake: folder (or object-store URL) for Parquet files
    lock_timeout_s: float = 60.0       # how long a writer/reader waits for the file


@dataclass(frozen=True)
class FetchSettings:
    user_agent: str = DEFAULT_USER_AGENT
    allow_private_networks: bool = False
    timeout_s: float = 20.0            # whole request, body included
    connect_timeout_s: float = 10.0
    max_body_bytes: int = 10_000_000   # also caps the decompressed size
    max_feed_bytes: int = 4_000_000    # a feed document's cap (min with max_body_bytes)
    feed_parse_timeout_s: float = 15.0  # a feed still parsing after this is stopped and failed
    feed_parse_memory_mb: int = 1024   # address space of the process parsing one feed
    per_host_concurrency: int = 2
    per_host_delay_s: float = 1.0
    global_concurrency: int = 16
    max_redirects: int = 5
    retries: int = 3                   # extra attempts on transient errors
    backoff_base_s: float = 0.5
    backoff_max_s: float = 30.0
    respect_robots: bool = True
    unconditional_every_h: float = 24.0  # re-fetch without validators this often
    max_items_per_feed: int = 200


@dataclass(frozen=True)
class ScheduleSettings:
    ingest: str = "*/15 * * * *"
    digest: str = "0 7 * * *"
    timezone: str = "Asia/Tokyo"


@dataclass(frozen=True)
class EmailSettings:
    host: str = "localhost"
    port: int = 587
    security: str = "starttls"         # "starttls" | "ssl" | "none"
    sender: str = "newsmon@localhost"
    recipients: tuple[str, ...] = ()
    username_env: str = "NEWSMON_SMTP_USER"
    password_env: str = "NEWSMON_SMTP_PASSWORD"
    timeout_s: float = 30.0
    ca_file: str = ""                  # extra CA bundle to trust (a private relay); "" = system CAs


@dataclass(frozen=True)
class WebhookSettings:
    url: str = ""                      # or from url_env
    url_env: str = "NEWSMON_WEBHOOK_URL"
    retries: int = 3
    timeout_s: float = 15.0
    backoff_s: float = 1.0             # first retry wait, doubling (Retry-After wins)
    max_backoff_s: float = 60.0


@dataclass(frozen=True)
class AlertSettings:
    enabled: bool = False
    to: tuple[str, ...] = ()
    watch: tuple[str, ...] = ()        # entities whose spikes alert
    min_interval_minutes: float = 30.0  # rate limit per channel


@dataclass(frozen=True)
class DigestSettings:
    to: tuple[str, ...] = ("file:digests/",)
    format: str = "md"
    since: str = "24h"
    title: str = "newsmon digest"
    limit: int = 8                     # rows per digest section
    quiet_repeat_h: float = 12.0       # nothing new: at most one quiet-period notice per this many hours
    min_confidence: float = 0.0        # deal reports under this extractor confidence are left out
    late_arrival_h: float = 24.0       # an article stored this soon after publication is news when stored
    email: EmailSettings = field(default_factory=EmailSettings)
    webhook: WebhookSettings = field(default_factory=WebhookSettings)
    alerts: AlertSettings = field(default_factory=AlertSettings)


@dataclass(frozen=True)
class NlpSettings:
    n_process: int = 1
    batch_size: int = 32


@dataclass(frozen=True)
class StorySettings:
    """The story being followed: its own entity files layered over the built-in KB, and who to watch.

    No [story] section means the built-in story (the Japanese auto alliance) with the built-in KB."""

    name: str = ""
    entities: tuple[str, ...] = ()     # JSONL entity files, relative to the config file's folder
    watch: tuple[str, ...] = ()        # entities the digest and alerts centre on
    base_dir: str = ""                 # set by the loader: the config file's folder


@dataclass(frozen=True)
class Settings:
    warehouse: WarehouseSettings = field(default_factory=WarehouseSettings)
    fetch: FetchSettings = field(default_factory=FetchSettings)
    schedule: ScheduleSettings = field(default_factory=ScheduleSettings)
    digest: DigestSettings = field(default_factory=DigestSettings)
    nlp: NlpSettings = field(default_factory=NlpSettings)
    story: StorySettings = field(default_factory=StorySettings)
    feeds: tuple[FeedSpec, ...] = ()
    source_path: str | None = None     # the file these settings were read from

    @property
    def db_path(self) -> str:
        return self.warehouse.path

    @property
    def entity_files(self) -> tuple[Path, ...]:
        """The story's entity files as paths (relative ones resolved against the config file's folder)."""
        base = Path(self.story.base_dir) if self.story.base_dir else Path.cwd()
        return tuple(p if p.is_absolute() else base / p for p in map(Path, self.story.entities))


def _coerce(value: Any, typ: Any, key: str) -> Any:
    origin = get_origin(typ)
    if origin is tuple:
        if not isinstance(value, list):
            raise ConfigError(f"config key '{key}' must be a list")
        inner = get_args(typ)[0]
        return tuple(_coerce(v, inner, key) for v in value)
    if typ is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"config key '{key}' must be a number, got {value!r}")
        return float(value)
    if typ is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"config key '{key}' must be an integer, got {value!r}")
        return value
    if typ is bool:
        if not isinstance(value, bool):
            raise ConfigError(f"config key '{key}' must be true or false, got {value!r}")
        return value
    if typ is str:
        if not isinstance(value, str):
            raise ConfigError(f"config key '{key}' must be a string, got {value!r}")
        return value
    if isinstance(typ, type) and hasattr(typ, "__dataclass_fields__"):
        return _build(typ, value, key)
    raise ConfigError(f"config key '{key}' has an unsupported type")  # pragma: no cover


def _build(cls: type, table: Any, prefix: str) -> Any:
    if not isinstance(table, dict):
        raise ConfigError(f"config key '{prefix}' must be a table")
    hints = get_type_hints(cls)
    known = {f.name for f in fields(cls)}
    kwargs = {}
    for key, value in table.items():
        full = f"{prefix}.{key}" if prefix else key
        if key not in known:
            raise ConfigError(f"unknown config key '{full}'")
        kwargs[key] = _coerce(value, hints[key], full)
    return cls(**kwargs)


def _build_feeds(raw: Any) -> tuple[FeedSpec, ...]:
    if not isinstance(raw, list):
        raise ConfigError("config key 'feeds' must be an array of tables ([[feeds]])")
    feeds, seen = [], set()
    for i, entry in enumerate(raw):
        spec = _build(FeedSpec, entry, f"feeds[{i}]")
        if not spec.name or not spec.url:
            raise ConfigError(f"config key 'feeds[{i}]' needs both name and url")
        if spec.name in seen:
            raise ConfigError(f"config key 'feeds[{i}].name': duplicate feed name '{spec.name}'")
        if not spec.url.startswith(("http://", "https://")):
            raise ConfigError(f"config key 'feeds[{i}].url' must be an http(s) URL")
        seen.add(spec.name)
        feeds.append(spec)
    return tuple(feeds)


def settings_from_dict(data: dict[str, Any], source_path: str | None = None) -> Settings:
    """Build settings from a parsed TOML document, rejecting unknown keys."""
    data = dict(data)
    feeds = _build_feeds(data.pop("feeds", []))
    base = _build(Settings, {k: v for k, v in data.items() if k != "story"}, "") if data else Settings()
    story = _build(StorySettings, data["story"], "story") if "story" in data else StorySettings()
    if "base_dir" in data.get("story", {}):
        raise ConfigError("unknown config key 'story.base_dir'")
    base_dir = str(Path(source_path).resolve().parent) if source_path else ""
    if story.name and "title" not in data.get("digest", {}):   # the digest is titled by the story
        base = replace(base, digest=replace(base.digest, title=f"newsmon digest: {story.name}"))
    return replace(base, feeds=feeds, source_path=source_path, story=replace(story, base_dir=base_dir))


def resolve_config_path(explicit: str | None) -> Path | None:
    if explicit:
        return Path(explicit)
    env = os.environ.get("NEWSMON_CONFIG")
    if env:
        return Path(env)
    local = Path("newsmon.toml")
    return local if local.exists() else None


def load_settings(config_path: str | None = None, db_path: str | None = None) -> Settings:
    """Load settings for an entry point; see the module docstring for the order."""
    path = resolve_config_path(config_path)
    if path is None:
        settings = Settings()
    else:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"config file not found: {path}") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None
        settings = settings_from_dict(data, source_path=str(path))
    db = db_path or os.environ.get("NEWSMON_DB")
    if db:
        settings = replace(settings, warehouse=replace(settings.warehouse, path=db))
    _validate(settings)
    return _resolve_watch(settings)


def _resolve_watch(settings: Settings) -> Settings:
    """`story.watch` names as canonical names (an alias or any case is fine); a name the knowledge
    base does not know is an error suggesting the nearest, since it could never alert."""
    if not settings.story.watch:
        return settings
    from pipeline.nlp.kb import BUILTIN_MODELS_DIR, load_kb
    from pipeline.nlp.kb_lookup import resolve_text

    kb = load_kb(BUILTIN_MODELS_DIR, settings.entity_files)
    names = []
    for text in settings.story.watch:
        found = resolve_text(kb, text)
        if found.name is None:
            near = f"; nearest: {', '.join(found.candidates)}" if found.candidates else ""
            raise ConfigError(f"config key 'story.watch': unknown entity {text!r} (add it to a story entities file){near}")
        names.append(found.name)
    return replace(settings, story=replace(settings.story, watch=tuple(dict.fromkeys(names))))


def _validate(settings: Settings) -> None:
    if settings.warehouse.backend not in ("duckdb", "ducklake"):
        raise ConfigError("config key 'warehouse.backend' must be 'duckdb' or 'ducklake'")
    if settings.warehouse.backend == "ducklake" and not settings.warehouse.catalog:
        raise ConfigError("config key 'warehouse.catalog' is required when backend = 'ducklake'")
    if settings.fetch.per_host_concurrency < 1 or settings.fetch.global_concurrency < 1:
        raise ConfigError("config keys 'fetch.*_concurrency' must be at least 1")
    if settings.fetch.max_body_bytes < 1024:
        raise ConfigError("config key 'fetch.max_body_bytes' must be at least 1024")
    if settings.story.entities and not settings.story.name:
        raise ConfigError("config key 'story.name' is required when story.entities is set")
    for path in settings.entity_files:
        if not path.is_file():
            raise ConfigError(f"config key 'story.entities': file not found: {path}")
    if settings.entity_files:   # a bad line fails every command at once (StoryFileError: file, line, field)
        from pipeline.nlp.kb import read_user_file

        for path in settings.entity_files:
            read_user_file(path)
    if not 0.0 <= settings.digest.min_confidence <= 1.0:
        raise ConfigError("config key 'digest.min_confidence' must be between 0 and 1")
    if settings.digest.late_arrival_h < 0:
        raise ConfigError("config key 'digest.late_arrival_h' must not be negative")
    if settings.digest.format not in ("md", "html", "text"):
        raise ConfigError("config key 'digest.format' must be md, html or text")
