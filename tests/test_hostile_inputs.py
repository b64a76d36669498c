"""Hostile releases, glossaries, XML (XLIFF, TBX) and model archives through the CLI:
one `pipeline: file[:line]: reason` line, exit 2, no traceback, locales/ byte-identical,
nothing resolved, nothing fetched, nothing written outside its folder."""

from __future__ import annotations

import shutil
import tracemalloc
from pathlib import Path

import pytest
from hostile.support import (
    HOSTILE,
    SEED,
    assert_refused,
    invoke,
    no_network,
    snapshot,
)

pytest_plugins = ["hostile.plugin"]

TRANSLATE = ["translate", "--lang", "es", "--engine", "apertium", "-q"]


# -- releases ---------------------------------------------------------------------------------
def _ten_megabytes(path: Path) -> Path:
    seed = SEED.read_text(encoding="utf-8")
    with path.open("w", encoding="utf-8") as handle:
        while handle.tell() < 10 * 1024 * 1024:
            handle.write(seed)
    return path


@pytest.mark.parametrize("command", [TRANSLATE, ["build", "--lang", "es"], ["extract"],
                                     ["segment"]], ids=lambda c: c[0])
def test_a_10_mb_release_is_refused_with_the_limit_before_it_is_read(populated, command):
    huge = _ten_megabytes(populated / "releases" / "huge.txt")
    before = snapshot(populated, ("locales", "build")) if (populated / "build").exists() \
        else snapshot(populated)
    tracemalloc.start()
    try:
        result = invoke([*command, "releases/huge.txt"])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert_refused(result, "releases/huge.txt", None, r"release is 10\.0 MB; the limit is 5 MB")
    # Reading the file would allocate its 10 MB at least (bytes, then text).
    assert peak < huge.stat().st_size, f"{peak} bytes allocated to refuse the release"
    assert snapshot(populated) == before
    assert not (populated / "build" / "es" / "huge.txt").exists()


@pytest.mark.parametrize("name", ["../x.txt", "../../etc/passwd", "releases/../../x.txt"])
def test_translate_refuses_a_release_name_with_dot_dot(populated, name):
    # A real file where the name points, so only the name can be the reason to refuse.
    shutil.copy(SEED, populated.parent / "x.txt")
    before = snapshot(populated)
    result = invoke([*TRANSLATE, name])
    assert_refused(result, name.split("/")[-1], None, r"'\.\.'")
    assert snapshot(populated) == before
    assert not list(populated.parent.glob("locales")), "nothing written beside the project"


def test_build_refuses_a_release_name_with_dot_dot(populated):
    shutil.copy(SEED, populated.parent / "x.txt")
    es = populated / "locales" / "es"
    shutil.copy(es / f"{SEED.stem}.po", es / "x.po")
    result = invoke(["build", "--lang", "es", "../x.txt"])
    assert_refused(result, "x.txt", None, r"'\.\.'")
    assert not (populated / "build" / "es" / "x.txt").exists()
    assert not (populated.parent / "build").exists()


def test_two_releases_with_one_name_are_refused_instead_of_overwriting(populated):
    (populated / "news").mkdir()
    shutil.copy(SEED, populated / "news" / f"{SEED.stem}.md")
    before = snapshot(populated)
    result = invoke([*TRANSLATE, f"releases/{SEED.name}", f"news/{SEED.stem}.md"])
    assert_refused(result, f"news/{SEED.stem}.md", None, "same release name")
    assert snapshot(populated) == before


# -- glossaries -------------------------------------------------------------------------------
GLOSSARIES = [
    ("invalid.yaml", 6, r"the quote \" opened here is never closed"),  # not 8, the end
    ("invalid.toml", 5, r"invalid TOML"),
    ("conflicting.yaml", 8, r"conflicting definitions of 'Golden Steering Wheel'.*:4$"),
    ("whitespace-term.yaml", 6, r"empty or whitespace-only term"),
]
GLOSSARY_IDS = [case[0] for case in GLOSSARIES]


@pytest.mark.parametrize("command", [["check", "locales", "--glossary"],
                                     ["report", "--lang", "es", "--glossary"]], ids=lambda c: c[0])
@pytest.mark.parametrize(("name", "line", "reason"), GLOSSARIES, ids=GLOSSARY_IDS)
def test_check_and_report_refuse_the_glossary(populated, command, name, line, reason):
    before = snapshot(populated)
    result = invoke([*command, str(HOSTILE / "glossaries" / name)])
    assert_refused(result, f"glossaries/{name}", line, reason)
    assert snapshot(populated) == before
    assert not (populated / "build").exists()


@pytest.mark.parametrize(("name", "line", "reason"), GLOSSARIES, ids=GLOSSARY_IDS)
def test_translate_refuses_the_configured_glossary(populated, name, line, reason):
    shutil.copy(HOSTILE / "glossaries" / name, populated / "glossaries" / name)
    pyproject = populated / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace(
        '"glossaries/smart.yaml"', f'"glossaries/{name}"'), encoding="utf-8")
    before = snapshot(populated)
    result = invoke(TRANSLATE)
    assert_refused(result, f"glossaries/{name}", line, reason)
    assert snapshot(populated) == before


