"""`reader fetch`: download Daily Papers (a day or the last N days) or an arXiv query."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from reader import fetch, fetched_days
from reader.commands.import_cmd import refresh_cache
from reader.errors import FetchError
from reader.library import Library
from reader.library_update import add_papers, summary

NAME = "fetch"
HELP = "download Daily Papers or arXiv search results into your library"
MAX_DAYS = 31
EXIT_NETWORK = 1


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2025-09-25") from None


def _days(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= MAX_DAYS:
        raise argparse.ArgumentTypeError(f"--days needs a whole number from 1 to {MAX_DAYS}")
    return int(value)


def _positive(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = 0.0
    if not number > 0:
        raise argparse.ArgumentTypeError(f"{value!r} is not a positive number of seconds")
    return number


def add_arguments(parser: argparse.ArgumentParser) -> None:
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                       help="the Daily Papers of this day (default: today)")
    which.add_argument("--days", type=_days, metavar="N",
                       help="the Daily Papers of the last N days, today included")
    which.add_argument("--arxiv", metavar="QUERY",
                       help="arXiv search results instead, e.g. 'cat:cs.LG' or 'all:diffusion'")
    parser.add_argument("--max-results", type=int, default=fetch.DEFAULT_MAX_RESULTS, metavar="N",
                        help=f"with --arxiv: how many papers (default {fetch.DEFAULT_MAX_RESULTS})")
    parser.add_argument(
        "--base-url", metavar="URL",
        help=f"the API's base URL (default {fetch.DEFAULT_DAILY_PAPERS_URL}, or "
             f"{fetch.DEFAULT_ARXIV_URL} with --arxiv; also ${fetch.ENV_DAILY_PAPERS_URL}, "
             f"${fetch.ENV_ARXIV_URL} or {fetch.CONFIG_NAME} in the config dir)",
    )
    parser.add_argument("--timeout", type=_positive, metavar="SECONDS",
                        help=f"give up on a request after this long "
                             f"(default {fetch.DEFAULT_TIMEOUT:g})")
    parser.add_argument("--again", action="store_true",
                        help="with --days: fetch also the days already fetched today")


def run(args: argparse.Namespace) -> int:
    settings = fetch.load_settings()
    timeout = args.timeout or settings.timeout
    try:
        if args.arxiv is not None:
            base = fetch.check_base_url(args.base_url or settings.arxiv_url)
            papers = fetch.fetch_arxiv(args.arxiv, base_url=base, max_results=args.max_results,
                                       timeout=timeout)
            what = f"for arXiv query {args.arxiv!r}"
        else:
            base = fetch.check_base_url(args.base_url or settings.daily_papers_url)
            if args.days:
                return _fetch_days(args, base, timeout)
            else:
                day = args.date or dt.date.today()
                papers = fetch.fetch_daily(day, base_url=base, timeout=timeout)
                what = f"from Daily Papers of {day.isoformat()}"
    except FetchError as error:
        print(f"reader: {error}", file=sys.stderr)
        return EXIT_NETWORK
    library = Library()
    result = add_papers(library, papers)
    print(summary("Fetched", what, result, library))
    refresh_cache(result, library)
    return 0


def _fetch_days(args: argparse.Namespace, base: str, timeout: float) -> int:
    """The last N days, one request at a time with a pause between them; days fetched
    today already are skipped (unless --again). When a request fails, the days fetched
    before it are kept and remembered, so the next run fetches only the rest."""
    today = dt.date.today()
    known = fetched_days.load()
    days = [today - dt.timedelta(days=back) for back in range(args.days - 1, -1, -1)]
    todo = [day for day in days
            if args.again or not fetched_days.fetched_today(day, today, known)]
    skipped = len(days) - len(todo)
    papers, done, failure = [], [], None
    for n, day in enumerate(todo):
        try:
            if n:
                fetch.pause_between_requests()
            papers.extend(fetch.fetch_daily(day, base_url=base, timeout=timeout))
        except FetchError as error:
            failure = error
            break
        done.append(day)
    what = f"from {len(done)} of the last {args.days} days of Daily Papers"
    if skipped:
        what += f" ({skipped} fetched earlier today skipped; --again fetches them)"
    if done:
        library = Library()
        result = add_papers(library, papers)
        fetched_days.remember(done, today)
        print(summary("Fetched", what, result, library))
        refresh_cache(result, library)
    elif failure is None:
        print(f"Nothing to fetch: the last {args.days} days were fetched earlier today "
              "(--again fetches them again).")
    if failure is not None:
        left = len(todo) - len(done)
        print(f"reader: {str(failure).rstrip('.')}; {left} of the days are left (the same "
              "command fetches them).", file=sys.stderr)
        return EXIT_NETWORK
    return 0
