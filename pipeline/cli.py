"""The `newsmon` command line: one small function per command over library calls.

Exit status: 0 success, 1 the job ran but something failed, 2 usage or
configuration error (one line naming the problem, no traceback).
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path

from pipeline.config import Settings, load_settings
from pipeline.errors import (ConfigError, NewsmonError, ReadOnlyViolation, ServeError, WarehouseDamagedError,
                             WarehouseError, WarehouseMissingError)
from pipeline.output import FORMATS

log = logging.getLogger("newsmon")

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


# Only these may create a warehouse; every other command refuses a missing one, so a
# typo in --db never silently makes (and reports on) an empty warehouse.
CREATING_COMMANDS = {"init", "ingest", "serve", "demo"}
# These read only the config (a story's entity files) and never open the warehouse.
WAREHOUSE_FREE_COMMANDS = {"extract", "eval", "entities"}
USAGE_ERRORS = (ReadOnlyViolation, WarehouseMissingError, WarehouseDamagedError, ServeError)


def _settings(args: argparse.Namespace) -> Settings:
    settings = load_settings(args.config, args.db)
    if args.command not in CREATING_COMMANDS | WAREHOUSE_FREE_COMMANDS:
        require_existing_warehouse(settings)
    return settings


def require_existing_warehouse(settings: Settings) -> None:
    from pipeline.store.connection import sqlite_catalog_path

    wh = settings.warehouse
    path = sqlite_catalog_path(wh) if wh.backend == "ducklake" else Path(wh.path)
    if path is not None and not path.exists():
        raise WarehouseMissingError(f"warehouse {path} does not exist: run `newsmon init` "
                                    "(or check --db / NEWSMON_DB)")


def newsmon_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"newsmon {version('newsmon')}"
    except PackageNotFoundError:
        return "newsmon (not installed)"


def one_line(exc: BaseException) -> str:
    """The first line of an error's message (DuckDB's carry a caret diagram below)."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


def cmd_init(args: argparse.Namespace) -> int:
    from pipeline.store import init_warehouse, warehouse_session
    from pipeline.store.deal_refresh import apply_min_confidence
    from pipeline.store.refresh import ensure_derived

    settings = _settings(args)
    from pipeline.store.migrations import read_every_block

    if settings.warehouse.backend == "duckdb" and Path(settings.warehouse.path).exists():
        with warehouse_session(settings.warehouse, read_only=True) as con:
            read_every_block(con)   # a damaged file is neither "up to date" nor written to
    with warehouse_session(settings.warehouse) as con:
        applied = init_warehouse(con)
        ensure_derived(con)
        apply_min_confidence(con, settings.digest.min_confidence)
    print(f"warehouse {settings.warehouse.path}: "
          + (f"applied {', '.join(applied)}" if applied else "up to date"))
    return EXIT_OK


def print_ingest_report(report) -> None:
    for name, error in report.failed_feeds:
        print(f"  feed failed: {name}: {error}")
    for url, error in report.article_errors[:20]:
        print(f"  article skipped: {url}: {error}")
    if len(report.article_errors) > 20:
        print(f"  ... and {len(report.article_errors) - 20} more article errors (see fetch_log)")
    print(report.summary_line())


def cmd_ingest(args: argparse.Namespace) -> int:
    from pipeline.ingest import run_ingest

    settings = _settings(args)
    if not settings.feeds:
        raise ConfigError("no feeds configured: add [[feeds]] tables to newsmon.toml")
    report = run_ingest(settings)
    print_ingest_report(report)
    return EXIT_FAILED if report.feeds_failed else EXIT_OK


def cmd_extract(args: argparse.Namespace) -> int:
    from pipeline.nlp import load_extractor, run_extract_jsonl

    if args.file in (None, "-"):
        source = sys.stdin.buffer
    else:
        try:
            source = open(args.file, "rb")   # bytes: a line that is not UTF-8 gets its own error row
        except OSError as exc:
            raise ConfigError(f"cannot read {args.file}: {exc.strerror}") from None
    extractor = load_extractor(entity_files=_settings(args).entity_files)
    with source:
        run_extract_jsonl(source, sys.stdout, extractor, n_process=args.n_process)
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    from pipeline.nlp import evaluate_gold, format_scores, load_extractor

    if not os.path.exists(args.gold):
        raise ConfigError(f"gold file not found: {args.gold}")
    print(format_scores(evaluate_gold(args.gold, load_extractor(entity_files=_settings(args).entity_files))))
    return EXIT_OK


def cmd_sql(args: argparse.Namespace) -> int:
    from pipeline.output import write_result
    from pipeline.store import run_readonly_query

    result = run_readonly_query(_settings(args).warehouse, args.query)
    write_result(result.table, args.format, args.output)
    return EXIT_OK


