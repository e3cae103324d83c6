"""Settings: nested and flat client forms, type checking of values, and the spec list agrees
with the dataclass."""

from __future__ import annotations

from dataclasses import fields

from goo_lsp.settings import SETTINGS, Settings


def test_defaults_match_specs() -> None:
    s = Settings()
    assert {spec.field for spec in SETTINGS} == {f.name for f in fields(Settings)}
    for spec in SETTINGS:
        assert getattr(s, spec.field) == spec.default
        assert spec.key.startswith("goo.") and spec.description


def test_nested_and_flat_forms() -> None:
    s, warnings = Settings().updated({"goo": {"diagnostics": {"debounceMs": 25}, "semanticTokens": {"enabled": False}}})
    assert s.diagnostics_debounce_ms == 25 and s.semantic_tokens is False and warnings == []
    s2, _ = Settings().updated({"goo.completion.snippets": False})
    assert s2.completion_snippets is False


def test_invalid_values_keep_defaults_and_warn() -> None:
    s, warnings = Settings().updated({"goo": {"diagnostics": {"debounceMs": -5}, "format": {"enabled": "yes"}}})
    assert s == Settings()
    assert len(warnings) == 2 and "debounceMs" in warnings[0]


def test_unknown_keys_are_ignored() -> None:
    s, warnings = Settings().updated({"goo": {"nope": 1}, "other": {"x": 2}})
    assert s == Settings() and warnings == []
