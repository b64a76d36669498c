"""Issue 11: market variants (de-CH, de-AT, fr-CH, fr-BE) derived from one base translation.

Rules and derivation as tables; then `translate LANG=de,de-CH,de-AT` with the suite's
fixture en→de model (a real CTranslate2 + SentencePiece package whose German has "ß" and
"Januar"), through the CLI and through make.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from fixtures.argos_model import WORDS, PackageSpec, build_package
from make_support import make

from pipeline.catalogs.model import Catalog, Entry
from pipeline.catalogs.po import read_po
from pipeline.cli import main
from pipeline.language import Language
from pipeline.variants import Variant, derive_catalog, derive_text, rule_for
from pipeline.variants.rules import Replacements

ROOT = Path(__file__).resolve().parent.parent
NAME = "2024-01-25-alps"
RELEASE = ("smart has delivered nearly 70,000 units and the large global deliveries.\n\n"
           "The deliveries started on 19 January 2024.\n\n"
           "smart has delivered 5.5 units.\n")
VARIANTS = '''
[tool.pipeline.variants]
de-CH = { base = "de", rules = ["ss-for-eszett"] }
de-AT = { base = "de", rules = ["austrian-months"] }
fr-CH = { base = "fr" }
fr-BE = { base = "fr" }
'''


def variant(tag: str, *rules: str, base: str | None = None) -> Variant:
    language = Language.parse(tag)
    return Variant(language, Language.parse(base) if base else language.base,
                   tuple(rule_for(name) for name in rules))


@pytest.mark.parametrize(("tag", "rules", "base_text", "derived"), [
    ("de-CH", ["ss-for-eszett"], "Die große Straße", "Die grosse Strasse"),
    ("de-CH", ["ss-for-eszett"], "GROẞ", "GROSS"),
    ("de-CH", [], "70.000 Einheiten, 5,5 Sekunden", "70’000 Einheiten, 5.5 Sekunden"),
    ("de-CH", [], "im Jahr 2023 in 22 Ländern", "im Jahr 2023 in 22 Ländern"),  # no separators
    ("de-AT", [], "am 19. Januar 2024", "am 19. Jänner 2024"),  # CLDR's month name
    ("de-AT", ["austrian-months"], "im Januar und Februar", "im Jänner und Feber"),
    ("de-AT", ["austrian-months"], "Februarmitte", "Februarmitte"),  # whole words only
    ("fr-CH", [], "70 000 unités", "70 000 unités"),  # CLDR fr-CH writes it as fr does
    ("fr-BE", [], "5,5 secondes", "5,5 secondes"),
])
def test_derived_text(tag, rules, base_text, derived):
    assert derive_text(base_text, variant(tag, *rules)) == derived


def test_a_project_word_list():
    swiss = Variant(Language.parse("de-CH"), Language.parse("de"),
                    (Replacements((("Fahrrad", "Velo"), ("parken", "parkieren"))),))
    assert derive_text("Das Fahrrad parken, Fahrradweg", swiss) == "Das Velo parkieren, Fahrradweg"


def _base(*entries: Entry) -> Catalog:
    return Catalog(entries=list(entries), header={"Language": "de"})


def test_untouched_entries_follow_the_base_and_its_fuzzy_state():
    swiss = variant("de-CH", "ss-for-eszett")
    first = derive_catalog(_base(Entry("Big.", "Groß.", flags=["fuzzy"])), None, swiss).catalog
    assert (first.entries[0].msgstr, first.entries[0].fuzzy) == ("Gross.", True)
    assert any(line.startswith("variant of de (base ") and line.endswith("): Groß.")
               for line in first.entries[0].extracted_comments)
    again = derive_catalog(_base(Entry("Big.", "Sehr groß.")), first, swiss).catalog
    assert (again.entries[0].msgstr, again.entries[0].fuzzy) == ("Sehr gross.", False)


def test_a_person_s_edit_is_kept_and_goes_fuzzy_when_the_base_changes():
    swiss = variant("de-CH", "ss-for-eszett")
    first = derive_catalog(_base(Entry("Big.", "Groß.")), None, swiss).catalog
    first.entries[0].msgstr = "Mächtig."  # a Swiss reviewer's own word
    same = derive_catalog(_base(Entry("Big.", "Groß.")), first, swiss)
    assert (same.catalog.entries[0].msgstr, same.catalog.entries[0].fuzzy) == ("Mächtig.", False)
    moved = derive_catalog(_base(Entry("Big.", "Sehr groß.")), same.catalog, swiss)
    kept = moved.catalog.entries[0]
    assert (kept.msgstr, kept.fuzzy) == ("Mächtig.", True)
    assert "variant suggestion (from de): Sehr gross." in kept.extracted_comments
    assert (moved.stats.kept, moved.stats.refuzzied) == (1, 1)


def test_gone_entries_become_obsolete():
    swiss = variant("de-CH")
    first = derive_catalog(_base(Entry("One.", "Eins."), Entry("Two.", "Zwei.")), None, swiss)
    after = derive_catalog(_base(Entry("One.", "Eins.")), first.catalog, swiss)
    assert [(e.msgid, e.obsolete) for e in after.catalog.entries] == [("One.", False),
                                                                      ("Two.", True)]


# -- end to end with the fixture model -------------------------------------------------

@pytest.fixture(scope="module")
def german_package(tmp_path_factory) -> Path:
    words = {**WORDS["de"], "large": "große", "started": "begannen", "on": "am",
             "January": "Januar"}
    return build_package(tmp_path_factory.mktemp("argos-de-alps"), PackageSpec(words=words))


@pytest.fixture
def alps(project: Path, german_package: Path, tmp_path: Path, monkeypatch) -> Path:
    from pipeline.engines import packages

    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "argos"))
    packages.install_file(german_package)
    (project / "releases" / "2024-01-19-global-deliveries-near-70000.txt").unlink()
    (project / "releases" / f"{NAME}.txt").write_text(RELEASE, encoding="utf-8")
    pyproject = project / "pyproject.toml"
    if "[tool.pipeline.variants]" not in pyproject.read_text(encoding="utf-8"):
        with pyproject.open("a", encoding="utf-8") as handle:
            handle.write(VARIANTS)
    return project


def translate(*args: str) -> str:
    result = CliRunner().invoke(main, ["translate", "-q", *args])
    assert result.exit_code == 0, result.output
    return result.output


def catalog(project: Path, folder: str) -> polib.POFile:
    return polib.pofile(str(project / "locales" / folder / f"{NAME}.po"))


def test_variants_come_from_one_translation_with_no_extra_mt(alps):
    output = translate("--lang", "de,de-CH,de-AT", "--engine", "argos")
    sent = re.search(r"^de: .*\((\d+) unique sent to the engine\)", output, re.MULTILINE)
    assert sent and int(sent.group(1)) == 3  # the three German sentences, once
    assert "de-CH: 1 release(s) derived from de, 0 sent to the engine" in output
    assert "de-AT: 1 release(s) derived from de, 0 sent to the engine" in output
    de, swiss, austrian = (catalog(alps, f) for f in ("de", "de_CH", "de_AT"))
    assert any("ß" in e.msgstr for e in de) and not any("ß" in e.msgstr for e in swiss)
    base_january = [e.msgid for e in de if "Januar" in e.msgstr]
    assert base_january and all("Jänner" in austrian.find(m).msgstr for m in base_january)
    assert "70.000" in de.find(RELEASE.split("\n")[0]).msgstr
    assert "70’000" in swiss.find(RELEASE.split("\n")[0]).msgstr
    assert swiss.metadata["Language"] == "de_CH" and austrian.metadata["Language"] == "de_AT"
    assert all("fuzzy" in e.flags for e in swiss)  # an unreviewed base stays unreviewed
    result = CliRunner().invoke(main, ["check", "locales"])
    assert result.exit_code == 0 and result.output.startswith("clean: no problems in 3 files")


def test_a_base_edit_follows_and_a_variant_edit_survives(alps):
    translate("--lang", "de,de-CH", "--engine", "argos")
    first = RELEASE.split("\n")[0]
    started = "The deliveries started on 19 January 2024."
    de_po = alps / "locales" / "de" / f"{NAME}.po"
    swiss_po = alps / "locales" / "de_CH" / f"{NAME}.po"
    # A German reviewer fixes one sentence; a Swiss reviewer rewrites another in de-CH.
    base = polib.pofile(str(de_po))
    base.find(first).msgstr = "smart hat fast 70.000 Einheiten ausgeliefert, große Zahl."
    base.find(first).flags.remove("fuzzy")
    base.save()
    swiss = polib.pofile(str(swiss_po))
    swiss.find(started).msgstr = "Die Auslieferungen starteten am 19. Januar 2024."
    swiss.find(started).flags.remove("fuzzy")
    swiss.save()  # polib rewraps the long notes: the digests still tell what was derived
    translate("--lang", "de,de-CH", "--engine", "argos")
    after = polib.pofile(str(swiss_po))
    followed = after.find(first)
    assert followed.msgstr == "smart hat fast 70’000 Einheiten ausgeliefert, grosse Zahl."
    assert "fuzzy" not in followed.flags  # the base is reviewed now, so is its follower
    kept = after.find(started)
    assert (kept.msgstr, "fuzzy" in kept.flags) == (
        "Die Auslieferungen starteten am 19. Januar 2024.", False)
    # The base sentence changes under the Swiss edit: kept, fuzzy, new derived text offered.
    base = polib.pofile(str(de_po))
    base.find(started).msgstr = "Die Auslieferungen begannen am 19. Januar 2024 in Berlin."
    base.save()
    translate("--lang", "de,de-CH", "--engine", "argos")
    kept = polib.pofile(str(swiss_po)).find(started)
    assert kept.msgstr == "Die Auslieferungen starteten am 19. Januar 2024."
    assert "fuzzy" in kept.flags
    assert ("variant suggestion (from de): Die Auslieferungen begannen am 19. Januar 2024 in "
            "Berlin.") in kept.comment.replace("\n", " ")
    translate("--lang", "de,de-CH", "--engine", "argos")  # and it stays so on a re-run
    again = polib.pofile(str(swiss_po)).find(started)
    assert (again.msgstr, "fuzzy" in again.flags) == (kept.msgstr, True)


def test_an_s_in_de_ch_is_reported_at_its_line(alps):
    translate("--lang", "de,de-CH", "--engine", "argos")
    swiss_po = alps / "locales" / "de_CH" / f"{NAME}.po"
    text = swiss_po.read_text(encoding="utf-8").replace("grosse", "große")
    swiss_po.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(swiss_po)])
    assert result.exit_code == 1
    line = next(e.line for e in read_po(swiss_po).active() if "große" in e.msgstr)
    assert f"de_CH/{NAME}.po:{line}: error [variant.orthography]" in result.output
    assert "[variant.orthography] de-CH writes 'ss', not 'ß' (rule ss-for-eszett)" in result.output


@pytest.mark.skipif(shutil.which("make") is None, reason="GNU make is not installed")
def test_make_translate_with_variants(alps):
    for name in ("Makefile", "constraints.txt"):
        shutil.copy(ROOT / name, alps / name)
    # make_support: this run's environment, every install level marked done.
    done = make(alps, "translate", "LANG=de,de-CH,de-AT", timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "de-AT: 1 release(s) derived from de, 0 sent to the engine" in done.stdout
    assert sorted(p.name for p in (alps / "locales").iterdir()) == ["de", "de_AT", "de_CH"]
