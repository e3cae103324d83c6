"""Formatter mixin: the horizontal space between two tokens on one line, ported from go/printer.

- Binary operators are spaced by expression depth and precedence (`depths`: go/printer's
  binaryExpr, cutoff and diffPrec): `a*b + c`, `x[i+1]`, `f(a + b)`, `f(a+b, c)`.
- Every other pair of tokens gets "" or " " from its kinds and roles (`tok_gap0`): unary versus
  binary `* & - + ^ <-`, `chan<- T`, composite-literal versus block braces, `key: value`,
  slice colons (`s[i+1 : j]`), method receivers, parenthesised results.

Invariant: two tokens that would scan as one (or as a comment) when written together always
get a blank (`_merges`), so spacing never changes the tokens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import syntax as S
from ..tokens import OPERATORS
from .base import HEADER_KEYWORDS, LIT_ROLES, POSTFIX_BRACKETS, TOO_WIDE, TYPE_ROLES

if TYPE_CHECKING:  # pragma: no cover
    from .formatter import Formatter

_PREC = {
    "||": 1, "&&": 2,
    "==": 3, "!=": 3, "<": 3, "<=": 3, ">": 3, ">=": 3,
    "+": 4, "-": 4, "|": 4, "^": 4,
    "*": 5, "/": 5, "%": 5, "<<": 5, ">>": 5, "&": 5, "&^": 5,
}


_PREFIX = frozenset({"PLUS", "MINUS", "STAR", "AMP", "NOT", "CARET", "TILDE", "QUESTION", "ARROW"})


_OPERAND_END = frozenset({"NAME", "INT", "FLOAT", "IMAG", "RUNE", "STRING", "TRUE", "FALSE", "NIL",
                          "RPAREN", "RBRACK", "RBRACE"})


_ASSIGNISH = frozenset({"ASSIGN", "DEFINE", "ASSIGN_OP", "FATARROW"})


class SpacingMixin:
    def depths(self: "Formatter", decl: S.Node, base: int, binaries: list[S.Binary]) -> None:
        """Binary-operator spacing, ported from go/printer (binaryExpr, cutoff, diffPrec)."""
        prec = _PREC
        wb: dict[int, tuple[bool, bool, int]] = {}
        for e in reversed(binaries):
            p = prec.get(e.op, 0)
            h4, h5, mp = p == 4, p == 5, 0
            left = e.x
            if type(left) is S.Binary and prec.get(left.op, 0) >= p:
                a, b, c = wb[id(left)]
                h4, h5, mp = h4 or a, h5 or b, max(mp, c)
            right = e.y
            if type(right) is S.Binary:
                if prec.get(right.op, 0) > p:
                    a, b, c = wb[id(right)]
                    h4, h5, mp = h4 or a, h5 or b, max(mp, c)
            elif type(right) is S.Unary:
                if right.op == "*":
                    if e.op == "/":
                        mp = 5
                else:
                    pair = e.op + right.op
                    if pair in ("&&", "&^"):
                        mp = 5
                    elif pair in ("++", "--"):
                        mp = max(mp, 4)
            wb[id(e)] = (h4, h5, mp)

        def cutoff(e: S.Binary, depth: int) -> int:
            h4, h5, mp = wb[id(e)]
            if mp > 0:
                return mp + 1
            if h4 and h5:
                return 5 if depth == 1 else 4
            return 6 if depth == 1 else 4

        at, first_from = self.at, self.first_from
        stack: list[tuple[S.Node, int]] = [(decl, 1)]
        push = stack.append
        while stack:
            n, depth = stack.pop()
            t = type(n)
            if t is S.Binary:
                p = prec.get(n.op, 0)
                ok = at(base + n.op_span.start)
                if ok is not None:
                    self.binop[ok] = p < cutoff(n, depth)
                push((n.y, depth + 1))
                x = n.x
                push((x, depth if (type(x) is S.Binary and prec.get(x.op, 0) == p) else depth + 1))
            elif t is S.Unary:
                push((n.x, 1 if n.op == "*" else depth))
            elif t is S.TryExpr:
                push((n.x, depth))
            elif t is S.Paren:
                push((n.x, depth if type(n.x) is S.Paren else max(1, depth - 1)))
            elif t is S.Selector:
                push((n.x, depth))
            elif t is S.TypeAssert:
                push((n.x, depth))
                if n.type is not None:
                    push((n.type, 1))
            elif t is S.Index:
                push((n.x, 1))
                for i in n.indices:
                    push((i, depth + 1))
            elif t is S.SliceExpr:
                idx = [n.lo, n.hi] + ([n.max] if n.three else [])
                present = [e for e in idx if e is not None]
                spaced = depth <= 1 and len(present) > 1 and any(type(e) is S.Binary for e in present)
                lb = first_from(base + n.x.span.end, "LBRACK")
                if lb is not None:
                    self.slice_spaced[lb] = spaced
                push((n.x, 1))
                for e in present:
                    push((e, depth + 1))
            elif t is S.Call:
                d = depth + 1 if len(n.args) > 1 else depth
                push((n.fun, d))
                for a in n.args:
                    push((a, d))
            elif t is S.CompositeLit:
                if n.type is not None:
                    push((n.type, depth))
                push((n.value, 1))
            elif t is S.CatchExpr:
                push((n.x, depth))
                for c in (n.block, n.fallback):
                    if c is not None:
                        push((c, 1))
            elif t is S.AssignStmt:
                d = 2 if len(n.lhs) > 1 and len(n.rhs) > 1 else 1
                for e in n.lhs + n.rhs:
                    push((e, d))
            elif t is S.IncDecStmt:
                push((n.x, 2))
            else:
                for c in S.children(n):
                    push((c, 1))

    def type_closer(self: "Formatter", k: int) -> bool:
        return self.kinds[k] == "RBRACK" and self.role.get(self.match[k]) in ("type", "mapkey")

    def inner_pad(self: "Formatter", lb: int) -> str:
        r = self.role.get(lb)
        if r in LIT_ROLES or r is None or self.empty_pair(lb):
            return ""
        return " "

    def empty_pair(self: "Formatter", lb: int) -> bool:
        """Nothing but dropped tokens between `{` and its `}` (and no comments)."""
        rb = self.match[lb]
        if self.tok_it[rb] - self.tok_it[lb] != rb - lb:
            return False
        return all(self.drop[j] for j in range(lb + 1, rb))

    def tok_gap(self: "Formatter", k: int, a: int = -1) -> str:
        """Horizontal space between token a (default k-1, or the last kept token before k when
        tokens in between were dropped) and token k on the same line."""
        if a < 0:
            a = k - 1
        gap = self.tok_gap0(a, k)
        if not gap and _merges(self.toks[a].text, self.toks[k].text):
            return " "
        return gap

    def tok_gap0(self: "Formatter", a: int, k: int) -> str:
        kinds, binop = self.kinds, self.binop
        ka, kb = kinds[a], kinds[k]
        if k in binop:
            return " " if binop[k] else ""
        if a in binop:
            return " " if binop[a] else ""
        if kb == "COMMA":
            return ""
        if kb == "SEMI":
            return " " if ka == "SEMI" or ka in HEADER_KEYWORDS else ""
        if kb == "RPAREN" or kb == "RBRACK":
            return ""
        if ka == "COMMA" or ka == "SEMI":
            return " " if kb != "RBRACE" or self.inner_pad(self.match[k]) else ""
        if kb == "DOT" or ka == "DOT":
            return ""
        if ka == "LPAREN" or ka == "LBRACK":
            return ""
        if ka == "LBRACE":
            return self.inner_pad(a)
        if kb == "RBRACE":
            return self.inner_pad(self.match[k])
        if kb == "COLON":
            spaced = self.slice_colon(k)
            if spaced is not None:
                return " " if spaced and ka not in ("LBRACK", "COLON") else ""
            return ""
        if ka == "COLON":
            spaced = self.slice_colon(a)
            if spaced is not None:
                return " " if spaced and kb not in ("RBRACK", "COLON") else ""
            return " "
        if kb in _ASSIGNISH or ka in _ASSIGNISH:
            return " "
        if kb == "INC" or kb == "DEC":
            return ""
        if kb == "ELLIPSIS":
            nxt = kinds[k + 1] if k + 1 < len(kinds) else ""
            return "" if nxt in ("RPAREN", "COMMA") else " "
        if ka == "ELLIPSIS":
            return ""
        if kb == "ARROW":
            if k in self.chansend:
                return ""
            if k in self.send:
                return " "
        if ka == "ARROW":
            if a in self.send or a in self.chansend:
                return " "
            return ""
        if ka in _PREFIX:
            return ""
        if kb in _PREFIX:
            if ka == "RBRACK" and self.type_closer(a):
                return ""
            return " "
        if kb == "LPAREN":
            if ka == "FUNC":
                return " " if a in self.method_func else ""
            r = self.role.get(k)
            if ka == "RPAREN" and r == "params":
                return " "
            if r == "paren":
                return "" if ka == "RBRACK" and self.type_closer(a) else " "
            if ka in _OPERAND_END:
                return ""
            return " "
        if kb == "LBRACK":
            r = self.role.get(k)
            if r in POSTFIX_BRACKETS:
                return ""
            if ka == "MAP":
                return ""
            if ka == "RBRACK" and self.type_closer(a):
                return ""
            return " "
        if kb == "LBRACE":
            r = self.role.get(k)
            if r in LIT_ROLES:
                return ""
            if r in TYPE_ROLES:
                if self.empty_pair(k) or k in self.oneline:
                    return ""
                if not self.decided and self.src_same_line(k, self.match[k]):
                    return ""
                return " "
            return " "
        if ka == "RBRACK" and self.type_closer(a):
            return ""
        return " "

    def slice_colon(self: "Formatter", k: int) -> bool | None:
        """For a COLON directly inside a slice expression's brackets: whether it is spaced
        (`s[i+1 : j]`); None for any other colon."""
        if self.colon.get(k) is not None:
            return None
        top = self.ctx[k]
        if top >= 0 and self.role.get(top) == "slice":
            return self.slice_spaced.get(top, False)
        return None

    def width(self: "Formatter", k0: int, k1: int) -> int:
        """Width of tokens k0..k1 printed on one line (comments excluded)."""
        if k1 < k0:
            return 0
        toks, tgap = self.toks, self.tgap
        w = 0
        for k in range(k0, k1 + 1):
            s = toks[k].text
            if "\n" in s:
                return TOO_WIDE
            w += len(s)
            if k > k0:
                w += len(tgap[k])
        return w


_OPERATOR_TEXTS = sorted(OPERATORS, key=len, reverse=True)


def _merges(a: str, b: str) -> bool:
    """Would `a` directly followed by `b` scan differently (`- -x` -> `--x`, `/ *p` -> `/*`)?"""
    if not a or not b or a[-1].isalnum() or a[-1] == "_" or b[0].isalnum() or b[0] in "_\"'`":
        return False
    s = a + b
    if s.startswith("//") or s.startswith("/*") or "//" in s[len(a) - 1:len(a) + 1] or "/*" in s[len(a) - 1:len(a) + 1]:
        return True
    if a[-1] == "." and (b[0].isdigit() or b[0] == "."):
        return True
    for op in _OPERATOR_TEXTS:
        if s.startswith(op):
            return len(op) > len(a)
    return False
