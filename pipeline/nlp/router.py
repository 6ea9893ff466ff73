"""One extractor for English and Japanese articles, routed per article by language.

The language is the input's `lang` (ISO 639-1, e.g. from the article's detection at fetch
time) when given, else read from the script: text with kana (hiragana/katakana) making up a
real share of its letters is Japanese. English and every other language keep the English
pipeline (as before). The Japanese pipeline (GiNZA) is built only when the first Japanese
article arrives, so English-only runs never load it.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from pipeline.nlp.extractor import Extractor
from pipeline.records import Extraction, ExtractInput

KANA = re.compile(r"[\u3040-\u30ff]")
LETTER = re.compile(r"[A-Za-z\u3040-\u30ff\u4e00-\u9fff]")
SAMPLE_CHARS = 2000
MIN_KANA = 3
KANA_SHARE = 0.15
JAPANESE = "ja"


def script_language(text: str) -> str | None:
    """'ja' when kana make up at least 15% of the letters of the start of `text`, else None."""
    sample = text[:SAMPLE_CHARS]
    kana = len(KANA.findall(sample))
    if kana < MIN_KANA:
        return None
    letters = len(LETTER.findall(sample))
    return JAPANESE if kana >= KANA_SHARE * letters else None


def route_language(inp: ExtractInput) -> str:
    """'ja' or 'en': the input's own `lang` when it has one, else the script of headline + text."""
    if inp.lang:
        return JAPANESE if inp.lang.lower().split("-")[0].split("_")[0] == JAPANESE else "en"
    return script_language(f"{inp.title or ''}\n{inp.text if isinstance(inp.text, str) else ''}") or "en"


class RoutingExtractor:
    """Extractor for mixed-language input: English articles go to `english`, Japanese ones to a
    JaExtractor made on first need. Everything else (version, nlp, ...) is the English one's."""

    def __init__(self, english: Extractor, models_dir: Path):
        self.english = english
        self.models_dir = Path(models_dir)
        self._japanese = None

    def __getattr__(self, name: str):
        return getattr(self.english, name)

    @property
    def japanese(self):
        if self._japanese is None:
            from pipeline.nlp.ja.extractor import JaExtractor
            from pipeline.nlp.resources import load_resources

            self._japanese = JaExtractor(self.models_dir, load_resources(self.models_dir).kb)
        return self._japanese

    def version_for(self, lang: str | None) -> str:
        """The extractor version an article of language `lang` gets (no model is loaded)."""
        return self.japanese.version if (lang or "en") == JAPANESE else self.english.version

    def extract(self, inp: ExtractInput) -> Extraction:
        return next(self.extract_many([inp]))

    def extract_many(self, inputs: Iterable[ExtractInput], n_process: int = 1,
                     batch_size: int = 32) -> Iterator[Extraction]:
        """Extractions in input order. English articles stream through the English pipeline as
        before (one worker pool for the run); Japanese ones through GiNZA, in batches."""
        inputs = list(inputs)
        langs = [route_language(inp) for inp in inputs]
        if JAPANESE not in langs:
            yield from self.english.extract_many(inputs, n_process=n_process, batch_size=batch_size)
            return
        en = [inp for inp, lang in zip(inputs, langs) if lang != JAPANESE]
        ja = [inp for inp, lang in zip(inputs, langs) if lang == JAPANESE]
        en_done = iter(self.english.extract_many(en, n_process=n_process, batch_size=batch_size) if en else ())
        ja_done = iter(self._extract_japanese(ja, batch_size))
        for lang in langs:
            yield next(ja_done) if lang == JAPANESE else next(en_done)

    def _extract_japanese(self, inputs: list[ExtractInput], batch_size: int) -> Iterator[Extraction]:
        from pipeline.nlp.extractor import check_input

        good = []
        for inp in inputs:
            error = check_input(inp)
            if error is None:
                good.append(inp)
        results = iter(self.japanese.extract_many(good, batch_size=batch_size))
        for inp in inputs:
            error = check_input(inp)
            if error is None:
                yield next(results)
            else:
                yield Extraction(doc_id=str(inp.doc_id), extractor_version=self.japanese.version, error=error)
