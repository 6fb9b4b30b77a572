"""Small building blocks shared by screens: a push button whose text wraps over several lines."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLayout, QPushButton, QSizePolicy, QWidget


def keep_place(widget: QWidget, keep: bool = True) -> QWidget:
    """Whether a hidden widget keeps its room in its row (so nothing beside it moves)."""
    policy = widget.sizePolicy()
    if policy.retainSizeWhenHidden() != keep:
        policy.setRetainSizeWhenHidden(keep)
        widget.setSizePolicy(policy)
    return widget


class WrapButton(QPushButton):
    """A large button for a whole line of text (a question): the text wraps, the row is the target."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        row = QHBoxLayout(self)
        row.setContentsMargins(18, 10, 18, 10)
        row.addWidget(self.label, 1)
        self.setAccessibleName(text)

    def set_text(self, text: str, accessible_name: str | None = None) -> None:
        self.label.setText(text)
        self.setAccessibleName(accessible_name or text)
        self.updateGeometry()

    def text_shown(self) -> str:
        return self.label.text()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt API name
        return max(60, self.layout().totalHeightForWidth(width) + 4)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API name
        width = max(self.width(), 280)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API name
        return QSize(200, self.heightForWidth(max(self.width(), 200)))


def discard(widget: QWidget) -> None:
    """Take a widget off screen and out of its layout now; free it when the loop next runs.

    deleteLater alone leaves the widget in its layout until control returns to the event loop,
    which never happens inside a smoke run or a test that only calls processEvents. The widget
    keeps its parent until then: making it a parentless window first (setParent(None)) corrupted
    the heap after some dozens of language switches (tools/soak.py and
    tests/ui/test_discard.py show it).
    """
    parent = widget.parentWidget()
    holder = _layout_holding(parent.layout(), widget) if parent is not None else None
    if holder is not None:
        holder.removeWidget(widget)
    widget.hide()
    widget.deleteLater()


def _layout_holding(layout: QLayout | None, widget: QWidget) -> QLayout | None:
    """The layout, or nested layout, that has the widget as one of its own items."""
    if layout is None:
        return None
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item.widget() is widget:
            return layout
        found = _layout_holding(item.layout(), widget)
        if found is not None:
            return found
    return None
