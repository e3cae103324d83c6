"""The std functions the compile-time interpreter may call (spec §10.5): math, strings
(including strings.Builder), strconv, unicode/utf8, and errors.New/Is/Unwrap. Everything else
in the standard library is refused with `comptime-not-constant` ("fmt.Println cannot be called
at compile time").

Invariants:
- A native takes and returns the interpreter's values (values.py): strings are bytes, slices
  are `SliceV` (None when nil), errors are `IfaceV`, functions returning `!T` return the value
  or a `Failure`.
- A function is refused when it is *called*, not when it is referenced (`Natives.function`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from ..lookup import SelKind, Selection, lookup
from ..objects import Func
from .errors import GooPanic, NotComptime
from .std_math import math_natives
from .std_strconv import strconv_natives
from .std_strings import builder_natives, strings_natives, utf8_natives
from .values import ErrStr, eq_iface, new_error

if TYPE_CHECKING:  # pragma: no cover
    from .interpreter import Interpreter


class Natives:
    """The table of native std functions, keyed by `pkg.Name` or `pkg.Type.Method`."""

    def __init__(self, I: "Interpreter"):
        self.I = I
        self.table: dict[str, Callable] = self._build()

    # ---- lookup -------------------------------------------------------------------------
    @staticmethod
    def key(fn: Func) -> str:
        if fn.recv_named is not None:
            return f"{fn.pkg}.{fn.recv_named.obj.name}.{fn.name}"
        return f"{fn.pkg}.{fn.name}"

    def lookup(self, fn: Func) -> Callable | None:
        return self.table.get(self.key(fn))

    def native_only(self, fn: Func) -> bool:
        """Std functions run natively here (or are refused), even when the std package has a Goo
        body: the comptime contract is this table, not the run-time implementation."""
        if not fn.has_body or fn.decl is None or fn.decl.body is None:
            return True
        from ..stdlib_index import STD_DIR
        return fn.loc.file.startswith(str(STD_DIR))

    def forbidden_message(self, fn: Func) -> str:
        return f"{self.key(fn)} cannot be called at compile time"

    def function(self, fn: Func) -> Callable:
        f = self.lookup(fn)
        if f is not None:
            return f
        msg = self.forbidden_message(fn)

        def refuse(*_args: Any) -> Any:
            raise NotComptime(msg, None)
        return refuse

    # ---- the table -------------------------------------------------------------------------
    def _build(self) -> dict[str, Callable]:
        I = self.I
        t: dict[str, Callable] = {}
        for prefix, functions in (("math", math_natives()), ("strings", strings_natives(I)),
                                  ("strings.Builder", builder_natives(I)), ("strconv", strconv_natives()),
                                  ("utf8", utf8_natives()), ("errors", errors_natives(I))):
            for name, f in functions.items():
                t[f"{prefix}.{name}"] = f
        return t


def errors_natives(I: "Interpreter") -> dict[str, Callable]:
    """The functions of package errors, by name."""
    def unwrap(err: Any) -> Any:
        if err is None or isinstance(err.v, ErrStr):
            return None
        sel = lookup(err.t, "Unwrap")
        if isinstance(sel, Selection) and sel.kind is SelKind.METHOD and not sel.type.params and \
                len(sel.type.results) == 1:
            return I.call_dyn(err, "Unwrap", ())
        return None

    def is_(err: Any, target: Any) -> bool:
        seen = 0
        while err is not None and seen < 1000:
            try:
                if eq_iface(err, target):
                    return True
            except GooPanic:
                pass
            err = unwrap(err)
            seen += 1
        return err is None and target is None

    return {"New": lambda text: new_error(text), "Is": is_, "Unwrap": unwrap}
