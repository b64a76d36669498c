"""Regenerate cases.json from the peers' unpacked source distributions (run by hand; the
commands are in README.md beside this file).

Only the test *data* is read (string literals in the peers' assertions, parsed with `ast`);
none of their code is imported or copied. Tests never run this: they read cases.json.
"""

from __future__ import annotations

import ast
import json
import re
import sys
import unicodedata
from pathlib import Path

TT = ("translate-toolkit", "3.13.0", "tests/translate/filters/test_checks.py")
WEBLATE = ("weblate", "5.14.3", "weblate/checks/tests")

# Peer check -> our check id. Peer checks absent here are out of scope for press
# releases (accelerators, XML/markup, plurals, Mozilla/KDE/OpenOffice variables...).
TT_CHECKS = {
    # The peer's bracket check also counts braces, which a release uses for placeholders.
    "brackets": ("qa.brackets", "qa.placeholders"),
    "doublequoting": "qa.quotes", "singlequoting": "qa.quotes",
    "doublespacing": "qa.spacing", "puncspacing": "qa.spacing",
    "doublewords": "qa.doubled-word", "endpunc": "qa.end-punctuation",
    "endwhitespace": "qa.whitespace", "startwhitespace": "qa.whitespace",
    # The peer's number check also compares the symbol a number carries (180°): ours
    # leaves symbols and units to qa.codes, so either of the two reporting is a "problem".
    "numbers": ("qa.numbers", "qa.codes"), "printf": "qa.placeholders",
    "pythonbraceformat": "qa.placeholders", "urls": "qa.placeholders",
    "emails": "qa.codes",
}
# Weblate test class -> (our check id, the format flag its cases need, if any).
WEBLATE_CHECKS = {
    "test_chars_checks.py": {
        "BeginNewlineCheckTest": ("qa.whitespace", ""),
        "EndNewlineCheckTest": ("qa.whitespace", ""),
        "BeginSpaceCheckTest": ("qa.whitespace", ""),
        "EndSpaceCheckTest": ("qa.whitespace", ""),
        "DoubleSpaceCheckTest": ("qa.spacing", ""),
        "EndStopCheckTest": ("qa.end-punctuation", ""),
        "EndColonCheckTest": ("qa.end-punctuation", ""),
        "EndQuestionCheckTest": ("qa.end-punctuation", ""),
        "EndExclamationCheckTest": ("qa.end-punctuation", ""),
        "EndInterrobangCheckTest": ("qa.end-punctuation", ""),
        "EndEllipsisCheckTest": ("qa.end-punctuation", ""),
        "EndSemicolonCheckTest": ("qa.end-punctuation", ""),
        "PunctuationSpacingCheckTest": ("qa.spacing", ""),
    },
    "test_duplicate_checks.py": {"DuplicateCheckTest": ("qa.doubled-word", "")},
    "test_format_checks.py": {
        "CFormatCheckTest": ("qa.placeholders", "c-format"),
        "PythonFormatCheckTest": ("qa.placeholders", "python-format"),
        # A stray brace is ours to report as a bracket, a field as a placeholder.
        "PythonBraceFormatCheckTest": (("qa.placeholders", "qa.brackets"),
                                       "python-brace-format"),
    },
    "test_markup_checks.py": {"URLCheckTest": ("qa.placeholders", "url")},
}


# What does not apply to press-release prose, decided on the case's content alone (never
# on our checks' answer); such cases stay in cases.json with "applies": false and the rule.
PROJECT_LANGUAGES = {"und", "cs", "de", "fr", "fr_CA", "es", "it", "nl"}  # cs: Weblate's filler
SOFTWARE_CODES = re.compile(r"%\d+\$|%@|%%|\{\{|\}\}|%'|%\.0s|%(?= )")
MARKUP = re.compile(r"&\w+;|`|:ref:")  # HTML entities, reStructuredText
COMBINED_MARKS = re.compile(r"[?!？！][?!？！]\s*$|[⁈⁉]")


def scope(case: dict) -> str | None:
    """Why a case does not apply to releases, or None when it does."""
    source, target = case["source"], case["target"]
    if not re.search(r"[^\W_]", source) or not re.search(r"[^\W_]", target):
        return "R1: not prose (a side with no letter or digit)"
    if case["language"] not in PROJECT_LANGUAGES:
        return ("R3: a convention of a language the pipeline does not localize into "
                f"({case['language']})")
    if MARKUP.search(source) or MARKUP.search(target):
        return "R5: markup syntax (HTML entities, reStructuredText), not release text"
    if "qa.placeholders" in case["checks"] and (SOFTWARE_CODES.search(source)
                                              or SOFTWARE_CODES.search(target)):
        return ("R2: programming-language format syntax (positional %1$s, %@, %%, {{ }}, "
                "the %.0s plural trick, a lone % that only a format parser rejects)")
    if "qa.end-punctuation" in case["checks"] and (COMBINED_MARKS.search(source)
                                                 or COMBINED_MARKS.search(target)):
        return "R4: combined end marks (?!, !?, interrobang), not written in releases"
    return None


def _text(node: ast.AST) -> str | None:
    try:
        value = ast.literal_eval(node)
    except ValueError:
        return None
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else None


def _case(peer, file, line, group, check, source, target, language, problem):
    checks = [check] if isinstance(check, str) else list(check)
    return {"id": f"{peer[0]}:{Path(file).name}:{line}", "peer": peer[0], "version": peer[1],
            "file": file, "line": line, "peer_check": group, "checks": checks,
            "source": source, "target": target, "language": language,
            "expected": "problem" if problem else "ok"}


