"""Pictures for the demo, drawn with Pillow so the repository ships no binary files."""

import io
import math

from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from PIL import ImageDraw
from wagtail.images.models import Image


def draw_soft_scene(width: int, height: int, top: tuple, bottom: tuple) -> PillowImage.Image:
    """A calm vertical gradient with soft circles: a stand-in photo for a massage room."""
    picture = PillowImage.new("RGB", (width, height))
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        share = y / max(height - 1, 1)
        colour = tuple(round(a + (b - a) * share) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    for index in range(6):
        radius = height // (4 + index)
        x = int(width * (0.15 + 0.14 * index))
        y = int(height * (0.55 + 0.2 * math.sin(index)))
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], outline=(255, 255, 255))
    return picture


def draw_ally_flag(width: int = 150, height: int = 90) -> PillowImage.Image:
    """The transgender pride flag: five horizontal stripes, blue, pink, white, pink, blue."""
    stripes = [(91, 206, 250), (245, 169, 184), (255, 255, 255), (245, 169, 184), (91, 206, 250)]
    picture = PillowImage.new("RGB", (width, height))
    draw = ImageDraw.Draw(picture)
    stripe_height = height / len(stripes)
    for index, colour in enumerate(stripes):
        top = round(index * stripe_height)
        draw.rectangle([0, top, width, round((index + 1) * stripe_height)], fill=colour)
    return picture


def ensure_image(title: str, picture: PillowImage.Image) -> tuple[Image, bool]:
    """Return the Wagtail image with this title, storing the picture first if it is missing."""
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing, False
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    filename = title.lower().replace(" ", "-") + ".png"
    image = Image(title=title, file=ImageFile(buffer, name=filename))
    image.save()
    return image, True
