"""Fetching from a local server: the page, the ar5iv fallback, the cache, and one sentence for
every failure."""

from __future__ import annotations

import threading
import time

import pytest

from reader.errors import FetchError, ReaderError
from reader.fulltext import source
from reader.fulltext.download import USER_AGENT, fetch_page
from reader.fulltext.parse import NotLatexml


def _settings(**changes):
    return source.FullTextSettings(**{**vars_of(source.load_settings()), **changes})


def vars_of(settings):
    return {"html_url": settings.html_url, "ar5iv_url": settings.ar5iv_url,
            "timeout": settings.timeout}


def _one_sentence(message: str) -> None:
    assert "\n" not in message and "Traceback" not in message
    assert message.endswith(".") and message.count(". ") == 0


def test_fetch_by_id_parses_and_caches(papers):
    settings = source.load_settings()
    assert settings.html_url == papers.url
    document, from_cache = source.open_paper(source.target("2508.08468v6"), settings)
    assert not from_cache and document.title.startswith("Audio-Visual Speech Enhancement")
    assert papers.requests == ["/html/2508.08468v6"]
    assert papers.agents == [USER_AGENT]
    again, from_cache = source.open_paper(source.target("arXiv:2508.08468"), settings)
    assert from_cache and again.blocks == document.blocks
    assert papers.requests == ["/html/2508.08468v6"]  # the second came from the cache


def test_cached_paper_opens_with_the_network_off(papers, dead_url, monkeypatch):
    source.open_paper(source.target("2508.08468v6"), source.load_settings())
    monkeypatch.setenv("READER_ARXIV_HTML_URL", dead_url)
    monkeypatch.setenv("READER_AR5IV_URL", dead_url)
    document, from_cache = source.open_paper(source.target("2508.08468"), source.load_settings())
    assert from_cache and document.authors[0] == "Anis Hamadouche"


def test_ar5iv_fallback_when_arxiv_has_no_html(papers):
    settings = _settings(html_url=papers.url + "/status-404")
    document, _ = source.open_paper(source.target("2508.08468"), settings)
    assert document.title.startswith("Audio-Visual")
    assert papers.requests == ["/status-404/html/2508.08468", "/ar5iv/html/2508.08468"]


def test_no_html_anywhere_offers_pdf_and_abstract(papers):
    with pytest.raises(source.NoFullText) as caught:
        source.open_paper(source.target("2401.00001"), source.load_settings())
    message = str(caught.value)
    _one_sentence(message)
    assert "https://arxiv.org/pdf/2401.00001" in message
    assert "https://arxiv.org/abs/2401.00001" in message


def test_network_down(dead_url):
    settings = source.FullTextSettings(html_url=dead_url, ar5iv_url=dead_url, timeout=5)
    with pytest.raises(FetchError) as caught:
        source.open_paper(source.target("2508.08468"), settings)
    _one_sentence(str(caught.value))
    assert "connection refused" in str(caught.value)


def test_truncated_with_content_length(papers):
    with pytest.raises(FetchError, match=r"broke off after \d+ of \d+ bytes"):
        source.open_paper(source.target(papers.url + "/truncated/html/2508.08468"),
                          source.load_settings())


def test_truncated_without_content_length(papers):
    with pytest.raises(FetchError, match="cut off before its end") as caught:
        source.open_paper(source.target(papers.url + "/cut/html/2508.08468"),
                          source.load_settings())
    _one_sentence(str(caught.value))


def test_not_latexml(papers):
    with pytest.raises(NotLatexml) as caught:
        source.open_paper(source.target(papers.url + "/portal/html/2508.08468"),
                          source.load_settings())
    _one_sentence(str(caught.value))


def test_timeout_bounds_the_whole_request(papers):
    started = time.monotonic()
    with pytest.raises(FetchError, match="did not answer within 0.5 seconds") as caught:
        fetch_page(papers.url + "/stall/html/x", timeout=0.5)
    _one_sentence(str(caught.value))
    assert time.monotonic() - started < 5  # a bound, not a timing assert: it must not hang


