"""Tree builder: lark LALR reduction callbacks -> syntax.py nodes.

Each method is named after a grammar rule or alias of goo.lark and receives the rule's children:
our `Token`s and the results of inner rules (inlined `_rules` are spliced in by lark; absent
`[optional]` parts are None). Spans are computed from the first and last positioned child.

Invariants:
- Builders never raise on user input; shape errors that the grammar accepts for simplicity
  (`x.y := 1`, mixed named and unnamed parameters, `if x := 1 {`) are reported as syntax errors
  and a best-effort node is still returned.
- Zero-width tokens are parser insertions from error recovery; a zero-width NAME becomes BadExpr.
"""

from __future__ import annotations

from typing import Any

from lark import Transformer

from . import syntax as S
from .diagnostics import DiagnosticSink
from .source import Span
from .tokens import Token

new_id = S.new_id

# Go's binary operator precedences (spec §4.5).
PRECEDENCE = {
    "||": 1, "&&": 2,
    "==": 3, "!=": 3, "<": 3, "<=": 3, ">": 3, ">=": 3,
    "+": 4, "-": 4, "|": 4, "^": 4,
    "*": 5, "/": 5, "%": 5, "<<": 5, ">>": 5, "&": 5, "&^": 5,
}


class _Params:
    """Intermediate result of `parameters`: fields plus the span of the parentheses."""

    __slots__ = ("fields", "span")

    def __init__(self, fields: tuple[S.Field, ...], span: Span):
        self.fields = fields
        self.span = span


class _Header:
    """Intermediate result of if/switch/for headers."""

    __slots__ = ("kind", "parts", "span")

    def __init__(self, kind: str, parts: tuple, span: Span):
        self.kind = kind
        self.parts = parts
        self.span = span


class _Clause:
    __slots__ = ("node",)

    def __init__(self, node: S.Node):
        self.node = node

    @property
    def span(self) -> Span:
        return self.node.span


def _start(x: Any) -> int | None:
    if x is None:
        return None
    t = type(x)
    if t is Token:
        return x.start
    if t is tuple or t is list:
        for y in x:
            s = _start(y)
            if s is not None:
                return s
        return None
    span = getattr(x, "span", None)
    return span.start if span is not None else None


def _end(x: Any) -> int | None:
    if x is None:
        return None
    t = type(x)
    if t is Token:
        return x.end
    if t is tuple or t is list:
        for y in reversed(x):
            e = _end(y)
            if e is not None:
                return e
        return None
    span = getattr(x, "span", None)
    return span.end if span is not None else None


def span_of(children: list | tuple) -> Span:
    s = _start(children)
    e = _end(children)
    if s is None or e is None:
        return Span(0, 0)
    if e < s:
        e = s
    return Span(s, e)


def tok_span(tok: Token) -> Span:
    return Span(tok.start, tok.end)


def _nodes(children: list, cls: type = S.Node) -> tuple:
    return tuple(c for c in children if isinstance(c, cls))


def _tokens(children: list, kind: str) -> list[Token]:
    return [c for c in children if type(c) is Token and c.kind == kind]


