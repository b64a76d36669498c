"""qa.spelling: words of a translation that the target language's Hunspell dictionary
does not know, through Hunspell itself (its pipe mode, `hunspell -a`).

One hunspell process per dictionary for the whole run, started on first use (again after a
fork: a worker never writes to its parent's pipe), and every word is asked once: the
answers are cached per word. Words the pipeline itself puts into a translation are
accepted: glossary terms and their approved renderings, and words copied from the source
(names such as "Zhang Xiangbei", English product names MT leaves alone).

Glued words ("SeguridaddeCinco", a known slip of MT output) are reported as such, with the
split that explains them: hunspell's own suggestion when it is the word with spaces, else
the fewest dictionary words the word splits into.

Severity warning: MT drafts and names make spelling noisy, and a dictionary misses
legitimate words (brand names, new terms); a spelling slip never blocks CI.
Where no dictionary for the language is installed the check says so once per file
(`apt-get install hunspell-xx`); it never reports a file as clean it could not check.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from babel.core import get_global

from pipeline.checks.base import Check, CheckContext, Finding, Problem, Severity, quote
from pipeline.checks.parallel import slot
from pipeline.checks.qa import strip_codes
from pipeline.language import Language

if TYPE_CHECKING:
    from collections.abc import Collection

    from pipeline.catalogs.model import Catalog
    from pipeline.glossary.model import Glossary

DICTIONARY_DIRS = ("/usr/share/hunspell", "/usr/share/myspell/dicts", "/usr/share/myspell")
# Letters with inner apostrophes or hyphens ("l'homme", "porte-monnaie"); digits excluded.
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_OK = ("*", "+", "-")
MAX_PIECES = 4
MAX_SUGGESTIONS = 3
MIN_LONGEST_PIECE = 5  # "rap id de" does not explain "rapidde"; "que mira adelante" does
# Languages that write compounds closed: Hunspell's dictionaries build only some of them
# ("Premiummarke", "vollelektrischen" are rejected), so two dictionary words written
# together, with no capital inside, are a compound there, not a slip.
COMPOUNDING = frozenset({"de", "nl"})
_INNER_CAPITAL = re.compile(r"[^\W\d_]*[a-zß-ÿ][A-ZÀ-Þ]")


def dictionary_dirs() -> tuple[Path, ...]:
    """Hunspell's own DICPATH first, then Debian's folders."""
    extra = [p for p in os.environ.get("DICPATH", "").split(os.pathsep) if p]
    return tuple(Path(p) for p in (*extra, *DICTIONARY_DIRS))


@lru_cache(maxsize=64)
def find_dictionary(language: Language) -> Path | None:
    """The dictionary (path without .dic/.aff) for a language: the exact region (de_CH),
    the language's most likely region (de_DE, es_ES), the bare language (fr, nl), then
    any region of it, alphabetically."""
    base = language.language
    likely = get_global("likely_subtags").get(base, "")
    region = likely.split("_")[-1] if "_" in likely else ""
    wanted = [f"{base}_{language.territory}"] if language.territory else []
    wanted += [f"{base}_{region}"] if region else []
    wanted.append(base)
    for directory in dictionary_dirs():
        for name in wanted:
            if (directory / f"{name}.dic").is_file() and (directory / f"{name}.aff").is_file():
                return directory / name
    for directory in dictionary_dirs():
        for dic in sorted(directory.glob(f"{base}_*.dic")):
            if dic.with_suffix(".aff").is_file():
                return dic.with_suffix("")
    return None


@dataclass
class Verdict:
    """Hunspell's answer for one word."""

    correct: bool
    suggestions: tuple[str, ...] = ()