@pytest.mark.parametrize(("name", "line", "reason"), GLOSSARIES, ids=GLOSSARY_IDS)
def test_glossary_lint_reports_the_line(populated, name, line, reason):
    """Unparseable files exit 2; conflicts and blank terms are lint findings (exit 1)."""
    result = invoke(["glossary", "lint", str(HOSTILE / "glossaries" / name)])
    assert "Traceback" not in result.output
    if name.startswith("invalid"):
        assert_refused(result, f"glossaries/{name}", line, reason)
    else:
        assert result.exit_code == 1, result.output
        assert f"glossaries/{name}:{line}: " in result.output


# -- XML attacks ------------------------------------------------------------------------------
XML_REFUSED = ["xxe-file.xlf", "xxe-http.xlf", "billion-laughs.xlf", "parameter-entity-http.xlf"]
TBX_REFUSED = ["xxe-file.tbx", "xxe-http.tbx", "billion-laughs.tbx"]


def _no_secrets(output: str) -> None:
    assert "root:" not in output and "/bin/" not in output, output
    assert "lollollol" not in output, output


@pytest.mark.parametrize("name", XML_REFUSED)
def test_import_refuses_xliff_entities_without_resolving_or_fetching(populated, monkeypatch,
                                                                     name):
    before = snapshot(populated)
    with no_network(monkeypatch) as guard:
        result = invoke(["import", str(HOSTILE / "xml" / name)])
    assert_refused(result, f"xml/{name}", 3, r"DOCTYPE declares entities")
    _no_secrets(result.output)
    assert guard.attempts == []
    assert snapshot(populated) == before


@pytest.mark.parametrize("name", TBX_REFUSED)
def test_glossary_import_refuses_tbx_entities(populated, monkeypatch, name):
    output = populated / "glossaries" / "imported.yaml"
    with no_network(monkeypatch) as guard:
        result = invoke(["glossary", "import", str(HOSTILE / "xml" / name), "-o", str(output)])
    assert_refused(result, f"xml/{name}", 3, r"DOCTYPE declares entities")
    _no_secrets(result.output)
    assert guard.attempts == []
    assert not output.exists()


@pytest.mark.parametrize("command", [["import"], ["glossary", "import"]], ids=" ".join)
def test_an_external_dtd_is_never_fetched(populated, monkeypatch, command):
    suffix = ".xlf" if command == ["import"] else ".tbx"
    args = [*command, str(HOSTILE / "xml" / f"external-dtd-http{suffix}")]
    if command != ["import"]:
        args += ["-o", str(populated / "imported.yaml")]
    before = snapshot(populated)
    with no_network(monkeypatch) as guard:
        result = invoke(args)
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1, 2), result.output
    assert guard.attempts == []
    # The XLIFF's unit is not in the project's PO: refused as unknown, nothing written.
    assert snapshot(populated) == before


# -- model archives ---------------------------------------------------------------------------
MODELS = [
    ("zip-slip.argosmodel", r"refusing path '.*\.\./\.\./zip-slip-escaped\.txt'"),
    ("absolute-path.argosmodel", r"refusing path '/tmp/zip-slip-absolute\.txt'"),
    ("truncated.argosmodel", r"truncated or not a zip file"),
]


@pytest.mark.parametrize(("name", "reason"), MODELS, ids=[m[0] for m in MODELS])
def test_models_install_refuses_the_archive_and_writes_nothing(tmp_path, monkeypatch, name,
                                                               reason):
    packages = tmp_path / "deep" / "argos" / "packages"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(packages))
    archive = tmp_path / name
    shutil.copy(HOSTILE / "models" / name, archive)
    monkeypatch.chdir(tmp_path)
    with no_network(monkeypatch) as guard:
        result = invoke(["models", "install", str(archive)])
    assert_refused(result, name, None, reason)
    assert guard.attempts == []
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [name]
    assert not Path("/tmp/zip-slip-absolute.txt").exists()


def test_every_hostile_input_is_used_by_a_test():
    used = {f"po/{p.name}" for p in (HOSTILE / "po").iterdir()}  # test_hostile_po.py
    used |= {f"glossaries/{g[0]}" for g in GLOSSARIES} | {f"models/{m[0]}" for m in MODELS}
    used |= {f"xml/{n}" for n in XML_REFUSED + TBX_REFUSED}
    used |= {"xml/external-dtd-http.xlf", "xml/external-dtd-http.tbx"}
    present = {p.relative_to(HOSTILE).as_posix() for p in HOSTILE.rglob("*")
               if p.is_file() and p.suffix not in (".py", ".md", ".pyc")}
    assert present == used
