from pipeline.documents.base import Reader


class HtmlReader(Reader):
    name = "html"
    suffixes = (".html",)