class _Pipe:
    """One hunspell process that answers each input line with lines and a blank line.

    Spares are started ahead, one per worker slot (pipeline.checks.parallel), and each is
    taken by the process holding that slot only: two processes never share a pipe."""

    def __init__(self, command: list[str], banner: bool):
        self.command, self.banner = command, banner
        self._process: subprocess.Popen[str] | None = None
        self._pid = 0  # the process using it
        self._owner = 0  # the process that started it (a worker uses its parent's spare)
        self._banner_pending = False
        self._spares: dict[int, subprocess.Popen[str]] = {}
        self._spares_pid = 0  # the process that started them
        self._settled: set[int] = set()  # spares whose banner was read: they are loaded

    def start_spares(self, count: int) -> None:
        self.stop_spares()
        self._spares = {number: self._popen() for number in range(count)}
        self._spares_pid = os.getpid()

    def settle_spares(self) -> None:
        """Wait until every spare has loaded its dictionary (its banner comes then)."""
        for number, process in self._spares.items():
            if self.banner and number not in self._settled and process.poll() is None:
                assert process.stdout is not None
                process.stdout.readline()
                self._settled.add(number)

    def stop_spares(self) -> None:
        for process in self._spares.values():
            _stop(process)
        self._spares, self._settled = {}, set()

    def ask(self, lines: list[str]) -> list[list[str]]:
        process = self._running()
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write("".join(f"{line}\n" for line in lines))
        process.stdin.flush()
        answers = []
        for line in lines:
            answer = []
            while (reply := process.stdout.readline()) not in ("\n", ""):
                answer.append(reply.rstrip("\n"))
            if reply == "":
                raise RuntimeError(f"hunspell stopped while checking {line!r}")
            answers.append(answer)
        return answers

    def start(self) -> subprocess.Popen[str]:
        """Start hunspell without waiting for it: it loads its dictionary while the other
        checks run. Started again after a fork: a worker never writes to its parent's pipe."""
        if self._process is None or self._pid != os.getpid() or not self._alive():
            spare, settled = self._adopt()
            self._process = spare or self._popen()
            self._owner = self._spares_pid if spare is not None else os.getpid()
            self._pid = os.getpid()
            self._banner_pending = self.banner and not settled
        return self._process

    def _alive(self) -> bool:
        assert self._process is not None
        if self._owner == os.getpid():
            return self._process.poll() is None
        # A spare adopted by a worker is its parent's child: poll() cannot wait for it
        # there (ECHILD), and would call it dead.
        try:
            os.kill(self._process.pid, 0)
        except ProcessLookupError:
            return False
        return True

    def _adopt(self) -> tuple[subprocess.Popen[str] | None, bool]:
        """This process's spare, if one was started for its slot and still runs, and
        whether its banner was read already."""
        number = slot()
        spare = self._spares.pop(number, None) if number is not None else None
        settled = number in self._settled
        if self._spares_pid != os.getpid():  # a forked worker: the others are not its own
            self._spares, self._settled = {}, set()
        if spare is None or (self._spares_pid == os.getpid() and spare.poll() is not None):
            return None, False
        return spare, settled

    def _popen(self) -> subprocess.Popen[str]:
        return subprocess.Popen(
            self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, text=True, encoding="utf-8", bufsize=1,
        )

    def _running(self) -> subprocess.Popen[str]:
        process = self.start()
        if self._banner_pending:
            assert process.stdout is not None
            process.stdout.readline()
            self._banner_pending = False
        return process


def _stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.kill()
    process.wait()
    for stream in (process.stdin, process.stdout):
        if stream is not None:
            stream.close()


