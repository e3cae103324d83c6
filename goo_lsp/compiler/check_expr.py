"""Checker mixin: expressions (spec §7.1, §4.5) — identifiers, literals, operators, selectors,
indexing, slicing, type assertions, composite literals, function literals, and the conversion
of untyped constants (spec §6.3).

Invariants:
- `expr` returns an Operand of any mode (types, packages, builtins, tuples, error unions);
  `value` insists on a single usable value and reports every way an operand is not one.
- An untyped operand that meets a type is converted once (`convert_untyped`), which also
  rewrites the recorded types of the untyped sub-expressions it came from.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from . import constants as C
from . import syntax as S
from .check_base import FuncCtx, Mode, Operand, TypeAndValue, invalid_operand
from .diagnostics import Fix
from .lookup import AssignResult, SelKind, Selection, assignable, lookup, missing_method
from .objects import (
    Builtin,
    ConceptObj,
    Const,
    Func,
    PkgName,
    ScopeKind,
    TypeName,
    Var,
    VariantObj,
)
from .types import (
    BOOL,
    EMPTY_INTERFACE,
    INVALID,
    STRING,
    UNTYPED_BOOL,
    UNTYPED_FLOAT,
    UNTYPED_INT,
    UNTYPED_NIL,
    UNTYPED_RUNE,
    UNTYPED_STRING,
    Array,
    Basic,
    Chan,
    ChanDir,
    Enum,
    ErrorUnion,
    Interface,
    Kind,
    Map,
    Named,
    Nullable,
    Pointer,
    Signature,
    Slice,
    Struct,
    Tuple,
    Type,
    TypeParam,
    comparable,
    core_type,
    default_type,
    has_nil,
    identical,
    is_boolean,
    is_integer,
    is_interface,
    is_numeric,
    is_ordered,
    is_string,
    is_unsigned,
    is_untyped,
    underlying,
)

if TYPE_CHECKING:  # pragma: no cover
    from .check import Checker

_UNTYPED_RANK = {Kind.UNTYPED_INT: 1, Kind.UNTYPED_RUNE: 2, Kind.UNTYPED_FLOAT: 3}
_COMPARISON = frozenset({"==", "!=", "<", "<=", ">", ">="})


class ExprMixin:
    # ---- entry points -------------------------------------------------------------------------
    def expr(self: "Checker", e: S.Expr, hint: Type | None = None) -> Operand:
        x = self._expr(e, hint)
        x.expr = e
        if x.type is INVALID and x.mode not in (Mode.INVALID, Mode.BUILTIN, Mode.PACKAGE, Mode.NOVALUE, Mode.CONCEPT):
            x.mode = Mode.INVALID  # an operand of invalid type was already reported: stay silent
        self.record(x)
        return x

    def value(self: "Checker", e: S.Expr, hint: Type | None = None) -> Operand:
        """A single value (reports types, packages, builtins, no-value, tuples, error unions)."""
        return self.single_value(self.expr(e, hint))

    def single_value(self: "Checker", x: Operand) -> Operand:
        e = x.expr
        match x.mode:
            case Mode.INVALID:
                return x
            case Mode.TYPEXPR:
                self.error("not-a-value", e, f"{self.text_of(e)} (type) is not an expression")
                return x.set_invalid()
            case Mode.PACKAGE:
                self.error("not-a-value", e, f"use of package {self.text_of(e)} without selector")
                return x.set_invalid()
            case Mode.BUILTIN:
                self.error("not-a-value", e, f"{self.text_of(e)} (built-in function) must be called")
                return x.set_invalid()
            case Mode.NOVALUE:
                self.error("not-a-value", e, f"{self.text_of(e)} (no value) used as value")
                return x.set_invalid()
            case Mode.CONCEPT:
                self.error("not-a-value", e, f"concept {self.text_of(e)} is not an expression")
                return x.set_invalid()
            case Mode.VARIANT:
                v = x.obj.variant if isinstance(x.obj, VariantObj) else None
                if v is not None and v.fields:
                    self.error("not-a-value", e, f"variant {v.name} has fields: construct it with {v.name}{{...}}")
                    return x.set_invalid()
                x.mode = Mode.VALUE
                return x
        if isinstance(x.type, Tuple):
            self.error("count-mismatch", e,
                       f"multiple-value {self.text_of(e)} (value of type {self.tstr(x.type)}) in single-value context")
            return x.set_invalid()
        if isinstance(x.type, ErrorUnion):
            self.report_unhandled_union(x)
            x.type = x.type.elem
            x.mode = Mode.VALUE
            return x
        if isinstance(x.type, Signature) and x.type.type_params and isinstance(x.obj, Func):
            self.error("type-inference-failed", e,
                       f"cannot use generic function {x.obj.name} without instantiation")
            return x.set_invalid()
        return x

    def report_unhandled_union(self: "Checker", x: Operand) -> None:
        call = _call_of(x.expr)
        name = self.text_of(call.fun) if isinstance(call, S.Call) else self.text_of(x.expr)
        self.error("unhandled-error-union", call if call is not None else x.expr,
                   f"error union {self.tstr(x.type)} returned by {name} must be handled: "
                   f"use try, catch, or v, err := destructuring")

    # ---- dispatch -----------------------------------------------------------------------------
    def _expr(self: "Checker", e: S.Expr, hint: Type | None) -> Operand:
        match e:
            case S.Ident():
                return self.ident(e)
            case S.BasicLit():
                return self.basic_lit(e)
            case S.KeywordLit():
                if e.word == "nil":
                    return Operand(Mode.VALUE, UNTYPED_NIL, e, None)
                return Operand(Mode.CONSTANT, UNTYPED_BOOL, e, e.word == "true")
            case S.Paren():
                inner = self.expr(e.x, hint)
                return Operand(inner.mode, inner.type, e, inner.value, inner.builtin, inner.obj)
            case S.Binary():
                return self.binary(e, hint)
            case S.Unary():
                return self.unary(e, hint)
            case S.Selector():
                return self.selector(e)
            case S.Index():
                return self.index(e)
            case S.SliceExpr():
                return self.slice_expr(e)
            case S.TypeAssert():
                return self.type_assert(e)
            case S.Call():
                return self.call(e, hint)
            case S.CompositeLit():
                return self.composite_lit(e, hint)
            case S.BareSliceLit():
                return self.bare_slice(e, hint)
            case S.FuncLit():
                return self.func_lit(e)
            case S.TryExpr():
                return self.try_expr(e, hint)
            case S.CatchExpr():
                return self.catch_expr(e, hint)
            case S.BadExpr():
                return invalid_operand(e)
            case (S.ArrayType() | S.SliceType() | S.MapType() | S.ChanType() | S.FuncType() | S.StructType()
                  | S.InterfaceType() | S.PointerType() | S.EnumType() | S.ErrorUnionType() | S.NullableType()
                  | S.RefType() | S.GenericType()):
                t = self.type_expr(e)
                if t is INVALID:
                    return invalid_operand(e)
                return Operand(Mode.TYPEXPR, t, e)
        self.error("invalid-operation", e, f"invalid expression {self.text_of(e)}")
        return invalid_operand(e)

    # ---- identifiers and literals ---------------------------------------------------------------
    def ident(self: "Checker", e: S.Ident) -> Operand:
        if e.name == "_":
            self.error("invalid-operation", e, "cannot use _ as value")
            return invalid_operand(e)
        obj = self.scope.lookup(e.name)
        if obj is None:
            self._undefined(e)
            return invalid_operand(e)
        self.record_use(e, obj)
        if isinstance(obj, Var):
            if not self.lhs_context:
                obj.used = True
            t = obj.type if obj.type is not None else INVALID
            if obj.comptime:
                return Operand(Mode.CONSTANT, t, e, None, obj=obj)
            return Operand(Mode.VARIABLE, t, e, obj=obj)
        if isinstance(obj, Const):
            if obj.name == "iota" and obj.loc.file == "<universe>":
                if self.iota is None:
                    self.error("invalid-operation", e, "cannot use iota outside constant declaration")
                    return invalid_operand(e)
                return Operand(Mode.CONSTANT, UNTYPED_INT, e, self.iota, obj=obj)
            self.env.resolve(obj)
            if obj.type is None or obj.type is INVALID:
                return invalid_operand(e)
            return Operand(Mode.CONSTANT, obj.type, e, obj.value, obj=obj)
        if isinstance(obj, TypeName):
            t = self.env.type_of_typename(obj)
            if t is None or t is INVALID:
                return invalid_operand(e)
            return Operand(Mode.TYPEXPR, t, e, obj=obj)
        if isinstance(obj, Func):
            self.env.resolve(obj)
            if obj.type is None:
                return invalid_operand(e)
            return Operand(Mode.VALUE, obj.type, e, obj=obj)
        if isinstance(obj, Builtin):
            return Operand(Mode.BUILTIN, INVALID, e, builtin=obj.name, obj=obj)
        if isinstance(obj, PkgName):
            self.info.used_pkgs.add(obj.name)
            return Operand(Mode.PACKAGE, INVALID, e, obj=obj)
        if isinstance(obj, VariantObj):
            self.env.resolve(obj)
            return Operand(Mode.VARIANT, obj.type or INVALID, e, obj=obj)
        if isinstance(obj, ConceptObj):
            return Operand(Mode.CONCEPT, INVALID, e, obj=obj)
        return invalid_operand(e)

    def basic_lit(self: "Checker", e: S.BasicLit) -> Operand:
        match e.kind:
            case "INT":
                return Operand(Mode.CONSTANT, UNTYPED_INT, e, e.value)
            case "FLOAT":
                return Operand(Mode.CONSTANT, UNTYPED_FLOAT, e, e.value)
            case "RUNE":
                return Operand(Mode.CONSTANT, UNTYPED_RUNE, e, e.value)
            case "STRING":
                return Operand(Mode.CONSTANT, UNTYPED_STRING, e, e.value)
            case "IMAG":
                self.error("unsupported-feature", e, "complex numbers are not supported")
        return invalid_operand(e)

    # ---- untyped conversion -------------------------------------------------------------------
    def convert_untyped(self: "Checker", x: Operand, target: Type, context: str | None = None) -> bool:
        """Give untyped operand x the type `target` (or its default type when target is an
        interface). Reports and invalidates x on failure. `context` completes Go's message."""
        if x.invalid or not is_untyped(x.type):
            return not x.invalid
        if target is INVALID:
            x.set_invalid()
            return False
        tu = underlying(target)
        if isinstance(tu, Nullable):
            if x.type == UNTYPED_NIL:
                self._set_type(x, target)
                return True
            if not self.convert_untyped(x, tu.elem, context):
                return False
            return True
        if isinstance(tu, Interface) and not isinstance(target, TypeParam):
            if x.type == UNTYPED_NIL:
                self._set_type(x, target)
                return True
            d = default_type(x.type)
            if x.mode == Mode.CONSTANT and x.value is not None and isinstance(d, Basic):
                ok, rounded, why = C.representable(x.value, d)
                if not ok:
                    self._report_unrepresentable(x, d, why, context)
                    return False
                x.value = rounded
            self._set_type(x, d)
            return True
        if x.type == UNTYPED_NIL:
            if has_nil(target):
                self._set_type(x, target)
                return True
            self._mismatch(x, target, context)
            return False
        if isinstance(target, TypeParam):
            c = underlying(target.constraint)
            lines = c.type_set_terms() if isinstance(c, Interface) else ()
            if lines and all(self._untyped_fits(x, term.type) for line in lines for term in line):
                self._set_type(x, target)
                return True
            self._mismatch(x, target, context)
            return False
        if isinstance(tu, Basic):
            kind_ok = ((x.type.kind == Kind.UNTYPED_BOOL and is_boolean(tu))
                       or (x.type.kind == Kind.UNTYPED_STRING and is_string(tu))
                       or (x.type.kind in _UNTYPED_RANK and is_numeric(tu)))
            if not kind_ok:
                self._mismatch(x, target, context)
                return False
            if x.mode == Mode.CONSTANT and x.value is not None:
                ok, rounded, why = C.representable(x.value, tu)
                if not ok:
                    self._report_unrepresentable(x, target, why, context)
                    return False
                x.value = rounded
            self._set_type(x, target)
            return True
        self._mismatch(x, target, context)
        return False

    def _untyped_fits(self: "Checker", x: Operand, t: Type) -> bool:
        tu = underlying(t)
        if not isinstance(tu, Basic):
            return False
        if x.type.kind == Kind.UNTYPED_BOOL:
            return is_boolean(tu)
        if x.type.kind == Kind.UNTYPED_STRING:
            return is_string(tu)
        if not is_numeric(tu):
            return False
        if x.mode == Mode.CONSTANT and x.value is not None:
            return C.representable(x.value, tu)[0]
        return True

    def _report_unrepresentable(self: "Checker", x: Operand, target: Type, why: str, context: str | None) -> None:
        if why == "overflows" or why == "truncated":
            where = f" in {context}" if context else ""
            if context:
                self.error("constant-overflow", x.expr,
                           f"cannot use {self.describe(x)} as {self.tstr(target)} value{where} ({why})")
            else:
                self.error("constant-overflow", x.expr, f"{self.describe(x)} {why} {self.tstr(target)}")
        else:
            self._mismatch(x, target, context)
        x.set_invalid()

    def _mismatch(self: "Checker", x: Operand, target: Type, context: str | None) -> None:
        where = f" in {context}" if context else ""
        self.error("type-mismatch", x.expr, f"cannot use {self.describe(x)} as {self.tstr(target)} value{where}")
        x.set_invalid()

    def _set_type(self: "Checker", x: Operand, t: Type) -> None:
        x.type = t
        if x.expr is not None:
            self._update_untyped(x.expr, t)

    def _update_untyped(self: "Checker", e: S.Node, t: Type) -> None:
        old = self.info.types.get(e.id)
        if old is None or not is_untyped(old.type):
            return
        self.info.types[e.id] = TypeAndValue(old.mode, t, old.value)
        match e:
            case S.Paren():
                self._update_untyped(e.x, t)
            case S.Unary() if e.op in ("+", "-", "^", "~", "!"):
                self._update_untyped(e.x, t)
            case S.Binary() if e.op not in _COMPARISON and e.op not in ("<<", ">>"):
                self._update_untyped(e.x, t)
                self._update_untyped(e.y, t)
            case S.Binary() if e.op in ("<<", ">>"):
                self._update_untyped(e.x, t)

    # ---- assignment compatibility -----------------------------------------------------------------
    def assign_to(self: "Checker", x: Operand, t: Type, context: str) -> bool:
        """Check that x may be assigned to a variable of type t; converts untyped x."""
        if x.invalid or t is INVALID:
            return False
        if is_untyped(x.type):
            if x.mode == Mode.CONSTANT or x.type == UNTYPED_NIL or isinstance(underlying(t), (Interface, Nullable)) or True:
                return self.convert_untyped(x, t, context)
        result, miss = assignable(x.type, t)
        if result is AssignResult.OK:
            return True
        if result is AssignResult.NULLABLE:
            self.error("nullable-not-unwrapped", x.expr,
                       f"cannot use {self.describe(x)} as {self.tstr(t)} value; unwrap it with if let")
            return False
        if result is AssignResult.MISSING_METHOD and miss is not None:
            self.error("missing-method", x.expr,
                       f"cannot use {self.describe(x)} as {self.tstr(t)} value in {context}: "
                       f"{self.tstr(x.type)} does not implement {self.tstr(t)} ({self.missing_text(miss)})")
            return False
        if isinstance(underlying(x.type), Chan) and isinstance(underlying(t), Chan):
            xc, tc = underlying(x.type), underlying(t)
            if identical(xc.elem, tc.elem) and xc.dir is not ChanDir.BOTH:
                self.error("invalid-channel-direction", x.expr,
                           f"cannot use {self.describe(x)} as {self.tstr(t)} value in {context}")
                return False
        self.error("type-mismatch", x.expr, f"cannot use {self.describe(x)} as {self.tstr(t)} value in {context}")
        return False

    def missing_text(self: "Checker", miss) -> str:
        if miss.pointer_receiver:
            return f"method {miss.name} has pointer receiver"
        if miss.wrong_type:
            return f"wrong type for method {miss.name}"
        return f"missing method {miss.name}"

    # ---- operators ----------------------------------------------------------------------------
    def unary(self: "Checker", e: S.Unary, hint: Type | None) -> Operand:
        op = e.op
        if op == "&":
            inner = e.x
            inner = S.unparen(inner)
            if isinstance(inner, S.CompositeLit):
                hint_elem = underlying(hint).elem if hint is not None and isinstance(underlying(hint), Pointer) else None
                x = self.expr(e.x, hint_elem)
                if x.invalid:
                    return invalid_operand(e)
                return Operand(Mode.VALUE, Pointer(x.type), e)
            x = self.expr(e.x)
            if x.invalid:
                return x
            if x.mode == Mode.TYPEXPR:
                self.error("invalid-operation", e, f"invalid operation: cannot take address of {self.describe(x)}")
                return invalid_operand(e)
            x = self.single_value(x)
            if x.invalid:
                return x
            if x.mode != Mode.VARIABLE:
                self.error("invalid-operation", e, f"invalid operation: cannot take address of {self.describe(x)}")
                return invalid_operand(e)
            if isinstance(x.obj, Var):
                x.obj.used = True
            return Operand(Mode.VALUE, Pointer(x.type), e)
        if op == "*":
            x = self.expr(e.x)
            if x.invalid:
                return x
            if x.mode == Mode.TYPEXPR:
                return Operand(Mode.TYPEXPR, Pointer(x.type), e)
            x = self.single_value(x)
            if x.invalid:
                return x
            if x.type == UNTYPED_NIL:
                self.error("invalid-operation", e, "invalid operation: cannot indirect nil")
                return invalid_operand(e)
            u = core_type(x.type)
            if not isinstance(u, Pointer):
                self.error("invalid-operation", e, f"invalid operation: cannot indirect {self.describe(x)}")
                return invalid_operand(e)
            return Operand(Mode.VARIABLE, u.elem, e)
        if op == "<-":
            x = self.expr(e.x)
            if x.invalid:
                return x
            if x.mode == Mode.TYPEXPR:
                u = underlying(x.type)
                if isinstance(u, Chan) and u.dir is ChanDir.BOTH and isinstance(e.x, S.ChanType):
                    return Operand(Mode.TYPEXPR, Chan(ChanDir.RECV, u.elem), e)
            x = self.single_value(x)
            if x.invalid:
                return x
            u = core_type(x.type)
            if not isinstance(u, Chan):
                self.error("invalid-operation", e, f"invalid operation: cannot receive from non-channel {self.describe(x)}")
                return invalid_operand(e)
            if u.dir is ChanDir.SEND:
                self.error("invalid-channel-direction", e,
                           f"invalid operation: cannot receive from send-only channel {self.describe(x)}")
                return invalid_operand(e)
            return Operand(Mode.COMMAOK, u.elem, e)
        x = self.value(e.x, hint)
        if x.invalid:
            return x
        t = x.type
        if op in ("+", "-"):
            ok = is_numeric(t)
        elif op == "!":
            ok = is_boolean(t)
        elif op in ("^", "~"):
            ok = is_integer(t)
        else:
            ok = False
        if not ok:
            if isinstance(underlying(t), Nullable):
                self.error("nullable-misuse", e, f"invalid operation: operator {op} not defined on {self.describe(x)}; unwrap it with if let")
            else:
                self.error("invalid-operation", e, f"invalid operation: operator {op} not defined on {self.describe(x)}")
            return invalid_operand(e)
        if x.mode == Mode.CONSTANT and x.value is not None:
            basic = underlying(t) if isinstance(underlying(t), Basic) else None
            v = C.unary(op, x.value, basic if not is_untyped(t) else None)
            if isinstance(v, C.ConstError):
                self.error("invalid-operation", e, f"invalid operation: {v.message}")
                return invalid_operand(e)
            if basic is not None and not is_untyped(t):
                ok2, v2, why = C.representable(v, basic)
                if not ok2:
                    self.error("constant-overflow", e, f"constant {C.format_value(v)} {why} {self.tstr(t)}")
                    return invalid_operand(e)
                v = v2
            return Operand(Mode.CONSTANT, t, e, v)
        return Operand(Mode.VALUE, t, e)

    def binary(self: "Checker", e: S.Binary, hint: Type | None) -> Operand:
        op = e.op
        if op in ("<<", ">>"):
            return self.shift(e, hint)
        x = self.value(e.x, hint if op not in _COMPARISON else None)
        y = self.value(e.y, hint if op not in _COMPARISON else None)
        if x.invalid or y.invalid:
            return invalid_operand(e)
        if op in _COMPARISON:
            return self.comparison(e, x, y)
        if not self.match_types(e, x, y):
            return invalid_operand(e)
        t = x.type
        if not _op_allowed(op, t):
            bad = x
            if isinstance(underlying(t), Nullable):
                self.error("nullable-misuse", e, f"invalid operation: operator {op} not defined on {self.describe(bad)}; unwrap it with if let")
            else:
                self.error("invalid-operation", e, f"invalid operation: operator {op} not defined on {self.describe(bad)}")
            return invalid_operand(e)
        if op in ("/", "%") and y.mode == Mode.CONSTANT and y.value is not None and is_numeric(y.type):
            if y.value == 0 and (is_integer(x.type) or x.mode == Mode.CONSTANT):
                self.error("invalid-operation", e, "invalid operation: division by zero")
                return invalid_operand(e)
        if x.mode == Mode.CONSTANT and y.mode == Mode.CONSTANT and x.value is not None and y.value is not None:
            integer = is_integer(t)
            v = C.binary(op, x.value, y.value, integer)
            if isinstance(v, C.ConstError):
                self.error("invalid-operation", e, v.message if v.message.startswith("invalid") else f"invalid operation: {v.message}")
                return invalid_operand(e)
            if not is_untyped(t):
                basic = underlying(t)
                if isinstance(basic, Basic):
                    ok, v2, why = C.representable(v, basic)
                    if not ok:
                        shown = Operand(Mode.CONSTANT, t, e, v)
                        self.error("constant-overflow", e, f"{self.describe(shown)} {why or 'overflows'} {self.tstr(t)}")
                        return invalid_operand(e)
                    v = v2
            elif t.kind == Kind.UNTYPED_INT and isinstance(v, Fraction) and v.denominator == 1:
                v = int(v)
            return Operand(Mode.CONSTANT, t, e, v)
        return Operand(Mode.VALUE, t, e)

    def match_types(self: "Checker", e: S.Binary, x: Operand, y: Operand) -> bool:
        """Make x and y the same type (converting an untyped side); report mismatches."""
        xu, yu = is_untyped(x.type), is_untyped(y.type)
        if xu and yu:
            if x.type == UNTYPED_NIL or y.type == UNTYPED_NIL:
                if x.type == y.type:
                    return True
                self.error("invalid-operation", e, f"invalid operation: {self.text_of(e)} (mismatched types {self.tstr(x.type)} and {self.tstr(y.type)})")
                return False
            kx, ky = x.type.kind, y.type.kind
            if kx == ky:
                return True
            if kx in _UNTYPED_RANK and ky in _UNTYPED_RANK:
                wider = x.type if _UNTYPED_RANK[kx] > _UNTYPED_RANK[ky] else y.type
                x.type = y.type = wider
                return True
            self.error("invalid-operation", e, f"invalid operation: {self.text_of(e)} (mismatched types {self.tstr(x.type)} and {self.tstr(y.type)})")
            return False
        if xu:
            return self._convert_operand(e, x, y.type)
        if yu:
            return self._convert_operand(e, y, x.type)
        if not identical(x.type, y.type):
            for a, b in ((x, y), (y, x)):
                ua = underlying(a.type)
                if isinstance(ua, Nullable) and identical(ua.elem, b.type):
                    self.error("nullable-not-unwrapped", a.expr,
                               f"cannot use {self.describe(a)} as {self.tstr(b.type)} value; unwrap it with if let")
                    return False
            self.error("invalid-operation", e, f"invalid operation: {self.text_of(e)} (mismatched types {self.tstr(x.type)} and {self.tstr(y.type)})")
            return False
        return True

    def _convert_operand(self: "Checker", e: S.Binary, x: Operand, t: Type) -> bool:
        if x.type == UNTYPED_NIL:
            if has_nil(t):
                self._set_type(x, t)
                return True
            left, right = (x.type, t) if x.expr is e.x else (t, x.type)
            self.error("invalid-operation", e, f"invalid operation: {self.text_of(e)} (mismatched types {self.tstr(left)} and {self.tstr(right)})")
            return False
        tu = underlying(t)
        if isinstance(tu, Nullable):
            return self._convert_operand(e, x, tu.elem)
        if isinstance(tu, Interface) and not isinstance(t, TypeParam):
            return self.convert_untyped(x, t)
        fits = isinstance(tu, Basic) and (
            (x.type.kind == Kind.UNTYPED_BOOL and is_boolean(tu)) or (x.type.kind == Kind.UNTYPED_STRING and is_string(tu))
            or (x.type.kind in _UNTYPED_RANK and is_numeric(tu)))
        if isinstance(t, TypeParam):
            fits = all(self._untyped_fits(x, term.type) for line in underlying(t.constraint).type_set_terms() for term in line) if isinstance(underlying(t.constraint), Interface) and underlying(t.constraint).type_set_terms() else False
        if not fits:
            left, right = (x.type, t) if x.expr is e.x else (t, x.type)
            self.error("invalid-operation", e, f"invalid operation: {self.text_of(e)} (mismatched types {self.tstr(left)} and {self.tstr(right)})")
            return False
        if x.mode == Mode.CONSTANT and x.value is not None and isinstance(tu, Basic):
            ok, v, why = C.representable(x.value, tu)
            if not ok:
                if why == "truncated":
                    self.error("constant-overflow", x.expr, f"{self.describe(x)} truncated to {self.tstr(t)}")
                else:
                    self.error("constant-overflow", x.expr, f"{self.describe(x)} overflows {self.tstr(t)}")
                return False
            x.value = v
        self._set_type(x, t)
        return True

    def shift(self: "Checker", e: S.Binary, hint: Type | None) -> Operand:
        x = self.value(e.x, hint)
        y = self.value(e.y)
        if x.invalid or y.invalid:
            return invalid_operand(e)
        if y.mode == Mode.CONSTANT and y.value is not None:
            yv = y.value
            if isinstance(yv, Fraction) and yv.denominator == 1:
                yv = int(yv)
            if isinstance(yv, Fraction):
                self.error("invalid-operation", e.y, f"{self.describe(y)} truncated to uint")
                return invalid_operand(e)
            if not isinstance(yv, int) or isinstance(yv, bool):
                self.error("invalid-operation", e.y, f"invalid operation: shift count {self.describe(y)} must be integer")
                return invalid_operand(e)
            if yv < 0:
                self.error("invalid-operation", e.y, f"invalid operation: negative shift count {self.describe(y)}")
                return invalid_operand(e)
            if is_untyped(y.type):
                self.convert_untyped(y, Basic(Kind.UINT, "uint"))
        elif not is_integer(y.type):
            self.error("invalid-operation", e.y, f"invalid operation: shift count {self.describe(y)} must be integer")
            return invalid_operand(e)
        if x.mode == Mode.CONSTANT and x.value is not None and is_untyped(x.type):
            xv = x.value
            if isinstance(xv, Fraction):
                if xv.denominator != 1:
                    self.error("invalid-operation", e, f"invalid operation: shifted operand {self.describe(x)} must be integer")
                    return invalid_operand(e)
                x.value = int(xv)
                x.type = UNTYPED_INT
            elif not (isinstance(xv, int) and not isinstance(xv, bool)):
                self.error("invalid-operation", e, f"invalid operation: shifted operand {self.describe(x)} must be integer")
                return invalid_operand(e)
            if y.mode == Mode.CONSTANT and y.value is not None:
                v = C.binary(e.op, x.value, y.value, True)
                if isinstance(v, C.ConstError):
                    self.error("invalid-operation", e, v.message)
                    return invalid_operand(e)
                return Operand(Mode.CONSTANT, x.type, e, v)
            # non-constant shift of an untyped constant: the constant takes the context's type
            if hint is not None and not is_integer(hint) and not isinstance(underlying(hint), Interface):
                self.error("invalid-operation", e, f"invalid operation: shifted operand {self.text_of(e.x)} (type {self.tstr(hint)}) must be integer")
                return invalid_operand(e)
            target = hint if hint is not None and is_integer(hint) else Basic(Kind.INT, "int")
            if not self.convert_untyped(x, target):
                return invalid_operand(e)
            return Operand(Mode.VALUE, x.type, e)
        if not is_integer(x.type):
            self.error("invalid-operation", e, f"invalid operation: shifted operand {self.describe(x)} must be integer")
            return invalid_operand(e)
        if x.mode == Mode.CONSTANT and y.mode == Mode.CONSTANT and x.value is not None and y.value is not None:
            v = C.binary(e.op, x.value, y.value, True)
            if isinstance(v, C.ConstError):
                self.error("invalid-operation", e, v.message)
                return invalid_operand(e)
            basic = underlying(x.type)
            if isinstance(basic, Basic):
                ok, v2, why = C.representable(v, basic)
                if not ok:
                    self.error("constant-overflow", e, f"constant {C.format_value(v)} overflows {self.tstr(x.type)}")
                    return invalid_operand(e)
                v = v2
            return Operand(Mode.CONSTANT, x.type, e, v)
        return Operand(Mode.VALUE, x.type, e)

    def comparison(self: "Checker", e: S.Binary, x: Operand, y: Operand) -> Operand:
        op = e.op
        xn, yn = isinstance(underlying(x.type), Nullable), isinstance(underlying(y.type), Nullable)
        if xn or yn:
            return self._nullable_comparison(e, x, y)
        # nil comparisons
        if x.type == UNTYPED_NIL or y.type == UNTYPED_NIL:
            other = y if x.type == UNTYPED_NIL else x
            if other.type == UNTYPED_NIL:
                self.error("invalid-operation", e, f"invalid operation: {self.text_of(e)} (operator {op} not defined on nil)")
                return invalid_operand(e)
            if op not in ("==", "!="):
                self.error("invalid-operation", e, f"invalid operation: {self.text_of(e)} (operator {op} not defined on nil)")
                return invalid_operand(e)
            if not has_nil(other.type):
                self.error("invalid-operation", e, f"invalid operation: {self.text_of(e)} (mismatched types {self.tstr(x.type)} and {self.tstr(y.type)})")
                return invalid_operand(e)
            self._set_type(x if x.type == UNTYPED_NIL else y, other.type)
            return Operand(Mode.VALUE, UNTYPED_BOOL, e)
        # interface vs concrete
        if not (is_untyped(x.type) or is_untyped(y.type)) and not identical(x.type, y.type):
            ok = False
            for a, b in ((x, y), (y, x)):
                if is_interface(a.type) and assignable(b.type, a.type)[0] is AssignResult.OK:
                    ok = True
            if not ok:
                self.error("invalid-operation", e, f"invalid operation: {self.text_of(e)} (mismatched types {self.tstr(x.type)} and {self.tstr(y.type)})")
                return invalid_operand(e)
        elif not self.match_types(e, x, y):
            return invalid_operand(e)
        t = x.type
        if op in ("==", "!="):
            for side in (x, y):
                if not comparable(side.type) and not is_untyped(side.type):
                    u = underlying(side.type)
                    what = {Slice: "slice", Map: "map", Signature: "func"}.get(type(u))
                    if what:
                        self.error("invalid-operation", e, f"invalid operation: {self.text_of(e)} ({what} can only be compared to nil)")
                    else:
                        self.error("invalid-operation", e, f"invalid operation: {self.text_of(e)} ({self._incomparable_cause(side.type)})")
                    return invalid_operand(e)
        elif not is_ordered(t):
            self.error("invalid-operation", e, f"invalid operation: {self.text_of(e)} (operator {op} not defined on {self._kind_word(t)})")
            return invalid_operand(e)
        if x.mode == Mode.CONSTANT and y.mode == Mode.CONSTANT and x.value is not None and y.value is not None:
            v = C.binary(op, x.value, y.value, is_integer(t))
            if not isinstance(v, C.ConstError):
                return Operand(Mode.CONSTANT, UNTYPED_BOOL, e, v)
        if is_untyped(x.type):
            self.convert_untyped(x, default_type(x.type))
            self.convert_untyped(y, default_type(y.type))
        return Operand(Mode.VALUE, UNTYPED_BOOL, e)

    def _incomparable_cause(self: "Checker", t: Type) -> str:
        """types2's wording: "struct containing []int cannot be compared"."""
        u = underlying(t)
        if isinstance(u, Struct):
            for f in u.fields:
                if not comparable(f.type):
                    inner = underlying(f.type)
                    if isinstance(inner, Struct):
                        return self._incomparable_cause(f.type)
                    return f"struct containing {self.tstr(f.type)} cannot be compared"
        if isinstance(u, Array):
            return f"{self.tstr(t)} cannot be compared"
        return f"{self.tstr(t)} cannot be compared"

    def _kind_word(self: "Checker", t: Type) -> str:
        u = underlying(t)
        if isinstance(u, Basic):
            return u.name if not is_untyped(u) else u.name
        for cls, word in ((Struct, "struct"), (Pointer, "pointer"), (Slice, "slice"), (Map, "map"), (Chan, "chan"),
                          (Interface, "interface"), (Signature, "func"), (Array, "array")):
            if isinstance(u, cls):
                return word
        return self.tstr(t)

    def _nullable_comparison(self: "Checker", e: S.Binary, x: Operand, y: Operand) -> Operand:
        op = e.op
        if op not in ("==", "!="):
            self.error("nullable-misuse", e, "invalid operation: ordered comparison of nullable values")
            return invalid_operand(e)
        nx = x if isinstance(underlying(x.type), Nullable) else y
        other = y if nx is x else x
        elem = underlying(nx.type).elem
        if other.type == UNTYPED_NIL:
            self._set_type(other, nx.type)
            return Operand(Mode.VALUE, UNTYPED_BOOL, e)
        if isinstance(underlying(other.type), Nullable):
            if not identical(nx.type, other.type):
                self.error("invalid-operation", e, f"invalid operation: {self.text_of(e)} (mismatched types {self.tstr(x.type)} and {self.tstr(y.type)})")
                return invalid_operand(e)
        else:
            if is_untyped(other.type):
                if not self.convert_untyped(other, elem):
                    return invalid_operand(e)
            elif not identical(other.type, elem):
                self.error("invalid-operation", e, f"invalid operation: {self.text_of(e)} (mismatched types {self.tstr(x.type)} and {self.tstr(y.type)})")
                return invalid_operand(e)
        if not comparable(elem):
            self.error("invalid-operation", e, f"invalid operation: {self.text_of(e)} ({self.tstr(nx.type)} cannot be compared)")
            return invalid_operand(e)
        return Operand(Mode.VALUE, UNTYPED_BOOL, e)

    # ---- selectors ----------------------------------------------------------------------------
    def selector(self: "Checker", e: S.Selector) -> Operand:
        if isinstance(e.x, S.Ident):
            obj = self.scope.lookup(e.x.name)
            if isinstance(obj, PkgName):
                return self._qualified(e, obj)
        x = self.expr(e.x)
        if x.invalid:
            return invalid_operand(e)
        name = e.sel.name
        if not name:
            return invalid_operand(e)
        if x.mode == Mode.TYPEXPR:
            return self._method_expr(e, x)
        x = self.single_value(x)
        if x.invalid:
            return invalid_operand(e)
        sel = lookup(x.type, name)
        if sel == "ambiguous":
            self.error("unknown-field-or-method", e.sel, f"ambiguous selector {self.text_of(e)}")
            return invalid_operand(e)
        if sel is None:
            self._no_field(e, x)
            return invalid_operand(e)
        assert isinstance(sel, Selection)
        self.info.selections[e.id] = sel
        if sel.kind is SelKind.FIELD:
            if sel.field is not None and sel.field.obj is not None:
                self.record_use(e.sel, sel.field.obj)
            mode = Mode.VARIABLE if (x.mode == Mode.VARIABLE or sel.indirect) else Mode.VALUE
            return Operand(mode, sel.type, e)
        if sel.func is not None:
            self.record_use(e.sel, sel.func)
            self.env.resolve(sel.func)
        if sel.pointer_recv and not sel.indirect and x.mode != Mode.VARIABLE and not isinstance(underlying(x.type), Pointer):
            self.error("invalid-operation", e,
                       f"cannot call pointer method {name} on {self.tstr(x.type)}")
            return invalid_operand(e)
        t = sel.func.type if sel.func is not None and sel.func.type is not None else sel.type
        return Operand(Mode.VALUE, t, e, obj=sel.func)

    def _no_field(self: "Checker", e: S.Selector, x: Operand) -> None:
        name = e.sel.name
        base = x.type
        detail = f"type {self.tstr(base)} has no field or method {name}"
        alt = name[:1].swapcase() + name[1:]
        alt_sel = lookup(base, alt) if alt != name else None
        if isinstance(alt_sel, Selection):
            detail += f", but does have {'field' if alt_sel.kind is SelKind.FIELD else 'method'} {alt}"
        elif isinstance(underlying(base), Enum):
            detail += "; enum payload fields are reachable only through match"
        elif isinstance(underlying(base), Nullable):
            detail += "; unwrap the nullable with if let first"
        self.error("unknown-field-or-method", e.sel, f"{self.text_of(e)} undefined ({detail})")

    def _qualified(self: "Checker", e: S.Selector, pkg: PkgName) -> Operand:
        self.record_use(e.x, pkg)
        self.info.used_pkgs.add(pkg.name)
        if pkg.package is None:
            return invalid_operand(e)
        name = e.sel.name
        member = pkg.package.scope.lookup_local(name)
        if member is None:
            if name[:1].islower() or name[:1] == "_":
                hint = name[:1].upper() + name[1:]
                extra = f"; did you mean {hint}?" if pkg.package.scope.lookup_local(hint) is not None else ""
                self.error("unexported-name", e.sel, f"name {name} is not exported by package {pkg.package.name}{extra}")
            else:
                self.error("undefined-name", e.sel, f"undefined: {pkg.name}.{name}")
            return invalid_operand(e)
        if not member.exported:
            self.error("unexported-name", e.sel, f"name {name} is not exported by package {pkg.package.name}")
            return invalid_operand(e)
        self.record_use(e.sel, member)
        if isinstance(member, Var):
            return Operand(Mode.VARIABLE, member.type or INVALID, e, obj=member)
        if isinstance(member, Const):
            return Operand(Mode.CONSTANT, member.type or INVALID, e, member.value, obj=member)
        if isinstance(member, TypeName):
            return Operand(Mode.TYPEXPR, member.type or INVALID, e, obj=member)
        if isinstance(member, Func):
            return Operand(Mode.VALUE, member.type or INVALID, e, obj=member)
        if isinstance(member, VariantObj):
            return Operand(Mode.VARIANT, member.type or INVALID, e, obj=member)
        return invalid_operand(e)

    def _method_expr(self: "Checker", e: S.Selector, x: Operand) -> Operand:
        sel = lookup(x.type, e.sel.name)
        if not isinstance(sel, Selection) or sel.kind is not SelKind.METHOD:
            self.error("unknown-field-or-method", e.sel,
                       f"{self.text_of(e)} undefined (type {self.tstr(x.type)} has no method {e.sel.name})")
            return invalid_operand(e)
        if sel.func is not None:
            self.record_use(e.sel, sel.func)
            self.env.resolve(sel.func)
        sig = sel.func.type if sel.func is not None and isinstance(sel.func.type, Signature) else sel.type
        if not isinstance(sig, Signature):
            return invalid_operand(e)
        from .types import Param
        recv = Param("", x.type)
        self.info.selections[e.id] = sel
        return Operand(Mode.VALUE, Signature((recv,) + sig.params, sig.results, sig.variadic), e)

    # ---- index and slice ---------------------------------------------------------------------
    def index(self: "Checker", e: S.Index) -> Operand:
        x = self.expr(e.x)
        if x.invalid:
            for i in e.indices:
                self.expr(i)
            return invalid_operand(e)
        if isinstance(x.type, Signature) and x.type.type_params and x.mode == Mode.VALUE:
            return self.explicit_instantiation(e, x)
        if x.mode == Mode.TYPEXPR:
            self.error("unsupported-feature", e, "generic types are not supported yet: only functions may have type parameters")
            return invalid_operand(e)
        x = self.single_value(x)
        if x.invalid:
            return invalid_operand(e)
        if len(e.indices) != 1:
            self.error("invalid-operation", e, f"invalid operation: more than one index")
            return invalid_operand(e)
        u = core_type(x.type)
        if isinstance(u, Pointer) and isinstance(underlying(u.elem), Array):
            u = underlying(u.elem)
            x = Operand(Mode.VARIABLE, u, x.expr)
        idx_e = e.indices[0]
        if isinstance(u, Basic) and is_string(u):
            self.check_index(idx_e, len(x.value) if x.mode == Mode.CONSTANT and isinstance(x.value, bytes) else None)
            if x.mode == Mode.CONSTANT and isinstance(x.value, bytes):
                return Operand(Mode.VALUE, Basic(Kind.UINT8, "byte"), e)
            return Operand(Mode.VALUE, Basic(Kind.UINT8, "byte"), e)
        if isinstance(u, Array):
            self.check_index(idx_e, u.length if u.length >= 0 else None)
            return Operand(Mode.VARIABLE if x.mode == Mode.VARIABLE else Mode.VALUE, u.elem, e)
        if isinstance(u, Slice):
            self.check_index(idx_e, None)
            return Operand(Mode.VARIABLE, u.elem, e)
        if isinstance(u, Map):
            k = self.value(idx_e, u.key)
            self.assign_to(k, u.key, "map index")
            return Operand(Mode.MAPINDEX, u.elem, e)
        if isinstance(u, Nullable):
            self.value(idx_e)
            self.error("nullable-not-unwrapped", e.x, f"cannot index {self.describe(x)}; unwrap it with if let")
            return invalid_operand(e)
        self.value(idx_e)
        self.error("invalid-operation", e, f"invalid operation: cannot index {self.describe(x)}")
        return invalid_operand(e)

    def check_index(self: "Checker", idx_e: S.Expr, length: int | None, allow_len: bool = False) -> int | None:
        i = self.value(idx_e)
        if i.invalid:
            return None
        if isinstance(underlying(i.type), Nullable):
            self.error("nullable-not-unwrapped", idx_e, f"cannot use {self.describe(i)} as int value; unwrap it with if let")
            return None
        if not is_integer(i.type) and not (i.mode == Mode.CONSTANT and isinstance(i.value, Fraction) and i.value.denominator == 1):
            self.error("type-mismatch", idx_e, f"invalid argument: index {self.describe(i)} must be integer")
            return None
        if i.mode == Mode.CONSTANT and i.value is not None:
            v = int(i.value)
            if v < 0:
                self.error("invalid-operation", idx_e, f"invalid argument: index {self.describe(i)} must not be negative")
                return None
            if length is not None and (v > length if allow_len else v >= length):
                self.error("invalid-operation", idx_e, f"invalid argument: index {v} out of bounds [0:{length + (1 if allow_len else 0)}]")
                return None
            if is_untyped(i.type):
                self.convert_untyped(i, Basic(Kind.INT, "int"))
            return v
        return None

    def slice_expr(self: "Checker", e: S.SliceExpr) -> Operand:
        x = self.value(e.x)
        if x.invalid:
            for part in (e.lo, e.hi, e.max):
                if part is not None:
                    self.value(part)
            return invalid_operand(e)
        u = core_type(x.type)
        length: int | None = None
        result: Type
        if isinstance(u, Basic) and is_string(u):
            if e.three:
                self.error("invalid-operation", e, f"invalid operation: 3-index slice of string")
                return invalid_operand(e)
            if x.mode == Mode.CONSTANT and isinstance(x.value, bytes):
                length = len(x.value)
            result = x.type if not is_untyped(x.type) else STRING
        elif isinstance(u, Array):
            if x.mode != Mode.VARIABLE:
                self.error("invalid-operation", e, f"invalid operation: {self.text_of(e.x)} (slice of unaddressable value)")
                return invalid_operand(e)
            length = u.length if u.length >= 0 else None
            result = Slice(u.elem)
        elif isinstance(u, Pointer) and isinstance(underlying(u.elem), Array):
            arr = underlying(u.elem)
            length = arr.length if arr.length >= 0 else None
            result = Slice(arr.elem)
        elif isinstance(u, Slice):
            result = x.type
        else:
            self.error("invalid-operation", e, f"cannot slice {self.describe(x)}")
            return invalid_operand(e)
        vals = []
        for part in (e.lo, e.hi, e.max):
            vals.append(self.check_index(part, length, allow_len=True) if part is not None else None)
        known = [v for v in vals if v is not None]
        if known != sorted(known):
            self.error("invalid-operation", e, "invalid slice indices: " + " > ".join(str(v) for v in known))
        return Operand(Mode.VALUE, result, e)

    def type_assert(self: "Checker", e: S.TypeAssert) -> Operand:
        x = self.value(e.x)
        if e.type is None:
            self.error("invalid-operation", e, f"invalid syntax: use of .(type) outside type switch")
            return invalid_operand(e)
        t = self.type_expr(e.type)
        if x.invalid or t is INVALID:
            return invalid_operand(e)
        if not is_interface(x.type):
            self.error("invalid-operation", e.x, f"invalid operation: {self.text_of(e.x)} (variable of type {self.tstr(x.type)}) is not an interface"
                       if x.mode == Mode.VARIABLE else f"invalid operation: {self.describe(x)} is not an interface")
            return invalid_operand(e)
        if not is_interface(t):
            iface = underlying(x.type)
            assert isinstance(iface, Interface)
            miss = missing_method(t, iface)
            if miss is not None:
                self.error("missing-method", e.type,
                           f"impossible type assertion: {self.text_of(e)}: {self.tstr(t)} does not implement {self.tstr(x.type)} ({self.missing_text(miss)})")
                return invalid_operand(e)
        return Operand(Mode.COMMAOK, t, e)

    # ---- composite literals -------------------------------------------------------------------
    def composite_lit(self: "Checker", e: S.CompositeLit, hint: Type | None) -> Operand:
        if e.type is None:
            if hint is None:
                self.error("invalid-operation", e, "invalid composite literal type: missing type")
                self._check_elements_loosely(e.value)
                return invalid_operand(e)
            base = hint
            if isinstance(underlying(hint), Pointer):  # elided &T{...}
                base = underlying(hint).elem
                x = self._literal_of(e, base)
                if x.invalid:
                    return x
                return Operand(Mode.VALUE, hint, e)
            return self._literal_of(e, base)
        # an enum variant literal?
        variant_obj = self._variant_named(e.type)
        if variant_obj is not None:
            return self.variant_literal(e, variant_obj)
        if isinstance(e.type, S.ArrayType) and e.type.len is None:
            elem = self.type_expr(e.type.elem)
            n = self._array_elements(e.value, elem, None)
            t = Array(n, elem)
            self.info.types[e.type.id] = TypeAndValue(Mode.TYPEXPR, t)
            return Operand(Mode.VALUE, t, e)
        t = self.type_expr(e.type)
        if t is INVALID:
            self._check_elements_loosely(e.value)
            return invalid_operand(e)
        return self._literal_of(e, t)

    def _variant_named(self: "Checker", te: S.Expr) -> VariantObj | None:
        if isinstance(te, S.Ident):
            obj = self.scope.lookup(te.name)
            if isinstance(obj, VariantObj):
                self.record_use(te, obj)
                return obj
        if isinstance(te, S.Selector) and isinstance(te.x, S.Ident):
            pkg = self.scope.lookup(te.x.name)
            if isinstance(pkg, PkgName) and pkg.package is not None:
                member = pkg.package.scope.lookup_local(te.sel.name)
                if isinstance(member, VariantObj):
                    self.record_use(te.x, pkg)
                    self.record_use(te.sel, member)
                    self.info.used_pkgs.add(pkg.name)
                    return member
        return None

    def _literal_of(self: "Checker", e: S.CompositeLit, t: Type) -> Operand:
        u = core_type(t)
        lv = e.value
        if isinstance(u, Struct):
            self._struct_elements(e, lv, u, t)
        elif isinstance(u, Array):
            self._array_elements(lv, u.elem, u.length if u.length >= 0 else None)
        elif isinstance(u, Slice):
            self._array_elements(lv, u.elem, None, kind="slice")
        elif isinstance(u, Map):
            self._map_elements(lv, u)
        else:
            self.error("invalid-operation", e, f"invalid composite literal type {self.tstr(t)}")
            self._check_elements_loosely(lv)
            return invalid_operand(e)
        return Operand(Mode.VALUE, t, e)

    def _elem_value(self: "Checker", v: S.Expr, t: Type, context: str) -> None:
        x = self.value(v, t)
        self.assign_to(x, t, context)

    def _struct_elements(self: "Checker", e: S.CompositeLit, lv: S.LiteralValue, st: Struct, t: Type) -> None:
        elems = lv.elements
        if not elems:
            return
        keyed = [el.key is not None for el in elems]
        if any(keyed) and not all(keyed):
            self.error("invalid-operation", lv, "mixture of field:value and value elements in struct literal")
            self._check_elements_loosely(lv)
            return
        if all(keyed):
            seen: set[str] = set()
            for el in elems:
                key = el.key
                if not isinstance(key, S.Ident):
                    self.error("invalid-operation", key, f"invalid field name {self.text_of(key)} in struct literal")
                    self._check_loose_value(el.value)
                    continue
                i = st.field_index(key.name)
                if i < 0:
                    self.error("unknown-field-or-method", key,
                               f"unknown field {key.name} in struct literal of type {self.tstr(t)}")
                    self._check_loose_value(el.value)
                    continue
                f = st.fields[i]
                if f.obj is not None:
                    self.record_use(key, f.obj)
                if key.name in seen:
                    self.error("redeclared", key, f"duplicate field name {key.name} in struct literal")
                seen.add(key.name)
                self._elem_value(el.value, f.type, "struct literal")
            return
        for i, el in enumerate(elems):
            if i >= len(st.fields):
                self.error("count-mismatch", el.value, f"too many values in struct literal of type {self.tstr(t)}")
                for rest in elems[i:]:
                    self._check_loose_value(rest.value)
                return
            self._elem_value(el.value, st.fields[i].type, "struct literal")
        if len(elems) < len(st.fields):
            self.error("count-mismatch", lv.span.shifted(0) if False else S.Node(0, _end_span(lv)),
                       f"too few values in struct literal of type {self.tstr(t)}")

    def _array_elements(self: "Checker", lv: S.LiteralValue, elem: Type, length: int | None, kind: str = "array") -> int:
        index = 0
        max_index = 0
        seen: set[int] = set()
        context = "array or slice literal"
        for el in lv.elements:
            if el.key is not None:
                k = el.key
                if isinstance(k, S.CompositeLit):
                    self.error("invalid-operation", k, "invalid index in array or slice literal")
                else:
                    kx = self.value(k)
                    if not kx.invalid:
                        if kx.mode != Mode.CONSTANT or not is_integer(kx.type) and not (isinstance(kx.value, Fraction) and kx.value.denominator == 1):
                            self.error("invalid-operation", k, f"index {self.text_of(k)} must be integer constant")
                        else:
                            index = int(kx.value)
                            if is_untyped(kx.type):
                                self.convert_untyped(kx, Basic(Kind.INT, "int"))
            if length is not None and index >= length:
                self.error("invalid-operation", el.value, f"index {index} out of bounds [0:{length}]")
            elif index in seen:
                self.error("invalid-operation", el.value, f"duplicate index {index} in array or slice literal")
            seen.add(index)
            self._elem_value(el.value, elem, context)
            index += 1
            max_index = max(max_index, index)
        return max_index

    def _map_elements(self: "Checker", lv: S.LiteralValue, m: Map) -> None:
        seen: dict[object, S.Node] = {}
        for el in lv.elements:
            if el.key is None:
                self.error("invalid-operation", el.value, "missing key in map literal")
                self._check_loose_value(el.value)
                continue
            kx = self.value(el.key, m.key)
            if self.assign_to(kx, m.key, "map literal") and kx.mode == Mode.CONSTANT and kx.value is not None:
                key = (type(kx.value), kx.value)
                if key in seen:
                    self.error("invalid-operation", el.key, f"duplicate key {self.text_of(el.key)} in map literal")
                seen[key] = el.key
            self._elem_value(el.value, m.elem, "map literal")

    def _check_elements_loosely(self: "Checker", lv: S.LiteralValue) -> None:
        for el in lv.elements:
            if el.key is not None and not isinstance(el.key, S.Ident):
                self._check_loose_value(el.key)
            self._check_loose_value(el.value)

    def _check_loose_value(self: "Checker", v: S.Expr) -> None:
        if isinstance(v, S.CompositeLit) and v.type is None:
            self._check_elements_loosely(v.value)
        else:
            self.expr(v)

    def bare_slice(self: "Checker", e: S.BareSliceLit, hint: Type | None) -> Operand:
        hu = underlying(hint) if hint is not None else None
        if isinstance(hu, Nullable):
            hu = underlying(hu.elem)
        if isinstance(hu, Slice):
            for v in e.elements:
                self._elem_value(v, hu.elem, "array or slice literal")
            return Operand(Mode.VALUE, hint if not isinstance(underlying(hint), Nullable) else underlying(hint).elem, e)
        if not e.elements:
            self.error("type-inference-failed", e, "cannot infer the element type of [] (give it a type: var xs []T = [])")
            return invalid_operand(e)
        first = self.value(e.elements[0])
        if first.invalid:
            for v in e.elements[1:]:
                self.expr(v)
            return invalid_operand(e)
        elem = default_type(first.type)
        self.assign_to(first, elem, "array or slice literal")
        for v in e.elements[1:]:
            self._elem_value(v, elem, "array or slice literal")
        return Operand(Mode.VALUE, Slice(elem), e)

    # ---- function literals ---------------------------------------------------------------------
    def func_lit(self: "Checker", e: S.FuncLit) -> Operand:
        sig = self.signature(e.type)
        self.check_func_body(e.type, sig, e.body, name="func literal", literal=True, node=e)
        return Operand(Mode.VALUE, sig, e)


def _end_span(lv: S.LiteralValue):
    from .source import Span
    return Span(max(lv.span.end - 1, lv.span.start), lv.span.end)


def _call_of(e: S.Node | None) -> S.Call | None:
    e = S.unparen(e)
    return e if isinstance(e, S.Call) else None


def _op_allowed(op: str, t: Type) -> bool:
    if op == "+":
        return is_numeric(t) or is_string(t)
    if op in ("-", "*", "/"):
        return is_numeric(t)
    if op in ("%", "&", "|", "^", "&^"):
        return is_integer(t)
    if op in ("&&", "||"):
        return is_boolean(t)
    return False


__all__ = ["ExprMixin", "FuncCtx", "ScopeKind", "EMPTY_INTERFACE", "BOOL", "UNTYPED_STRING", "is_unsigned",
           "Named", "Enum"]
