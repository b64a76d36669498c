"""Every kind of Argos package through the CLI: BPE packages (OPUS-MT conversions:
Moses tokens plus BPE codes in `bpe.model`), multilingual packages with a `target_prefix`,
and packages with no tokenizer argostranslate reads, refused in one line."""

from __future__ import annotations

import json
import re
import time
import zipfile
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from fixtures.argos_model import PackageSpec, build_package, build_package_dir, zip_package

from pipeline.cli import main
from pipeline.engines import EngineSettings, create_engine

pytest_plugins = ["fixtures.argos_plugin"]

NAME = "2024-01-19-global-deliveries-near-70000"
PACKAGE = "translate-en_de-1_0"
SUMMARY = re.compile(
    r"^de: 1 release\(s\); reused 0, TM 0, machine-translated (\d+) \((\d+) unique sent to the "
    r"engine\).*?(\d+) terms protected.*?(\d+) recoveries, \d+ repairs, (\d+) failures$",
    re.MULTILINE)
LAUNCH = ("Since die launch of its first product, smart hat geliefert fast 70.000 Einheiten "
          "globally.")
PREFIX = "__de__"


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


def install(archive: Path, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(folder))
    result = cli("models", "install", str(archive))
    assert result.exit_code == 0, result.output
    assert "installed en→de 1.0" in result.output


def translate_seed() -> tuple[polib.POFile, tuple[int, ...]]:
    """`pipeline translate --lang de` on the seed, then `pipeline check`, which must be clean."""
    started = time.perf_counter()
    result = cli("translate", "-q", "--lang", "de")
    print(f"translate: {time.perf_counter() - started:.2f}s\n{result.output}")  # pytest -s
    assert result.exit_code == 0, result.output
    counts = SUMMARY.search(result.output)
    assert counts, result.output
    # About the engine path: the glossary, codes, numbers and dates must be intact. Moses
    # detokenisation straightens quotes ('"' for “”) and the word-for-word fixture's German
    # is not in any dictionary: qa.quotes and qa.spelling rightly say so, asserted apart.
    check = cli("check", "--format", "json", "--disable", "qa.quotes", "--disable",
                "qa.spelling", "locales")
    assert check.exit_code == 0 and '"findings": []' in check.output, check.output
    typography = cli("check", "--format", "json", "locales")
    found = {f["check"] for f in json.loads(typography.stdout)["findings"]}
    assert found <= {"qa.quotes", "qa.spelling"}
    return polib.pofile(f"locales/de/{NAME}.po"), tuple(map(int, counts.groups()))


def assert_brand_kept(catalog: polib.POFile) -> None:
    # the source spells the slogan "dual-home"; the glossary's rendering is "dual home"
    for term, rendering in (("smart #1", "smart #1"), ("smart #3", "smart #3"),
                            ("China-Europe dual", "China-Europe dual home")):
        entries = [e for e in catalog if term in e.msgid]
        assert entries and all(rendering in e.msgstr for e in entries), term
    assert not any(re.search(r"\bSmart\b", e.msgstr) for e in catalog)  # lowercase brand


