"""The picture files the reader and the slides share: sizes, exact-size images, a bounded cache."""

from __future__ import annotations

from kiosk.core import resources
from kiosk.ui.pictures import PictureFiles


def test_pictures_are_made_at_the_size_drawn_and_only_the_newest_are_kept(qapp):
    """Ensure an image is made at its drawn size times the pixel ratio, a missing file reads as
    size (0, 0), and a cache of three keeps the three newest images."""
    assets = resources.assets_dir()
    pictures = PictureFiles(assets, keep=3)
    assert pictures.natural_size("icons/nowhere.svg") == (0, 0)
    width, height = pictures.natural_size("icons/chronic-pain.svg")
    assert width > 0 and height > 0
    image = pictures.image("icons/chronic-pain.svg", 120, 80, ratio=2.0)
    assert (image.width(), image.height()) == (240, 160)
    assert image.devicePixelRatio() == 2.0
    assert pictures.image("icons/chronic-pain.svg", 120, 80, ratio=2.0) is image
    assert pictures.images_kept() == 1  # the same size again is the same image
    for size in (10, 20, 30):
        pictures.image("icons/chronic-pain.svg", size, size)
    assert pictures.images_kept() == 3
    assert pictures._images.keys() == {("icons/chronic-pain.svg", n, n) for n in (10, 20, 30)}
    pictures.drop_images()
    assert pictures.images_kept() == 0
    assert pictures.natural_size("icons/chronic-pain.svg") == (width, height)
