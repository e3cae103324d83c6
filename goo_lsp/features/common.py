"""Shared machinery of the editor features: finding the node and object at an offset, the
location of an object (in this file or in a std stub), per-chunk identifier indexes, doc
comments, and Go-style declaration text for hovers and completion details.

Everything here works on an `Analysis` and absolute character offsets; no LSP types.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Iterator

from ..analysis import Analysis
from ..compiler import syntax as S
from ..compiler.check_base import Info, Mode, TypeAndValue
from ..compiler.chunks import Chunk, ParsedFile
from ..compiler.importer import default_importer
from ..compiler.lexer import Comment
from ..compiler.objects import (
    Builtin,
    ConceptObj,
    Const,
    Func,
    Label,
    Loc,
    Obj,
    PkgName,
    TypeName,
    Var,
    VariantObj,
)
from ..compiler.constants import format_value
from ..compiler.source import LineIndex, Span
from ..compiler.types import Named, Signature, Type, type_string, underlying


@dataclass(frozen=True, slots=True)
class Location:
    path: str
    span: Span          # absolute offsets in `path`'s text
    text: str | None = None   # the text of that file when it is not the analysed document


@dataclass(frozen=True, slots=True)
class Located:
    """What is at an offset: the chunk, the chunk-relative offset, and the node path."""

    index: int
    chunk: Chunk
    rel: int
    path: tuple[S.Node, ...]

    @property
    def innermost(self) -> S.Node:
        return self.path[-1]


def locate(analysis: Analysis, offset: int) -> Located | None:
    chunks = analysis.parsed.chunks
    if not chunks:
        return None
    i = analysis.parsed.chunk_at(offset)
    chunk = chunks[i]
    rel = offset - chunk.start
    path = S.node_path(chunk.decl, rel)
    return Located(i, chunk, rel, tuple(path))


def infos(analysis: Analysis, index: int) -> list[Info]:
    return analysis.check.infos(index)


def object_of(analysis: Analysis, index: int, node_id: int) -> Obj | None:
    for info in infos(analysis, index):
        obj = info.defs.get(node_id) or info.uses.get(node_id)
        if obj is not None:
            return obj
    return None


def type_of(analysis: Analysis, index: int, node_id: int) -> TypeAndValue | None:
    for info in reversed(infos(analysis, index)):
        tv = info.types.get(node_id)
        if tv is not None:
            return tv
    return None


def ident_at(analysis: Analysis, offset: int) -> tuple[Located, S.Ident] | None:
    """The identifier at (or touching) `offset`."""
    loc = locate(analysis, offset)
    if loc is None:
        return None
    for node in reversed(loc.path):
        if isinstance(node, S.Ident) and node.span.start <= loc.rel <= node.span.end and node.name:
            return loc, node
    return None


def object_at(analysis: Analysis, offset: int) -> tuple[Obj, Located, S.Ident] | None:
    hit = ident_at(analysis, offset)
    if hit is None:
        return None
    loc, ident = hit
    obj = object_of(analysis, loc.index, ident.id)
    if obj is None:
        return None
    return obj, loc, ident


_IDENT_CACHE: dict[int, tuple[S.Ident, ...]] = {}


def idents(chunk: Chunk) -> tuple[S.Ident, ...]:
    """All identifiers of a chunk's declaration (cached by declaration id: nodes never change)."""
    decl = chunk.decl
    found = _IDENT_CACHE.get(decl.id)
    if found is None:
        if len(_IDENT_CACHE) > 20_000:
            _IDENT_CACHE.clear()
        found = tuple(n for n in S.walk(decl) if isinstance(n, S.Ident))
        _IDENT_CACHE[decl.id] = found
    return found


def occurrences(analysis: Analysis, obj: Obj) -> Iterator[tuple[int, S.Ident, bool]]:
    """(chunk index, identifier, is_definition) for every identifier bound to `obj`."""
    for i, chunk in enumerate(analysis.parsed.chunks):
        tables = infos(analysis, i)
        for ident in idents(chunk):
            for info in tables:
                if info.defs.get(ident.id) is obj:
                    yield i, ident, True
                    break
                if info.uses.get(ident.id) is obj:
                    yield i, ident, False
                    break


def absolute(analysis: Analysis, index: int, span: Span) -> Span:
    return span.shifted(analysis.parsed.chunks[index].start)


def object_location(analysis: Analysis, obj: Obj) -> Location | None:
    return loc_location(analysis, obj.loc)


