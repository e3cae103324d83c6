"""Control signals: how compiled statements report break, continue, goto, fallthrough and
return to the statement that handles them.

A statement closure `f(L)` returns None to go on, or a signal: a `Sig` (kind and optional
label) or a `RetSig` (the function's result). Loops and switches consume the signals meant for
them (`loop_signal`, `switch_signal`) and pass the others up; a function body's closure ends
with None (fall off the end) or a `RetSig`. Signals without a label are shared constants.

Expressions cannot return signals: a `try`, or a `catch` block that leaves the function or a
loop, raises `SignalEscape`, which the enclosing statement turns back into its signal.
"""

from __future__ import annotations

from typing import Any

BREAK, CONTINUE, GOTO, FALL, RETURN = 1, 2, 3, 4, 5


class Sig:
    __slots__ = ("kind", "label")

    def __init__(self, kind: int, label: str | None = None):
        self.kind = kind
        self.label = label


class RetSig:
    __slots__ = ("value",)
    kind = RETURN

    def __init__(self, value: Any):
        self.value = value


BRK = Sig(BREAK)
CONT = Sig(CONTINUE)
FALLSIG = Sig(FALL)


STOP_LOOP = Sig(BREAK, "<stop>")     # loop_signal's answer: leave this loop
RET_NONE = RetSig(None)


class SignalEscape(Exception):
    """A control signal (return/break/...) raised from inside an expression (`try`, or a
    terminating `catch` block); the enclosing statement turns it back into a signal."""

    def __init__(self, sig: object):
        self.sig = sig


def loop_signal(r: Any, label: str | None) -> Any:
    """A loop body's signal: None to go on, STOP_LOOP to leave the loop, or a signal to pass up."""
    k = r.kind
    if k == BREAK:
        return STOP_LOOP if (r.label is None or r.label == label) else r
    if k == CONTINUE:
        return None if (r.label is None or r.label == label) else r
    return r


def switch_signal(r: Any, label: str | None) -> Any:
    """A switch/match body's signal: an unlabeled (or own-label) break ends the statement."""
    if r is not None and r.kind == BREAK and (r.label is None or r.label == label):
        return None
    return r
