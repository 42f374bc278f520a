"""The phrase picker: a frameless popup near the mouse pointer, built once at start so a hotkey shows it
at once. The search field keeps the focus; every key the popup handles is caught by an event filter on it
(never a keyPressEvent override: PySide6 6.12 leaks through those).
"""

from __future__ import annotations

import re
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSettings,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QCursor,
    QFontMetrics,
    QGuiApplication,
    QHideEvent,
    QInputMethodEvent,
    QKeyEvent,
    QPainter,
    QPalette,
    QShowEvent,
    QWindow,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QBoxLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from deskassist import log
from deskassist.core.errors import UserError
from deskassist.core.lint import lint
from deskassist.core.mentions import split_leading_mention
from deskassist.core.models import Phrase
from deskassist.core.placement import Rect, place_picker
from deskassist.core.ports import CurrentBuyer, HeldKey
from deskassist.core.templating import PLACEHOLDERS
from deskassist.i18n import _
from deskassist.ui.library.models import PhraseListModel, PhraseRole
from deskassist.ui.widgets.icons import icon

_log = log.get("picker")
RESULT_LIMIT = 50
RESET_AFTER_CLOSE_MS = 300
HIDE_AFTER_CHOICE_MS = 20
"""The picker leaves the screen this long after a choice (a frame or so): the paste goes out meanwhile."""
STATE_FILE = "ui-state.ini"  # window places, next to the side panel's
POSITION_KEY = "picker/position"
PICKER_SIZE = QSize(560, 440)
VISIBLE_ROWS = 6


@dataclass(frozen=True)
class PickerAnchor:
    """What the platform told about the chat window at the hotkey, in its own (device) pixels."""

    caret: Rect | None = None
    window: Rect | None = None


def _logical(rect: Rect | None) -> Rect | None:
    """Device pixels (what Win32 reports) -> Qt's logical pixels: each screen keeps its native top-left
    corner and scales its size by its device pixel ratio."""
    if rect is None:
        return None
    for screen in QGuiApplication.screens():
        geometry, ratio = screen.geometry(), screen.devicePixelRatio()
        native_width, native_height = round(geometry.width() * ratio), round(geometry.height() * ratio)
        if (geometry.x() <= rect.x < geometry.x() + native_width
                and geometry.y() <= rect.y < geometry.y() + native_height):
            return Rect(geometry.x() + round((rect.x - geometry.x()) / ratio),
                        geometry.y() + round((rect.y - geometry.y()) / ratio),
                        round(rect.width / ratio), max(round(rect.height / ratio), 1))
    return rect
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_DIGIT_KEYS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(1, 10)}
MESSAGE_SHOWN_CHARS = 80  # about two lines above the list; the whole message is in the tool tip
_UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


_HELD_KEY_NAMES = {"Return": Qt.Key.Key_Return, "KP_Enter": Qt.Key.Key_Enter, "Escape": Qt.Key.Key_Escape,
                   "BackSpace": Qt.Key.Key_Backspace, "Delete": Qt.Key.Key_Delete, "Tab": Qt.Key.Key_Tab,
                   "ISO_Left_Tab": Qt.Key.Key_Backtab, "Up": Qt.Key.Key_Up, "Down": Qt.Key.Key_Down,
                   "Left": Qt.Key.Key_Left, "Right": Qt.Key.Key_Right, "Prior": Qt.Key.Key_PageUp,
                   "Next": Qt.Key.Key_PageDown, "Home": Qt.Key.Key_Home, "End": Qt.Key.Key_End}
_HELD_MODIFIERS = {"Ctrl": Qt.KeyboardModifier.ControlModifier, "Alt": Qt.KeyboardModifier.AltModifier,
                   "Shift": Qt.KeyboardModifier.ShiftModifier, "Meta": Qt.KeyboardModifier.MetaModifier}


def held_key_event(held: HeldKey) -> QKeyEvent | None:
    """The key press Qt would have delivered had the picker been active (None: a key Qt has no name for)."""
    if len(held.key) == 1:
        key = ord(held.key.upper()) if held.key.isascii() else 0
    else:
        key = _HELD_KEY_NAMES.get(held.key, 0)
    if not key and not held.text:
        return None
    modifiers = Qt.KeyboardModifier.NoModifier
    for name in held.modifiers:
        modifiers |= _HELD_MODIFIERS.get(name, Qt.KeyboardModifier.NoModifier)
    return QKeyEvent(QEvent.Type.KeyPress, key or Qt.Key.Key_unknown, modifiers, held.text)