def loc_location(analysis: Analysis, loc: Loc) -> Location | None:
    if loc.file == "<universe>":
        return None
    if loc.file == analysis.path:
        base = analysis.chunk_base(loc.decl_id)
        if base is None:
            return None
        return Location(loc.file, loc.span.shifted(base))
    parsed = default_importer().stub_file(loc.file)
    if parsed is None:
        return None
    base = _stub_base(parsed, loc.decl_id)
    if base is None:
        return None
    return Location(loc.file, loc.span.shifted(base), parsed.text)


def _stub_base(parsed: ParsedFile, decl_id: int) -> int | None:
    for chunk in parsed.chunks:
        if chunk.decl.id == decl_id:
            return chunk.start
    return None


# ------------------------------------------------------------------------------- comments
def all_comments(parsed: ParsedFile) -> list[Comment]:
    out: list[Comment] = []
    for chunk in parsed.chunks:
        out.extend(Comment(c.span.shifted(chunk.start), c.text) for c in chunk.comments)
    return out


def doc_comment(text: str, comments: list[Comment], decl_offset: int) -> str:
    """The comment block directly above the line of `decl_offset`, or a trailing comment on
    that line; comment markers stripped."""
    index = LineIndex(text) if len(text) < 2_000_000 else None
    if index is None:
        return ""
    line = index.position(decl_offset).line
    by_end_line: dict[int, Comment] = {}
    trailing = None
    for c in comments:
        end_line = index.position(max(c.span.end - 1, c.span.start)).line
        start_line = index.position(c.span.start).line
        if start_line == line and c.span.start > decl_offset:
            trailing = c
        by_end_line[end_line] = c
    block: list[Comment] = []
    current = line - 1
    while current in by_end_line:
        c = by_end_line[current]
        line_start = index.line_start(index.position(c.span.start).line)
        if text[line_start:c.span.start].strip():
            break  # a trailing comment of an earlier line, not a doc line
        block.insert(0, c)
        current = index.position(c.span.start).line - 1
    chosen = block or ([trailing] if trailing else [])
    return "\n".join(_strip_comment(c.text) for c in chosen).strip()


def _strip_comment(text: str) -> str:
    if text.startswith("//"):
        return text[2:].strip()
    body = text[2:-2] if text.endswith("*/") else text[2:]
    return "\n".join(line.strip().lstrip("*").strip() for line in body.splitlines()).strip()


def object_doc(analysis: Analysis, obj: Obj) -> str:
    where = object_location(analysis, obj)
    if where is None:
        return ""
    if where.path == analysis.path:
        key = "_comments"
        comments = analysis.stats.get(key)
        if comments is None:
            comments = all_comments(analysis.parsed)
            analysis.stats[key] = comments
        return doc_comment(analysis.source.text, comments, where.span.start)
    parsed = default_importer().stub_file(where.path)
    if parsed is None:
        return ""
    return doc_comment(parsed.text, _stub_comments(where.path), where.span.start)


@functools.lru_cache(maxsize=64)
def _stub_comments(path: str) -> list[Comment]:
    parsed = default_importer().stub_file(path)
    return all_comments(parsed) if parsed is not None else []


# ------------------------------------------------------------------------------- descriptions
BUILTIN_SIGNATURES = {
    "len": "func len(v Type) int", "cap": "func cap(v Type) int",
    "append": "func append(slice []Type, elems ...Type) []Type",
    "make": "func make(t Type, size ...IntegerType) Type", "make_chan": "func make_chan(T Type, size ...int) chan T",
    "new": "func new(Type) *Type", "close": "func close(c chan<- Type)", "delete": "func delete(m map[Type]Type1, key Type)",
    "copy": "func copy(dst, src []Type) int", "panic": "func panic(v any)", "min": "func min(x T, y ...T) T",
    "max": "func max(x T, y ...T) T", "print": "func print(args ...Type)", "println": "func println(args ...Type)",
    "clear": "func clear[T ~[]Type | ~map[Type]Type1](t T)", "recover": "func recover() any  // not supported in Goo",
}


