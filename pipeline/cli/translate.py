"""`pipeline translate`: the command behind `make translate LANG=de`."""

from __future__ import annotations

import click

from pipeline.config import load_settings


@click.command("translate")
@click.argument("releases", nargs=-1, type=click.Path())
@click.option("--lang", "-l", "lang", help="Target language(s), comma-separated: de or de,fr,es.")
@click.option("--engine", "-e", help="argos (default), apertium or none.")
@click.option("--xliff", type=click.Choice(["1.2", "2.1"]), default=None,
              help="XLIFF version written beside each PO file (default: an existing file "
                   "keeps its version, a new one is 1.2).")
@click.option("--beam-size", type=click.IntRange(1, 16), default=2, show_default=True)
@click.option("--threads", type=click.IntRange(0, 256), default=0,
              help="CPU threads for CTranslate2 (0: its default).")
@click.option("--device", type=click.Choice(["cpu", "cuda", "auto"]), default="cpu",
              show_default=True)
@click.option("--compute-type", default="int8", show_default=True,
              help="CTranslate2 compute type (int8, int8_float16, float16, float32...).")
@click.option("--batch-size", "max_batch_size", type=click.IntRange(1, 4096), default=64,
              show_default=True, help="Maximum segments per CTranslate2 batch.")
@click.option("--wait", type=float, default=0, show_default=True,
              help="Seconds to wait for another run holding the same locale.")
@click.option("--install-missing/--no-install", default=False, show_default=True,
              help="Download a missing Argos model from the package index (the only network "
                   "use; `make translate` asks for it). Off: fully offline.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def translate_command(releases, lang, engine, xliff, beam_size, threads, device, compute_type,
                      max_batch_size, wait, install_missing, quiet) -> None:
    """Translate releases (default: the releases folder) into PO and XLIFF under locales/.

    \b
    Examples:
      pipeline translate --lang de
      pipeline translate --lang de,fr,es releases/2024-01-19-x.txt
      pipeline translate --lang es --engine apertium --xliff 2.1
    """
    from pipeline.engines import check_engine_name
    from pipeline.names import resolve_languages
    from pipeline.translate import TranslateJob, TranslateOptions

    settings = load_settings()  # checks [tool.pipeline] engine
    if engine is not None:
        check_engine_name(engine, "--engine")
    options = TranslateOptions(
        languages=resolve_languages(lang, settings),
        engine=engine or settings.engine,
        releases=tuple(releases),
        xliff=xliff,
        beam_size=beam_size,
        threads=threads,
        device=device,
        compute_type=compute_type,
        max_batch_size=max_batch_size,
        wait=wait,
        progress=not quiet,
        install_missing=install_missing,
    )
    for result in TranslateJob(settings, options, echo=click.echo).run():
        click.echo(result.summary())
        timings = ", ".join(f"{name} {seconds:.2f}s" for name, seconds in result.timings.items())
        click.echo(f"{result.language}: timings: {timings}")
        for path in result.written:
            click.echo(f"  wrote {path}")
