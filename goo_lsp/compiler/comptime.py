"""Compile-time evaluation of `comptime const` initialisers (spec §10.5)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from . import syntax as S
    from .check import Checker
    from .check_base import Operand
    from .check_decl import PackageEnv
    from .constants import Value


def evaluate_comptime(env: "PackageEnv", ck: "Checker", expr: "S.Expr", x: "Operand", name: str) -> "Value | None":
    from .interp import Interpreter, ComptimeError, NotComptime
    try:
        return Interpreter(env).eval_const_expr(ck, expr)
    except NotComptime as exc:
        ck.error("comptime-not-constant", exc.node if exc.node is not None else expr, exc.message)
    except ComptimeError as exc:
        ck.error("comptime-eval-failed", expr, f"compile-time evaluation of {name} {exc.message}")
    return None
