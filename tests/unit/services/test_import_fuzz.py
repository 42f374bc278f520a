"""Fuzzed phrase packs: whatever the bytes, an import either succeeds or is refused with one line (a
UserError, or a report of the rows with problems) and writes nothing; never another exception.

benchmarks/fuzz_import.py runs the same generator over many more inputs and prints the counts.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from fuzz_inputs import FORMATS, base_pack, fuzz_input
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deskassist.core.errors import UserError
from deskassist.services.phrase_io import import_phrases
from deskassist.services.phrases import PhraseService
from deskassist.services.session import Session


def _library(service: PhraseService) -> tuple:
    return tuple((p.category, p.body, p.code, p.pinned) for p in service.list()), tuple(
        c.name for c in service.categories())


def import_or_refuse(service: PhraseService, path: Path) -> str:
    """"imported", "rows refused" or "file refused"; any other exception fails the test."""
    before = _library(service)
    try:
        report = import_phrases(service, path)
    except UserError as exc:
        assert "\n" not in str(exc)
        assert _library(service) == before
        return "file refused"
    if report.errors:
        assert not report.written and _library(service) == before
        assert all("\n" not in str(e) for e in report.errors)
        return "rows refused"
    assert report.written
    return "imported"


@pytest.mark.parametrize("kind", FORMATS)
def test_the_unmutated_seeds_import(empty_session: Session, tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"pack.{kind}"
    path.write_bytes(base_pack(kind, random.Random(0)))
    assert import_or_refuse(PhraseService(empty_session), path) == "imported"


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(kind=st.sampled_from(FORMATS), seed=st.integers(0, 2**32 - 1))
def test_mutated_packs_import_or_are_refused(empty_session: Session, tmp_path: Path, kind: str, seed: int) -> None:
    path = tmp_path / f"fuzz.{kind}"
    path.write_bytes(fuzz_input(kind, random.Random(seed)))
    import_or_refuse(PhraseService(empty_session), path)


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(kind=st.sampled_from(FORMATS), data=st.binary(max_size=4000))
def test_arbitrary_bytes_are_refused_or_imported(empty_session: Session, tmp_path: Path, kind: str,
                                                 data: bytes) -> None:
    path = tmp_path / f"bytes.{kind}"
    path.write_bytes(data)
    import_or_refuse(PhraseService(empty_session), path)
