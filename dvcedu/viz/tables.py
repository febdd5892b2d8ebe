"""A small table that shows as HTML in a notebook and as aligned text in a terminal.

Notebook outputs are compared by strict nbval, so both forms are pure functions of the rows.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: combining marks take none."""
    return sum(0 if unicodedata.combining(c) else 1 for c in unicodedata.normalize("NFC", text))


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    mono: tuple[int, ...] = ()
    """Columns shown in a monospace font (hex only: mono fonts garble stacked Vietnamese
    diacritics)."""

    @classmethod
    def of(
        cls, headers: Sequence[str], rows: Sequence[Sequence[object]], mono: Sequence[int] = ()
    ) -> Table:
        return cls(tuple(headers), tuple(tuple(str(c) for c in r) for r in rows), tuple(mono))

    def __str__(self) -> str:
        widths = [
            max([display_width(h)] + [display_width(r[i]) for r in self.rows])
            for i, h in enumerate(self.headers)
        ]

        def line(cells: Sequence[str]) -> str:
            padded = (c + " " * (w - display_width(c)) for c, w in zip(cells, widths, strict=True))
            return "  ".join(padded).rstrip()

        rule = "  ".join("-" * w for w in widths)
        return "\n".join([line(self.headers), rule] + [line(r) for r in self.rows])

    __repr__ = __str__

    def _repr_html_(self) -> str:
        def cell(text: str, i: int, tag: str = "td") -> str:
            # JupyterLab right-aligns table cells by default: text reads better left-aligned
            mono = "font-family:monospace;" if i in self.mono and tag == "td" else ""
            return f"<{tag} style='text-align:left;{mono}'>{html.escape(text)}</{tag}>"

        head = "".join(cell(h, i, "th") for i, h in enumerate(self.headers))
        body = "".join(
            "<tr>" + "".join(cell(c, i) for i, c in enumerate(r)) + "</tr>" for r in self.rows
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