class Speller:
    """`hunspell -a` for one dictionary, with an answer cache per word. Splitting a glued
    word asks about dozens of its substrings; `-a` would compute suggestions for each
    (50-100 ms a word), so those go to a second process, `hunspell -s` (stems, no
    suggestions; line-buffered through stdbuf), started only when a word needs splitting."""

    def __init__(self, dictionary: Path):
        self.dictionary = dictionary
        base = ["-i", "UTF-8", "-d", str(dictionary)]
        self._pipe = _Pipe(["hunspell", "-a", *base], banner=True)
        stems = ["stdbuf", "-oL"] if shutil.which("stdbuf") else []
        self._stems = _Pipe([*stems, "hunspell", "-s", *base], banner=False)
        self._cache: dict[str, Verdict] = {}
        self._known: dict[str, bool] = {}

    def start(self) -> None:
        self._pipe.start()

    def start_spares(self, count: int) -> None:
        self._pipe.start_spares(count)

    def settle_spares(self) -> None:
        self._pipe.settle_spares()

    def stop_spares(self) -> None:
        self._pipe.stop_spares()

    def check(self, words: list[str]) -> dict[str, Verdict]:
        unknown = list(dict.fromkeys(w for w in words if w not in self._cache))
        for start in range(0, len(unknown), 200):  # small batches: no pipe fills up
            batch = unknown[start:start + 200]
            # "^" makes hunspell read the rest of the line as text, never as a command.
            for word, answer in zip(batch, self._pipe.ask([f"^{w}" for w in batch]),
                                    strict=True):
                self._cache[word] = _verdict(answer)
        return {word: self._cache[word] for word in words}

    def known(self, words: list[str]) -> set[str]:
        """The words the dictionary has (a stem), without suggestions."""
        unknown = list(dict.fromkeys(w for w in words if w not in self._known))
        for start in range(0, len(unknown), 200):
            batch = unknown[start:start + 200]
            for word, answer in zip(batch, self._stems.ask(batch), strict=True):
                self._known[word] = any(" " in line for line in answer)
        return {word for word in words if self._known[word]}


def _verdict(results: list[str]) -> Verdict:
    wrong = [r for r in results if r and r[0] not in _OK]
    if not wrong:
        return Verdict(True)
    head, _, tail = wrong[0].partition(": ")
    suggestions = tuple(s.strip() for s in tail.split(",") if s.strip()) if tail else ()
    return Verdict(False, suggestions)


@lru_cache(maxsize=1)
def hunspell_binary() -> str | None:
    return shutil.which("hunspell")


