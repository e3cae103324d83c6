"""Document structure: hierarchical document symbols (types with their fields, methods and
enum variants; functions; constants; variables) and folding ranges (multi-line blocks,
declaration groups, composite literals, comment blocks, the import block).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from ..analysis import Analysis
from ..compiler import syntax as S
from ..compiler.source import Span


class SymbolKind(enum.Enum):
    PACKAGE = "package"
    FUNCTION = "function"
    METHOD = "method"
    STRUCT = "struct"
    INTERFACE = "interface"
    ENUM = "enum"
    ENUM_MEMBER = "enum_member"
    FIELD = "field"
    CONSTANT = "constant"
    VARIABLE = "variable"
    TYPE = "type"


@dataclass(slots=True)
class Symbol:
    name: str
    kind: SymbolKind
    span: Span            # whole declaration (absolute)
    selection: Span       # the name (absolute)
    detail: str = ""
    children: list["Symbol"] = field(default_factory=list)


def document_symbols(analysis: Analysis) -> list[Symbol]:
    text = analysis.source.text
    out: list[Symbol] = []
    types: dict[str, Symbol] = {}
    methods: list[tuple[str, Symbol]] = []
    for chunk in analysis.parsed.chunks:
        base = chunk.start
        d = chunk.decl

        def sp(node: S.Node) -> Span:
            return node.span.shifted(base)

        match d:
            case S.PackageClause():
                out.append(Symbol(d.name.name, SymbolKind.PACKAGE, sp(d), sp(d.name)))
            case S.FuncDecl():
                sig = text[base + d.type.span.start:base + d.type.span.end]
                if d.recv is not None:
                    recv_text = text[base + d.recv.type.span.start:base + d.recv.type.span.end]
                    sym = Symbol(d.name.name, SymbolKind.METHOD, sp(d), sp(d.name), f"({recv_text}) {sig}")
                    methods.append((recv_text.lstrip("*").strip(), sym))
                else:
                    out.append(Symbol(d.name.name, SymbolKind.FUNCTION, sp(d), sp(d.name), f"func{sig}"))
            case S.GenDecl(keyword="type"):
                for spec in d.specs:
                    assert isinstance(spec, S.TypeSpec)
                    sym = _type_symbol(spec, base, text)
                    types[spec.name.name] = sym
                    out.append(sym)
            case S.GenDecl():
                kind = SymbolKind.CONSTANT if d.keyword == "const" else SymbolKind.VARIABLE
                for spec in d.specs:
                    assert isinstance(spec, S.ValueSpec)
                    for name in spec.names:
                        if name.name == "_":
                            continue
                        detail = text[base + spec.type.span.start:base + spec.type.span.end] if spec.type is not None else ""
                        out.append(Symbol(name.name, kind, sp(spec), sp(name), detail))
            case S.ComptimeConstDecl():
                out.append(Symbol(d.name.name, SymbolKind.CONSTANT, sp(d), sp(d.name), "comptime"))
            case S.ConceptDecl():
                out.append(Symbol(d.name.name, SymbolKind.INTERFACE, sp(d), sp(d.name), "concept"))
    for recv, sym in methods:
        owner = types.get(recv)
        if owner is not None:
            owner.children.append(sym)
        else:
            out.append(sym)
    return out


def _type_symbol(spec: S.TypeSpec, base: int, text: str) -> Symbol:
    t = spec.type
    span = spec.span.shifted(base)
    sel = spec.name.span.shifted(base)
    match t:
        case S.StructType():
            sym = Symbol(spec.name.name, SymbolKind.STRUCT, span, sel, "struct")
            for f in t.fields:
                ftype = text[base + f.type.span.start:base + f.type.span.end]
                for name in f.names or ():
                    sym.children.append(Symbol(name.name, SymbolKind.FIELD, f.span.shifted(base), name.span.shifted(base), ftype))
                if not f.names:
                    sym.children.append(Symbol(ftype.lstrip("*"), SymbolKind.FIELD, f.span.shifted(base), f.type.span.shifted(base), "embedded"))
            return sym
        case S.InterfaceType():
            sym = Symbol(spec.name.name, SymbolKind.INTERFACE, span, sel, "interface")
            for m in t.elems:
                if isinstance(m, S.MethodSpec):
                    sig = text[base + m.type.span.start:base + m.type.span.end]
                    sym.children.append(Symbol(m.name.name, SymbolKind.METHOD, m.span.shifted(base), m.name.span.shifted(base), sig))
            return sym
        case S.EnumType():
            sym = Symbol(spec.name.name, SymbolKind.ENUM, span, sel, "enum")
            for v in t.variants:
                sym.children.append(Symbol(v.name.name, SymbolKind.ENUM_MEMBER, v.span.shifted(base), v.name.span.shifted(base)))
            return sym
    detail = text[base + t.span.start:base + t.span.end]
    return Symbol(spec.name.name, SymbolKind.TYPE, span, sel, detail if len(detail) < 60 else detail[:57] + "...")


def flatten(symbols: list[Symbol], container: str = "") -> list[tuple[Symbol, str]]:
    out = []
    for s in symbols:
        out.append((s, container))
        out.extend(flatten(s.children, s.name))
    return out


# ------------------------------------------------------------------------------- folding
class FoldKind(enum.Enum):
    REGION = "region"
    IMPORTS = "imports"
    COMMENT = "comment"


@dataclass(frozen=True, slots=True)
class Fold:
    start_line: int
    end_line: int
    kind: FoldKind


_FOLDABLE = (S.Block, S.StructType, S.InterfaceType, S.EnumType, S.LiteralValue, S.SwitchStmt, S.TypeSwitchStmt,
             S.SelectStmt, S.MatchStmt, S.GenDecl, S.ConceptDecl, S.CaseClause, S.CommClause, S.MatchClause)


def folding_ranges(analysis: Analysis) -> list[Fold]:
    src = analysis.source
    out: list[Fold] = []
    seen: set[tuple[int, int]] = set()

    def add(start: int, end: int, kind: FoldKind) -> None:
        a = src.position(start).line
        b = src.position(max(end - 1, start)).line
        if b > a and (a, b) not in seen:
            seen.add((a, b))
            # keep the closing line visible: fold up to the line before `}` when it ends a block
            last = b - 1 if src.text[max(end - 1, 0):end] in ("}", ")") and b - 1 > a else b
            out.append(Fold(a, last, kind))

    for chunk in analysis.parsed.chunks:
        base = chunk.start
        if isinstance(chunk.decl, S.ImportDecl) and len(chunk.decl.specs) > 1:
            add(base + chunk.decl.span.start, base + chunk.decl.span.end, FoldKind.IMPORTS)
        for node in S.walk(chunk.decl):
            if isinstance(node, _FOLDABLE):
                add(base + node.span.start, base + node.span.end, FoldKind.REGION)
        run: list = []
        comments = [c for c in chunk.comments]
        for c in comments + [None]:
            if c is not None and run and src.position(base + c.span.start).line == src.position(base + run[-1].span.end).line + 1 and c.text.startswith("//") and run[-1].text.startswith("//"):
                run.append(c)
                continue
            if run:
                first, last = run[0], run[-1]
                if len(run) > 1 or "\n" in first.text:
                    a = src.position(base + first.span.start).line
                    b = src.position(base + last.span.end).line
                    if b > a:
                        out.append(Fold(a, b, FoldKind.COMMENT))
            run = [c] if c is not None else []
    out.sort(key=lambda f: (f.start_line, f.end_line))
    return out
