"""Checker mixin: Goo's extensions — error unions (`try`, `catch`, `!T` returns; spec §10.1),
nullables (`if let`; §10.2), enums and `match` (§10.3).

The checker records its decisions for the lowering in `Info.goo`, keyed by node id:
- a `return` in a `!T` function: "success", "failure" or "forward";
- a `catch` expression: ("catch", id of the expression statement giving the block's value or None);
- a two-variable destructuring of a union: "destructure"; a split `return f()`: "split".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import syntax as S
from .check_base import Mode, Operand, invalid_operand
from .diagnostics import Note
from .lookup import AssignResult, assignable
from .objects import ERROR_TYPE, Const, ScopeKind, Var, VariantObj
from .types import (
    INVALID,
    UNTYPED_NIL,
    Basic,
    Chan,
    Enum,
    ErrorUnion,
    Interface,
    Map,
    Nullable,
    Pointer,
    Signature,
    Slice,
    Tuple,
    Type,
    identical,
    is_boolean,
    is_interface,
    is_untyped,
    underlying,
)

if TYPE_CHECKING:  # pragma: no cover
    from .check import Checker


class GooMixin:
    # ---- error unions -----------------------------------------------------------------------
    def union_value(self: "Checker", x: Operand, what: str) -> Type | None:
        """The success type of a `try`/`catch` operand: `!T`, `(T, error)` or `error`."""
        if x.invalid:
            return None
        t = x.type
        if isinstance(t, ErrorUnion):
            return t.elem
        if isinstance(t, Tuple) and len(t.types) == 2 and self.env.is_error(t.types[1]):
            return t.types[0]
        if not isinstance(t, Tuple) and self.env.is_error(t) and x.mode != Mode.TYPEXPR:
            return Tuple(())
        self.error("invalid-operation", x.expr,
                   f"{what} needs an error union or a call returning (T, error); {self.describe(x)} is neither")
        return None

    def try_expr(self: "Checker", e: S.TryExpr, hint: Type | None, discard: bool = False) -> Operand:
        x = self.expr(e.x)
        t = self.union_value(x, "try")
        ctx = self.func
        if ctx is None:
            self.error("try-outside-error-function", e, "try outside a function")
        elif not self._returns_error(ctx.sig):
            self.error("try-outside-error-function", e,
                       f"try in {ctx.name}, which returns neither an error union nor an error")
        if t is None:
            return invalid_operand(e)
        if isinstance(t, Tuple):
            if not discard:
                self.error("not-a-value", e, f"{self.text_of(e)} (no value) used as value")
                return invalid_operand(e)
            return Operand(Mode.NOVALUE, t, e)
        return Operand(Mode.VALUE, t, e)

    @staticmethod
    def _returns_error(sig: Signature) -> bool:
        if len(sig.results) == 1 and isinstance(sig.results[0].type, ErrorUnion):
            return True
        from .objects import ERROR_TYPE as ERR
        return bool(sig.results) and sig.results[-1].type is ERR

    def catch_expr(self: "Checker", e: S.CatchExpr, hint: Type | None) -> Operand:
        x = self.expr(e.x)
        t = self.union_value(x, "catch")
        value_stmt: int | None = None
        if e.fallback is not None:
            fb = self.value(e.fallback, t if isinstance(t, Type) and not isinstance(t, Tuple) else None)
            if t is not None and not isinstance(t, Tuple) and not fb.invalid:
                self.assign_to(fb, t, "catch fallback")
        elif e.block is not None:
            scope = self.open_scope(e.block)
            if e.binder is not None:
                v = Var(e.binder.name, ERROR_TYPE, self.unit.loc(e.binder.span), self.env.pkg_name)
                v.scope_level = 1
                v.used = True
                self.declare(scope, e.binder, v)
            stmts = e.block.stmts
            self.stmt_list(stmts[:-1])
            if stmts:
                last = stmts[-1]
                if isinstance(last, S.ExprStmt) and t is not None and not isinstance(t, Tuple):
                    value_stmt = self._catch_block_value(last, t)
                else:
                    self.stmt(last)
            self.close_scope()
        self.info.goo[e.id] = ("catch", value_stmt)
        if t is None:
            return invalid_operand(e)
        if isinstance(t, Tuple):
            return Operand(Mode.NOVALUE, t, e)
        return Operand(Mode.VALUE, t, e)

    def _catch_block_value(self: "Checker", last: S.ExprStmt, t: Type) -> int | None:
        """The last expression statement of a catch block gives its value when it has one."""
        inner = last.x
        inner = S.unparen(inner)
        if isinstance(inner, (S.TryExpr, S.CatchExpr)):
            self.stmt(last)
            return None
        x = self.expr(last.x, t)
        if x.invalid:
            return None
        if x.mode == Mode.NOVALUE or (isinstance(x.type, Tuple) and not x.type.types):
            return None
        if isinstance(x.type, ErrorUnion):
            self.report_unhandled_union(x)
            return None
        x = self.single_value(x)
        if x.invalid:
            return None
        if is_untyped(x.type):
            if self.convert_untyped(x, t, "catch block value"):
                return last.id
            return None
        if assignable(x.type, t)[0] is AssignResult.OK:
            return last.id
        if isinstance(inner, S.Call) or (isinstance(inner, S.Unary) and inner.op == "<-"):
            return None  # an ordinary call statement; its value is discarded
        self.assign_to(x, t, "catch block value")
        return None

    def union_return(self: "Checker", s: S.ReturnStmt, union: ErrorUnion) -> None:
        if len(s.results) != 1:
            values = [self.value(r) for r in s.results]
            self._return_count(s, values)
            return
        r = s.results[0]
        x = self.expr(r, union.elem)
        if x.invalid:
            return
        if isinstance(x.type, ErrorUnion):
            if identical(x.type.elem, union.elem):
                self.info.goo[s.id] = "forward"
                return
            self.error("type-mismatch", r, f"cannot use {self.describe(x)} as {self.tstr(union)} value in return statement")
            return
        if isinstance(x.type, Tuple):
            if len(x.type.types) == 2 and self.env.is_error(x.type.types[1]) and identical(x.type.types[0], union.elem):
                self.info.goo[s.id] = "forward"
                return
            self.single_value(x)
            return
        x = self.single_value(x)
        if x.invalid:
            return
        if x.type is ERROR_TYPE:
            self.info.goo[s.id] = "failure"
            return
        if x.type == UNTYPED_NIL:
            from .types import has_nil
            self.info.goo[s.id] = "success" if has_nil(union.elem) else "failure"
            if has_nil(union.elem):
                self.convert_untyped(x, union.elem)
            return
        if is_untyped(x.type):
            if self.convert_untyped(x, union.elem, "return statement"):
                self.info.goo[s.id] = "success"
            return
        if assignable(x.type, union.elem)[0] is AssignResult.OK:
            self.info.goo[s.id] = "success"
            return
        if assignable(x.type, ERROR_TYPE)[0] is AssignResult.OK:
            self.info.goo[s.id] = "failure"
            return
        self.assign_to(x, union.elem, "return statement")

    # ---- nullables ----------------------------------------------------------------------------
    def if_let_stmt(self: "Checker", s: S.IfLetStmt) -> None:
        x = self.value(s.value)
        elem: Type = INVALID
        if not x.invalid:
            u = underlying(x.type)
            if isinstance(u, Nullable):
                elem = u.elem
            else:
                self.error("nullable-misuse", s.value, f"if let needs a nullable value; {self.describe(x)} is not nullable")
        self.open_scope(s.body)
        v = Var(s.binder.name, elem, self.unit.loc(s.binder.span), self.env.pkg_name)
        v.scope_level = 1
        self.declare(self.scope, s.binder, v)
        if self.func is not None and s.binder.name != "_":
            self.func.local_vars.append(v)
        self.stmt_list(s.body.stmts)
        self.close_scope()
        if s.else_ is not None:
            self.stmt(s.else_)

    # ---- enums and match ----------------------------------------------------------------------
    def variant_literal(self: "Checker", e: S.CompositeLit, vobj: VariantObj) -> Operand:
        self.env.resolve(vobj)
        variant = vobj.variant
        enum_t = vobj.type
        if variant is None or enum_t is None:
            return invalid_operand(e)
        fields = variant.fields
        elems = e.value.elements
        keyed = [el.key is not None for el in elems]
        if any(keyed) and not all(keyed):
            self.error("invalid-operation", e.value, "mixture of field:value and value elements in variant literal")
            return Operand(Mode.VALUE, enum_t, e)
        if all(keyed) and elems:
            for el in elems:
                key = el.key
                idx = next((i for i, f in enumerate(fields) if isinstance(key, S.Ident) and f.name == key.name), -1)
                if idx < 0:
                    self.error("unknown-field-or-method", key, f"unknown field {self.text_of(key)} in variant {variant.name}")
                    self.expr(el.value)
                    continue
                self._elem_value(el.value, fields[idx].type, "variant literal")
        else:
            for i, el in enumerate(elems):
                if i >= len(fields):
                    self.error("count-mismatch", el.value, f"too many values in variant {variant.name}: it has {len(fields)} field{'s' if len(fields) != 1 else ''}")
                    break
                self._elem_value(el.value, fields[i].type, "variant literal")
        return Operand(Mode.VALUE, enum_t, e)

    def match_stmt(self: "Checker", s: S.MatchStmt) -> None:
        x = self.value(s.subject)
        subject_t = x.type if not x.invalid else INVALID
        u = underlying(subject_t)
        enum = u if isinstance(u, Enum) else None
        covered: set[str] = set()
        seen_const: dict[object, S.Node] = {}
        seen_variant: dict[str, S.Node] = {}
        defaults = 0

        def run() -> None:
            nonlocal defaults
            for clause in s.clauses:
                self.open_scope(clause)
                if clause.pattern is None:
                    defaults += 1
                    if defaults > 1:
                        self.error("duplicate-case", clause, "multiple defaults in match")
                elif not x.invalid:
                    self._pattern(clause, clause.pattern, subject_t, enum, covered, seen_const, seen_variant)
                if clause.guard is not None:
                    g = self.value(clause.guard)
                    if not g.invalid and not is_boolean(g.type):
                        self.error("type-mismatch", clause.guard, f"non-boolean guard {self.describe(g)} in match clause")
                    elif not g.invalid and is_untyped(g.type):
                        from .types import BOOL
                        self.convert_untyped(g, BOOL)
                self.stmt_list(clause.body)
                self.close_scope()

        self.with_breakable("match", self._label_of(s), run)
        if enum is not None and defaults == 0:
            missing = [v.name for v in enum.variants if v.name not in covered]
            if missing:
                what = f"variant {missing[0]}" if len(missing) == 1 else "variants " + ", ".join(missing)
                self.warn("non-exhaustive-match", s.subject, f"match on {self.tstr(subject_t)} does not handle {what}")

    def _silent_binders(self: "Checker", binders: tuple[S.Ident, ...]) -> None:
        """Declare the binders of a rejected pattern so their uses do not cascade."""
        for b in binders:
            v = Var(b.name, INVALID, self.unit.loc(b.span), self.env.pkg_name)
            v.used = True
            self.declare(self.scope, b, v)

    def _pattern(self: "Checker", clause: S.MatchClause, p: S.Node, subject_t: Type, enum: Enum | None,
                 covered: set[str], seen_const: dict[object, S.Node], seen_variant: dict[str, S.Node]) -> None:
        guarded = clause.guard is not None
        if enum is not None:
            if not isinstance(p, S.VariantPattern):
                self.error("invalid-pattern", p, f"pattern {self.text_of(p)} cannot match a value of enum type {self.tstr(subject_t)}")
                return
            vobj = self._variant_named(p.type)
            variant = vobj.variant if vobj is not None else None
            if vobj is not None:
                self.env.resolve(vobj)
                variant = vobj.variant
            if variant is None or variant.enum is not enum:
                self.error("invalid-pattern", p.type, f"{self.text_of(p.type)} is not a variant of {self.tstr(subject_t)}")
                self._silent_binders(p.binders or ())
                return
            bad_count = p.binders is not None and bool(p.binders) and len(p.binders) != len(variant.fields)
            if bad_count:
                self.error("invalid-pattern", p,
                           f"pattern {self.text_of(p)} binds {len(p.binders)} field{'s' if len(p.binders) != 1 else ''} "
                           f"but variant {variant.name} has {len(variant.fields)}")
            for i, b in enumerate(p.binders or ()):
                ft = variant.fields[i].type if i < len(variant.fields) else INVALID
                v = Var(b.name, ft, self.unit.loc(b.span), self.env.pkg_name)
                v.scope_level = 1
                v.used = bad_count  # already reported; no follow-up "declared and not used"
                self.declare(self.scope, b, v)
                if self.func is not None and b.name != "_":
                    self.func.local_vars.append(v)
            if not guarded:
                if variant.name in seen_variant:
                    self.error("duplicate-case", p, f"duplicate case {variant.name} in match",
                               notes=(Note(seen_variant[variant.name].span, "previous case"),))
                seen_variant[variant.name] = p
                covered.add(variant.name)
            return
        su = underlying(subject_t)
        if isinstance(p, S.TypePattern):
            if not is_interface(subject_t):
                self.error("invalid-pattern", p, f"type pattern {self.text_of(p)} needs an interface value; {self.tstr(subject_t)} is not an interface")
                self._silent_binders((p.binder,))
                return
            t = self.type_expr(p.type)
            v = Var(p.binder.name, t, self.unit.loc(p.binder.span), self.env.pkg_name)
            v.scope_level = 1
            self.declare(self.scope, p.binder, v)
            if self.func is not None and p.binder.name != "_":
                self.func.local_vars.append(v)
            return
        if isinstance(p, S.LiteralPattern) and isinstance(p.value, S.KeywordLit) and p.value.word == "nil":
            if not isinstance(su, (Pointer, Slice, Map, Chan, Signature, Interface, Nullable)):
                self.error("invalid-pattern", p, f"nil pattern cannot match a value of type {self.tstr(subject_t)}")
            return
        if isinstance(su, (Pointer, Slice, Map, Chan, Signature)) or (isinstance(su, Interface)):
            self.error("invalid-pattern", p, f"pattern {self.text_of(p)} cannot match a value of type {self.tstr(subject_t)}; only nil"
                       + (" or name: T" if isinstance(su, Interface) else ""))
            return
        # constants: literals or constant names
        if isinstance(p, S.VariantPattern):
            if p.binders is not None:
                self.error("invalid-pattern", p, f"pattern {self.text_of(p)} binds fields, but {self.tstr(subject_t)} is not an enum")
                return
            expr = p.type
        elif isinstance(p, S.LiteralPattern):
            expr = p.value
        else:
            self.error("invalid-pattern", p, f"invalid pattern {self.text_of(p)}")
            return
        c = self.value(expr, subject_t)
        if c.invalid:
            return
        if c.mode != Mode.CONSTANT:
            self.error("invalid-pattern", p, f"pattern {self.text_of(p)} must be a constant")
            return
        if not self.assign_to(c, subject_t, "match pattern"):
            return
        if not guarded and c.value is not None:
            key = (type(c.value), c.value)
            if key in seen_const:
                self.error("duplicate-case", p, f"duplicate case {self.text_of(p)} in match",
                           notes=(Note(seen_const[key].span, "previous case"),))
            seen_const[key] = p


__all__ = ["GooMixin", "Const", "ScopeKind", "Basic"]