def translate_toolkit(root: Path) -> list[dict]:
    path = root / f"translate_toolkit-{TT[1]}" / TT[2]
    cases = []
    for function in ast.parse(path.read_text(encoding="utf-8")).body:
        if not isinstance(function, ast.FunctionDef):
            continue
        checkers: dict[str, str] = {}  # variable -> target language of a plain StandardChecker
        for node in ast.walk(function):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
                call = ast.unparse(node.value)
                name = ast.unparse(node.targets[0])
                if call == "checks.StandardChecker()":
                    checkers[name] = "und"
                elif call.startswith("checks.StandardChecker(checks.CheckerConfig("
                                     "targetlanguage=") and call.count("=") == 1:
                    checkers[name] = ast.literal_eval(node.value.args[0].keywords[0].value)
                else:
                    checkers.pop(name, None)  # another checker or configuration: not taken
            if not isinstance(node, ast.Assert):
                continue
            test, negate = node.test, False
            if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
                test, negate = test.operand, True
            if not (isinstance(test, ast.Call) and isinstance(test.func, ast.Name)
                    and test.func.id in {"passes", "fails", "fails_serious"}
                    and len(test.args) >= 3 and isinstance(test.args[0], ast.Attribute)):
                continue
            checker, group = ast.unparse(test.args[0].value), test.args[0].attr
            source, target = _text(test.args[1]), _text(test.args[2])
            if group not in TT_CHECKS or checker not in checkers or None in (source, target):
                continue
            problem = (test.func.id != "passes") != negate
            cases.append(_case(TT, TT[2], node.lineno, group, TT_CHECKS[group], source,
                               target, checkers[checker], problem))
    return cases


def weblate(root: Path) -> list[dict]:
    folder = root / f"weblate-{WEBLATE[1]}" / WEBLATE[2]
    cases = []
    for file, classes in WEBLATE_CHECKS.items():
        tree = ast.parse((folder / file).read_text(encoding="utf-8"))
        for klass in tree.body:
            if not isinstance(klass, ast.ClassDef) or klass.name not in classes:
                continue
            check, flag = classes[klass.name]
            default = next((_text(n.value) for n in klass.body if isinstance(n, ast.Assign)
                            and ast.unparse(n.targets[0]) == "default_lang"), "cs")
            for node in ast.walk(klass):
                found = _weblate_case(node)
                if found is None:
                    continue
                problem, (source, target, flags), language = found
                if flags == "format":  # check_format(...) of this very check
                    flags = flag
                if None in (source, target) or flags not in {"", flag} or (flag and not flags):
                    continue  # a format case without its flag says nothing about the pair
                if not source and not target:
                    continue
                cases.append(_case(WEBLATE, f"{WEBLATE[2]}/{file}", node.lineno, klass.name,
                                   check, source, target, language or default, problem))
    return cases


def _weblate_case(node: ast.AST):
    """`self.test_good_x = (s, t, flags)`, `self.test_failure_n = ...`,
    `self.do_test(b, (s, t, flags), lang)`."""
    if (isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Attribute)
            and isinstance(node.value, ast.Tuple) and len(node.value.elts) == 3):
        name = node.targets[0].attr
        if name.startswith(("test_good", "test_failure")) and name != "test_good_flag":
            return (name.startswith("test_failure"),
                    tuple(_text(e) for e in node.value.elts), None)
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "do_test" and len(node.args) >= 2
            and isinstance(node.args[1], ast.Tuple) and len(node.args[1].elts) == 3):
        try:
            problem = ast.literal_eval(node.args[0])
        except ValueError:
            return None
        language = _text(node.args[2]) if len(node.args) > 2 else None
        return bool(problem), tuple(_text(e) for e in node.args[1].elts), language
    return _weblate_assertion(node)


def _weblate_assertion(node: ast.AST):
    """`assertTrue(self.check.check_format(s, t, False, ...))` and
    `assertTrue(self._run_check(t, source=s, lang=l))` (the doubled-word tests)."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"assertTrue", "assertFalse", "assertEqual"}
            and node.args and isinstance(node.args[0], ast.Call)
            and isinstance(node.args[0].func, ast.Attribute)):
        return None
    inner, problem = node.args[0], node.func.attr != "assertFalse"
    if node.func.attr == "assertEqual" and (len(node.args) < 2 or not isinstance(
            node.args[1], ast.Dict) or not node.args[1].keys):
        return None  # only a non-empty result dict says "problem"
    keywords = {k.arg: _text(k.value) for k in inner.keywords}
    if inner.func.attr == "check_format" and len(inner.args) >= 3:
        if ast.unparse(inner.args[2]) != "False":
            return None  # the "ignore" variant
        return problem, (_text(inner.args[0]), _text(inner.args[1]), "format"), None
    if inner.func.attr == "_run_check" and inner.args:
        source = keywords.get("source", "")
        return problem, (source, _text(inner.args[0]), ""), keywords.get("lang")
    return None


def main(root: str) -> None:
    cases = translate_toolkit(Path(root)) + weblate(Path(root))
    for case in cases:
        reason = scope(case)
        case["applies"] = reason is None
        if reason:
            case["scope"] = reason
    document = {
        "note": "Good/bad pairs from the peers' own test tables (data only), see README.md",
        "sources": [{"package": TT[0], "version": TT[1], "file": TT[2]},
                    {"package": WEBLATE[0], "version": WEBLATE[1],
                     "files": [f"{WEBLATE[2]}/{f}" for f in WEBLATE_CHECKS]}],
        "cases": cases,
    }
    json.dump(document, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
