"""`pipeline glossary lint` reports every problem of a glossary in one run, YAML mistakes
at their line and column in words a brand manager understands, and "clean: N terms"
when there is none; `check` and `translate` show the same explanation when a glossary
does not load."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main


def lint(*files: str):
    return CliRunner().invoke(main, ["glossary", "lint", *files])


def write(name: str, text: str) -> str:
    Path(name).write_text(text, encoding="utf-8")
    return name


# One mistake each: the file, the one line `lint` prints (on stderr, exit 2).
SYNTAX = [
    ("tab", "terms:\n  - term: smart\n\tkind: dnt\n",
     "g.yaml:3:1: a tab character; YAML indents with spaces only: replace the tab with "
     "spaces"),
    ("indented less", "terms:\n  - term: smart\n   kind: dnt\n",
     "g.yaml:3:4: this line is indented differently from the line above: it starts in "
     "column 4, the line above in column 5"),
    ("indented more", "terms:\n  - term: smart\n     kind: dnt\n",
     "g.yaml:3:6: this line is indented differently from the line above: it starts in "
     "column 6, the line above in column 5"),
    ("colon in a value", "terms:\n  - term: smart\n    note: see: the manual\n",
     "g.yaml:3:14: a second ': ' on this line; a value that contains ': ' must be in quotes"),
    ("no colon", "terms:\n  - term: smart\n    kind dnt\n    note: x\n",
     "g.yaml:3:5: a term's line must be `key: value`; this one has no ':'"),
    ("unclosed quote", 'terms:\n  - term: smart\n    note: "the brand\n  - term: IAA\n',
     'g.yaml:3:11: the quote " opened here is never closed'),
    ("unclosed list", "terms:\n  - term: smart\n    forbidden: [Smart, SMART\n",
     "g.yaml:3:16: the list opened with '[' here is not closed with ']'"),
    ("list closed with a brace", "terms:\n  - term: smart\n    forbidden: [Smart, SMART}\n",
     "g.yaml:3:16: the list opened with '[' here is not closed with ']' (found '}' in "
     "column 29)"),
    ("dash without a space", "terms:\n  -term: smart\n  - term: IAA\n",
     "g.yaml:2:3: a line that starts with '-' and no space; a term starts with `- `"),
    ("value starting with @", "terms:\n  - term: @smart\n",
     'g.yaml:2:11: a value cannot start with \'@\' in YAML; put the whole value in quotes, '
     'e.g. "@smart"'),
    ("text after a quote", 'terms:\n  - term: "smart" car\n',
     "g.yaml:2:19: text after the closing quote; quote the whole value"),
    ("control character", "terms:\n  - term: sm\x07art\n",
     "g.yaml:2:13: a control character (U+0007) that YAML does not allow; remove it"),
]


@pytest.mark.parametrize(("text", "expected"), [case[1:] for case in SYNTAX],
                         ids=[case[0] for case in SYNTAX])
def test_a_yaml_mistake_is_one_line_with_line_and_column(project, text, expected):
    result = lint(write("g.yaml", text))
    assert result.exit_code == 2, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("pipeline: ")]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(f"pipeline: {expected}"), errors[0]
    assert "Traceback" not in result.output
    assert "<block" not in result.output and "token" not in result.output  # no parser jargon


EVERY_PROBLEM = (
    "languages: [de]\n"
    "terms:\n"
    "  - term: smart\n"
    "    kind: maybe\n"          # 4
    "    forbidden: 3\n"         # 5
    "    case_sensitive: yes\n"  # 6
    "  - term: IAA\n"
    "    knd: dnt\n"             # 8
    "    colour: red\n"          # 9
    "  - term: ' '\n"            # 10
    "  - term: Red Dot\n"       # 11: forced, no targets
    "    kind: forced\n"
)


def test_every_problem_of_a_file_is_reported_in_one_run(project):
    result = lint(write("g.yaml", EVERY_PROBLEM))
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines() == [
        "g.yaml:4: invalid kind 'maybe'; use dnt or forced",
        "g.yaml:5: forbidden must be a list of strings",
        "g.yaml:6: case_sensitive must be true or false",
        "g.yaml:8: unknown key 'knd' in a term; did you mean 'kind'? (known: case_sensitive, "
        "category, exceptions, forbidden, forbidden_patterns, id, keep_lowercase, kind, note, "
        "overrides, pattern, targets, term, variants)",
        "g.yaml:9: unknown key 'colour' in a term (known: case_sensitive, category, "
        "exceptions, forbidden, forbidden_patterns, id, keep_lowercase, kind, note, "
        "overrides, pattern, targets, term, variants)",
        "g.yaml:10: term: empty or whitespace-only term",
        "g.yaml:11: forced term 'Red Dot' has no targets; add targets or use kind: dnt",
    ]
    assert result.stderr == "7 problems in 1 of 1 glossary file\n"


# A syntax mistake does not hide the other terms' problems: (file, text, the findings on
# stdout, where the syntax errors are, what each of them says).
RECOVERED = [
    ("g.yaml",
     "terms:\n"
     "  - term: smart\n"
     "\tkind: dnt\n"              # 3: a tab
     "  - term: IAA\n"
     "    kind: forcd\n"          # 5
     "  - term: Red Dot\n"
     "    note: \"unclosed\n"     # 7: a quote never closed
     "  - term: Euro NCAP\n"
     "    variants: 5\n",         # 9
     ["g.yaml:5: invalid kind 'forcd'; use dnt or forced",
      "g.yaml:9: variants must be a list of strings"],
     ["g.yaml:3:1", "g.yaml:7:11"], None),
    ("g.toml",
     'languages = ["de"]\n'
     "[[terms]]\n"
     'term = "smart\n'            # 3: a string never closed
     'kind = "dnt"\n'
     "[[terms]]\n"                # 5
     'term = "IAA"\n'
     'kind = "forcd"\n'
     "[[terms]]\n"
     'term = "Red Dot"\n'
     "note = = 1\n"               # 10: no value
     "[[terms]]\n"                # 11
     'term = "Euro NCAP"\n'
     "variants = 5\n",
     ["g.toml:5: invalid kind 'forcd'; use dnt or forced",
      "g.toml:11: variants must be a list of strings"],
     ["g.toml:3", "g.toml:10"], "invalid TOML"),
]


@pytest.mark.parametrize(("name", "text", "findings", "at", "said"), RECOVERED,
                         ids=["yaml", "toml"])
def test_a_syntax_mistake_does_not_hide_the_other_terms_problems(project, name, text,
                                                                 findings, at, said):
    result = lint(write(name, text))
    assert result.exit_code == 2, result.output
    assert result.stdout.splitlines() == findings
    errors = result.stderr.splitlines()
    assert [line.split(": ", 2)[1] for line in errors[:2]] == at
    if said is not None:
        assert all(said in line for line in errors[:2])
    assert errors[2] == "4 problems in 1 of 1 glossary file"


def test_a_term_written_as_text_is_named_at_its_line(project):
    result = lint(write("g.yaml", "terms:\n  - term: smart\n  - term IAA\n"))
    assert result.exit_code == 1
    assert result.stdout == ("g.yaml:3: this entry is the text 'term IAA', not `key: value` "
                             "lines; a ':' is missing, e.g. `- term: IAA`\n")


@pytest.mark.parametrize(("files", "expected"), [
    ({"a.yaml": "terms:\n  - term: smart\n  - term: IAA\n"}, "clean: 2 terms\n"),
    ({"a.yaml": "terms:\n  - term: smart\n"}, "clean: 1 term\n"),
    ({"a.yaml": "terms:\n  - term: smart\n", "b.toml": '[[terms]]\nterm = "IAA"\n'},
     "clean: 2 terms in 2 files\n"),
])
def test_a_clean_glossary_says_how_many_terms(project, files, expected):
    for name, text in files.items():
        write(name, text)
    result = lint(*files)
    assert result.exit_code == 0, result.output
    assert result.output == expected


def test_check_shows_the_lint_explanation_not_a_parse_error(project):
    write("tab.yaml", "terms:\n  - term: smart\n\tkind: dnt\n")
    result = CliRunner().invoke(main, ["check", "--glossary", "tab.yaml"])
    assert result.exit_code == 2
    assert result.stderr == ("pipeline: tab.yaml:3:1: a tab character; YAML indents with "
                             "spaces only: replace the tab with spaces\n")


def test_check_says_how_many_more_problems_lint_would_list(project):
    write("g.yaml", EVERY_PROBLEM)
    result = CliRunner().invoke(main, ["check", "--glossary", "g.yaml"])
    assert result.exit_code == 2
    assert result.stderr == ("pipeline: g.yaml:4: invalid kind 'maybe'; use dnt or forced "
                             "(and 6 more problems: `pipeline glossary lint` lists them "
                             "all)\n")
