"""The state of compiling one function body into closures, shared by the compiler mixins.

`Comp` (comp.py) is one class assembled from mixins: expressions, literals, calls, builtins,
operators, assignments, statements, control flow and the Goo extensions. This module holds
what they share: the frame layout, the static types of the checker's tables (with the type
arguments of the instance substituted), constants, the dispatch of an expression to its mixin,
and `Code`, the result of compiling a function body.

Invariants of the compiled closures:
- A closure `f(L)` runs with `L`, the frame: a list with one slot per local variable of the
  function. A variable whose address is taken or that a function literal captures (`esc`)
  lives in a one-element list in its slot, its "box" (aggregates never need one, since a
  pointer to them is the object itself).
- A function literal gets a child `Comp`: each variable of an enclosing function it uses gets
  a slot of its own, filled with the enclosing box when the closure is made (`captures`).
- Constant expressions compile to their value; a variable that is not known at compile time
  (package-level, another package's, a comptime parameter without a value) compiles to a
  closure raising `NotComptime`, so unreached code does no harm.
- Errors found while compiling a callee (not the comptime expression itself) name the callee
  and carry no node (`not_comptime`).
"""

from __future__ import annotations

import operator
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Callable

from .. import syntax as S
from ..check_base import Info, Mode
from ..generics import subst
from ..objects import Var
from ..types import (
    FLOAT_KINDS,
    Array,
    Chan,
    ErrorUnion,
    Kind,
    Map,
    Nullable,
    Pointer,
    Signature,
    Slice,
    Type,
    default_type,
    is_untyped,
)
from .arith import INF, f32, trunc_div, trunc_mod
from .conversions import store_conv
from .errors import InternalError, InvalidCode, NotComptime
from .text import encode_rune
from .values import basic_kind, is_agg

if TYPE_CHECKING:  # pragma: no cover
    from .comp import Comp
    from .interpreter import Interpreter


def has_open_array(t: Type, depth: int = 0) -> bool:
    """Does t contain an array whose length is a comptime parameter (a negative length)?"""
    if depth > 20:
        return False
    if isinstance(t, Array):
        return t.length < 0 or has_open_array(t.elem, depth + 1)
    if isinstance(t, (Slice, Pointer, Chan, Nullable, ErrorUnion)):
        return has_open_array(t.elem, depth + 1)
    if isinstance(t, Map):
        return has_open_array(t.key, depth + 1) or has_open_array(t.elem, depth + 1)
    return False


def is_fresh(e: S.Expr) -> bool:
    """Is e a literal, whose value is new (so storing it needs no copy)?"""
    e = S.unparen(e)
    return isinstance(e, (S.CompositeLit, S.BareSliceLit))


class Code:
    """One compiled function body (an instance: type arguments and comptime values fixed)."""

    __slots__ = ("name", "nslots", "nparams", "boxed_params", "result_inits", "fall", "body", "cap_slots")

    def __init__(self, name: str):
        self.name = name
        self.nslots = 0
        self.nparams = 0
        self.boxed_params: list[int] = []
        self.result_inits: list[tuple[int, Callable[[], Any], bool]] = []
        self.fall: Callable[[list], Any] | None = None
        self.body: Callable[[list], Any] = lambda L: None
        self.cap_slots: list[int] = []


