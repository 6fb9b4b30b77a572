"""Where it hurts: the body outline, front and back, and every region by name; tap a region to
mark it, tap again to clear it."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QBoxLayout,
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.body import REGION_IDS, REGION_SHAPES, VIEW_HEIGHT, VIEW_WIDTH, VIEWS, region_at
from kiosk.core.visit import VisitWording
from kiosk.ui.body_paint import OutlineStyle, paint_view, view_box
from kiosk.ui.controls import WrapButton

STRETCH = 1.3  # on screen the figure is drawn stockier: wider arms and shoulders to tap
REACH = 9.0  # view units: a tap this close to a small region (a hand, the neck) still marks it
CHOSEN, NOT_CHOSEN = "✓  ", "○  "  # a mark as well as a colour: chosen reads without colour
CAPTION = 0.085  # of the height: the view's name above it and "your left / right" below it


class RegionButton(QAbstractButton):
    """One region as a real control: focusable, with an accessible name, Space to mark.

    It paints nothing (the map draws every region) and lets taps through to the map, which
    finds the region under the finger from the drawn shapes, not from this square."""

    def __init__(self, region: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.region = region
        self.setCheckable(True)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API name
        pass

    def focusInEvent(self, event) -> None:  # noqa: N802 - Qt API name
        super().focusInEvent(event)
        self.parentWidget().update()

    def focusOutEvent(self, event) -> None:  # noqa: N802 - Qt API name
        super().focusOutEvent(event)
        self.parentWidget().update()


class BodyMap(QWidget):
    """The two views side by side; emits region_toggled(region id) for a tap or a key press."""

    region_toggled = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bodyMap")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(300, 280)
        self.marked: set[str] = set()
        self.captions = {"front": "", "back": "", "left": "", "right": ""}
        self.style_screen = OutlineStyle(QColor("#FFFFFF"), QColor("#0F3D4C"), QColor("#9AA5B1"),
                                         3.0, 1.2, focus=QColor("#C2410C"))
        self.text_colour = QColor("#1F2933")
        self.buttons: dict[str, RegionButton] = {}
        for region in REGION_IDS:
            button = RegionButton(region, self)
            button.clicked.connect(lambda _=False, r=region: self.region_toggled.emit(r))
            self.buttons[region] = button

    def set_words(self, names: dict[str, str], marked_name: str, unmarked_name: str,
                  captions: dict[str, str]) -> None:
        """Region names (by id), the accessible-name templates, and the view captions."""
        self._names, self._marked_name, self._unmarked_name = names, marked_name, unmarked_name
        self.captions = captions
        self._name_buttons()
        self.update()

    def set_colours(self, fill: str, ink: str, seam: str, focus: str, text: str) -> None:
        self.style_screen = OutlineStyle(QColor(fill), QColor(ink), QColor(seam), 3.0, 1.2,
                                         focus=QColor(focus))
        self.text_colour = QColor(text)
        self.update()

    def show_marked(self, marked: list[str]) -> None:
        self.marked = set(marked)
        for region, button in self.buttons.items():
            button.setChecked(region in self.marked)
        self._name_buttons()
        self.update()

    def _name_buttons(self) -> None:
        if not hasattr(self, "_names"):
            return
        for region, button in self.buttons.items():
            template = self._marked_name if region in self.marked else self._unmarked_name
            button.setAccessibleName(template.format(region=self._names.get(region, region)))

    # --- geometry ------------------------------------------------------------------------------

    def view_rects(self) -> dict[str, QRectF]:
        """Where each view is drawn (without its captions)."""
        caption = self.height() * CAPTION
        half = self.width() / 2
        rects = {}
        for index, view in enumerate(VIEWS):
            area = QRectF(index * half + 8, caption, half - 16, self.height() - 2 * caption)
            rects[view] = view_box(area, STRETCH)
        return rects

    def region_point(self, region: str) -> QPointF:
        """The middle of a region's first shape, in widget pixels (where a finger would tap)."""
        shape = REGION_SHAPES[region][0]
        box = self.view_rects()[shape.view]
        x, y = shape.centre()
        return QPointF(box.x() + x * box.width() / VIEW_WIDTH,
                       box.y() + y * box.height() / VIEW_HEIGHT)

    def region_under(self, point: QPointF) -> str | None:
        for view, box in self.view_rects().items():
            if box.adjusted(-30, -30, 30, 30).contains(point):
                x = (point.x() - box.x()) * VIEW_WIDTH / box.width()
                y = (point.y() - box.y()) * VIEW_HEIGHT / box.height()
                return region_at(view, x, y, REACH)
        return None

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API name
        super().resizeEvent(event)
        for region, button in self.buttons.items():
            centre = self.region_point(region)
            button.setGeometry(round(centre.x()) - 24, round(centre.y()) - 24, 48, 48)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API name
        return QSize(460, 420)

    # --- touch and paint -----------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API name
        self._pressed = self.region_under(event.position())
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API name
        region = self.region_under(event.position())
        if region is not None and region == getattr(self, "_pressed", None):
            self.region_toggled.emit(region)
        self._pressed = None
        event.accept()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        focused = next((r for r, b in self.buttons.items() if b.hasFocus()), None)
        caption = self.height() * CAPTION
        font = QFont(self.font())
        # Sized from the height, but never wider than a narrow (portrait) map can hold.
        font.setPixelSize(max(16, round(min(caption * 0.36, self.width() / 24))))
        font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(font)
        side_font = QFont(font)
        side_font.setPixelSize(max(14, round(min(caption * 0.24, self.width() / 40))))
        side_font.setWeight(QFont.Weight.Normal)
        painter.setPen(self.text_colour)
        centre = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter)
        for view, box in self.view_rects().items():
            paint_view(painter, view, box, self.marked, self.style_screen, focused, STRETCH)
            painter.setPen(self.text_colour)
            painter.drawText(QRectF(box.x() - 40, 0, box.width() + 80, caption), centre,
                             self.captions.get(view, ""))
            # The patient's own sides: mirrored on the front view, as in a mirror.
            first, second = ("right", "left") if view == "front" else ("left", "right")
            painter.setFont(side_font)
            # Each side's words run outwards from the middle, so long words never meet.
            room = self.width() / 4 - 12
            mid = box.center().x()
            right_edge = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            left_edge = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            painter.drawText(QRectF(mid - 8 - room, box.bottom() + 2, room, caption), right_edge,
                             self.captions.get(first, ""))
            painter.drawText(QRectF(mid + 8, box.bottom() + 2, room, caption), left_edge,
                             self.captions.get(second, ""))
            painter.setFont(font)
        painter.end()


