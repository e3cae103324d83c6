"""Formatter mixin: which line breaks to add or remove, and the token rewrites.

Line breaks are kept as written (`o[i]`: newlines before item i, at most 2), except that:
- grouped declarations get one spec per line, `case`/`default`/labels end their line;
- one-line blocks are expanded, except function bodies that fit gofmt's rule (at most 5
  statements, 100 columns with the header), catch blocks, variant field lists and small type
  bodies (`keep_one_line`); the kept ones are recorded in `oneline`;
- statements, specs and fields sharing a line in a multi-line block are split, and redundant
  `;` and struct field commas are dropped (`process_semis`);
- top-level declarations get one per line and a blank line between different kinds or before
  a doc comment;
- `}` newline `else` joins, a `...` starting a line joins, a trailing `,` before a closer on
  the same line goes, and one is added before a closer on its own line.

Invariant: safe mode (`Formatter.safe`) makes no token rewrites, statement splits, one-line
type expansions or forced breaks between top-level declarations; the driver falls back to it
when the normal output would change the syntax tree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import syntax as S
from ..tokens import ALWAYS_SEMI_AFTER, VALUE_ENDERS
from .base import BLOCKY_ROLES, CLOSE, COMMA_LISTS, TOO_WIDE, TRIM_COMMA_LISTS, TYPE_ROLES

if TYPE_CHECKING:  # pragma: no cover
    from .formatter import Formatter

_SEMI_ENDERS = VALUE_ENDERS | ALWAYS_SEMI_AFTER


class BreakMixin:
    def has_break(self: "Formatter", k: int) -> bool:
        """Is there already a line break between token k-1 and token k?"""
        o, it_text = self.o, self.it_text
        i0, i1 = self.tok_it[k - 1], self.tok_it[k]
        for j in range(i0 + 1, i1 + 1):
            if o[j] > 0:
                return True
            if j < i1 and "\n" in it_text[j]:
                return True
        return False

    def force_before(self: "Formatter", k: int) -> None:
        if k <= 0 or k >= len(self.toks):
            return
        self.forced[k] = True
        if not self.has_break(k):
            i = self.tok_it[k]
            self.o[i] = max(self.o[i], 1)

    def comments_between(self: "Formatter", k0: int, k1: int) -> bool:
        return self.tok_it[k1] - self.tok_it[k0] != k1 - k0

    def src_same_line(self: "Formatter", k0: int, k1: int) -> bool:
        return self.src_line[self.tok_it[k0]] == self.src_line[self.tok_it[k1]] and "\n" not in self.text[
            self.toks[k0].start:self.toks[k1].end]

    def keep_one_line(self: "Formatter", lb: int, rb: int) -> bool:
        role = self.role.get(lb)
        if role in ("stmt", "switch"):
            return False
        if role in ("funcbody", "funclit"):
            header, nstmts = self.funcinfo.get(lb, (lb, 0))
            if nstmts > 5 or not self.src_same_line(header, lb):
                return False
            body = self.width(lb + 1, rb - 1) if rb > lb + 1 else 0
            return self.width(header, lb - 1) + body <= 100
        if role in ("catch", "variant"):
            return True
        if self.safe:
            return True
        if self.comments_between(lb, rb):
            return False
        kind, elems, base = self.type_elems.get(lb, ("", (), 0))
        if len(elems) != 1:
            return len(elems) == 0
        e = elems[0]
        ek, ee = self.at(base + e.span.start), self.last(base + e.span.end)
        if ek is None or ee is None:
            return False
        if kind == "struct":
            if e.tag is not None:
                return False
            tk = self.at(base + e.type.span.start)
            size = (1 if e.names else 0) + (self.width(tk, ee) if tk is not None else TOO_WIDE)
        elif isinstance(e, S.MethodSpec):
            sk = self.at(base + e.type.span.start)
            size = 1 + 4 + (self.width(sk, ee) if sk is not None else TOO_WIDE)
        else:
            size = self.width(ek, ee)
        return size <= 30

    def decide_breaks(self: "Formatter") -> None:
        toks, kinds, match = self.toks, self.kinds, self.match
        self.o = [min(x, 2) for x in self.g]
        self.o[0] = 0
        o = self.o
        role = self.role
        # grouped declarations: one spec per line; an empty group is `var ()`
        for k, r in role.items():
            if r == "group":
                rb = match[k]
                if rb > k + 1 or self.comments_between(k, rb):
                    self.force_before(k + 1)
                    self.force_before(rb)
                else:
                    o[self.tok_it[rb]] = 0
        # case / default / label colons end their line
        for k, r in self.colon.items():
            if r in ("clause", "label") and k + 1 < len(toks):
                self.force_before(k + 1)
        # brace pairs: innermost first (by closer position)
        blocky = sorted((k for k, r in role.items() if r in BLOCKY_ROLES), key=lambda k: match[k])
        multi: set[int] = set()
        for lb in blocky:
            rb = match[lb]
            r = role[lb]
            if self.src_same_line(lb, rb) and not any(self.forced[lb + 1:rb + 1]):
                empty = rb == lb + 1 and not self.comments_between(lb, rb)
                if empty and r in ("stmt", "switch") and lb not in self.select_braces:
                    self.force_before(rb)
                    multi.add(lb)
                    continue
                if empty or self.keep_one_line(lb, rb):
                    self.oneline.add(lb)
                    continue
            multi.add(lb)
            if rb > lb + 1 or self.comments_between(lb, rb):
                self.force_before(lb + 1)
                self.force_before(rb)
        self.multi = multi
        self.decided = True
        # one-line function declarations: the body is a column of its own
        for lb in self.oneline:
            if role[lb] == "funcbody":
                self.cells[lb] = 1
        # recompute the gaps before type braces now that their layout is known
        for lb in role:
            if role[lb] in TYPE_ROLES:
                self.tgap[lb] = self.tok_gap(lb)
        if not self.safe:
            self.process_semis()
        # cells of multi-line struct / variant field lists
        for lb, info in self.field_cells.items():
            if lb in self.oneline:
                continue
            for i, (fk, fe, tk, gk, named) in enumerate(info):
                alone = (self.line_start(fk)
                         and (i + 1 == len(info) or self.has_break_between(fe, info[i + 1][0])))
                if not alone:
                    continue
                if named:
                    if tk is not None:
                        self.cells[tk] = 1
                    if gk is not None:
                        self.cells[gk] = 2
                    self.ctarget[fk] = 4 if gk is not None else 2
                else:
                    if gk is not None:
                        self.cells[gk] = 1
                    self.ctarget[fk] = 2
        # top-level declarations: one per line; a blank line between different kinds and
        # before a declaration with a doc comment (go/printer declList)
        prev_kind = None
        for k, kind in self.top:
            if k > 0:
                if not self.safe:
                    self.force_before(k)
                i0, i1 = self.tok_it[k - 1], self.tok_it[k]
                doc = any(self.it_tok[j] < 0 and o[j] > 0 for j in range(i0 + 1, i1))
                if (kind != prev_kind or doc) and (self.has_break(k)):
                    for j in range(i0 + 1, i1 + 1):
                        if o[j] > 0:
                            o[j] = 2
                            break
            prev_kind = kind
        if self.safe:
            return
        # `}` newline `else` -> `} else`
        for k in range(1, len(toks)):
            if kinds[k] == "ELSE" and kinds[k - 1] == "RBRACE":
                i = self.tok_it[k]
                if i == self.tok_it[k - 1] + 1 and o[i] > 0:
                    o[i] = 0
        # a `...` that starts a line joins the previous one
        for k in range(1, len(toks)):
            if kinds[k] == "ELLIPSIS":
                i = self.tok_it[k]
                if i == self.tok_it[k - 1] + 1 and o[i] > 0:
                    o[i] = 0
        # a trailing comma before a closer on the same line goes away: f(a, b,) -> f(a, b)
        for k in range(1, len(toks)):
            if kinds[k] in CLOSE and kinds[k - 1] == "COMMA" and role.get(match[k]) in TRIM_COMMA_LISTS:
                if not self.has_break(k) and not self.comments_between(k - 1, k) and k - 1 != match[k]:
                    self.drop[k - 1] = True
        # trailing commas before a closer on its own line
        for k in range(1, len(toks)):
            if kinds[k] in ("RPAREN", "RBRACE") and role.get(match[k]) in COMMA_LISTS:
                p = k - 1
                if p != match[k] and kinds[p] != "COMMA" and self.has_break(k):
                    self.comma_after[p] = True

    def line_start(self: "Formatter", k: int) -> bool:
        return k == 0 or self.has_break(k)

    def has_break_between(self: "Formatter", k0: int, k1: int) -> bool:
        for k in range(k0 + 1, k1 + 1):
            if self.has_break(k):
                return True
        return False

    def process_semis(self: "Formatter") -> None:
        """Statements, specs and fields that share a line in a multi-line block go on separate
        lines (`a; b` -> two lines), and a `;` (or a struct field comma) is dropped where a line
        break or another separator already ends the element, or where it is an empty statement.
        Decisions look at the last *kept* token, so the result is stable under reformatting."""
        toks, kinds, role, n = self.toks, self.kinds, self.role, len(self.toks)
        prev = -1
        for k in range(n):
            kind = kinds[k]
            sep = kind == "COMMA" and k in self.sepcomma
            if (kind != "SEMI" or self.in_header[k]) and not sep:
                prev = k
                continue
            top = self.ctx[k]
            r = role.get(top) if top >= 0 else "file"
            if sep:
                listy = top in self.multi
            else:
                listy = r in ("stmt", "switch", "group", "file") or (
                    r in BLOCKY_ROLES and r != "variant" and top in self.multi)
            pk = kinds[prev] if prev >= 0 else ""
            # a separator between two elements on one line becomes a line break
            if listy and k + 1 < n and kinds[k + 1] not in CLOSE and pk in _SEMI_ENDERS:
                self.force_before(k + 1)
            if prev < 0:
                drop = False
            elif pk in _SEMI_ENDERS:
                # a line break after it (or before it) inserts the same `;` anyway (spec §3.6);
                # before `)` or `}` the separator is optional
                drop = k + 1 == n or self.has_break(k + 1) or self.has_break_between(prev, k)
            elif sep:
                drop = False
            elif prev == top and kinds[prev] in ("LBRACE", "LPAREN"):
                drop = True       # empty statement at the start of a block or group
            elif pk == "SEMI" or (pk == "COLON" and self.colon.get(prev) == "clause"):
                drop = True       # empty statement after another separator or a case colon
            else:
                drop = False      # e.g. `L: ;` (the label's empty statement) stays
            if drop:
                self.drop[k] = True
            else:
                prev = k
