"""Property (issue 5): random translator edits, then random source edits and a re-run,
never lose an approved translation.

Each example: a small release from a pool of sentences, a first `translate` run with the
real argos engine on the fixture model, a translator who approves random entries with
random text (and annotates some MT drafts without approving them), random changes,
deletions and insertions of sentences in the release, and a second run. Then:

* every approved translation whose (msgctxt, msgid) is still in the release is kept
  byte-identical, still approved, with its translator comments;
* every approved translation whose msgid vanished survives as an obsolete (`#~`) entry;
* an annotated MT draft that is still there keeps its text, flags and comments;
* the engine saw only new or changed segments.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.catalogs.po import read_po, write_po
from pipeline.config import load_settings
from pipeline.translate import TranslateJob, TranslateOptions

pytest_plugins = ["fixtures.argos_plugin"]

ROOT = Path(__file__).resolve().parent.parent
NAME = "2024-05-02-update"
POOL = [
    "smart has delivered nearly 70,000 units globally.",
    "The smart #1 launched rapidly in ten European markets.",
    "In 2023, smart led the premium brand in compact SUV segment in the Chinese market.",
    "The product family is rapidly expanding.",
    "About smart Automobile",
    "smart Automobile was officially established in 2019.",
    "The smart #3 media test drive took place in Mallorca.",
    "smart will advance further in terms of its brand, products, and services.",
    "Operating with a customer-centric philosophy, smart adopts a new business model.",
    "Recent achievements are helping smart become a leader in software-defined vehicles.",
    "Visit https://www.smart.com for more information.",
    "The C-NCAP rating was announced in 2023.",
]
# Translators type anything: quotes, backslashes, tabs, accents, CJK, emoji, line breaks.
TEXT = st.text(
    alphabet=st.characters(exclude_categories=("Cs", "Cc")) | st.sampled_from('\t\n"\\'),
    min_size=1, max_size=40,
).filter(lambda s: s.strip())
EDIT_KINDS = ("change", "delete", "insert")


@pytest.fixture(scope="module")
def packages(argos_package, tmp_path_factory):
    """ARGOS_PACKAGES_DIR with the fixture model, for the whole module (hypothesis runs
    many examples per test and must not use function-scoped fixtures)."""
    from pipeline.engines import packages

    folder = tmp_path_factory.mktemp("argos-rerun")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ARGOS_PACKAGES_DIR", str(folder))
        packages.install_file(argos_package)
        yield folder


def write_release(project: Path, sentences: list[str]) -> None:
    text = "\n\n".join(sentences) + "\n"
    (project / "releases" / f"{NAME}.txt").write_text(text, encoding="utf-8")


def run(project: Path):
    options = TranslateOptions(languages=("de",), engine="argos", progress=False,
                               install_missing=False)
    result, = TranslateJob(load_settings(project), options, echo=lambda _: None).run()
    return result


def apply_source_edits(sentences: list[str], edits) -> list[str]:
    out = list(sentences)
    for kind, position, pick in edits:
        if kind == "insert":
            candidate = POOL[pick % len(POOL)]
            if candidate not in out:
                out.insert(position % (len(out) + 1), candidate)
        elif out and kind == "delete" and len(out) > 1:
            del out[position % len(out)]
        elif out and kind == "change":
            index = position % len(out)
            words = out[index].split(" ")
            words[pick % len(words)] = words[pick % len(words)] + "s"
            changed = " ".join(words)
            if changed not in out:
                out[index] = changed
    return out


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    initial=st.lists(st.sampled_from(POOL), min_size=2, max_size=6, unique=True),
    approvals=st.lists(st.tuples(st.integers(0, 20), TEXT), max_size=5),
    drafts=st.lists(st.tuples(st.integers(0, 20), TEXT), max_size=2),
    edits=st.lists(st.tuples(st.sampled_from(EDIT_KINDS), st.integers(0, 20),
                             st.integers(0, 30)), min_size=1, max_size=4),
    edits_again=st.lists(st.tuples(st.sampled_from(EDIT_KINDS), st.integers(0, 20),
                                   st.integers(0, 30)), max_size=3),
)
def test_rerun_never_loses_an_approved_translation(packages, initial, approvals, drafts, edits,
                                                   edits_again):
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
        shutil.copytree(ROOT / "glossaries", project / "glossaries")
        (project / "releases").mkdir()
        write_release(project, initial)
        run(project)
        po = project / "locales" / "de" / f"{NAME}.po"

        catalog = read_po(po)
        active = catalog.active()
        for index, text in drafts:
            entry = active[index % len(active)]
            entry.msgstr = text
            entry.translator_comments.append(f"draft note {index}")
        for index, text in approvals:  # a later approval of the same entry wins
            entry = active[index % len(active)]
            entry.msgstr = text
            entry.set_fuzzy(False)
            entry.translator_comments = ["approved by the reviewer"]
        write_po(po, catalog)
        before = read_po(po)  # what the translator saved, as the pipeline reads it
        approved = {e.key: e for e in before.active() if e.reviewed}
        annotated = {e.key: e for e in before.active() if e.fuzzy}

        edited = apply_source_edits(initial, edits)
        write_release(project, edited)
        result = run(project)
        after = read_po(po)

        assert_kept(approved, annotated, after)
        old_ids = {e.msgid for e in before.active()}
        fresh = {e.msgid for e in after.active() if e.msgid not in old_ids}
        assert result.sent_to_engine == len(fresh)
        assert result.merge.reused == len(set(after.index()) & set(before.index()))

        # A second round: sentences deleted above may come back (an obsolete approved
        # entry is revived with its translation), others go.
        write_release(project, apply_source_edits(edited, edits_again))
        run(project)
        assert_kept(approved, annotated, read_po(po))


def assert_kept(approved: dict, annotated: dict, after) -> None:
    now = after.index()
    obsolete = {e.key: e for e in after.entries if e.obsolete}
    for key, old in approved.items():
        if key in now:
            kept = now[key]
            assert kept.msgstr == old.msgstr and kept.reviewed, key
            assert kept.translator_comments == old.translator_comments
        else:
            assert key in obsolete, key
            assert obsolete[key].msgstr == old.msgstr
    for key, old in annotated.items():
        if key in now:
            assert (now[key].msgstr, now[key].flags, now[key].translator_comments) == (
                old.msgstr, old.flags, old.translator_comments)
