"""`pipeline --help`, check and extract must start fast: no translation machinery."""

import subprocess
import sys

HEAVY = ("argostranslate", "ctranslate2", "torch", "stanza", "sentencepiece", "spacy")


def test_cli_import_pulls_in_no_translation_machinery():
    code = (
        "import sys, pipeline.cli; "
        f"heavy = [m for m in {HEAVY!r} if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"import pipeline.cli loaded: {out.stdout.strip()}"
