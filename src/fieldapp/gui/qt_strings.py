"""Strings that Qt itself shows, listed so ``pyside6-lupdate`` puts them in our ``.ts`` files.

Qt ships no Urdu or Pashto catalogue. Qt looks these up at run time under its own contexts
(``QPlatformTheme`` for standard buttons, ``QMessageBox``, ``QFileDialog``, ``QLineEdit`` and
``QWidgetTextControl`` for the edit menus), so translating them here translates Qt's dialogs too.
This function is never called: it only exists to be scanned.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

__all__ = ["qt_standard_strings"]


def qt_standard_strings() -> list[str]:
    """Every Qt-owned string we translate (also used by the completeness test)."""
    return [
        QCoreApplication.translate("QPlatformTheme", "OK"),
        QCoreApplication.translate("QPlatformTheme", "Save"),
        QCoreApplication.translate("QPlatformTheme", "Save All"),
        QCoreApplication.translate("QPlatformTheme", "Open"),
        QCoreApplication.translate("QPlatformTheme", "&Yes"),
        QCoreApplication.translate("QPlatformTheme", "Yes to &All"),
        QCoreApplication.translate("QPlatformTheme", "&No"),
        QCoreApplication.translate("QPlatformTheme", "N&o to All"),
        QCoreApplication.translate("QPlatformTheme", "Abort"),
        QCoreApplication.translate("QPlatformTheme", "Retry"),
        QCoreApplication.translate("QPlatformTheme", "Ignore"),
        QCoreApplication.translate("QPlatformTheme", "Close"),
        QCoreApplication.translate("QPlatformTheme", "Cancel"),
        QCoreApplication.translate("QPlatformTheme", "Discard"),
        QCoreApplication.translate("QPlatformTheme", "Help"),
        QCoreApplication.translate("QPlatformTheme", "Apply"),
        QCoreApplication.translate("QPlatformTheme", "Reset"),
        QCoreApplication.translate("QPlatformTheme", "Restore Defaults"),
        QCoreApplication.translate("QMessageBox", "Show Details..."),
        QCoreApplication.translate("QMessageBox", "Hide Details..."),
        QCoreApplication.translate("QMessageBox", "OK"),
        QCoreApplication.translate("QFileDialog", "Look in:"),
        QCoreApplication.translate("QFileDialog", "File &name:"),
        QCoreApplication.translate("QFileDialog", "Files of type:"),
        QCoreApplication.translate("QFileDialog", "&Open"),
        QCoreApplication.translate("QFileDialog", "&Save"),
        QCoreApplication.translate("QFileDialog", "Back"),
        QCoreApplication.translate("QFileDialog", "Forward"),
        QCoreApplication.translate("QFileDialog", "Parent Directory"),
        QCoreApplication.translate("QFileDialog", "Create New Folder"),
        QCoreApplication.translate("QFileDialog", "List View"),
        QCoreApplication.translate("QFileDialog", "Detail View"),
        QCoreApplication.translate("QFileDialog", "All Files (*)"),
        QCoreApplication.translate("QFileDialog", "Open"),
        QCoreApplication.translate("QFileDialog", "Save As"),
        QCoreApplication.translate("QFileDialog", "Directories"),
        QCoreApplication.translate("QFileDialog", "My Computer"),
        QCoreApplication.translate("QFileDialog", "Recent Places"),
        QCoreApplication.translate("QFileDialog", "Size"),
        QCoreApplication.translate("QFileDialog", "Type"),
        QCoreApplication.translate("QFileDialog", "Date Modified"),
        QCoreApplication.translate("QFileSystemModel", "Name"),
        QCoreApplication.translate("QFileSystemModel", "Size"),
        QCoreApplication.translate("QFileSystemModel", "Type"),
        QCoreApplication.translate("QFileSystemModel", "Date Modified"),
        QCoreApplication.translate("QLineEdit", "&Undo"),
        QCoreApplication.translate("QLineEdit", "&Redo"),
        QCoreApplication.translate("QLineEdit", "Cu&t"),
        QCoreApplication.translate("QLineEdit", "&Copy"),
        QCoreApplication.translate("QLineEdit", "&Paste"),
        QCoreApplication.translate("QLineEdit", "Delete"),
        QCoreApplication.translate("QLineEdit", "Select All"),
        QCoreApplication.translate("QWidgetTextControl", "&Undo"),
        QCoreApplication.translate("QWidgetTextControl", "&Redo"),
        QCoreApplication.translate("QWidgetTextControl", "Cu&t"),
        QCoreApplication.translate("QWidgetTextControl", "&Copy"),
        QCoreApplication.translate("QWidgetTextControl", "&Paste"),
        QCoreApplication.translate("QWidgetTextControl", "Delete"),
        QCoreApplication.translate("QWidgetTextControl", "Select All"),
        QCoreApplication.translate("QWidgetTextControl", "Copy &Link Location"),
        QCoreApplication.translate("QAbstractSpinBox", "&Step up"),
        QCoreApplication.translate("QAbstractSpinBox", "Step &down"),
        QCoreApplication.translate("QAbstractSpinBox", "&Select All"),
    ]