def shown_message(message: str) -> str:
    """A selected chat message as the picker shows it: one line without control characters or bidi overrides
    (boxes, reversed text), so that a whole selected conversation cannot push the list out of sight."""
    return " ".join(_UNSHOWABLE.sub(" ", message).split())


ORDERS_KEPT = 200  # queries whose row order is remembered (stable Alt+1…9 numbers)


def _is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def match_positions(title: str, title_initials: str, query: str) -> set[int]:
    """Which characters of the title the query matched, to highlight them: the query as written
    (case-insensitive), else as pinyin initials (fh -> 发货). Full pinyin is not mapped back (that would need
    pypinyin on the paint path); nothing is highlighted then."""
    needle = "".join(query.lower().split())
    if not needle or not title:
        return set()
    at = title.lower().find(needle)
    if at >= 0:
        return set(range(at, at + len(needle)))
    owners = []  # for each letter of title_initials, the title character it came from
    for position, char in enumerate(title):
        if _is_cjk(char) or (char.isascii() and char.isalnum()):
            owners.append(position)
    if len(owners) != len(title_initials):
        return set()  # a character pypinyin did not know: no safe mapping
    at = title_initials.lower().find(needle)
    return set(owners[at:at + len(needle)]) if at >= 0 else set()


def stable_order(results: Sequence[Phrase], remembered: Sequence[int] | None) -> tuple[list[Phrase], list[int]]:
    """The rows for a query shown before keep the order they had then (so Alt+2 is still Alt+2 after a paste
    changed the use counts); phrases new to this query follow in the search's order."""
    if not remembered:
        return list(results), [p.id for p in results]
    by_id = {p.id: p for p in results}
    kept = [by_id[i] for i in remembered if i in by_id]
    seen = {p.id for p in kept}
    ordered = kept + [p for p in results if p.id not in seen]
    return ordered, [p.id for p in ordered]


class PhraseSearch(Protocol):
    """What the picker needs of the phrase service."""

    def search(self, query: str, limit: int = 50, groups: Any = ()) -> list[Phrase]: ...


