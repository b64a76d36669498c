"""`pipeline report`: the reviewers' HTML page, checked on its structure and in Chromium."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner

from pipeline.catalogs.metadata import entry_meta
from pipeline.catalogs.model import Catalog, Entry
from pipeline.catalogs.po import read_po, write_po
from pipeline.cli import main
from pipeline.report.html import render_text
from pipeline.report.model import Mark, State, state_of

RELEASE = "2024-01-19-global-deliveries"
OTHER = "2024-02-01-boilerplate"
HOSTILE = 'Kontakt: <script>alert("x")</script> & "Presse" <img src=x onerror=alert(1)>'


def _mt(msgid: str, msgstr: str, confidence: float, *extra: str) -> Entry:
    return Entry(msgid=msgid, msgstr=msgstr, flags=["fuzzy"],
                 translator_comments=[f"MT: argos en→de, confidence {confidence:.2f}", *extra])


def _entries() -> list[Entry]:
    """One entry of each kind a reviewer must tell apart, in document order."""
    return [
        Entry(msgid="The smart #1 is here.", msgstr="Der smart #1 ist da."),
        _mt("Deliveries rose sharply.", "Die Auslieferungen stiegen stark.", 0.42),
        _mt("Customers like it.", "Die Kunden mögen ihn.", 0.91),
        Entry(msgid="About smart Automobile", msgstr="Über smart Automobile",
              translator_comments=["TM: exact match from release 2023-12-01-launch"]),
        Entry(msgid="More news will follow."),
        _mt("Drive the smart #3 today.", "Fahren Sie heute den smart #3.", 0.77,
            'recovery: placeholder for "smart #3" lost, translated around it'),
        _mt("The smart #1 won an award.", "Der Smart #1 gewann einen Preis.", 0.88),
        Entry(msgid="Read <g1>more</g1> about smart.<x2/>",
              msgstr="Lesen Sie <g1>mehr</g1> über smart.<x2/>"),
    ]


def write_locale(root: Path) -> Path:
    header = {"Language": "de", "Content-Type": "text/plain; charset=UTF-8"}
    entries = _entries()
    for number, entry in enumerate(entries, 1):
        entry.references = [f"releases/{RELEASE}.txt:{number}"]
        entry.extracted_comments = ["paragraph"]
    write_po(root / "locales" / "de" / f"{RELEASE}.po", Catalog(entries=entries, header=header))
    hostile = Entry(msgid=HOSTILE.replace("Kontakt", "Contact").replace("Presse", "press"),
                    msgstr=HOSTILE)
    write_po(root / "locales" / "de" / f"{OTHER}.po", Catalog(entries=[hostile], header=header))
    return root / "build" / "report-de.html"


@pytest.fixture
def report(project: Path) -> Path:
    """The default report of the fixture locale, written by the real command."""
    out = write_locale(project)
    result = CliRunner().invoke(main, ["report", "--lang", "de"])
    assert result.exit_code == 0, result.output
    assert "de: wrote build/report-de.html: 9 segments in 2 release(s)" in result.output
    return out


def _page(path: Path):
    return lxml.html.fromstring(path.read_bytes())


def _rows(page, release: str = RELEASE) -> list:
    return page.xpath(f'//section[@data-release="{release}"]//table/tbody/tr')


def _source(row) -> str:
    return row.xpath('./td[@class="source"]')[0].text_content()


def _row(page, msgid: str):
    found = [row for row in _rows(page) if _source(row) == msgid]
    assert len(found) == 1, msgid
    return found[0]


# -- what the page shows ------------------------------------------------------------------

@pytest.mark.parametrize(("msgid", "state", "badge"), [
    ("The smart #1 is here.", "reviewed", "reviewed"),
    ("Deliveries rose sharply.", "mt", "MT draft"),
    ("About smart Automobile", "tm", "TM"),
    ("More news will follow.", "untranslated", "untranslated"),
    ("Drive the smart #3 today.", "mt", "MT draft"),
])
def test_each_row_has_the_badge_of_its_state(report, msgid, state, badge):
    row = _row(_page(report), msgid)
    assert row.get("data-state") == state
    assert row.xpath('.//span[contains(@class, "badge")]')[0].text_content() == badge


def test_source_and_target_side_by_side_grouped_by_release(report):
    page = _page(report)
    assert [s.get("data-release") for s in page.xpath("//section[@data-release]")] == [
        RELEASE, OTHER]
    assert len(_rows(page)) == 8 and len(_rows(page, OTHER)) == 1
    row = _row(page, "Deliveries rose sharply.")
    assert row.xpath('./td[@class="target"]')[0].text_content() == (
        "Die Auslieferungen stiegen stark.")
    assert "not translated" in _row(page, "More news will follow.").text_content()


def test_totals_at_the_top(report):
    totals = {card.get("data-total"): int(card.xpath('./span[@class="n"]')[0].text)
              for card in _page(report).xpath('//section[@id="totals"]/div')}
    assert totals == {"segments": 9, "reviewed": 3, "mt": 4, "tm": 1, "untranslated": 1,
                      "findings": 1, "recovery": 1}


def test_mt_confidence_comes_from_the_po_comment(report):
    row = _row(_page(report), "Deliveries rose sharply.")
    assert row.get("data-confidence") == "0.42"
    conf = row.xpath('.//span[contains(@class, "conf")]')[0]
    assert "0.42" in conf.text_content() and "low" in conf.get("class")
    assert _row(_page(report), "The smart #1 is here.").get("data-confidence") == ""


def test_default_order_recovery_then_flagged_then_lowest_confidence(report):
    order = [_source(row) for row in _rows(_page(report))]
    assert order == [
        "Drive the smart #3 today.",  # placeholder recovery
        "The smart #1 won an award.",  # flagged by glossary.forbidden
        "Deliveries rose sharply.",  # 0.42
        "Customers like it.",  # 0.91
        "More news will follow.",
        "About smart Automobile",
        "The smart #1 is here.",
        "Read <g1>more</g1> about smart.<x2/>",
    ]
    ranks = [int(row.get("data-rank")) for row in _rows(_page(report))]
    assert ranks == list(range(8))


def test_findings_are_marked_on_their_row(report):
    page = _page(report)
    row = _row(page, "The smart #1 won an award.")
    assert "flagged" in row.get("class")
    (finding,) = row.xpath('.//li[contains(@class, "finding")]')
    assert finding.get("data-check") == "glossary.forbidden"
    assert "error" in finding.get("class")
    assert '"Smart #1"' in finding.text_content()
    entry = read_po(report.parent.parent / "locales" / "de" / f"{RELEASE}.po").find(
        "The smart #1 won an award.")
    assert finding.get("title") == f"locales/de/{RELEASE}.po:{entry.line}"
    flagged = page.xpath('//tr[contains(@class, "flagged")]')
    assert flagged == [row]


def test_glossary_terms_are_highlighted_with_their_rule(report):
    row = _row(_page(report), "The smart #1 won an award.")
    (source,) = row.xpath('./td[@class="source"]/mark')
    assert source.text_content() == "smart #1"
    assert "smart #1" in source.get("title") and "do not translate" in source.get("title")
    (target,) = row.xpath('./td[@class="target"]/mark')
    assert target.text_content() == "Smart #1"
    assert "forbidden" in target.get("class") and "forbidden" in target.get("title")
    reviewed = _row(_page(report), "The smart #1 is here.")
    assert [m.text_content() for m in reviewed.xpath('./td[@class="target"]/mark')] == [
        "smart #1"]


def test_recovery_note_is_shown(report):
    row = _row(_page(report), "Drive the smart #3 today.")
    assert "recovery" in row.get("class")
    (note,) = row.xpath('.//p[@class="recovery"]')
    assert 'placeholder for "smart #3" lost' in note.text_content()


def test_inline_codes_are_visible_chips_not_markup(report):
    row = _row(_page(report), "Read <g1>more</g1> about smart.<x2/>")
    chips = [c.text_content() for c in row.xpath('./td[@class="target"]/code[@class="chip"]')]
    assert chips == ["<g1>", "</g1>", "<x2/>"]
    assert not row.xpath(".//g1 | .//x2")


def test_catalog_text_is_escaped(report):
    page = _page(report)
    assert len(page.xpath("//script")) == 1  # the page's own script, nothing from the PO
    assert not page.xpath("//img | //*[@onerror]")
    (row,) = _rows(page, OTHER)
    assert row.xpath('./td[@class="target"]')[0].text_content() == HOSTILE


def test_page_is_self_contained(report):
    page = _page(report)
    assert not page.xpath("//link | //iframe | //object | //*[@src] | //*[@href]")
    csp = page.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')[0]
    assert "default-src 'none'" in csp
    assert b"http://" not in report.read_bytes() and b"https://" not in report.read_bytes()


@pytest.mark.parametrize(("text", "marks", "expected"), [
    ("a <b> & c", [], "a &lt;b&gt; &amp; c"),
    ("x <g1>y</g1>", [], 'x <code class="chip" title="inline code">&lt;g1&gt;</code>y'
                         '<code class="chip" title="inline code">&lt;/g1&gt;</code>'),
    ("smart", [Mark(0, 5, "smart", 'brand "x"')],
     '<mark class="term" data-term="smart" title="glossary term “smart” — brand &quot;x&quot;">'
     "smart</mark>"),
    # A mark cutting through an inline code cannot be drawn; the text stays intact.
    ("a<g1>b", [Mark(0, 3, "a<g", "r")],
     'a<code class="chip" title="inline code">&lt;g1&gt;</code>b'),
])
def test_render_text(text, marks, expected):
    assert render_text(text, marks) == expected


@pytest.mark.parametrize(("flags", "msgstr", "comments", "state"), [
    ([], "", [], State.UNTRANSLATED),
    (["fuzzy"], "", ["MT: argos en→de, confidence 0.50"], State.UNTRANSLATED),
    ([], "Hallo", [], State.REVIEWED),
    ([], "Hallo", ["MT: argos en→de, confidence 0.50"], State.REVIEWED),  # approved MT
    (["fuzzy"], "Hallo", ["MT: argos en→de, confidence 0.50"], State.MT),
    (["fuzzy"], "Hallo", ["TM suggestion (80% from release x): Hallo",
                          "MT: argos en→de, confidence 0.50"], State.MT),
    ([], "Hallo", ["TM: exact match from release x"], State.TM),
    (["fuzzy"], "Hallo", [], State.DRAFT),  # msgmerge guess or hand-set flag
])
def test_state_of_an_entry(flags, msgstr, comments, state):
    entry = Entry(msgid="Hello", msgstr=msgstr, flags=flags, translator_comments=comments)
    assert state_of(entry_meta(entry)) is state


# -- options and errors ---------------------------------------------------------------------

def test_output_option_and_atomic_write(project):
    write_locale(project)
    result = CliRunner().invoke(main, ["report", "--lang", "de", "-o", "out/review.html"])
    assert result.exit_code == 0, result.output
    assert (project / "out" / "review.html").read_text(encoding="utf-8").startswith(
        "<!DOCTYPE html>")
    assert sorted(p.name for p in (project / "out").iterdir()) == ["review.html"]
    assert not (project / "build").exists()


def test_disabled_check_is_not_reported(project):
    write_locale(project)
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace(
        "disable = []", 'disable = ["glossary.forbidden"]'))
    assert CliRunner().invoke(main, ["report", "--lang", "de"]).exit_code == 0
    page = _page(project / "build" / "report-de.html")
    assert not page.xpath('//li[contains(@class, "finding")]')


@pytest.mark.parametrize(("args", "setup", "message"), [
    (["--lang", "de"], None, "locales/de: no PO files for de; run `make translate LANG=de`"),
    (["--lang", "../etc"], None, "invalid language code '../etc'"),
    (["--lang", "de"], "malformed", f"locales/de/{RELEASE}.po:{{line}}: duplicate message"),
    (["--lang", "de", "--glossary", "missing.yaml"], "locale", "missing.yaml: glossary not found"),
    (["--lang", "de,fr", "-o", "x.html"], "locale", "--output takes one language"),
])
def test_bad_input_is_one_line_and_exit_2(project, args, setup, message):
    if setup:
        write_locale(project)
    if setup == "malformed":
        po = project / "locales" / "de" / f"{RELEASE}.po"
        text = po.read_text(encoding="utf-8")
        po.write_text(text + '\nmsgid "More news will follow."\nmsgstr ""\n', encoding="utf-8")
        message = message.format(line=text.count("\n") + 2)  # the duplicate msgid's line
    result = CliRunner().invoke(main, ["report", *args])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("pipeline: ") and message in result.output
    assert "Traceback" not in result.output
    assert not (project / "build").exists() and not (project / "x.html").exists()


def test_report_loads_no_translation_machinery(project):
    write_locale(project)
    code = (
        "import sys; from click.testing import CliRunner; from pipeline.cli import main; "
        "result = CliRunner().invoke(main, ['report', '--lang', 'de']); "
        "assert result.exit_code == 0, result.output; "
        "print(','.join(m for m in ('argostranslate', 'ctranslate2', 'sentencepiece', 'torch') "
        "if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=project, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


# -- in a real browser ----------------------------------------------------------------------

def _chromium() -> str | None:
    return next((found for name in ("chromium", "chromium-browser", "google-chrome")
                 if (found := shutil.which(name))), None)


def _browser(binary: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--window-size=1280,2000"]
    return subprocess.run([binary, *flags, *args], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "LANG": "C.UTF-8"}, check=False)


def test_report_opens_in_headless_chromium(report, tmp_path):
    binary = _chromium()
    if binary is None:
        pytest.skip("chromium is not installed (.ci/run installs Debian's chromium)")
    url = report.resolve().as_uri()
    shot = tmp_path / "shot.png"
    taken = _browser(binary, tmp_path / "profile-1", f"--screenshot={shot}", url)
    assert shot.is_file(), taken.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 2000)

    # The script ran: it re-sorted the rows by lowest confidence (asked for in the URL),
    # counted the shown rows and marked the page ready.
    dumped = _browser(binary, tmp_path / "profile-2", "--dump-dom", url + "#sort=confidence")
    page = lxml.html.fromstring(dumped.stdout)
    body = page.xpath("//body")[0]
    assert body.get("data-ready") == "true", dumped.stderr[-2000:]
    assert body.get("data-sort") == "confidence"
    assert page.xpath('//*[@id="shown"]')[0].text_content() == "9"
    assert [row.get("data-confidence") for row in _rows(page)][:4] == [
        "0.42", "0.77", "0.88", "0.91"]
