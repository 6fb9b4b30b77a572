"""The guides' picture files, read for the screen: their natural size, and images made at the
exact size a page or slide draws them (crisp, and nothing is scaled while a page is shown)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QImageReader


class PictureFiles:
    """Picture files under one assets folder. Sizes are remembered for good (a few numbers a
    picture); images for at most `keep` sizes (each is megabytes at full-screen sizes), the
    oldest dropped first; `keep=0` keeps every one (slides are all made at once)."""

    def __init__(self, assets: Path, keep: int = 0) -> None:
        self.assets = assets
        self.keep = keep
        self._natural: dict[str, tuple[int, int]] = {}
        self._images: dict[tuple[str, int, int], QImage] = {}

    def natural_size(self, src: str) -> tuple[int, int]:
        """(width, height) of the file as drawn at 100%; (0, 0) if it cannot be read."""
        if src not in self._natural:
            size = QImageReader(str(self.assets / src)).size()
            self._natural[src] = (size.width(), size.height()) if size.isValid() else (0, 0)
        return self._natural[src]

    def image(self, src: str, width: int, height: int, ratio: float = 1.0) -> QImage:
        """The picture made at width x height (device-independent pixels) for a screen of this
        pixel ratio; vector pictures are drawn at that size, not scaled from a small bitmap."""
        key = (src, round(width * ratio), round(height * ratio))
        image = self._images.get(key)
        if image is None:
            size = QSize(key[1], key[2])
            reader = QImageReader(str(self.assets / src))
            reader.setScaledSize(size)
            image = reader.read()
            if not image.isNull() and image.size() != size:
                image = image.scaled(size, Qt.AspectRatioMode.IgnoreAspectRatio,
                                     Qt.TransformationMode.SmoothTransformation)
            image.setDevicePixelRatio(ratio)
            if self.keep:
                while len(self._images) >= self.keep:
                    del self._images[next(iter(self._images))]
            self._images[key] = image
        return image

    def drop_images(self) -> None:
        """Forget the images made so far (their pages were freed); sizes stay known."""
        self._images.clear()

    def images_kept(self) -> int:
        return len(self._images)
