"""The Extractor: one assembled pipeline, versioned by its code and models/ content."""
from __future__ import annotations

import logging
import multiprocessing as mp
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import islice
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp.assemble import build_nlp
from pipeline.nlp.assets import read_json_asset
from pipeline.nlp.headline import (
    outlet_tag, recase_headline, strip_dateline, strip_headline_source, strip_wire_markup,
)
from pipeline.nlp.resources import load_resources
from pipeline.nlp.title_case import recase_title_case
from pipeline.records import EntityHit, Extraction, ExtractInput

logger = logging.getLogger(__name__)

CODE_VERSION = "1"
DEFAULT_MODELS_DIR = Path(__file__).resolve().parents[2] / "models"
MAX_CHARS = 200_000
_WORKER: "Extractor | None" = None


@lru_cache(maxsize=8)
def outlet_tag_for(models_dir: Path) -> re.Pattern[str]:
    """The headline outlet tag built from the news outlets the models know (entity_filters.json media_outlets)."""
    return outlet_tag(read_json_asset(Path(models_dir) / "entity_filters.json").get("media_outlets", []))


def compose_text(inp: ExtractInput, models_dir: Path = DEFAULT_MODELS_DIR) -> str:
    """Headline first, then the body; the headline is closed as a sentence.

    Wire markup (tickers and names in angle brackets) is dropped and an all-capitals
    headline is recased from the body first (pipeline.nlp.headline), and a Title Case headline has
    its common words lower-cased (pipeline.nlp.title_case)."""
    title = strip_wire_markup((inp.title or "").strip())
    body = strip_dateline(strip_wire_markup(inp.text.strip()))
    if not title:
        return body
    title = recase_title_case(recase_headline(strip_headline_source(title, outlet_tag_for(models_dir)), body), body)
    if title[-1] not in ".!?:":
        # 'bid for Seven & i' + '.' would read as the abbreviation 'i.' and glue the headline to the body
        title += " ." if len(title) > 1 and title[-2] == " " and title[-1].isalpha() else "."
    return f"{title}\n\n{body}"


def check_input(inp: ExtractInput) -> str | None:
    if not isinstance(inp.text, str):
        return "text is missing or not a string"
    if inp.title is not None and not isinstance(inp.title, str):
        return "title is not a string"
    if len(inp.text) > MAX_CHARS:
        return f"text longer than {MAX_CHARS} characters"
    if len(inp.text) + len(inp.title or "") > MAX_CHARS:   # the title is analysed too
        return f"title and text together longer than {MAX_CHARS} characters"
    return None


class Extractor:
    """Turns ExtractInput records into Extraction records."""

    def __init__(self, nlp: Language, models_dir: Path, entity_files: tuple[Path, ...] = ()):
        self.nlp = nlp
        self.models_dir = models_dir
        self.entity_files = tuple(entity_files)
        base = f"{nlp.meta.get('name', 'base')}-{nlp.meta.get('version', '0')}"
        self.version = f"nlp{CODE_VERSION}-{base}-{load_resources(models_dir, self.entity_files).digest}"

    def extract(self, inp: ExtractInput) -> Extraction:
        return next(self.extract_many([inp]))

    def extract_many(self, inputs: Iterable[ExtractInput], n_process: int = 1,
                     batch_size: int = 32) -> Iterator[Extraction]:
        """Extractions in input order; a bad input yields an Extraction with `error` set."""
        if n_process > 1:
            yield from self._extract_parallel(inputs, n_process, batch_size)
            return
        it = iter(inputs)
        while chunk := list(islice(it, batch_size * 4)):
            yield from self._extract_chunk(chunk, batch_size)

    def _extract_chunk(self, chunk: list[ExtractInput], batch_size: int) -> list[Extraction]:
        errors = {i: check_input(inp) for i, inp in enumerate(chunk)}
        good = [(compose_text(inp, self.models_dir), i) for i, inp in enumerate(chunk) if errors[i] is None]
        out: dict[int, Extraction] = {}
        try:
            for doc, i in self.nlp.pipe(good, as_tuples=True, batch_size=batch_size):
                out[i] = self.doc_to_extraction(doc, chunk[i].doc_id)
        except Exception:  # one bad document must not sink the batch: redo one by one
            logger.exception("batch failed; retrying documents one at a time")
            out = {i: self._extract_one(text, chunk[i].doc_id) for text, i in good}
        return [out[i] if errors[i] is None else self._failed(chunk[i], errors[i]) for i in range(len(chunk))]

    def _extract_one(self, text: str, doc_id: str) -> Extraction:
        try:
            return self.doc_to_extraction(self.nlp(text), doc_id)
        except Exception as exc:  # recorded as a per-article failure
            logger.warning("extraction failed for %s: %s", doc_id, exc)
            return Extraction(doc_id=doc_id, extractor_version=self.version, error=f"extraction failed: {exc}")

    def _failed(self, inp: ExtractInput, error: str | None) -> Extraction:
        return Extraction(doc_id=str(inp.doc_id), extractor_version=self.version, error=error)

    def doc_to_extraction(self, doc: Doc, doc_id: str) -> Extraction:
        counts: dict[str, list] = {}
        for m in doc._.nm_mentions or []:
            row = counts.setdefault(m.name, [m.label, 0, m.kb_id])
            row[1] += 1
        entities = tuple(EntityHit(name, label, n, kb) for name, (label, n, kb) in counts.items())
        return Extraction(doc_id=doc_id, entities=entities, events=tuple(doc._.nm_events or ()),
                          market_moves=tuple(doc._.nm_moves or ()), extractor_version=self.version)

    def _extract_parallel(self, inputs: Iterable[ExtractInput], n_process: int,
                          batch_size: int) -> Iterator[Extraction]:
        """Worker processes each run nlp.pipe over chunks; results come back in order."""
        global _WORKER
        _WORKER = self
        ctx = mp.get_context("fork")
        chunks = _chunked(inputs, batch_size * 4)
        with ctx.Pool(n_process) as pool:
            for result in pool.imap(_work_chunk, ((c, batch_size) for c in chunks)):
                yield from result


def _chunked(inputs: Iterable[ExtractInput], size: int) -> Iterator[list[ExtractInput]]:
    it = iter(inputs)
    while chunk := list(islice(it, size)):
        yield chunk


def _work_chunk(args: tuple[list[ExtractInput], int]) -> list[Extraction]:
    chunk, batch_size = args
    assert _WORKER is not None
    return _WORKER._extract_chunk(chunk, batch_size)


def load_extractor(models_dir: Path | None = None, entity_files: tuple[Path, ...] = ()):
    """The extractor over `models_dir` (default: the repository's models/) and a story's entity
    files (layered over the built-in knowledge base; see pipeline.nlp.kb): English articles
    through the English pipeline, Japanese ones through GiNZA, loaded when the first one comes
    (pipeline.nlp.router.RoutingExtractor)."""
    from pipeline.nlp.router import RoutingExtractor

    root = Path(models_dir) if models_dir is not None else DEFAULT_MODELS_DIR
    return RoutingExtractor(Extractor(build_nlp(root, tuple(entity_files)), root, tuple(entity_files)), root)
