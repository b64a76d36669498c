from pipeline.documents.base import Reader


class MarkdownReader(Reader):
    name = "md"
    suffixes = (".md",)