class Spelling(Check):
    id = "qa.spelling"
    name = "Spelling (Hunspell)"
    description = (
        "Words the target language's Hunspell dictionary does not know, and glued words "
        "('SeguridaddeCinco'); glossary terms and words copied from the source are accepted."
    )
    severity = Severity.WARNING  # MT drafts and names make spelling noisy
    needs = frozenset({"dictionaries", "glossary"})

    def __init__(self) -> None:
        self._spellers: dict[Path, Speller] = {}

    # -- per file: the note where nothing can be checked ---------------------------------

    def run_catalog(self, catalog: Catalog, context: CheckContext) -> list[Finding]:
        note = self.missing_note(context.language)
        if note is not None:
            return [self._finding(Problem(note), context.path, 1, None)]
        # Every candidate word of the file goes to hunspell in one exchange, not one per
        # entry; then only the entries with a rejected word are looked at again.
        dictionary = find_dictionary(context.language)
        assert dictionary is not None
        speller = self._speller(dictionary)
        asked = [(entry, words) for entry in catalog.entries if self.wants(entry, context)
                 and (words := _candidates(entry.msgid, entry.msgstr, context))]
        verdicts = speller.check(list(dict.fromkeys(w for _, words in asked for w in words)))
        findings: list[Finding] = []
        for entry, words in asked:
            wrong = [word for word in dict.fromkeys(words) if not verdicts[word].correct]
            if wrong:
                line = entry.line or entry.msgid_line or 1
                findings.extend(self._finding(problem, context.path, line, entry) for problem
                                in self._problems(entry.msgid, entry.msgstr, wrong, verdicts,
                                                  context))
        return findings

    def prepare(self, context: CheckContext) -> None:
        if self.missing_note(context.language) is None:
            dictionary = find_dictionary(context.language)
            assert dictionary is not None
            self._speller(dictionary).start()

    def warm_up(self, languages: Collection[Language], workers: int) -> None:
        if hunspell_binary() is None:
            return
        for dictionary in {find_dictionary(language) for language in languages} - {None}:
            self._speller(dictionary).start_spares(workers)

    def settle(self) -> None:
        # Both workers would otherwise wait for their hunspell at their first file, at
        # once; here the wait is what loading has left, and the loading has the cores.
        for speller in self._spellers.values():
            speller.settle_spares()

    def release(self) -> None:
        for speller in self._spellers.values():
            speller.stop_spares()

    def _speller(self, dictionary: Path) -> Speller:
        if dictionary not in self._spellers:
            self._spellers[dictionary] = Speller(dictionary)
        return self._spellers[dictionary]

    @staticmethod
    def missing_note(language: Language) -> str | None:
        package = f"hunspell-{language.language}"
        if hunspell_binary() is None:
            return (f"qa.spelling: Hunspell is not installed (apt-get install hunspell "
                    f"{package}); spelling not checked")
        if find_dictionary(language) is None:
            return (f"qa.spelling: no Hunspell dictionary for {language.tag} installed "
                    f"(apt-get install {package}); spelling not checked")
        return None

    # -- per entry -------------------------------------------------------------------------

    def _check(self, source: str, target: str, context: CheckContext) -> list[str | Problem]:
        note = self.missing_note(context.language)
        if note is not None:
            return [Problem(note)]
        words = _candidates(source, target, context)
        if not words:
            return []
        dictionary = find_dictionary(context.language)
        assert dictionary is not None
        verdicts = self._speller(dictionary).check(words)
        wrong = [word for word in dict.fromkeys(words) if not verdicts[word].correct]
        return self._problems(source, target, wrong, verdicts, context) if wrong else []

    def _problems(self, source: str, target: str, wrong: list[str],
                  verdicts: dict[str, Verdict], context: CheckContext) -> list[str | Problem]:
        """The problems of the words hunspell rejected in one entry."""
        dictionary = find_dictionary(context.language)
        assert dictionary is not None
        speller = self._speller(dictionary)
        # Only now, with a word the dictionary lacks: is every place of it inside a
        # glossary rendering? Most entries never get here, and the matching costs.
        wrong = _outside_glossary(wrong, strip_codes(target), context)
        return [self._problem(word, verdicts[word], speller, dictionary.name)
                for word in wrong
                if not _compound(word, context.language, speller, _source_words(source))]

    def _problem(self, word: str, verdict: Verdict, speller: Speller, name: str) -> Problem:
        split = glued_split(word, verdict, speller)
        if split:
            return Problem(f"{quote(word)} looks like glued words: {quote(split)}", word)
        hint = ", ".join(verdict.suggestions[:MAX_SUGGESTIONS])
        more = f" (suggestions: {hint})" if hint else ""
        return Problem(f"{quote(word)} is not in the {name} dictionary{more}", word)


def _candidates(source: str, target: str, context: CheckContext) -> list[str]:
    """The target's words worth asking about, in order: not copied from the source, not a
    glossary word, not single letters. Whether a word sits inside a glossary rendering is
    asked later, of the words hunspell rejects."""
    if target == source:  # every word is copied (a name, a heading left in English)
        return []
    # Most words of a translation are copied from the source or are glossary words:
    # those are set aside first, with the cheapest tests.
    text = strip_codes(target)
    words = [word for word in WORD.findall(text) if len(word) > 1]
    if not words:
        return []
    copied = _source_words(source)
    words = [word for word in words if word not in copied]
    if not words:
        return []
    lang = str(context.glossary_language or context.language.tag)
    accepted = _glossary_words(context.glossary, lang)
    return [word for word in words
            if (folded := word.casefold()) not in copied and folded not in accepted]


