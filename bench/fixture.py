"""The test suite's Argos package builder (tests/fixtures/argos_model.py), imported the
way the tests import it: `fixtures.argos_model` with tests/ on the path. (A site
package named `tests` shadows `tests.fixtures`.)"""

from __future__ import annotations

import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent / "tests"
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

from fixtures.argos_model import (  # noqa: E402
    CORPUS,
    ModelShape,
    PackageSpec,
    build_package,
    build_package_dir,
)

__all__ = ["CORPUS", "ModelShape", "PackageSpec", "build_package", "build_package_dir"]