class TreeBuilder(Transformer):
    """Callbacks for goo.lark. `sink` receives shape errors; set it before each parse."""

    def __init__(self) -> None:
        super().__init__(visit_tokens=False)
        self.sink = DiagnosticSink()

    # ---- helpers ---------------------------------------------------------------------------
    def _error(self, span: Span, message: str) -> None:
        self.sink.report("syntax-error", span, message)

    def _ident(self, tok: Token) -> S.Ident:
        return S.Ident(new_id(), Span(tok.start, tok.end), tok.text)

    # ---- chunks and declarations -----------------------------------------------------------
    def chunk(self, c: list) -> S.Decl:
        for x in c:
            if isinstance(x, S.Decl):
                return x
        return S.BadDecl(new_id(), span_of(c))

    def package_clause(self, c: list) -> S.PackageClause:
        return S.PackageClause(new_id(), span_of(c), self._ident(c[1]))

    def import_single(self, c: list) -> S.ImportDecl:
        return S.ImportDecl(new_id(), span_of(c), _nodes(c, S.ImportSpec))

    import_group = import_single

    def import_spec(self, c: list) -> S.ImportSpec:
        name_tok, path_tok = c[0], c[1]
        name = None
        dot = False
        if name_tok is not None:
            if name_tok.kind == "DOT":
                dot = True
            else:
                name = self._ident(name_tok)
        path = S.BasicLit(new_id(), tok_span(path_tok), "STRING", path_tok.text, path_tok.value)
        return S.ImportSpec(new_id(), span_of(c), name, dot, path)

    def const_single(self, c: list) -> S.GenDecl:
        specs = _nodes(c, S.ValueSpec)
        return S.GenDecl(new_id(), span_of(c), "const", self._number_consts(specs), False)

    def const_group(self, c: list) -> S.GenDecl:
        specs = _nodes(c, S.ValueSpec)
        return S.GenDecl(new_id(), span_of(c), "const", self._number_consts(specs), True)

    @staticmethod
    def _number_consts(specs: tuple[S.ValueSpec, ...]) -> tuple[S.ValueSpec, ...]:
        out = []
        for i, spec in enumerate(specs):
            implicit = spec.type is None and not spec.values
            out.append(S.ValueSpec(spec.id, spec.span, spec.names, spec.type, spec.values, i, implicit))
        return tuple(out)

    def const_spec(self, c: list) -> S.ValueSpec:
        names, typ, _assign, values = c
        return S.ValueSpec(new_id(), span_of(c), names, typ, values or ())

    def comptime_const_decl(self, c: list) -> S.ComptimeConstDecl:
        _comptime, _const, name, typ, _assign, value = c
        return S.ComptimeConstDecl(new_id(), span_of(c), self._ident(name), typ, value)

    def var_single(self, c: list) -> S.GenDecl:
        own = self._ident(c[0]) if c[0] is not None else None
        return S.GenDecl(new_id(), span_of(c), "var", _nodes(c, S.ValueSpec), False, own)

    def var_group(self, c: list) -> S.GenDecl:
        own = self._ident(c[0]) if c[0] is not None else None
        return S.GenDecl(new_id(), span_of(c), "var", _nodes(c, S.ValueSpec), True, own)

    def var_spec_typed(self, c: list) -> S.ValueSpec:
        names, typ, _assign, values = c
        return S.ValueSpec(new_id(), span_of(c), names, typ, values or ())

    def var_spec_untyped(self, c: list) -> S.ValueSpec:
        names, _assign, values = c
        return S.ValueSpec(new_id(), span_of(c), names, None, values)

    def type_single(self, c: list) -> S.GenDecl:
        return S.GenDecl(new_id(), span_of(c), "type", _nodes(c, S.TypeSpec), False)

    def type_group(self, c: list) -> S.GenDecl:
        return S.GenDecl(new_id(), span_of(c), "type", _nodes(c, S.TypeSpec), True)

    def type_def(self, c: list) -> S.TypeSpec:
        name, tparams, typ = c
        return S.TypeSpec(new_id(), span_of(c), self._ident(name), tparams or (), typ, False)

    def type_alias(self, c: list) -> S.TypeSpec:
        name, _assign, typ = c
        return S.TypeSpec(new_id(), span_of(c), self._ident(name), (), typ, True)

    def func_decl(self, c: list) -> S.FuncDecl:
        comptime, _func, name, tparams, sig, body = c
        ftype = self._func_type(sig, tparams or ())
        return S.FuncDecl(new_id(), span_of(c), self._ident(name), None, (), ftype, body, comptime is not None)

    def method_decl(self, c: list) -> S.FuncDecl:
        _func, recv, name, sig, body = c
        ftype = self._func_type(sig, ())
        recv_fields: tuple[S.Field, ...] = recv.fields
        flat = [f for f in recv_fields for _ in (f.names or (None,))]
        if len(flat) != 1:
            self._error(recv.span, "method has multiple receivers" if flat else "method has no receiver")
        return S.FuncDecl(new_id(), span_of(c), self._ident(name), recv_fields[0] if recv_fields else None,
                          recv_fields, ftype, body, False)

    def concept_decl(self, c: list) -> S.ConceptDecl:
        name = c[1]
        params = next((x for x in c if isinstance(x, tuple)), ())
        elems = tuple(e for e in c if isinstance(e, (S.MethodSpec, S.InterfaceTerms)))
        return S.ConceptDecl(new_id(), span_of(c), self._ident(name), params, elems)

    def type_params(self, c: list) -> tuple[S.TypeParam, ...]:
        return _nodes(c, S.TypeParam)

    def type_param_decl(self, c: list) -> S.TypeParam:
        names, constraint = c
        return S.TypeParam(new_id(), span_of(c), names, constraint)

    def constraint(self, c: list) -> tuple[S.ConstraintTerm, ...]:
        return _nodes(c, S.ConstraintTerm)

    def constraint_term(self, c: list) -> S.ConstraintTerm:
        tilde, typ = c
        return S.ConstraintTerm(new_id(), span_of(c), tilde is not None, typ)

    # ---- signatures --------------------------------------------------------------------------
    def signature(self, c: list) -> tuple[_Params, Any]:
        return (c[0], c[1])

    def _func_type(self, sig: tuple[_Params, Any], tparams: tuple[S.TypeParam, ...], start: int | None = None) -> S.FuncType:
        params, result = sig
        if result is None:
            results: tuple[S.Field, ...] = ()
            paren = False
            end = params.span.end
        elif isinstance(result, _Params):
            results, paren, end = result.fields, True, result.span.end
        else:
            results = (S.Field(new_id(), result.span, (), result),)
            paren, end = False, result.span.end
        begin = params.span.start if start is None else start
        return S.FuncType(new_id(), Span(begin, end), params.fields, results, paren, tparams)

    def parameters(self, c: list) -> _Params:
        entries = [x for x in c if isinstance(x, tuple) and len(x) == 5]
        return _Params(self._group_params(entries), span_of(c))

    def _group_params(self, entries: list[tuple]) -> tuple[S.Field, ...]:
        # entry: (name_tok | None, type, variadic, comptime, span)
        if not any(e[0] is not None for e in entries):
            return tuple(S.Field(new_id(), e[4], (), e[1], None, e[2], e[3]) for e in entries)
        if entries and entries[-1][1] is None:
            self._error(entries[-1][4], "missing parameter type")
            entries = entries[:-1] + [(entries[-1][0], S.BadExpr(new_id(), entries[-1][4]), False, True, entries[-1][4])]
        fields: list[S.Field] = []
        pending: list[S.Ident] = []
        pending_comptime = False
        for name_tok, typ, variadic, comptime, span in entries:
            if name_tok is None:
                if isinstance(typ, S.Ident) and not variadic:
                    pending.append(typ)
                    continue
                self._error(span, "mixed named and unnamed parameters")
                fields.append(S.Field(new_id(), span, (), typ, None, variadic, comptime))
                continue
            if typ is None:  # `comptime a` in `comptime a, b int`: its type comes later
                pending.append(self._ident(name_tok))
                pending_comptime = True
                continue
            names = tuple(pending) + (self._ident(name_tok),)
            start = pending[0].span.start if pending else span.start
            fields.append(S.Field(new_id(), Span(start, span.end), names, typ, None, variadic, comptime or pending_comptime))
            pending = []
            pending_comptime = False
        if pending:
            self._error(pending[-1].span, "mixed named and unnamed parameters")
            for ident in pending:
                fields.append(S.Field(new_id(), ident.span, (), ident))
        return tuple(fields)

    def param_anon(self, c: list) -> tuple:
        return (None, c[0], False, False, span_of(c))

    def param_named(self, c: list) -> tuple:
        return (c[0], c[1], False, False, span_of(c))

    def param_named_variadic(self, c: list) -> tuple:
        return (c[0], c[2], True, False, span_of(c))

    def param_anon_variadic(self, c: list) -> tuple:
        return (None, c[1], True, False, span_of(c))

    def param_comptime(self, c: list) -> tuple:
        return (c[1], c[2], False, True, span_of(c))

    def param_comptime_name(self, c: list) -> tuple:
        return (c[1], None, False, True, span_of(c))

    def ident_list(self, c: list) -> tuple[S.Ident, ...]:
        if isinstance(c[0], tuple):
            return c[0] + (self._ident(c[2]),)
        return (self._ident(c[0]),)

    # ---- types -------------------------------------------------------------------------------
    def paren_type(self, c: list) -> S.Expr:
        return S.Paren(new_id(), span_of(c), c[1])

    def type_name(self, c: list) -> S.Expr:
        tok = c[0]
        if tok.text == "":
            return S.BadExpr(new_id(), tok_span(tok))
        return self._ident(tok)

    def qualified_type_name(self, c: list) -> S.Selector:
        x = self._ident(c[0])
        return S.Selector(new_id(), span_of(c), x, self._ident(c[2]))

    def generic_type(self, c: list) -> S.GenericType:
        return S.GenericType(new_id(), span_of(c), c[0], c[1])

    def type_args(self, c: list) -> tuple[S.Expr, ...]:
        return tuple(x for x in c if isinstance(x, S.Expr))

    def array_type(self, c: list) -> S.ArrayType:
        return S.ArrayType(new_id(), span_of(c), c[1], c[3])

    def array_type_auto(self, c: list) -> S.ArrayType:
        return S.ArrayType(new_id(), span_of(c), None, c[3])

    def slice_type(self, c: list) -> S.SliceType:
        return S.SliceType(new_id(), span_of(c), c[2])

    def map_type(self, c: list) -> S.MapType:
        return S.MapType(new_id(), span_of(c), c[2], c[4])

    def _chan(self, c: list, direction: str) -> S.ChanType:
        kind = self._ident(c[0]) if c[0] is not None else None
        return S.ChanType(new_id(), span_of(c), direction, c[-1], kind)

    def chan_both(self, c: list) -> S.ChanType:
        return self._chan(c, "both")

    def chan_send(self, c: list) -> S.ChanType:
        return self._chan(c, "send")

    def chan_recv(self, c: list) -> S.ChanType:
        return self._chan(c, "recv")

    def pointer_type(self, c: list) -> S.PointerType:
        return S.PointerType(new_id(), span_of(c), c[1])

    def func_type(self, c: list) -> S.FuncType:
        return self._func_type(c[1], (), start=c[0].start)

    def struct_type(self, c: list) -> S.StructType:
        return S.StructType(new_id(), span_of(c), _nodes(c, S.Field))

    def field(self, c: list) -> S.Field:
        names = tuple(self._ident(t) for t in c if type(t) is Token and t.kind == "NAME")
        typ = next(x for x in c if isinstance(x, S.Expr))
        tag_tok = c[-1] if type(c[-1]) is Token and c[-1].kind == "STRING" else None
        tag = S.BasicLit(new_id(), tok_span(tag_tok), "STRING", tag_tok.text, tag_tok.value) if tag_tok else None
        return S.Field(new_id(), span_of(c), names, typ, tag)

    def embedded_field(self, c: list) -> S.Field:
        star, typ, tag_tok = c
        if star is not None:
            typ = S.Unary(new_id(), Span(star.start, typ.span.end), "*", typ)
        tag = S.BasicLit(new_id(), tok_span(tag_tok), "STRING", tag_tok.text, tag_tok.value) if tag_tok else None
        return S.Field(new_id(), span_of(c), (), typ, tag, embedded=True)

    def interface_type(self, c: list) -> S.InterfaceType:
        elems = tuple(x for x in c if isinstance(x, (S.MethodSpec, S.InterfaceTerms)))
        return S.InterfaceType(new_id(), span_of(c), elems)

    def method_spec(self, c: list) -> S.MethodSpec:
        name, sig = c
        return S.MethodSpec(new_id(), span_of(c), self._ident(name), self._func_type(sig, ()))

    def interface_terms(self, c: list) -> S.InterfaceTerms:
        return S.InterfaceTerms(new_id(), span_of(c), _nodes(c, S.ConstraintTerm))

    def enum_type(self, c: list) -> S.EnumType:
        return S.EnumType(new_id(), span_of(c), _nodes(c, S.Variant))

    def variant(self, c: list) -> S.Variant:
        return S.Variant(new_id(), span_of(c), self._ident(c[0]), _nodes(c, S.Field))

    def error_union_type(self, c: list) -> S.ErrorUnionType:
        return S.ErrorUnionType(new_id(), span_of(c), c[1])

    def nullable_type(self, c: list) -> S.NullableType:
        return S.NullableType(new_id(), span_of(c), c[1])

    def ref_type(self, c: list) -> S.RefType:
        return S.RefType(new_id(), span_of(c), c[1])

    # ---- statements --------------------------------------------------------------------------
    def block(self, c: list) -> S.Block:
        return S.Block(new_id(), span_of(c), c[1])

    body = block

    def stmt_list(self, c: list) -> tuple[S.Stmt, ...]:
        return tuple(x for x in c if isinstance(x, S.Stmt))

    def decl_stmt(self, c: list) -> S.DeclStmt:
        return S.DeclStmt(new_id(), c[0].span, c[0])

    def labeled_stmt(self, c: list) -> S.LabeledStmt:
        return S.LabeledStmt(new_id(), span_of(c), self._ident(c[0]), c[2])

    def expr_stmt(self, c: list) -> S.ExprStmt:
        return S.ExprStmt(new_id(), c[0].span, c[0])

    def send_stmt(self, c: list) -> S.SendStmt:
        return S.SendStmt(new_id(), span_of(c), c[0], c[2])

    def incdec_stmt(self, c: list) -> S.IncDecStmt:
        return S.IncDecStmt(new_id(), span_of(c), c[0], c[1].text)

    def assign_stmt(self, c: list) -> S.AssignStmt:
        lhs, op, rhs = c
        return S.AssignStmt(new_id(), span_of(c), lhs, op.text, rhs, tok_span(op))

    def define_stmt(self, c: list) -> S.AssignStmt:
        lhs, op, rhs = c
        for x in lhs:
            if not isinstance(x, (S.Ident, S.BadExpr)):
                self._error(x.span, f"non-name on left side of :=")
        return S.AssignStmt(new_id(), span_of(c), lhs, ":=", rhs, tok_span(op))

    def go_stmt(self, c: list) -> S.GoStmt:
        return S.GoStmt(new_id(), span_of(c), c[1])

    def defer_stmt(self, c: list) -> S.DeferStmt:
        return S.DeferStmt(new_id(), span_of(c), c[1])

    def return_stmt(self, c: list) -> S.ReturnStmt:
        return S.ReturnStmt(new_id(), span_of(c), c[1] or ())

    def branch_stmt(self, c: list) -> S.BranchStmt:
        keyword = c[0].text
        label = self._ident(c[1]) if len(c) > 1 and c[1] is not None else None
        return S.BranchStmt(new_id(), span_of(c), keyword, label)

    def _cond_expr(self, stmt: S.Stmt, where: str) -> S.Expr:
        if isinstance(stmt, S.ExprStmt):
            return stmt.x
        self._error(stmt.span, f"cannot use {_describe_stmt(stmt)} as value in {where} condition")
        return S.BadExpr(new_id(), stmt.span)

    def if_cond(self, c: list) -> _Header:
        return _Header("cond", (None, c[0]), span_of(c))

    def if_init_cond(self, c: list) -> _Header:
        return _Header("cond", (c[0], c[2]), span_of(c))

    def if_let(self, c: list) -> _Header:
        return _Header("let", (self._ident(c[1]), c[3]), span_of(c))

    def if_stmt(self, c: list) -> S.Stmt:
        _if, header, body, _else, else_branch = c
        span = span_of(c)
        if header.kind == "let":
            binder, value = header.parts
            return S.IfLetStmt(new_id(), span, binder, value, body, else_branch)
        init, cond_stmt = header.parts
        return S.IfStmt(new_id(), span, init, self._cond_expr(cond_stmt, "if"), body, else_branch)

    def switch_tag(self, c: list) -> _Header:
        return _Header("switch", (None, c[0]), span_of(c))

    def switch_init(self, c: list) -> _Header:
        return _Header("switch", (c[0], c[2]), span_of(c))

    def switch_stmt(self, c: list) -> S.Stmt:
        header = c[1]
        lbrace = tok_span(c[2])
        clauses = tuple(x.node if isinstance(x, _Clause) else x for x in c if isinstance(x, (S.CaseClause, _Clause)))
        init, tag_stmt = header.parts if header is not None else (None, None)
        span = span_of(c)
        guard = _type_switch_guard(tag_stmt)
        if guard is not None:
            binder, subject = guard
            return S.TypeSwitchStmt(new_id(), span, init, binder, subject, clauses, lbrace)
        tag = self._cond_expr(tag_stmt, "switch") if tag_stmt is not None else None
        return S.SwitchStmt(new_id(), span, init, tag, clauses, lbrace)

    def case_clause(self, c: list) -> S.CaseClause:
        _case, exprs, colon, body = c
        return S.CaseClause(new_id(), span_of(c), exprs, body, tok_span(colon))

    def default_clause(self, c: list) -> S.CaseClause:
        _default, colon, body = c
        return S.CaseClause(new_id(), span_of(c), None, body, tok_span(colon))

    def select_stmt(self, c: list) -> S.SelectStmt:
        clauses = []
        for x in c:
            if isinstance(x, S.CommClause):
                clauses.append(x)
            elif isinstance(x, S.CaseClause):  # default
                clauses.append(S.CommClause(x.id, x.span, None, x.body, x.colon))
        return S.SelectStmt(new_id(), span_of(c), tuple(clauses))

    def comm_clause(self, c: list) -> S.CommClause:
        _case, comm, colon, body = c
        return S.CommClause(new_id(), span_of(c), comm, body, tok_span(colon))

    def match_stmt(self, c: list) -> S.MatchStmt:
        clauses = []
        for x in c:
            if isinstance(x, S.MatchClause):
                clauses.append(x)
            elif isinstance(x, S.CaseClause):  # default
                clauses.append(S.MatchClause(x.id, x.span, None, None, x.body, x.colon))
        lbrace = next(tok_span(t) for t in c if type(t) is Token and t.kind == "BODY_LBRACE")
        return S.MatchStmt(new_id(), span_of(c), c[1], tuple(clauses), lbrace)

    def match_clause(self, c: list) -> S.MatchClause:
        _case, pattern, _if, guard, colon, body = c
        return S.MatchClause(new_id(), span_of(c), pattern, guard, body, tok_span(colon))

    def variant_pattern(self, c: list) -> S.VariantPattern:
        typ = c[0]
        binders = None
        if c[1] is not None:  # LBRACE present
            binders = c[2] or ()
        return S.VariantPattern(new_id(), span_of(c), typ, binders)

    def type_pattern(self, c: list) -> S.TypePattern:
        return S.TypePattern(new_id(), span_of(c), self._ident(c[0]), c[2])

    def number_pattern(self, c: list) -> S.LiteralPattern:
        minus, tok = c
        lit = S.BasicLit(new_id(), tok_span(tok), tok.kind, tok.text, tok.value)
        value: S.Expr = lit
        if minus is not None:
            value = S.Unary(new_id(), span_of(c), "-", lit)
        return S.LiteralPattern(new_id(), span_of(c), value)

    def literal_pattern(self, c: list) -> S.LiteralPattern:
        tok = c[0]
        if tok.kind == "STRING":
            value: S.Expr = S.BasicLit(new_id(), tok_span(tok), "STRING", tok.text, tok.value)
        else:
            value = S.KeywordLit(new_id(), tok_span(tok), tok.text)
        return S.LiteralPattern(new_id(), tok_span(tok), value)

    def for_cond(self, c: list) -> _Header:
        return _Header("cond", (c[0],), span_of(c))

    def for_clause(self, c: list) -> _Header:
        init, _s1, cond, _s2, post = c
        return _Header("clause", (init, cond, post), span_of(c))

    def range_clause(self, c: list) -> _Header:
        if type(c[0]) is Token:  # RANGE expr
            return _Header("range", ((), False, c[1]), span_of(c))
        lhs, op, _range, x = c
        return _Header("range", (lhs, op.kind == "DEFINE", x), span_of(c))

    def for_stmt(self, c: list) -> S.Stmt:
        _for, header, body = c
        span = span_of(c)
        if header is None:
            return S.ForStmt(new_id(), span, None, None, None, body)
        if header.kind == "cond":
            return S.ForStmt(new_id(), span, None, self._cond_expr(header.parts[0], "for"), None, body)
        if header.kind == "clause":
            init, cond, post = header.parts
            return S.ForStmt(new_id(), span, init, cond, post, body)
        lhs, define, x = header.parts
        if len(lhs) > 2:
            self._error(lhs[2].span, "range clause permits at most two iteration variables")
        if define:
            for v in lhs:
                if not isinstance(v, (S.Ident, S.BadExpr)):
                    self._error(v.span, "non-name on left side of :=")
        key = lhs[0] if lhs else None
        value = lhs[1] if len(lhs) > 1 else None
        return S.RangeStmt(new_id(), span, key, value, define, x, body, tuple(lhs[2:]))

    def comptime_block(self, c: list) -> S.ComptimeBlock:
        return S.ComptimeBlock(new_id(), span_of(c), c[1])

    def arena_block(self, c: list) -> S.ArenaBlock:
        return S.ArenaBlock(new_id(), span_of(c), c[1])

    def unsafe_block(self, c: list) -> S.UnsafeBlock:
        return S.UnsafeBlock(new_id(), span_of(c), c[1])

    # ---- expressions -------------------------------------------------------------------------
    def expr_list(self, c: list) -> tuple[S.Expr, ...]:
        if isinstance(c[0], tuple):
            return c[0] + (c[2],)
        return (c[0],)

    def binary_chain(self, c: list) -> S.Expr:
        # precedence climbing over [x0, op1, x1, op2, x2, ...]
        operands = c[0::2]
        ops = c[1::2]
        pos = 0

        def parse(min_prec: int) -> S.Expr:
            nonlocal pos
            left = operands[pos]
            while pos < len(ops) and PRECEDENCE[ops[pos].text] >= min_prec:
                op = ops[pos]
                prec = PRECEDENCE[op.text]
                pos += 1
                right = parse(prec + 1)
                left = S.Binary(new_id(), Span(left.span.start, right.span.end), op.text, left, right, tok_span(op))
            return left

        return parse(1)

    def unary(self, c: list) -> S.Unary:
        return S.Unary(new_id(), span_of(c), c[0].text, c[1])

    def try_expr(self, c: list) -> S.TryExpr:
        return S.TryExpr(new_id(), span_of(c), c[1])

    def catch_block(self, c: list) -> S.CatchExpr:
        x, catch, name, block = c
        return S.CatchExpr(new_id(), span_of(c), x, self._ident(name), block, None, tok_span(catch))

    def catch_arrow(self, c: list) -> S.CatchExpr:
        x, catch, _arrow, fallback = c
        return S.CatchExpr(new_id(), span_of(c), x, None, None, fallback, tok_span(catch))

    def selector(self, c: list) -> S.Expr:
        name = c[2]
        if name.text == "":
            return S.Selector(new_id(), span_of(c), c[0], S.Ident(new_id(), tok_span(name), ""))
        return S.Selector(new_id(), span_of(c), c[0], self._ident(name))

    def type_assert(self, c: list) -> S.TypeAssert:
        return S.TypeAssert(new_id(), span_of(c), c[0], c[3])

    def type_switch_guard(self, c: list) -> S.TypeAssert:
        return S.TypeAssert(new_id(), span_of(c), c[0], None)

    def index(self, c: list) -> S.Index:
        return S.Index(new_id(), span_of(c), c[0], c[2])

    def slice_expr(self, c: list) -> S.SliceExpr:
        x, _lb, lo, _colon, hi, _rb = c
        return S.SliceExpr(new_id(), span_of(c), x, lo, hi, None, False)

    def slice3_expr(self, c: list) -> S.SliceExpr:
        x, _lb, lo, _c1, hi, _c2, mx, _rb = c
        return S.SliceExpr(new_id(), span_of(c), x, lo, hi, mx, True)

    def call(self, c: list) -> S.Call:
        fun, lparen, args, ellipsis, rparen = c[0], c[1], c[2], c[3], c[-1]
        return S.Call(new_id(), span_of(c), fun, args or (), ellipsis is not None, tok_span(lparen), tok_span(rparen))

    def composite_lit(self, c: list) -> S.CompositeLit:
        return S.CompositeLit(new_id(), span_of(c), c[0], c[1])

    def name(self, c: list) -> S.Expr:
        tok = c[0]
        if tok.text == "":
            return S.BadExpr(new_id(), tok_span(tok))
        return S.Ident(new_id(), tok_span(tok), tok.text)

    def basic_lit(self, c: list) -> S.BasicLit:
        tok = c[0]
        return S.BasicLit(new_id(), tok_span(tok), tok.kind, tok.text, tok.value)

    def keyword_lit(self, c: list) -> S.KeywordLit:
        tok = c[0]
        return S.KeywordLit(new_id(), tok_span(tok), tok.text)

    def paren(self, c: list) -> S.Paren:
        return S.Paren(new_id(), span_of(c), c[1])

    def func_lit(self, c: list) -> S.FuncLit:
        ftype = self._func_type(c[1], (), start=c[0].start)
        return S.FuncLit(new_id(), span_of(c), ftype, c[2])

    def bare_slice(self, c: list) -> S.BareSliceLit:
        elems: list[S.Expr] = []
        for x in c:
            if isinstance(x, tuple):
                elems.extend(x)
            elif isinstance(x, S.Expr):
                elems.append(x)
        return S.BareSliceLit(new_id(), span_of(c), tuple(elems))

    def literal_value(self, c: list) -> S.LiteralValue:
        return S.LiteralValue(new_id(), span_of(c), _nodes(c, S.KeyedElement))

    def element(self, c: list) -> S.KeyedElement:
        first, _colon, second = c
        if second is None:
            return S.KeyedElement(new_id(), span_of(c), None, _as_elem(first))
        return S.KeyedElement(new_id(), span_of(c), _as_elem(first), _as_elem(second))


def _as_elem(x: Any) -> Any:
    """An elided inner literal `{...}` becomes a CompositeLit without a type."""
    if isinstance(x, S.LiteralValue):
        return S.CompositeLit(new_id(), x.span, None, x)
    return x


def _type_switch_guard(stmt: S.Stmt | None) -> tuple[S.Ident | None, S.Expr] | None:
    if isinstance(stmt, S.ExprStmt) and isinstance(stmt.x, S.TypeAssert) and stmt.x.type is None:
        return None, stmt.x.x
    if (isinstance(stmt, S.AssignStmt) and stmt.op == ":=" and len(stmt.lhs) == 1 and len(stmt.rhs) == 1
            and isinstance(stmt.rhs[0], S.TypeAssert) and stmt.rhs[0].type is None
            and isinstance(stmt.lhs[0], S.Ident)):
        return stmt.lhs[0], stmt.rhs[0].x
    return None


def _describe_stmt(stmt: S.Stmt) -> str:
    if isinstance(stmt, S.AssignStmt):
        return "assignment" if stmt.op != ":=" else "short variable declaration"
    if isinstance(stmt, S.SendStmt):
        return "send statement"
    if isinstance(stmt, S.IncDecStmt):
        return f"{stmt.op} statement"
    return "statement"
