"""The Goo syntax tree: frozen dataclasses, one class per construct (spec §4).

Invariants:
- Every node has a process-unique integer `id` and a `span`. Spans inside a top-level
  declaration are **relative to the start of that declaration's chunk** (see chunks.py); the
  `File` maps each declaration to its absolute base offset. This is what lets an edit inside one
  function reuse every other declaration unchanged (their nodes, ids and semantic results).
- Nodes are immutable; sequences are tuples. `None` marks an absent optional part.
- Types are parsed as expressions where they can occur in expressions: the same classes
  (`ArrayType`, `Ident`, `Selector`, `Unary('*')`...) serve as type and value syntax; the checker
  decides which is meant.
- `BadExpr`/`BadStmt`/`BadDecl` stand where the parser recovered from a syntax error; the checker
  treats them as already reported.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, fields
from typing import Iterator, Union

from .source import Span

_ids = itertools.count(1)


def new_id() -> int:
    return next(_ids)


@dataclass(frozen=True, slots=True)
class Node:
    id: int
    span: Span


class Expr(Node):
    __slots__ = ()


class Stmt(Node):
    __slots__ = ()


class Decl(Node):
    __slots__ = ()


# ------------------------------------------------------------------------------- expressions
@dataclass(frozen=True, slots=True)
class Ident(Expr):
    name: str


@dataclass(frozen=True, slots=True)
class BasicLit(Expr):
    kind: str        # INT FLOAT IMAG RUNE STRING
    raw: str
    value: object    # int | Fraction | bytes | None


@dataclass(frozen=True, slots=True)
class KeywordLit(Expr):
    word: str        # true false nil


@dataclass(frozen=True, slots=True)
class BadExpr(Expr):
    pass


@dataclass(frozen=True, slots=True)
class Paren(Expr):
    x: Expr


@dataclass(frozen=True, slots=True)
class Selector(Expr):
    x: Expr
    sel: Ident


@dataclass(frozen=True, slots=True)
class Index(Expr):
    x: Expr
    indices: tuple[Expr, ...]   # several = explicit instantiation f[int, string]


@dataclass(frozen=True, slots=True)
class SliceExpr(Expr):
    x: Expr
    lo: Expr | None
    hi: Expr | None
    max: Expr | None
    three: bool


@dataclass(frozen=True, slots=True)
class TypeAssert(Expr):
    x: Expr
    type: Expr | None            # None: `x.(type)` in a type switch


@dataclass(frozen=True, slots=True)
class Call(Expr):
    fun: Expr
    args: tuple[Expr, ...]
    ellipsis: bool               # f(xs...)
    lparen: Span
    rparen: Span


@dataclass(frozen=True, slots=True)
class Unary(Expr):
    op: str                      # + - ! ^ ~ * & <-
    x: Expr


@dataclass(frozen=True, slots=True)
class Binary(Expr):
    op: str
    x: Expr
    y: Expr
    op_span: Span


@dataclass(frozen=True, slots=True)
class TryExpr(Expr):
    x: Expr


@dataclass(frozen=True, slots=True)
class CatchExpr(Expr):
    x: Expr
    binder: Ident | None         # `catch e { ... }`; None for `catch => fallback`
    block: "Block | None"
    fallback: Expr | None
    catch_span: Span


@dataclass(frozen=True, slots=True)
class KeyedElement(Node):
    key: "Expr | LiteralValue | None"
    value: "Expr | LiteralValue"


@dataclass(frozen=True, slots=True)
class LiteralValue(Node):
    """`{...}` of a composite literal, also an elided inner literal `{1, 2}`."""

    elements: tuple[KeyedElement, ...]


@dataclass(frozen=True, slots=True)
class CompositeLit(Expr):
    type: Expr | None            # None for an elided inner literal
    value: LiteralValue


@dataclass(frozen=True, slots=True)
class BareSliceLit(Expr):
    elements: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class FuncLit(Expr):
    type: "FuncType"
    body: "Block"


# ------------------------------------------------------------------------------- type syntax
@dataclass(frozen=True, slots=True)
class ArrayType(Expr):
    len: Expr | None             # None: `[...]T`
    elem: Expr


@dataclass(frozen=True, slots=True)
class SliceType(Expr):
    elem: Expr


@dataclass(frozen=True, slots=True)
class MapType(Expr):
    key: Expr
    value: Expr


@dataclass(frozen=True, slots=True)
class ChanType(Expr):
    dir: str                     # "both" | "send" | "recv"
    elem: Expr
    kind: Ident | None           # msg_* prefix (no effect)


@dataclass(frozen=True, slots=True)
class PointerType(Expr):
    elem: Expr


@dataclass(frozen=True, slots=True)
class Field(Node):
    names: tuple[Ident, ...]     # empty: anonymous parameter / embedded field
    type: Expr
    tag: BasicLit | None = None
    variadic: bool = False
    comptime: bool = False
    embedded: bool = False


@dataclass(frozen=True, slots=True)
class ConstraintTerm(Node):
    tilde: bool
    type: Expr


@dataclass(frozen=True, slots=True)
class TypeParam(Node):
    names: tuple[Ident, ...]
    constraint: tuple[ConstraintTerm, ...]   # a union of terms; usually one


@dataclass(frozen=True, slots=True)
class FuncType(Expr):
    params: tuple[Field, ...]
    results: tuple[Field, ...]
    results_parenthesized: bool
    type_params: tuple[TypeParam, ...] = ()


@dataclass(frozen=True, slots=True)
class StructType(Expr):
    fields: tuple[Field, ...]


@dataclass(frozen=True, slots=True)
class MethodSpec(Node):
    name: Ident
    type: FuncType


@dataclass(frozen=True, slots=True)
class InterfaceTerms(Node):
    """An embedded interface (one term, no tilde) or a type-set union `~int | float64`."""

    terms: tuple[ConstraintTerm, ...]


@dataclass(frozen=True, slots=True)
class InterfaceType(Expr):
    elems: tuple[MethodSpec | InterfaceTerms, ...]


@dataclass(frozen=True, slots=True)
class Variant(Node):
    name: Ident
    fields: tuple[Field, ...]


@dataclass(frozen=True, slots=True)
class EnumType(Expr):
    variants: tuple[Variant, ...]


@dataclass(frozen=True, slots=True)
class ErrorUnionType(Expr):
    elem: Expr


@dataclass(frozen=True, slots=True)
class NullableType(Expr):
    elem: Expr


@dataclass(frozen=True, slots=True)
class RefType(Expr):
    elem: Expr


@dataclass(frozen=True, slots=True)
class GenericType(Expr):
    base: Expr                   # Ident or Selector
    args: tuple[Expr, ...]


# ------------------------------------------------------------------------------- statements
@dataclass(frozen=True, slots=True)
class Block(Stmt):
    stmts: tuple[Stmt, ...]


@dataclass(frozen=True, slots=True)
class BadStmt(Stmt):
    pass


@dataclass(frozen=True, slots=True)
class ExprStmt(Stmt):
    x: Expr


@dataclass(frozen=True, slots=True)
class SendStmt(Stmt):
    chan: Expr
    value: Expr


@dataclass(frozen=True, slots=True)
class IncDecStmt(Stmt):
    x: Expr
    op: str                      # ++ or --


@dataclass(frozen=True, slots=True)
class AssignStmt(Stmt):
    lhs: tuple[Expr, ...]
    op: str                      # "=", "+=", ... ; ":=" for short variable declarations
    rhs: tuple[Expr, ...]
    op_span: Span


@dataclass(frozen=True, slots=True)
class DeclStmt(Stmt):
    decl: "GenDecl | ComptimeConstDecl"


@dataclass(frozen=True, slots=True)
class LabeledStmt(Stmt):
    label: Ident
    stmt: Stmt | None


@dataclass(frozen=True, slots=True)
class GoStmt(Stmt):
    call: Expr


@dataclass(frozen=True, slots=True)
class DeferStmt(Stmt):
    call: Expr


@dataclass(frozen=True, slots=True)
class ReturnStmt(Stmt):
    results: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class BranchStmt(Stmt):
    keyword: str                 # break continue goto fallthrough
    label: Ident | None


@dataclass(frozen=True, slots=True)
class IfStmt(Stmt):
    init: Stmt | None
    cond: Expr
    body: Block
    else_: Stmt | None           # IfStmt, IfLetStmt or Block


@dataclass(frozen=True, slots=True)
class IfLetStmt(Stmt):
    binder: Ident
    value: Expr
    body: Block
    else_: Stmt | None


@dataclass(frozen=True, slots=True)
class CaseClause(Node):
    exprs: tuple[Expr, ...] | None   # None: default
    body: tuple[Stmt, ...]
    colon: Span


@dataclass(frozen=True, slots=True)
class SwitchStmt(Stmt):
    init: Stmt | None
    tag: Expr | None
    clauses: tuple[CaseClause, ...]
    lbrace: Span


@dataclass(frozen=True, slots=True)
class TypeSwitchStmt(Stmt):
    init: Stmt | None
    binder: Ident | None
    subject: Expr                # x in `x.(type)`
    clauses: tuple[CaseClause, ...]
    lbrace: Span


@dataclass(frozen=True, slots=True)
class CommClause(Node):
    comm: Stmt | None            # None: default; SendStmt, ExprStmt(<-ch) or AssignStmt
    body: tuple[Stmt, ...]
    colon: Span


@dataclass(frozen=True, slots=True)
class SelectStmt(Stmt):
    clauses: tuple[CommClause, ...]


@dataclass(frozen=True, slots=True)
class VariantPattern(Node):
    type: Expr                   # Ident or Selector naming a variant or a constant
    binders: tuple[Ident, ...] | None   # None: no braces


@dataclass(frozen=True, slots=True)
class TypePattern(Node):
    binder: Ident
    type: Expr


@dataclass(frozen=True, slots=True)
class LiteralPattern(Node):
    value: Expr                  # BasicLit, KeywordLit, or Unary('-', BasicLit)


Pattern = Union[VariantPattern, TypePattern, LiteralPattern]


@dataclass(frozen=True, slots=True)
class MatchClause(Node):
    pattern: Pattern | None      # None: default
    guard: Expr | None
    body: tuple[Stmt, ...]
    colon: Span


@dataclass(frozen=True, slots=True)
class MatchStmt(Stmt):
    subject: Expr
    clauses: tuple[MatchClause, ...]
    lbrace: Span


@dataclass(frozen=True, slots=True)
class ForStmt(Stmt):
    init: Stmt | None
    cond: Expr | None
    post: Stmt | None
    body: Block


@dataclass(frozen=True, slots=True)
class RangeStmt(Stmt):
    key: Expr | None
    value: Expr | None
    define: bool                 # `:=` (else `=` or no variables)
    x: Expr
    body: Block
    extra: tuple[Expr, ...] = ()  # surplus iteration variables (reported by the checker)


@dataclass(frozen=True, slots=True)
class ComptimeBlock(Stmt):
    body: Block


@dataclass(frozen=True, slots=True)
class ArenaBlock(Stmt):
    body: Block


@dataclass(frozen=True, slots=True)
class UnsafeBlock(Stmt):
    body: Block


# ------------------------------------------------------------------------------- declarations
@dataclass(frozen=True, slots=True)
class PackageClause(Decl):
    name: Ident


@dataclass(frozen=True, slots=True)
class ImportSpec(Node):
    name: Ident | None
    dot: bool
    path: BasicLit


@dataclass(frozen=True, slots=True)
class ImportDecl(Decl):
    specs: tuple[ImportSpec, ...]


@dataclass(frozen=True, slots=True)
class ValueSpec(Node):
    """One line of a const or var declaration."""

    names: tuple[Ident, ...]
    type: Expr | None
    values: tuple[Expr, ...]
    iota: int = 0                # index within a const group
    implicit: bool = False       # const spec repeating the previous one's type and values


@dataclass(frozen=True, slots=True)
class TypeSpec(Node):
    name: Ident
    type_params: tuple[TypeParam, ...]
    type: Expr
    alias: bool


@dataclass(frozen=True, slots=True)
class GenDecl(Decl):
    keyword: str                 # const var type
    specs: tuple[ValueSpec | TypeSpec, ...]
    grouped: bool
    own: Ident | None = None     # own_* qualifier (no effect)


@dataclass(frozen=True, slots=True)
class ComptimeConstDecl(Decl):
    name: Ident
    type: Expr | None
    value: Expr


@dataclass(frozen=True, slots=True)
class FuncDecl(Decl):
    name: Ident
    recv: Field | None
    recv_list: tuple[Field, ...]     # as written (a valid method has exactly one)
    type: FuncType
    body: Block | None
    comptime: bool


@dataclass(frozen=True, slots=True)
class ConceptDecl(Decl):
    name: Ident
    params: tuple[Ident, ...]
    elems: tuple[MethodSpec | InterfaceTerms, ...]


@dataclass(frozen=True, slots=True)
class BadDecl(Decl):
    pass


# ------------------------------------------------------------------------------- traversal
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}


def _child_fields(cls: type) -> tuple[str, ...]:
    names = _CHILD_FIELDS.get(cls)
    if names is None:
        names = tuple(f.name for f in fields(cls) if f.name not in ("id", "span"))
        _CHILD_FIELDS[cls] = names
    return names


def children(node: Node) -> Iterator[Node]:
    """Direct child nodes in source order."""
    for name in _child_fields(type(node)):
        value = getattr(node, name)
        if isinstance(value, Node):
            yield value
        elif isinstance(value, tuple):
            for item in value:
                if isinstance(item, Node):
                    yield item


def walk(node: Node) -> Iterator[Node]:
    """Pre-order traversal of `node` and all its descendants."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(reversed(list(children(n))))


def walk_same_function(node: Node) -> Iterator[Node]:
    """Like `walk`, but does not enter function literals (their bodies are other functions)."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        for c in children(n):
            if not isinstance(c, FuncLit):
                stack.append(c)


def unparen(e: Node) -> Node:
    """The expression inside any number of parentheses."""
    while isinstance(e, Paren):
        e = e.x
    return e


def node_path(root: Node, offset: int) -> list[Node]:
    """Nodes from `root` down to the innermost node whose span contains `offset`
    (relative offsets). Prefers the node that starts at `offset` when two touch."""
    path = [root]
    node = root
    while True:
        best = None
        for child in children(node):
            s = child.span
            if s.start <= offset < s.end or (s.start == s.end == offset):
                best = child
                break
            if s.end == offset and best is None:
                best = child
        if best is None:
            return path
        path.append(best)
        node = best
