"""Simple diagrams for the 图表图解 interpretations, drawn with Pillow when the demo is loaded.

Pillow's bundled font has no Chinese glyphs, so the pictures carry shapes and digits only; every
word they stand for is in the figure block's long description.
"""

from io import BytesIO

from PIL import Image, ImageDraw, ImageFont

WIDTH = 1200
BACKGROUND = "#ffffff"
INK = "#1f2933"
RED = "#b91c1c"
BLUE = "#1d4ed8"
GROUP_COLOURS = [BLUE, "#15803d", "#c2410c", "#7e22ce"]
STEP_COLOURS = ["#93c5fd", "#3b82f6", "#1e3a8a"]


def _png(image):
    buffer = BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _arrow(draw, start, end, width=8, head=26, fill=RED):
    """A straight arrow from ``start`` to ``end`` with a triangular head at ``end``."""
    (x0, y0), (x1, y1) = start, end
    length = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    base = (x1 - ux * head, y1 - uy * head)
    draw.line([start, base], fill=fill, width=width)
    draw.polygon(
        [
            end,
            (base[0] - uy * head * 0.6, base[1] + ux * head * 0.6),
            (base[0] + uy * head * 0.6, base[1] - ux * head * 0.6),
        ],
        fill=fill,
    )


def draw_roadmap(group_counts, years=(2020, 2021, 2022)):
    """Three rising steps, one per year, under a row of dots coloured by task group."""
    height = 560
    image = Image.new("RGB", (WIDTH, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=40)

    # Tasks as dots along the top left, a gap between groups, clear of the arrow.
    radius, x = 16, 80
    for count, colour in zip(group_counts, GROUP_COLOURS, strict=False):
        for _ in range(count):
            draw.ellipse([x, 40, x + 2 * radius, 40 + 2 * radius], fill=colour)
            x += 2 * radius + 10
        x += 30

    ground, step_width, left = height - 40, 300, 120
    corners = []
    for index, (year, colour) in enumerate(zip(years, STEP_COLOURS, strict=False)):
        x0 = left + index * (step_width + 30)
        top = ground - 130 - index * 110
        draw.rectangle([x0, top, x0 + step_width, ground], fill=colour)
        label_colour = INK if index == 0 else BACKGROUND
        draw.text((x0 + step_width / 2, top + 50), str(year), fill=label_colour, font=font, anchor="mm")
        corners.append((x0, top))
    # Rising over the steps' top left corners, well above each of them.
    (first_x, first_y), (last_x, last_y) = corners[0], corners[-1]
    _arrow(draw, (first_x - 20, first_y - 50), (last_x + 120, last_y - 95))
    draw.line([(80, ground), (WIDTH - 80, ground)], fill=INK, width=4)
    return _png(image)


def draw_task_bars(counts):
    """A horizontal bar per area, one tile per task, with the count at the end of the bar."""
    row, tile_height, spacing, left, top = 56, 40, 10, 80, 40
    tile_width = (WIDTH - left - 120) // max(counts) - spacing
    height = top * 2 + row * len(counts)
    image = Image.new("RGB", (WIDTH, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=32)
    for index, count in enumerate(counts):
        y = top + index * row
        for task in range(count):
            x = left + task * (tile_width + spacing)
            draw.rectangle([x, y, x + tile_width, y + tile_height], fill=BLUE)
        end = left + count * (tile_width + spacing)
        draw.text((end + 10, y + tile_height / 2), str(count), fill=INK, font=font, anchor="lm")
    draw.line([(left - 12, top - 10), (left - 12, height - top + 4)], fill=INK, width=4)
    return _png(image)