def test_retry_after_is_honoured(papers):
    waits: list[float] = []
    html = fetch_page(papers.url + "/busy/html/2508.08468", timeout=30, sleep=waits.append)
    assert "ltx_document" in html
    assert waits == [1.0]
    assert papers.requests == ["/busy/html/2508.08468", "/busy/html/2508.08468"]


def test_retry_after_longer_than_the_time_left(papers):
    with pytest.raises(FetchError, match="asked to come back in 1 seconds") as caught:
        fetch_page(papers.url + "/busy/html/2508.08468", timeout=0.5, sleep=lambda s: None)
    _one_sentence(str(caught.value))


def test_one_request_at_a_time(papers):
    """Two threads asking at once: the second request starts after the first ended."""
    results: list[str] = []

    def read(path: str) -> None:
        try:
            fetch_page(papers.url + path, timeout=2)
        except FetchError as error:
            results.append(str(error))

    first = threading.Thread(target=read, args=("/stall/html/x",))
    first.start()
    while not papers.requests:
        time.sleep(0.01)
    second = threading.Thread(target=read, args=("/html/2508.08468",))
    second.start()
    time.sleep(0.3)
    assert papers.requests == ["/stall/html/x"]  # the second waits for the first
    papers.release.set()
    first.join(10)
    second.join(10)
    assert papers.requests == ["/stall/html/x", "/html/2508.08468"]


def test_progress_reports_bytes(papers):
    seen: list[tuple[int, int | None]] = []
    fetch_page(papers.url + "/html/2508.08468", timeout=10, progress=lambda n, t: seen.append((n, t)))
    assert seen[-1] == (144953, 144953)


@pytest.mark.parametrize(("text", "arxiv_id", "version", "url"), [
    ("2508.08468", "2508.08468", "", ""),
    ("arXiv:2508.08468v6", "2508.08468", "v6", ""),
    ("https://arxiv.org/abs/2508.08468v2", "2508.08468", "v2", ""),
    ("https://arxiv.org/html/2508.08468v6#S3", "2508.08468", "v6",
     "https://arxiv.org/html/2508.08468v6#S3"),
    ("https://ar5iv.labs.arxiv.org/html/1706.03762", "1706.03762", "",
     "https://ar5iv.labs.arxiv.org/html/1706.03762"),
    ("cond-mat/0412498", "cond-mat/0412498", "", ""),
    ("http://127.0.0.1:8000/copy.html", "", "", "http://127.0.0.1:8000/copy.html"),
])
def test_targets(text, arxiv_id, version, url):
    what = source.target(text)
    assert (what.arxiv_id, what.version, what.url) == (arxiv_id, version, url)


def test_bad_target():
    with pytest.raises(ReaderError, match="neither an arXiv id"):
        source.target("not a paper")


def test_settings_from_fetch_toml(tmp_path):
    (tmp_path / "fetch.toml").write_text('arxiv_html_url = "http://mirror.test/"\n'
                                         'ar5iv_url = "http://ar5iv.test"\ntimeout = 7\n')
    settings = source.load_settings(tmp_path, environ={})
    assert settings == source.FullTextSettings("http://mirror.test", "http://ar5iv.test", 7.0)
    env = source.load_settings(tmp_path, environ={"READER_ARXIV_HTML_URL": "http://env.test"})
    assert env.html_url == "http://env.test"


def test_damaged_cache_file_is_fetched_again(papers):
    from reader.fulltext import cache

    source.open_paper(source.target("2508.08468"), source.load_settings())
    path = cache.cache_dir() / "2508.08468.json.gz"
    path.write_bytes(b"\x1f\x8b garbage")
    document, from_cache = source.open_paper(source.target("2508.08468"), source.load_settings())
    assert not from_cache and document.title.startswith("Audio-Visual")
