"""Seeded synthetic inputs: releases, glossary terms and PO files.

Releases are plain-text dumps (`releases/*.txt`, the project's own format): a title
line and paragraphs of 3-6 sentences, one paragraph per line, blank lines between.
The words come from the corpus the bench model's SentencePiece model was trained on,
so a word is one or two pieces, as with a real model, and no sentence holds a number,
URL or glossary term: nothing is protected, so the random model's (meaningless)
output never triggers placeholder recovery, and every path sends each sentence to
the engine exactly once.

About 10 % of each release is boilerplate: the same two closing paragraphs in every
release, as press releases have ("About ...", press contacts).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

from bench.fixture import CORPUS

# Abbreviations and web parts would make sentence splitting or protection differ.
_SKIP = {"Co", "Ltd", "CEO", "https", "www", "com", "smart", "press", "visit"}
WORDS = tuple(sorted({w for w in re.findall(r"[A-Za-z]+", CORPUS) if w not in _SKIP}))
SYLLABLES = ("ka", "lo", "mi", "ren", "tus", "vo", "zan", "qui", "bel", "dor", "fex", "gri",
             "hal", "jun", "nor", "pax", "syl", "tev", "wyn", "yor")


@dataclass(frozen=True)
class Workload:
    releases: tuple[Path, ...]
    sentences: int  # distinct sentences over all releases (each translated once per language)
    boilerplate: int  # sentences repeated in every release


class _Sentences:
    """Distinct random sentences of 8-20 words: nothing is translated twice by accident."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.seen: set[str] = set()

    def next(self) -> str:
        while True:
            size = self.rng.randint(8, 20)
            words = [self.rng.choice(WORDS)]
            while len(words) < size:
                word = self.rng.choice(WORDS)
                if word != words[-1]:  # a doubled word is a QA warning in the check bench
                    words.append(word)
            text = " ".join(words)
            text = text[0].upper() + text[1:] + "."
            if text not in self.seen:
                self.seen.add(text)
                return text

    def paragraphs(self, count: int) -> list[str]:
        out: list[str] = []
        while count > 0:
            size = min(count, self.rng.randint(3, 6))
            out.append(" ".join(self.next() for _ in range(size)))
            count -= size
        return out


def write_releases(folder: Path, releases: int, sentences: int, seed: int = 7) -> Workload:
    """`releases` files of `sentences` sentences each (title included), 10 % boilerplate."""
    rng = random.Random(seed)
    make = _Sentences(rng)
    shared = max(2, round(sentences * 0.10))
    boilerplate = make.paragraphs(shared)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(releases):
        title = " ".join(rng.choice(WORDS) for _ in range(6)).capitalize()
        make.seen.add(title)
        body = make.paragraphs(sentences - shared - 1)
        path = folder / f"2024-0{number % 9 + 1}-{number:02d}-bench-release.txt"
        path.write_text("\n\n".join([title, *body, *boilerplate]) + "\n", encoding="utf-8")
        paths.append(path)
    distinct = releases * (sentences - shared) + shared
    return Workload(tuple(paths), distinct, shared)


# -- glossary terms ------------------------------------------------------------------
def _name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def glossary_terms(count: int, texts: list[str], seed: int = 11) -> list[tuple[str, bool]]:
    """`count` distinct (term, case_sensitive) pairs; the first 100 are the same for any count.

    Of the first 100 terms a fifth are two- or three-word phrases taken from `texts`, so
    they occur, as a brand glossary's terms do in its releases; of the others 1 % occur,
    10 % are near misses (text words followed by an invented one: the automaton walks
    them and fails late) and the rest are invented product names of one to three words.
    """
    rng = random.Random(seed)
    tokens = [text.rstrip(".").split() for text in texts]
    terms: dict[str, bool] = {}
    while len(terms) < count:
        draw = rng.random()
        occurring, near = (0.2, 0.0) if len(terms) < 100 else (0.01, 0.10)
        if tokens and draw < occurring + near:
            words = rng.choice(tokens)
            size = rng.randint(2, 3)
            start = rng.randrange(max(1, len(words) - size + 1))
            phrase = words[start:start + size]
            if draw >= occurring:
                phrase = [*phrase[:-1], _name(rng)]
            term = " ".join(phrase)
        else:
            term = " ".join(_name(rng) for _ in range(rng.randint(1, 3)))
        terms.setdefault(term, rng.random() < 0.8)
    return list(terms.items())


def glossary_yaml(terms: list[tuple[str, bool]]) -> str:
    lines = ["glossary: bench", "source_language: en", "terms:"]
    for term, case_sensitive in terms:
        lines.append(f"  - term: {term}")
        lines.append("    kind: dnt")
        if not case_sensitive:
            lines.append("    case_sensitive: false")
    return "\n".join(lines) + "\n"


# -- PO files for `pipeline check` against `msgfmt -c` --------------------------------
def write_po_files(folder: Path, files: int, entries: int, seed: int = 13) -> list[Path]:
    """`files` German catalogs of `entries` translated entries each, clean for both tools.

    Translations copy the source with a few German words swapped in, so checks that
    compare source and target (numbers, placeholders, glossary terms) run on real pairs.
    """
    rng = random.Random(seed)
    make = _Sentences(rng)
    swap = {"the": "die", "and": "und", "has": "hat", "in": "in", "of": "von"}
    header = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
              '"Content-Transfer-Encoding: 8bit\\n"\n"Language: de\\n"\n'
              '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n')
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(files):
        parts = [header]
        for index in range(entries):
            source = make.next()
            target = " ".join(swap.get(word, word) for word in source.split())
            parts.append(f"#: release-{number:02d}.txt:{index + 1}\n"
                         f'msgid "{source}"\nmsgstr "{target}"\n')
        path = folder / f"release-{number:02d}.po"
        path.write_text("\n".join(parts), encoding="utf-8")
        paths.append(path)
    return paths
