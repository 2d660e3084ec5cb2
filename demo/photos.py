"""Photo evidence for the demo's inspection findings: generated pictures, no files shipped."""

import io
import random

from PIL import Image, ImageDraw


def demo_photo(rng: random.Random, scene: str) -> bytes:
    """A small, text-free photo-like JPEG: an exam room, archive shelves, a camera on a wall, a notice
    board or a workshop, in colours and layout varied by `rng`."""
    w, h = 800, 600
    shade = rng.randint(-12, 12)

    def tone(r, g, b):
        return tuple(max(0, min(255, c + shade)) for c in (r, g, b))

    wall = tone(*rng.choice([(226, 222, 210), (214, 222, 226), (232, 226, 214), (220, 216, 206)]))
    floor = tone(*rng.choice([(150, 140, 124), (124, 128, 134), (170, 158, 138), (110, 118, 112)]))
    image = Image.new("RGB", (w, h), wall)
    draw = ImageDraw.Draw(image)
    horizon = int(h * rng.uniform(0.56, 0.66))
    draw.rectangle([0, horizon, w, h], fill=floor)
    for x in range(-w, 2 * w, 110):  # floor tiles running away from the camera
        draw.line([(w / 2 + (x - w / 2) * 0.25, horizon), (x, h)], fill=tuple(c - 18 for c in floor), width=2)
    draw.rectangle([0, 0, w, 28], fill=tuple(c - 25 for c in wall))  # ceiling edge
    if scene in ("room", "workshop"):
        # a window with sky, then rows of work places
        wx = rng.randint(40, w - 260)
        draw.rectangle([wx, 70, wx + 220, horizon - 120], fill=(176, 206, 232), outline=(90, 90, 90), width=6)
        draw.line([(wx + 110, 70), (wx + 110, horizon - 120)], fill=(90, 90, 90), width=5)
        rows = 3 if scene == "room" else 2
        for row in range(rows):
            y = horizon + 30 + row * 70
            depth = 1 - row * 0.18
            for col in range(4):
                x = 40 + col * 190 + rng.randint(-8, 8)
                width = int(150 * (1.2 - depth * 0.2))
                if scene == "room":
                    draw.rectangle([x, y, x + width, y + 18], fill=(160, 118, 78))  # desk
                    draw.rectangle([x + 40, y - 58, x + 110, y - 8], fill=(38, 40, 46))  # monitor
                    draw.rectangle([x + 70, y - 8, x + 80, y], fill=(60, 60, 60))
                else:
                    colour = rng.choice([(70, 110, 150), (200, 160, 40), (90, 130, 90)])
                    draw.rectangle([x, y - 70, x + width, y + 20], fill=colour)  # a machine
                    draw.ellipse([x + 20, y - 55, x + 60, y - 15], fill=(200, 200, 200))
                    draw.rectangle(
                        [x - 10, y + 24, x + width + 10, y + 30], fill=(230, 200, 30)
                    )  # safety line
        # a dome camera in the corner
        draw.ellipse([w - 110, 34, w - 60, 84], fill=(245, 245, 245), outline=(120, 120, 120), width=3)
        draw.ellipse([w - 94, 52, w - 76, 70], fill=(30, 30, 30))
    elif scene == "archive":
        # shelves of coloured binders and file boxes
        for shelf in range(4):
            y = 70 + shelf * ((horizon - 40) // 4)
            draw.rectangle([60, y + 90, w - 60, y + 100], fill=(120, 96, 70))
            x = 70
            while x < w - 100:
                width = rng.randint(22, 44)
                colour = rng.choice(
                    [(40, 80, 150), (170, 40, 40), (230, 190, 60), (60, 120, 80), (200, 200, 190)]
                )
                top = y + rng.randint(0, 20)
                draw.rectangle([x, top, x + width, y + 90], fill=colour, outline=(30, 30, 30))
                draw.rectangle(
                    [x + 6, top + 12, x + width - 6, top + 24], fill=(240, 240, 230)
                )  # label, blank
                x += width + rng.randint(1, 5)
        if rng.random() < 0.5:  # an open file box on the floor
            draw.polygon([(300, h - 60), (520, h - 60), (500, h - 150), (320, h - 150)], fill=(200, 170, 120))
    elif scene == "camera":
        # a wall-mounted bullet camera with its cable run
        cx, cy = rng.randint(250, 550), rng.randint(140, 260)
        draw.rectangle([cx - 6, 0, cx + 6, cy - 20], fill=(200, 200, 200))
        draw.rectangle([cx - 30, cy - 30, cx + 30, cy - 10], fill=(210, 210, 210), outline=(120, 120, 120))
        draw.polygon(
            [(cx - 20, cy - 10), (cx + 120, cy + 20), (cx + 110, cy + 70), (cx - 30, cy + 30)],
            fill=(236, 236, 236),
        )
        draw.ellipse([cx + 96, cy + 24, cx + 126, cy + 62], fill=(25, 25, 30))
        draw.ellipse([cx + 104, cy + 34, cx + 116, cy + 50], fill=(70, 90, 140))
    else:  # board: a notice board with sheets of paper, text-free
        draw.rectangle([120, 60, w - 120, horizon - 40], fill=(120, 86, 56))
        draw.rectangle([134, 74, w - 134, horizon - 54], fill=(196, 160, 110))
        for _ in range(rng.randint(4, 7)):
            x, y = rng.randint(150, w - 300), rng.randint(90, horizon - 220)
            draw.rectangle([x, y, x + 130, y + 170], fill=(248, 248, 244), outline=(180, 180, 180))
            for line in range(6):
                draw.line(
                    [(x + 14, y + 24 + line * 22), (x + 116, y + 24 + line * 22)],
                    fill=(150, 150, 150),
                    width=3,
                )
            draw.ellipse([x + 58, y - 6, x + 72, y + 8], fill=(200, 40, 40))  # pin
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()
