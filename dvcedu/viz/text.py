"""The sequence diagram as text, for the terminal (no matplotlib needed)."""

from __future__ import annotations

from dvcedu.model import Actor, Transcript
from dvcedu.viz.tables import display_width


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - display_width(text), 0)


def text_diagram(transcript: Transcript, *, lang: str | None = None, column: int = 14) -> str:
    """One line per message: lanes for every actor, an arrow between sender and receiver.
    Lanes are at least ``column`` wide, and wide enough for every actor's whole name."""
    actors = [a for a in Actor if any(a in (e.sender, e.receiver) for e in transcript)]
    index = {a: i for i, a in enumerate(actors)}
    column = max([column] + [display_width(a.label(lang)) + 2 for a in actors])
    header = "     " + "".join(_pad(a.label(lang), column) for a in actors)
    lines = [header.rstrip()]
    last_step = None
    for e in transcript:
        if e.seed_step != last_step:
            lines.append(f"  — {e.seed_step} —")
            last_step = e.seed_step
        lane = [" " * column for _ in actors]
        for i in range(len(actors)):
            lane[i] = "│" + " " * (column - 1)
        a, b = index[e.sender], index[e.receiver]
        lo, hi = sorted((a, b))
        line = "".join(lane)
        chars = list(line)
        start, end = lo * column, hi * column
        for x in range(start, end + 1):
            chars[x] = "─" if e.ok else "┄"
        chars[end if b > a else start] = "▶" if b > a else "◀"
        chars[start if b > a else end] = "●"
        size = f" ({len(e.payload)} B)" if e.payload else ""
        mark = "" if e.ok else " ✘"
        lines.append(f"{e.step:>3}  " + "".join(chars).rstrip() + f"  {e.label(lang)}{size}{mark}")
    return "\n".join(lines)