def cmd_query(args: argparse.Namespace) -> int:
    from pipeline.output import write_result
    from pipeline.store.saved_queries import describe_saved_queries, parse_param_args, run_saved_query

    if args.list:
        print(describe_saved_queries())
        return EXIT_OK
    if not args.name:
        raise ConfigError("name a saved query (newsmon query NAME) or use --list to see them")
    settings = _settings(args)
    result = run_saved_query(settings.warehouse, args.name, parse_param_args(args.param), settings.entity_files)
    write_result(result.table, args.format, args.output)
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    from pipeline.output import write_result
    from pipeline.store.search import search_articles

    settings = _settings(args)
    result = search_articles(settings.warehouse, args.words, entity=args.entity, since=args.since,
                             until=args.until, limit=args.limit, entity_files=settings.entity_files)
    write_result(result.table, args.format, args.output)
    return EXIT_OK


def cmd_digest(args: argparse.Namespace) -> int:
    from pipeline.digest.run import run_digest

    settings = _settings(args)
    outcome = run_digest(settings, since=args.since, fmt=args.format, targets=args.to,
                         dry_run=args.dry_run, force=args.force)
    for line in outcome.lines:
        print(line)
    return EXIT_FAILED if outcome.failed else EXIT_OK


def cmd_feeds(args: argparse.Namespace) -> int:
    from pipeline.output import write_result
    from pipeline.store import run_readonly_query

    result = run_readonly_query(
        _settings(args).warehouse,
        "SELECT feed_name, last_success_at, last_error_at, consecutive_failures, items_seen, "
        "last_status_code, last_error FROM feed_state ORDER BY consecutive_failures DESC, feed_name",
    )
    write_result(result.table, args.format, args.output)
    return EXIT_OK


def cmd_reprocess(args: argparse.Namespace) -> int:
    from pipeline.reprocess import run_reprocess

    report = run_reprocess(_settings(args), all_articles=args.all)
    print(report.summary_line())
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from flows.env import apply_prefect_defaults

    apply_prefect_defaults()  # before the first Prefect import
    from pipeline.serve import run_serve

    return run_serve(_settings(args), args)


def cmd_demo(args: argparse.Namespace) -> int:
    from pipeline.demo.run import run_demo

    return run_demo(db_path=args.db, workdir=args.workdir, keep_serving=args.serve)


