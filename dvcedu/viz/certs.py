"""Pictures of certificates: the chain of trust and a validity timeline.

Each picture is drawn from data computed by a plain function (``chain_boxes``,
``timeline_rows``) that tests check; the Figure is built without pyplot, so a notebook cell
shows it exactly once. Vietnamese text uses matplotlib's default sans font (DejaVu Sans draws
stacked diacritics correctly; the mono font does not), hex uses the mono font.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from cryptography import x509
from cryptography.x509.oid import NameOID
from matplotlib.dates import date2num
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from dvcedu.i18n import t
from dvcedu.pki.decode import Validity
from dvcedu.style import AMBER, BLUE, GREEN, GREY, RED
from dvcedu.viz.picture import Picture


def _attr(cert: x509.Certificate, oid: x509.ObjectIdentifier) -> str:
    found = cert.subject.get_attributes_for_oid(oid)
    return str(found[0].value) if found else ""


@dataclass(frozen=True)
class Box:
    title: str
    subtitle: str
    role: str


def chain_boxes(chain: Sequence[x509.Certificate]) -> list[Box]:
    """Root first, leaf last: what the chain picture shows, one box per certificate."""
    boxes = []
    for depth, cert in enumerate(reversed(chain)):
        role = "root" if depth == 0 else ("ca" if depth < len(chain) - 1 else "leaf")
        uid = _attr(cert, NameOID.USER_ID)
        subtitle = uid or f"{cert.not_valid_before_utc:%Y}–{cert.not_valid_after_utc:%Y}"
        boxes.append(Box(_attr(cert, NameOID.COMMON_NAME), subtitle, role))
    return boxes


def draw_chain(
    chain: Sequence[x509.Certificate], *, title: str = "", lang: str | None = None
) -> Picture:
    """The chain of trust: root at the top, each certificate signed by the one above."""
    boxes = chain_boxes(chain)
    fig = Figure(figsize=(7.5, 1.35 * len(boxes) + 0.4))
    ax = fig.add_subplot()
    ax.set_xlim(0, 10)
    ax.set_ylim(-0.6, len(boxes) * 1.5)
    ax.axis("off")
    for i, box in enumerate(boxes):
        y = (len(boxes) - 1 - i) * 1.5
        color = {"root": BLUE, "ca": GREY, "leaf": GREEN}[box.role]
        ax.add_patch(
            FancyBboxPatch(
                (0.3, y),
                9.4,
                1.0,
                boxstyle="round,pad=0.05",
                facecolor="white",
                edgecolor=color,
                linewidth=2,
            )
        )
        ax.text(0.55, y + 0.68, box.title, fontsize=10, fontweight="bold", va="center")
        ax.text(
            0.55,
            y + 0.3,
            f"{t('chain.' + box.role, lang)} · {box.subtitle}",
            fontsize=9,
            color=color,
            va="center",
        )
        if i:
            ax.annotate(
                "",
                xy=(5, y + 1.05),
                xytext=(5, y + 1.45),
                arrowprops={"arrowstyle": "-|>", "color": GREY},
            )
            ax.text(5.15, y + 1.25, t("chain.signs", lang), fontsize=8, color=GREY, va="center")
    if title:
        ax.set_title(title, fontsize=11)
    fig.tight_layout()
    alt = t("chain.alt", lang, chain=" → ".join(box.title for box in boxes))
    return Picture(fig, f"{title} — {alt}" if title else alt)


@dataclass(frozen=True)
class TimelineRow:
    label: str
    start: datetime
    end: datetime
    status: Validity
    """At the chosen instant."""


def timeline_rows(certs: Mapping[str, x509.Certificate], now: datetime) -> list[TimelineRow]:
    rows = []
    for label, cert in certs.items():
        start, end = cert.not_valid_before_utc, cert.not_valid_after_utc
        rows.append(TimelineRow(label, start, end, Validity.at(now, start, end)))
    return rows


STATUS_COLOR = {"valid": GREEN, "expired": RED, "not_yet_valid": AMBER}


def draw_timeline(
    certs: Mapping[str, x509.Certificate], now: datetime, lang: str | None = None
) -> Picture:
    """One bar per certificate from notBefore to notAfter, and a line at ``now``."""
    rows = timeline_rows(certs, now)
    fig = Figure(figsize=(8, 0.45 * len(rows) + 1.2))
    ax = fig.add_subplot()
    for i, row in enumerate(reversed(rows)):
        start, end = date2num(row.start), date2num(row.end)
        ax.barh(i, end - start, left=start, color=STATUS_COLOR[row.status], height=0.55)
        ax.text(
            end + 60,
            i,
            t(f"timeline.{row.status}", lang),
            va="center",
            fontsize=8,
            color=STATUS_COLOR[row.status],
        )
    ax.set_yticks(range(len(rows)), [r.label for r in reversed(rows)], fontsize=9)
    ax.axvline(date2num(now), color=BLUE, linestyle="--")
    ax.text(
        date2num(now),
        len(rows) - 0.3,
        t("timeline.today", lang, day=f"{now:%Y-%m-%d}"),
        color=BLUE,
        fontsize=8,
    )
    ax.xaxis_date()
    ax.set_xlim(date2num(datetime(2016, 1, 1)), date2num(datetime(2049, 1, 1)))
    ax.set_xlabel(t("timeline.axis", lang))
    fig.tight_layout()
    return Picture(
        fig,
        t(
            "timeline.alt",
            lang,
            day=f"{now:%Y-%m-%d}",
            rows="; ".join(f"{row.label} {t('timeline.' + row.status, lang)}" for row in rows),
        ),
    )
