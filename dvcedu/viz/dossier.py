"""A signed PDF as one strip of bytes: the two ranges the signature covers, and the hole
between them where the signature itself sits (/Contents) — the picture of PAdES's ByteRange.

Not to scale where scale would hide a piece: the range after the signature is often a few
hundred bytes of a file of tens of thousands, so every piece is drawn at least a tenth of the
strip wide (the caption says so when that happened)."""

from __future__ import annotations

import textwrap

from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from dvcedu.i18n import pick, t
from dvcedu.style import GREEN, GREY, LIGHT_GREY
from dvcedu.viz.picture import Picture

MIN_SHARE = 0.12


def _grouped(number: int, lang: str | None) -> str:
    """47.868 in Vietnamese (its thousands mark is the dot), 47,868 in English."""
    return pick(f"{number:,}".replace(",", "."), f"{number:,}", lang)


def draw_byte_range(
    size: int, byte_range: tuple[int, int, int, int], *, lang: str | None = None
) -> Picture:
    """``size``: the file's length; ``byte_range``: (start 1, length 1, start 2, length 2)."""
    start1, length1, start2, length2 = byte_range
    hole = start2 - start1 - length1
    pieces = (
        (length1, GREEN, "bytes.signed"),
        (hole, LIGHT_GREY, "bytes.contents"),
        (length2, GREEN, "bytes.signed"),
    )
    shares = [max(length / size, MIN_SHARE) for length, _, _ in pieces]
    shares = [share / sum(shares) for share in shares]
    scaled = any(
        abs(share - length / size) > 0.01
        for share, (length, _, _) in zip(shares, pieces, strict=True)
    )
    fig = Figure(figsize=(9, 2.3))
    ax = fig.add_subplot()
    ax.axis("off")
    ax.set_xlim(-0.03, 1.03)
    ax.set_ylim(-1.0, 1.5)
    left = 0.0
    edges = [0.0]
    for share, (_, color, label) in zip(shares, pieces, strict=True):
        ax.add_patch(
            Rectangle((left, 0), share, 0.8, facecolor=color, edgecolor="white", alpha=0.85)
        )
        ax.text(
            left + share / 2,
            1.05,
            t(f"dossier.{label}", lang),
            ha="center",
            fontsize=9,
            color=GREEN if color == GREEN else GREY,
            wrap=True,
        )
        left += share
        edges.append(left)
    offsets = [start1, start1 + length1, start2, start2 + length2]
    for n, (x, offset) in enumerate(zip(edges, offsets, strict=True)):
        ax.plot([x, x], [-0.1, 0.9], color=GREY, linewidth=0.8)
        ax.text(
            x,
            -0.45 if n % 2 == 0 else -0.8,
            _grouped(offset, lang),
            ha="center",
            fontsize=8.5,
            color=GREY,
        )
    caption = t("dossier.bytes_caption", lang, size=_grouped(size, lang), hole=_grouped(hole, lang))
    if scaled:
        caption += " " + t("dossier.bytes_not_to_scale", lang)
    fig.tight_layout(rect=(0, 0.22, 1, 1))  # the caption's room below, outside the axes
    fig.text(0.03, 0.05, textwrap.fill(caption, 115), fontsize=9, color=GREY)
    alt = t(
        "dossier.bytes_alt",
        lang,
        a=start1,
        b=start1 + length1,
        c=start2,
        d=start2 + length2,
        size=size,
    )
    return Picture(fig, alt)