class PhraseDelegate(QStyledItemDelegate):
    """Two lines per phrase: [N] category · title ... code, then a grey one-line preview."""

    PADDING = 4

    def __init__(self, parent: QObject | None = None, numbered: bool = True) -> None:
        super().__init__(parent)
        self.numbered = numbered
        self.query = ""  # matched characters of each title are highlighted
        self.initials: Callable[[Phrase], str] = lambda _phrase: ""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        metrics = QFontMetrics(option.font)
        return QSize(200, metrics.height() * 2 + self.PADDING * 3)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette = opt.palette
        text_color = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        dim_color = palette.color(QPalette.ColorRole.HighlightedText if selected
                                  else QPalette.ColorRole.PlaceholderText)
        rect = opt.rect.adjusted(self.PADDING * 2, self.PADDING, -self.PADDING * 2, -self.PADDING)
        metrics = QFontMetrics(opt.font)
        line = metrics.height()
        painter.save()
        x = rect.left()
        top = QRect(rect.left(), rect.top(), rect.width(), line)
        if self.numbered and index.row() < 9:
            painter.setPen(dim_color)
            number = f"{index.row() + 1}"
            painter.drawText(QRect(x, top.top(), line, line), Qt.AlignmentFlag.AlignCenter, number)
            x += line + self.PADDING
        code = index.data(PhraseRole.Code) or ""
        code_width = metrics.horizontalAdvance(code) + self.PADDING * 2 if code else 0
        category = index.data(PhraseRole.Category) or ""
        painter.setPen(dim_color)
        category_text = metrics.elidedText(category, Qt.TextElideMode.ElideRight, rect.width() // 4)
        painter.drawText(QRect(x, top.top(), rect.right() - x, line),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, category_text)
        x += metrics.horizontalAdvance(category_text) + self.PADDING * 2
        # The title stands out by its colour, not by its weight: a bold CJK face is a font file of its own
        # (3-4 MB held by the picker all day)
        painter.setPen(text_color)
        title_width = max(0, rect.right() - x - code_width)
        full_title = index.data(PhraseRole.Title) or ""
        title = metrics.elidedText(full_title, Qt.TextElideMode.ElideRight, title_width)
        phrase = index.data(PhraseRole.Phrase)
        marked = match_positions(full_title, self.initials(phrase) if phrase is not None else "", self.query)
        for position in sorted(marked):
            if position >= len(title) or (title.endswith("…") and position >= len(title) - 1):
                continue
            left = x + metrics.horizontalAdvance(title[:position])
            width = metrics.horizontalAdvance(title[position])
            painter.fillRect(QRect(left, top.top(), width, line), QColor(255, 200, 0, 110))
        painter.drawText(QRect(x, top.top(), title_width, line),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
        if code:
            painter.setPen(dim_color)
            painter.drawText(QRect(rect.right() - code_width, top.top(), code_width, line),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, code)
        painter.setPen(dim_color)
        preview_left = rect.left() + (line + self.PADDING if self.numbered else 0)
        preview = metrics.elidedText(index.data(PhraseRole.Preview) or "", Qt.TextElideMode.ElideRight,
                                     rect.right() - preview_left)
        painter.drawText(QRect(preview_left, top.bottom() + self.PADDING, rect.right() - preview_left, line),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, preview)
        painter.restore()


class PickerPopup(QWidget):
    """Search field, results, and a preview of the current phrase with its lint warnings.

    phrase_chosen(phrase_id, send): Enter (send False: the paste settings decide), Ctrl+Enter (send True),
    Alt+1..9 or a double click. closed(): dismissed without a choice (Esc); the app gives focus back.
    popup_suggestions() shows a buyer's message above the list with the phrases suggested for it; typing
    filters as usual, and a choice also emits suggestion_chosen(message, phrase_id).
    """

    phrase_chosen = Signal(int, bool)
    create_phrase_requested = Signal(str)  # nothing matched: the agent wants a phrase from what they typed
    suggestion_chosen = Signal(str, int)  # (buyer message, phrase id): a phrase picked for a shown message
    closed = Signal()

    def __init__(self, phrases: PhraseSearch, groups: Callable[[], Sequence[str]] | None = None,
                 parent: QWidget | None = None, preview: Callable[[Phrase], str] | None = None,
                 missing: Callable[[Phrase], Sequence[str]] | None = None,
                 state_dir: Path | None = None) -> None:
        """missing(phrase) names the placeholders that would come out empty (your name, the shop ...);
        state_dir keeps the place the agent dragged the picker to across restarts."""
        super().__init__(parent, Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint
                         | Qt.WindowType.WindowStaysOnTopHint)
        self._phrases = phrases
        self._missing = missing or (lambda phrase: ())
        self._groups = groups or (lambda: ())
        self._preview_text = preview or (lambda phrase: phrase.body)  # the app shows the rendered text
        self._composing = False
        self._was_active = False
        self._buyer: CurrentBuyer | None = None
        self.buyer_card: QWidget | None = None
        self._message = ""
        self._suggested: list[Phrase] = []
        self._orders: OrderedDict[str, list[int]] = OrderedDict()
        self._offered_buyer = ""  # "@nick" that matched nobody; a second Enter adds them
        self.setObjectName("picker")
        self.setWindowIcon(icon())
        self._state = QSettings(str(Path(state_dir) / STATE_FILE), QSettings.Format.IniFormat) \
            if state_dir is not None else None
        self.remembered: tuple[int, int] | None = self._saved_position()  # where the agent dragged the picker
        self.release_keyboard: Callable[[], Sequence[HeldKey]] = lambda: []
        """Set by the app: lets go of the keyboard held since the hotkey; the keys typed meanwhile."""
        self.watch_focus: Callable[[int], None] = lambda window: None
        """Set by the app: window_focused(window) is to be called when the X server gives it the keyboard."""
        self._keyboard_pending = False  # shown, not yet active: the app may hold keys typed for it
        self._awaiting_expose = False
        self._search_after_expose = False
        self._ready_for_next = True  # the empty query's results are in the list (warm_up, or reset after closing)
        self._watched_window: QObject | None = None
        self._window_ready = False  # created and painted once while hidden (warm_up)
        self._closed = False
        self._drag_from: QPoint | None = None
        self.resize(PICKER_SIZE)

        frame = QFrame(self)
        frame.setObjectName("pickerFrame")
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)

        self.message_label = QLabel()
        self.message_label.setObjectName("pickerMessage")
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        layout.addWidget(self.message_label)

        self.search_field = QLineEdit()
        self.search_field.setObjectName("pickerSearch")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.installEventFilter(self)
        self.search_field.textChanged.connect(self._query_changed)
        layout.addWidget(self.search_field)

        self.model = PhraseListModel(parent=self)
        self.results = QListView()
        self.results.setObjectName("pickerResults")
        self.results.setModel(self.model)
        self.delegate = PhraseDelegate(self.results)
        self.delegate.initials = self._title_initials
        self.results.setItemDelegate(self.delegate)
        self.results.setUniformItemSizes(True)
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.doubleClicked.connect(lambda index: self._choose(index.row(), send=False))
        self.results.selectionModel().currentRowChanged.connect(lambda *_a: self._show_preview())
        layout.addWidget(self.results)
        self._fit_results()

        self.buyer_hint = QLabel()
        self.buyer_hint.setObjectName("pickerBuyerHint")
        self.buyer_hint.setTextFormat(Qt.TextFormat.PlainText)
        self.buyer_hint.setWordWrap(True)
        self.buyer_hint.hide()
        layout.addWidget(self.buyer_hint)

        self.empty_label = QLabel()
        self.empty_label.setObjectName("pickerEmpty")
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()
        layout.addWidget(self.empty_label)

        self.preview = QLabel()
        self.preview.setObjectName("pickerPreview")
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.preview.setMinimumHeight(QFontMetrics(self.font()).height() * 3)
        self.preview.setFrameShape(QFrame.Shape.StyledPanel)
        layout.addWidget(self.preview, 1)

        self.warnings = QLabel()
        self.warnings.setObjectName("pickerWarnings")
        self.warnings.setWordWrap(True)
        self.warnings.setTextFormat(Qt.TextFormat.PlainText)
        self.warnings.setStyleSheet("color: #b26a00;")
        self.warnings.hide()
        layout.addWidget(self.warnings)

        self.hint = QLabel()
        self.hint.setObjectName("pickerHint")
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(self.hint)

        # Queries are run once the pending key events are handled: a burst of keys costs one search.
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(0)
        self._search_timer.timeout.connect(self._run_search)
        self._hide_timer = QTimer(self)
        self._hide_timer.setSingleShot(True)
        self._hide_timer.setInterval(HIDE_AFTER_CHOICE_MS)
        self._hide_timer.timeout.connect(self.hide)
        self._reset_timer = QTimer(self)  # after the paste that closed it, not during
        self._reset_timer.setSingleShot(True)
        self._reset_timer.setInterval(RESET_AFTER_CLOSE_MS)
        self._reset_timer.timeout.connect(self._reset_for_next_time)
        self.retranslate()

    def _fit_results(self) -> None:
        """The list is exactly VISIBLE_ROWS rows tall: no row is ever cut in half (the 7th was, with a buyer)."""
        metrics = QFontMetrics(self.results.font())
        row_height = metrics.height() * 2 + PhraseDelegate.PADDING * 3
        self.results.setFixedHeight(VISIBLE_ROWS * row_height + 2 * self.results.frameWidth())

    def warm_up(self) -> None:
        """Run the empty query once (builds the search index) and make the window ready while hidden: native
        window created, polished, laid out and painted once, so the first hotkey only maps it."""
        if self.model.rowCount() == 0 and not self.search_field.text():
            self._run_search()
        if not self._window_ready and not self.isVisible():
            self._window_ready = True
            self.winId()
            self.resize(PICKER_SIZE)
            own_layout = self.layout()
            if own_layout is not None:
                own_layout.activate()
            self.grab()  # paints every part once: styles, fonts and the delegate are warm

    def attach_buyer(self, buyer: CurrentBuyer, card: QWidget) -> None:
        """Enable `@nick` for buyer; card (built and bound to buyer by the app root) shows beside the results
        while a buyer is current. Phrases for the buyer's group rank first.

        The card comes in from outside so the picker never imports the notes services behind it.
        """
        self._buyer = buyer
        make_collapsible = getattr(card, "make_collapsible", None)
        if make_collapsible is not None:
            make_collapsible()  # one line above the list: the phrases keep the picker's full width
        for child in [card, *card.findChildren(QWidget)]:
            child.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab or Space never reach its Clear button
        parent = self.search_field.parentWidget()
        layout = parent.layout() if parent is not None else None
        assert isinstance(layout, QBoxLayout)  # the picker's own vertical layout
        layout.insertWidget(layout.indexOf(self.search_field) + 1, card)
        self.buyer_card = card
        buyer.changed.connect(self._buyer_changed)
        self._buyer_changed()

    def _buyer_changed(self) -> None:
        if self.buyer_card is not None:
            self.buyer_card.setVisible(self._buyer is not None and self._buyer.card is not None)
        if self.isVisible():
            self._search_timer.start()  # later, not now: we may be inside a search that picked the buyer

    def _split_buyer(self, text: str) -> tuple[str | None, bool, str]:
        """"@li fh" -> ("li", True, "fh"); "@li" -> ("li", False, ""); no @ (or no buyer support) -> None.
        Where the nick ends is core.mentions' rule, the same as in memos and handover notes."""
        leading = split_leading_mention(text) if self._buyer is not None else None
        return (None, False, text) if leading is None else leading

    def _pick_buyer(self, token: str) -> bool:
        """Make the buyer matching token current ("" clears it); False when nobody matches."""
        assert self._buyer is not None, "only called with a buyer attached (_split_mention)"
        if not token:
            self._buyer.clear()
            return True
        return self._buyer.set_nick(token) is not None

    def retranslate(self) -> None:
        self.setWindowTitle(_("DeskAssist phrase picker"))
        self.search_field.setPlaceholderText(_("Search by pinyin initials, code, or words"))
        self.hint.setText(_("Enter paste · Ctrl+Enter paste and send · Alt+1…9 pick · Esc close"))

    # --- showing --------------------------------------------------------------------------------------
    def popup(self, near: QPoint | None = None, anchor: PickerAnchor | None = None) -> None:
        """Show with an empty query, search field focused: next to anchor's caret or window when given, else
        near the given point or the pointer (kept on its screen). The window goes up first with the list
        made ready when it last closed; the search runs again once it is on screen."""
        self._set_message("", [])
        self._show_near(near, anchor, fill_first=False)

    def popup_suggestions(self, message: str, phrases: Sequence[Phrase], near: QPoint | None = None,
                          anchor: PickerAnchor | None = None) -> None:
        """Show the buyer's message above the list and the phrases suggested for it, best first."""
        self._set_message(message, phrases)
        self._show_near(near, anchor, fill_first=True)

    def _set_message(self, message: str, phrases: Sequence[Phrase]) -> None:
        self._message = message
        self._suggested = list(phrases)
        text = shown_message(message)
        short = text if len(text) <= MESSAGE_SHOWN_CHARS else text[:MESSAGE_SHOWN_CHARS - 1] + "…"
        self.message_label.setText(_("Buyer: {message}").format(message=short) if message else "")
        self.message_label.setToolTip(text if short != text else "")
        self.message_label.setVisible(bool(message))

    def _show_near(self, near: QPoint | None, anchor: PickerAnchor | None, fill_first: bool) -> None:
        self._closed = False
        self._hide_timer.stop()
        self._reset_timer.stop()
        self._search_timer.stop()
        already_visible = self.isVisible()
        if fill_first or already_visible:  # nothing to map first: the list is filled now
            self._clear_query()
            self._run_search()
        else:
            if not self._ready_for_next or self.search_field.text():  # not reset yet: no old results on screen
                self._clear_query()
                self.model.set_phrases([])
            self._search_after_expose = True
            self._awaiting_expose = True
        self._place(anchor or PickerAnchor(), near)
        self._keyboard_pending = True
        self.watch_focus(int(self.winId()))
        already_active = self.isVisible() and self._was_active
        self.show()
        self.raise_()
        self.activateWindow()
        self.search_field.setFocus(Qt.FocusReason.PopupFocusReason)
        if already_active:
            self._became_active()  # the hotkey again over the open picker: no focus change will come

    def refresh(self) -> None:
        """Run the current query again (after phrases changed); while the picker is going up, once it is up."""
        self._search_timer.stop()
        if self._awaiting_expose:
            self._search_after_expose = True
            return
        self._run_search()

    def _clear_query(self) -> None:
        """An empty search field without the search its change would start."""
        self.search_field.blockSignals(True)
        self.search_field.clear()
        self.search_field.blockSignals(False)

    def _reset_for_next_time(self) -> None:
        """A while after closing: empty query and its results, so the next hotkey shows the list at once."""
        if self.isVisible():
            return
        self._clear_query()
        self._set_message("", [])
        self._run_search()
        self._ready_for_next = True

    def dismiss(self) -> None:
        """Close without choosing (Esc)."""
        if self.isVisible():
            self.hide()
            self.closed.emit()

    def _place(self, anchor: PickerAnchor, near: QPoint | None) -> None:
        """Beside the chat window's caret, else where the agent dragged the picker, else off the window's middle,
        else by the pointer (core.placement decides; here only screens and device pixels)."""
        caret, window = _logical(anchor.caret), _logical(anchor.window)
        pointer = near if near is not None else QCursor.pos()
        focus = (QPoint(caret.x, caret.y) if caret is not None else QPoint(*self.remembered) if self.remembered
                 else QPoint(window.x + window.width // 2, window.bottom - 1) if window is not None else pointer)
        screen = QGuiApplication.screenAt(focus) or QGuiApplication.primaryScreen()
        area = screen.availableGeometry()
        own_layout = self.layout()
        wanted = max(PICKER_SIZE.height(), own_layout.sizeHint().height() if own_layout is not None else 0)
        placed = place_picker(PICKER_SIZE.width(), wanted,
                              Rect(area.x(), area.y(), area.width(), area.height()),
                              caret=caret, window=window, remembered=self.remembered if near is None else None,
                              pointer=(pointer.x(), pointer.y()), min_height=self.minimumSizeHint().height())
        self.resize(placed.width, placed.height)
        self.move(placed.x, placed.y)

    # --- dragging (the picker has no title bar): the spot is remembered for when no caret is known -------
    def mousePressEvent(self, event: Any) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag_from = event.globalPosition().toPoint() - self.pos()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: Any) -> None:
        if self._drag_from is not None and event.buttons() & Qt.MouseButton.LeftButton:
            self.move(event.globalPosition().toPoint() - self._drag_from)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: Any) -> None:
        if self._drag_from is not None:
            self.remembered = (self.pos().x(), self.pos().y())
            self._drag_from = None
            if self._state is not None:
                self._state.setValue(POSITION_KEY, list(self.remembered))
                self._state.sync()
        super().mouseReleaseEvent(event)

    def _saved_position(self) -> tuple[int, int] | None:
        """The dragged-to place of an earlier run (kept on a screen that exists now when shown)."""
        value = self._state.value(POSITION_KEY) if self._state is not None else None
        if isinstance(value, (list, tuple)) and len(value) == 2:
            try:
                return int(value[0]), int(value[1])
            except (TypeError, ValueError):
                return None
        return None

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._composing = False
        self._watch_expose(self._awaiting_expose)
        log.event(_log, "shown", results=self.model.rowCount(), mono_ms=round(time.monotonic() * 1000, 3))

    def _watch_expose(self, on: bool) -> None:
        """The filter on the picker's own QWindow is there only while it is going up: never while either of
        them is being destroyed (a filter called from a half-deleted widget crashes)."""
        handle = self.windowHandle()
        if self._watched_window is not None and (not on or handle is not self._watched_window):
            self._watched_window.removeEventFilter(self)
            self._watched_window = None
        if on and handle is not None and self._watched_window is None:
            handle.installEventFilter(self)
            self._watched_window = handle

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closed = True  # for good (the app quits): no search later on a closing database
        self._reset_timer.stop()
        super().closeEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._was_active = False
        self._awaiting_expose = False
        self._watch_expose(False)
        self._search_after_expose = False
        self._ready_for_next = False
        if not self._closed:
            self._reset_timer.start()
        if self._keyboard_pending:
            self._keyboard_pending = False
            self.release_keyboard()  # closed before it was active: the held keys were for it, they are dropped

    def _first_expose(self, window: QWindow, event: QEvent) -> bool:
        """Shown means seen: the X server mapped the window and asks for its pixels; they are painted and sent
        right here, then "visible" is logged (monotonic ms, to compare with the hotkey's "pressed")."""
        self._awaiting_expose = False
        self._watch_expose(False)
        window.event(event)
        log.event(_log, "visible", mono_ms=round(time.monotonic() * 1000, 3))
        if self._search_after_expose:
            self._search_after_expose = False
            self._run_search()  # use counts, the buyer's group or phrases may have changed since it closed
        return True

    def window_focused(self, window: int) -> None:
        """The platform saw the picker get the keyboard focus. Qt may not say so: shown again within Qt's
        focus grace time (400 ms) after it hid, Qt never counted it inactive and sends no WindowActivate."""
        if window == int(self.winId()) and self.isVisible() and not self._was_active:
            self._became_active()

    def _became_active(self) -> None:
        """The picker has the keyboard: the keys typed since the hotkey go into it first, in order."""
        self._was_active = True
        self._keyboard_pending = False
        held = list(self.release_keyboard())
        for key in held:
            if not self.isVisible() or self._hide_timer.isActive():
                break  # an Enter or Esc among them closed the picker: the rest were for it, not the chat
            event = held_key_event(key)
            if event is not None:
                QApplication.sendEvent(self.search_field, event)
        log.event(_log, "active", typed_ahead=len(held))  # from now on typed keys reach the picker directly

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.WindowActivate:
            if not self._was_active:
                self._became_active()
        elif kind == QEvent.Type.WindowDeactivate and self._was_active and self.isVisible():
            # the agent clicked elsewhere: get out of the way and leave the focus where they put it
            self._was_active = False
            self.hide()
            log.event(_log, "hidden", reason="deactivated")
        return super().event(event)

    # --- searching ------------------------------------------------------------------------------------
    def _query_changed(self, _text: str) -> None:
        self._search_timer.start()

    def _run_search(self) -> None:
        token, complete, query = self._split_buyer(self.search_field.text())
        self.buyer_hint.hide()
        if token is not None and complete:
            if self._pick_buyer(token):
                self.search_field.setText(query)  # the @nick part is used up; search the rest
                return
            self.buyer_hint.setText(_("No customer matches @{query}. Enter adds them as a new customer.").format(
                query=token))
            self.buyer_hint.show()
        elif token is not None:
            names = [c.nick for c in self._buyer.lookup(token)] if token and self._buyer else []
            self.buyer_hint.setText(
                _("Buyer: {names} (Space or Enter makes the first one current)").format(names="、".join(names))
                if names else _("Type a nickname after @; Enter on @ alone clears the current buyer."))
            self.buyer_hint.show()
            query = ""
        if self._message and not query.strip() and token is None:
            results = self._suggested
        else:
            groups = tuple(self._groups())
            results = self._phrases.search(query.strip(), limit=RESULT_LIMIT, groups=groups)
            results = self._keep_order(query.strip(), groups, results)
        self.delegate.query = query.strip()
        self.model.set_phrases(results)
        has_rows = bool(results)
        creatable = not has_rows and bool(query.strip()) and token is None
        self.empty_label.setText(
            _("No phrase matches. Enter creates a phrase from “{text}”.").format(text=query.strip()) if creatable
            else _("No phrase matches. Try pinyin initials, e.g. fh for 发货."))
        self.empty_label.setVisible(not has_rows and bool(self.search_field.text().strip()))
        if has_rows:
            self.results.setCurrentIndex(self.model.index(0, 0))
            self.results.scrollToTop()
        self._show_preview()

    def _title_initials(self, phrase: Phrase) -> str:
        """A title's pinyin initials for highlighting: the search index keeps them, not the Phrase."""
        initials = getattr(self._phrases, "title_initials", None)
        return initials(phrase.id) if initials is not None else ""

    def _keep_order(self, query: str, groups: Sequence[str], results: Sequence[Phrase]) -> list[Phrase]:
        """Same query (for the same kind of buyer), same numbers: see stable_order. The empty query (most used
        first) is left to ranking; another buyer group ranks its own phrases first again."""
        if not query:
            return list(results)
        key = query + "\x00" + ",".join(groups)
        ordered, ids = stable_order(results, self._orders.get(key))
        self._orders[key] = ids
        self._orders.move_to_end(key)
        while len(self._orders) > ORDERS_KEPT:
            self._orders.popitem(last=False)
        return ordered

    def _flush_search(self) -> None:
        if self._search_timer.isActive() or self._search_after_expose:
            self._search_timer.stop()
            self._search_after_expose = False
            self._run_search()

    def current_phrase(self) -> Phrase | None:
        return self.model.phrase_at(self.results.currentIndex().row())

    def _show_preview(self) -> None:
        phrase = self.current_phrase()
        if phrase is None:
            self.preview.clear()
            self.warnings.clear()
            self.warnings.hide()
            return
        self.preview.setText(self._preview_text(phrase))
        lines = ["⚠ " + issue.message for issue in lint(phrase.body)]
        empty = self._missing(phrase)
        if empty:
            lines.insert(0, "⚠ " + _("Not set yet, left empty: {names} (Settings or the first-run setup)").format(
                names="、".join("{" + PLACEHOLDERS.get(name, name) + "}" for name in empty)))
        self.warnings.setText("\n".join(lines))
        self.warnings.setVisible(bool(lines))

    # --- keys (event filter on the search field) ------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self._watched_window and event.type() == QEvent.Type.Expose and self._awaiting_expose
                and isinstance(watched, QWindow) and watched.isExposed()):
            return self._first_expose(watched, event)
        if watched is self.search_field:
            kind = event.type()
            if kind == QEvent.Type.InputMethod and isinstance(event, QInputMethodEvent):
                self._composing = bool(event.preeditString())
            elif kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
                return self._handle_key(event)
        return super().eventFilter(watched, event)

    def _handle_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        mods = event.modifiers()
        if key in _ENTER_KEYS:
            if self._composing:
                return True  # the input method is still composing: Enter belongs to it, never paste
            self._flush_search()
            token, complete, rest = self._split_buyer(self.search_field.text())
            if token is not None:
                if not complete and self._pick_buyer(token):
                    self.search_field.clear()
                elif token:
                    self._offer_buyer(token, rest)
                return True  # Enter on "@nick" picks or adds the buyer, never pastes
            if self.model.rowCount() == 0 and self.search_field.text().strip():
                text = self.search_field.text().strip()
                self.hide()
                log.event(_log, "create_phrase_requested")
                self.create_phrase_requested.emit(text)
                return True
            self._choose(self.results.currentIndex().row(),
                         send=bool(mods & Qt.KeyboardModifier.ControlModifier))
            return True
        if key == Qt.Key.Key_Escape:
            if self._composing:
                return False
            self.dismiss()
            return True
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            return True  # the focus stays in the search field (a Tab to 清除 and a Space dropped the buyer)
        if key == Qt.Key.Key_B and mods & Qt.KeyboardModifier.ControlModifier and self.buyer_card is not None:
            toggle = getattr(self.buyer_card, "toggle_details", None)
            if toggle is not None and self.buyer_card.isVisible():
                toggle()
            return True
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            self._flush_search()
            self._move(key)
            return True
        if mods & Qt.KeyboardModifier.AltModifier and key in _DIGIT_KEYS:
            self._flush_search()
            self._choose(_DIGIT_KEYS[key] - 1, send=False)
            return True
        return False

    def _offer_buyer(self, token: str, rest: str) -> None:
        """`@nick` that matches nobody: the first Enter says so, the second adds the customer and makes them
        current (the rest of the line stays as the search)."""
        if self._offered_buyer != token:
            self._offered_buyer = token
            self.buyer_hint.setText(_("No customer @{nick}. Press Enter again to add them as a new customer.").format(
                nick=token))
            self.buyer_hint.show()
            return
        self._offered_buyer = ""
        assert self._buyer is not None, "a buyer is offered only with a buyer attached"
        try:
            self._buyer.add_nick(token)
        except UserError as exc:
            self.buyer_hint.setText(str(exc))
            self.buyer_hint.show()
            return
        log.event(_log, "buyer_added")
        self.search_field.setText(rest)

    def _move(self, key: int) -> None:
        count = self.model.rowCount()
        if not count:
            return
        row = max(0, self.results.currentIndex().row())
        page = max(1, self.results.viewport().height() // max(1, self.results.sizeHintForRow(0)) - 1)
        steps: dict[int, int] = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_PageUp: -page,
                                 Qt.Key.Key_PageDown: page}
        step = steps[key]
        row = max(0, min(count - 1, row + step))
        self.results.setCurrentIndex(self.model.index(row, 0))

    def _choose(self, row: int, send: bool) -> None:
        phrase = self.model.phrase_at(row)
        if phrase is None:
            return
        # the paste starts before the picker hides (it gives the focus to the chat window itself before its
        # key goes out), before learning the suggestion (a database write) and before the log line: hiding
        # costs this thread about a millisecond, just when it must answer the chat window's clipboard request
        self.phrase_chosen.emit(phrase.id, send)
        if self._message:
            self.suggestion_chosen.emit(self._message, phrase.id)
        log.event(_log, "chosen", phrase_id=phrase.id, row=row, send=send, suggested=bool(self._message))
        if self.isVisible():
            self._hide_timer.start()