@pytest.fixture(scope="module")
def prefix_packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A multilingual-style package per tokenizer: target_prefix "__de__" in its metadata
    and a model that is right only when the prefix is its first target token."""
    return {kind: build_package(tmp_path_factory.mktemp(f"prefix-{kind}"),
                                PackageSpec(tokenizer=kind, target_prefix=PREFIX))
            for kind in ("sentencepiece", "bpe")}


def test_bpe_package_installs_and_translates_the_seed(project, monkeypatch, argos_bpe_package):
    with zipfile.ZipFile(argos_bpe_package) as zf:
        names = zf.namelist()
    assert f"{PACKAGE}/bpe.model" in names and f"{PACKAGE}/sentencepiece.model" not in names
    install(argos_bpe_package, project / "argos", monkeypatch)
    assert "en→de" in cli("models", "list").output

    catalog, (translated, sent, protected, recoveries, failures) = translate_seed()
    assert translated == sent > 50 and protected > 100
    assert (recoveries, failures) == (0, 0)  # Moses' "⟦ 1 ⟧" is repaired, never lost
    launch = next(e for e in catalog if e.msgid.startswith("Since the launch of its first"))
    # "launch" and "product" are not in the fixture's corpus: they arrive as BPE pieces
    # ("l@@ a@@ un@@ c@@ h") and must be joined again; "has" -> "hat" is the model's.
    assert launch.msgstr == LAUNCH
    assert "@@" not in "".join(e.msgstr for e in catalog)
    assert all(e.msgstr and "fuzzy" in e.flags for e in catalog)
    assert_brand_kept(catalog)


def test_bpe_engine_output_is_deterministic_across_batch_sizes(argos_bpe_packages_dir):
    texts = [f"smart has delivered nearly 70,000 units globally in 2023. {i}" for i in range(30)]
    texts += ["⟦1⟧ has delivered ⟦2⟧ units, and ⟦3⟧ grew.", "Zürich — 😀 ok"]
    runs = [create_engine("argos", EngineSettings(source="en", target="de", **options))
            .translate(texts, progress=False)
            for options in ({"max_batch_size": 4}, {"beam_size": 1, "max_batch_size": 64})]
    assert [t.text for t in runs[0]] == [t.text for t in runs[1]]
    assert runs[0][0].text == "smart hat geliefert fast 70,000 Einheiten globally in 2023. 0"
    # Moses splits the placeholders (restore repairs them); unknown characters come back
    # through CTranslate2's replace_unknowns.
    assert runs[0][-2].text == "⟦ 1 ⟧ hat geliefert ⟦ 2 ⟧ Einheiten, und ⟦ 3 ⟧ grew."
    assert runs[0][-1].text == "Zürich - 😀 ok"
    assert all(t.score is not None and t.score <= 0 for t in runs[0])


@pytest.mark.parametrize("kind", ["sentencepiece", "bpe"])
def test_target_prefix_goes_to_ctranslate2_and_not_into_the_output(
        project, monkeypatch, prefix_packages, kind):
    install(prefix_packages[kind], project / "argos", monkeypatch)
    catalog, (translated, _, _, recoveries, failures) = translate_seed()
    assert (recoveries, failures) == (0, 0)
    launch = next(e for e in catalog if e.msgid.startswith("Since the launch of its first"))
    assert launch.msgstr == LAUNCH
    assert_brand_kept(catalog)
    written = "".join(p.read_text("utf-8") for p in (project / "locales" / "de").iterdir())
    assert PREFIX not in written

    # The same model without the prefix repeats each first word: the pipeline's clean
    # output above is only possible because CTranslate2 was given the prefix.
    import ctranslate2
    from argostranslate.package import Package

    folder = project / "argos" / PACKAGE
    tokenizer = Package(folder).tokenizer
    source = tokenizer.encode("smart has delivered nearly 70,000 units.")
    translator = ctranslate2.Translator(str(folder / "model"))
    [bare] = translator.translate_batch([source])
    [given] = translator.translate_batch([source], target_prefix=[[PREFIX]])
    assert given.hypotheses[0][0] == PREFIX
    assert bare.hypotheses[0][:2] == [source[0], source[0]]
    [engine_out] = create_engine("argos", EngineSettings(source="en", target="de")).translate(
        ["smart has delivered nearly 70,000 units."], progress=False)
    assert engine_out.text == "smart hat geliefert fast 70,000 Einheiten."


def _without(folder: Path, *names: str) -> Path:
    for name in names:
        (folder / name).unlink()
    return folder


def test_package_without_a_tokenizer_is_refused_at_install(tmp_path, monkeypatch):
    folder = _without(build_package_dir(tmp_path / "work", PackageSpec()), "sentencepiece.model")
    archive = zip_package(folder, tmp_path / "no-tokenizer.argosmodel")
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "argos"))
    result = cli("models", "install", str(archive))
    assert result.exit_code == 2
    assert result.stderr == (f"pipeline: {archive}: package {PACKAGE} has neither "
                             "sentencepiece.model nor bpe.model, so its text cannot be "
                             "tokenized (argostranslate reads one of them)\n")
    assert not (tmp_path / "argos").exists() or not any((tmp_path / "argos").iterdir())


@pytest.mark.parametrize(("damage", "reason"), [
    ("delete", f"package {PACKAGE} has neither sentencepiece.model nor bpe.model"),
    ("bad-line", "cannot read the BPE codes: Error: invalid line 3 in BPE codes file"),
    ("not-utf8", "cannot read the BPE codes: 'utf-8' codec can't decode"),
])
def test_damaged_installed_bpe_package_stops_translate_in_one_line(
        project, monkeypatch, argos_bpe_package, damage, reason):
    install(argos_bpe_package, project / "argos", monkeypatch)
    codes = project / "argos" / PACKAGE / "bpe.model"
    if damage == "delete":
        codes.unlink()
    else:
        lines = codes.read_bytes().splitlines(keepends=True)
        lines[2] = b"one two three\n" if damage == "bad-line" else b"\xff\xfe x\n"
        codes.write_bytes(b"".join(lines))
    result = cli("translate", "-q", "--lang", "de")
    assert result.exit_code == 2, result.output
    [line] = result.stderr.splitlines()
    where = codes.parent if damage == "delete" else codes
    assert line.startswith(f"pipeline: {where}: ") and reason in line, line
    assert "Traceback" not in result.output
    assert not list(project.glob("locales/*/*.po"))


def test_sentencepiece_output_keeps_underscores(argos_packages_dir):
    # argostranslate's SentencePieceTokenizer.decode turns "_" into spaces; ours must not.
    [out] = create_engine("argos", EngineSettings(source="en", target="de")).translate(
        ["See press_kit_2024.pdf and the smart_Europe folder."], progress=False)
    assert out.text == "See press_kit_2024.pdf und die smart_Europe folder."
