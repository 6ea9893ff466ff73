"""End-to-end fetch throughput: `collect` vs one-at-a-time fetching, same run, same server.

A separate process serves N hosts (loopback servers on distinct ports) that add
50 ms latency to every response; each host has one RSS feed and its article
pages. We time `collect` (threads, then a process pool for extraction) and a
sequential baseline that fetches the feeds and every article page one at a time
through the same client and extraction code. Prints articles/s, the ratio and
peak RSS. per_host_delay_s is 0 here (the default 1 s would measure politeness,
not the pipeline). Run: python -m bench.bench_fetch [--articles 2000]
"""
from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import random
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.config import FetchSettings  # noqa: E402
from pipeline.fetch import PoliteClient, collect, parse_feed  # noqa: E402
from pipeline.fetch.extract import extract_page  # noqa: E402
from pipeline.fetch.text import warm_up  # noqa: E402
from pipeline.records import FeedSpec  # noqa: E402
from tests.loopback import LOOPBACK_ONLY, LoopbackServer  # noqa: E402

LATENCY_S = 0.05
WORDS = ("market shares company deal bank rate growth profit merger acquisition board "
         "investors quarter revenue billion million analysts said percent trading government "
         "policy minister election energy battery factory exports imports yen dollar euro "
         "inflation central report sales forecast chief executive plan").split()


def make_page(host: int, n: int) -> str:
    rng = random.Random(host * 100_003 + n)
    paragraphs = "".join(
        "<p>" + " ".join(rng.choice(WORDS) for _ in range(60)).capitalize() + ".</p>"
        for _ in range(8))
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Story {host}-{n}"
            f"</title><meta property='og:site_name' content='Host {host} News'></head><body>"
            f"<nav><a href='/'>Home</a></nav><article><h1>Story {host}-{n}</h1>{paragraphs}"
            f"</article><footer>Copyright Host {host}</footer></body></html>")


def make_feed(base: str, host: int, count: int) -> str:
    items = "".join(
        f"<item><title>Story {host}-{n}</title><link>{base}/article/{n}.html</link>"
        f"<description>Summary of story {n}</description>"
        f"<pubDate>Mon, 10 Feb 2025 09:{n % 60:02d}:00 GMT</pubDate></item>" for n in range(count))
    return f"<rss version='2.0'><channel><title>Host {host}</title>{items}</channel></rss>"


def serve_hosts(hosts: int, per_host: int, ports, stop) -> None:
    """Child process: run the loopback hosts until told to stop."""
    servers = []
    for host in range(hosts):
        server = LoopbackServer(latency_s=LATENCY_S)
        server.start()
        server.route("/feed.xml", make_feed(server.base_url, host, per_host), "application/rss+xml")
        for n in range(per_host):
            server.route(f"/article/{n}.html", make_page(host, n))
        servers.append(server)
    ports.put([s.port for s in servers])
    stop.wait()
    for server in servers:
        server.stop()


async def fetch_sequentially(settings: FetchSettings, feeds: list[FeedSpec]) -> int:
    """The baseline: every feed, then every article page, one request at a time."""
    done = 0
    async with PoliteClient(replace(settings, global_concurrency=1),
                            allowed_networks=LOOPBACK_ONLY) as client:
        for spec in feeds:
            response = await client.fetch(spec.url)
            _title, items = parse_feed(response.body, response.headers, spec.name, spec.url)
            for item in items:
                page = await client.fetch(item.link)
                done += bool(extract_page(page.body, page.headers.get("content-type"),
                                          page.final_url, item.published_at is None).text)
    return done


def time_collect(settings, feeds, executor=None) -> tuple[int, float]:
    started = time.perf_counter()
    result = asyncio.run(collect(settings, feeds, {}, lambda url: False,
                                 allowed_networks=LOOPBACK_ONLY, executor=executor))
    elapsed = time.perf_counter() - started
    page_articles = sum(1 for a in result.articles if a.text_source == "page")
    return page_articles, elapsed


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--sequential-sample", type=int, default=0,
                        help="time the baseline on this many feeds' worth only (0: all)")
    args = parser.parse_args()
    per_host = args.articles // args.hosts
    ctx = multiprocessing.get_context("spawn")
    ports, stop = ctx.Queue(), ctx.Event()
    child = ctx.Process(target=serve_hosts, args=(args.hosts, per_host, ports, stop), daemon=True)
    child.start()
    feeds = [FeedSpec(f"host{i}", f"http://127.0.0.1:{port}/feed.xml")
             for i, port in enumerate(ports.get(timeout=120))]
    settings = FetchSettings(per_host_delay_s=0.0, timeout_s=30.0, retries=0)
    warm_up()
    extract_page(make_page(0, 0).encode(), "text/html", "http://127.0.0.1/x")
    rss_before = peak_rss_mb()
    try:
        report(args, settings, feeds, per_host, rss_before)
    finally:
        stop.set()
        child.join(timeout=10)


def report(args, settings, feeds, per_host, rss_before) -> None:
    total = per_host * len(feeds)
    print(f"bench_fetch: {len(feeds)} hosts x {per_host} articles = {total}, "
          f"{LATENCY_S * 1000:.0f} ms latency per response, global_concurrency="
          f"{settings.global_concurrency}, per_host_concurrency={settings.per_host_concurrency}")
    got, elapsed = time_collect(settings, feeds)
    rss_threads = peak_rss_mb()
    print(f"  collect (extraction in threads):   {got} articles in {elapsed:6.1f}s = "
          f"{got / elapsed:6.1f} articles/s; peak RSS {rss_threads:.0f} MB "
          f"(after imports {rss_before:.0f} MB)")
    with ProcessPoolExecutor(max_workers=2) as pool:
        got_p, elapsed_p = time_collect(settings, feeds, pool)
    print(f"  collect (extraction in 2 processes): {got_p} articles in {elapsed_p:6.1f}s = "
          f"{got_p / elapsed_p:6.1f} articles/s; worker peak RSS "
          f"{peak_rss_mb(resource.RUSAGE_CHILDREN):.0f} MB")
    sample = feeds[: args.sequential_sample] if args.sequential_sample else feeds
    started = time.perf_counter()
    done = asyncio.run(fetch_sequentially(settings, sample))
    seq_elapsed = time.perf_counter() - started
    seq_rate = done / seq_elapsed
    print(f"  one at a time (baseline):          {done} articles in {seq_elapsed:6.1f}s = "
          f"{seq_rate:6.1f} articles/s" + (" (sample)" if args.sequential_sample else ""))
    print(f"  ratio collect/sequential: threads {got / elapsed / seq_rate:.1f}x, "
          f"processes {got_p / elapsed_p / seq_rate:.1f}x; peak RSS of this process "
          f"{peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
