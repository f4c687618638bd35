"""`reader enrich`: find the arXiv ids of papers that have none (the built-in catalog's,
copied pages') by their exact titles, and fill in authors, dates, PDF, upvotes and stars."""

from __future__ import annotations

import argparse
import sys

from reader import fetch
from reader.commands.fetch_cmd import EXIT_NETWORK, _positive
from reader.commands.import_cmd import refresh_cache
from reader.errors import FetchError
from reader.library import ImportResult, Library

NAME = "enrich"
HELP = "find arXiv ids for papers without one (exact titles) and fill in their details"
ARXIV_PAUSE = 3.0  # the arXiv API's terms: no more than one request every three seconds


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--query", "-q", default="", metavar="Q",
                        help="only the papers this query finds (the query language of /)")
    parser.add_argument("--arxiv-url", metavar="URL",
                        help=f"the arXiv API's base URL (default {fetch.DEFAULT_ARXIV_URL})")
    parser.add_argument("--hf-url", metavar="URL",
                        help=f"the Hugging Face API's base URL (default "
                             f"{fetch.DEFAULT_DAILY_PAPERS_URL})")
    parser.add_argument("--no-hf", action="store_true",
                        help="do not ask the Hugging Face API for upvotes and stars")
    parser.add_argument("--pause", type=float, default=ARXIV_PAUSE, metavar="SECONDS",
                        help=f"seconds between two requests (default {ARXIV_PAUSE:g})")
    parser.add_argument("--timeout", type=_positive, metavar="SECONDS",
                        help=f"give up on a request after this long (default "
                             f"{fetch.DEFAULT_TIMEOUT:g})")


def _chosen(query_text: str):
    """The untagged papers to consider: all, or those the query finds."""
    from reader.catalog.files import library_papers

    papers = library_papers()
    if not query_text.strip():
        return papers
    from reader.commands.common import load_entries
    from reader.query import parse
    from reader.query.select import select

    query = parse(query_text)  # a malformed query stops here, before any request
    wanted = {e.paper.id for e in select(load_entries(argparse.Namespace(files=[], db=None)),
                                          query, "page")}
    return [paper for paper in papers if paper.id in wanted]


def _shown(text: str) -> str:
    """A title safe to print: no control characters (no escape sequence reaches the terminal)."""
    return "".join(char if char.isprintable() else " " for char in text)


def run(args: argparse.Namespace) -> int:
    from reader.enrich.enrich import enrich, needs_enriching
    from reader.enrich.polite import PoliteClient

    settings = fetch.load_settings()
    arxiv_base = fetch.check_base_url(args.arxiv_url or settings.arxiv_url)
    hf_base = None if args.no_hf else fetch.check_base_url(args.hf_url or settings.daily_papers_url)
    papers = _chosen(args.query)
    todo = needs_enriching(papers)
    if not todo:
        print("Every paper chosen already has an arXiv id; nothing to enrich.")
        return 0
    library = Library()
    total = ImportResult()

    def save(found):
        nonlocal total
        result = library.add(found)
        total = ImportResult(total.added + result.added, total.updated + result.updated,
                             total.unchanged + result.unchanged)

    def progress(done: int, count: int) -> None:
        if done and sys.stderr.isatty():
            print(f"\rLooked up {done} of {count} titles…", end="", file=sys.stderr)

    client = PoliteClient(timeout=args.timeout or settings.timeout, pause=max(args.pause, 0.0))
    try:
        report = enrich(papers, client, arxiv_base=arxiv_base, hf_base=hf_base, save=save,
                        progress=progress)
    except FetchError as error:
        kept = f" ({total.added + total.updated} papers enriched before that are kept)" \
            if total.added or total.updated else ""
        print(f"reader: {str(error).rstrip('.')}{kept}.", file=sys.stderr)
        refresh_cache(total)
        return EXIT_NETWORK
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(f"Enriched {len(report.enriched)} of {len(todo)} papers without an arXiv id "
          f"into {library.path}.")
    for paper, ids in report.ambiguous:
        print(f"  ambiguous, left alone: {_shown(paper.title)} (arXiv {', '.join(ids)})")
    for paper in report.not_found:
        print(f"  no exact match, left alone: {_shown(paper.title)}")
    refresh_cache(total)
    return 0
