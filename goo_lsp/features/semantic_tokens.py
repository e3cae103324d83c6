"""Semantic tokens: every token of a range classified from the checker's tables — keywords,
functions, methods, types, type parameters, parameters, variables, fields, constants, enum
variants, packages, labels, strings, numbers, comments — with modifiers (`declaration`,
`readonly`, `defaultLibrary`, and `channel` for values of channel type).

Produced as absolute (offset, length, type, modifiers) tuples; the protocol layer encodes them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..analysis import Analysis
from ..compiler.diagnostics import DiagnosticSink
from ..compiler.lexer import scan
from ..compiler.objects import Builtin, ConceptObj, Const, Func, Label, Obj, PkgName, TypeName, Var, VariantObj
from ..compiler.tokens import KEYWORD_KINDS
from ..compiler.types import Chan, TypeParam, underlying
from .common import idents, infos

TOKEN_TYPES = ("namespace", "type", "typeParameter", "parameter", "variable", "property", "enumMember",
               "function", "method", "keyword", "comment", "string", "number", "operator", "label", "interface",
               "struct")
TOKEN_MODIFIERS = ("declaration", "readonly", "defaultLibrary", "channel")
_T = {name: i for i, name in enumerate(TOKEN_TYPES)}
_M = {name: 1 << i for i, name in enumerate(TOKEN_MODIFIERS)}
_LITERAL_KEYWORDS = {"TRUE", "FALSE", "NIL"}


@dataclass(frozen=True, slots=True)
class SemToken:
    start: int       # absolute
    length: int
    type: int
    modifiers: int


def semantic_tokens(analysis: Analysis, start: int = 0, end: int | None = None) -> list[SemToken]:
    end = len(analysis.source.text) if end is None else end
    out: list[SemToken] = []
    for index, chunk in enumerate(analysis.parsed.chunks):
        if chunk.end < start or chunk.start > end:
            continue
        out.extend(_chunk_tokens(analysis, index, start, end))
    out.sort(key=lambda t: t.start)
    return out


def _chunk_tokens(analysis: Analysis, index: int, start: int, end: int) -> list[SemToken]:
    chunk = analysis.parsed.chunks[index]
    base = chunk.start
    tokens, comments = scan(chunk.text, DiagnosticSink())
    by_start = {ident.span.start: ident for ident in idents(chunk)}
    tables = infos(analysis, index)
    out: list[SemToken] = []
    for tok in tokens:
        a = base + tok.start
        if a < start or a >= end or tok.end == tok.start:
            continue
        kind = tok.kind
        if kind == "NAME":
            ident = by_start.get(tok.start)
            if ident is None:
                continue
            obj = None
            is_def = False
            for info in tables:
                obj = info.defs.get(ident.id)
                if obj is not None:
                    is_def = True
                    break
                obj = info.uses.get(ident.id)
                if obj is not None:
                    break
            classified = _classify(obj, is_def)
            if classified is not None:
                out.append(SemToken(a, tok.end - tok.start, *classified))
        elif kind in KEYWORD_KINDS:
            if kind in _LITERAL_KEYWORDS:
                out.append(SemToken(a, tok.end - tok.start, _T["keyword"], _M["readonly"]))
            else:
                out.append(SemToken(a, tok.end - tok.start, _T["keyword"], 0))
        elif kind == "STRING" or kind == "RUNE":
            _multiline(out, analysis.source.text, a, tok.end - tok.start, _T["string"])
        elif kind in ("INT", "FLOAT", "IMAG"):
            out.append(SemToken(a, tok.end - tok.start, _T["number"], 0))
    for c in comments:
        a = base + c.span.start
        if start <= a < end:
            _multiline(out, analysis.source.text, a, c.span.end - c.span.start, _T["comment"])
    return out


def _multiline(out: list[SemToken], text: str, start: int, length: int, ttype: int) -> None:
    """LSP tokens may not span lines: split multi-line strings and comments per line."""
    segment = text[start:start + length]
    if "\n" not in segment:
        out.append(SemToken(start, length, ttype, 0))
        return
    offset = start
    for part in segment.split("\n"):
        if part:
            out.append(SemToken(offset, len(part), ttype, 0))
        offset += len(part) + 1


def _classify(obj: Obj | None, is_def: bool) -> tuple[int, int] | None:
    if obj is None:
        return None
    mods = _M["declaration"] if is_def else 0
    if obj.pkg not in (None, "") and obj.loc.file.endswith(".goo") and "/compiler/std/" in obj.loc.file:
        mods |= _M["defaultLibrary"]
    if obj.loc.file == "<universe>":
        mods |= _M["defaultLibrary"]
    match obj:
        case Var():
            if obj.type is not None and isinstance(underlying(obj.type), Chan):
                mods |= _M["channel"]
            if obj.is_field:
                return _T["property"], mods
            if obj.is_param:
                return _T["parameter"], mods
            return _T["variable"], mods
        case Const():
            return _T["variable"], mods | _M["readonly"]
        case TypeName():
            if isinstance(obj.type, TypeParam):
                return _T["typeParameter"], mods
            return _T["type"], mods
        case Func():
            return (_T["method"] if obj.recv_named is not None else _T["function"]), mods
        case Builtin():
            return _T["function"], mods | _M["defaultLibrary"]
        case PkgName():
            return _T["namespace"], mods
        case VariantObj():
            return _T["enumMember"], mods
        case ConceptObj():
            return _T["interface"], mods
        case Label():
            return _T["label"], mods
    return None


def encode(analysis: Analysis, tokens: list[SemToken], to_position) -> list[int]:
    """LSP's relative encoding: [deltaLine, deltaStartChar, length, type, modifiers]*;
    `to_position(offset) -> (line, utf16_char)` comes from the protocol layer."""
    data: list[int] = []
    prev_line, prev_char = 0, 0
    for t in tokens:
        line, char = to_position(t.start)
        end_line, end_char = to_position(t.start + t.length)
        length = end_char - char if end_line == line else t.length
        if line == prev_line:
            data += [0, char - prev_char, length, t.type, t.modifiers]
        else:
            data += [line - prev_line, char, length, t.type, t.modifiers]
        prev_line, prev_char = line, char
    return data
