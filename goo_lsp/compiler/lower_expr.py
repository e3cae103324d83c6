"""Lowering of expressions: values (`expr`), addresses (`addr`), multi-value expressions,
composite literals, selectors, indexing, slicing, operators and type assertions.

Invariants:
- `expr` returns a value of the expression's concrete type (constants folded by the checker
  come back as `Const`); `addr` returns a pointer to an addressable operand's storage.
- Reads of addressable arrays and structs go through their address (no copy of the whole
  aggregate to read one element or field).
- Operands are evaluated left to right (spec §7.1).
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from . import ir
from . import syntax as S
from .check_base import Mode
from .lookup import SelKind
from .objects import Builtin as BuiltinObj
from .objects import Const as ConstObj
from .objects import Func, Nil, Var, VariantObj
from .types import (
    BOOL,
    INT,
    UNTYPED_NIL,
    Array,
    Basic,
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
    identical,
    is_interface,
    is_string,
    underlying,
)

if TYPE_CHECKING:  # pragma: no cover
    from .lower_func import FuncLowerer

STRING = Basic(Kind.STRING, "string")
BYTE = Basic(Kind.UINT8, "uint8")


class ExprMixin:
    # ---- values -------------------------------------------------------------------------------
    def expr(self: "FuncLowerer", e: S.Expr) -> ir.Value:
        tv = self.tv(e)
        if tv is not None and tv.mode == Mode.CONSTANT and tv.value is not None:
            return self.constant(self.t(tv.type), tv.value)
        match e:
            case S.Paren():
                return self.expr(e.x)
            case S.Ident():
                return self.ident(e)
            case S.KeywordLit():
                if e.word == "nil":
                    return self.const(self.t(tv.type) if tv is not None else UNTYPED_NIL, None)
                return self.const(BOOL, e.word == "true")
            case S.BasicLit():
                return self.constant(self.t(tv.type), e.value)
            case S.Binary():
                return self.binary(e)
            case S.Unary():
                return self.unary(e)
            case S.Selector():
                return self.selector(e)
            case S.Index():
                return self.index(e)
            case S.SliceExpr():
                return self.slice_expr(e)
            case S.TypeAssert():
                return self.type_assert(e, comma_ok=False)
            case S.Call():
                return self.call(e)
            case S.CompositeLit():
                return self.composite(e)
            case S.BareSliceLit():
                return self.bare_slice(e)
            case S.FuncLit():
                return self.lower_closure(e)
            case S.TryExpr():
                return self.try_expr(e)
            case S.CatchExpr():
                return self.catch_expr(e)
        raise self.fail(f"cannot compile expression {type(e).__name__}", e)

    def constant(self: "FuncLowerer", typ: Type, value: object) -> ir.Const:
        u = underlying(typ)
        if isinstance(u, Basic):
            if u.kind in (Kind.FLOAT32, Kind.FLOAT64):
                value = float(value) if not isinstance(value, float) else value
            elif u.kind == Kind.STRING and isinstance(value, str):
                value = value.encode()
            elif u.kind not in (Kind.BOOL, Kind.STRING) and isinstance(value, Fraction):
                value = int(value)
        return self.const(typ, value)

    def value_of(self: "FuncLowerer", e: S.Expr, typ: Type) -> ir.Value:
        """e's value, converted to `typ` where Go converts implicitly."""
        return self.coerce(self.expr(e), typ, self.span(e))

    def is_addressable(self: "FuncLowerer", e: S.Expr) -> bool:
        e = S.unparen(e)
        tv = self.tv(e)
        if tv is None or tv.mode != Mode.VARIABLE:
            return False
        if isinstance(e, S.Ident):
            obj = self.obj(e)
            return isinstance(obj, Var) and not (obj.comptime and obj.name in self.consts)
        return True

    def ident(self: "FuncLowerer", e: S.Ident) -> ir.Value:
        obj = self.obj(e)
        span = self.span(e)
        match obj:
            case Var():
                if obj.comptime and obj.name in self.consts:
                    return self.constant(self.t(obj.type), self.consts[obj.name])
                cell = self.cell_of(obj, e)
                return self.emit(ir.Load(self.t(obj.type), span, cell))
            case Func():
                return self.func_value(obj, e)
            case ConstObj():
                tv = self.tv(e)
                return self.constant(self.t(tv.type if tv is not None else obj.type), obj.value)
            case Nil():
                tv = self.tv(e)
                return self.const(self.t(tv.type) if tv is not None else UNTYPED_NIL, None)
            case VariantObj():
                tv = self.tv(e)
                return self.emit(ir.MakeVariant(self.t(tv.type), span, obj.variant.index, []))
        raise self.fail(f"cannot compile identifier {e.name}", e)

    def func_value(self: "FuncLowerer", obj: Func, e: S.Expr) -> ir.Value:
        targs = tuple(self.t(t) for t in self.info.targs.get(e.id, ()))
        fn = self.b.function(obj, targs)
        return ir.FuncRef(fn.sig, fn)

    # ---- addresses ----------------------------------------------------------------------------
    def addr(self: "FuncLowerer", e: S.Expr) -> ir.Value:
        """A pointer to addressable e (a variable, a field of one, an element of an array
        variable or of a slice, or *p)."""
        e = S.unparen(e)
        span = self.span(e)
        match e:
            case S.Ident():
                obj = self.obj(e)
                if isinstance(obj, Var):
                    return self.cell_of(obj, e)
            case S.Selector():
                sel = self.info.selections.get(e.id)
                if sel is None:  # a qualified package variable
                    obj = self.info.uses.get(e.sel.id)
                    if isinstance(obj, Var):
                        return self.cell_of(obj, e)
                elif sel.kind is SelKind.FIELD:
                    where, value, _ = self.field_walk(e.x, sel.path, want_addr=True)
                    assert where == "ptr"
                    return value
            case S.Index():
                base_t = self.t(self.tv(e.x).type)
                bu = underlying(base_t)
                if isinstance(bu, Array):
                    base = self.addr(e.x) if self.is_addressable(e.x) else self.temp(self.expr(e.x), span)
                    index = self.index_value(e.indices[0])
                    return self.emit(ir.IndexAddr(Pointer(self.t(bu.elem)), span, base, index))
                if isinstance(bu, Pointer) and isinstance(underlying(bu.elem), Array):
                    base = self.expr(e.x)
                    index = self.index_value(e.indices[0])
                    return self.emit(ir.IndexAddr(Pointer(self.t(underlying(bu.elem).elem)), span, base, index))
                if isinstance(bu, Slice):
                    base = self.expr(e.x)
                    index = self.index_value(e.indices[0])
                    return self.emit(ir.IndexAddr(Pointer(self.t(bu.elem)), span, base, index))
            case S.Unary() if e.op == "*":
                return self.nil_checked(self.expr(e.x), span)
            case S.CompositeLit():
                return self.temp(self.expr(e), span)
        raise self.fail("cannot take the address of this expression", e)

    def nil_checked(self: "FuncLowerer", ptr: ir.Value, span) -> ir.Value:
        return self.emit(ir.Builtin(ptr.type, span, "nilcheck", [ptr]))

    def temp(self: "FuncLowerer", value: ir.Value, span, heap: bool = False) -> ir.Value:
        """A fresh cell holding `value` (for operands that need an address)."""
        cell = self.new_cell(value.type, span, "tmp", kind="temp", heap=heap)
        self.emit(ir.Store(None, span, cell, value))
        return cell

    def index_value(self: "FuncLowerer", e: S.Expr) -> ir.Value:
        v = self.expr(e)
        if isinstance(v, ir.Const) and not isinstance(underlying(v.type), Basic):
            return self.const(INT, v.value)
        if isinstance(v, ir.Const) and underlying(v.type).kind.name.startswith("UNTYPED"):
            return self.const(INT, v.value)
        return v

    # ---- selectors ----------------------------------------------------------------------------
    def field_walk(self: "FuncLowerer", x: S.Expr, path: tuple[int, ...], want_addr: bool):
        """Walk the (embedded) field path from x. Returns ("ptr", pointer) or ("val", value) and
        the type reached. Pointers met on the way are followed (nil-checked)."""
        span = self.span(x)
        xt = self.t(self.tv(x).type)
        if isinstance(underlying(xt), Pointer):
            where, cur, t = "ptr", self.expr(x), self.t(underlying(xt).elem)
        elif self.is_addressable(x):
            where, cur, t = "ptr", self.addr(x), xt
        elif want_addr:
            where, cur, t = "ptr", self.temp(self.expr(x), span), xt
        else:
            where, cur, t = "val", self.expr(x), xt
        for k, idx in enumerate(path):
            st = underlying(t)
            assert isinstance(st, Struct), t
            ft = self.t(st.fields[idx].type)
            if where == "ptr":
                cur = self.emit(ir.FieldAddr(Pointer(ft), span, cur, idx))
            else:
                cur = self.emit(ir.Field(ft, span, cur, idx))
            t = ft
            if k < len(path) - 1 and isinstance(underlying(t), Pointer):
                cur = self.emit(ir.Load(t, span, cur)) if where == "ptr" else cur
                where, t = "ptr", self.t(underlying(t).elem)
        return where, cur, t

    def selector(self: "FuncLowerer", e: S.Selector) -> ir.Value:
        span = self.span(e)
        sel = self.info.selections.get(e.id)
        if sel is None:
            obj = self.info.uses.get(e.sel.id)
            match obj:
                case Var():
                    return self.emit(ir.Load(self.t(obj.type), span, self.cell_of(obj, e)))
                case Func():
                    return self.func_value(obj, e)
                case ConstObj():
                    tv = self.tv(e)
                    return self.constant(self.t(tv.type), obj.value)
                case VariantObj():
                    tv = self.tv(e)
                    return self.emit(ir.MakeVariant(self.t(tv.type), span, obj.variant.index, []))
            raise self.fail(f"cannot compile selector {e.sel.name}", e)
        if sel.kind is SelKind.FIELD:
            if self.is_addressable(e):
                return self.emit(ir.Load(self.t(self.tv(e).type), span, self.addr(e)))
            where, cur, t = self.field_walk(e.x, sel.path, want_addr=False)
            return cur if where == "val" else self.emit(ir.Load(t, span, cur))
        # a method value (x.M not called) or a method expression (T.M)
        tv_x = self.tv(e.x)
        if tv_x is not None and tv_x.mode == Mode.TYPEXPR:
            return self.method_expr(e, sel)
        return self.method_value(e, sel)

    # ---- index, slice -------------------------------------------------------------------------
    def index(self: "FuncLowerer", e: S.Index) -> ir.Value:
        span = self.span(e)
        xtv = self.tv(e.x)
        if xtv is not None and isinstance(xtv.type, Signature) and xtv.type.type_params:
            obj = self.func_obj(e.x)
            if obj is None:
                raise self.fail("cannot instantiate this function value", e)
            targs = tuple(self.t(t) for t in self.info.targs.get(e.id, ()))
            fn = self.b.function(obj, targs)
            return ir.FuncRef(fn.sig, fn)
        bt = self.t(xtv.type)
        bu = underlying(bt)
        rtype = self.t(self.tv(e).type)
        if isinstance(bu, Map):
            m = self.expr(e.x)
            key = self.value_of(e.indices[0], self.t(bu.key))
            return self.emit(ir.MapLookup(rtype, span, m, key, False))
        if isinstance(bu, Basic) and is_string(bu):
            s = self.expr(e.x)
            return self.emit(ir.StringIndex(BYTE, span, s, self.index_value(e.indices[0])))
        if isinstance(bu, Array) and not self.is_addressable(e.x):
            base = self.temp(self.expr(e.x), span)
            ptr = self.emit(ir.IndexAddr(Pointer(rtype), span, base, self.index_value(e.indices[0])))
            return self.emit(ir.Load(rtype, span, ptr))
        return self.emit(ir.Load(rtype, span, self.addr(e)))

    def func_obj(self: "FuncLowerer", e: S.Expr) -> Func | None:
        e = S.unparen(e)
        if isinstance(e, S.Ident):
            obj = self.obj(e)
        elif isinstance(e, S.Selector):
            obj = self.info.uses.get(e.sel.id)
        else:
            return None
        return obj if isinstance(obj, Func) else None

    def slice_expr(self: "FuncLowerer", e: S.SliceExpr) -> ir.Value:
        span = self.span(e)
        xt = self.t(self.tv(e.x).type)
        xu = underlying(xt)
        if isinstance(xu, Array):
            base = self.addr(e.x) if self.is_addressable(e.x) else self.temp(self.expr(e.x), span, heap=True)
        else:
            base = self.expr(e.x)
        lo = self.index_value(e.lo) if e.lo is not None else None
        hi = self.index_value(e.hi) if e.hi is not None else None
        mx = self.index_value(e.max) if e.max is not None else None
        return self.emit(ir.SliceOp(self.t(self.tv(e).type), span, base, lo, hi, mx))

    # ---- operators ----------------------------------------------------------------------------
    def binary(self: "FuncLowerer", e: S.Binary) -> ir.Value:
        span = self.span(e)
        op = e.op
        if op in ("&&", "||"):
            return self.short_circuit(e)
        rtype = self.t(self.tv(e).type)
        xt = self.t(self.tv(e.x).type)
        yt = self.t(self.tv(e.y).type)
        if op in ("<<", ">>"):
            x = self.coerce(self.expr(e.x), rtype, span)
            y = self.expr(e.y)
            if isinstance(y, ir.Const) and not isinstance(underlying(y.type), Basic) or (
                    isinstance(y, ir.Const) and underlying(y.type).kind.name.startswith("UNTYPED")):
                y = self.const(Basic(Kind.UINT, "uint"), y.value)
            return self.emit(ir.BinOp(rtype, span, op, x, y))
        if op in ("==", "!=", "<", "<=", ">", ">="):
            x = self.expr(e.x)
            y = self.expr(e.y)
            x, y = self.comparable_pair(x, y, xt, yt, span)
            return self.emit(ir.BinOp(BOOL, span, op, x, y))
        x = self.coerce(self.expr(e.x), rtype, span)
        y = self.coerce(self.expr(e.y), rtype, span)
        if op == "&^":
            y = self.emit(ir.UnOp(rtype, span, "^", y))
            op = "&"
        return self.emit(ir.BinOp(rtype, span, op, x, y))

    def comparable_pair(self: "FuncLowerer", x: ir.Value, y: ir.Value, xt: Type, yt: Type, span):
        """Bring two compared operands to one type (Go's comparison conversions, nullables)."""
        if x.type == UNTYPED_NIL or (isinstance(x, ir.Const) and x.value is None and y.type != UNTYPED_NIL):
            return self.coerce(x, y.type, span), y
        if y.type == UNTYPED_NIL or (isinstance(y, ir.Const) and y.value is None):
            return x, self.coerce(y, x.type, span)
        if identical(x.type, y.type):
            return x, y
        xu, yu = underlying(x.type), underlying(y.type)
        if isinstance(xu, Nullable) and not isinstance(yu, Nullable):
            return x, self.coerce(y, x.type, span)
        if isinstance(yu, Nullable) and not isinstance(xu, Nullable):
            return self.coerce(x, y.type, span), y
        if isinstance(xu, Interface) and not isinstance(yu, Interface):
            return x, self.coerce(y, x.type, span)
        if isinstance(yu, Interface) and not isinstance(xu, Interface):
            return self.coerce(x, y.type, span), y
        if isinstance(x, ir.Const):
            return self.coerce(x, y.type, span), y
        if isinstance(y, ir.Const):
            return x, self.coerce(y, x.type, span)
        if isinstance(xu, Interface) and isinstance(yu, Interface):
            return x, self.coerce(y, x.type, span)
        return x, self.coerce(y, x.type, span)

    def short_circuit(self: "FuncLowerer", e: S.Binary) -> ir.Value:
        span = self.span(e)
        cell = self.new_cell(BOOL, span, "cond", kind="temp")
        x = self.coerce(self.expr(e.x), BOOL, span)
        self.emit(ir.Store(None, span, cell, x))
        rhs = self.new_block("sc.rhs")
        done = self.new_block("sc.done")
        if e.op == "&&":
            self.emit(ir.If(None, span, x, rhs, done))
        else:
            self.emit(ir.If(None, span, x, done, rhs))
        self.set_block(rhs)
        y = self.coerce(self.expr(e.y), BOOL, span)
        self.emit(ir.Store(None, span, cell, y))
        self.jump(done, span)
        self.set_block(done)
        return self.emit(ir.Load(BOOL, span, cell))

    def unary(self: "FuncLowerer", e: S.Unary) -> ir.Value:
        span = self.span(e)
        match e.op:
            case "&":
                inner = S.unparen(e.x)
                if isinstance(inner, S.CompositeLit):
                    return self.composite_addr(inner)
                return self.addr(e.x)
            case "*":
                ptr = self.expr(e.x)
                t = self.t(self.tv(e).type)
                return self.emit(ir.Load(t, span, self.nil_checked(ptr, span)))
            case "<-":
                return self.recv(e, comma_ok=False)
            case "+":
                return self.expr(e.x)
            case "-" | "!" | "^" | "~":
                t = self.t(self.tv(e).type)
                x = self.coerce(self.expr(e.x), t, span)
                return self.emit(ir.UnOp(t, span, "^" if e.op == "~" else e.op, x))
        raise self.fail(f"cannot compile unary {e.op}", e)

    def recv(self: "FuncLowerer", e: S.Unary, comma_ok: bool) -> ir.Value:
        raise self.fail("channel operations are not supported by the back end yet", e)

    # ---- type assertions ----------------------------------------------------------------------
    def type_assert(self: "FuncLowerer", e: S.TypeAssert, comma_ok: bool) -> ir.Value:
        span = self.span(e)
        x = self.expr(e.x)
        tv = self.tv(e.type) if e.type is not None else None
        asserted = self.t(tv.type) if tv is not None else None
        if asserted is None:
            raise self.fail("type assertion without a type", e)
        rtype = self.tuple_type([asserted, BOOL]) if comma_ok else asserted
        if not is_interface(asserted):
            self.b.note_boxed(asserted)
        return self.emit(ir.TypeAssert(rtype, span, x, asserted, comma_ok))

    # ---- composite literals -------------------------------------------------------------------
    def composite(self: "FuncLowerer", e: S.CompositeLit) -> ir.Value:
        t = self.t(self.tv(e).type)
        if isinstance(underlying(t), Pointer):  # an elided &T{...} inside another literal
            return self.composite_addr(e, t)
        return self.composite_value(e, t)

    def composite_value(self: "FuncLowerer", e: S.CompositeLit, t: Type) -> ir.Value:
        span = self.span(e)
        u = underlying(t)
        if isinstance(u, Enum):
            return self.variant_literal(e, t)
        if isinstance(u, Struct):
            return self.emit(ir.MakeStruct(t, span, self.struct_fields(e.value, u)))
        if isinstance(u, Array):
            cell = self.new_cell(t, span, "lit", kind="temp")
            self.emit(ir.Store(None, span, cell, self.zero(t)))
            self.fill_array(cell, u.elem, e.value, span)
            return self.emit(ir.Load(t, span, cell))
        if isinstance(u, Slice):
            return self.slice_literal(t, [(el.key, el.value) for el in e.value.elements], span)
        if isinstance(u, Map):
            m = self.emit(ir.MakeMap(t, span, self.const(INT, len(e.value.elements)), ir.new_site()))
            kt, vt = self.t(u.key), self.t(u.elem)
            for el in e.value.elements:
                k = self.element(el.key, kt)
                v = self.element(el.value, vt)
                self.emit(ir.MapUpdate(None, self.span(el), m, k, v))
            return m
        raise self.fail(f"cannot compile a composite literal of type {t}", e)

    def element(self: "FuncLowerer", node, typ: Type) -> ir.Value:
        return self.value_of(node, typ)

    def struct_fields(self: "FuncLowerer", lv: S.LiteralValue, st: Struct) -> list[ir.Value]:
        values: list[ir.Value] = [self.zero(self.t(f.type)) for f in st.fields]
        for i, el in enumerate(lv.elements):
            if el.key is not None and isinstance(el.key, S.Ident):
                k = st.field_index(el.key.name)
            else:
                k = i
            values[k] = self.element(el.value, self.t(st.fields[k].type))
        return values

    def element_indices(self: "FuncLowerer", elements) -> list[int]:
        out = []
        index = 0
        for key, _ in elements:
            if key is not None:
                tv = self.tv(key)
                index = int(tv.value) if tv is not None and tv.value is not None else index
            out.append(index)
            index += 1
        return out

    def fill_array(self: "FuncLowerer", ptr: ir.Value, elem: Type, lv: S.LiteralValue, span) -> None:
        elem = self.t(elem)
        pairs = [(el.key, el.value) for el in lv.elements]
        for index, (_, value) in zip(self.element_indices(pairs), pairs):
            v = self.element(value, elem)
            slot = self.emit(ir.IndexAddr(Pointer(elem), span, ptr, self.const(INT, index)))
            self.emit(ir.Store(None, span, slot, v))

    def slice_literal(self: "FuncLowerer", t: Type, pairs: list, span) -> ir.Value:
        u = underlying(t)
        assert isinstance(u, Slice)
        elem = self.t(u.elem)
        indices = self.element_indices(pairs)
        n = max(indices) + 1 if indices else 0
        arr_t = Array(n, elem)
        cell = self.emit(ir.Alloc(Pointer(arr_t), span, arr_t, True, ir.new_site(), "composite", "slice literal", False))
        for index, (_, value) in zip(indices, pairs):
            v = self.element(value, elem)
            slot = self.emit(ir.IndexAddr(Pointer(elem), span, cell, self.const(INT, index)))
            self.emit(ir.Store(None, span, slot, v))
        return self.emit(ir.SliceOp(t, span, cell, None, None, None))

    def bare_slice(self: "FuncLowerer", e: S.BareSliceLit) -> ir.Value:
        t = self.t(self.tv(e).type)
        return self.slice_literal(t, [(None, v) for v in e.elements], self.span(e))

    def composite_addr(self: "FuncLowerer", e: S.CompositeLit, ptr_type: Type | None = None) -> ir.Value:
        """&T{...}: a fresh allocation initialised with the literal."""
        span = self.span(e)
        t = self.t(self.tv(e).type) if ptr_type is None else self.t(underlying(ptr_type).elem)
        u = underlying(t)
        cell = self.emit(ir.Alloc(Pointer(t), span, t, True, ir.new_site(), "composite", "composite literal", False))
        if isinstance(u, Array):
            self.emit(ir.Store(None, span, cell, self.zero(t)))
            self.fill_array(cell, u.elem, e.value, span)
        else:
            self.emit(ir.Store(None, span, cell, self.composite_value(e, t)))
        return cell

    # ---- multi-value expressions ----------------------------------------------------------------
    def multi_value(self: "FuncLowerer", e: S.Expr, n: int) -> list[ir.Value]:
        """The n values of a multi-valued expression: a call, `v, ok := m[k]`, `x.(T)`, `<-ch`."""
        inner = S.unparen(e)
        span = self.span(e)
        if isinstance(inner, S.Index):
            bt = underlying(self.t(self.tv(inner.x).type))
            if isinstance(bt, Map):
                m = self.expr(inner.x)
                key = self.value_of(inner.indices[0], self.t(bt.key))
                vt = self.t(bt.elem)
                pair = self.emit(ir.MapLookup(self.tuple_type([vt, BOOL]), span, m, key, True))
                return self.unpack(pair, span)
        if isinstance(inner, S.TypeAssert):
            return self.unpack(self.type_assert(inner, comma_ok=True), span)
        if isinstance(inner, S.Unary) and inner.op == "<-":
            return self.unpack(self.recv(inner, comma_ok=True), span)
        value = self.expr(e)
        return self.unpack(value, span)

    def unpack(self: "FuncLowerer", value: ir.Value, span) -> list[ir.Value]:
        t = value.type
        types = _tuple_types(t)
        return [self.emit(ir.Field(ft, span, value, i)) for i, ft in enumerate(types)]

    def tuple_type(self: "FuncLowerer", types: list[Type]) -> Type:
        return Tuple(tuple(types))


def _tuple_types(t: Type) -> tuple[Type, ...]:
    from .objects import ERROR_TYPE
    if isinstance(t, Tuple):
        return t.types
    if isinstance(t, ErrorUnion):
        return (t.elem, ERROR_TYPE)
    raise AssertionError(f"not a tuple: {t}")


__all__ = ["ExprMixin", "STRING", "BYTE", "Named", "Nullable"]
