"""Lowering of Goo's extensions: error unions (`try`, `catch`, union returns), nullables
(`if let`), enum variant literals and `match`.

Representation (shared with codegen): a `!T` value is the pair (T, error) — success has a nil
error; `(T, error)` results use the same layout, so splitting and forwarding are free. `?T` is
(T, present). An enum value is (tag, every variant's payload fields in declaration order).

Invariants: a failure whose error is nil at run time panics (spec §10.1); the subject of a
match is evaluated once; clauses are tried in source order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import ir
from . import syntax as S
from .objects import ERROR_TYPE, Var, VariantObj
from .types import (
    BOOL,
    INT,
    Enum,
    ErrorUnion,
    Interface,
    Nullable,
    Signature,
    Tuple,
    Type,
    underlying,
)

if TYPE_CHECKING:  # pragma: no cover
    from .lower_func import FuncLowerer


class GooMixin:
    # ---- error unions ---------------------------------------------------------------------------
    def union_parts(self: "FuncLowerer", e: S.Expr) -> tuple[ir.Value | None, ir.Value]:
        """Evaluate a union operand (`!T`, `(T, error)` or a bare `error`): (value or None, err)."""
        span = self.span(e)
        v = self.expr(e)
        t = v.type
        if isinstance(t, ErrorUnion) or (isinstance(t, Tuple) and len(t.types) == 2):
            vt = t.elem if isinstance(t, ErrorUnion) else t.types[0]
            value = self.emit(ir.Field(vt, span, v, 0))
            err = self.emit(ir.Field(ERROR_TYPE, span, v, 1))
            return value, err
        return None, self.coerce(v, ERROR_TYPE, span)

    def is_nil_error(self: "FuncLowerer", err: ir.Value, span) -> ir.Value:
        return self.emit(ir.BinOp(BOOL, span, "==", err, self.const(ERROR_TYPE, None)))

    def try_expr(self: "FuncLowerer", e: S.TryExpr) -> ir.Value:
        span = self.span(e)
        value, err = self.union_parts(e.x)
        ok = self.new_block("try.ok")
        fail = self.new_block("try.fail")
        self.emit(ir.If(None, span, self.is_nil_error(err, span), ok, fail))
        self.set_block(fail)
        self.return_failure(err, span)
        self.set_block(ok)
        return value if value is not None else self.const(BOOL, False)

    def return_failure(self: "FuncLowerer", err: ir.Value, span) -> None:
        """Return err as the failure of the enclosing function: `!U` or (..., error)."""
        sig = self.fn.sig
        assert isinstance(sig, Signature)
        if len(sig.results) == 1 and isinstance(sig.results[0].type, ErrorUnion):
            u = sig.results[0].type
            values = [self.emit(ir.MakeStruct(u, span, [self.zero(self.t(u.elem)), err]))]
        else:
            values = [self.zero(self.t(r.type)) for r in sig.results[:-1]] + [err]
        self.leave_arenas(0, span)
        self.emit_return(values, span)

    def catch_expr(self: "FuncLowerer", e: S.CatchExpr) -> ir.Value:
        span = self.span(e)
        tv = self.tv(e)
        rtype = self.t(tv.type) if tv is not None and not (isinstance(tv.type, Tuple) and not tv.type.types) else None
        if isinstance(rtype, Tuple):
            rtype = None
        value, err = self.union_parts(e.x)
        cell = self.new_cell(rtype, span, "catch", kind="temp") if rtype is not None else None
        if cell is not None and value is not None:
            self.emit(ir.Store(None, span, cell, self.coerce(value, rtype, span)))
        ok = self.new_block("catch.ok")
        fail = self.new_block("catch.fail")
        self.emit(ir.If(None, span, self.is_nil_error(err, span), ok, fail))
        self.set_block(fail)
        if e.fallback is not None:
            fb = self.expr(e.fallback)
            if cell is not None:
                self.emit(ir.Store(None, span, cell, self.coerce(fb, rtype, span)))
        elif e.block is not None:
            if e.binder is not None and e.binder.name != "_":
                var = self.info.defs.get(e.binder.id)
                if isinstance(var, Var):
                    self.declare_var(var, self.span(e.binder), err)
            marker = self.info.goo.get(e.id)
            value_stmt = marker[1] if isinstance(marker, tuple) else None
            stmts = e.block.stmts
            if cell is not None:
                self.emit(ir.Store(None, span, cell, self.zero(rtype)))
            for st in stmts:
                if value_stmt is not None and st.id == value_stmt and isinstance(st, S.ExprStmt):
                    v = self.expr(st.x)
                    if cell is not None:
                        self.emit(ir.Store(None, span, cell, self.coerce(v, rtype, span)))
                else:
                    self.stmt(st)
        self.jump(ok, span)
        self.set_block(ok)
        if cell is None:
            return self.const(BOOL, False)
        return self.emit(ir.Load(rtype, span, cell))

    def union_result(self: "FuncLowerer", s: S.ReturnStmt, marker: str) -> ir.Value:
        """The `!T` value returned by `return x` in a `!T` function."""
        span = self.span(s)
        sig = self.fn.sig
        assert isinstance(sig, Signature)
        u = sig.results[0].type
        assert isinstance(u, ErrorUnion)
        elem = self.t(u.elem)
        r = s.results[0]
        if marker == "success":
            v = self.value_of(r, elem)
            return self.emit(ir.MakeStruct(u, span, [v, self.const(ERROR_TYPE, None)]))
        if marker == "failure":
            err = self.value_of(r, ERROR_TYPE)
            err = self.emit(ir.Builtin(ERROR_TYPE, span, "failure_check", [err]))
            return self.emit(ir.MakeStruct(u, span, [self.zero(elem), err]))
        value, err = self.union_parts(r)
        return self.emit(ir.MakeStruct(u, span, [value if value is not None else self.zero(elem), err]))

    # ---- nullables ------------------------------------------------------------------------------
    def if_let(self: "FuncLowerer", s: S.IfLetStmt) -> None:
        span = self.span(s)
        x = self.expr(s.value)
        xt = x.type
        present = self.emit(ir.NullablePresent(BOOL, span, x))
        then = self.new_block("iflet.then")
        done = self.new_block("iflet.done")
        els = self.new_block("iflet.else") if s.else_ is not None else done
        self.emit(ir.If(None, span, present, then, els))
        self.set_block(then)
        var = self.info.defs.get(s.binder.id)
        if isinstance(var, Var):
            inner = self.emit(ir.UnwrapNullable(self.t(underlying(xt).elem), span, x))
            self.declare_var(var, self.span(s.binder), inner)
        self.stmt_list(s.body.stmts)
        self.jump(done, span)
        if s.else_ is not None:
            self.set_block(els)
            self.stmt(s.else_)
            self.jump(done, span)
        self.set_block(done)

    # ---- enums ----------------------------------------------------------------------------------
    def variant_literal(self: "FuncLowerer", e: S.CompositeLit, t: Type) -> ir.Value:
        span = self.span(e)
        vobj = self.variant_obj(e.type)
        if vobj is None or vobj.variant is None:
            raise self.fail("unknown enum variant", e)
        variant = vobj.variant
        values = [self.zero(self.t(f.type)) for f in variant.fields]
        for i, el in enumerate(e.value.elements):
            if el.key is not None and isinstance(el.key, S.Ident):
                k = next(j for j, f in enumerate(variant.fields) if f.name == el.key.name)
            else:
                k = i
            values[k] = self.value_of(el.value, self.t(variant.fields[k].type))
        return self.emit(ir.MakeVariant(t, span, variant.index, values))

    def variant_obj(self: "FuncLowerer", te: S.Expr | None) -> VariantObj | None:
        if isinstance(te, S.Ident):
            obj = self.info.uses.get(te.id)
        elif isinstance(te, S.Selector):
            obj = self.info.uses.get(te.sel.id)
        else:
            return None
        return obj if isinstance(obj, VariantObj) else None

    def match_stmt(self: "FuncLowerer", s: S.MatchStmt) -> None:
        from .lower_stmt import Target
        span = self.span(s)
        label = self.take_label(s)
        x = self.expr(s.subject)
        xt = x.type
        xu = underlying(xt)
        if isinstance(x, ir.Const):
            x = self.temp_value(x, span)
            xt = x.type
            xu = underlying(xt)
        done = self.new_block("match.done")
        tag = self.emit(ir.VariantTag(INT, span, x)) if isinstance(xu, Enum) else None
        default_clause = None
        for clause in s.clauses:
            if clause.pattern is None:
                default_clause = clause
                continue
            body = self.new_block("match.case")
            nxt = self.new_block("match.next")
            cond = self.pattern_test(clause.pattern, x, tag)
            self.emit(ir.If(None, self.span(clause), cond, body, nxt))
            self.set_block(body)
            self.bind_pattern(clause.pattern, x)
            if clause.guard is not None:
                guarded = self.new_block("match.guarded")
                g = self.coerce(self.expr(clause.guard), BOOL, self.span(clause.guard))
                self.emit(ir.If(None, self.span(clause.guard), g, guarded, nxt))
                self.set_block(guarded)
            self.targets.append(Target("match", label, done, None, len(self.arenas)))
            self.stmt_list(clause.body)
            self.targets.pop()
            self.jump(done, span)
            self.set_block(nxt)
        if default_clause is not None:
            self.targets.append(Target("match", label, done, None, len(self.arenas)))
            self.stmt_list(default_clause.body)
            self.targets.pop()
        self.jump(done, span)
        self.set_block(done)

    def pattern_test(self: "FuncLowerer", p: S.Node, x: ir.Value, tag: ir.Value | None) -> ir.Value:
        span = self.span(p)
        if isinstance(p, S.VariantPattern) and tag is not None:
            vobj = self.variant_obj(p.type)
            assert vobj is not None and vobj.variant is not None
            return self.emit(ir.BinOp(BOOL, span, "==", tag, self.const(INT, vobj.variant.index)))
        if isinstance(p, S.TypePattern):
            var = self.info.defs.get(p.binder.id)
            t = self.t(var.type) if isinstance(var, Var) else self.t(self.tv(p.type).type)
            if not isinstance(underlying(t), Interface):
                self.b.note_boxed(t)
            return self.emit(ir.TypeTest(BOOL, span, x, t))
        if isinstance(p, S.LiteralPattern) and isinstance(p.value, S.KeywordLit) and p.value.word == "nil":
            if isinstance(underlying(x.type), Nullable):
                present = self.emit(ir.NullablePresent(BOOL, span, x))
                return self.emit(ir.UnOp(BOOL, span, "!", present))
            return self.emit(ir.BinOp(BOOL, span, "==", x, self.const(x.type, None)))
        expr = p.type if isinstance(p, S.VariantPattern) else p.value
        v = self.expr(expr)
        a, b = self.comparable_pair(x, v, x.type, v.type, span)
        return self.emit(ir.BinOp(BOOL, span, "==", a, b))

    def bind_pattern(self: "FuncLowerer", p: S.Node, x: ir.Value) -> None:
        span = self.span(p)
        if isinstance(p, S.VariantPattern) and p.binders:
            vobj = self.variant_obj(p.type)
            assert vobj is not None and vobj.variant is not None
            variant = vobj.variant
            for i, b in enumerate(p.binders):
                if b.name == "_":
                    continue
                var = self.info.defs.get(b.id)
                if isinstance(var, Var):
                    ft = self.t(variant.fields[i].type)
                    value = self.emit(ir.VariantField(ft, span, x, variant.index, i))
                    self.declare_var(var, self.span(b), value)
        elif isinstance(p, S.TypePattern) and p.binder.name != "_":
            var = self.info.defs.get(p.binder.id)
            if isinstance(var, Var):
                t = self.t(var.type)
                value = self.coerce(x, t, span) if isinstance(underlying(t), Interface) else self.emit(ir.TypeAssert(t, span, x, t, False))
                self.declare_var(var, self.span(p.binder), value)


__all__ = ["GooMixin"]
