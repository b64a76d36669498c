"""The PO header `translate` writes: who, when, which language and engine, what it was
made from. Translator-owned fields (Last-Translator, Language-Team, the translator's own
Plural-Forms) are kept; a re-run that changes no entry keeps the date and generator."""

from __future__ import annotations

import datetime as dt

from pipeline import __version__
from pipeline.catalogs.model import Catalog
from pipeline.language import Language

MACHINE = "press-pipeline machine translation <noreply@localhost>"


def update_header(catalog: Catalog, lang: Language, release: str, engine: str,
                  glossary_signature: str, unchanged_from: Catalog | None) -> None:
    header = _fields(catalog, lang, release, engine, glossary_signature)
    if unchanged_from is not None:
        # Nothing new: keep the date and generator the file already has.
        for key in ("PO-Revision-Date", "X-Generator"):
            header[key] = unchanged_from.header.get(key, header[key])
    catalog.header.update(header)
    if not _is_po_comment(catalog):
        catalog.header_comment = (
            f"{lang.english_name} translation of the release {release}.\n"
            "Machine translations are marked fuzzy; remove the flag once reviewed.")


def _fields(catalog: Catalog, lang: Language, release: str, engine: str,
            glossary_signature: str) -> dict[str, str]:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M+0000")
    translator = catalog.header.get("Last-Translator", "")
    if not translator or translator.startswith("FULL NAME"):
        translator = MACHINE
    return {
        "Project-Id-Version": release,
        "POT-Creation-Date": catalog.header.get("POT-Creation-Date") or now,
        "PO-Revision-Date": now,
        "Last-Translator": translator,
        "Language": lang.gettext,
        "Language-Team": catalog.header.get("Language-Team", "").replace(
            "LANGUAGE <LL@li.org>", "") or f"{lang} <translators>",
        # The translator's own Plural-Forms wins (msgmerge keeps it too).
        "Plural-Forms": own_plural_forms(catalog) or lang.plural_forms,
        "X-Generator": (f"press-pipeline {__version__}; engine {engine}; "
                        f"glossary {glossary_signature}"),
    }


def own_plural_forms(catalog: Catalog) -> str | None:
    value = catalog.header.get("Plural-Forms", "")
    return value if "nplurals=" in value and "INTEGER" not in value else None


def _is_po_comment(catalog: Catalog) -> bool:
    return bool(catalog.header_comment) and "PO template" not in catalog.header_comment
