"""Import and export dialogs for phrase packs (CSV, XLSX, JSON) over services/phrase_io.

Importing always checks the file first (a dry run) and shows what would happen: phrases to add,
duplicates skipped, categories created, every row with a problem, and what to know before trusting the pack
(phrases that read the clipboard, pinned slots not applied). Import is possible only when no row has a
problem; the import itself is one transaction, so it adds everything or nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from deskassist import log
from deskassist.core.errors import UserError
from deskassist.i18n import _, ngettext
from deskassist.ui.widgets import file_dialogs

_ERROR_STYLE = "color: #c0392b;"
EXPORT_FILTERS = (("xlsx", "Excel (*.xlsx)"), ("csv", "CSV (*.csv)"), ("json", "JSON (*.json)"))


def _phrase_io() -> Any:
    from deskassist.services import phrase_io

    return phrase_io


class BusyCursor:
    """A wait cursor for the duration of a `with` block (and the screen repainted before the work)."""

    def __enter__(self) -> BusyCursor:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        QApplication.processEvents()
        return self

    def __exit__(self, *exc: object) -> None:
        QGuiApplication.restoreOverrideCursor()


class ImportDialog(QDialog):
    """Choose a file -> checked at once (dry run) -> the report -> Import, an explicit click (only when clean)
    -> summary. Enter never imports: no button is the dialog's default, so Enter in the path field checks."""

    def __init__(self, service: Any, parent: QWidget | None = None, path: str | Path | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.report: Any = None
        self.imported = False
        self.setWindowTitle(_("Import phrases"))
        self.path_edit = QLineEdit(self)
        self.path_edit.setPlaceholderText(_("A .csv, .xlsx or .json file"))
        self.path_edit.returnPressed.connect(self.check)
        self.browse_button = QPushButton(_("Choose file…"), self)
        self.browse_button.clicked.connect(self.browse)
        self.check_button = QPushButton(_("Check"), self)
        self.check_button.clicked.connect(self.check)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.browse_button)
        file_row.addWidget(self.check_button)

        self.help_label = QLabel(_("Columns: 分组/category, 标题/title (optional), 快捷编码/code, "
                                   "快捷短语 or 内容/body"), self)
        self.help_label.setWordWrap(True)
        self.help_label.setEnabled(False)
        self.keep_pins_box = QCheckBox(_("Pin the pack's pinned phrases to their slots where those are free"), self)
        self.keep_pins_box.toggled.connect(self.check)
        self.add_label = QLabel(self)
        self.duplicates_label = QLabel(self)
        self.categories_label = QLabel(self)
        self.categories_label.setWordWrap(True)
        self.errors_label = QLabel(self)
        self.errors_label.setStyleSheet(_ERROR_STYLE)
        self.errors_list = QListWidget(self)
        self.notes_label = QLabel(_("Check these before you use the pack:"), self)
        self.notes_list = QListWidget(self)
        for sentences in (self.errors_list, self.notes_list):  # long sentences: wrap, never run off the edge
            sentences.setWordWrap(True)
            sentences.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)

        self.buttons = QDialogButtonBox(self)
        # ActionRole: an AcceptRole button would become the default on show, and Enter would import
        self.import_button = self.buttons.addButton(_("Import"), QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = self.buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.import_button.clicked.connect(self.run_import)
        self.close_button.clicked.connect(self._close)

        layout = QVBoxLayout(self)
        layout.addLayout(file_row)
        layout.addWidget(self.help_label)
        layout.addWidget(self.keep_pins_box)
        layout.addWidget(self.add_label)
        layout.addWidget(self.duplicates_label)
        layout.addWidget(self.categories_label)
        layout.addWidget(self.errors_label)
        layout.addWidget(self.errors_list, 1)
        layout.addWidget(self.notes_label)
        layout.addWidget(self.notes_list, 1)
        layout.addWidget(self.summary_label)
        layout.addStretch(0)  # with no list to show, the spare height goes here, not between the report's lines
        layout.addWidget(self.buttons)
        for button in (self.browse_button, self.check_button, self.import_button, self.close_button):
            button.setAutoDefault(False)
            button.setDefault(False)
        self.resize(560, 420)
        self._show_report(None)
        if path is not None:
            self.path_edit.setText(str(path))
            self.check()

    def browse(self) -> None:
        chosen = file_dialogs.open_file(self, _("Import phrases"),
                                        _("Phrase packs (*.csv *.xlsx *.json);;All files (*)"),
                                        start=self.path())
        if chosen is not None:
            self.path_edit.setText(str(chosen))
            self.check()

    def path(self) -> Path | None:
        text = self.path_edit.text().strip()
        return Path(text) if text else None

    def check(self) -> None:
        """The dry run: read and check every row, write nothing, show what an import would do."""
        path = self.path()
        if path is None:
            return
        self.summary_label.clear()
        try:
            with BusyCursor():
                report = _phrase_io().import_phrases(self.service, path, dry_run=True,
                                                     keep_pins=self.keep_pins_box.isChecked())
        except UserError as exc:
            self._show_report(None)
            self.errors_label.setText(str(exc))
            self.errors_label.setVisible(True)
            return
        self._show_report(report)

    def _show_report(self, report: Any) -> None:
        self.report = report
        self.errors_list.clear()
        self.notes_list.clear()
        shown = report is not None
        notes = _phrase_io().pack_notes(report) if shown else []
        self.notes_label.setVisible(bool(notes))
        self.notes_list.setVisible(bool(notes))
        self.notes_list.addItems(notes)
        for label in (self.add_label, self.duplicates_label, self.categories_label):
            label.setVisible(shown)
        self.errors_label.setVisible(shown and bool(report.errors))
        self.errors_list.setVisible(shown and bool(report.errors))
        news = shown and (report.added > 0 or report.questions_added > 0)
        self.import_button.setEnabled(news and not report.errors and not self.imported)
        self.import_button.setText(ngettext("Import {count} phrase", "Import {count} phrases", report.added).format(
            count=report.added) if news and report.added and not self.imported else _("Import"))
        if not shown:
            return
        self.add_label.setText(_("Phrases to add: {count}").format(count=report.added))
        self.duplicates_label.setText(
            _("Duplicates skipped (already in the library): {count}").format(count=report.skipped_duplicates))
        self.categories_label.setText(
            _("New categories: {names}").format(names="、".join(report.categories_created))
            if report.categories_created else _("New categories: none"))
        if report.questions_added:
            self.duplicates_label.setText(self.duplicates_label.text() + "\n" + _(
                "New example questions (问法) for phrases already in the library: {count}").format(
                count=report.questions_added))
        if report.errors:
            self.errors_label.setText(
                ngettext("{count} row has a problem; fix it in the file and check again. Nothing is imported "
                         "until every row is right.",
                         "{count} rows have problems; fix them in the file and check again. Nothing is imported "
                         "until every row is right.", len(report.errors)).format(count=len(report.errors)))
            for issue in report.errors:
                self.errors_list.addItem(str(issue))  # "Row 3: …" (or "Entry 3: …" for JSON)
        elif not news:
            self.summary_label.setText(_("Nothing new to import: every phrase is already in the library."))

    def run_import(self) -> None:
        path = self.path()
        if path is None or self.report is None or self.report.errors:
            return
        try:
            with BusyCursor():
                report = _phrase_io().import_phrases(self.service, path, dry_run=False,
                                                     keep_pins=self.keep_pins_box.isChecked())
        except UserError as exc:
            self.summary_label.setText(str(exc))
            self.summary_label.setStyleSheet(_ERROR_STYLE)
            return
        if report.errors:
            self._show_report(report)
            return
        self.imported = True
        self._show_report(report)
        self.summary_label.setStyleSheet("")
        self.summary_label.setText(
            _("Imported {added}; {skipped}; {categories}.").format(
                added=ngettext("{count} phrase", "{count} phrases", report.added).format(count=report.added),
                skipped=ngettext("{count} duplicate skipped", "{count} duplicates skipped",
                                 report.skipped_duplicates).format(count=report.skipped_duplicates),
                categories=ngettext("{count} new category", "{count} new categories",
                                    len(report.categories_created)).format(count=len(report.categories_created))))
        self.close_button.setText(_("Close"))
        for widget in (self.path_edit, self.browse_button, self.check_button, self.keep_pins_box):
            widget.setEnabled(False)
        log.event(log.get("ui"), "import_done", added=report.added, skipped=report.skipped_duplicates)

    def _close(self) -> None:
        if self.imported:
            self.accept()
        else:
            self.reject()


def export_suffix(selected_filter: str) -> str:
    """The extension a file-dialog filter stands for ("Excel (*.xlsx)" -> ".xlsx")."""
    for suffix, text in EXPORT_FILTERS:
        if suffix in selected_filter or text == selected_filter:
            return "." + suffix
    return ".csv"


def export_to(service: Any, path: Path) -> int:
    """Write the library to path (format from the extension); returns how many phrases were written."""
    with BusyCursor():
        return _phrase_io().export_phrases(service, path)


def export_with_dialog(parent: QWidget | None, service: Any) -> str | None:
    """Ask where to save (Documents, a dated name), export; a message for the user, None when cancelled."""
    chosen = file_dialogs.save_file(
        parent, _("Export phrases"), file_dialogs.dated_name(_("phrase-export"), ".xlsx"),
        ";;".join(text for _suffix, text in EXPORT_FILTERS))
    if chosen is None:
        return None
    path, selected = chosen
    if path.suffix.lower() not in {"." + suffix for suffix, _text in EXPORT_FILTERS}:
        path = path.with_name(path.name + export_suffix(selected))
    try:
        count = export_to(service, path)
    except UserError as exc:
        return str(exc)
    return ngettext("Exported {count} phrase to {path}", "Exported {count} phrases to {path}", count).format(
        count=count, path=path)