def cmd_entities(args: argparse.Namespace) -> int:
    from pipeline.nlp.kb import BUILTIN_MODELS_DIR as DEFAULT_MODELS_DIR
    from pipeline.nlp.kb_report import check_entity_file, entities_table, resolve_lines, story_kb
    from pipeline.output import write_result

    if args.action == "check":
        if not args.target:
            raise ConfigError("entities check needs a FILE, e.g. newsmon entities check my_story/entities.jsonl")
        if not os.path.isfile(args.target):
            raise ConfigError(f"entities check: file not found: {args.target}")
        print("\n".join(check_entity_file(DEFAULT_MODELS_DIR, args.target).lines()))
        return EXIT_OK
    kb = story_kb(DEFAULT_MODELS_DIR, _settings(args).entity_files)
    if args.action == "resolve":
        if not args.target:
            raise ConfigError('entities resolve needs a name, e.g. newsmon entities resolve "Nissan Motor Co"')
        found, lines = resolve_lines(kb, args.target)
        print("\n".join(lines))
        return EXIT_OK if found else EXIT_FAILED
    if args.target:
        raise ConfigError("entities list takes no argument (use --source or --label to filter)")
    write_result(entities_table(kb, args.source, args.label), args.format, None)
    return EXIT_OK


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", default=None, help="newsmon.toml to use (env NEWSMON_CONFIG)")
    parser.add_argument("--db", default=None, help="warehouse file (env NEWSMON_DB, default data/newsmon.duckdb)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsmon", description="News monitoring: feeds -> entities, deals, trends, digests.")
    parser.add_argument("--version", action="version", version=newsmon_version())
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands: list[tuple[str, Callable, str]] = [
        ("init", cmd_init, "create or upgrade the warehouse (applies pending migrations)"),
        ("ingest", cmd_ingest, "one ingestion pass over the configured feeds; prints a summary"),
        ("extract", cmd_extract, "NLP only: JSON Lines articles in, entities/events/moves out"),
        ("eval", cmd_eval, "score extraction against a labelled gold JSONL file"),
        ("sql", cmd_sql, "run read-only SQL against the warehouse"),
        ("query", cmd_query, "run a saved query from warehouse/queries/NAME.sql (--list shows them)"),
        ("search", cmd_search, "full-text search (BM25) over article titles and text"),
        ("digest", cmd_digest, "build and deliver a digest of what changed"),
        ("feeds", cmd_feeds, "per-feed health: last success, last error, failures, items seen"),
        ("reprocess", cmd_reprocess, "re-run extraction on stored articles with the current models/"),
        ("demo", cmd_demo, "the whole pipeline on the bundled sample corpus served on 127.0.0.1"),
        ("entities", cmd_entities, "the knowledge base: list (with each entry's origin), check FILE, resolve NAME"),
        ("serve", cmd_serve, "serve the scheduled Prefect deployments (ingest, digest) until Ctrl-C"),
    ]
    parsers = {}
    for name, func, help_text in commands:
        p = sub.add_parser(name, help=help_text, description=help_text)
        _add_common(p)
        p.set_defaults(func=func)
        parsers[name] = p
    parsers["extract"].add_argument("file", nargs="?", default="-", help="JSONL input file, or - for stdin")
    parsers["extract"].add_argument("--n-process", type=int, default=1, help="worker processes for spaCy")
    parsers["eval"].add_argument("gold", help="gold JSONL file in the contract's format")
    parsers["sql"].add_argument("query", help="SQL to run (read-only)")
    q = parsers["query"]
    q.add_argument("name", nargs="?", default=None, help="saved query name (see --list)")
    q.add_argument("--list", action="store_true", help="list saved queries with their parameters and defaults")
    q.add_argument("--param", action="append", default=None, metavar="KEY=VALUE", help="set a parameter (repeatable)")
    sp = parsers["search"]
    sp.add_argument("words", help="words to look for in titles and text")
    sp.add_argument("--entity", default=None, help="only articles mentioning this entity (name, alias or ticker; any case)")
    sp.add_argument("--since", default=None, help="first UTC publication day: YYYY-MM-DD, today, yesterday, 7d, 2w")
    sp.add_argument("--until", default=None, help="last UTC publication day: YYYY-MM-DD, today, yesterday, 7d, 2w")
    sp.add_argument("--limit", type=int, default=None, help="rows to return (default 20)")
    for name in ("sql", "query", "search", "feeds"):
        parsers[name].add_argument("--format", default="table", choices=list(FORMATS),
                                   help="table (default), csv, json (one array), jsonl (one object "
                                        "a line) or parquet (needs --output)")
        parsers[name].add_argument("--output", default=None, help="write the result to this file")
    en = parsers["entities"]
    en.add_argument("action", choices=["list", "check", "resolve"],
                    help="list: every entry and where it comes from; check FILE: validate an entity file; "
                         "resolve NAME: the canonical entity a name stands for, and why")
    en.add_argument("target", nargs="?", default=None, help="the FILE to check or the NAME to resolve")
    en.add_argument("--source", default=None, choices=["user", "story", "common", "listed"],
                    help="list only entries of this layer")
    en.add_argument("--label", default=None, help="list only entries with this label (ORG, PERSON, ...)")
    en.add_argument("--format", default="table", choices=["table", "csv", "json", "jsonl"])
    d = parsers["digest"]
    d.add_argument("--since", default=None, help="24h, 7d, all, an ISO date, or (default) since the last digest")
    d.add_argument("--format", default=None, choices=["md", "html", "text"])
    d.add_argument("--to", action="append", default=None, help="file:PATH, email or webhook (repeatable)")
    d.add_argument("--dry-run", action="store_true", help="print what would be sent, deliver nothing")
    d.add_argument("--force", action="store_true", help="deliver even if this window was already delivered")
    parsers["reprocess"].add_argument("--all", action="store_true",
                                      help="re-extract every article, not only those of older versions")
    parsers["demo"].add_argument("--workdir", default="demo-run", help="folder for the demo's config and digest")
    parsers["demo"].add_argument("--serve", action="store_true", help="keep serving the corpus after the demo")
    sv = parsers["serve"]
    sv.add_argument("--interval", type=float, default=None, metavar="SECONDS",
                    help="run ingest every SECONDS instead of [schedule] ingest (testing)")
    sv.add_argument("--prefect-port", type=int, default=4200,
                    help="port of the local Prefect server (0: any free port); unused if PREFECT_API_URL is set")
    sv.add_argument("--feed-retries", type=int, default=3, help="retries of a feed after a transient error")
    sv.add_argument("--retry-delay", type=float, default=10.0, metavar="SECONDS",
                    help="first retry delay of a feed (doubles each retry, with jitter)")
    return parser


# Libraries that log whole URLs (a webhook URL is a secret) or request details at
# INFO/DEBUG: they stay at WARNING even with -v.
QUIET_LOGGERS = ("httpx", "httpcore", "hpack", "urllib3", "h2", "h11", "aiosmtpd", "mail.log")


def configure_logging(verbose: bool) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    configure_logging(args.verbose)
    try:
        return args.func(args)
    except USAGE_ERRORS as exc:
        print(f"newsmon: {one_line(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except ConfigError as exc:
        print(f"newsmon: configuration error: {one_line(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except WarehouseError as exc:
        print(f"newsmon: {one_line(exc)}", file=sys.stderr)
        return EXIT_USAGE if type(exc).__name__ == "SqlError" else EXIT_FAILED
    except NewsmonError as exc:
        print(f"newsmon: {one_line(exc)}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("newsmon: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:   # output piped into `head` and the like: not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
