"""The body outline drawn for this project: front and back views and their tappable regions.

Each view is a 100 x 240 box. Shapes are plain numbers (no Qt) so the screen and the printed
sheet draw the very same outline. Left and right are the patient's own: on the front view the
patient's left is on the viewer's right, on the back view it is on the viewer's left.
"""

from __future__ import annotations

from dataclasses import dataclass

VIEW_WIDTH, VIEW_HEIGHT = 100.0, 240.0
VIEWS = ("front", "back")

Point = tuple[float, float]


@dataclass(frozen=True)
class Shape:
    """An ellipse (cx, cy, rx, ry) or a closed polygon of points, in one view."""

    view: str
    kind: str  # "ellipse" | "polygon"
    points: tuple[Point, ...] = ()
    ellipse: tuple[float, float, float, float] = (0, 0, 0, 0)

    def centre(self) -> Point:
        if self.kind == "ellipse":
            return self.ellipse[0], self.ellipse[1]
        xs, ys = [p[0] for p in self.points], [p[1] for p in self.points]
        return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2

    def mirrored(self) -> Shape:
        if self.kind == "ellipse":
            cx, cy, rx, ry = self.ellipse
            return Shape(self.view, "ellipse", ellipse=(VIEW_WIDTH - cx, cy, rx, ry))
        return Shape(self.view, "polygon", tuple((VIEW_WIDTH - x, y) for x, y in self.points))


def _poly(view: str, *points: Point) -> Shape:
    return Shape(view, "polygon", tuple(points))


def _ellipse(view: str, cx: float, cy: float, rx: float, ry: float) -> Shape:
    return Shape(view, "ellipse", ellipse=(cx, cy, rx, ry))


# One side of the body, drawn on the viewer's left; the other side is its mirror image.
_SIDE: dict[str, dict[str, Shape]] = {
    "shoulder": {v: _poly(v, (42.5, 41.5), (40, 44), (37.7, 61), (20.5, 61), (20, 53), (25, 45))
                 for v in VIEWS},
    "arm": {v: _poly(v, (20.5, 62), (33.5, 62), (31, 100), (28.5, 125), (17, 125), (18, 100))
            for v in VIEWS},
    "hand": {v: _ellipse(v, 22.8, 135, 6.8, 10) for v in VIEWS},
    "hip": {"front": _poly("front", (34.5, 110), (49, 110), (49, 132), (34, 132))},
    "knee": {"front": _poly("front", (34, 133), (49, 133), (48, 180), (47.2, 192),
                            (37, 192), (35, 180))},
    "foot": {"front": _poly("front", (37, 193), (47.2, 193), (46.2, 222), (47, 231), (44, 236),
                            (30, 236), (30, 232), (37, 226), (38, 222)),
             "back": _poly("back", (38, 223), (46.2, 223), (47, 231), (45, 236), (37, 236),
                           (37, 230))},
    "leg_back": {"back": _poly("back", (34, 135), (49, 135), (48, 180), (47.2, 192),
                               (46.2, 222), (38, 222), (37, 192), (35, 180))},
}

_MIDDLE: dict[str, list[Shape]] = {
    # A stylised neck, taller and wider than life: it must take a fingertip.
    "head": [_ellipse(v, 50, 16, 11, 13) for v in VIEWS],
    "neck": [_poly(v, (42.5, 28.5), (57.5, 28.5), (57.5, 44), (42.5, 44)) for v in VIEWS],
    "chest": [_poly("front", (40, 44), (60, 44), (64.8, 80), (35.2, 80))],
    "belly": [_poly("front", (35.2, 80.5), (64.8, 80.5), (65.5, 109.5), (34.5, 109.5))],
    "upper_back": [_poly("back", (40, 44), (60, 44), (65, 84), (35, 84))],
    "lower_back": [_poly("back", (35, 84.5), (65, 84.5), (65.5, 109.5), (34.5, 109.5))],
    "buttocks": [_poly("back", (34.5, 110), (65.5, 110), (66, 134), (34, 134))],
}

# Listed top to bottom, as a doctor reads the body; each id is a key in visit.yaml 'regions'.
REGION_IDS = (
    "head", "neck", "shoulder_right", "shoulder_left", "chest", "upper_back",
    "arm_right", "arm_left", "hand_right", "hand_left", "belly", "lower_back",
    "hip_right", "hip_left", "buttocks", "knee_right", "knee_left",
    "leg_back_right", "leg_back_left", "foot_right", "foot_left",
)


def _region_shapes() -> dict[str, tuple[Shape, ...]]:
    shapes: dict[str, tuple[Shape, ...]] = {k: tuple(v) for k, v in _MIDDLE.items()}
    for part, by_view in _SIDE.items():
        for side in ("right", "left"):
            found = []
            for view, shape in by_view.items():
                # The viewer's left shows the patient's right on the front, their left on the back.
                drawn_as_is = (view == "front") == (side == "right")
                found.append(shape if drawn_as_is else shape.mirrored())
            shapes[f"{part}_{side}"] = tuple(found)
    return {region: shapes[region] for region in REGION_IDS}


REGION_SHAPES = _region_shapes()


def region_at(view: str, x: float, y: float, reach: float = 0.0) -> str | None:
    """The region under a point of a view (in view units), or the nearest within `reach`."""
    best, best_distance = None, reach
    for region, shapes in REGION_SHAPES.items():
        for shape in shapes:
            if shape.view != view:
                continue
            distance = _distance(shape, x, y)
            if distance == 0:
                return region
            if distance <= best_distance:
                best, best_distance = region, distance
    return best


def _distance(shape: Shape, x: float, y: float) -> float:
    """0 inside the shape, else the distance to its edge (ellipses: a close estimate)."""
    if shape.kind == "ellipse":
        cx, cy, rx, ry = shape.ellipse
        scaled = ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2
        return 0.0 if scaled <= 1 else (scaled ** 0.5 - 1) * min(rx, ry)
    points = shape.points
    inside = False
    nearest = float("inf")
    for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
        dx, dy = x2 - x1, y2 - y1
        t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy or 1)))
        nearest = min(nearest, ((x - x1 - t * dx) ** 2 + (y - y1 - t * dy) ** 2) ** 0.5)
    return 0.0 if inside else nearest
