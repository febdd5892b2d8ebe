"""The one message catalogue: every sentence a learner or trainer reads, in Vietnamese and
English, keyed by a dotted id — split by the layer that says it.

Each entry is ``(vi, en)``, formatted with ``str.format`` fields (see :mod:`dvcedu.i18n`).
Code outside this package holds no Vietnamese text of its own (``tests/test_i18n.py`` checks
every literal); it holds message ids. Each module here is a plain dict, so a translator edits
text without reading code, and the English edition (issue: English edition) has its keys.
"""

from __future__ import annotations

from dvcedu.messages import (
    base,
    classroom,
    cli,
    course,
    dossier,
    exercises,
    pki,
    plugin,
    portal,
    rssp,
    token,
    viz,
    web,
    widgets,
)

LAYERS = (base, token, pki, portal, plugin, rssp, dossier, course, exercises, viz, widgets, web, classroom, cli)

MESSAGES: dict[str, tuple[str, str]] = {}
for _layer in LAYERS:
    MESSAGES.update(_layer.MESSAGES)


# --- is the English still a translation of the Vietnamese? ---------------------------------
from pathlib import Path  # noqa: E402

REVIEWED = Path(__file__).with_name("reviewed.json")
"""For each message id, the hash of the Vietnamese its English was last reviewed against
(``tools/review_messages.py`` stamps it; ``tests/test_i18n.py`` fails on a stale one)."""


def fingerprint(vietnamese: str) -> str:
    """The short hash an English text records of the Vietnamese it translates — the same as
    the English notebooks' (``tools/build_notebooks.py``)."""
    import hashlib
    import unicodedata

    return hashlib.sha256(unicodedata.normalize("NFC", vietnamese).encode()).hexdigest()[:8]


def stale(recorded: dict[str, str]) -> list[str]:
    """The ids whose Vietnamese is not the one their English was reviewed against."""
    return sorted(i for i, (vi, _) in MESSAGES.items() if recorded.get(i) != fingerprint(vi))
