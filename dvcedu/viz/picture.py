"""A drawn picture that shows itself as an image, wherever it is shown.

A ``matplotlib.figure.Figure`` built without pyplot has no image representation in IPython
until a backend is configured: a notebook cell that ends with one shows only the text
``<Figure size 900x445 with 1 Axes>``. Every drawing function in :mod:`dvcedu.viz` therefore
returns a :class:`Picture`, which IPython, JupyterLab, nbconvert, GitHub, nbviewer and the
course site all display through ``_repr_png_`` — with nothing for the learner to type.

Why PNG and not SVG: PNG renders the same everywhere (an SVG with text as text depends on the
reader's fonts; with text as paths it is several times larger), nbval does not compare PNG
bytes, and the same bytes are what ``dvcedu walkthrough --picture`` writes to a file. It is
drawn at twice the display size and shown at the display size, so it is crisp on high-DPI
screens (as IPython's "retina" format does), and written without a timestamp or version so a
rebuild gives the same bytes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from matplotlib.figure import Figure
from PIL import Image

SCALE = 2
"""Pixels drawn per pixel shown (2 = "retina")."""


@dataclass(frozen=True, eq=False)
class Picture:
    """A figure and the words that describe it (the alternative text, and the text shown
    where no image can be, such as a terminal)."""

    figure: Figure
    alt: str

    def png(self) -> bytes:
        """The picture as PNG bytes, the same bytes for the same drawing: drawn by Agg, then
        reduced to a 128-colour palette (the course's pictures are flat colours and text;
        this makes them about 4x smaller, so a notebook with five diagrams stays small)."""
        drawn = io.BytesIO()
        self.figure.savefig(
            drawn, format="png", dpi=self.figure.dpi * SCALE, metadata={"Software": None}
        )
        with Image.open(drawn) as image:
            small = image.convert("RGB").quantize(colors=128, method=Image.Quantize.FASTOCTREE)
        buffer = io.BytesIO()
        small.save(buffer, format="png", optimize=True)
        return buffer.getvalue()

    @property
    def size(self) -> tuple[int, int]:
        """Width and height as shown, in CSS pixels."""
        width, height = self.figure.get_size_inches() * self.figure.dpi
        return round(width), round(height)

    def _repr_png_(self) -> tuple[bytes, dict[str, int]]:
        width, height = self.size
        return self.png(), {"width": width, "height": height}

    def __repr__(self) -> str:
        return f"<{self.alt}>"

    def save(self, path: str | Path) -> Path:
        """Write the picture as a PNG file (the extension is not interpreted)."""
        target = Path(path)
        target.write_bytes(self.png())
        return target
