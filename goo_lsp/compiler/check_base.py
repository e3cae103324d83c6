"""Shared state of the type checker: operands, result tables and the base `Checker`.

The checker is one class assembled from mixins (check_types, check_expr, check_call,
check_stmt, check_goo, check_decl). This module holds what they share:

- `Operand`: the result of checking an expression (mode, type, constant value);
- `Info`: the side tables of one chunk — types and constant values per expression node, the
  object each identifier declares or uses, the scopes, the diagnostics (chunk-relative);
- `Unit`: the chunk being checked (its declaration node, text and file);
- `Checker`: reporting, recording, scopes, and Go's operand descriptions for messages
  ("x (variable of type int)", "\"8080\" (untyped string constant)").

Invariant: user errors are reported through `Checker.error` and never raised; an expression
that failed to check has mode INVALID and suppresses follow-up errors about itself.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import syntax as S
from .constants import Value, format_value
from .diagnostics import Diagnostic, DiagnosticSink, Fix, Note, Severity
from .objects import Loc, Obj, Scope, ScopeKind, Var
from .source import Span
from .types import INVALID, Basic, Signature, Type, Tuple, is_untyped, type_string

if TYPE_CHECKING:  # pragma: no cover
    from .check_decl import PackageEnv


class Mode(enum.IntEnum):
    INVALID = 0
    NOVALUE = 1
    BUILTIN = 2
    TYPEXPR = 3
    CONSTANT = 4
    VARIABLE = 5     # addressable
    MAPINDEX = 6
    VALUE = 7
    COMMAOK = 8      # value that may also be used as (value, ok)
    PACKAGE = 9
    VARIANT = 10     # an enum variant name (a value only if it has no fields)
    CONCEPT = 11


@dataclass(frozen=True, slots=True)
class TypeAndValue:
    mode: Mode
    type: Type
    value: Value | None = None


class Operand:
    __slots__ = ("mode", "type", "value", "expr", "builtin", "obj")

    def __init__(self, mode: Mode, type_: Type, expr: S.Node | None = None, value: Value | None = None,
                 builtin: str | None = None, obj: Obj | None = None):
        self.mode = mode
        self.type = type_
        self.expr = expr
        self.value = value
        self.builtin = builtin
        self.obj = obj

    @property
    def invalid(self) -> bool:
        return self.mode == Mode.INVALID

    def set_invalid(self) -> "Operand":
        self.mode = Mode.INVALID
        self.type = INVALID
        return self

    def __repr__(self) -> str:
        return f"Operand({self.mode.name}, {self.type}, {self.value!r})"


def invalid_operand(expr: S.Node | None = None) -> Operand:
    return Operand(Mode.INVALID, INVALID, expr)


@dataclass(slots=True)
class Info:
    """Side tables of one chunk. All spans are chunk-relative."""

    types: dict[int, TypeAndValue] = field(default_factory=dict)
    defs: dict[int, Obj] = field(default_factory=dict)
    uses: dict[int, Obj] = field(default_factory=dict)
    scopes: list[Scope] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    used_pkgs: set[str] = field(default_factory=set)
    # selector expression id -> the field/method it selects (for hovers and the IR)
    selections: dict[int, object] = field(default_factory=dict)
    # call expression id -> instantiated signature (generic calls), or comptime arguments
    instances: dict[int, object] = field(default_factory=dict)
    # Goo lowering decisions by node id: returns in `!T` functions ("success" / "failure" /
    # "forward"), catch expressions (("catch", value statement id)), "destructure", "split"
    goo: dict[int, object] = field(default_factory=dict)
    # node id -> implicit object (type-switch clause variables, match binders)
    implicits: dict[int, Obj] = field(default_factory=dict)
    # generic call / explicit instantiation node id -> type arguments (for the back end)
    targs: dict[int, tuple] = field(default_factory=dict)
    # call node id -> ((comptime parameter name, constant value), ...) (for the back end)
    comptime_args: dict[int, tuple] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Unit:
    """The chunk being checked."""

    path: str
    decl: S.Decl
    text: str          # the chunk text (spans index into it)

    @property
    def decl_id(self) -> int:
        return self.decl.id

    def loc(self, span: Span) -> Loc:
        return Loc(self.path, self.decl.id, span)


@dataclass(slots=True)
class FuncCtx:
    """What the checker knows about the function whose body it is in."""

    name: str
    sig: Signature
    result_vars: list[Var]
    named_results: bool
    scope: Scope
    parent: "FuncCtx | None" = None
    is_literal: bool = False
    labels: dict[str, object] = field(default_factory=dict)
    local_vars: list[Var] = field(default_factory=list)
    in_comptime_block: int = 0


class CheckerBase:
    """Reporting, recording and scopes. Mixins add the language."""

    def __init__(self, env: "PackageEnv", unit: Unit, info: Info, scope: Scope) -> None:
        self.env = env
        self.unit = unit
        self.info = info
        self.sink = DiagnosticSink(info.diagnostics)
        self.scope = scope
        self.func: FuncCtx | None = None
        self.in_header = False       # checking a constant expression / declaration header
        self.iota: int | None = None
        self.breakable: list[str] = []   # stack of enclosing break targets: for/switch/select/match

    # ---- reporting ---------------------------------------------------------------------------
    def error(self, code: str, node: S.Node | Span, message: str, *, notes: tuple[Note, ...] = (),
              fixes: tuple[Fix, ...] = (), severity: Severity | None = None) -> None:
        span = node if isinstance(node, Span) else node.span
        self.sink.report(code, span, message, notes=notes, fixes=fixes, severity=severity)

    def warn(self, code: str, node: S.Node | Span, message: str, **kw) -> None:
        self.error(code, node, message, severity=Severity.WARNING, **kw)

    # ---- recording ---------------------------------------------------------------------------
    def record(self, x: Operand) -> None:
        if x.expr is not None and x.mode != Mode.INVALID:
            self.info.types[x.expr.id] = TypeAndValue(x.mode, x.type, x.value)

    def record_def(self, ident: S.Ident, obj: Obj) -> None:
        self.info.defs[ident.id] = obj

    def record_use(self, ident: S.Ident, obj: Obj) -> None:
        self.info.uses[ident.id] = obj

    # ---- scopes ------------------------------------------------------------------------------
    def open_scope(self, node: S.Node, kind: ScopeKind = ScopeKind.BLOCK) -> Scope:
        scope = Scope(self.scope, kind, node.span, self.unit.decl_id)
        if kind is ScopeKind.FUNC and self.scope.kind not in (ScopeKind.FUNC, ScopeKind.BLOCK):
            self.info.scopes.append(scope)
        self.scope = scope
        return scope

    def close_scope(self) -> None:
        assert self.scope.parent is not None
        self.scope = self.scope.parent

    def declare(self, scope: Scope, ident: S.Ident, obj: Obj) -> None:
        """Declare obj under ident's name in scope; `_` declares nothing."""
        self.record_def(ident, obj)
        if ident.name == "_":
            return
        existing = scope.insert(obj)
        if existing is not None:
            notes = ()
            if existing.loc.file == self.unit.path and existing.loc.decl_id == self.unit.decl_id:
                notes = (Note(existing.loc.span, f"other declaration of {ident.name}"),)
            self.error("redeclared", ident, f"{ident.name} redeclared in this block", notes=notes)

    # ---- messages ----------------------------------------------------------------------------
    def text_of(self, node: S.Node) -> str:
        text = self.unit.text[node.span.start:node.span.end]
        text = " ".join(text.split())
        if len(text) > 60:
            text = text[:57] + "..."
        return text

    def tstr(self, t: Type) -> str:
        return type_string(t, self.env.pkg_name)

    def describe(self, x: Operand) -> str:
        """Go's operand description: `expr (mode [of type T])`."""
        expr = self.text_of(x.expr) if x.expr is not None else "?"
        mode = x.mode
        if mode == Mode.INVALID:
            return f"{expr} (invalid operand)"
        if mode == Mode.NOVALUE:
            return f"{expr} (no value)"
        if mode == Mode.BUILTIN:
            return f"{expr} (built-in)"
        if mode == Mode.TYPEXPR:
            return f"{expr} (type)"
        if mode == Mode.PACKAGE:
            return f"package {expr}"
        word = {
            Mode.CONSTANT: "constant", Mode.VARIABLE: "variable", Mode.MAPINDEX: "map index expression",
            Mode.VALUE: "value", Mode.COMMAOK: "comma, ok expression", Mode.VARIANT: "value",
            Mode.CONCEPT: "concept",
        }[mode]
        t = x.type
        if isinstance(t, Tuple):
            return f"{expr} ({word} of type {self.tstr(t)})"
        val = ""
        if mode == Mode.CONSTANT and x.value is not None:
            shown = format_value(x.value)
            if shown != expr:
                val = " " + shown
        if is_untyped(t) and isinstance(t, Basic):
            if t.name == "untyped nil":
                return f"{expr} (untyped nil)" if expr != "nil" else "nil"
            return f"{expr} ({t.name} {word}{val})"
        return f"{expr} ({word}{val} of type {self.tstr(t)})"
