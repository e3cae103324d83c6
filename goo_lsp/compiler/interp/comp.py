"""`Comp`, the compiler of one function body into closures, assembled from its mixins.

Each mixin compiles one family of syntax (see its module); `CompBase` holds the shared state
and dispatches expressions, `StmtMixin` dispatches statements. A function literal is compiled
by a child `Comp` of the same class.
"""

from __future__ import annotations

from .assign import AssignMixin
from .builtins import BuiltinMixin
from .calls import CallMixin
from .comp_base import CompBase
from .control_flow import ControlFlowMixin
from .expressions import ExprMixin
from .goo import GooMixin
from .literals import LiteralMixin
from .operators import OperatorMixin
from .statements import StmtMixin


class Comp(ExprMixin, LiteralMixin, CallMixin, BuiltinMixin, OperatorMixin, AssignMixin, StmtMixin,
           ControlFlowMixin, GooMixin, CompBase):
    """Compiles one function body (or the comptime expression) into closures over a frame."""
