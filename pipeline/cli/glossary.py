"""`pipeline glossary lint|export|import`: check glossary files and exchange them as TBX/CSV."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pipeline.config import load_settings
from pipeline.errors import GlossaryError, InputError, Location

EXIT_FINDINGS = 1
EXIT_INPUT = 2


def _shown(path: Path) -> str:
    """The path relative to the working directory when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def glossary_paths(paths: tuple[Path, ...]) -> list[str]:
    """The given files, else the project's glossaries from [tool.pipeline]."""
    if paths:
        return [str(path) for path in paths]
    settings = load_settings()
    return [_shown(settings.path(name)) for name in settings.glossaries]


@click.group("glossary")
def glossary() -> None:
    """Lint brand glossaries and exchange them with CAT tools (TBX, CSV)."""


@glossary.command("lint")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
def lint_command(files: tuple[Path, ...]) -> None:
    """Report duplicates, conflicts, invalid forms, YAML mistakes and unknown language codes.

    Every problem of every file is one `file:line: message` line, in one run. Exit 0
    when clean ("clean: N terms"), 1 on findings, 2 when a file cannot be read or is not
    valid YAML/TOML (its other terms are still checked).
    """
    from pipeline.glossary.lint import lint

    result = lint(glossary_paths(files))
    for finding in result.findings:
        click.echo(str(finding))
    for error in sorted(result.unreadable, key=_place):
        click.echo(f"pipeline: {error}", err=True)
    problems = len(result.findings) + len(result.unreadable)
    if not problems:
        spread = f" in {result.files} files" if result.files > 1 else ""
        click.echo(f"clean: {result.terms} term{'' if result.terms == 1 else 's'}{spread}")
        return
    touched = {str(p.location.path) for p in (*result.findings, *result.unreadable)
               if p.location}
    click.echo(f"{problems} problem{'' if problems == 1 else 's'} in {len(touched)} of "
               f"{result.files} glossary file{'' if result.files == 1 else 's'}", err=True)
    sys.exit(EXIT_INPUT if result.unreadable else EXIT_FINDINGS)


def _place(error: GlossaryError) -> tuple[str, int]:
    where = error.location
    return (where.path, where.line or 0) if where else ("", 0)


@glossary.command("export")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["tbx"]), default="tbx", show_default=True,
              help="Interchange format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="File to write.")
@click.option("--source-lang", default=None, help="Source language (default: from settings).")
def export_command(files: tuple[Path, ...], fmt: str, output: Path,
                   source_lang: str | None) -> None:
    """Write the glossaries as one TBX v3 (TBX-Basic, DCA) file for CAT tools."""
    from pipeline.atomic import write_bytes
    from pipeline.glossary.loader import load_glossaries
    from pipeline.glossary.tbx import export_tbx

    glossary_data = load_glossaries(glossary_paths(files))
    lang = source_lang or load_settings().source_language
    title = ", ".join(Path(path).stem for path in glossary_data.paths)
    write_bytes(output, export_tbx(glossary_data, source_lang=lang, title=title))
    click.echo(f"{output}: {len(glossary_data.terms)} terms ({fmt})")


@glossary.command("import")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Glossary file to write (.yaml).")
@click.option("--force", is_flag=True, help="Replace an existing output file.")
def import_command(source: Path, output: Path, force: bool) -> None:
    """Convert a termbase (.tbx v3 or 2008, or .csv with source,target,lang,kind,note)
    into a YAML glossary."""
    from pipeline.atomic import write_text
    from pipeline.glossary.interchange import dump_yaml, import_csv
    from pipeline.glossary.loader import check_terms
    from pipeline.glossary.model import Glossary
    from pipeline.glossary.tbx import import_tbx

    if output.suffix not in (".yaml", ".yml"):
        raise InputError("the output must be a .yaml file", Location(str(output)))
    if output.exists() and not force:
        raise InputError("exists; use --force to replace it", Location(str(output)))
    suffix = source.suffix.lower()
    if suffix == ".tbx":
        imported = import_tbx(source)
    elif suffix == ".csv":
        imported = import_csv(source)
    else:
        raise InputError("unknown termbase format; use .tbx or .csv", Location(str(source)))
    kept, duplicates, conflicts = check_terms(imported.terms)
    for skipped in [*duplicates, *conflicts]:
        location = getattr(skipped, "location", None) or skipped.term.location
        click.echo(f"pipeline: {location}: skipped: a term with the same source form is "
                   "defined earlier", err=True)
    result = Glossary(terms=tuple(kept), paths=imported.paths, languages=imported.languages)
    text = dump_yaml(result, f"Imported from {source.name} by `pipeline glossary import`.")
    _validate(result, text, output)
    write_text(output, text)
    click.echo(f"{output}: {len(kept)} terms")


def _validate(imported, text: str, output: Path) -> None:
    """Check what is about to be written, so a bad import never produces a bad glossary:
    each term at its line in the imported file, then the YAML text as a whole."""
    from pipeline.glossary.interchange import check_imported
    from pipeline.glossary.loader import glossary_file, parse_text

    check_imported(imported)
    parsed = glossary_file(str(output), parse_text(str(output), text))
    if parsed.problems:
        problem = parsed.problems[0]
        raise GlossaryError(f"the imported termbase is not a valid glossary: "
                            f"{problem.message}", problem.location)
