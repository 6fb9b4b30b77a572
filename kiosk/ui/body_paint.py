"""Painting the body outline (kiosk/core/body.py) on screen and on paper, with marked regions
shaded so they read in black and white: solid dark on screen, dark hatching on paper."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from kiosk.core.body import REGION_SHAPES, VIEW_HEIGHT, VIEW_WIDTH, Shape


@dataclass(frozen=True)
class OutlineStyle:
    """Colours and line widths (in the painter's units) for one way of drawing the outline."""

    fill: QColor  # an unmarked region
    ink: QColor  # the outline and the marks
    seam: QColor  # the thin lines between regions
    line: float
    seam_line: float
    hatch_gap: float = 0.0  # > 0: marked regions hatched (paper); 0: filled solid (screen)
    focus: QColor | None = None


def view_box(box: QRectF, stretch: float = 1.0) -> QRectF:
    """The largest box of the view's shape (100 x 240, widened by `stretch`) centred in `box`."""
    scale = min(box.width() / (VIEW_WIDTH * stretch), box.height() / VIEW_HEIGHT)
    w, h = VIEW_WIDTH * stretch * scale, VIEW_HEIGHT * scale
    return QRectF(box.center().x() - w / 2, box.center().y() - h / 2, w, h)


def shape_path(shape: Shape, box: QRectF) -> QPainterPath:
    """The shape in painter coordinates, drawn in `box` (already of the view's proportions)."""
    sx, sy = box.width() / VIEW_WIDTH, box.height() / VIEW_HEIGHT
    path = QPainterPath()
    if shape.kind == "ellipse":
        cx, cy, rx, ry = shape.ellipse
        path.addEllipse(QPointF(box.x() + cx * sx, box.y() + cy * sy), rx * sx, ry * sy)
    else:
        points = [QPointF(box.x() + x * sx, box.y() + y * sy) for x, y in shape.points]
        path.moveTo(points[0])
        for point in points[1:]:
            path.lineTo(point)
        path.closeSubpath()
    return path


def region_paths(view: str, box: QRectF) -> dict[str, QPainterPath]:
    """Each region's path in this view (regions not in the view are left out)."""
    paths: dict[str, QPainterPath] = {}
    for region, shapes in REGION_SHAPES.items():
        for shape in shapes:
            if shape.view == view:
                path = paths.get(region, QPainterPath())
                path.addPath(shape_path(shape, box))
                paths[region] = path
    return paths


def paint_view(painter: QPainter, view: str, box: QRectF, marked: set[str], style: OutlineStyle,
               focused: str | None = None, stretch: float = 1.0) -> None:
    """Draw one view (front or back) of the body in `box`, marked regions shaded."""
    box = view_box(box, stretch)
    paths = region_paths(view, box)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for region, path in paths.items():
        shaded = region in marked
        painter.setPen(QPen(style.seam, style.seam_line))
        if shaded and style.hatch_gap <= 0:
            painter.setBrush(style.ink)
        else:
            painter.setBrush(style.fill)
        painter.drawPath(path)
        if shaded and style.hatch_gap > 0:
            _hatch(painter, path, style.hatch_gap, QPen(style.ink, style.seam_line * 1.6))
    silhouette = QPainterPath()
    for path in paths.values():
        silhouette = silhouette.united(path)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(style.ink, style.line))
    painter.drawPath(silhouette)
    for region in marked & paths.keys():  # a marked region's own edge is drawn heavy too
        painter.drawPath(paths[region])
    if focused in paths and style.focus is not None:
        painter.setPen(QPen(style.focus, style.line * 2.2))
        painter.drawPath(paths[focused])
    painter.restore()


def _hatch(painter: QPainter, path: QPainterPath, gap: float, pen: QPen) -> None:
    """Diagonal lines across the path: a printer's grey that survives photocopying."""
    painter.save()
    painter.setClipPath(path, Qt.ClipOperation.IntersectClip)
    painter.setPen(pen)
    rect = path.boundingRect()
    span = rect.width() + rect.height()
    offset = 0.0
    while offset < span:
        painter.drawLine(QLineF(rect.left() + offset, rect.top(),
                                rect.left() + offset - rect.height(), rect.bottom()))
        offset += gap
    painter.restore()
