"""The side panel: a slim always-on-top window beside the chat client that never takes the keyboard focus,
so the chat box keeps its caret. One click fills a reply in; a double click pastes and sends it.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable
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
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QCursor,
    QFontMetrics,
    QGuiApplication,
    QHelpEvent,
    QHideEvent,
    QIcon,
    QKeyEvent,
    QMoveEvent,
    QPainter,
    QPalette,
    QResizeEvent,
    QShowEvent,
    QWindow,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyleOptionViewItem,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from deskassist import log
from deskassist.core.models import Category, Phrase
from deskassist.core.ports import CurrentBuyer
from deskassist.i18n import _
from deskassist.ui.library.models import PhraseListModel, PhraseRole
from deskassist.ui.picker.popup import PhraseDelegate
from deskassist.ui.widgets.icons import icon

_log = log.get("ui")
DEFAULT_WIDTH = 300
MIN_WIDTH = 200
STATE_FILE = "ui-state.ini"


class PhraseLibrary(Protocol):
    """What the panel needs of the phrase service."""

    def categories(self) -> list[Category]: ...

    def list(self, category: str | None = None) -> builtins.list[Phrase]: ...

    def search(self, query: str, limit: int = 50) -> builtins.list[Phrase]: ...


class EdgeSetting(Protocol):
    def get(self, key: str) -> Any: ...


SEARCH_LIMIT = 50


def panel_flags() -> Qt.WindowType:
    """A tool window above the others that the window manager (and Qt) must never give the focus (except while
    the agent types into its search box). It steps down from the top while another window of ours is active."""
    return (Qt.WindowType.Tool | Qt.WindowType.WindowStaysOnTopHint | Qt.WindowType.WindowDoesNotAcceptFocus)


class PanelPhraseDelegate(PhraseDelegate):
    """The picker's two-line rows, with the drawn pin and its slot number at the top right of a pinned phrase
    (Ctrl+Alt+1…9 pastes it)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent, numbered=False)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        pin = index.data(Qt.ItemDataRole.DecorationRole)
        slot = index.data(PhraseRole.Pinned)
        if not isinstance(pin, QIcon) or not slot:
            super().paint(painter, option, index)
            return
        metrics = QFontMetrics(option.font)
        line = metrics.height()
        number = str(slot)
        room = line + metrics.horizontalAdvance(number) + self.PADDING * 2
        full = QStyleOptionViewItem(option)
        self.initStyleOption(full, index)
        full.text = ""
        full.icon = QIcon()
        style = full.widget.style() if full.widget else QApplication.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, full, painter, full.widget)
        narrowed = QStyleOptionViewItem(option)
        narrowed.rect = option.rect.adjusted(0, 0, -room, 0)
        super().paint(painter, narrowed, index)
        right = option.rect.right() - self.PADDING * 2
        top = option.rect.top() + self.PADDING
        number_width = metrics.horizontalAdvance(number)
        pin.paint(painter, QRect(right - number_width - line, top, line, line))
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setPen(option.palette.color(QPalette.ColorRole.HighlightedText if selected
                                            else QPalette.ColorRole.PlaceholderText))
        painter.drawText(QRect(right - number_width, top, number_width, line),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, number)
        painter.restore()


