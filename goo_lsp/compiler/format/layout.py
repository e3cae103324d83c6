"""Formatter mixin: the output lines — their order, indentation and alignment cells.

- `final_sequence` fixes the items in output order with their newline counts (dropped tokens
  give their line breaks to the next item) and the output line of every item.
- Indentation follows a stack of open brackets (`Frame`): statement bodies one level in,
  `case`/`default` at the level of their switch, labels one level out, continuation lines one
  level in (one more per enclosing binary expression broken after its operator, as
  go/printer does); a comment is indented like the token after it, and one before `case` stays
  in the previous clause unless it is aligned with the `case`.
- A `Line` is a list of cells separated by alignment tabs: trailing comments, struct field
  names/types/tags, `=` in const/var groups, values of keyed elements in multi-line literals
  (`list_sections` ports go/printer's exprList section rule).

Invariant: `layout` places every kept item exactly once, in order; a token whose text spans
several lines (a raw string, a block comment) makes verbatim lines that are never realigned.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ..tokens import ALWAYS_SEMI_AFTER, NO_SEMI_BEFORE, VALUE_ENDERS
from .base import BLOCK_ROLES, BODY_ROLES, CLOSE, OPEN, TOO_WIDE, TYPE_ROLES

if TYPE_CHECKING:  # pragma: no cover
    from .formatter import Formatter


class Frame:
    __slots__ = ("kind", "role", "base", "opener", "indented", "elem")

    def __init__(self, kind: str, role: str | None, base: int, opener: int | None):
        self.kind = kind            # file block type group lit paren
        self.role = role
        self.base = base            # indentation of the opener's line (closer goes here)
        self.opener = opener        # token index of the opening bracket
        self.indented = kind not in ("lit", "paren")
        self.elem = base + 1 if self.indented else base   # indentation of the current element


def frame_kind(role: str | None) -> str:
    if role in BLOCK_ROLES:
        return "block"
    if role in TYPE_ROLES or role in ("concept", "variant"):
        return "type"
    if role == "group":
        return "group"
    if role in ("lit", "pattern"):
        return "lit"
    return "paren"


class Line:
    __slots__ = ("indent", "cells", "first_tok", "breaks", "closer", "noalign", "sect", "verbatim", "keep_ws")

    def __init__(self, indent: int = 0):
        self.indent = indent
        self.cells = [""]
        self.first_tok = -1
        self.breaks = 0
        self.closer = False
        self.noalign = False
        self.sect = False
        self.verbatim = False       # interior line of a multi-line raw string or block comment
        self.keep_ws = False        # the line ends inside a raw string: keep trailing blanks


class LayoutMixin:
    # ------------------------------------------------------------------------------ sequence
    def final_sequence(self: "Formatter") -> None:
        """Items in output order with their final newline counts; output line numbers."""
        it_tok, kinds, o = self.it_tok, self.kinds, self.o
        seq: list[tuple[int, int]] = []
        carry = 0
        for i in range(len(it_tok)):
            k = it_tok[i]
            if k >= 0 and self.drop[k]:
                carry = max(carry, o[i])
                continue
            n = max(o[i], carry)
            carry = 0
            if not seq:
                n = 0
            elif n == 2:
                pk = it_tok[seq[-1][0]]
                if (pk >= 0 and kinds[pk] in OPEN) or (k >= 0 and kinds[k] in CLOSE):
                    n = 1
            elif n == 0 and it_tok[seq[-1][0]] < 0 and self.it_text[seq[-1][0]].startswith("//"):
                n = 1
            seq.append((i, n))
        self.seq = seq
        # output line of every token (start and end)
        oline = [0] * len(it_tok)
        oend = [0] * len(it_tok)
        self.o_final = o_final = [0] * len(it_tok)
        line = 0
        for i, n in seq:
            o_final[i] = n
            line += n
            oline[i] = line
            line += self.it_text[i].count("\n")
            oend[i] = line
        self.oline, self.oend = oline, oend

    def binary_depths(self: "Formatter") -> None:
        """bdepth[k]: how many binary expressions containing token k broke their line after
        the operator (go/printer indents once per such expression)."""
        diff = [0] * (len(self.toks) + 1)
        for ok, ek in self.binranges:
            if ok + 1 <= ek and self.tok_line(ok + 1) > self.tok_line(ok):
                diff[ok + 1] += 1
                diff[ek + 1] -= 1
        depth = 0
        out = [0] * len(self.toks)
        for k in range(len(self.toks)):
            depth += diff[k]
            out[k] = depth
        self.bdepth = out

    def cont_indent(self: "Formatter", k: int, f: Frame) -> int:
        d = self.bdepth[k] - (self.bdepth[f.opener] if f.opener is not None else 0)
        return f.elem + max(1, d)

    def tok_line(self: "Formatter", k: int) -> int:
        return self.oline[self.tok_it[k]]

    def list_sections(self: "Formatter") -> None:
        """Alignment sections of multi-line lists, ported from go/printer exprList (keyed
        elements align on their values; a big change in key size starts a new section)."""
        for kind, lb, elems in self.lists:
            rb = self.match[lb]
            if not elems or self.tok_line(lb) == self.tok_line(rb):
                continue
            elems = [e for e in elems if e[0] is not None and e[1] is not None]
            if not elems:
                continue
            prev_line = self.tok_line(lb)
            size = 0
            lnsum = 0.0
            count = 0
            prev_break = -1
            if prev_line < self.tok_line(elems[0][0]):
                self.sect.add(elems[0][0])
                prev_break = 0
            for i, (fk, fe, key_last) in enumerate(elems):
                line = self.tok_line(fk)
                use_ff = True
                prev_size = size
                single = self.tok_line(fk) == self.oend[self.tok_it[fe]]
                if single:
                    size = self.width(fk, key_last) if key_last >= 0 else self.width(fk, fe)
                    if size >= TOO_WIDE:
                        size = 0
                else:
                    size = 0
                if prev_size > 0 and size > 0:
                    if count == 0 or (prev_size <= 40 and size <= 40):
                        use_ff = False
                    else:
                        ratio = size / math.exp(lnsum / count)
                        use_ff = 2.5 * ratio <= 1 or 2.5 <= ratio
                needs_break = prev_line < line
                if i > 0 and needs_break:
                    ff = use_ff or prev_break + 1 < i
                    if ff:
                        self.sect.add(fk)
                    prev_break = i
                    if ff or self.o_final[self.tok_it[fk]] > 1:
                        lnsum = 0.0
                        count = 0
                if kind == "lit" and len(elems) > 1 and key_last >= 0 and size > 0 and needs_break:
                    self.cells[key_last + 2] = 1
                if size > 0:
                    lnsum += math.log(size)
                    count += 1
                prev_line = line
        for lp, firsts in self.param_lists:
            for fk in firsts:
                if fk is not None and self.tok_line(fk) > self.tok_line(fk - 1):
                    self.sect.add(fk)
        for k, e in self.topfuncs:
            if self.tok_line(k) != self.tok_line(e):
                self.sect.add(k)

    # ------------------------------------------------------------------------------ layout
    def classify(self: "Formatter", k: int, f: Frame, last_k: int, broke: bool) -> str:
        kinds = self.kinds
        kind = kinds[k]
        if kind in CLOSE and f.opener == self.match[k]:
            return "closer"
        if f.kind == "block":
            if (kind == "CASE" or kind == "DEFAULT") and f.role == "switch":
                return "case"
            if k in self.labels:
                return "label"
            if kind == "ELSE" and broke:
                return "else"          # Goo's `}` newline `else` kept (a comment sits between)
        if last_k < 0 or last_k == f.opener:
            return "new"
        p = "COMMA" if self.comma_after[last_k] else kinds[last_k]
        if p == "SEMI":
            return "new"
        if p == "COLON" and self.colon.get(last_k) in ("clause", "label"):
            return "new"
        if p == "COMMA" and f.kind in ("paren", "lit", "type"):
            return "new"
        if broke and (p in ALWAYS_SEMI_AFTER or (p in VALUE_ENDERS and kind not in NO_SEMI_BEFORE)):
            return "new"
        return "cont"

    def layout(self: "Formatter") -> list[Line]:
        seq, it_tok, it_text = self.seq, self.it_tok, self.it_text
        toks, kinds, role = self.toks, self.kinds, self.role
        frames = [Frame("file", None, -1, None)]
        frames[0].elem = 0
        lines: list[Line] = []
        cur: Line | None = None
        last_k = -1
        last_line = -1
        nseq = len(seq)
        for pos in range(nseq):
            i, n = seq[pos]
            k = it_tok[i]
            text = it_text[i]
            starting = cur is None or n > 0
            if starting:
                for _ in range(n - 1):
                    lines.append(Line())
                cur = Line()
                lines.append(cur)
            f = frames[-1]
            if k < 0:
                # comment
                if starting:
                    cur.indent = self.comment_indent(pos, f, last_k)
                else:
                    trailing = text.startswith("//") or pos + 1 == nseq or seq[pos + 1][1] > 0
                    if trailing and not cur.noalign:
                        want = self.ctarget.get(cur.first_tok, 1) if cur.first_tok >= 0 else 1
                        self.add_breaks(cur, max(1, want - cur.breaks))
                    else:
                        pk = it_tok[seq[pos - 1][0]]
                        cur.cells[-1] += "" if pk >= 0 and kinds[pk] in ("LPAREN", "LBRACK") else " "
                cur = self.put_text(lines, cur, text, raw=False)
                continue
            broke = last_line != len(lines) - 1
            first_on_line = cur.first_tok < 0
            cls = self.classify(k, f, last_k, broke)
            if cls == "new":
                if f.kind in ("lit", "paren"):
                    if first_on_line:
                        f.indented = True
                    f.elem = f.base + (1 if f.indented else 0)
                else:
                    f.elem = f.base + 1
            elif cls == "case" or cls == "label":
                f.elem = f.base
            elif cls == "else":
                cls = "new"
            if first_on_line:
                cur.first_tok = k
                if starting:
                    if cls == "closer" or cls == "case" or cls == "label":
                        cur.indent = max(f.base, 0)
                    elif cls == "new":
                        cur.indent = max(f.elem, 0)
                    else:
                        cur.indent = max(self.cont_indent(k, f), 0)
                cur.closer = cls == "closer"
                if k in self.sect or cls == "case":
                    cur.sect = True
            if not starting:
                pi = seq[pos - 1][0]
                if it_tok[pi] < 0:
                    cur.cells[-1] += "" if kinds[k] in ("RPAREN", "RBRACK", "COMMA", "SEMI", "COLON") else " "
                else:
                    c = self.cells.get(k)
                    if c and not cur.noalign:
                        self.add_breaks(cur, c)
                    elif it_tok[pi] == k - 1:
                        cur.cells[-1] += self.tgap[k]
                    else:
                        cur.cells[-1] += self.tok_gap(k, it_tok[pi])
            tok_text = toks[k].text
            if self.comma_after[k]:
                tok_text += ","
            cur = self.put_text(lines, cur, tok_text, raw=kinds[k] == "STRING" and tok_text.startswith("`"))
            last_k = k
            last_line = len(lines) - 1
            kind = kinds[k]
            if kind in OPEN:
                r = role.get(k)
                fk = frame_kind(r)
                if r in BODY_ROLES:
                    base = f.elem
                elif self.ctx[cur.first_tok] != (f.opener if f.opener is not None else -1):
                    # the line began inside a bracket that has closed since (`b int) int {`):
                    # indent relative to the element, like go/printer's indentation stack
                    base = f.elem + self.bdepth[k] - (self.bdepth[f.opener] if f.opener is not None else 0)
                else:
                    base = cur.indent
                frames.append(Frame(fk, r, base, k))
            elif kind in CLOSE:
                while len(frames) > 1:
                    top = frames.pop()
                    if top.opener == self.match[k]:
                        break
        return lines

    def comment_indent(self: "Formatter", pos: int, f: Frame, last_k: int) -> int:
        seq, it_tok = self.seq, self.it_tok
        same_line = True
        nk = -1
        for p in range(pos + 1, len(seq)):
            i, n = seq[p]
            if n > 0:
                same_line = False
            if it_tok[i] >= 0:
                nk = it_tok[i]
                break
        if nk < 0:
            return 0
        cls = self.classify(nk, f, last_k, True)
        if cls == "closer":
            return max(f.base if same_line else f.base + 1, 0)
        if cls == "case" or cls == "label":
            if same_line or self.src_col(seq[pos][0]) == self.src_col(self.tok_it[nk]):
                return max(f.base, 0)
            return max(f.base + 1, 0)
        if cls == "new" or cls == "else":
            return max(f.base + 1, 0)
        return max(self.cont_indent(nk, f), 0)

    def src_col(self: "Formatter", i: int) -> int:
        s = self.it_start[i]
        return s - (self.text.rfind("\n", 0, s) + 1)

    @staticmethod
    def add_breaks(line: Line, n: int) -> None:
        for _ in range(n):
            line.cells.append("")
        line.breaks += n

    @staticmethod
    def put_text(lines: list[Line], cur: Line, text: str, raw: bool) -> Line:
        if "\n" not in text:
            cur.cells[-1] += text
            return cur
        parts = text.split("\n")
        cur.cells[-1] += parts[0]
        cur.noalign = True
        cur.keep_ws = raw
        for mid in parts[1:-1]:
            v = Line()
            v.cells = [mid]
            v.verbatim = True
            v.noalign = True
            v.keep_ws = raw
            lines.append(v)
        tail = Line()
        tail.cells = [parts[-1]]
        tail.noalign = True
        tail.verbatim = True
        lines.append(tail)
        return tail
