"""The list of commands of the `pipeline` group: adding a command is one line here."""

from __future__ import annotations

ALL: list = []

from pipeline.cli.extract import extract_command  # noqa: E402
from pipeline.cli.segment import segment_command  # noqa: E402

ALL.append(extract_command)
ALL.append(segment_command)

from pipeline.cli.translate import translate_command  # noqa: E402

ALL.append(translate_command)

from pipeline.cli.check import check  # noqa: E402

ALL.append(check)

from pipeline.cli.models import models_command  # noqa: E402

ALL.append(models_command)

from pipeline.cli.report import report_command  # noqa: E402

ALL.append(report_command)

from pipeline.cli.build import build_command  # noqa: E402

ALL.append(build_command)

from pipeline.cli.import_ import import_command  # noqa: E402

ALL.append(import_command)

from pipeline.cli.glossary import glossary  # noqa: E402

ALL.append(glossary)

from pipeline.cli.tm import tm_group  # noqa: E402

ALL.append(tm_group)

from pipeline.cli.stats import stats_command  # noqa: E402

ALL.append(stats_command)
