"""The interpreter: the entry point of an evaluation, the step and depth limits, and functions
(compiling and caching each instance, calling it, dynamic dispatch on interface values).

Invariants:
- One `Interpreter` per evaluation of a package's comptime initialisers; it caches the
  type-checked bodies of callees (`func_info`), their escape sets and compiled callables.
- A callee's body is type-checked on demand with a fresh checker, so its tables are complete;
  a body with errors is not run (its own check reports them).
- A generic function is compiled once per list of type arguments, a function with comptime
  parameters once per list of their values (`_comptime_dispatcher`).
- Every call and loop iteration counts one step; more than `max_steps` steps or calls nested
  deeper than `max_depth` raise `LimitExceeded`. The evaluation runs on a short-lived thread
  with a large stack and a high recursion limit, so deep recursion ends with the depth error,
  never with a crash.
- `eval_const_expr` lets out only `NotComptime` and `ComptimeError`; it returns None for code
  the checker already reported as invalid.
"""

from __future__ import annotations

import sys
import threading
from fractions import Fraction
from typing import Any, Callable

from .. import syntax as S
from ..check_base import Info
from ..diagnostics import Severity
from ..generics import subst
from ..lookup import SelKind, Selection, lookup, missing_method
from ..objects import Func, Var
from ..types import FLOAT_KINDS, ErrorUnion, Interface, Kind, Named, Pointer, Signature, Type, type_string, underlying
from .arith import INF, format_float
from .comp import Comp
from .comp_base import Code
from .conversions import path_walker, receiver_adapter
from .errors import (
    MAX_DEPTH,
    MAX_STEPS,
    NIL_DEREF,
    ComptimeError,
    GooPanic,
    InternalError,
    InvalidCode,
    LimitExceeded,
    NotComptime,
    panic,
)
from .signals import SignalEscape
from .std import Natives
from .text import format_value, go_quote
from .values import ERRSTR_T, ErrStr, Failure, IfaceV, basic_kind


_RECURSION_LOCK = threading.Lock()
_RECURSION_USERS = 0
_SAVED_LIMIT = 0


