"""A signed PDF as one strip of bytes: the two ranges the signature covers, and the hole
between them where the signature itself sits (/Contents) — the picture of PAdES's ByteRange."""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from dvcedu.i18n import t
from dvcedu.style import GREEN, GREY, LIGHT_GREY
from dvcedu.viz.picture import Picture


def draw_byte_range(size: int, byte_range: tuple[int, int, int, int], *,
                    lang: str = "vi") -> Picture:
    """``size``: the file's length; ``byte_range``: (start 1, length 1, start 2, length 2)."""
    start1, length1, start2, length2 = byte_range
    fig = Figure(figsize=(9, 2.1))
    ax = fig.add_subplot()
    ax.axis("off")
    ax.set_xlim(-0.02 * size, 1.02 * size)
    ax.set_ylim(-1.2, 1.6)
    pieces = ((start1, length1, GREEN, "bytes.signed"),
              (start1 + length1, start2 - start1 - length1, LIGHT_GREY, "bytes.contents"),
              (start2, length2, GREEN, "bytes.signed"))
    for start, length, color, label in pieces:
        ax.add_patch(Rectangle((start, 0), length, 0.8, facecolor=color, edgecolor="white",
                               alpha=0.85))
        ax.text(start + length / 2, 1.05, t(f"dossier.{label}", lang), ha="center",
                fontsize=9, color=color if color == GREEN else GREY)
    for offset in sorted({start1, start1 + length1, start2, start2 + length2}):
        ax.plot([offset, offset], [-0.1, 0.9], color=GREY, linewidth=0.8)
        ax.text(offset, -0.45, f"{offset:,}".replace(",", "."), ha="center", fontsize=8.5,
                color=GREY)
    ax.text(0, -1.05, t("dossier.bytes_caption", lang, size=f"{size:,}".replace(",", "."),
                        hole=start2 - start1 - length1), fontsize=9, color=GREY)
    fig.tight_layout()
    alt = t("dossier.bytes_alt", lang, a=start1, b=start1 + length1, c=start2,
            d=start2 + length2, size=size)
    return Picture(fig, alt)
