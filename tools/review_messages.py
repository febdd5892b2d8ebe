"""Stamp the English of the message catalogue as reviewed against its Vietnamese.

The catalogue's Vietnamese is the source; each English text is a translation of one
Vietnamese text. ``dvcedu/messages/reviewed.json`` records, for every message id, the short
hash of the Vietnamese its English was last checked against (the hash the English notebooks
record, ``tools/build_notebooks.py``). ``tests/test_i18n.py`` fails on any id whose Vietnamese
changed since: read the English beside the new Vietnamese, fix it if needed, then stamp it:

    python tools/review_messages.py pin.incorrect pin.incorrect_sim   # these ids
    python tools/review_messages.py --stale                           # list what is stale
    python tools/review_messages.py --all                             # every id (first stamp)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dvcedu.messages import MESSAGES, REVIEWED, fingerprint, stale  # noqa: E402


def main(argv: list[str]) -> int:
    recorded = json.loads(REVIEWED.read_text()) if REVIEWED.exists() else {}
    if argv == ["--stale"]:
        for msg_id in stale(recorded):
            vi, en = MESSAGES[msg_id]
            print(f"{msg_id}\n  vi: {vi}\n  en: {en}")
        return 0
    ids = sorted(MESSAGES) if argv == ["--all"] else argv
    unknown = [i for i in ids if i not in MESSAGES]
    if unknown or not ids:
        print(f"unknown message ids: {unknown}" if unknown else __doc__, file=sys.stderr)
        return 2
    for msg_id in ids:
        recorded[msg_id] = fingerprint(MESSAGES[msg_id][0])
    recorded = {k: v for k, v in sorted(recorded.items()) if k in MESSAGES}
    REVIEWED.write_text(json.dumps(recorded, indent=0, ensure_ascii=False) + "\n")
    print(f"stamped {len(ids)} of {len(MESSAGES)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
