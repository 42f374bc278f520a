"""Pinyin search keys: full pinyin and initials, heteronyms, non-Chinese runs; pypinyin loaded lazily."""

from __future__ import annotations

import subprocess
import sys

import pytest

from deskassist.core.pinyin import pinyin_keys


@pytest.mark.parametrize(("text", "full", "initials"), [
    ("重新发货", "chongxinfahuo", "cxfh"),
    ("发货", "fahuo", "fh"),
    ("银行", "yinhang", "yh"),
    ("银行卡", "yinhangka", "yhk"),
    ("重新", "chongxin", "cx"),
    ("长度", "changdu", "cd"),
    ("绿色", "lvse", "ls"),  # ü typed as v, like the input methods
])
def test_chinese_words_heteronyms_by_phrase(text: str, full: str, initials: str) -> None:
    assert pinyin_keys(text) == (full, initials)


def test_non_chinese_runs_are_kept_lower_case_without_spaces_or_punctuation() -> None:
    assert pinyin_keys("iPhone 15 Pro 银行卡") == ("iphone15proyinhangka", "iphone15proyhk")
    assert pinyin_keys("亲，您好！") == ("qinninhao", "qnh")
    assert pinyin_keys("满199减20") == ("man199jian20", "m199j20")


def test_full_width_letters_and_digits_count_as_ascii() -> None:
    assert pinyin_keys("ＶＩＰ会员１号") == ("viphuiyuan1hao", "viphy1h")


def test_empty_and_symbol_only_text_give_empty_keys() -> None:
    assert pinyin_keys("") == ("", "")
    assert pinyin_keys("  ，。！😀 ") == ("", "")


def test_keys_are_substring_friendly_across_word_boundaries() -> None:
    full, initials = pinyin_keys("请您重新发货")
    assert "xinfa" in full and "fah" in full and "cxfh" in initials


def test_importing_core_modules_does_not_load_pypinyin() -> None:
    code = ("import sys; import deskassist.core.pinyin, deskassist.core.search, deskassist.core.templating, "
            "deskassist.core.lint; print('pypinyin' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_pinyin_keys_loads_pypinyin_on_first_use() -> None:
    code = ("import sys; from deskassist.core.pinyin import pinyin_keys; pinyin_keys('发货'); "
            "print('pypinyin' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "True"


def test_dropped_pypinyin_is_imported_again_by_the_next_key_and_gives_the_same_keys() -> None:
    from deskassist.core import pinyin

    first = pinyin.pinyin_keys("重新发货，银行卡 iPhone 15")
    assert pinyin.loaded()
    assert pinyin.unload() is True
    assert not pinyin.loaded() and not any(name.startswith("pypinyin") for name in sys.modules)
    assert pinyin.unload() is False  # nothing left to drop
    assert pinyin.pinyin_keys("重新发货，银行卡 iPhone 15") == first == ("chongxinfahuoyinhangkaiphone15",
                                                                   "cxfhyhkiphone15")
    assert pinyin.loaded()
