"""A loopback HTTP server that serves the sample corpus like real publishers do.

Each feed is served in its own format and charset (with the charset in the
Content-Type header), each article as an HTML page; robots.txt allows all.
"""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from pipeline.demo.corpus_files import CorpusArticle, CorpusFeed, load_corpus
from pipeline.demo.render import article_path, feed_path, render_feed, render_page

CONTENT_TYPES = {"rss2": "application/rss+xml", "atom": "application/atom+xml", "rdf": "application/rdf+xml"}


class CorpusServer:
    """Serve the corpus on 127.0.0.1 (port 0 = any free port) in a background thread."""

    def __init__(self, feeds: list[CorpusFeed] | None = None, articles: list[CorpusArticle] | None = None,
                 port: int = 0):
        if feeds is None or articles is None:
            feeds, articles = load_corpus()
        self.feeds, self.articles = feeds, articles
        self._httpd = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self.requests: list[str] = []

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def feed_urls(self) -> dict[str, str]:
        return {f.name: self.base_url + feed_path(f) for f in self.feeds}

    def _routes(self) -> dict[str, tuple[str, bytes]]:
        base = self.base_url
        routes: dict[str, tuple[str, bytes]] = {"/robots.txt": ("text/plain", b"User-agent: *\nAllow: /\n")}
        by_name = {f.name: f for f in self.feeds}
        for feed in self.feeds:
            items = sorted((a for a in self.articles if a.feed == feed.name), key=lambda a: a.published, reverse=True)
            ctype = f"{CONTENT_TYPES[feed.format]}; charset={feed.encoding}"
            routes[feed_path(feed)] = (ctype, render_feed(feed, items, base))
        for article in self.articles:
            feed = by_name[article.feed]
            routes[article_path(feed, article)] = ("text/html; charset=utf-8", render_page(feed, article, base))
        return routes

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's naming)
                path = urlsplit(self.path).path
                server.requests.append(path)
                found = server.routes.get(path)
                if found is None:
                    self.send_error(404, "not in the sample corpus")
                    return
                ctype, body = found
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format, *args):  # silence per-request logging
                pass

        return Handler

    def start(self) -> "CorpusServer":
        self.routes = self._routes()
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> "CorpusServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
