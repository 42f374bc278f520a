"""Which clipboard formats are saved before a paste on Windows, the set retries, and the sequence stamp."""

from __future__ import annotations

import pytest
from fake_win32 import FakeWin32

from deskassist.platform.windows import WindowsClipboardFacts
from deskassist.platform.windows.clipboard import SET_RETRY_DELAYS_MS, keep_format, set_retry_delay

WIN = 'application/x-qt-windows-mime;value="{}"'
EXCEL_OFFER = [WIN.format(name) for name in (
    "Biff12", "Biff8", "Biff5", "SYLK", "DIF", "XML Spreadsheet", "Csv", "Hyperlink", "Link", "Link Source",
    "Link Source Descriptor", "Embed Source", "Object Descriptor", "Ole Private Data", "DataObject", "Native",
    "ObjectLink", "OwnerLink", "Kingsoft Data Descriptor", "Rich Text Format")] + [
    "text/plain", "text/html", "application/x-qt-image"]


def test_only_what_a_person_pastes_is_saved_from_an_excel_copy() -> None:
    kept = [fmt for fmt in EXCEL_OFFER if keep_format(fmt)]
    assert kept == [WIN.format("Rich Text Format"), "text/plain", "text/html", "application/x-qt-image"]


@pytest.mark.parametrize("fmt", ["text/uri-list", "image/png", "text/plain;charset=utf-8", WIN.format("FileNameW")])
def test_files_images_and_charset_text_are_kept(fmt: str) -> None:
    assert keep_format(fmt)


def test_our_own_history_exclusion_formats_are_not_saved_as_the_agents_clipboard() -> None:
    for name in ("ExcludeClipboardContentFromMonitorProcessing", "CanIncludeInClipboardHistory",
                 "CanUploadToCloudClipboard"):
        assert not keep_format(WIN.format(name))


def test_set_retries_are_bounded() -> None:
    delays = []
    attempt = 0
    while (delay := set_retry_delay(attempt)) is not None:
        delays.append(delay)
        attempt += 1
    assert delays == list(SET_RETRY_DELAYS_MS) and sum(delays) < 1000
    assert set_retry_delay(-1) is None


def test_the_stamp_notices_any_other_writer() -> None:
    api = FakeWin32()
    facts = WindowsClipboardFacts(api.clipboard_sequence_number)
    assert not facts.unchanged()  # nothing stamped yet: never restore blindly
    api.sequence += 1  # our write
    facts.stamp()
    assert facts.unchanged()
    api.sequence += 1  # the target read our delayed-rendered text: Windows may count that as a change
    facts.stamp()      # so the engine stamps again after a read
    assert facts.unchanged()
    api.sequence += 1  # the agent copied something else
    assert not facts.unchanged()
