"""Draw the two fixture pictures (400x300 JPEG, told apart by colour and shape).

anh-1.jpg: a yellow disc on a blue ground; anh-2.jpg: a red triangle on a green ground.
Run from anywhere: the files are written next to this script.
"""

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
SIZE = (400, 300)


def picture(name: str, ground: str, draw_shape) -> None:
    image = Image.new("RGB", SIZE, ground)
    draw_shape(ImageDraw.Draw(image))
    image.save(HERE / name, "JPEG", quality=85, optimize=True)


picture("anh-1.jpg", "#1f5fa8", lambda d: d.ellipse((110, 60, 290, 240), fill="#f2c230"))
picture("anh-2.jpg", "#2e8b3a", lambda d: d.polygon([(200, 50), (320, 250), (80, 250)],
                                                     fill="#c0392b"))
