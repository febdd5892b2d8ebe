"""Thuật ngữ — the course glossary: Vietnamese ↔ English ↔ PKCS#11 / X.509, one line each.

In a kernel: ``dvcedu.glossary("chứng thư số")``. ``python -m dvcedu.glossary`` writes
``notebooks/glossary.md``, which the notebooks link to on a term's first use (a test checks
that every linked term is here).
"""

from __future__ import annotations

import re
import sys
import types
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from dvcedu import i18n
from dvcedu.messages.glossary import TERMS as _TERMS


@dataclass(frozen=True)
class Term:
    vi: str
    en: str
    technical: str
    definition: str
    definition_en: str

    @property
    def anchor(self) -> str:
        return slug(self.vi)

    def words(self, lang: str | None = None) -> tuple[str, str, str]:
        """(the term, its name in the other language, its definition), in ``lang`` (default:
        the active language) first."""
        return (
            i18n.pick(self.vi, self.en, lang),
            i18n.pick(self.en, self.vi, lang),
            i18n.pick(self.definition, self.definition_en, lang),
        )

    def __repr__(self) -> str:
        name, other, meaning = self.words()
        tech = f" · {self.technical}" if self.technical else ""
        return f"{name} ({other}{tech}): {meaning}"

    def _repr_markdown_(self) -> str:
        name, other, meaning = self.words()
        tech = f" · `{self.technical}`" if self.technical else ""
        return f"**{name}** (*{other}*{tech}): {meaning}"


def slug(text: str) -> str:
    """ASCII anchor: "chứng thư số" → "chung-thu-so" (đ → d, marks dropped)."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


TERMS: tuple[Term, ...] = tuple(Term(*entry) for entry in _TERMS)


def glossary(term: str) -> Term:
    """Look a term up in Vietnamese, English or by its technical name."""
    wanted = slug(term)
    for entry in TERMS:
        if wanted in (slug(entry.vi), slug(entry.en), slug(entry.technical)):
            return entry
    matches = [e for e in TERMS if wanted in slug(e.vi) or wanted in slug(e.en)]
    if len(matches) == 1:
        return matches[0]
    raise KeyError(i18n.both("glossary.no_term", term=term))


def markdown(lang: str = "vi") -> str:
    """The glossary page of one edition: ``notebooks/glossary.md`` (Vietnamese first) or
    ``notebooks/en/glossary.md`` (English first, sorted in English). Both anchor a term by its
    Vietnamese slug, so a link ``glossary.md#chung-thu-so`` works from either edition."""
    t = i18n.t
    lines = [
        t("glossary.title", lang),
        "",
        t("glossary.generated", lang),
        "",
        t("glossary.columns", lang),
        "|---|---|---|---|",
    ]
    for term in ordered(lang):
        name, other, meaning = term.words(lang)
        lines.append(
            f'| <a id="{term.anchor}"></a>**{name}** | {other} | {term.technical} | {meaning} |'
        )
    return "\n".join(lines) + "\n"


def ordered(lang: str | None = None) -> list[Term]:
    """The terms in the alphabetical order of ``lang``'s names (by their ASCII slug)."""
    return sorted(TERMS, key=lambda term: slug(term.words(lang)[0]))


EDITIONS = {"vi": Path("notebooks") / "glossary.md", "en": Path("notebooks") / "en" / "glossary.md"}
"""Where each edition's glossary page lives, from the project root."""


class _CallableModule(types.ModuleType):
    """Lets a learner write ``dvcedu.glossary("chứng thư số")`` in a kernel."""

    def __call__(self, term: str) -> Term:
        return glossary(term)


sys.modules[__name__].__class__ = _CallableModule

if __name__ == "__main__":
    root = Path(__file__).resolve().parents[1]
    for lang, page in EDITIONS.items():
        (root / page).parent.mkdir(parents=True, exist_ok=True)
        (root / page).write_text(markdown(lang), encoding="utf-8")
        print(page)
