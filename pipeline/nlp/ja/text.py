"""The Japanese text analysed: headline first, full-width digits made half-width, sentences."""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.records import ExtractInput

# one character for one character, so offsets into the analysed text stay simple
_HALF = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)},
                       "％": "%", "．": ".", "，": ",", "＄": "$", "＆": "&",
                       **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
                       **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)}})
_SENTENCE_END = re.compile(r"[^。！？!?\n]*(?:[。！？!?]+[」』）)]*|\n|$)")
HEADLINE_END = "。"


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    in_headline: bool


def halfwidth(text: str) -> str:
    return text.translate(_HALF)


def compose_ja_text(inp: ExtractInput) -> tuple[str, int]:
    """(analysed text, length of the headline part); the headline is closed with 。."""
    title = halfwidth((inp.title or "").strip())
    body = halfwidth(inp.text.strip())
    if not title:
        return body, 0
    if title[-1] not in "。！？!?":
        title += HEADLINE_END
    return f"{title}\n{body}", len(title)


def split_sentences(text: str, headline_end: int) -> list[Sentence]:
    """Sentences at 。！？ and line breaks (a closing quote stays with its sentence)."""
    out = []
    for m in _SENTENCE_END.finditer(text):
        chunk = m.group(0)
        stripped = chunk.strip()
        if not stripped:
            continue
        start = m.start() + (len(chunk) - len(chunk.lstrip()))
        out.append(Sentence(start, start + len(stripped), stripped, start < headline_end))
    return out
