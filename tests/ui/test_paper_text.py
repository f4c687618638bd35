"""The full-text screen under Pilot: f (or enter) from the reading view loads the paper in a
worker, the contents jump to sections, / finds, tab and enter follow citations, the reading
place is kept per paper, and every failure is one message with the reader still working."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from reader import paths
from reader.sources import hf_api
from reader.ui.screens.paper_text import PaperTextScreen
from reader.ui.screens.reading import ReadingScreen
from reader.ui.widgets.paper_text_view import PaperTextView
from tests.conftest import FIXTURES
from tests.fulltext.server import PaperServer
from tests.local_http import serving
from tests.ui.helpers import running

HF = FIXTURES / "hf_daily_papers_2026.json"
FIRST_ID = "2606.00467"  # the first paper of the list


@pytest.fixture
def hf_papers():
    return hf_api.parse(HF.read_text(encoding="utf-8"), source=str(HF), day=dt.date(2026, 6, 12))


@pytest.fixture
def papers(monkeypatch):
    server = PaperServer()
    server.known = {FIRST_ID}
    with serving(server, monkeypatch):
        monkeypatch.setenv("READER_ARXIV_HTML_URL", server.url)
        monkeypatch.setenv("READER_AR5IV_URL", server.url + "/ar5iv")
        yield server


async def open_full_text(pilot, key: str = "f") -> PaperTextScreen:
    app = pilot.app
    await pilot.press("enter")
    assert isinstance(app.screen, ReadingScreen)
    await pilot.press(key)
    screen = app.screen
    assert isinstance(screen, PaperTextScreen)
    await settle(pilot, screen)
    return screen


async def settle(pilot, screen: PaperTextScreen) -> None:
    for _ in range(100):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if screen.document is not None or "\n" in message(screen):
            return
    raise AssertionError("the full text never loaded")


def message(screen: PaperTextScreen) -> str:
    return str(screen.query_one("#paper-text-message").content)


def bar(screen: PaperTextScreen) -> str:
    return str(screen.query_one("#paper-text-bar").content)


def screen_text(view: PaperTextView) -> list[str]:
    return [view.render_line(y).text for y in range(view.size.height)]


async def test_f_loads_and_shows_the_paper(make_app, hf_papers, papers):
    async with running(make_app(hf_papers)) as pilot:
        screen = await open_full_text(pilot)
        view = screen.view
        assert screen.document.title.startswith("Audio-Visual Speech Enhancement")
        assert papers.requests == [f"/html/{FIRST_ID}"]
        shown = "\n".join(screen_text(view))
        assert "Audio-Visual Speech Enhancement: Architectural Design" in shown
        assert "Anis Hamadouche, Haifeng Luo" in shown
        assert not screen.query_one("#paper-text-loading").display
        assert bar(screen).startswith(" 5% — Audio-Visual Speech Enhancement")  # 40 of 740
        await pilot.press("space")
        assert view.top_line > 0
        await pilot.press("G")
        assert "Z. Zhu, H. Yang" in "\n".join(screen_text(view))


async def test_enter_from_the_abstract_and_cached_reopen(make_app, hf_papers, papers):
    async with running(make_app(hf_papers)) as pilot:
        screen = await open_full_text(pilot, key="enter")
        assert screen.document is not None
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, ReadingScreen)
        papers.shutdown()  # the network is gone: the cache serves the second opening
        await pilot.press("f")
        again = pilot.app.screen
        await settle(pilot, again)
        assert again.document is not None and again.document.title == screen.document.title


async def test_contents_jump_to_a_section(make_app, hf_papers, papers):
    async with running(make_app(hf_papers)) as pilot:
        screen = await open_full_text(pilot)
        await pilot.press("t")
        toc = screen.query_one("#paper-text-toc")
        assert toc.display and toc.has_focus
        labels = [str(toc.get_option_at_index(i).prompt) for i in range(toc.option_count)]
        assert "III Problem Formulation: Audio–Visual Speech Enhancement" in labels
        target = labels.index("III Problem Formulation: Audio–Visual Speech Enhancement")
        await pilot.press(*["down"] * (target - (toc.highlighted or 0)), "enter")
        assert not toc.display and screen.view.has_focus
        assert screen.view.section_at() == "III Problem Formulation: Audio–Visual Speech Enhancement"
        assert screen_text(screen.view)[0].strip() == \
            "III Problem Formulation: Audio–Visual Speech Enhancement"
        await pilot.press("right_square_bracket")
        assert screen.view.section_at() == "IV Proposed Solution"
        await pilot.press("backspace")  # back to where the contents jump started
        assert screen.view.top_line == 0


async def test_find_in_the_paper(make_app, hf_papers, papers):
    async with running(make_app(hf_papers)) as pilot:
        screen = await open_full_text(pilot)
        view = screen.view
        await pilot.press("slash", *"Wavelength", "enter")
        assert len(view.matches) > 3 and view.match_index == 0
        line, _ = view.matches[0]
        assert view.top_line <= line < view.top_line + view.size.height
        first = view.matches[view.match_index]
        await pilot.press("n")
        assert view.matches[view.match_index] != first
        await pilot.press("N")
        assert view.matches[view.match_index] == first
        row = view.render_line(line - view.top_line)
        assert "wavelength" in row.text.lower()


async def test_citation_jumps_to_the_reference_and_back(make_app, hf_papers, papers, link_calls):
    async with running(make_app(hf_papers)) as pilot:
        screen = await open_full_text(pilot)
        view = screen.view
        await pilot.press("slash", *"ultra-low latency", "enter")
        start = view.top_line
        await pilot.press("tab")
        while view.link is not None and view.link[3] != "cite":
            await pilot.press("tab")
        assert view.link[3:] == ("cite", "bib.bib7")
        await pilot.press("enter")
        top = screen_text(view)[0]
        assert top.strip().startswith("[4] European Telecommunications Standards Institute")
        await pilot.press("backspace")
        assert view.top_line == start
        assert link_calls == []


async def test_url_link_opens_and_copies(make_app, hf_papers, papers, link_calls):
    async with running(make_app(hf_papers)) as pilot:
        screen = await open_full_text(pilot)
        await pilot.press("G")
        await pilot.press("shift+tab")
        while screen.view.link is not None and screen.view.link[3] != "link":
            await pilot.press("shift+tab")
        url = screen.view.link[4]
        assert url.startswith("https://")
        await pilot.press("enter", "y")
        assert link_calls == [("open", url), ("copy", url)]


async def test_reading_place_is_remembered(make_app, hf_papers, papers):
    async with running(make_app(hf_papers)) as pilot:
        screen = await open_full_text(pilot)
        await pilot.press("t")
        await pilot.press("down", "down", "down", "down", "enter")
        block = screen.view.top_block
        assert block > 0
        await pilot.press("escape")
        await pilot.app.workers.wait_for_complete()
        saved = json.loads((paths.data_dir() / "reading-positions.json").read_text())
        assert saved[FIRST_ID]["block"] == block
        await pilot.press("f")
        again = pilot.app.screen
        await settle(pilot, again)
        assert again.view.top_block == block


async def test_no_html_offers_pdf_and_abstract(make_app, hf_papers, papers, link_calls):
    async with running(make_app(hf_papers)) as pilot:
        await pilot.press("j")  # the second paper: the server has no HTML for it
        screen = await open_full_text(pilot)
        assert screen.document is None
        assert "no HTML version of 2606.12730" in message(screen)
        await pilot.press("p", "a")
        assert link_calls == [("open", "https://arxiv.org/pdf/2606.12730"),
                              ("open", "https://arxiv.org/abs/2606.12730")]
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, ReadingScreen)


async def test_network_down_is_one_message(make_app, hf_papers, monkeypatch):
    monkeypatch.setenv("READER_ARXIV_HTML_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("READER_AR5IV_URL", "http://127.0.0.1:9")
    async with running(make_app(hf_papers)) as pilot:
        screen = await open_full_text(pilot)
        first = message(screen).splitlines()[0]
        assert first.startswith("Cannot reach 127.0.0.1") and first.endswith(".")
        await pilot.press("q")
        assert isinstance(pilot.app.screen, ReadingScreen)


async def test_a_paper_without_arxiv_id(make_app, seed_papers):
    # Most seed papers have an arXiv id now (data/seed-arxiv-ids.tsv): one without, first.
    papers = sorted(seed_papers, key=lambda p: p.arxiv_id is not None)
    assert papers[0].arxiv_id is None
    async with running(make_app(papers)) as pilot:
        screen = await open_full_text(pilot)
        assert "no arXiv id" in message(screen)


def test_snapshot_of_the_full_text(snap_compare, make_app, hf_papers):
    """Section III of the real paper from the cache (no network): numbered heading, text with
    inline math, display equations with their numbers, the bar with section and place."""
    from reader.fulltext import cache
    from reader.fulltext.parse import parse_document

    page = (FIXTURES / "arxiv_html_2508.08468v6.html").read_text(encoding="utf-8")
    cache.save(FIRST_ID, parse_document(page, "https://arxiv.org/html/2508.08468v6"))

    async def run_before(pilot) -> None:
        from tests.ui.helpers import wait_for_state

        await wait_for_state(pilot)
        screen = await open_full_text(pilot)
        await pilot.press("t")
        toc = screen.query_one("#paper-text-toc")
        labels = [str(toc.get_option_at_index(i).prompt) for i in range(toc.option_count)]
        target = labels.index("III Problem Formulation: Audio–Visual Speech Enhancement")
        await pilot.press(*["down"] * (target - (toc.highlighted or 0)), "enter")
        while not screen.view.laid.complete:  # the layout's later steps: a settled screen
            await pilot.pause(0.02)
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(make_app(hf_papers), terminal_size=(100, 32), run_before=run_before)


async def test_leaving_while_the_paper_is_still_coming(make_app, hf_papers, papers, monkeypatch):
    """Esc while the page trickles in: back at once; the late answer harms nothing."""
    config = paths.config_dir()
    config.mkdir(parents=True, exist_ok=True)
    (config / "fetch.toml").write_text("timeout = 1\n")
    monkeypatch.setenv("READER_ARXIV_HTML_URL", papers.url + "/stall")
    async with running(make_app(hf_papers)) as pilot:
        await pilot.press("enter", "f")
        assert isinstance(pilot.app.screen, PaperTextScreen)
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, ReadingScreen)
        await pilot.pause(1.5)  # the fetch gives up after its second
        await pilot.app.workers.wait_for_complete()
        await pilot.press("j")
        assert isinstance(pilot.app.screen, ReadingScreen)
        assert pilot.app.return_code is None


async def test_P_fetches_the_starred_papers_full_text_for_offline_reading(make_app, hf_papers,
                                                                         papers):
    from reader.fulltext import cache, source

    app = make_app(hf_papers)
    async with running(app) as pilot:
        await pilot.press("s", "P")  # star the first, then fetch the starred ones' text
        for _ in range(100):
            await app.workers.wait_for_complete()
            await pilot.pause()
            if any("Full text of 1 starred papers" in n.message for n in app._notifications):
                break
        assert any("1 fetched" in n.message for n in app._notifications)
        assert cache.has(source.target(FIRST_ID).key)  # it reads offline now
