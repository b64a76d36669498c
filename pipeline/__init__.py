"""Offline press-release localization pipeline.

Data flows one way through typed dataclasses:
Document -> Block -> Segment -> Unit -> catalog (PO/XLIFF) -> localized Document.
"""

__version__ = "0.1.0"
