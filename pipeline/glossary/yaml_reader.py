"""YAML for glossaries, read so that a hostile file is refused in milliseconds.

PyYAML's SafeLoader builds no objects, but it will expand aliases without limit (a
537-byte alias bomb grows to gigabytes once walked), recurse once per nesting level
(thousands of levels: RecursionError), hand int() ten thousand digits (ValueError),
accept lists as mapping keys (TypeError: unhashable) and read `no`, `on` or
2024-01-19 as booleans and dates. This loader refuses or avoids each of these as a
YAML error with its line, and remembers the line of every mapping and key.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from pipeline.errors import GlossaryError, Location


class LineMapping(dict):
    """A dict that remembers the line of the mapping and of each of its keys."""

    def __init__(self, line: int | None = None):
        super().__init__()
        self.line = line
        self.key_lines: dict[str, int] = {}


class LineList(list):
    """A list that remembers the line of each of its items (a term written as plain text
    is named at its line)."""

    def __init__(self, items=(), lines: list[int] | None = None):
        super().__init__(items)
        self.item_lines = lines or []


# Anchors may share a value, not multiply it: past this many nodes added by aliases
# (or this depth) a document is refused before anything is built from it. A 537-byte
# alias bomb expands to billions; a real glossary uses none or a few.
MAX_ALIAS_NODES = 10_000
MAX_DEPTH = 64
# YAML 1.1 reads `no` (Norwegian), `on`, `yes` as booleans and 2024-01-19 as a date;
# in a glossary only true/false are booleans and everything else stays text.
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_REFUSED_TAGS = ("binary", "timestamp", "set", "omap", "pairs")


class _LineLoader(yaml.SafeLoader):
    line_offset = 0  # lines of the file before the text this loader reads
    yaml_implicit_resolvers = {
        first: [(tag, pattern) for tag, pattern in resolvers
                if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def compose_node(self, parent, index):
        # Refused on the way down: PyYAML recurses once per level (RecursionError, and slow
        # to unwind, at a few hundred levels).
        self.depth = getattr(self, "depth", 0) + 1
        try:
            if self.depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None, None, f"values nested more than {MAX_DEPTH} levels deep",
                    self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def get_single_node(self):
        node = super().get_single_node()
        if node is not None:
            _Expansion().check(node)
        return node


_LineLoader.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL, list("tTfF"))


class _Expansion:
    """Counts the nodes a composed document would have with every alias expanded."""

    def __init__(self) -> None:
        self.sizes: dict[int, int] = {}
        self.open: set[int] = set()
        self.distinct = 0

    def check(self, root: yaml.Node) -> None:
        total = self._size(root, 1)
        if total - self.distinct > MAX_ALIAS_NODES:
            raise _refusal(root, f"aliases would add more than {MAX_ALIAS_NODES:,} values "
                                 "to the document; write the values out instead")

    def _size(self, node: yaml.Node, depth: int) -> int:
        key = id(node)
        if key in self.sizes:
            return self.sizes[key]
        if key in self.open:
            raise _refusal(node, "an alias refers to the value that contains it")
        if depth > MAX_DEPTH:
            raise _refusal(node, f"values nested more than {MAX_DEPTH} levels deep")
        self.open.add(key)
        self.distinct += 1
        children: list[yaml.Node] = []
        if isinstance(node, yaml.SequenceNode):
            children = node.value
        elif isinstance(node, yaml.MappingNode):
            children = [item for pair in node.value for item in pair]
        size = 1
        for child in children:
            size += self._size(child, depth + 1)
            if size > 10 * MAX_ALIAS_NODES + self.distinct:  # stop counting a bomb early
                break
        self.open.discard(key)
        self.sizes[key] = size
        return size


def _refusal(node: yaml.Node, reason: str) -> yaml.constructor.ConstructorError:
    return yaml.constructor.ConstructorError(None, None, reason, node.start_mark)


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> LineMapping:
    loader.flatten_mapping(node)
    offset = getattr(loader, "line_offset", 0)
    result = LineMapping(node.start_mark.line + 1 + offset)
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise _refusal(key_node, "a list or mapping cannot be a key")
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1 + offset
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}: each key once per term (or at the top); "
                "keep one", key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[str(key)] = line
    return result


def _construct_sequence(loader: yaml.SafeLoader, node: yaml.SequenceNode) -> LineList:
    offset = getattr(loader, "line_offset", 0)
    return LineList([loader.construct_object(child, deep=True) for child in node.value],
                    [child.start_mark.line + 1 + offset for child in node.value])


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    # int() refuses 4,300 digits with a ValueError that is no YAML error
    if len(node.value) > 30:
        raise _refusal(node, f"a number of {len(node.value)} characters; quote it if it is "
                             "text")
    return yaml.SafeLoader.construct_yaml_int(loader, node)


def _refuse_tag(loader: yaml.SafeLoader, node: yaml.Node):
    raise _refusal(node, f"{node.tag.rsplit(':', 1)[-1]!r} values are not allowed in a "
                         "glossary; write the value as plain text")


_LOADERS: list[type] = [_LineLoader]
if getattr(yaml, "__with_libyaml__", False):
    class _FastLineLoader(yaml.CSafeLoader):
        """libyaml's parser and composer (C, about ten times faster) with the same
        resolvers and constructors; used only on text too shallow for its recursion to
        matter, and any error is reported by _LineLoader, in its words."""

        line_offset = 0
        yaml_implicit_resolvers = _LineLoader.yaml_implicit_resolvers

        def get_single_node(self):
            node = super().get_single_node()
            if node is not None:
                _Expansion().check(node)
            return node

    _FastLineLoader.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL, list("tTfF"))
    _LOADERS.append(_FastLineLoader)

for _loader in _LOADERS:
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG,
                            _construct_sequence)
    _loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
    for _tag in _REFUSED_TAGS:
        _loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _refuse_tag)


# libyaml composes by C recursion, one frame per level: bounded here far below what a
# thread's stack holds. Deeper text is read (and refused) by _LineLoader.
MAX_FAST_NESTING = 1000


def _shallow(text: str) -> bool:
    """Nesting within MAX_FAST_NESTING however the text is read: every column of
    indentation and every bracket counted as a level (an over-count costs only speed)."""
    indent = max((len(line) - len(line.lstrip(" ")) for line in text.split("\n")), default=0)
    return indent + text.count("[") + text.count("{") <= MAX_FAST_NESTING


def _fast(path: str, text: str, offset: int) -> Any:
    """The document through libyaml, or None when it is not safe or not clean."""
    if len(_LOADERS) < 2 or not _shallow(text):
        return None
    loader = _LOADERS[1](text)
    loader.line_offset = offset
    try:
        return loader.get_single_data()
    except (yaml.YAMLError, ValueError, RecursionError):
        return None  # read again by _LineLoader, which explains the mistake
    finally:
        loader.dispose()


def read_yaml(path: str, text: str, offset: int = 0) -> Any:
    """The document; a GlossaryError at path:line:column, in plain words, otherwise.

    `offset`: lines of the file before `text` (a part read alone keeps the file's lines)."""
    data = _fast(path, text, offset)
    if data is not None:
        return data
    loader = None
    try:
        loader = _LineLoader(text)  # refuses a control character before anything is read
        loader.line_offset = offset
        return loader.get_single_data()
    # The explanations (pipeline.glossary.yaml_errors) load only when there is one to give.
    except yaml.MarkedYAMLError as exc:
        from pipeline.glossary.yaml_errors import explain

        raise explain(exc, path, text, offset) from None
    except yaml.reader.ReaderError as exc:
        from pipeline.glossary.yaml_errors import explain_character

        raise explain_character(exc, path, text) from None
    except yaml.YAMLError as exc:
        raise GlossaryError(f"invalid YAML: {exc}", Location(path)) from None
    except RecursionError:
        # PyYAML composes nested values by recursion, so thousands of levels end here
        raise GlossaryError(f"invalid YAML: values nested more than {MAX_DEPTH} levels deep",
                            Location(path)) from None
    finally:
        if loader is not None:
            loader.dispose()


_TERMS = re.compile(r"^terms\s*:\s*(?:#.*)?$")
_ITEM = re.compile(r"^( *)-(?:\s|$)")
_TOP_KEY = re.compile(r"^[^\s#-]")


def read_yaml_parts(path: str, text: str) -> tuple[Any, list[GlossaryError]]:
    """For `glossary lint`: the document and no errors, or, when a syntax error stops
    PyYAML, what each term reads as on its own and every term's syntax error."""
    from pipeline.glossary.yaml_errors import YamlAliasError, YamlSyntaxError

    try:
        return read_yaml(path, text), []
    except YamlSyntaxError as exc:
        first = exc
    rows = text.splitlines(keepends=True)
    parts = _parts(rows)
    if parts is None:
        raise first
    top, items, lines, errors = LineMapping(1), [], [], []
    for number, (start, end) in enumerate(parts):
        try:
            data = read_yaml(path, "".join(rows[start:end]), start)
        except YamlAliasError:
            continue  # its anchor may be in another part; this part is not checked
        except GlossaryError as exc:
            errors.append(first if _within(first, start, end) else exc)
            continue
        if number in (0, len(parts) - 1) and isinstance(data, LineMapping):
            top.update(data)
            top.key_lines.update(data.key_lines)
        elif isinstance(data, LineList):
            items += data
            lines += data.item_lines
    if not any(error is first for error in errors):
        errors.insert(0, first)
    top["terms"] = LineList(items, lines)
    return top, errors


def _within(error: GlossaryError, start: int, end: int) -> bool:
    line = error.location.line if error.location else None
    return line is not None and start < line <= end


def _parts(lines: list[str]) -> list[tuple[int, int]] | None:
    """Line ranges: what comes before `terms:`, each `- ` item of it, what comes after.
    None when the file is not laid out that way (then only the first error is known)."""
    start = next((n for n, line in enumerate(lines) if _TERMS.match(line)), None)
    if start is None:
        return None
    items: list[int] = []
    indent, end = None, len(lines)
    for number in range(start + 1, len(lines)):
        line = lines[number]
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        item = _ITEM.match(line)
        if indent is None:
            if item is None:
                return None
            indent = len(item.group(1))
        if item is not None and len(item.group(1)) <= indent + 1:
            items.append(number)
        elif _TOP_KEY.match(line):
            end = number
            break
    bounds = [*items, end]
    return [(0, start + 1), *zip(bounds, bounds[1:], strict=False), (end, len(lines))]
