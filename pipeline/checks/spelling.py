"""qa.spelling: words of a translation that the target language's Hunspell dictionary
does not know, through Hunspell itself (its pipe mode, `hunspell -a`).

One hunspell process per dictionary for the whole run, started ahead and shared by the
workers (pipeline/checks/hunspell.py); each worker asks about a word once, its answers
cached per word. Words the pipeline itself puts into a translation are
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

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from pipeline.checks.base import Check, CheckContext, Finding, Problem, Severity, quote
from pipeline.checks.hunspell import Speller, Verdict, find_dictionary, hunspell_binary
from pipeline.checks.qa import strip_codes
from pipeline.language import Language

if TYPE_CHECKING:
    from collections.abc import Collection
    from pathlib import Path

    from pipeline.catalogs.model import Catalog
    from pipeline.glossary.model import Glossary

# Letters with inner apostrophes or hyphens ("l'homme", "porte-monnaie"); digits excluded.
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
MAX_PIECES = 4
MAX_SUGGESTIONS = 3
MIN_LONGEST_PIECE = 5  # "rap id de" does not explain "rapidde"; "que mira adelante" does
# Languages that write compounds closed: Hunspell's dictionaries build only some of them
# ("Premiummarke", "vollelektrischen" are rejected), so two dictionary words written
# together, with no capital inside, are a compound there, not a slip.
COMPOUNDING = frozenset({"de", "nl"})
_INNER_CAPITAL = re.compile(r"[^\W\d_]*[a-zß-ÿ][A-ZÀ-Þ]")


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

    def warm_up(self, languages: Collection[Language]) -> None:
        if hunspell_binary() is None:
            return
        for dictionary in {find_dictionary(language) for language in languages} - {None}:
            self._speller(dictionary).start_spare()

    def settle(self) -> None:
        # Both workers would otherwise wait for their hunspell at their first file, at
        # once; here the wait is what loading has left, and the loading has the cores.
        for speller in self._spellers.values():
            speller.settle_spare()

    def release(self) -> None:
        for speller in self._spellers.values():
            speller.stop_spare()

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
