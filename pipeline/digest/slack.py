"""The digest and alerts as Slack-compatible webhook JSON: `{"text": ..., "blocks": [...]}`.

`text` is the notification/fallback line; `blocks` carry one mrkdwn section per
digest section. Slack's control characters (&, <, >) are escaped in all data, and
each section stays under Slack's 3000-character limit.
"""
from __future__ import annotations

from pipeline.digest.chart import sparkline_text
from pipeline.digest.model import Digest
from pipeline.digest.render import clip, format_pct, safe_url

SECTION_LIMIT = 2900


def escape_slack(text: object) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_link(url: str, label: str) -> str:
    url = safe_url(url)
    label = escape_slack(label).replace("|", "¦")
    return f"<{url}|{label}>" if url else label


def section_block(text: str) -> dict:
    if len(text) > SECTION_LIMIT:
        text = text[:SECTION_LIMIT - 1] + "…"
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def section_blocks_for(heading: str, lines: list[str]) -> list[dict]:
    """The heading and its lines, packed into as few sections as Slack's limit allows."""
    blocks, text = [], f"*{heading}*"
    for line in lines:
        if len(text) + 1 + len(line) > SECTION_LIMIT:
            blocks.append(section_block(text))
            text = line
        else:
            text += "\n" + line
    return blocks + [section_block(text)]


def deal_lines(digest: Digest) -> list[str]:
    lines = []
    for c in digest.deal_changes:
        flag = " :warning: contradicting reports" if c.contradicted else ""
        new = ", new deal" if c.is_new else ""
        lines.append(f"• *{escape_slack(c.name)}: {escape_slack(c.change)}* ({c.when}{new}){flag}\n"
                     f"   _{escape_slack(clip(c.evidence, 240))}_ — {slack_link(c.url, c.source)}")
    return lines


def section_blocks(digest: Digest) -> list[dict]:
    """One block per non-empty section, in reading order."""
    sections = [
        ("Summary", [f"• {escape_slack(line)}" for line in digest.summary]),
        ("Deal changes", deal_lines(digest)),
        ("Entity trends", [f"• {escape_slack(r.entity)} {r.mentions} (before {'–' if r.previous is None else r.previous}) "
                           f"`{sparkline_text(r.series)}`" + (" *spike*" if r.spiked else "")
                           for r in digest.rises]),
        ("Top stories", [f"• {slack_link(s.url, clip(s.title, 150))} · {s.sources} "
                         f"source{'s' if s.sources != 1 else ''}" for s in digest.top_stories]),
        ("Market moves", [f"• *{escape_slack(m.entity)}* {m.direction} {format_pct(m.pct)} "
                          f"({slack_link(m.url, m.source)}): {escape_slack(clip(m.evidence, 160))}"
                          for m in digest.moves]),
        ("New names", [escape_slack(", ".join(n.name for n in digest.new_names))]
         if digest.new_names else []),
    ]
    return [block for heading, lines in sections if lines for block in section_blocks_for(heading, lines)]


def build_slack_payload(digest: Digest, title: str = "newsmon digest") -> dict:
    """The whole digest as one webhook message."""
    subject = digest.subject(title)
    window = (f"{digest.since:%Y-%m-%d %H:%M} → {digest.until:%Y-%m-%d %H:%M} UTC · "
              f"{digest.articles} articles, {digest.stories} stories")
    blocks: list[dict] = [
        {"type": "header", "text": {"type": "plain_text", "text": clip(subject, 150)}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": escape_slack(window)}]},
    ]
    if digest.is_quiet:
        blocks += section_blocks_for("Quiet period", [
            f"No new articles about the story since {digest.since:%Y-%m-%d %H:%M} UTC."])
    else:
        blocks += section_blocks(digest)
    return {"text": escape_slack(subject), "blocks": blocks[:50]}


def build_slack_alert(lines: list[str], title: str = "newsmon alert") -> dict:
    """A short alert: one line per change."""
    text = f"{title}: " + "; ".join(lines)
    body = "\n".join(f"• {escape_slack(line)}" for line in lines)
    return {"text": escape_slack(clip(text, 300)),
            "blocks": [{"type": "section", "text": {"type": "mrkdwn",
                                                    "text": f"*{escape_slack(title)}*\n{body}"[:SECTION_LIMIT]}}]}