class SidePanel(QWidget):
    """Category tabs over the phrases of the chosen category (with previews).

    phrase_chosen(phrase_id, send, target): target is what capture_target() returned at the first click,
    i.e. the chat window that still has the focus. preview(phrase): the text a click would really send
    (the app renders it, clipboard included), shown as the row's tool tip.
    """

    phrase_chosen = Signal(int, bool, object)

    def __init__(self, phrases: PhraseLibrary, settings: EdgeSetting, state_dir: Path | None = None,
                 capture_target: Callable[[], object] | None = None, parent: QWidget | None = None,
                 preview: Callable[[Phrase], str] | None = None) -> None:
        super().__init__(parent, panel_flags())
        self._preview = preview
        self._phrases = phrases
        self._settings = settings
        self._capture_target = capture_target or (lambda: None)
        self._state = QSettings(str(Path(state_dir) / STATE_FILE), QSettings.Format.IniFormat) \
            if state_dir is not None else None
        self._pending: tuple[int, object] | None = None
        self._loaded_category: tuple[str | None, str] | None = None
        self._placed = False  # geometry is only worth saving once present() has placed the panel
        self._buyer: CurrentBuyer | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setObjectName("sidePanel")
        self.setWindowIcon(icon())
        self.setMinimumWidth(MIN_WIDTH)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        self._layout = layout
        self.buyer_label = QLabel()
        self.buyer_label.setObjectName("panelBuyer")
        self.buyer_label.setTextFormat(Qt.TextFormat.PlainText)
        self.buyer_label.hide()
        layout.addWidget(self.buyer_label)
        self.buyer_details = QLabel()  # the current buyer's tags and note, under their name
        self.buyer_details.setObjectName("panelBuyerDetails")
        self.buyer_details.setTextFormat(Qt.TextFormat.PlainText)
        self.buyer_details.setWordWrap(True)
        self.buyer_details.hide()
        layout.addWidget(self.buyer_details)
        self.buyers = QListWidget()
        self.buyers.setObjectName("panelBuyers")
        self.buyers.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.buyers.setFlow(QListView.Flow.LeftToRight)
        self.buyers.setWrapping(True)
        self.buyers.setSpacing(2)
        self.buyers.setMaximumHeight(56)
        self.buyers.itemClicked.connect(self._buyer_clicked)
        self.buyers.hide()
        layout.addWidget(self.buyers)
        self.search = QLineEdit()
        self.search.setObjectName("panelSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.search.installEventFilter(self)
        self.search.textChanged.connect(lambda _t: self._load_phrases())
        layout.addWidget(self.search)
        self._search_target: object | None = None  # the chat window that had the focus before the search box
        self.categories = QComboBox()  # 17 categories fit in one drop-down list, no arrow-scrolled tabs
        self.categories.setObjectName("panelCategories")
        self.categories.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.categories.setMaxVisibleItems(24)
        self.categories.currentIndexChanged.connect(lambda _i: self._load_phrases())
        layout.addWidget(self.categories)

        self.model = PhraseListModel(parent=self)
        self.model.pin_icons = True
        self.list = QListView()
        self.list.setObjectName("panelPhrases")
        self.list.setModel(self.model)
        self.list.setItemDelegate(PanelPhraseDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setMouseTracking(True)
        self.list.clicked.connect(self._clicked)
        self.list.doubleClicked.connect(self._double_clicked)
        self.list.viewport().installEventFilter(self)
        layout.addWidget(self.list, 1)

        self.hint = QLabel()
        self.hint.setObjectName("panelHint")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)

        # one click waits a double-click interval to learn whether a second click follows
        self._click_timer = QTimer(self)
        self._click_timer.setSingleShot(True)
        self._click_timer.timeout.connect(self._single_click_confirmed)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(400)
        self._save_timer.timeout.connect(self.save_geometry)
        application = QGuiApplication.instance()
        if isinstance(application, QGuiApplication):
            application.focusWindowChanged.connect(self._focus_window_changed)
        self.retranslate()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A row's tool tip is the whole text a click sends now (rendered when asked: the clipboard is current).
        A click into the search box lets the panel take the keyboard until a phrase is chosen or Esc."""
        if (event.type() == QEvent.Type.ToolTip and watched is self.list.viewport()
                and isinstance(event, QHelpEvent)):
            phrase = self.model.phrase_at(self.list.indexAt(event.pos()).row())
            if phrase is None:
                QToolTip.hideText()
            else:
                text = self._preview(phrase) if self._preview is not None else phrase.body
                QToolTip.showText(event.globalPos(), text, self.list.viewport())
            return True
        if watched is self.search:
            if event.type() == QEvent.Type.MouseButtonPress and self._search_target is None:
                self.start_search()
            elif isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape:
                self.search.clear()
                self.end_search()
                return True
        return super().eventFilter(watched, event)

    def start_search(self) -> None:
        """Take the keyboard for the search box; the chat window that had it stays the paste target."""
        if self._search_target is None:
            self._search_target = self._capture_target()
        handle = self.windowHandle()
        if handle is not None:
            handle.setFlag(Qt.WindowType.WindowDoesNotAcceptFocus, False)
        self.activateWindow()
        self.search.setFocus(Qt.FocusReason.MouseFocusReason)

    def end_search(self) -> None:
        """Never take the focus again (after a choice or Esc); the paste gives it back to the chat window."""
        self._search_target = None
        self.search.clearFocus()
        handle = self.windowHandle()
        if handle is not None:
            handle.setFlag(Qt.WindowType.WindowDoesNotAcceptFocus, True)

    def _target(self) -> object:
        return self._search_target if self._search_target is not None else self._capture_target()

    def _focus_window_changed(self, window: object) -> None:
        """Another window of ours (settings, phrase manager ...) comes first: the panel leaves the top until
        that window is left; other programs' windows still find it on top."""
        handle = self.windowHandle()
        if handle is None or not self.isVisible():
            return
        ours_above = (isinstance(window, QWindow) and window is not handle
                      and window.type() in (Qt.WindowType.Window, Qt.WindowType.Dialog))
        handle.setFlag(Qt.WindowType.WindowStaysOnTopHint, not ours_above)

    def retranslate(self) -> None:
        self.setWindowTitle(_("DeskAssist quick replies"))
        self.hint.setText(_("Click: fill in · Double click: send"))
        self.search.setPlaceholderText(_("Search phrases (pinyin initials, code, words)"))

    # --- current buyer ----------------------------------------------------------------------------
    def attach_buyer(self, buyer: CurrentBuyer) -> None:
        """One click on a buyer makes them current (the app's CurrentBuyer: recent(), set_customer, clear)."""
        self._buyer = buyer
        buyer.changed.connect(self._show_buyers)
        self.buyer_label.show()
        self.buyers.show()
        self._show_buyers()

    def _show_buyers(self) -> None:
        if self._buyer is None:
            return
        nick = self._buyer.nick
        self.buyer_label.setText(_("Current buyer: {nick}").format(nick=nick) if nick
                                 else _("No current buyer: click one below"))
        card = self._buyer.card if nick else None
        details = []
        if card is not None and card.customer.tags:
            details.append(_("Tags: {tags}").format(tags=", ".join(card.customer.tags)))
        if card is not None and card.customer.note:
            details.append(_("Note: {note}").format(note=card.customer.note))
        self.buyer_details.setText("\n".join(details))
        self.buyer_details.setVisible(bool(details))
        self.buyers.clear()
        for customer in self._buyer.recent():
            item = QListWidgetItem(customer.nick)
            item.setData(Qt.ItemDataRole.UserRole, customer)
            if customer.nick == nick:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.buyers.addItem(item)
        self.buyers.setVisible(self.buyers.count() > 0)  # no empty box under the header

    def _buyer_clicked(self, item: QListWidgetItem) -> None:
        """Click a buyer: current; click the current one again: none."""
        customer = item.data(Qt.ItemDataRole.UserRole)
        assert self._buyer is not None, "the buyer list is shown only with a buyer attached"
        if customer.nick == self._buyer.nick:
            self._buyer.clear()
        else:
            self._buyer.set_customer(customer)

    # --- content ----------------------------------------------------------------------------------
    def reload(self) -> None:
        """Read categories and phrases again, keeping the chosen category when it still exists."""
        current = self.current_category()
        self.categories.blockSignals(True)
        self.categories.clear()
        self.categories.addItem(_("All"), None)
        for category in self._phrases.categories():
            self.categories.addItem(category.name, category.name)
        chosen = next((i for i in range(self.categories.count()) if self.categories.itemData(i) == current), 0)
        self.categories.setCurrentIndex(chosen)
        self.categories.blockSignals(False)
        self._load_phrases()
        self._show_buyers()

    def select_category(self, name: str | None) -> None:
        for i in range(self.categories.count()):
            if self.categories.itemData(i) == name:
                self.categories.setCurrentIndex(i)
                return

    def current_category(self) -> str | None:
        return self.categories.currentData() if self.categories.count() else None

    def _load_phrases(self) -> None:
        """The chosen category's phrases; while something is typed in the search box, the best matches of all."""
        category = self.current_category()
        query = self.search.text().strip()
        shown = (category, query)
        scroll = self.list.verticalScrollBar().value() if shown == self._loaded_category else 0
        if query:
            self.model.set_phrases(self._phrases.search(query, limit=SEARCH_LIMIT))
        else:
            self.model.set_phrases(self._phrases.list(category=category))
        self._loaded_category = shown
        self.list.verticalScrollBar().setValue(scroll)  # a refresh after a paste keeps the agent's place

    # --- clicks -----------------------------------------------------------------------------------
    def _clicked(self, index: QModelIndex) -> None:
        phrase = self.model.phrase_at(index.row())
        if phrase is None:
            return
        self._pending = (phrase.id, self._target())
        self._click_timer.start(QApplication.doubleClickInterval())

    def _double_clicked(self, index: QModelIndex) -> None:
        phrase = self.model.phrase_at(index.row())
        pending = self._pending
        self._click_timer.stop()
        self._pending = None
        if phrase is None:
            return
        target = pending[1] if pending is not None and pending[0] == phrase.id else self._target()
        self.end_search()
        log.event(_log, "panel_chosen", phrase_id=phrase.id, send=True)
        self.phrase_chosen.emit(phrase.id, True, target)

    def _single_click_confirmed(self) -> None:
        if self._pending is None:
            return
        phrase_id, target = self._pending
        self._pending = None
        self.end_search()
        log.event(_log, "panel_chosen", phrase_id=phrase_id, send=False)
        self.phrase_chosen.emit(phrase_id, False, target)

    # --- showing, docking, remembering ----------------------------------------------------------
    def toggle(self) -> None:
        if self.isVisible():
            self.hide()
        else:
            self.present()

    def present(self) -> None:
        """Show (without taking the focus) at the remembered place, docked to the configured edge."""
        self.reload()
        self.setGeometry(self.placement())
        self._placed = True
        self.show()
        self.raise_()

    def placement(self) -> QRect:
        """Where the panel goes: remembered size and height, x from the dock edge, kept on one screen."""
        saved = self._saved_rect()
        anchor = saved.center() if saved is not None else QCursor.pos()
        screen = QGuiApplication.screenAt(anchor) or QGuiApplication.primaryScreen()
        area = screen.availableGeometry()
        width = min(max(saved.width() if saved else DEFAULT_WIDTH, MIN_WIDTH), area.width())
        height = min(saved.height() if saved else area.height(), area.height())
        y = saved.y() if saved else area.top()
        y = max(area.top(), min(y, area.bottom() - height + 1))
        edge = self._settings.get("ui.panel_edge")
        if edge == "left":
            x = area.left()
        elif edge == "right":
            x = area.right() - width + 1
        else:
            x = saved.x() if saved else area.right() - width + 1
            x = max(area.left(), min(x, area.right() - width + 1))
        return QRect(x, y, width, height)

    def dock(self) -> None:
        """Move to the configured edge now (after ui.panel_edge changed)."""
        if self.isVisible():
            self.setGeometry(self.placement())

    def _saved_rect(self) -> QRect | None:
        if self._state is None:
            return None
        value = self._state.value("panel/geometry")
        if isinstance(value, QRect) and value.isValid():
            return value
        if isinstance(value, (list, tuple)) and len(value) == 4:
            try:
                rect = QRect(*(int(v) for v in value))
            except (TypeError, ValueError):
                return None
            return rect if rect.isValid() else None
        return None

    def save_geometry(self) -> None:
        if self._state is None or not self._placed:
            return
        rect = self.geometry()
        self._state.setValue("panel/geometry", [rect.x(), rect.y(), rect.width(), rect.height()])
        self._state.sync()

    def moveEvent(self, event: QMoveEvent) -> None:
        super().moveEvent(event)
        self._save_timer.start()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._save_timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self._log_shown)

    def hideEvent(self, event: QHideEvent) -> None:
        self.save_geometry()
        super().hideEvent(event)
        log.event(_log, "panel_hidden")

    def _log_shown(self) -> None:
        """Log where the first row is on screen (the end-to-end tests click it); no phrase text."""
        rect = self.list.visualRect(self.model.index(0, 0)) if self.model.rowCount() else QRect()
        first = self.list.viewport().mapToGlobal(rect.center()) if rect.isValid() else QPoint(-1, -1)
        geometry = self.geometry()
        first_phrase = self.model.phrase_at(0)
        log.event(_log, "panel_shown", x=geometry.x(), y=geometry.y(), width=geometry.width(),
                  height=geometry.height(), rows=self.model.rowCount(),
                  first_id=first_phrase.id if first_phrase else -1, first_row_x=first.x(),
                  first_row_y=first.y(), row_height=rect.height())
