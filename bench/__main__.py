"""`python -m bench` (`make bench`): the pipeline against argostranslate, as ratios.

    python -m bench                  # the full benchmark, about 5 minutes on 2 cores
    python -m bench --reps 7 --sentences 150
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click

from bench.run import Config, run

DEFAULT = Config()
SMOKE = dict(sentences=12, tokens=3, reps=1, large_glossary=1000, glossary_passes=1,
             po_files=3, po_entries=5, long_paragraph_kb=16, layers=1, d_model=64,
             heads=2, ffn=64, vocab=1000)


@click.command()
@click.option("--releases", type=click.IntRange(2, 20), default=DEFAULT.releases,
              show_default=True)
@click.option("--sentences", type=click.IntRange(10, 300), default=DEFAULT.sentences,
              show_default=True, help="Sentences per release (title and boilerplate included).")
@click.option("--lang", "languages", default=",".join(DEFAULT.languages), show_default=True,
              help="Target languages, one random model each.")
@click.option("--tokens", type=click.IntRange(2, 256), default=DEFAULT.tokens,
              show_default=True, help="Target tokens decoded per segment (fixed).")
@click.option("--reps", type=click.IntRange(1, 50), default=DEFAULT.reps, show_default=True,
              help="Interleaved repetitions; figures are medians (5 or more for a result).")
@click.option("--beam", type=click.IntRange(1, 16), default=DEFAULT.beam, show_default=True)
@click.option("--output", type=click.Path(path_type=Path), default=DEFAULT.output,
              show_default=True)
@click.option("--keep", is_flag=True, help="Keep the temporary folder.")
@click.option("--smoke", is_flag=True,
              help="A tiny model and workload: proves the machinery runs, measures nothing.")
def main(releases, sentences, languages, tokens, reps, beam, output, keep, smoke) -> None:
    """Time argostranslate (A), `pipeline translate` (B) and bare CTranslate2 (C) on the
    same random Argos-sized model and releases, plus glossary matching and `pipeline
    check`, and print every figure as a ratio against its target."""
    config = Config(releases=releases, sentences=sentences,
                    languages=tuple(code.strip() for code in languages.split(",") if code),
                    tokens=tokens, reps=reps, beam=beam, output=output, keep=keep)
    if smoke:
        config = replace(config, **SMOKE)
    run(config, echo=click.echo)


if __name__ == "__main__":
    main()