class Interpreter:
    """Evaluates comptime initialisers of one package env (one instance per evaluation)."""

    def __init__(self, env: Any, *, max_steps: int = MAX_STEPS, max_depth: int = MAX_DEPTH):
        self.env = env
        self.max_steps = max_steps
        self.max_depth = max_depth
        self.steps = 0
        self.depth = 0
        self.home_decl: S.Node | None = None
        self._infos: dict[int, tuple[Info, S.Node]] = {}
        self._callables: dict[tuple, Callable] = {}
        self._dyn: dict[tuple, Callable] = {}
        self._esc: dict[int, set[int]] = {}
        self.std = Natives(self)

    # ---- entry point ---------------------------------------------------------------------
    def eval_const_expr(self, ck: Any, expr: S.Expr) -> Any:
        """Evaluate `expr` (type-checked by `ck`) and return its exact constant value."""
        box: dict[str, Any] = {}

        def work() -> None:
            try:
                box["value"] = self._evaluate(ck, expr)
            except BaseException as exc:  # noqa: BLE001 - handed to the calling thread
                box["error"] = exc

        old = threading.stack_size()
        started = False
        _enter_deep()
        try:
            for size in (512 << 20, 256 << 20, 64 << 20):
                try:
                    threading.stack_size(size)
                    thread = threading.Thread(target=work, name="goo-comptime", daemon=True)
                    thread.start()
                except (ValueError, RuntimeError, MemoryError):
                    continue
                finally:
                    threading.stack_size(old)
                started = True
                thread.join()
                break
        finally:
            _leave_deep()
        if not started:
            work()   # no thread available: the default recursion limit ends deep recursion
        if "error" in box:
            raise box["error"]
        return box.get("value")

    def _evaluate(self, ck: Any, expr: S.Expr) -> Any:
        self.home_decl = ck.unit.decl
        try:
            comp = Comp(self, ck.info, None, None, self.escapes(expr, ck.info), ck.unit.decl, None, {}, None)
            f = comp.expr(expr)
            L = [None] * comp.nslots
            v = f(L)
            t = comp.tof(expr)
        except GooPanic as p:
            raise ComptimeError(f"panicked: {p.text}") from None
        except LimitExceeded as lim:
            raise ComptimeError(lim.message) from None
        except RecursionError:
            raise ComptimeError(f"exceeded recursion depth {self.max_depth}") from None
        except MemoryError:
            raise ComptimeError("ran out of memory") from None
        except (NotComptime, ComptimeError):
            raise
        except InvalidCode:
            return None     # the checker has reported the invalid code
        except InternalError as exc:
            raise ComptimeError(f"failed: {exc}") from None
        except SignalEscape:
            raise ComptimeError("failed: control flow left the expression") from None
        except Exception as exc:  # an interpreter bug must not take the checker down
            raise ComptimeError(f"failed: internal error ({type(exc).__name__}: {exc})") from None
        return self.to_constant(v, t)

    def to_constant(self, v: Any, t: Type) -> Any:
        if isinstance(t, ErrorUnion):
            # the checker already reported the unhandled error union
            if isinstance(v, Failure):
                return None
            t = t.elem
        if isinstance(v, Failure):
            msg = self.error_text(v.err)
            raise ComptimeError(f"failed with error: {msg}")
        if isinstance(v, IfaceV):
            t, v = v.t, v.v
        k = basic_kind(t)
        if k is None:
            raise ComptimeError(f"failed: the result of type {type_string(t)} is not a constant")
        if k in (Kind.BOOL,):
            return bool(v)
        if k == Kind.STRING:
            return bytes(v)
        if k in FLOAT_KINDS:
            if v != v or v in (INF, -INF):
                raise ComptimeError(f"failed: the result {format_float(v)} is not a finite number")
            return Fraction(v)
        return int(v)

    # ---- limits ---------------------------------------------------------------------------
    def charge(self, n: int) -> None:
        s = self.steps + n
        self.steps = s
        if s > self.max_steps:
            raise LimitExceeded(f"exceeded {self.max_steps} steps")

    # ---- functions ---------------------------------------------------------------------------
    def func_info(self, fn: Func) -> tuple[Info, S.Node]:
        got = self._infos.get(id(fn))
        if got is not None:
            return got
        env = self.env
        env.resolve(fn)
        decl = fn.decl
        di = env.decls.get(id(fn))
        if decl is None or decl.body is None or di is None or not isinstance(fn.type, Signature):
            raise NotComptime(f"{fn.name} has no body and cannot be called at compile time")
        info = Info()
        unit = env.units[di.chunk]
        ck = env.make_checker(env, unit, info, env.file_scope)
        recv_type = None
        if fn.recv_named is not None:
            recv_type = Pointer(fn.recv_named) if fn.pointer_recv else fn.recv_named
        tparams = tuple(name for tp in decl.type.type_params for name in tp.names)
        ck.check_func_body(decl.type, fn.type, decl.body, name=decl.name.name, node=decl, recv=decl.recv,
                           recv_type=recv_type, tparam_names=tparams)
        if any(d.severity is Severity.ERROR for d in info.diagnostics):
            # the function's own check reports these errors
            raise InvalidCode(f"{self.func_name(fn)} has errors")
        got = (info, unit.decl)
        self._infos[id(fn)] = got
        return got

    @staticmethod
    def func_name(fn: Func) -> str:
        if fn.recv_named is not None:
            return f"{fn.recv_named.obj.name}.{fn.name}"
        return fn.name

    def escapes(self, root: S.Node, info: Info) -> set[int]:
        """Variables whose address is taken or that a function literal captures."""
        esc: set[int] = set()
        uses, defs = info.uses, info.defs

        def var_of(ident: S.Node) -> Var | None:
            o = uses.get(ident.id) or defs.get(ident.id)
            return o if isinstance(o, Var) else None

        for n in S.walk(root):
            if isinstance(n, S.Unary) and n.op == "&":
                x = S.unparen(n.x)
                if isinstance(x, S.Ident):
                    v = var_of(x)
                    if v is not None:
                        esc.add(id(v))
            elif isinstance(n, S.Selector):
                sel = info.selections.get(n.id)
                if isinstance(sel, Selection) and sel.kind is SelKind.METHOD and sel.pointer_recv:
                    x = S.unparen(n.x)
                    if isinstance(x, S.Ident):
                        v = var_of(x)
                        if v is not None:
                            esc.add(id(v))
            elif isinstance(n, S.FuncLit):
                inside: set[int] = set()
                for m in S.walk(n):
                    if isinstance(m, S.Ident):
                        d = defs.get(m.id)
                        if isinstance(d, Var):
                            inside.add(id(d))
                    imp = info.implicits.get(m.id)
                    if isinstance(imp, Var):
                        inside.add(id(imp))
                for m in S.walk(n):
                    if isinstance(m, S.Ident):
                        u = uses.get(m.id)
                        if isinstance(u, Var) and id(u) not in inside:
                            esc.add(id(u))
        return esc

    def callable(self, fn: Func, tmap: dict | None = None) -> Callable:
        """The Python callable running `fn` (an instance for generic functions)."""
        self.env.resolve(fn)
        tkey = tuple(tmap[tp] for tp in fn.type.type_params) if tmap and isinstance(fn.type, Signature) else ()
        key = (id(fn), tkey)
        f = self._callables.get(key)
        if f is not None:
            return f
        if self.std.native_only(fn):
            f = self.std.function(fn)
        else:
            sig = fn.type
            assert isinstance(sig, Signature)
            cidx = [i for i, p in enumerate(sig.params) if p.comptime]
            if cidx:
                f = self._comptime_dispatcher(fn, tmap, cidx)
            else:
                f = self.make_callable(self.compile_func(fn, tmap, {}))
        self._callables[key] = f
        return f

    def _comptime_dispatcher(self, fn: Func, tmap: dict | None, cidx: list[int]) -> Callable:
        instances: dict[tuple, Callable] = {}
        off = 1 if fn.recv_named is not None else 0

        def dispatch(*args: Any) -> Any:
            key = tuple(args[i + off] for i in cidx)
            f = instances.get(key)
            if f is None:
                f = self.make_callable(self.compile_func(fn, tmap, dict(zip(cidx, key))))
                instances[key] = f
            return f(*args)
        return dispatch

    def compile_func(self, fn: Func, tmap: dict | None, cvals_by_index: dict[int, Any]) -> Code:
        info, unit_decl = self.func_info(fn)
        decl = fn.decl
        assert decl is not None and decl.body is not None
        esc = self._esc.get(id(fn))
        if esc is None:
            esc = self._esc[id(fn)] = self.escapes(decl, info)
        sig = fn.type
        assert isinstance(sig, Signature)
        if tmap:
            sig = subst(sig, tmap)
            assert isinstance(sig, Signature)
            sig = Signature(sig.params, sig.results, sig.variadic, ())
        cvals: dict[int, Any] = {}
        if cvals_by_index:
            idents = [p for f in decl.type.params for p in (f.names or (None,))]
            for i, v in cvals_by_index.items():
                if i < len(idents) and idents[i] is not None:
                    var = info.defs.get(idents[i].id)
                    if var is not None:
                        cvals[id(var)] = v
        comp = Comp(self, info, tmap, None, esc, unit_decl, self.func_name(fn), cvals, sig)
        return comp.function(decl.type, decl.body, sig, decl.recv, self.func_name(fn))

    def make_callable(self, code: Code, captured: list | None = None) -> Callable:
        I = self
        maxd = self.max_depth
        maxs = self.max_steps
        body = code.body
        pad = [None] * (code.nslots - code.nparams)
        fall = code.fall
        boxed = code.boxed_params
        rinits = code.result_inits
        caps = list(zip(code.cap_slots, captured)) if captured else None
        if not boxed and not rinits and not caps:
            def fv(*args: Any) -> Any:
                d = I.depth + 1
                if d > maxd:
                    raise LimitExceeded(f"exceeded recursion depth {maxd}")
                I.depth = d
                s = I.steps + 1
                I.steps = s
                if s > maxs:
                    raise LimitExceeded(f"exceeded {maxs} steps")
                L = [*args, *pad]
                r = body(L)
                I.depth = d - 1
                if r is None:
                    return fall(L) if fall is not None else None
                return r.value
            return fv

        def fv_general(*args: Any) -> Any:
            d = I.depth + 1
            if d > maxd:
                raise LimitExceeded(f"exceeded recursion depth {maxd}")
            I.depth = d
            s = I.steps + 1
            I.steps = s
            if s > maxs:
                raise LimitExceeded(f"exceeded {maxs} steps")
            L = [*args, *pad]
            for i in boxed:
                L[i] = [L[i]]
            for i, z, bx in rinits:
                L[i] = [z()] if bx else z()
            if caps:
                for i, c in caps:
                    L[i] = c
            r = body(L)
            I.depth = d - 1
            if r is None:
                return fall(L) if fall is not None else None
            return r.value
        return fv_general

    # ---- interfaces ---------------------------------------------------------------------------
    def error_text(self, err: Any) -> str:
        if err is None:
            return "<nil>"
        try:
            r = self.call_dyn(err, "Error", ())
        except (GooPanic, NotComptime):
            return "?"
        return r.decode("utf-8", "replace") if isinstance(r, bytes) else str(r)

    def panic_text(self, v: Any) -> str:
        if isinstance(v, IfaceV):
            if isinstance(v.v, ErrStr):
                return v.v.msg.decode("utf-8", "replace")
            m = lookup(v.t, "Error")
            if isinstance(m, Selection) and m.kind is SelKind.METHOD:
                return self.error_text(v)
            m = lookup(v.t, "String")
            if isinstance(m, Selection) and m.kind is SelKind.METHOD and isinstance(m.type, Signature) and not m.type.params:
                r = self.call_dyn(v, "String", ())
                if isinstance(r, bytes):
                    return r.decode("utf-8", "replace")
            k = basic_kind(v.t)
            if k is not None:
                if isinstance(v.t, Named):
                    return f"{type_string(v.t)}({format_value(v.v, v.t)})" if k != Kind.STRING else \
                        f'{type_string(v.t)}({go_quote(v.v).decode()})'
                return format_value(v.v, v.t)
            return f"({type_string(v.t)}) {format_value(v.v, v.t)}"
        return format_value(v, None)

    def call_dyn(self, iv: Any, name: str, args: tuple) -> Any:
        if iv is None:
            panic(NIL_DEREF)
        t = iv.t
        key = (t, name)
        try:
            f = self._dyn[key]
        except KeyError:
            f = self._dyn[key] = self._dyn_method(t, name)
        except TypeError:
            f = self._dyn_method(t, name)
        return f(iv.v, *args)

    def _dyn_method(self, t: Type, name: str) -> Callable:
        if t == ERRSTR_T:
            if name == "Error":
                return lambda v: v.msg
            raise InternalError(f"no method {name} on error values")
        sel = lookup(t, name)
        if not isinstance(sel, Selection) or sel.kind is not SelKind.METHOD:
            raise InternalError(f"no method {name} on {type_string(t)}")
        walk, final_t = path_walker(t, sel.path)
        if sel.func is None or isinstance(underlying(final_t), Interface):
            I = self

            def via_embedded(v: Any, *args: Any) -> Any:
                return I.call_dyn(walk(v), name, args)
            return via_embedded
        fn = sel.func
        adapt = receiver_adapter(final_t, fn.pointer_recv)
        target = self.callable(fn)

        def call(v: Any, *args: Any) -> Any:
            return target(adapt(walk(v)), *args)
        return call

    def implements(self, t: Type, iface: Type) -> bool:
        u = underlying(iface)
        if not isinstance(u, Interface):
            return False
        if t == ERRSTR_T:
            names = {m.name for m in u.all_methods()}
            return names <= {"Error"}
        return missing_method(t, u) is None


def _enter_deep() -> None:
    global _RECURSION_USERS, _SAVED_LIMIT
    with _RECURSION_LOCK:
        if _RECURSION_USERS == 0:
            _SAVED_LIMIT = sys.getrecursionlimit()
            sys.setrecursionlimit(max(_SAVED_LIMIT, 1_000_000))
        _RECURSION_USERS += 1


def _leave_deep() -> None:
    global _RECURSION_USERS
    with _RECURSION_LOCK:
        _RECURSION_USERS -= 1
        if _RECURSION_USERS == 0:
            sys.setrecursionlimit(_SAVED_LIMIT)
