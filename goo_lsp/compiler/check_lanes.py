"""`lanes-ownership` (spec §11.7): the four ownership rules of Goo's data-parallel package.

1. The slice given to `lanes.Partition` is moved: using it later is an error.
2. `lanes.Run` consumes its `Partitioned`: using it later is an error.
3. A `*lanes.Lane`, or a reference value derived from one, may not be passed to `go`.
4. The body literal given to `lanes.Run` may not capture a partitioned value or a moved slice.

A post-pass over one checked function body (nested literals included), using the body's
`uses` table. "Later" is source order within the function — a conservative approximation of
control flow that never misses a use after the move on a straight-line path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import syntax as S
from .objects import Func, Var
from .types import Chan, Map, Pointer, Signature, Slice, Named, underlying

if TYPE_CHECKING:  # pragma: no cover
    from .check import Checker


def _lanes_func(ck: "Checker", call: S.Call) -> str | None:
    fun = call.fun
    if isinstance(fun, S.Selector):
        obj = ck.info.uses.get(fun.sel.id)
        if isinstance(obj, Func) and obj.pkg == "lanes" and obj.recv_named is None:
            return obj.name
    return None


def _is_lane_ptr(t) -> bool:
    u = underlying(t) if t is not None else None
    return isinstance(u, Pointer) and isinstance(u.elem, Named) and u.elem.obj.pkg == "lanes" and u.elem.obj.name == "Lane"


def _is_reference(t) -> bool:
    u = underlying(t) if t is not None else None
    return isinstance(u, (Pointer, Slice, Map, Chan, Signature))


def _var_of(ck: "Checker", e: S.Expr) -> Var | None:
    e = S.unparen(e)
    if isinstance(e, S.Ident):
        obj = ck.info.uses.get(e.id)
        if isinstance(obj, Var) and not obj.is_field:
            return obj
    return None


def check_lanes(ck: "Checker", body: S.Block) -> None:
    moved: dict[int, tuple[Var, int, str]] = {}      # id(var) -> (var, offset of the move, how)
    nodes = list(S.walk(body))
    nodes.sort(key=lambda n: n.span.start)
    if not any(isinstance(n, S.Call) and _lanes_func(ck, n) for n in nodes):
        return
    run_bodies: list[S.FuncLit] = []
    for n in nodes:
        if not isinstance(n, S.Call):
            continue
        name = _lanes_func(ck, n)
        if name == "Partition" and n.args:
            v = _var_of(ck, n.args[0])
            if v is not None and id(v) not in moved:   # the first move counts
                moved[id(v)] = (v, n.span.end, "Partition")
        elif name == "Run" and n.args:
            v = _var_of(ck, n.args[0])
            if v is not None and id(v) not in moved:
                moved[id(v)] = (v, n.span.end, "Run")
            if len(n.args) >= 3 and isinstance(n.args[2], S.FuncLit):
                run_bodies.append(n.args[2])
    reported: set[int] = set()
    in_bodies = {x.id for lit in run_bodies for x in S.walk(lit.body)}   # rule 4 reports those
    for n in nodes:
        if not isinstance(n, S.Ident) or n.id in in_bodies:
            continue
        obj = ck.info.uses.get(n.id)
        if not isinstance(obj, Var) or id(obj) not in moved:
            continue
        var, at, how = moved[id(obj)]
        if n.span.start < at or n.id in reported:
            continue
        reported.add(n.id)
        if how == "Partition":
            ck.error("lanes-ownership", n, f"{var.name} was moved into lanes.Partition and cannot be used afterwards")
        else:
            ck.error("lanes-ownership", n, f"{var.name} was consumed by lanes.Run and cannot be used afterwards")
    for lit in run_bodies:
        _check_run_body(ck, lit, moved)


def _check_run_body(ck: "Checker", lit: S.FuncLit, moved: dict[int, tuple[Var, int, str]]) -> None:
    local_ids = {id(o) for n in S.walk(lit) if isinstance(n, S.Ident) for o in [ck.info.defs.get(n.id)] if o is not None}
    for n in S.walk(lit.body):
        if isinstance(n, S.Ident):
            obj = ck.info.uses.get(n.id)
            if not isinstance(obj, Var) or id(obj) in local_ids or obj.is_field:
                continue
            if id(obj) in moved or _is_partitioned(obj):
                how = moved[id(obj)][2] if id(obj) in moved else "Run"
                what = "a partitioned value" if how == "Run" or _is_partitioned(obj) else "a slice moved into lanes.Partition"
                ck.error("lanes-ownership", n, f"the lanes.Run body cannot capture {obj.name}: it is {what}")
    tainted: set[int] = set()
    for n in S.walk(lit):
        if isinstance(n, S.Ident):
            obj = ck.info.defs.get(n.id)
            if isinstance(obj, Var) and _is_lane_ptr(obj.type):
                tainted.add(id(obj))
    changed = True
    while changed:
        changed = False
        for n in S.walk(lit.body):
            if isinstance(n, S.AssignStmt) and n.op == ":=" and len(n.lhs) == len(n.rhs):
                for lhs, rhs in zip(n.lhs, n.rhs):
                    target = ck.info.defs.get(lhs.id) if isinstance(lhs, S.Ident) else None
                    if isinstance(target, Var) and id(target) not in tainted and _is_reference(target.type) and _mentions(ck, rhs, tainted):
                        tainted.add(id(target))
                        changed = True
    for n in S.walk(lit.body):
        if isinstance(n, S.GoStmt) and _mentions(ck, n.call, tainted):
            ck.error("lanes-ownership", n, "a *lanes.Lane or a value derived from it cannot be passed to go")


def _is_partitioned(v: Var) -> bool:
    t = v.type
    return isinstance(t, Named) and t.obj.pkg == "lanes" and t.obj.name == "Partitioned"


def _mentions(ck: "Checker", e: S.Node, tainted: set[int]) -> bool:
    for n in S.walk(e):
        if isinstance(n, S.Ident):
            obj = ck.info.uses.get(n.id)
            if obj is not None and id(obj) in tainted:
                return True
    return False