def _outside_glossary(words: list[str], text: str, context: CheckContext) -> list[str]:
    """The words with at least one place in `text` outside every glossary rendering."""
    covered = _glossary_spans(text, context)
    if not covered:
        return words
    outside = {match.group() for match in WORD.finditer(text)
               if not any(s <= match.start() and match.end() <= e for s, e in covered)}
    return [word for word in words if word in outside]


def _glossary_spans(text: str, context: CheckContext) -> list[tuple[int, int]]:
    if context.glossary is None or not context.glossary.terms:
        return []
    lang = context.glossary_language or context.language.tag
    return [(hit.start, hit.end) for hit in context.glossary.matcher.target_hits(text, lang)]


@lru_cache(maxsize=512)
def _source_words(source: str) -> frozenset[str]:
    words = WORD.findall(source)
    return frozenset(words).union(map(str.casefold, words))


def _glossary_words(glossary: Glossary | None, lang: str) -> frozenset[str]:
    """Every word of every term's source, variants and renderings: inflected neighbours
    of a term ("smart-modellen") are accepted word by word. Computed once per glossary
    and language (hashing a whole Glossary per entry cost more than the rest of the
    check, so the cache goes by identity, and holds the glossary so that it stays one)."""
    if glossary is None:
        return frozenset()
    kept = _GLOSSARY_WORDS.get((id(glossary), lang))
    if kept is None or kept[0] is not glossary:
        if len(_GLOSSARY_WORDS) > 64:
            _GLOSSARY_WORDS.clear()
        kept = _GLOSSARY_WORDS[id(glossary), lang] = (glossary, _collect_words(glossary, lang))
    return kept[1]


_GLOSSARY_WORDS: dict[tuple[int, str], tuple[Glossary, frozenset[str]]] = {}


def _collect_words(glossary: Glossary, lang: str) -> frozenset[str]:
    words: set[str] = set()
    for term in glossary.terms:
        for form in (term.source, *term.variants, *term.renderings(lang)):
            words.update(w.casefold() for w in WORD.findall(form))
    return frozenset(words)


def _compound(word: str, language: Language, speller: Speller,
              source_words: frozenset[str] = frozenset()) -> bool:
    """A closed compound of two known words; the first may be a word of the English source,
    as loanwords are ("Premiummarke" for "premium brand")."""
    if language.language not in COMPOUNDING or _INNER_CAPITAL.match(word):
        return False
    splits = [(word[:i], word[i:]) for i in range(3, len(word) - 2)]
    heads = [head for head, _ in splits]
    tails = [tail for _, tail in splits] + [tail[:1].upper() + tail[1:] for _, tail in splits]
    known = speller.known(heads + tails)
    return any((head in known or head.casefold() in source_words)
               and (tail in known or tail[:1].upper() + tail[1:] in known)
               for head, tail in splits)


def glued_split(word: str, verdict: Verdict, speller: Speller) -> str | None:
    """The words `word` is glued from, or None: hunspell's suggestion when it is the word
    with spaces, else the fewest dictionary words (of two letters or more) it splits into."""
    for suggestion in verdict.suggestions:
        pieces = suggestion.split()
        if len(pieces) > 1 and "".join(pieces) == word and min(map(len, pieces)) >= 2:
            return suggestion
    if len(word) < 4:
        return None
    substrings = [word[i:j] for i in range(len(word)) for j in range(i + 2, len(word) + 1)
                  if (i, j) != (0, len(word))]
    known = speller.known(substrings)
    # best[i]: the fewest pieces that spell word[:i]
    best: list[list[str] | None] = [[]] + [None] * len(word)
    for end in range(2, len(word) + 1):
        for start in range(0, end - 1):
            head, piece = best[start], word[start:end]
            current = best[end]
            if (head is not None and piece in known and len(head) < MAX_PIECES
                    and (current is None or len(head) + 1 < len(current))):
                best[end] = [*head, piece]
    pieces = best[len(word)]
    if not pieces or len(pieces) < 2 or max(map(len, pieces)) < MIN_LONGEST_PIECE:
        return None
    return " ".join(pieces)
