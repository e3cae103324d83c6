"""OptPlan: the optimisation decisions codegen applies (architecture.md: "records that flow
between layers"). The analyses (goo_lsp/hints, later) produce a plan; codegen honours it and
nothing else decides optimisations, so a hint always describes what the compiled code does.

Invariant: an empty plan compiles every construct the straightforward way; every decision is
keyed by a stable IR site id (ir.new_site) and is safe to ignore.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class OptPlan:
    """Decisions by IR site id. Empty until the optimisation analyses land."""

    stack_allocs: frozenset[int] = field(default_factory=frozenset)     # Alloc sites kept on the stack
    arena_allocs: frozenset[int] = field(default_factory=frozenset)     # Alloc sites routed to their arena
    opt_level: int = 0

    def with_level(self, level: int) -> "OptPlan":
        return OptPlan(self.stack_allocs, self.arena_allocs, level)


EMPTY_PLAN = OptPlan()
