"""Settings: the one source of the settings list (the VS Code extension's package.json block is
generated from `SETTINGS`, and a test checks they agree).

Clients send settings in `initializationOptions` and `workspace/didChangeConfiguration`,
either nested (`{"goo": {"diagnostics": {"debounceMs": 5}}}`) or flat
(`{"goo.diagnostics.debounceMs": 5}`). Unknown keys are ignored; a value of the wrong type keeps
the default and is reported back as a warning string.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any


@dataclass(frozen=True, slots=True)
class SettingSpec:
    key: str                 # dotted client key, e.g. "goo.diagnostics.debounceMs"
    field: str               # attribute of Settings
    type: str                # "boolean" | "integer" | "string" | "array"
    default: Any
    description: str
    enum: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    scope: str = "window"    # VS Code configuration scope


SETTINGS: tuple[SettingSpec, ...] = (
    SettingSpec("goo.server.path", "server_path", "string", "",
                "Path of the goo-lsp executable. Empty: use goo-lsp from the selected Python environment, "
                "then from PATH.", scope="machine-overridable"),
    SettingSpec("goo.diagnostics.debounceMs", "diagnostics_debounce_ms", "integer", 0,
                "Delay before re-analysing a changed document. Edits that arrive within the delay are "
                "analysed once; stale versions are never published.", minimum=0, maximum=2000),
    SettingSpec("goo.semanticTokens.enabled", "semantic_tokens", "boolean", True,
                "Colour identifiers by what they are (types, functions, parameters, channels...)."),
    SettingSpec("goo.completion.snippets", "completion_snippets", "boolean", True,
                "Offer snippet templates (func, for, select, go func(){}()) in completion."),
    SettingSpec("goo.format.enabled", "format_enabled", "boolean", True,
                "Format Goo documents with goo fmt (gofmt style)."),
    SettingSpec("goo.workspace.maxFiles", "workspace_max_files", "integer", 500,
                "At most this many workspace .goo files are indexed for workspace symbols and references.",
                minimum=0, maximum=100000),
)


@dataclass(frozen=True, slots=True)
class Settings:
    server_path: str = ""
    diagnostics_debounce_ms: int = 0
    semantic_tokens: bool = True
    completion_snippets: bool = True
    format_enabled: bool = True
    workspace_max_files: int = 500

    def updated(self, raw: Any) -> tuple["Settings", list[str]]:
        """A copy with the values found in `raw` (nested or flat), plus warnings."""
        flat = _flatten(raw) if isinstance(raw, dict) else {}
        changes: dict[str, Any] = {}
        warnings: list[str] = []
        for spec in SETTINGS:
            if spec.key not in flat:
                continue
            value = flat[spec.key]
            ok = _valid(spec, value)
            if ok is None:
                warnings.append(f"setting {spec.key}: expected {spec.type}, got {value!r}; keeping {getattr(self, spec.field)!r}")
                continue
            changes[spec.field] = ok
        return replace(self, **changes), warnings


def _flatten(raw: dict, prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in raw.items():
        full = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict) and not any(s.key == full for s in SETTINGS):
            out.update(_flatten(value, full))
        else:
            out[full] = value
    return out


def _valid(spec: SettingSpec, value: Any) -> Any:
    if spec.type == "boolean":
        return value if isinstance(value, bool) else None
    if spec.type == "integer":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or int(value) != value:
            return None
        value = int(value)
        if spec.minimum is not None and value < spec.minimum:
            return None
        if spec.maximum is not None and value > spec.maximum:
            return None
        return value
    if spec.type == "string":
        if not isinstance(value, str) or (spec.enum and value not in spec.enum):
            return None
        return value
    if spec.type == "array":
        return list(value) if isinstance(value, list) else None
    return None


def _check_specs() -> None:
    names = {f.name for f in fields(Settings)}
    for spec in SETTINGS:
        assert spec.field in names, spec
        assert getattr(Settings(), spec.field) == spec.default, spec


_check_specs()
