"""`pipeline translate`: the command behind `make translate LANG=de`."""

from __future__ import annotations

import click

from pipeline.config import load_settings
from pipeline.errors import InputError
from pipeline.executors import EXECUTORS


@click.command("translate")
@click.argument("releases", nargs=-1, type=click.Path())
@click.option("--lang", "-l", "lang", help="Target language(s), comma-separated: de or de,fr,es.")
@click.option("--engine", "-e", help="argos (default), apertium or none.")
@click.option("--xliff", type=click.Choice(["1.2", "2.1"]), default=None,
              help="XLIFF version written beside each PO file (default: an existing file "
                   "keeps its version, a new one is 1.2).")
@click.option("--beam-size", type=click.IntRange(1, 16), default=2, show_default=True)
@click.option("--inter-threads", type=click.IntRange(0, 256), default=0,
              help="Batches CTranslate2 translates at once (0: the rule in docs/scale.md).")
@click.option("--threads", "--intra-threads", "intra_threads", type=click.IntRange(0, 256),
              default=0, help="Threads per batch (0: the rule); with --executor ray, the CPU "
                              "cores of each worker (0: 1).")
@click.option("--device", type=click.Choice(["cpu", "cuda", "auto"]), default="cpu",
              show_default=True)
@click.option("--compute-type", default=None,
              help="CTranslate2 compute type (default: int8 on CPU, int8_float16 on CUDA).")
@click.option("--batch-size", "max_batch_size", type=click.IntRange(1, 1 << 20), default=None,
              help="Per CTranslate2 batch: segments on CPU (default 64), tokens on CUDA "
                   "(default: sized from the GPU's free memory).")
@click.option("--executor", type=click.Choice(list(EXECUTORS)), default="local",
              show_default=True, help="Where to translate: this process, or a Ray cluster "
                                      "(the optional `cluster` extra).")
@click.option("--ray-address", default=None,
              help="With --executor ray: auto or HOST:PORT of a running cluster (default: a "
                   "local Ray instance for the run).")
@click.option("--workers", type=click.IntRange(0, 4096), default=0,
              help="With --executor ray: workers (0: one per GPU, or per --threads cores).")
@click.option("--wait", type=float, default=0, show_default=True,
              help="Seconds to wait for another run holding the same locale.")
@click.option("--install-missing/--no-install", default=False, show_default=True,
              help="Download a missing Argos model from the package index (the only network "
                   "use; `make translate` asks for it). Off: fully offline.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def translate_command(releases, lang, engine, xliff, beam_size, inter_threads, intra_threads,
                      device, compute_type, max_batch_size, executor, ray_address, workers,
                      wait, install_missing, quiet) -> None:
    """Translate releases (default: the releases folder) into PO and XLIFF under locales/.

    \b
    Examples:
      pipeline translate --lang de
      pipeline translate --lang de,fr,es releases/2024-01-19-x.txt
      pipeline translate --lang es --engine apertium --xliff 2.1
      pipeline translate --lang de,fr --executor ray --ray-address auto
    """
    from pipeline.engines import check_engine_name
    from pipeline.names import resolve_languages
    from pipeline.translate import TranslateJob, TranslateOptions

    settings = load_settings()  # checks [tool.pipeline] engine
    if engine is not None:
        check_engine_name(engine, "--engine")
    if (ray_address or workers) and executor != "ray":
        raise InputError("--ray-address and --workers need --executor ray", "--executor")
    options = TranslateOptions(
        languages=resolve_languages(lang, settings),
        engine=engine or settings.engine,
        releases=tuple(releases),
        xliff=xliff,
        beam_size=beam_size,
        inter_threads=inter_threads,
        intra_threads=intra_threads,
        device=device,
        compute_type=compute_type,
        max_batch_size=max_batch_size,
        executor=executor,
        ray_address=ray_address,
        workers=workers,
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
