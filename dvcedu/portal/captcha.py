"""The verification code ("mã xác thực") on the registration form.

The text comes from the injected random source (so tests and notebooks can know it); the
picture is drawn by the ``captcha`` package. Answers are checked case-insensitively, once.
"""

from __future__ import annotations

import base64
import io
import random as random_module
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from dvcedu.portal.store import Store

ALPHABET = "ACDEFHJKLMNPRTUWXY3479"
"""Letters and digits that cannot be mistaken for one another once distorted: no 0/O/Q, 1/I,
2/Z, 5/S, 6/G, 8/B or U/V. A learner should fail a captcha only by mistyping it."""
LENGTH = 5
WIDTH, HEIGHT = 240, 80
"""Large, dark on white: readable, and still a picture a script cannot read as text."""


@dataclass(frozen=True)
class Captcha:
    id: str
    text: str
    """What the picture says. A real server never sends this to the page; dvcedu keeps it
    for the scripted learner of tests and notebooks."""

    def image_png(self) -> bytes:
        """The picture, drawn by the ``captcha`` package with its randomness seeded from this
        captcha's id: the same captcha always looks the same (notebooks stay reproducible),
        and the id itself came from the portal's random source."""
        from captcha import image

        with _LOCK:
            saved = image.secrets
            image.secrets = _Seeded(f"{self.id}:{self.text}")  # type: ignore[assignment]
            try:
                drawn = image.ImageCaptcha(width=WIDTH, height=HEIGHT, font_sizes=(44, 48, 52))
                drawn.word_offset_dx = 0.0  # letters side by side, not overlapping
                drawn.character_rotate = (-15, 15)
                picture = drawn.generate_image(self.text, bg_color=(255, 255, 255),
                                               fg_color=(23, 52, 120, 255))
                buffer = io.BytesIO()
                picture.save(buffer, format="png")
                return buffer.getvalue()
            finally:
                image.secrets = saved


class _Seeded:
    """The three ``secrets`` functions the captcha package draws its noise with, from a
    seeded generator. Used only while drawing, under a lock."""

    def __init__(self, seed: str) -> None:
        self._random = random_module.Random(seed)

    def randbelow(self, n: int) -> int:
        return self._random.randrange(n)

    def randbits(self, k: int) -> int:
        return self._random.getrandbits(k)

    def choice(self, seq: Sequence[object]) -> object:
        return self._random.choice(seq)


_LOCK = threading.Lock()


def issue_captcha(store: Store, *, now: datetime, random: Callable[[int], bytes]) -> Captcha:
    text = "".join(ALPHABET[b % len(ALPHABET)] for b in random(LENGTH))
    captcha_id = base64.urlsafe_b64encode(random(9)).decode()
    store.add_captcha(captcha_id, text, now)
    return Captcha(captcha_id, text)
