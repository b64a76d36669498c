"""Render a ReviewReport as one self-contained HTML page.

Every piece of catalog text goes through `html.escape`; inline codes such as
`<g1>…</g1>` are shown as visible chips, never interpreted as markup.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from html import escape

from pipeline.catalogs.metadata import RECOVERY_MARKERS
from pipeline.catalogs.notes import CodeNote
from pipeline.checks.base import Finding
from pipeline.inline import CODE_TAG, parse_tag
from pipeline.report.assets import CSP, CSS, JS
from pipeline.report.model import Counts, Mark, ReviewReport, Row, Section, State

LOW_CONFIDENCE = 0.5
MID_CONFIDENCE = 0.75
_SLUG = re.compile(r"[^a-z0-9]+")


def render_html(report: ReviewReport) -> str:
    title = f"Review report: {report.language}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{escape(CSP)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{CSS}</style></head>",
        '<body data-ready="false" data-sort="priority">',
        _header(report),
        "<main>",
        *(_section(section, report) for section in report.sections),
        "</main>",
        f"<script>{JS}</script>",
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


# -- header and totals ------------------------------------------------------------------

def _header(report: ReviewReport) -> str:
    totals = report.totals
    releases = len(report.sections)
    glossary = ", ".join(report.glossary_paths) or "none"
    meta = (f"{releases} release{'s' if releases != 1 else ''} · glossary: {glossary} · "
            f"{len(report.checks_run)} checks")
    return (
        '<header class="top">'
        f'<h1>Review report <span class="pair">{escape(report.source_language)} → '
        f"{escape(report.language)}</span></h1>"
        f'<p class="meta">{escape(meta)}</p>'
        f"{_totals(totals)}"
        '<div class="controls">'
        '<label>Order <select id="sort">'
        '<option value="priority">where to look first</option>'
        '<option value="confidence">lowest confidence</option>'
        '<option value="document">document order</option>'
        "</select></label>"
        '<label><input type="checkbox" id="hide-reviewed"> hide reviewed</label>'
        f'<span><span id="shown">{totals.segments}</span> of {totals.segments} rows shown</span>'
        "</div></header>"
    )


def _totals(counts: Counts) -> str:
    cards = [
        ("segments", counts.segments, "segments"),
        ("reviewed", counts.reviewed, "reviewed"),
        ("mt", counts.mt, "MT draft"),
        ("tm", counts.tm, "TM"),
        ("untranslated", counts.untranslated, "untranslated"),
        ("findings", counts.findings, _findings_label(counts)),
    ]
    if counts.draft:
        cards.insert(5, ("draft", counts.draft, "fuzzy draft"))
    if counts.recovery:
        cards.append(("recovery", counts.recovery, "needed recovery"))
    body = "".join(
        f'<div class="total t-{key}" data-total="{key}"><span class="n">{value}</span>'
        f'<span class="k">{escape(label)}</span></div>'
        for key, value, label in cards
    )
    return f'<section class="totals" id="totals">{body}</section>'


def _findings_label(counts: Counts) -> str:
    return f"findings: {_plural(counts.errors, 'error')}, {_plural(counts.warnings, 'warning')}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


# -- one release --------------------------------------------------------------------------

def _section(section: Section, report: ReviewReport) -> str:
    counts = section.counts
    summary = (f"{_plural(counts.segments, 'segment')}: {counts.reviewed} reviewed, "
               f"{counts.mt} MT draft, {counts.tm} TM, {counts.untranslated} untranslated"
               + (f", {counts.draft} fuzzy draft" if counts.draft else "")
               + f"; {_plural(counts.findings, 'finding')}")
    if section.revision_date:
        summary += f"; revised {section.revision_date}"
    slug = _SLUG.sub("-", section.release.lower()).strip("-") or "release"
    rows = "".join(_row(row, rank) for rank, row in enumerate(section.rows))
    return (
        f'<section class="release" id="release-{escape(slug)}" '
        f'data-release="{escape(section.release)}">'
        f"<h2>{escape(section.release)}<small>{escape(section.path)}</small></h2>"
        f'<p class="counts">{escape(summary)}</p>'
        f"{_file_findings(section.file_findings)}"
        '<table class="segments"><colgroup><col class="c-state"><col class="c-source">'
        '<col class="c-target"><col class="c-notes"></colgroup>'
        f"<thead><tr><th>State</th><th>Source ({escape(report.source_language)})</th>"
        f"<th>Target ({escape(report.language)})</th><th>Notes</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></section>"
    )


def _file_findings(findings: Sequence[Finding]) -> str:
    if not findings:
        return ""
    return f'<ul class="file-findings findings">{"".join(_finding(f) for f in findings)}</ul>'


def _row(row: Row, rank: int) -> str:
    classes = ["row", f"state-{row.state.value}"]
    if row.needs_recovery:
        classes.append("recovery")
    if row.flagged:
        classes.append("flagged")
    confidence = "" if row.confidence is None else f"{row.confidence:.2f}"
    attrs = (
        f'class="{" ".join(classes)}" data-state="{row.state.value}" data-rank="{rank}" '
        f'data-order="{row.position}" data-confidence="{confidence}" '
        f'data-findings="{len(row.findings)}" data-recovery="{str(row.needs_recovery).lower()}"'
    )
    codes = row.meta.code_notes()
    return (
        f"<tr {attrs}>"
        f'<td class="state">{_state_cell(row)}</td>'
        f'<td class="source">{render_text(row.entry.msgid, row.source_marks, codes)}</td>'
        f'<td class="target">{_target_cell(row)}</td>'
        f'<td class="notes">{_notes(row)}</td>'
        "</tr>"
    )


def _state_cell(row: Row) -> str:
    badge = (f'<span class="badge badge-{row.state.value}">'
             f"{escape(row.state.label)}</span>")
    if row.confidence is not None:
        level = ("low" if row.confidence < LOW_CONFIDENCE
                 else "mid" if row.confidence < MID_CONFIDENCE else "high")
        badge += (f'<span class="conf {level}" title="MT confidence">'
                  f'<meter min="0" max="1" low="{LOW_CONFIDENCE}" high="{MID_CONFIDENCE}" '
                  f'optimum="1" value="{row.confidence:.2f}"></meter>'
                  f"{row.confidence:.2f}</span>")
    elif row.state is State.TM and row.meta.tm_similarity is not None:
        badge += f'<span class="conf" title="TM similarity">{row.meta.tm_similarity:.0f}%</span>'
    line = f"line {row.line}" if row.line else "no line"
    return badge + f'<span class="where" title="{escape(row.where)}">{line}</span>'


def _target_cell(row: Row) -> str:
    if not row.entry.msgstr:
        text = '<span class="missing">not translated</span>'
    else:
        text = render_text(row.entry.msgstr, row.target_marks, row.meta.code_notes())
    if row.findings:
        text += f'<ul class="findings">{"".join(_finding(f) for f in row.findings)}</ul>'
    return text


def _finding(finding: Finding) -> str:
    severity = finding.severity.value
    return (
        f'<li class="finding {escape(severity)}" data-check="{escape(finding.check)}" '
        f'title="{escape(finding.path)}:{finding.line}">'
        f"<strong>{escape(severity)}</strong> <code>{escape(finding.check)}</code> "
        f"{escape(finding.message)}</li>"
    )


def _notes(row: Row) -> str:
    meta = row.meta
    notes: list[tuple[str, str]] = [
        ("recovery", f"placeholder recovery: {line}") for line in meta.recovery
    ]
    notes += [("pipeline", line) for line in meta.pipeline_notes
              if not line.startswith(RECOVERY_MARKERS)]
    if row.entry.previous_msgid:
        notes.append(("previous", f"previous source: {row.entry.previous_msgid}"))
    notes += [("translator", line) for line in meta.translator_notes]
    if meta.role:
        notes.append(("role", f"role: {meta.role}"))
    return "".join(f'<p class="{kind}">{_plain(text)}</p>' for kind, text in notes)


# -- text with glossary marks and inline-code chips ------------------------------------

def render_text(text: str, marks: Sequence[Mark],
                codes: Mapping[int, CodeNote] | None = None) -> str:
    """Escaped `text` with <mark> around glossary hits and chips for inline codes, each
    chip saying on hover what its code stands for (`codes`: the entry's code notes)."""
    spans = [(found.start(), found.end()) for found in CODE_TAG.finditer(text)]
    usable = [m for m in marks if not any(_cuts(m, start, end) for start, end in spans)]
    out: list[str] = []
    position = 0
    for mark in usable:
        out.append(_plain(text[position:mark.start], codes))
        css = "term forbidden" if mark.forbidden else "term"
        out.append(f'<mark class="{css}" data-term="{escape(mark.term)}" '
                   f'title="{escape(mark.title)}">'
                   f"{_plain(text[mark.start:mark.end], codes)}</mark>")
        position = mark.end
    out.append(_plain(text[position:], codes))
    return "".join(out)


def _cuts(mark: Mark, start: int, end: int) -> bool:
    """A mark that starts or ends inside an inline code cannot be drawn around it."""
    return start < mark.start < end or start < mark.end < end


def _plain(text: str, codes: Mapping[int, CodeNote] | None = None) -> str:
    out: list[str] = []
    position = 0
    for found in CODE_TAG.finditer(text):
        note = (codes or {}).get(parse_tag(found).id)
        title = f"inline code: {note.description}" if note else "inline code"
        out.append(escape(text[position:found.start()]))
        out.append(f'<code class="chip" title="{escape(title)}">{escape(found.group(0))}</code>')
        position = found.end()
    out.append(escape(text[position:]))
    return "".join(out)
