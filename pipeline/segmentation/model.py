"""A Segment is one sentence of a block, with its offsets in the block text."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.documents.model import Block


@dataclass(frozen=True)
class Segment:
    block: Block
    start: int  # offsets into block.text; text == block.text[start:end]
    end: int
    text: str
    index: int  # position of the segment within its block

    @property
    def location(self):
        return self.block.location
