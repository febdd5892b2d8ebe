"""Every user-facing sentence, in Vietnamese and English.

Messages live in one table keyed by a dotted id; each entry is ``(vi, en)`` and is formatted
with ``str.format`` fields. English has two plural forms and Vietnamese none, so an English
text may choose a word by a number field: ``{left|try|tries}`` is "try" when ``left`` is 1,
else "tries" ("1 try left", "3 tries left"); Vietnamese texts never need one ("còn 1 lần
thử", "còn 3 lần thử"). The default language is Vietnamese; ``DVCEDU_LANG=en`` or
:func:`set_lang` switches it (the CLI's ``--lang`` calls :func:`set_lang`). A test checks that
every id has both languages and the same fields in each.

Errors speak both languages (:func:`both`): a wrong PIN at a terminal must be understood
whichever language the machine is set to. A notebook is different: each edition speaks its
own language, and the other edition is one click away, so :func:`one_language` (which
``dvcedu.lab.language`` calls, and ``DVCEDU_ONE_LANGUAGE=1`` for the ``dvcedu`` commands a
notebook runs) makes :func:`both` give the active language alone.
"""

from __future__ import annotations

import os
import unicodedata

LANGS = ("vi", "en")
_override: str | None = None
_one_language = False


def current_lang() -> str:
    """The active language: :func:`set_lang`, else ``DVCEDU_LANG``, else Vietnamese."""
    lang = _override or os.environ.get("DVCEDU_LANG", "vi").strip().lower()[:2]
    return lang if lang in LANGS else "vi"


def set_lang(lang: str | None) -> None:
    """Choose ``"vi"`` or ``"en"`` for this process; ``None`` goes back to ``DVCEDU_LANG``."""
    global _override
    if lang is not None and lang not in LANGS:
        raise ValueError(f"language must be one of {LANGS}, not {lang!r}")
    _override = lang


def one_language(on: bool = True) -> None:
    """Speak the active language only, in this process (a notebook's kernel)."""
    global _one_language
    _one_language = on


def pick(vi: str, en: str, lang: str | None = None) -> str:
    """One of a pair of texts: the Vietnamese or the English, for ``lang`` (default: the
    active language). For text that is not in the catalogue (a recorded event's name, an
    exercise's hint, a glossary term)."""
    return vi if (lang or current_lang()) == "vi" else en


class Msg:
    """A field that is itself a message: rendered in the same language as the message around
    it (e.g. the reason inside "no usable certificate: …"), with fields of its own. (A plain
    class: importing ``typing`` for a NamedTuple costs the CLI's start-up 5 ms.)"""

    __slots__ = ("fields", "id")

    def __init__(self, msg_id: str, fields: tuple[tuple[str, object], ...] = ()) -> None:
        self.id, self.fields = msg_id, fields

    @classmethod
    def of(cls, msg_id: str, /, **fields: object) -> Msg:
        return cls(msg_id, tuple(fields.items()))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Msg) and (self.id, self.fields) == (other.id, other.fields)

    def __hash__(self) -> int:
        return hash((self.id, self.fields))

    def __repr__(self) -> str:
        return f"Msg({self.id!r}, {self.fields!r})"


def t(msg_id: str, /, lang: str | None = None, **fields: object) -> str:
    """The message ``msg_id`` in ``lang`` (default: the active language), fields filled in."""
    lang = lang or current_lang()
    text = pick(*MESSAGES[msg_id], lang)
    if "|" in text:
        text = plural(text, fields)
    shown = {
        k: t(v.id, lang, **dict(v.fields)) if isinstance(v, Msg) else v for k, v in fields.items()
    }
    return unicodedata.normalize("NFC", text.format(**shown))


def plural(text: str, fields: dict[str, object]) -> str:
    """``text`` with each ``{field|one|other}`` replaced by the form ``fields[field]`` needs."""
    import re  # only texts with a plural form pay for it (the CLI's start-up is measured)

    return re.sub(
        r"\{(\w+)\|([^{}|]*)\|([^{}|]*)\}",
        lambda m: m.group(2) if fields.get(m.group(1)) == 1 else m.group(3),
        text,
    )


def both(msg_id: str, /, **fields: object) -> str:
    """Active language first, the other one on a second line: what errors show (the active
    one alone under :func:`one_language`)."""
    first = current_lang()
    if _one_language or os.environ.get("DVCEDU_ONE_LANGUAGE") == "1":
        return t(msg_id, first, **fields)
    second = "en" if first == "vi" else "vi"
    return f"{t(msg_id, first, **fields)}\n[{second}] {t(msg_id, second, **fields)}"


from dvcedu.messages import MESSAGES as MESSAGES  # noqa: E402  (the one catalogue)
