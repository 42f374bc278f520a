"""The spreadsheet cell rule: what gets an apostrophe, and that reading back undoes exactly that."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deskassist.core.cells import is_formula_like, neutralise, unneutralise, xml_safe


@pytest.mark.parametrize("text", ["=cmd|' /C calc'!A0", "+1+1", "@SUM(A1)", "-2+3", "\t=1+1", "\r=1+1",
                                  "＝1+1", "＋1", "－2", "＠SUM(A1)", "  =1+1", "'=1+1", "''@x", "\t", "-"])
def test_formula_starts_are_neutralised(text: str) -> None:
    assert is_formula_like(text)
    assert neutralise(text) == "'" + text
    assert unneutralise(neutralise(text)) == text


@pytest.mark.parametrize("text", ["", "亲，您好", "13812345678", "1+1", "a=b", "'引号", "'", "x-1", "１＋１"])
def test_plain_text_is_left_alone(text: str) -> None:
    assert not is_formula_like(text)
    assert neutralise(text) == text
    assert unneutralise(text) == text


@given(st.text(alphabet=st.sampled_from(list("'=+-@＝＋－＠ \t\r\nab1发")), max_size=12))
def test_unneutralise_undoes_neutralise(text: str) -> None:
    assert unneutralise(neutralise(text)) == text
    assert re.match(r"\s*[=+\-@＝＋－＠]|[\t\r]", neutralise(text)) is None


def test_xml_safe_drops_only_what_xml_cannot_hold() -> None:
    assert xml_safe("a\x00b\x01c\x0bd\x1fe\tf\ng\rh") == "abcde\tf\ng\rh"