def choice_button() -> WrapButton:
    """A whole-row answer that stays chosen (ticked) until tapped again."""
    button = WrapButton()
    button.setObjectName("questionRow")
    button.setCheckable(True)
    return button


def show_choices(buttons: dict[str, WrapButton], wording: VisitWording, section: str,
                 chosen: list[str]) -> None:
    """Tick the chosen answers (a mark and a colour), with names that say so."""
    for item, button in buttons.items():
        picked = item in chosen
        button.setChecked(picked)
        text = wording(f"{section}.{item}")
        button.set_text((CHOSEN if picked else NOT_CHOSEN) + text,
                        wording.label("choice_name", choice=text) if picked else text)


class WhereStep(QWidget):
    """The outline, what is marked in words, and every region as a big named button: a target
    for what is small on the outline (the neck, a shoulder) and for a hand that shakes."""

    region_toggled = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.body_map = BodyMap()
        self.body_map.region_toggled.connect(self.region_toggled)
        self.marked_list = QLabel()
        self.marked_list.setWordWrap(True)
        self.names_title = QLabel()
        self.names_title.setObjectName("topicTitle")
        self.names_title.setWordWrap(True)
        self.region_buttons: dict[str, WrapButton] = {}
        self.names_grid = QGridLayout()
        self.names_grid.setSpacing(8)
        self._columns = 0
        names = QWidget()
        names.setObjectName("screen")
        names.setLayout(self.names_grid)
        for region in REGION_IDS:
            button = choice_button()
            button.clicked.connect(lambda _=False, r=region: self.region_toggled.emit(r))
            self.region_buttons[region] = button
        self.names_scroll = QScrollArea()
        self.names_scroll.setWidgetResizable(True)
        self.names_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.names_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.names_scroll.setMinimumHeight(220)
        self.names_scroll.setWidget(names)
        side = QVBoxLayout()
        side.setSpacing(8)
        side.addWidget(self.marked_list)
        side.addWidget(self.names_title)
        side.addWidget(self.names_scroll, 1)
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.addWidget(self.body_map, 3)
        self.row.addLayout(side, 2)

    def show_wording(self, w: VisitWording) -> None:
        self.wording = w
        self.body_map.set_words(
            {r: w(f"regions.{r}") for r in REGION_IDS}, w.label("region_marked_name"),
            w.label("region_unmarked_name"),
            {"front": w.label("front"), "back": w.label("back_view"),
             "left": w.label("your_left"), "right": w.label("your_right")})
        self.names_title.setText(w.label("region_names"))

    def show_marked(self, regions: list[str]) -> None:
        w = self.wording
        self.body_map.show_marked(regions)
        names = [w(f"regions.{r}") for r in regions]
        self.marked_list.setText(w.label("regions_marked", regions=", ".join(names))
                                 if names else w.label("regions_none"))
        show_choices(self.region_buttons, w, "regions", regions)
        self._arrange_names()

    def shows_marks(self) -> bool:
        """True while any region is still shown as marked (false after a reset)."""
        return bool(self.body_map.marked) \
            or any(b.isChecked() for b in self.body_map.buttons.values()) \
            or any(b.isChecked() for b in self.region_buttons.values())

    def _arrange_names(self) -> None:
        """One, two or three columns of region names, as many as the room beside (or, on a
        portrait screen, under) the outline holds without cutting a name."""
        room = self.width() if self.row.direction() == QBoxLayout.Direction.TopToBottom \
            else self.width() * 2 / 5
        columns = 3 if room >= 680 else 2 if room >= 440 else 1
        if columns == self._columns:
            return
        self._columns = columns
        for index, region in enumerate(REGION_IDS):
            button = self.region_buttons[region]
            self.names_grid.removeWidget(button)
            self.names_grid.addWidget(button, index // columns, index % columns)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API name
        super().resizeEvent(event)
        # A portrait totem: the words go under the outline, which keeps 2/5 of the screen.
        window = self.window()
        portrait = window.height() > window.width()
        self.row.setDirection(QBoxLayout.Direction.TopToBottom if portrait
                              else QBoxLayout.Direction.LeftToRight)
        self.row.setStretch(1, 0 if portrait else 2)
        self.body_map.setMaximumHeight(window.height() * 2 // 5 if portrait else 16777215)
        self._arrange_names()
