"""Every annotated program under tests/corpus/ and every sample checks with exactly the
diagnostics its annotations expect (see tests/support/annotations.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.annotations import check_annotations

ROOT = Path(__file__).resolve().parent
CORPUS = sorted((ROOT / "corpus").rglob("*.goo"))
BUNDLED_SAMPLES = sorted((ROOT / "samples").glob("*.goo"))


def _ids(paths: list[Path]) -> list[str]:
    return [str(p.relative_to(p.parents[1])) for p in paths]


@pytest.mark.parametrize("path", CORPUS, ids=_ids(CORPUS))
def test_corpus_program(path: Path) -> None:
    _, problems = check_annotations(path)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", BUNDLED_SAMPLES, ids=_ids(BUNDLED_SAMPLES))
def test_sample_program(path: Path) -> None:
    _, problems = check_annotations(path)
    assert not problems, "\n".join(problems)


def test_corpus_is_large_enough() -> None:
    assert len(CORPUS) >= 150, f"only {len(CORPUS)} annotated programs"
