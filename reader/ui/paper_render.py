"""One paper as a Rich renderable, for the detail pane and the reading view.

What the paper has, in a calm order; nothing for what it lacks: title, authors, the facts
line (arXiv id and version, dates, upvotes, stars, comments), your marks and tags, the
Hugging Face AI summary, the abstract (its paragraphs kept), the source's other facts (DOI,
journal, categories, comment, licence), the numbered links and your note. Data is always
plain `Text`, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group
from rich.text import Text

from reader.model import Paper
from reader.state import PaperState

EMPTY = Text("No paper selected.", style="dim")
AUTHORS_SHORT = 12  # the detail pane names this many authors, then "and N more"

# The source's facts shown under the abstract, in this order, with their labels.
FACT_LABELS = (
    ("doi", "DOI"),
    ("journal_ref", "Journal"),
    ("primary_category", "Primary category"),
    ("categories", "Categories"),
    ("comment", "Comment"),
    ("license", "Licence"),
    ("ai_keywords", "Keywords"),
    ("organization", "Organisation"),
    ("submitted_by", "Submitted by"),
    ("updated", "Updated"),
    ("announce_type", "Announced as"),
    ("pdf", "PDF"),
    ("text_from", "Text shown from"),
)


def authors_line(paper: Paper, full: bool) -> Text:
    names = list(paper.authors)
    if not full and len(names) > AUTHORS_SHORT:
        rest = len(names) - AUTHORS_SHORT
        names = [*names[:AUTHORS_SHORT], f"and {rest} more"]
    return Text(", ".join(names), style="italic")


def facts_line(paper: Paper, state: PaperState) -> Text:
    """'arXiv 2509.12345v2 · 2025-09-25 · ▲ 42 · ☆ 120 GitHub · 3 comments · ★ starred · read'"""
    parts: list[str] = []
    if paper.arxiv_id:
        parts.append(f"arXiv {paper.arxiv_id}{paper.version}")
    if paper.date:
        parts.append(paper.date.isoformat())
    published = paper.fact("published")
    if published and (paper.date is None or not published.startswith(paper.date.isoformat())):
        parts.append(f"published {published[:10]}")
    if paper.collection:
        parts.append(paper.collection)
    if paper.also_in:
        parts.append("also in " + ", ".join(paper.also_in))
    if paper.upvotes is not None:
        parts.append(f"▲ {paper.upvotes} upvotes")
    if paper.github_stars is not None:
        parts.append(f"☆ {paper.github_stars} GitHub stars")
    if paper.comments:
        parts.append(f"{paper.comments} comments")
    if state.starred:
        parts.append("★ starred")
    parts.append("read" if state.read else "unread")
    return Text(" · ".join(parts), style="dim")


def paragraphs(text: str) -> list[str]:
    """The abstract's paragraphs (a blank line apart in the source), each on one line."""
    blocks = [" ".join(block.split()) for block in text.replace("\r", "").split("\n\n")]
    return [block for block in blocks if block] or [""]


def render_paper(paper: Paper, state: PaperState, tags: Sequence[str],
                 highlight: Sequence[str] = (), *, full: bool = False, why: str = "") -> Group:
    """The whole paper. `full` (the reading view) names every author; `why` says why it is
    listed (more like this: the words it shares)."""
    words = [w for w in highlight if len(w) > 1]

    def marked(text: Text) -> Text:
        if words:
            text.highlight_words(words, style="reverse", case_sensitive=False)
        return text

    parts: list[Text] = [marked(Text(paper.title, style="bold"))]
    if paper.authors:
        parts.append(authors_line(paper, full))
    parts.append(facts_line(paper, state))
    if tags:
        parts.append(Text("tags: " + "  ".join(tags), style="dim"))
    if why:
        parts.append(Text(why, style="italic"))
    summary = paper.fact("ai_summary")
    if summary:
        parts += [Text(""), Text("AI summary ", style="bold dim") + Text(summary, style="italic")]
    for block in paragraphs(paper.abstract):
        parts += [Text(""), marked(Text(block))]
    facts = [(label, value) for key, label in FACT_LABELS if (value := paper.fact(key))]
    if facts:
        parts.append(Text(""))
        for label, value in facts:
            parts.append(Text(f"{label}: ", style="dim") + Text(value))
    if paper.links:
        parts.append(Text(""))
        for number, link in enumerate(paper.links, 1):
            line = Text(f"[{number}] ", style="bold")
            line.append(f"{link.kind:<8}", style="dim")
            line.append(link.url, style="underline")
            parts.append(line)
    if state.note:
        parts += [Text(""), Text("note: ", style="bold dim") + Text(state.note, style="italic")]
    return Group(*parts)
