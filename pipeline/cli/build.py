"""`pipeline build`: the command behind `make build LANG=de`."""

from __future__ import annotations

import sys

import click

from pipeline.config import load_settings

SHOWN_FALLBACKS = 5
EXIT_SKIPPED = 1


@click.command("build")
@click.argument("releases", nargs=-1, type=click.Path())
@click.option("--lang", "-l", "lang", help="Target language(s), comma-separated: de or de,fr.")
@click.option("--use-fuzzy", is_flag=True,
              help="Use fuzzy drafts (machine translation) instead of the source text.")
@click.option("--keep", type=click.FloatRange(0, 100), default=0, show_default=True,
              help="Write no file below this percentage of translated segments (po4a's --keep).")
@click.option("--strict", is_flag=True,
              help="Exit 1 when a translation used fails qa.placeholders (a dropped bold, "
                   "link or placeholder); the files are still written.")
def build_command(releases, lang, use_fuzzy, keep, strict) -> None:
    """Write build/<lang>/<release>.<ext> from the reviewed translations in locales/.

    Untranslated and fuzzy segments keep the source text (with a warning) unless
    --use-fuzzy is given. A translation whose inline codes or placeholders differ from
    the source's is used with a warning. Exit code 1 when --keep skipped a release, or
    with --strict when such a warning was given.

    \b
    Examples:
      pipeline build --lang de
      pipeline build --lang de,fr --keep 80 releases/2024-01-19-x.txt
      pipeline build --lang de --use-fuzzy
    """
    from pipeline.build import BuildOptions, build
    from pipeline.files import display_path
    from pipeline.names import resolve_languages

    settings = load_settings()
    options = BuildOptions(languages=resolve_languages(lang, settings), releases=tuple(releases),
                           use_fuzzy=use_fuzzy, keep=keep)
    skipped = warned = 0
    for result in build(settings, options):
        target = display_path(result.target)
        drafts = f", {result.drafts} drafts" if result.drafts else ""
        counts = (f"{result.filled} of {result.units} segments translated "
                  f"({result.percent:.0f}%){drafts}")
        _warn_fallbacks(result)
        warned += _warn_codes(result)
        if result.written:
            click.echo(f"{target}: {counts}")
        else:
            skipped += 1
            click.echo(f"pipeline: skipped {target}: {counts}, below --keep {keep:g}; "
                       "no file written", err=True)
    if skipped or (strict and warned):
        sys.exit(EXIT_SKIPPED)


def _warn_codes(result) -> int:
    for warning in result.code_warnings:
        text = warning.msgid if len(warning.msgid) <= 60 else warning.msgid[:59] + "…"
        click.echo(f"pipeline: warning: {warning.location}: qa.placeholders: "
                   f"{'; '.join(warning.problems)}: {text}", err=True)
    return len(result.code_warnings)


def _warn_fallbacks(result) -> None:
    if not result.fallbacks:
        return
    reasons: dict[str, int] = {}
    for fallback in result.fallbacks:
        reasons[fallback.reason.value] = reasons.get(fallback.reason.value, 0) + 1
    detail = ", ".join(f"{reason} {count}" for reason, count in reasons.items())
    segments = len({fallback.msgid for fallback in result.fallbacks})
    click.echo(f"pipeline: warning: {result.language}/{result.release}: {segments} segment(s) "
               f"kept the source text in {len(result.fallbacks)} place(s) ({detail})", err=True)
    ordered = sorted(result.fallbacks, key=lambda f: f.location.line or 0)
    for fallback in ordered[:SHOWN_FALLBACKS]:
        text = fallback.msgid if len(fallback.msgid) <= 60 else fallback.msgid[:59] + "…"
        click.echo(f"  {fallback.location}: {fallback.reason.value}: {text}", err=True)
    if len(result.fallbacks) > SHOWN_FALLBACKS:
        click.echo(f"  … and {len(result.fallbacks) - SHOWN_FALLBACKS} more", err=True)
