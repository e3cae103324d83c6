"""`Formatter`: the formatter of one file, assembled from its mixins, and the order of its passes.

Passes (`run`): annotate tokens from the syntax tree (annotate.py), compute the gaps between
tokens (spacing.py), decide line breaks and rewrites (breaks.py), fix the output sequence and
its line numbers, the binary-expression indentation depths and the alignment sections of lists
(layout.py), lay out the lines (layout.py) and render them (render.py).

Invariant: a `Formatter` formats its file once; the passes run in this order, each completing
the tables that the next ones read.
"""

from __future__ import annotations

from .annotate import AnnotateMixin
from .base import FormatterBase
from .breaks import BreakMixin
from .layout import LayoutMixin
from .render import RenderMixin
from .spacing import SpacingMixin


class Formatter(AnnotateMixin, SpacingMixin, BreakMixin, LayoutMixin, RenderMixin, FormatterBase):
    """Formats one parsed file; `safe` turns off the rewrites that may change the tree."""

    def run(self) -> str:
        if not self.it_tok:
            return ""
        self.annotate()
        self.tgap = [""] + [self.tok_gap(k) for k in range(1, len(self.toks))]
        self.decide_breaks()
        self.final_sequence()
        self.binary_depths()
        self.list_sections()
        lines = self.layout()
        return self.render(lines)
