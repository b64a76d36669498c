"""TBX v3 export (RelaxNG-valid), TBX v3/2008 import, hostile XML, CSV, YAML round trip."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from pipeline.errors import GlossaryError, XmlInputError
from pipeline.glossary.interchange import dump_yaml, import_csv
from pipeline.glossary.loader import load_glossaries
from pipeline.glossary.model import Glossary, TermKind
from pipeline.glossary.tbx import export_tbx, import_tbx

ROOT = Path(__file__).resolve().parent.parent
TBX = ROOT / "tests" / "data" / "tbx"
GLOSSARIES = ROOT / "tests" / "data" / "glossaries"
SMART = ROOT / "glossaries" / "smart.yaml"
NS = {"t": "urn:iso:std:iso:30042:ed-2"}


@pytest.fixture(scope="module")
def smart() -> Glossary:
    return load_glossaries([SMART])


def without_location(glossary: Glossary) -> list:
    return [replace(term, location=None) for term in glossary.terms]


def test_export_validates_against_tbx_core_relaxng(smart):
    schema = etree.RelaxNG(etree.parse(str(TBX / "TBXcoreStructV03.rng")))
    doc = etree.fromstring(export_tbx(smart))
    assert schema.validate(doc), schema.error_log
    assert doc.get("type") == "TBX-Basic" and doc.get("style") == "dca"


def test_export_marks_forbidden_and_dnt_terms(smart):
    doc = etree.fromstring(export_tbx(smart))
    status = doc.xpath("//t:conceptEntry[@id='smart']/t:langSec[@xml:lang='en']/t:termSec"
                       "[t:term='Smart']/t:termNote[@type='administrativeStatus']/text()",
                       namespaces=NS)
    assert status == ["deprecatedTerm-admn-sts"]
    dnt = doc.xpath("//t:conceptEntry[@id='smart-1']/t:langSec[@xml:lang='de']/t:termSec"
                    "[t:term='smart #1']/t:termNote[@type='transferComment']/text()",
                    namespaces=NS)
    assert dnt == ["doNotTranslate"]
    german = doc.xpath("//t:conceptEntry[@id='golden-steering-wheel']/t:langSec"
                       "[@xml:lang='de']/t:termSec/t:term/text()", namespaces=NS)
    assert german[0] == "Goldenes Lenkrad" and "Goldenes Steuerrad" in german


def test_tbx_round_trip_is_lossless(smart, tmp_path):
    path = tmp_path / "smart.tbx"
    path.write_bytes(export_tbx(smart))
    back = import_tbx(path)
    assert without_location(back) == without_location(smart)
    assert set(back.languages) == set(smart.languages)
    assert back.terms[0].location.path == str(path) and back.terms[0].location.line > 1


def test_yaml_writer_round_trip_is_lossless(smart, tmp_path):
    path = tmp_path / "again.yaml"
    path.write_text(dump_yaml(smart, "written back"), encoding="utf-8")
    assert without_location(load_glossaries([path])) == without_location(smart)


def test_import_shared_tbx_basic_example():
    glossary = import_tbx(TBX / "example-tbx-basic-dca.tbx")
    first = glossary.terms[0]
    assert (first.id, first.source, first.kind) == ("c1", "open cluster", TermKind.FORCED)
    assert first.targets == {"es": ("cúmulo abierto",)}
    assert first.forbidden == ("galactic cluster",)  # supersededTerm-admn-sts
    assert first.category == "General"
    accretion = glossary.terms[1]
    assert accretion.variants == ("accretion disc", "circumstellar disk")
    assert accretion.renderings("es") == ("disco de acreción", "disco de acrecimiento")
    assert len(glossary.terms) > 30 and "es" in glossary.languages


def test_import_tbx_2008_martif():
    glossary = import_tbx(TBX / "smart-2008.tbx")
    model, wheel = glossary.terms
    assert (model.source, model.kind, model.forbidden) == ("smart #1", TermKind.DNT,
                                                          ("Smart #1",))
    assert model.category == "model" and model.note == "Model name"
    assert wheel.kind is TermKind.FORCED
    assert wheel.targets == {"de-DE": ("Goldenes Lenkrad", "Goldene Lenkrad")}
    assert wheel.lang_forbidden == {"de-DE": ("Goldenes Steuerrad",)}


@pytest.mark.parametrize(("name", "line", "message"), [
    ("billion-laughs.tbx", 3, "refused: DOCTYPE declares entities"),
    ("xxe.tbx", 2, "refused: DOCTYPE declares entities"),
    ("malformed.tbx", 4, "malformed XML"),
])
def test_hostile_or_broken_xml_is_refused_with_file_and_line(name, line, message):
    with pytest.raises(XmlInputError) as err:
        import_tbx(TBX / name)
    assert str(err.value).startswith(f"{TBX / name}:{line}: {message}")


def test_non_tbx_root_is_refused(tmp_path):
    path = tmp_path / "x.tbx"
    path.write_text("<xliff/>")
    with pytest.raises(XmlInputError, match="not a TBX file"):
        import_tbx(path)


def test_csv_import():
    glossary = import_csv(GLOSSARIES / "customer.csv")
    smart, model, wheel = glossary.terms
    assert smart.kind is TermKind.DNT and smart.targets == {"nl": ("smart-modellen",)}
    assert smart.forbidden == ("Smart",) and smart.note == "Brand name; always lowercase"
    assert model.forbidden == ("smart 1",)
    assert wheel.renderings("de") == ("Goldenes Lenkrad", "Goldenen Lenkrad")
    assert wheel.lang_forbidden == {"de": ("Goldenes Steuerrad",)}
    assert wheel.location.line == 7


@pytest.mark.parametrize(("text", "line", "message"), [
    ("source,target\nsmart,x\n", 1, "header lacks kind"),
    ("source,target,lang,kind,note\nsmart,,,banned,\n", 2, "invalid kind 'banned'"),
    ("source,target,lang,kind,note\n,x,de,forced,\n", 2, "empty source term"),
    ("source,target,lang,kind,note\nx,y,,forced,\n", 2, "needs 'target' and 'lang'"),
    ("source,target,lang,kind,note\nx,,,dnt,\nx,y,de,forced,\n", 3, "is dnt on line 2"),
])
def test_bad_csv_reports_file_and_line(tmp_path, text, line, message):
    path = tmp_path / "g.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GlossaryError) as err:
        import_csv(path)
    assert str(err.value).startswith(f"{path}:{line}: ")
    assert message in str(err.value)