def describe_object(obj: Obj, pkg: str) -> str:
    """A Go-style declaration line for hovers: `var x int`, `func (p *Point) Move(dx int)`."""
    ts = lambda t: type_string(t, pkg) if t is not None else "invalid type"  # noqa: E731
    qual = f"{obj.pkg}." if obj.pkg and obj.pkg != pkg and not isinstance(obj, (Var,)) else ""
    match obj:
        case Var():
            if obj.is_field:
                return f"field {obj.name} {ts(obj.type)}"
            return f"var {obj.name} {ts(obj.type)}"
        case Const():
            value = f" = {format_value(obj.value)}" if obj.value is not None else ""
            word = "comptime const" if obj.comptime else "const"
            return f"{word} {qual}{obj.name} {ts(obj.type)}{value}"
        case TypeName():
            if obj.is_alias:
                return f"type {qual}{obj.name} = {ts(obj.type)}"
            t = obj.type
            u = underlying(t) if t is not None else None
            return f"type {qual}{obj.name} {_short_underlying(u, pkg)}"
        case Func():
            sig = obj.type
            sig_text = _signature_text(sig, pkg) if isinstance(sig, Signature) else "()"
            if obj.recv_named is not None:
                recv = ("*" if obj.pointer_recv else "") + obj.recv_named.obj.name
                return f"func ({recv}) {obj.name}{sig_text}"
            tparams = ""
            if isinstance(sig, Signature) and sig.type_params:
                tparams = "[" + ", ".join(f"{tp.name} {ts(tp.constraint)}" for tp in sig.type_params) + "]"
            return f"func {qual}{obj.name}{tparams}{sig_text}"
        case PkgName():
            return f"package {obj.name} (\"{obj.path}\")"
        case Builtin():
            return BUILTIN_SIGNATURES.get(obj.name, f"func {obj.name}(...)")
        case VariantObj():
            v = obj.variant
            fields = ", ".join(f"{f.name} {ts(f.type)}" for f in v.fields) if v is not None else ""
            owner = ts(obj.type) if obj.type is not None else "enum"
            return f"{obj.name}{{{fields}}}  // variant of {owner}"
        case ConceptObj():
            params = f"[{', '.join(obj.params)}]" if obj.params else ""
            return f"concept {obj.name}{params}"
        case Label():
            return f"label {obj.name}"
    return obj.name


def _signature_text(sig: Signature, pkg: str) -> str:
    ts = lambda t: type_string(t, pkg)  # noqa: E731
    params = []
    for i, p in enumerate(sig.params):
        t = p.type
        text = ts(t)
        if sig.variadic and i == len(sig.params) - 1 and text.startswith("[]"):
            text = "..." + text[2:]
        prefix = "comptime " if p.comptime else ""
        params.append(f"{prefix}{p.name} {text}".strip() if p.name else prefix + text)
    out = "(" + ", ".join(params) + ")"
    if len(sig.results) == 1 and not sig.results[0].name:
        out += " " + ts(sig.results[0].type)
    elif sig.results:
        out += " (" + ", ".join(f"{r.name} {ts(r.type)}".strip() for r in sig.results) + ")"
    return out


def _short_underlying(u: Type | None, pkg: str) -> str:
    from ..compiler.types import Enum, Interface, Struct
    if u is None:
        return "invalid type"
    if isinstance(u, Struct):
        if not u.fields:
            return "struct{}"
        inner = "\n".join(f"\t{f.name if not f.embedded else ''} {type_string(f.type, pkg)}".rstrip() for f in u.fields)
        return "struct {\n" + inner + "\n}"
    if isinstance(u, Interface):
        methods = u.all_methods()
        if not methods and not u.embedded:
            return "interface{}"
        inner = "\n".join(f"\t{m.name}{_signature_text(m.sig, pkg)}" for m in methods)
        return "interface {\n" + inner + "\n}"
    if isinstance(u, Enum):
        inner = "\n".join("\t" + v.name + "{" + ", ".join(f"{f.name}: {type_string(f.type, pkg)}" for f in v.fields) + "}"
                          for v in u.variants)
        return "enum {\n" + inner + "\n}"
    return type_string(u, pkg)


def named_of(t: Type | None) -> Named | None:
    from ..compiler.types import Pointer
    while t is not None:
        if isinstance(t, Named):
            return t
        u = t
        if isinstance(u, Pointer):
            t = u.elem
            continue
        return None
    return None


__all__ = ["Location", "Located", "locate", "object_at", "ident_at", "type_of", "object_of", "occurrences",
           "absolute", "object_location", "loc_location", "doc_comment", "object_doc", "describe_object",
           "named_of", "idents", "infos", "Mode"]
