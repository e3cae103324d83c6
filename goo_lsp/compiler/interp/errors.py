"""How a compile-time evaluation fails: the exceptions and the limits.

- `NotComptime`: the code needs something that cannot run at compile time (goroutines,
  channels, printing, package-level variables, std functions other than the pure ones). It is
  raised when such an operation is *executed*, so code that is never reached does no harm.
- `ComptimeError`: the evaluation failed (a panic, too many steps, too deep a recursion). It is
  the only other exception the interpreter lets out.
- Inside the interpreter: `GooPanic` (a Goo panic, raised by `panic`), `LimitExceeded` (more
  than `max_steps` steps or recursion deeper than `max_depth`), `InternalError` (code the
  interpreter cannot run) and its subclass `InvalidCode` (the checker recorded no type: it has
  already reported the code). `Interpreter.eval_const_expr` turns each into one of the two
  public exceptions, or into "no value" for invalid code.

The panic messages are Go's run-time messages (`NIL_DEREF`, `index_msg`).
"""

from __future__ import annotations

from .. import syntax as S

MAX_STEPS = 10_000_000
MAX_DEPTH = 10_000


class NotComptime(Exception):
    """The expression needs something that cannot run at compile time."""

    def __init__(self, message: str, node: S.Node | None = None):
        super().__init__(message)
        self.message = message
        self.node = node


class ComptimeError(Exception):
    """Evaluation failed: a panic, too many steps, too deep a recursion."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class GooPanic(Exception):
    """A Goo panic with its message (what `panic(v)` prints after "panic: ")."""

    def __init__(self, text: str):
        super().__init__(text)
        self.text = text


class LimitExceeded(Exception):
    """More than `max_steps` steps, or recursion deeper than `max_depth`."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InternalError(Exception):
    """Code the interpreter cannot run (a bug, or a construct it does not support)."""


class InvalidCode(InternalError):
    """The checker recorded no type for an expression: it reported the code as invalid."""


def panic(text: str) -> None:
    raise GooPanic(text)


NIL_DEREF = "invalid memory address or nil pointer dereference"


def index_msg(i: int, n: int) -> str:
    if i < 0:
        return f"index out of range [{i}]"
    return f"index out of range [{i}] with length {n}"
