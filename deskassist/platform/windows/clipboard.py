"""Clipboard facts the paste engine needs on Windows; the clipboard itself is Qt's (OLE underneath).

- Saving: Excel and WPS offer dozens of formats, most rendered only when asked (delayed rendering) and
  OLE embedding formats that are only meaningful to their source while it runs. Reading them all to save
  them makes the source render every one (slow, megabytes), so only what a person pastes into a chat box
  is kept: text, HTML, RTF, images, file lists.
- Restoring: our text counts as still on the clipboard only while the clipboard sequence number is the one
  seen after our last write or the target's last read of it (Windows bumps it on every change by anybody).
- Setting: while another program holds the clipboard open, Qt's OleSetClipboard fails; the engine tries
  again a few times on its timer (never a sleep on the GUI thread).
"""

from __future__ import annotations

from collections.abc import Callable

WINDOWS_MIME = 'application/x-qt-windows-mime;value="'
KEPT_PLAIN = ("text/plain", "text/html", "text/uri-list", "image/png", "image/bmp", "application/x-qt-image")
KEPT_WINDOWS = {"Rich Text Format", "UniformResourceLocatorW", "UniformResourceLocator", "PNG", "FileNameW"}
SET_RETRY_DELAYS_MS = (20, 50, 100, 200, 400)
"""Gaps between tries to take the clipboard while another program holds it open (about 0.8 s in all)."""


def keep_format(mime: str) -> bool:
    """Whether to save this format of the agent's clipboard before a paste (and put it back after)."""
    if mime.startswith(WINDOWS_MIME):
        return mime[len(WINDOWS_MIME):].rstrip('"') in KEPT_WINDOWS
    return mime in KEPT_PLAIN or mime.startswith("text/plain;") or mime.startswith("image/")


def set_retry_delay(attempt: int) -> int | None:
    """Milliseconds to wait before try number attempt+1 at setting the clipboard; None: give up."""
    return SET_RETRY_DELAYS_MS[attempt] if 0 <= attempt < len(SET_RETRY_DELAYS_MS) else None


class SequenceStamp:
    """Remembers the clipboard sequence number at a moment we know the content is ours."""

    def __init__(self, sequence_number: Callable[[], int]) -> None:
        self._sequence_number = sequence_number
        self._stamp: int | None = None

    def stamp(self) -> None:
        """Our text was just set, or just read by the target (rendering it may bump the number)."""
        self._stamp = self._sequence_number()

    def unchanged(self) -> bool:
        """Nobody has written the clipboard since the last stamp."""
        return self._stamp is not None and self._sequence_number() == self._stamp

    def clear(self) -> None:
        self._stamp = None


class WindowsClipboardFacts:
    """ClipboardFacts for the paste engine: the format filter, the retry gaps, the sequence stamp."""

    def __init__(self, sequence_number: Callable[[], int]) -> None:
        self._stamp = SequenceStamp(sequence_number)
        self._sequence_number = sequence_number

    def keep_format(self, mime: str) -> bool:
        return keep_format(mime)

    def set_retry_delay(self, attempt: int) -> int | None:
        return set_retry_delay(attempt)

    def stamp(self) -> None:
        self._stamp.stamp()

    def unchanged(self) -> bool:
        return self._stamp.unchanged()

    # -- ClipboardWatch: Windows bumps the sequence number on every change, before any listener hears of it

    def mark(self) -> object:
        return self._sequence_number()

    def changed_since(self, mark: object, after: float | None = None) -> bool:
        return mark != self._sequence_number()