class CompBase:
    """Compiles one function body (or the comptime expression) into closures over a frame."""

    def __init__(self, I: "Interpreter", info: Info, tmap: dict | None, parent: "Comp | None", esc: set[int],
                 decl: S.Node, fname: str | None, cvals: dict[int, Any], sig: Signature | None):
        self.I = I
        self.info = info
        self.types = info.types
        self.uses = info.uses
        self.defs = info.defs
        self.tmap = tmap or None
        self.parent = parent
        self.esc = esc
        self.decl = decl
        self.fname = fname
        self.cvals = cvals
        self.sig = sig
        self.slots: dict[int, int] = {}
        self.nslots = 0
        self.captures: list[tuple[int, int]] = []
        self.labels: dict[int, str] = {}
        self.goto_targets: set[str] = set()
        self.result_slots: list[tuple[int, bool]] | None = None
        self.fall: Callable[[list], Any] | None = None

    # ---- slots ---------------------------------------------------------------------------
    def new_slot(self) -> int:
        s = self.nslots
        self.nslots += 1
        return s

    def declare(self, var: Var) -> int:
        s = self.new_slot()
        self.slots[id(var)] = s
        return s

    def slot_of(self, var: Var) -> int | None:
        s = self.slots.get(id(var))
        if s is not None:
            return s
        if self.parent is None:
            return None
        ps = self.parent.slot_of(var)
        if ps is None:
            return None
        s = self.declare(var)
        self.captures.append((ps, s))
        return s

    def is_boxed(self, var: Var) -> bool:
        return id(var) in self.esc and not is_agg(var.type)

    # ---- errors --------------------------------------------------------------------------
    def not_comptime(self, message: str, node: S.Node | None) -> Callable:
        home = self.decl is self.I.home_decl
        nd = node if home else None
        msg = message if home or not self.fname else f"{message} (in {self.fname})"

        def fail(*_args: Any) -> Any:
            raise NotComptime(msg, nd)
        return fail

    def var_message(self, var: Var) -> str:
        env = self.I.env
        if var.pkg and var.pkg != env.pkg_name:
            return f"{var.pkg}.{var.name} cannot be used at compile time"
        if env.scope.lookup_local(var.name) is var:
            return f"package-level variable {var.name} cannot be used at compile time"
        if var.comptime:
            return f"comptime parameter {var.name} has no value here"
        return f"variable {var.name} is not known at compile time"

    # ---- types ---------------------------------------------------------------------------
    def rt(self, t: Type) -> Type:
        if self.tmap is not None and t is not None:
            return subst(t, self.tmap)
        return t

    def tv(self, e: S.Node) -> Any:
        tv = self.types.get(e.id)
        if tv is None:
            raise InvalidCode(f"no type recorded for {type(e).__name__}")
        return tv

    def tof(self, e: S.Node) -> Type:
        t = self.rt(self.tv(e).type)
        if is_untyped(t):
            t = default_type(t)
        return t

    def texpr(self, e: S.Expr) -> Type:
        """The type a type expression denotes (array lengths of comptime parameters included)."""
        tv = self.types.get(e.id)
        t = self.rt(tv.type) if tv is not None else None
        if t is None or has_open_array(t):
            return self.type_from_syntax(e)
        return t

    def type_from_syntax(self, e: S.Expr) -> Type:
        e = S.unparen(e)
        if isinstance(e, S.ArrayType) and e.len is not None:
            return Array(self.static_int(e.len), self.texpr(e.elem))
        if isinstance(e, S.SliceType):
            return Slice(self.texpr(e.elem))
        if isinstance(e, S.PointerType):
            return Pointer(self.texpr(e.elem))
        if isinstance(e, S.Unary) and e.op == "*":
            return Pointer(self.texpr(e.x))
        if isinstance(e, S.MapType):
            return Map(self.texpr(e.key), self.texpr(e.value))
        tv = self.types.get(e.id)
        if tv is not None:
            return self.rt(tv.type)
        raise InternalError("unknown type")

    def static_int(self, e: S.Expr) -> int:
        tv = self.types.get(e.id)
        if tv is not None and tv.value is not None and not isinstance(tv.value, (bool, bytes)):
            return int(tv.value)
        e = S.unparen(e)
        if isinstance(e, S.Ident):
            var = self.uses.get(e.id)
            if isinstance(var, Var) and id(var) in self.cvals:
                return int(self.cvals[id(var)])
        if isinstance(e, S.Binary):
            a, b = self.static_int(e.x), self.static_int(e.y)
            ops = {"+": operator.add, "-": operator.sub, "*": operator.mul, "<<": operator.lshift,
                   ">>": operator.rshift, "&": operator.and_, "|": operator.or_}
            if e.op in ops:
                return ops[e.op](a, b)
            if e.op in ("/", "%") and b != 0:
                return trunc_div(a, b) if e.op == "/" else trunc_mod(a, b)
        raise NotComptime("array length is not known at compile time", e if self.decl is self.I.home_decl else None)

    def const_rt(self, v: Any, t: Type) -> Any:
        k = basic_kind(t)
        if k is None:
            if isinstance(v, Fraction):
                return float(v)
            return v
        if k == Kind.BOOL:
            return bool(v)
        if k == Kind.STRING:
            if isinstance(v, bytes):
                return v
            return encode_rune(int(v))
        if k in FLOAT_KINDS:
            try:
                f = float(v)
            except OverflowError:
                f = INF if v > 0 else -INF
            return f32(f) if k == Kind.FLOAT32 else f
        if k == Kind.UNTYPED_NIL:
            return None
        return int(v)

    # ---- expressions -----------------------------------------------------------------------
    def expr(self: "Comp", e: S.Expr) -> Callable[[list], Any]:
        tv = self.types.get(e.id)
        if tv is not None and tv.mode == Mode.CONSTANT and tv.value is not None:
            v = self.const_rt(tv.value, self.rt(tv.type))
            return lambda L: v
        match e:
            case S.Ident():
                return self.x_ident(e)
            case S.BasicLit():
                return self.x_basic(e)
            case S.KeywordLit():
                return self.x_keyword(e)
            case S.BadExpr():
                return self.x_bad(e)
            case S.Paren():
                return self.x_paren(e)
            case S.Selector():
                return self.x_selector(e)
            case S.Index():
                return self.x_index(e)
            case S.SliceExpr():
                return self.x_slice(e)
            case S.TypeAssert():
                return self.x_typeassert(e)
            case S.Call():
                return self.x_call(e)
            case S.Unary():
                return self.x_unary(e)
            case S.Binary():
                return self.x_binary(e)
            case S.TryExpr():
                return self.x_try(e)
            case S.CatchExpr():
                return self.x_catch(e)
            case S.CompositeLit():
                return self.x_composite(e)
            case S.BareSliceLit():
                return self.x_bareslice(e)
            case S.FuncLit():
                return self.x_funclit(e)
            case _:
                raise InternalError(f"cannot evaluate {type(e).__name__}")

    def val_to(self, e: S.Expr, dst: Type | None) -> Callable[[list], Any]:
        f = self.expr(e)
        if dst is None:
            return f
        c = store_conv(self.tof(e), self.rt(dst), is_fresh(e))
        if c is None:
            return f
        return lambda L: c(f(L))
