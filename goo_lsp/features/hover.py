"""Hover: what is under the cursor, as Markdown — the declaration in Go syntax, its doc
comment, a constant's value; for other expressions their type (and value when constant).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..analysis import Analysis
from ..compiler import syntax as S
from ..compiler.check_base import Mode
from ..compiler.constants import format_value
from ..compiler.objects import Const, PkgName
from ..compiler.source import Span
from ..compiler.types import type_string
from .common import absolute, describe_object, locate, object_at, object_doc, type_of


@dataclass(frozen=True, slots=True)
class HoverInfo:
    markdown: str
    span: Span          # absolute span of the hovered identifier or expression


def hover(analysis: Analysis, offset: int) -> HoverInfo | None:
    pkg = analysis.check.env.pkg_name
    hit = object_at(analysis, offset)
    if hit is not None:
        obj, loc, ident = hit
        parts = [f"```goo\n{describe_object(obj, pkg)}\n```"]
        if isinstance(obj, Const) and obj.value is not None and obj.type is not None:
            shown = format_value(obj.value)
            if obj.comptime:
                parts.append(f"Computed at compile time: `{shown}`")
        doc = object_doc(analysis, obj)
        if isinstance(obj, PkgName) and not doc and obj.package is not None:
            doc = f"Standard package `{obj.path}`."
        if doc:
            parts.append(doc)
        tv = type_of(analysis, loc.index, ident.id)
        if tv is not None and tv.mode == Mode.CONSTANT and tv.value is not None and not isinstance(obj, Const):
            parts.append(f"Value: `{format_value(tv.value)}`")
        return HoverInfo("\n\n".join(parts), absolute(analysis, loc.index, ident.span))
    loc = locate(analysis, offset)
    if loc is None:
        return None
    for node in reversed(loc.path):
        if not isinstance(node, S.Expr):
            continue
        tv = type_of(analysis, loc.index, node.id)
        if tv is None:
            continue
        t = type_string(tv.type, pkg)
        if tv.mode == Mode.TYPEXPR:
            text = f"```goo\ntype {t}\n```"
        elif tv.mode == Mode.CONSTANT and tv.value is not None:
            text = f"```goo\nconst {format_value(tv.value)} {t}\n```"
        else:
            text = f"```goo\n{t}\n```"
        return HoverInfo(text, absolute(analysis, loc.index, node.span))
    return None
