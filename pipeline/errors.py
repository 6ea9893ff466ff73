"""The one exception tree of newsmon.

    NewsmonError                      base of everything we raise on purpose
    ├── ConfigError                   bad newsmon.toml / option (CLI exit 2)
    │   └── StoryFileError            a [story] entities file is malformed (names file:line and field)
    ├── ModelAssetError               malformed file under models/ (names file:line)
    ├── WarehouseError                DuckDB schema / migration / write problems
    │   ├── WarehouseLockedError      file held by another writer beyond the wait bound
    │   ├── WarehouseMissingError     the warehouse file does not exist (CLI exit 2)
    │   ├── WarehouseDamagedError     the file is not a readable DuckDB warehouse (CLI exit 2)
    │   └── ReadOnlyViolation         a write/DDL statement sent to `newsmon sql`
    ├── FetchError                    anything that went wrong getting bytes
    │   ├── TransientFetchError       worth retrying: connect errors, 5xx, 429, timeouts
    │   └── PermanentFetchError       not worth retrying: 4xx, too large, blocked, bad URL
    │       ├── BodyTooLargeError     body or decompressed body over max_body_bytes
    │       ├── BlockedAddressError   SSRF guard refused a private/loopback address
    │       └── RobotsDisallowedError robots.txt forbids the page
    ├── FeedParseError                bytes that feedparser could not turn into a feed
    ├── ServeError                    `newsmon serve` could not start its own Prefect server (CLI exit 2)
    └── DeliveryError                 a digest channel failed (email, webhook, file)

Flows retry only `TransientFetchError`; everything else is recorded and skipped.
"""
from __future__ import annotations


class NewsmonError(Exception):
    """Base class for every error newsmon raises deliberately."""


class ConfigError(NewsmonError):
    """The configuration or a command-line option is wrong."""


class StoryFileError(ConfigError):
    """A user's entities file named in [story] is malformed; the message names file, line and field."""


class ModelAssetError(NewsmonError):
    """A file under models/ is malformed; the message names the file and line."""


class WarehouseError(NewsmonError):
    """The DuckDB warehouse could not be opened, migrated or written."""


class WarehouseLockedError(WarehouseError):
    """Another process held the warehouse file longer than we were willing to wait."""


class WarehouseMissingError(WarehouseError):
    """A command that only reads or adds to a warehouse was pointed at a file that does not exist."""


class WarehouseDamagedError(WarehouseError):
    """The warehouse file exists but is not a DuckDB database newsmon can read (never recreated)."""


class ReadOnlyViolation(WarehouseError):
    """A statement that would change the warehouse was sent to a read-only command."""


class FetchError(NewsmonError):
    """Getting bytes from a URL failed."""

    def __init__(self, message: str, *, url: str | None = None, status_code: int | None = None):
        super().__init__(message)
        self.url = url
        self.status_code = status_code


class TransientFetchError(FetchError):
    """A failure that may succeed on retry (connection error, timeout, 5xx, 429)."""

    def __init__(self, message: str, *, url: str | None = None, status_code: int | None = None,
                 retry_after: float | None = None):
        super().__init__(message, url=url, status_code=status_code)
        self.retry_after = retry_after


class PermanentFetchError(FetchError):
    """A failure that retrying will not fix (4xx other than 429, bad content)."""


class BodyTooLargeError(PermanentFetchError):
    """The body (or its decompressed form) exceeded the configured maximum."""


class BlockedAddressError(PermanentFetchError):
    """The SSRF guard refused to connect to a private or reserved address."""


class RobotsDisallowedError(PermanentFetchError):
    """robots.txt disallows fetching this page for our user agent."""


class FeedParseError(NewsmonError):
    """A fetched document could not be read as a feed."""


class ServeError(NewsmonError):
    """`newsmon serve` could not start its private Prefect server (the message names the port)."""


class DeliveryError(NewsmonError):
    """A digest or alert could not be delivered on one channel."""
