"""The phrase manager window: categories on the left, the phrases of one category (or a search) in the
middle, the editor on the right.

Deleting never asks: a status-bar message with an Undo button (and Ctrl+Z) puts the phrase or the
category with all its phrases back. Unsaved edits are never lost silently: switching to another phrase,
category or search result, or closing the window, asks whether to save, discard or stay.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QToolBar,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from deskassist import log
from deskassist.core.errors import UserError
from deskassist.core.lint import lint
from deskassist.core.models import Phrase
from deskassist.i18n import _, ngettext
from deskassist.ui.library.editor import PhraseEditor
from deskassist.ui.library.import_export import BusyCursor, ImportDialog, export_with_dialog
from deskassist.ui.library.models import PhraseListModel, phrase_label
from deskassist.ui.widgets.undo import ServiceCommand, UndoToast, undo_stack_with_actions

SEARCH_LIMIT = 200
_CATEGORY_ID = Qt.ItemDataRole.UserRole
_log = log.get("ui")


class ManagerPhraseModel(PhraseListModel):
    """The shared phrase model, with code and pinned slot shown beside each title (and the category
    while searching, when rows come from every category)."""

    show_category = False
    pin_icons = True

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return super().data(index, role)
        phrase = self.phrase_at(index.row()) if index.isValid() else None
        if phrase is None:
            return None
        text = phrase_label(phrase)
        if self.show_category:
            text = f"{phrase.category} › {text}"
        extras = [phrase.code] if phrase.code else []
        if phrase.pinned:
            extras.append(_("slot {slot}").format(slot=phrase.pinned))
        return f"{text}    [{' · '.join(extras)}]" if extras else text


class LintReportDialog(QDialog):
    """Every phrase with a house-style warning; double-click (or Enter) opens it in the manager."""

    def __init__(self, findings: list[tuple[Phrase, list[str]]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("House-style check"))
        self.chosen: int | None = None
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels([_("Phrase"), _("Category"), _("Warning")])
        self.tree.setRootIsDecorated(False)
        for phrase, messages in findings:
            for message in messages:
                item = QTreeWidgetItem([phrase_label(phrase), phrase.category, message])
                item.setData(0, Qt.ItemDataRole.UserRole, phrase.id)
                self.tree.addTopLevelItem(item)
        self.tree.itemActivated.connect(self._open)
        self.tree.itemDoubleClicked.connect(self._open)
        summary = QLabel(
            ngettext("{count} phrase has warnings; double-click it to edit it.",
                     "{count} phrases have warnings; double-click one to edit it.", len(findings)).format(
                count=len(findings))
            if findings else _("No warnings: every phrase follows the house style."), self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.resize(700, 420)

    def _open(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        self.chosen = item.data(0, Qt.ItemDataRole.UserRole)
        self.accept()


class PhraseManagerWindow(QMainWindow):
    """Manage the phrase library. Pass a Session (or a PhraseService plus settings).

    In the app pass the app's own PhraseService as `service=`: its search index and change listeners
    (picker, side panel) then see every edit made here at once.
    """

    editor: PhraseEditor  # built after the views whose signals reach it

    def __init__(self, source: Any, settings: Any = None, parent: QWidget | None = None, *,
                 service: Any = None) -> None:
        super().__init__(parent)
        if hasattr(source, "db"):  # a Session
            from deskassist.services.phrases import PhraseService

            self.session = source
            self.service = service or PhraseService(source)
            self.settings = settings or source.settings
        else:
            self.session = None
            self.service = source
            self.settings = settings
        self._current_category: str | None = None
        self._switching = False  # True while the window itself changes selections (handlers stay quiet)
        self._leaving = False  # True while saving on the way to another phrase (keep selections as they are)
        self.setWindowTitle(_("Phrase manager"))
        self._build()
        self._build_actions()
        self.reload_categories()
        self.resize(1100, 680)

    # -- layout --------------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.categories_list = QListWidget(self)
        self.categories_list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.categories_list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.categories_list.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.categories_list.currentItemChanged.connect(self._category_chosen)
        self.categories_list.itemChanged.connect(self._category_renamed)
        self.categories_list.model().rowsMoved.connect(self._category_dropped)
        self.add_category_button = self._tool_button(_("Add"), _("Add a category"), self.add_category)
        self.rename_category_button = self._tool_button(_("Rename"), _("Rename the category (F2)"),
                                                        self.rename_category)
        self.up_button = self._tool_button("↑", _("Move the category up (Alt+Up)"), lambda: self.move_category(-1))
        self.down_button = self._tool_button("↓", _("Move the category down (Alt+Down)"),
                                             lambda: self.move_category(1))
        self.delete_category_button = self._tool_button(_("Delete"), _("Delete the category and its phrases"),
                                                        self.delete_category)
        category_buttons = QHBoxLayout()
        for button in (self.add_category_button, self.rename_category_button, self.up_button, self.down_button,
                       self.delete_category_button):
            category_buttons.addWidget(button)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(QLabel(_("Categories"), left))
        left_layout.addWidget(self.categories_list, 1)
        left_layout.addLayout(category_buttons)

        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText(_("Search all phrases: text, pinyin, initials or code (Ctrl+F)"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self._search_changed)
        self.search_edit.installEventFilter(self)
        self.phrase_model = ManagerPhraseModel(parent=self)
        self.phrases_view = QListView(self)
        self.phrases_view.setModel(self.phrase_model)
        self.phrases_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.phrases_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.phrases_view.selectionModel().currentChanged.connect(self._phrase_chosen)
        self.phrases_view.activated.connect(lambda _index: self.editor.body_edit.setFocus())
        self.count_label = QLabel(self)
        self.count_label.setEnabled(False)
        middle = QWidget(self)
        middle_layout = QVBoxLayout(middle)
        middle_layout.addWidget(self.search_edit)
        middle_layout.addWidget(self.phrases_view, 1)
        middle_layout.addWidget(self.count_label)

        self.editor = PhraseEditor(self.service, self, settings=self.settings)
        self.editor.saved.connect(self._phrase_saved)
        self.editor.dirty_changed.connect(self._dirty_changed)

        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(middle)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        splitter.setStretchFactor(2, 3)
        self.setCentralWidget(splitter)

        self.toast = UndoToast(self)
        self.toast.undo_clicked.connect(self.undo)
        self.statusBar().addWidget(self.toast, 1)

        chain: list[QWidget] = [self.categories_list, self.add_category_button, self.rename_category_button,
                                self.up_button, self.down_button, self.delete_category_button, self.search_edit,
                                self.phrases_view, *self.editor.tab_chain()]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _tool_button(self, text: str, tip: str, slot: Any) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    def _action(self, text: str, slot: Any, shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
                tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setToolTip(tip)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        self.new_action = self._action(_("New phrase"), self.new_phrase, QKeySequence.StandardKey.New,
                                       _("A new phrase in the current category (Ctrl+N)"))
        self.save_action = self._action(_("Save"), self.save, QKeySequence.StandardKey.Save,
                                        _("Save the phrase (Ctrl+S)"))
        self.delete_action = self._action(_("Delete phrase"), self.delete_phrase, None,
                                          _("Delete the selected phrase (Del); Undo brings it back"))
        self.undo_stack, self.undo_action, self.redo_action = undo_stack_with_actions(self, self._may_move_in_history)
        self.undo_action.setToolTip(_("Put back what was just deleted (Ctrl+Z)"))
        self._history_index = 0
        self.undo_stack.indexChanged.connect(self._history_moved)
        self.import_action = self._action(_("Import…"), self.import_phrases, None,
                                          _("Add phrases from a CSV, Excel or JSON file"))
        self.export_action = self._action(_("Export…"), self.export_phrases, None,
                                          _("Save every phrase to a CSV, Excel or JSON file"))
        self.lint_action = self._action(_("Check all"), self.lint_all, None,
                                        _("Check every phrase against the house style"))
        self.find_action = self._action(_("Find"), self.focus_search, QKeySequence.StandardKey.Find)
        toolbar = QToolBar(_("Phrases"), self)
        toolbar.setObjectName("phrase_manager_toolbar")
        toolbar.setMovable(False)
        for action in (self.new_action, self.delete_action, self.undo_action):  # 保存 is the editor's button
            toolbar.addAction(action)
        toolbar.addSeparator()
        for action in (self.import_action, self.export_action, self.lint_action):
            toolbar.addAction(action)
        self.addToolBar(toolbar)
        menu = self.menuBar().addMenu(_("&Phrases"))
        for entry in (self.new_action, self.save_action, self.delete_action, self.undo_action,
                       self.redo_action, None,
                       self.find_action, None, self.import_action, self.export_action, self.lint_action):
            if entry is None:
                menu.addSeparator()
            else:
                menu.addAction(entry)
        # Delete acts on the list that has focus (a text field keeps Delete for itself).
        self.delete_key_phrase = self._action(_("Delete phrase"), self.delete_phrase, QKeySequence.StandardKey.Delete)
        self.delete_key_phrase.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.phrases_view.addAction(self.delete_key_phrase)
        self.delete_key_category = self._action(_("Delete category"), self.delete_category,
                                                QKeySequence.StandardKey.Delete)
        self.delete_key_category.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.categories_list.addAction(self.delete_key_category)
        for key, step in (("Alt+Up", -1), ("Alt+Down", 1)):
            move = self._action(_("Move the category up") if step < 0 else _("Move the category down"),
                                lambda _checked=False, s=step: self.move_category(s), key)
            move.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.categories_list.addAction(move)
        self._dirty_changed(False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down or Enter in the search field moves to the results (the keys still reach nobody else)."""
        if watched is self.search_edit and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.phrase_model.rowCount():
                self.phrases_view.setFocus()
                if not self.phrases_view.currentIndex().isValid():
                    self.phrases_view.setCurrentIndex(self.phrase_model.index(0, 0))
                return True
        return super().eventFilter(watched, event)

    # -- categories ----------------------------------------------------------------------------------------

    def current_category(self) -> str | None:
        return self._current_category

    def category_names(self) -> list[str]:
        return [self.categories_list.item(row).text() for row in range(self.categories_list.count())]

    def reload_categories(self, select: str | None = None) -> None:
        """Refill the category list and select `select` (or the current one, or the first)."""
        categories = self.service.categories()
        wanted = select or self._current_category
        self._switching = True
        try:
            self.categories_list.clear()
            for category in categories:
                item = QListWidgetItem(category.name)
                item.setData(_CATEGORY_ID, category.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsDragEnabled)
                self.categories_list.addItem(item)
            names = [c.name for c in categories]
            row = names.index(wanted) if wanted in names else (0 if names else -1)
            self.categories_list.setCurrentRow(row)
        finally:
            self._switching = False
        self.editor.set_categories([c.name for c in categories])
        self._current_category = names[row] if row >= 0 else None
        if self.search_edit.text().strip():
            return
        if self.editor.is_dirty():  # keep the edits: refresh the list only
            self._refresh_list_keeping_selection()
        else:
            self._show_category(self._current_category, self.editor.phrase_id())

    def _category_chosen(self, current: QListWidgetItem | None, previous: QListWidgetItem | None) -> None:
        if self._switching or current is None:
            return
        name = current.text()
        if not self.confirm_leave():
            self._switching = True
            if previous is not None:
                self.categories_list.setCurrentItem(previous)
            self._switching = False
            return
        self._current_category = name
        if self.search_edit.text():
            self._switching = True
            self.search_edit.clear()
            self._switching = False
        self._show_category(self._current_category)

    def _show_category(self, name: str | None, select_id: int | None = None) -> None:
        phrases = self.service.list(category=name) if name else []
        self._fill_phrases(phrases, select_id, new_in=name)

    def add_category(self) -> None:
        names = set(self.category_names())
        name, number = _("New category"), 2
        while name in names:
            name = _("New category {number}").format(number=number)
            number += 1
        if not self.confirm_leave():
            return
        try:
            self.service.add_category(name)
        except UserError as exc:
            self.show_message(str(exc))
            return
        self.reload_categories(select=name)
        self.rename_category()

    def rename_category(self) -> None:
        item = self.categories_list.currentItem()
        if item is not None:
            self.categories_list.setFocus()
            self.categories_list.editItem(item)

    def _category_renamed(self, item: QListWidgetItem) -> None:
        if self._switching:
            return
        category_id = item.data(_CATEGORY_ID)
        new_name = item.text().strip()
        old = next((c for c in self.service.categories() if c.id == category_id), None)
        if old is None or new_name == old.name:
            return
        try:
            if not new_name:
                raise UserError(_("A category needs a name"))
            self.service.rename_category(category_id, new_name)
            self.editor.rename_category_choice(old.name, new_name)
        except UserError as exc:
            self.show_message(str(exc))
            self._reload_soon(old.name)
            return
        self.show_message(_("Renamed “{old}” to “{new}”").format(old=old.name, new=new_name))
        self._current_category = new_name if self._current_category == old.name else self._current_category
        self._reload_soon(new_name)

    def _reload_soon(self, select: str) -> None:
        """Reload after the in-place editor has finished committing (not from inside its setData)."""
        QTimer.singleShot(0, lambda: self.reload_categories(select=select))

    def move_category(self, step: int) -> None:
        row = self.categories_list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.categories_list.count():
            return
        item = self.categories_list.item(row)
        self.service.move_category(item.data(_CATEGORY_ID), target)
        self.reload_categories(select=item.text())

    def _category_dropped(self, _parent: QModelIndex, start: int, _end: int, _dest: QModelIndex,
                          row: int) -> None:
        """After a drag: store the new order (row is where the item went, counted before its removal)."""
        target = row if row < start else row - 1
        item = self.categories_list.item(target)
        if item is None:
            return
        self.service.move_category(item.data(_CATEGORY_ID), target)
        self.show_message(_("Moved “{name}”").format(name=item.text()))

    def delete_category(self) -> None:
        item = self.categories_list.currentItem()
        if item is None or not self.confirm_leave():
            return
        deleted: list[Any] = []
        category_id = item.data(_CATEGORY_ID)

        def delete() -> None:
            deleted[:] = [self.service.delete_category(deleted[0].category.id if deleted else category_id)]
            self._current_category = None
            self.reload_categories()

        def restore() -> None:
            self._restore_category(deleted[0])

        command = ServiceCommand("", delete, restore, self.show_message)
        self.undo_stack.push(command)
        if command.failed:
            return
        snapshot = deleted[0]
        command.setText(ngettext("Deleted category “{name}” and its {count} phrase",
                                 "Deleted category “{name}” and its {count} phrases",
                                 len(snapshot.phrases)).format(name=snapshot.category.name, count=len(snapshot.phrases)))
        self.toast.show_message(command.text())
        log.event(_log, "category_deleted_in_manager", phrases=len(snapshot.phrases))

    def _restore_category(self, snapshot: Any) -> None:
        self.service.restore_category(snapshot)
        self.reload_categories(select=snapshot.category.name)

    # -- phrases -------------------------------------------------------------------------------------------

    def _fill_phrases(self, phrases: list[Phrase], select_id: int | None = None, new_in: str | None = None) -> None:
        """Show phrases; select select_id (or the first); with none, the editor offers a new phrase."""
        self._switching = True
        try:
            self.phrase_model.show_category = bool(self.search_edit.text().strip())
            self.phrase_model.set_phrases(phrases)
            row = self.phrase_model.row_of(select_id) if select_id is not None else -1
            row = row if row >= 0 else (0 if phrases else -1)
            if row >= 0:
                self.phrases_view.setCurrentIndex(self.phrase_model.index(row, 0))
        finally:
            self._switching = False
        self.count_label.setText(ngettext("{count} phrase", "{count} phrases", len(phrases)).format(count=len(phrases)))
        if row >= 0:
            self.editor.load(phrases[row])
        else:
            self.editor.load(None, category=new_in or self._current_category)

    def _search_changed(self, text: str) -> None:
        if self._switching:
            return
        if not self.confirm_leave():
            self._switching = True
            self.search_edit.undo()
            self._switching = False
            return
        query = text.strip()
        if query:
            self._fill_phrases(self.service.search(query, limit=SEARCH_LIMIT))
        else:
            self._show_category(self._current_category, self.editor.phrase_id())

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def _phrase_chosen(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._switching:
            return
        phrase = self.phrase_model.phrase_at(current.row())
        if phrase is None or phrase.id == self.editor.phrase_id():
            return
        if not self.confirm_leave():
            self._switching = True
            self.phrases_view.selectionModel().setCurrentIndex(
                previous, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self._switching = False
            return
        self.editor.load(self.phrase_model.phrase_at(current.row()) or phrase)

    def selected_phrase(self) -> Phrase | None:
        return self.phrase_model.phrase_at(self.phrases_view.currentIndex().row())

    def select_phrase(self, phrase_id: int) -> bool:
        """Show a phrase in its category and open it in the editor (after asking about unsaved edits)."""
        if not self.confirm_leave():
            return False
        try:
            phrase = self.service.get(phrase_id)
        except UserError:
            return False
        self._switching = True
        try:
            self.search_edit.clear()
            names = self.category_names()
            if phrase.category in names:
                self.categories_list.setCurrentRow(names.index(phrase.category))
        finally:
            self._switching = False
        self._current_category = phrase.category
        self._show_category(phrase.category, phrase.id)
        return True

    def new_phrase(self, body: str = "") -> None:
        """An empty new phrase in the current category; body pre-filled (from the picker's "create")."""
        if not self.confirm_leave():
            return
        self._switching = True
        self.phrases_view.selectionModel().clearCurrentIndex()
        self.phrases_view.clearSelection()
        self._switching = False
        self.editor.load(None, category=self._current_category)
        if isinstance(body, str) and body:
            self.editor.body_edit.setPlainText(body)
        self.editor.body_edit.setFocus()

    def save(self) -> Phrase | None:
        return self.editor.save()

    def _phrase_saved(self, phrase: Phrase) -> None:
        self.show_message(_("Saved “{title}”").format(title=phrase_label(phrase)))
        if self._leaving:
            self._refresh_list_keeping_selection()
            return
        if self.search_edit.text().strip():
            self._switching = True
            self.phrase_model.set_phrases(self.service.search(self.search_edit.text().strip(), limit=SEARCH_LIMIT))
            row = self.phrase_model.row_of(phrase.id)
            if row >= 0:
                self.phrases_view.setCurrentIndex(self.phrase_model.index(row, 0))
            self._switching = False
            return
        self._current_category = phrase.category
        names = self.category_names()
        self._switching = True
        if phrase.category in names:
            self.categories_list.setCurrentRow(names.index(phrase.category))
        self._switching = False
        self._show_category(phrase.category, phrase.id)

    def _refresh_list_keeping_selection(self) -> None:
        """Re-read the shown list (search or category) without touching the editor or the selection."""
        selected = self.selected_phrase()
        query = self.search_edit.text().strip()
        phrases = (self.service.search(query, limit=SEARCH_LIMIT) if query
                   else self.service.list(category=self._current_category) if self._current_category else [])
        self._switching = True
        try:
            self.phrase_model.show_category = bool(self.search_edit.text().strip())
            self.phrase_model.set_phrases(phrases)
            row = self.phrase_model.row_of(selected.id) if selected else -1
            if row >= 0:
                self.phrases_view.setCurrentIndex(self.phrase_model.index(row, 0))
        finally:
            self._switching = False
        self.count_label.setText(ngettext("{count} phrase", "{count} phrases", len(phrases)).format(count=len(phrases)))

    def delete_phrase(self) -> None:
        phrase = self.selected_phrase()
        if phrase is None or phrase.id != self.editor.phrase_id():
            return
        row = self.phrases_view.currentIndex().row()
        deleted: list[Phrase] = []

        def delete() -> None:
            deleted[:] = [self.service.delete(phrase.id)]
            remaining = [p for p in self.phrase_model.phrases() if p.id != phrase.id]
            next_id = remaining[min(row, len(remaining) - 1)].id if remaining else None
            self._fill_phrases(remaining, next_id)

        label = _("Deleted “{title}”").format(title=phrase_label(phrase))
        command = ServiceCommand(label, delete, lambda: self._restore_phrase(deleted[0]), self.show_message)
        self.undo_stack.push(command)
        if not command.failed:
            self.toast.show_message(label)
        self.phrases_view.setFocus()

    def _restore_phrase(self, phrase: Phrase) -> None:
        restored = self.service.restore(phrase)
        self._current_category = restored.category
        self.reload_categories(select=restored.category)
        self._show_category(restored.category, restored.id)

    def undo(self) -> None:
        """Put back the latest deletion (asks first about unsaved edits, which a reload would drop)."""
        if self._may_move_in_history():
            self.undo_stack.undo()

    def _may_move_in_history(self) -> bool:
        """Undo and redo reload the lists: unsaved edits are saved or dropped first, the search is cleared."""
        if not self.confirm_leave():
            return False
        self.search_edit.blockSignals(True)
        self.search_edit.clear()
        self.search_edit.blockSignals(False)
        return True

    def _history_moved(self, index: int) -> None:
        """Say what undo or redo just did (the toast, without its button)."""
        if index < self._history_index:
            command = self.undo_stack.command(index)
            if command is not None and not command.isObsolete():
                self.toast.show_message(_("Undone: {what}").format(what=command.text()), undoable=False)
        self._history_index = index

    # -- unsaved edits -------------------------------------------------------------------------------------

    def _dirty_changed(self, dirty: bool) -> None:
        self.save_action.setEnabled(dirty)
        self.setWindowTitle(_("Phrase manager") + (" *" if dirty else ""))

    def confirm_leave(self) -> bool:
        """True when the editor may show something else: it is clean, or the user saved or discarded."""
        if not self.editor.is_dirty():
            return True
        box = QMessageBox(QMessageBox.Icon.Question, _("Unsaved changes"),
                          _("The phrase has changes that are not saved yet."), parent=self)
        save = box.addButton(_("Save"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(_("Discard"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(_("Keep editing"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.setObjectName("unsaved_changes_box")
        box.exec()
        clicked = box.clickedButton()
        if clicked is save:
            self._leaving = True
            try:
                return self.editor.save() is not None
            finally:
                self._leaving = False
        if clicked is discard:
            self.editor.revert()
            return True
        return False

    def showEvent(self, event: QShowEvent) -> None:
        """Shown again from the tray: pick up changes made elsewhere (CLI, import, restore) unless editing."""
        super().showEvent(event)
        if not event.spontaneous() and not self.editor.is_dirty():
            self.reload_categories()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.confirm_leave():
            event.accept()
        else:
            event.ignore()

    # -- import, export, lint ------------------------------------------------------------------------------

    def import_phrases(self) -> None:
        if not self.confirm_leave():
            return
        dialog = ImportDialog(self.service, self)
        dialog.exec()
        if dialog.imported:
            self.reload_categories()
            self.show_message(dialog.summary_label.text())

    def export_phrases(self) -> None:
        message = export_with_dialog(self, self.service)
        if message:
            self.show_message(message)

    def lint_findings(self) -> list[tuple[Phrase, list[str]]]:
        with BusyCursor():
            return [(p, [i.message for i in issues]) for p in self.service.list() if (issues := lint(p.body))]

    def lint_all(self) -> None:
        findings = self.lint_findings()
        self.show_message(ngettext("{count} phrase has warnings", "{count} phrases have warnings", len(findings)).format(
            count=len(findings)))
        dialog = LintReportDialog(findings, self)
        if dialog.exec() and dialog.chosen is not None:
            self.select_phrase(dialog.chosen)

    def show_message(self, text: str) -> None:
        self.toast.show_message(text, undoable=False)
