"""The verification code ("mã xác thực") on the registration form.

The text comes from the injected random source (so tests and notebooks can know it); the
picture is drawn in the ``captcha`` package's font with Pillow. Answers are checked
case-insensitively, once.
"""

from __future__ import annotations

import base64
import io
import random as random_module
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from dvcedu.portal.store import Store

ALPHABET = "ACDEFHJKLMNPRTUWXY3479"
"""Letters and digits that cannot be mistaken for one another once distorted: no 0/O/Q, 1/I,
2/Z, 5/S, 6/G, 8/B or U/V. A learner should fail a captcha only by mistyping it."""
LENGTH = 5
WIDTH, HEIGHT = 240, 80
"""Large, dark on white: readable, and still a picture a script cannot read as text."""
MARGIN = 14
INK = (23, 52, 120)


@dataclass(frozen=True)
class Captcha:
    id: str
    text: str
    """What the picture says. A real server never sends this to the page; dvcedu keeps it
    for the scripted learner of tests and notebooks."""

    def image_png(self) -> bytes:
        """The picture: each letter in the ``captcha`` package's own font, turned a little,
        over a curve and dots — drawn with Pillow from a generator seeded by this captcha's
        id, so the same captcha always looks the same (notebooks stay reproducible) and no
        global randomness is touched. The id itself came from the portal's random source."""
        from captcha.image import DEFAULT_FONTS
        from PIL import Image, ImageDraw, ImageFont

        rng = random_module.Random(f"{self.id}:{self.text}")
        picture = Image.new("RGB", (WIDTH, HEIGHT), "white")
        step = (WIDTH - 2 * MARGIN) // len(self.text)
        for index, letter in enumerate(self.text):
            font = ImageFont.truetype(DEFAULT_FONTS[0], rng.choice((44, 48, 52)))
            glyph = Image.new("L", (step + 16, HEIGHT), 0)
            ImageDraw.Draw(glyph).text((8, HEIGHT // 2), letter, font=font, fill=255, anchor="lm")
            glyph = glyph.rotate(rng.uniform(-15, 15), resample=Image.Resampling.BICUBIC)
            x, y = MARGIN - 8 + index * step + rng.randint(-3, 3), rng.randint(-5, 5)
            picture.paste(INK, (x, y, x + glyph.width, y + glyph.height), glyph)
        draw = ImageDraw.Draw(picture)
        ys = [rng.randint(HEIGHT // 3, 2 * HEIGHT // 3) for _ in range(4)]
        draw.line([(x * WIDTH // 3, y) for x, y in enumerate(ys)], fill=INK, width=2)
        for _ in range(60):
            x, y = rng.randrange(WIDTH), rng.randrange(HEIGHT)
            draw.point((x, y), fill=INK)
        buffer = io.BytesIO()
        picture.save(buffer, format="png", optimize=True)
        return buffer.getvalue()


def issue_captcha(store: Store, *, now: datetime, random: Callable[[int], bytes]) -> Captcha:
    text = "".join(ALPHABET[b % len(ALPHABET)] for b in random(LENGTH))
    captcha_id = base64.urlsafe_b64encode(random(9)).decode()
    store.add_captcha(captcha_id, text, now)
    return Captcha(captcha_id, text)
