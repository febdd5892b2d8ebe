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
    token,
    viz,
    web,
    widgets,
)

LAYERS = (base, token, pki, portal, plugin, dossier, course, exercises, viz, widgets, web, classroom, cli)

MESSAGES: dict[str, tuple[str, str]] = {}
for _layer in LAYERS:
    MESSAGES.update(_layer.MESSAGES)
