"""The sequence diagram of a recorded exchange, drawn FROM a Transcript (never from prose).

:func:`layout` computes everything the picture shows (lifelines, arrows, labels, which step
is highlighted, seed-step bands); :func:`draw_sequence` only paints it. Tests check the
layout, not pixels.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, Rectangle

from dvcedu.i18n import t
from dvcedu.model import Actor, Transcript
from dvcedu.style import BLUE, GREEN, GREY, HIGHLIGHT, RED
from dvcedu.viz.picture import Picture
from dvcedu.viz.tables import Table


@dataclass(frozen=True)
class Arrow:
    step: int
    start: int
    end: int
    label: str
    ok: bool
    highlighted: bool
    seed_step: str
    note: str = ""


@dataclass(frozen=True)
class Layout:
    actors: tuple[Actor, ...]
    arrows: tuple[Arrow, ...]
    bands: tuple[tuple[str, int, int], ...]
    """(seed step, first row, last row) for consecutive events of the same seed step."""


def _label(name: str, size: int) -> str:
    return f"{name} ({size} B)" if size else name


def layout(
    transcript: Transcript, *, highlight: int | str | None = None, lang: str | None = None
) -> Layout:
    """Only the actors that took part, in the canonical left-to-right order. ``highlight`` is
    a step number, or a seed-step key ("2.3") to mark all its messages."""
    used = {e.sender for e in transcript} | {e.receiver for e in transcript}
    actors = tuple(a for a in Actor if a in used)
    column = {a: i for i, a in enumerate(actors)}
    arrows = tuple(
        Arrow(
            e.step,
            column[e.sender],
            column[e.receiver],
            _label(e.label(lang), len(e.payload)),
            e.ok,
            e.step == highlight or (isinstance(highlight, str) and e.seed_step == highlight),
            e.seed_step,
            e.note(lang),
        )
        for e in transcript
    )
    bands: list[tuple[str, int, int]] = []
    for row, arrow in enumerate(arrows):
        if arrow.seed_step and bands and bands[-1][0] == arrow.seed_step:
            bands[-1] = (arrow.seed_step, bands[-1][1], row)
        elif arrow.seed_step:
            bands.append((arrow.seed_step, row, row))
    return Layout(actors, arrows, tuple(bands))


def draw_sequence(
    transcript: Transcript,
    *,
    highlight: int | str | None = None,
    lang: str | None = None,
    title: str = "",
    notes: bool = False,
) -> Picture:
    """Actors with lifelines, numbered arrows (red dashed = failed step), one step marked;
    with ``notes`` each arrow also shows the Transcript's note for it."""
    plan = layout(transcript, highlight=highlight, lang=lang)
    rows = len(plan.arrows)
    width = max(2.2 * len(plan.actors), 7.0)
    fig = Figure(figsize=(width, 0.42 * rows + 1.6))
    ax = fig.add_subplot()
    ax.set_xlim(-0.9, len(plan.actors) - 0.1)
    ax.set_ylim(rows + 0.6, -1.2)
    ax.axis("off")
    for name, first, last in plan.bands:
        ax.add_patch(
            Rectangle(
                (-0.9, first + 0.5),
                0.35,
                last - first + 1.0 - 0.1,
                facecolor="#eef4ff",
                edgecolor="none",
            )
        )
        ax.text(
            -0.72,
            (first + last) / 2 + 1.0,
            name,
            rotation=90,
            ha="center",
            va="center",
            fontsize=8,
            color=BLUE,
        )
    for i, actor in enumerate(plan.actors):
        ax.add_patch(
            FancyBboxPatch(
                (i - 0.42, -1.05),
                0.84,
                0.6,
                boxstyle="round,pad=0.03",
                facecolor="#f2f4f7",
                edgecolor=GREY,
            )
        )
        ax.text(
            i, -0.75, actor.label(lang), ha="center", va="center", fontsize=9, fontweight="bold"
        )
        ax.plot([i, i], [-0.45, rows + 0.5], color=GREY, linestyle=":", linewidth=1)
    for row, arrow in enumerate(plan.arrows):
        y = row + 1
        if arrow.highlighted:
            ax.add_patch(
                Rectangle(
                    (-0.5, y - 0.45),
                    len(plan.actors) - 0.1,
                    0.9,
                    facecolor=HIGHLIGHT,
                    edgecolor="none",
                    zorder=0,
                )
            )
        color = GREEN if arrow.ok else RED
        style = "-" if arrow.ok else "--"
        if arrow.start == arrow.end:
            ax.annotate(
                "",
                xy=(arrow.start + 0.05, y + 0.2),
                xytext=(arrow.start + 0.05, y - 0.2),
                arrowprops={
                    "arrowstyle": "-|>",
                    "color": color,
                    "connectionstyle": "arc3,rad=-1.2",
                    "linestyle": style,
                },
            )
        else:
            ax.annotate(
                "",
                xy=(arrow.end, y),
                xytext=(arrow.start, y),
                arrowprops={
                    "arrowstyle": "-|>",
                    "color": color,
                    "linestyle": style,
                    "shrinkA": 2,
                    "shrinkB": 2,
                },
            )
        mid = (arrow.start + arrow.end) / 2
        ax.text(
            mid,
            y - 0.12,
            f"{arrow.step}. {arrow.label}",
            ha="center",
            va="bottom",
            fontsize=7.5,
            color=color if not arrow.ok else "black",
        )
        if notes and arrow.note:
            short = textwrap.shorten(arrow.note, 70, placeholder=" …")  # whole words only
            ax.text(
                mid, y + 0.1, short, ha="center", va="top", fontsize=6.5, color=GREY, style="italic"
            )
    if title:
        ax.set_title(title, fontsize=11)
    fig.tight_layout()
    failed = sum(not a.ok for a in plan.arrows)
    names = ", ".join(a.label(lang) for a in plan.actors)
    alt = t(
        "sequence.alt_failed" if failed else "sequence.alt",
        lang,
        count=rows,
        names=names,
        failed=failed,
    )
    return Picture(fig, f"{title} — {alt}" if title else alt)


def events_table(
    transcript: Transcript, *, lang: str | None = None, seed_steps: tuple[str, ...] = ()
) -> Table:
    """The same run as rows: step, who → whom, message, size, first bytes, note (only the
    given seed steps when some are named)."""
    rows = []
    for e in transcript:
        if seed_steps and e.seed_step not in seed_steps:
            continue
        first = e.payload[:12].hex(" ") + (" …" if len(e.payload) > 12 else "")
        rows.append(
            [
                e.step,
                f"{e.sender.label(lang)} → {e.receiver.label(lang)}",
                e.label(lang) + ("" if e.ok else " ✘"),
                len(e.payload),
                first,
                e.note(lang),
            ]
        )
    heads = [
        t(f"table.{column}", lang)
        for column in ("step", "from_to", "message", "bytes", "first_bytes", "note")
    ]
    return Table.of(heads, rows, mono=[4])
