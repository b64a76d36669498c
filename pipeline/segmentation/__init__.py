"""Splitting blocks into sentences (Segments) with offsets into the block text."""

from pipeline.segmentation.segmenter import segment_block, segment_spans, segment_text

__all__ = ["segment_block", "segment_spans", "segment_text"]
