"""Shared builders for the XLIFF tests: a catalog with every kind of entry, and the
official OASIS schemas loaded offline from tests/data/xliff/."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

from pipeline.catalogs.model import Catalog, Entry

XLIFF_DATA = Path(__file__).resolve().parent / "data" / "xliff"
REF = "releases/2024-01-19-global-deliveries-near-70000.txt"


def mt_entry() -> Entry:
    return Entry(
        msgid="The <g1>smart #1</g1> leads the segment.<x2/>",
        msgstr="Der <g1>smart #1</g1> führt das Segment an.<x2/>",
        flags=["fuzzy"],
        references=[f"{REF}:12"],
        extracted_comments=["bullet", "glossary: smart #1: model, do not translate"],
        translator_comments=["MT: argos en→de, confidence 0.83"],
    )


def reviewed_entry() -> Entry:
    return Entry(
        msgid="About smart Automobile",
        msgstr="Über smart Automobile",
        msgctxt="boilerplate heading",
        references=[f"{REF}:40", f"{REF}:52"],
        extracted_comments=["boilerplate heading",
                            "glossary: smart: brand, do not translate, always lowercase"],
        translator_comments=["checked with the brand team"],
    )


def new_entry() -> Entry:
    return Entry(
        msgid="It builds on the China-Europe dual home.  ",
        references=[f"{REF}:20"],
        extracted_comments=[
            "quote (Mr. Tong Xiangbei)",
            "glossary: China-Europe dual home: slogan, translate as “China-Europa Doppelheimat”",
        ],
    )


def tm_exact_entry() -> Entry:
    return Entry(
        msgid="smart Automobile Co., Ltd. is a joint venture.",
        msgstr="smart Automobile Co., Ltd. ist ein Joint Venture.",
        references=[f"{REF}:53"],
        extracted_comments=["boilerplate"],
        translator_comments=["TM: exact match from release 2023-12-01-launch"],
    )


def crossed_codes_entry() -> Entry:
    """Machine output that crossed two pairs and kept a recovery note."""
    return Entry(
        msgid="Press <g1>here</g1> and <g2>there</g2> & <now>.",
        msgstr="Drücken Sie <g1>hier <g2>und</g1> dort</g2> & <jetzt>.",
        flags=["fuzzy"],
        references=[f"{REF}:30"],
        extracted_comments=["paragraph"],
        translator_comments=[
            "MT: argos en→de, confidence 0.41",
            "MT could not guarantee <g2>: moved; check the markup.",
            "TM suggestion (82% from release 2023-11-02-x): Drücken Sie <g1>hier</g1>.",
        ],
    )


def changed_entry() -> Entry:
    return Entry(
        msgid="Deliveries reached 70,000 units.",
        msgstr="Die Auslieferungen erreichten 70.000 Einheiten.",
        flags=["fuzzy"],
        previous_msgid="Deliveries reached 60,000 units.",
        references=[f"{REF}:9"],
        extracted_comments=["lead paragraph"],
        translator_comments=["previous translation: Die Auslieferungen erreichten 60.000.",
                             "MT: apertium en→de"],
    )


def sample_catalog() -> Catalog:
    entries = [mt_entry(), reviewed_entry(), new_entry(), tm_exact_entry(),
               crossed_codes_entry(), changed_entry()]
    obsolete = Entry(msgid="Gone sentence.", msgstr="Weg.", obsolete=True)
    return Catalog(entries=[*entries, obsolete], header={"Language": "de"},
                   path="locales/de/seed.po")


def _schema(path: Path) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(path), parser))


@cache
def schema12() -> etree.XMLSchema:
    return _schema(XLIFF_DATA / "xliff-1.2" / "xliff-core-1.2-strict.xsd")


@cache
def schema2_core() -> etree.XMLSchema:
    return _schema(XLIFF_DATA / "xliff-2" / "xliff_core_2.0.xsd")


@cache
def schema2_modules() -> etree.XMLSchema:
    """Core plus the glossary and matches modules, validated strictly."""
    return _schema(XLIFF_DATA / "xliff-2-modules.xsd")


def assert_valid(schema: etree.XMLSchema, data: bytes) -> None:
    document = etree.fromstring(data)
    if not schema.validate(document):
        errors = "\n".join(f"line {e.line}: {e.message}" for e in schema.error_log)
        raise AssertionError(f"XLIFF is not schema-valid:\n{errors}")
