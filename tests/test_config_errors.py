"""A mistake in `[tool.pipeline]` and its tables is one line: the file, the key's line, the
key and the fix (the closest known key for a typo, the expected type for a wrong value,
the known engines for an unknown one, even when there is nothing to translate). Exit 2,
no traceback, no file changed."""

from __future__ import annotations

import hashlib
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from pipeline.cli import main

HEAD = '[project]\nname = "x"\n\n'  # the table under test starts at line 4
RELEASE = "2024-01-01-x.txt"


def project(root: Path, table: str) -> Path:
    (root / "pyproject.toml").write_text(HEAD + table + "\n", encoding="utf-8")
    (root / "releases").mkdir(exist_ok=True)
    (root / "releases" / RELEASE).write_text("Title of the release\n\nThe car is fast.\n",
                                             encoding="utf-8")
    return root


def files(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def refused(args: list[str], root: Path) -> str:
    """The one `pipeline: …` line of a refused run, with nothing in the project changed."""
    before = files(root)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert files(root) == before
    return lines[0]


KNOWN_TOP = ("(known: brands, build, check, engine, glossaries, languages, links, locales, "
             "releases, source_language, tm_similarity, variants)")
KNOWN_CHECK = "(known: disable, enable, fail_on, quotes, untranslated_threshold)"

# (what, the pyproject table, its line, the message after `pyproject.toml:LINE: `)
MISTAKES = [
    ("typo", '[tool.pipeline]\nlangauges = ["de"]', 5,
     f"unknown key 'langauges' in [tool.pipeline]; did you mean 'languages'? {KNOWN_TOP}"),
    ("typo in a table's name", '[tool.pipeline.cheks]\nfail_on = "warning"', 4,
     f"unknown key 'cheks' in [tool.pipeline]; did you mean 'check'? {KNOWN_TOP}"),
    ("typo in [check]", '[tool.pipeline.check]\ndisable = []\nfial_on = "warning"', 6,
     f"unknown key 'fial_on' in [tool.pipeline.check]; did you mean 'fail_on'? {KNOWN_CHECK}"),
    ("typo in an inline check table", "[tool.pipeline]\ncheck = { untranslated_treshold = 5 }",
     5, "unknown key 'untranslated_treshold' in [tool.pipeline.check]; did you mean "
        f"'untranslated_threshold'? {KNOWN_CHECK}"),
    ("typo in a variant", '[tool.pipeline.variants]\nde-CH = { base = "de", rulse = [] }', 5,
     "unknown key 'rulse' in [tool.pipeline.variants] de-CH; did you mean 'rules'? (known: "
     "base, replacements, rules)"),
    ("typo in a variant's own table", '[tool.pipeline.variants.de-CH]\nbase = "de"\nrulse = []',
     6, "unknown key 'rulse' in [tool.pipeline.variants] de-CH; did you mean 'rules'? (known: "
        "base, replacements, rules)"),
    ("typo in a brand", '[tool.pipeline.brands]\nsmart = { release = "releases/**" }', 5,
     "unknown key 'release' in [tool.pipeline.brands] smart; did you mean 'releases'? (known: "
     "glossaries, releases)"),
    ("typo in a rule", '[tool.pipeline.variants]\nde-CH = { rules = ["ss-for-eszet"] }', 5,
     "[tool.pipeline.variants] de-CH: unknown rule 'ss-for-eszet'; did you mean "
     "'ss-for-eszett'? (known: austrian-months, ss-for-eszett)"),
    ("a key after a multi-line list", '[tool.pipeline]\nlanguages = [\n  "de",\n  "fr",\n]\n'
     "glosaries = []", 9,
     f"unknown key 'glosaries' in [tool.pipeline]; did you mean 'glossaries'? {KNOWN_TOP}"),
    ("a key after a multi-line string",
     '[tool.pipeline.check]\ndisable = []\n\n[tool.other]\nx = """\nfail_on = 1\n"""\n'
     '[tool.pipeline]\nbild = "out"', 12,
     f"unknown key 'bild' in [tool.pipeline]; did you mean 'build'? {KNOWN_TOP}"),
    ("a string for a list", '[tool.pipeline]\nlanguages = "de"', 5,
     "[tool.pipeline] languages must be a list of strings, e.g. [\"de\", \"fr\"], not 'de'"),
    ("a language tag that is none", '[tool.pipeline]\nlanguages = ["de", "xx-!!"]', 5,
     '[tool.pipeline] languages must be a list of language tags such as ["de", "de-CH", '
     "\"pt-BR\"], not 'xx-!!'"),
    ("text for a number", '[tool.pipeline.check]\nuntranslated_threshold = "x"', 5,
     "[tool.pipeline.check] untranslated_threshold must be a number from 0 to 100, not 'x'"),
    ("a number out of range", "[tool.pipeline]\ntm_similarity = 75", 5,
     "[tool.pipeline] tm_similarity must be a number from 0 to 1, not 75"),
    ("a choice misspelt", '[tool.pipeline.check]\nfail_on = "warn"', 5,
     "[tool.pipeline.check] fail_on must be one of 'error', 'warning', 'never', not 'warn'; "
     "did you mean 'warning'?"),
    ("a rule list as a string", '[tool.pipeline.variants.de-CH]\nrules = "ss-for-eszett"', 5,
     "[tool.pipeline.variants] de-CH rules must be a list of strings, e.g. "
     "[\"ss-for-eszett\"], not 'ss-for-eszett'"),
    ("a brand without releases", "[tool.pipeline.brands]\nsmart = { glossaries = [] }", 5,
     '[tool.pipeline.brands] smart needs releases, such as { releases = "releases/smart/**", '
     'glossaries = ["glossaries/smart.yaml"] }'),
    ("quotation marks of one language", '[tool.pipeline.check.quotes]\nde = "„“"\nfr = 3', 6,
     '[tool.pipeline.check] quotes must be a table of language tags to quotation marks, e.g. '
     'de = "„“", fr = "« »" (fr = 3 is not an opening and a closing mark)'),
    ("an unknown engine", '[tool.pipeline]\nengine = "argoss"', 5,
     "[tool.pipeline] engine must be one of 'argos', 'apertium', 'none', not 'argoss'; did "
     "you mean 'argos'?"),
    ("an engine of another tool", '[tool.pipeline]\nengine = "deepl"', 5,
     "[tool.pipeline] engine must be one of 'argos', 'apertium', 'none', not 'deepl'"),
]


@pytest.mark.parametrize(("table", "line", "message"), [m[1:] for m in MISTAKES],
                         ids=[m[0] for m in MISTAKES])
@pytest.mark.parametrize("command", [["check"], ["translate", "--lang", "de", "-q"]],
                         ids=lambda c: c[0])
def test_a_configuration_mistake_is_one_line(tmp_path, monkeypatch, table, line, message,
                                             command):
    root = project(tmp_path, table)
    monkeypatch.chdir(root)
    assert refused(command, root) == f"pipeline: {root / 'pyproject.toml'}:{line}: {message}"


@pytest.fixture
def translated(tmp_path, monkeypatch) -> Path:
    """A project whose only release is translated already: nothing goes to an engine."""
    root = project(tmp_path, '[tool.pipeline]\nlanguages = ["de"]\nglossaries = []')
    monkeypatch.chdir(root)
    assert CliRunner().invoke(main, ["translate", "--engine", "none", "-q"]).exit_code == 0
    po_path = root / "locales" / "de" / RELEASE.replace(".txt", ".po")
    catalog = polib.pofile(str(po_path))
    for entry in catalog:
        entry.msgstr, entry.flags = f"DE {entry.msgid}", []
    catalog.save()
    (root / "locales" / "de" / RELEASE.replace(".txt", ".xlf")).unlink()
    assert CliRunner().invoke(main, ["translate", "-q"]).exit_code == 0  # the XLIFF again
    return root


def test_an_unknown_engine_is_named_with_nothing_to_translate(translated):
    result = CliRunner().invoke(main, ["translate", "--engine", "argos", "-q"])
    assert result.exit_code == 0 and "0 unique sent to the engine" in result.output
    assert refused(["translate", "--engine", "argoss", "-q"], translated) == (
        "pipeline: --engine: unknown engine 'argoss'; choose one of: argos, apertium, none "
        "(did you mean 'argos'?)")


def test_an_unknown_engine_in_pyproject_is_named_with_nothing_to_translate(translated):
    pyproject = translated / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8") + 'engine = "apertum"\n',
                         encoding="utf-8")
    assert refused(["translate", "-q"], translated) == (
        f"pipeline: {pyproject}:7: [tool.pipeline] engine must be one of 'argos', 'apertium', "
        "'none', not 'apertum'; did you mean 'apertium'?")


def test_the_repository_configuration_is_valid(root):
    from pipeline.config import load_settings

    settings = load_settings(root)
    assert settings.engine == "argos" and "de" in settings.languages
