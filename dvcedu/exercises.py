"""Bài tập — instant, local checks for self-study.

Each exercise keeps only a salted SHA-256 of its answer (the answer is not readable here) and
a hint for a wrong try, in Vietnamese and English. ``check(id, ...)`` — the notebooks'
blank is ``answer = ...`` — says "chưa trả lời" (not answered yet), so a notebook with blank
answers is still deterministic under nbval; ``None`` is an answer like any other (what a
token returns for a secret attribute). The solved copies in ``notebooks/solutions/`` fill the
answers in.

Hints come in steps, so that a first wrong try is nudged, not told: a hint written
``first step || last step`` shows its first step on the first wrong try of that exercise and
its last from the second on. Each answer is recorded in this kernel (:func:`record`), and
``summary("02")`` at a notebook's keypoints tallies them: how many right, which to go back to.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import html
import re
import unicodedata
from dataclasses import dataclass

from dvcedu import i18n
from dvcedu.messages.exercises import EXERCISES as _EXERCISES
from dvcedu.messages.exercises import WRONG_HINTS
from dvcedu.style import GREEN, GREY, RED


def normalize(answer: object) -> str:
    """Forgiving comparison: case, spaces, ':' and '-', '0x', and Vietnamese marks ignored."""
    text = unicodedata.normalize("NFD", str(answer).strip().replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"^0x", "", text)
    return re.sub(r"[\s:_\-.]+", "", text)


@dataclass(frozen=True)
class Exercise:
    id: str
    question_vi: str
    question_en: str
    hint_vi: str
    hint_en: str
    salt: str
    digest: str

    def accepts(self, answer: object) -> bool:
        return any(
            hmac.compare_digest(self._digest(text), self.digest) for text in readings(answer)
        )

    def _digest(self, text: str) -> str:
        return hashlib.sha256(f"{self.salt}:{text}".encode()).hexdigest()


def readings(answer: object) -> list[str]:
    """The ways an answer may be meant: as written; for a number typed without quotes, with
    the leading zeros Python dropped (an MST is 10 digits, a CCCD 12: 0199001010); for a
    portal's reason given in words ("thử thách đã dùng"), the code it names
    (``challenge_used``); for an English yes or no, the Vietnamese word it means."""
    text = normalize(answer)
    if isinstance(answer, int) and not isinstance(answer, bool) and answer >= 0:
        return [text, *(text.zfill(width) for width in (10, 12) if len(text) < width)]
    return [text, *_REASONS_IN_WORDS.get(text, ()), *_YES_NO.get(text, ())]


class Outcome(enum.StrEnum):
    """How an exercise stands."""

    UNANSWERED = "unanswered"
    CORRECT = "correct"
    WRONG = "wrong"


@dataclass(frozen=True)
class Verdict:
    """How one answer (or one function, :mod:`dvcedu.tasks`) stands, with the hint that fits
    it; ``detail`` replaces the plain "not yet" when a check can say more (which input)."""

    id: str
    question_vi: str
    question_en: str
    status: Outcome
    hint_vi: str
    hint_en: str
    detail: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(
        cls,
        id: str,
        question_vi: str,
        question_en: str,
        status: Outcome,
        *,
        hint: tuple[str, str],
        detail: dict[str, str] | None = None,
    ) -> Verdict:
        return cls(
            id, question_vi, question_en, status, *hint, detail=tuple((detail or {}).items())
        )

    def text(self, lang: str = "vi") -> str:
        if self.detail:
            return dict(self.detail)[lang]
        hint = i18n.pick(self.hint_vi, self.hint_en, lang)
        return i18n.t(f"exercise.{self.status.value}", lang, hint=hint)

    def __repr__(self) -> str:
        if i18n.current_lang() == "en":  # the English edition: English only
            return f"[{self.id}] {self.question_en}\n{self.text('en')}"
        return f"[{self.id}] {self.question_vi}\n{self.text('vi')}"

    def _repr_html_(self) -> str:
        """Each edition shows its own language; in the Vietnamese edition the English is one
        click away (a folded ``<details>``), not on every line; the English shows English."""
        color = {Outcome.CORRECT: GREEN, Outcome.WRONG: RED}.get(self.status, GREY)
        lang = i18n.current_lang()
        question = self.question_en if lang == "en" else self.question_vi
        lines = [
            f"<b>{html.escape(i18n.t('exercise.title', lang, id=self.id))}</b>: "
            f"{html.escape(question)}"
        ]
        lines.append(f"<span style='color:{color}'>{html.escape(self.text(lang))}</span>")
        folded = ""
        if lang == "vi":  # the English edition has no Vietnamese in what it shows
            summary = html.escape(i18n.t("exercise.other_language", lang))
            folded = (
                f"<details><summary>{summary}</summary>{html.escape(self.question_en)}"
                f"<br>{html.escape(self.text('en'))}</details>"
            )
        return (
            f"<div style='border-left:4px solid {color};padding:4px 10px'>"
            + "<br>".join(lines)
            + folded
            + "</div>"
        )


def check(exercise_id: str, answer: object) -> Verdict:
    """The verdict on ``answer``; a common wrong answer gets its own hint (WRONG_HINTS), in
    steps (:func:`step`)."""
    e = EXERCISES[exercise_id]
    hint = (e.hint_vi, e.hint_en)
    if answer is ...:
        status = Outcome.UNANSWERED
    elif e.accepts(answer):
        status = Outcome.CORRECT
    else:
        status = Outcome.WRONG
        hint = _WRONG_HINTS.get(exercise_id, {}).get(normalize(answer), hint)
    wrong_before = record(exercise_id, status)
    hint = (step(hint[0], wrong_before), step(hint[1], wrong_before))
    return Verdict.of(e.id, e.question_vi, e.question_en, status, hint=hint)


STEP = " || "
"""Between the steps of a hint: the first, a nudge; the last, close to the answer."""

_RECORD: dict[str, list[Outcome]] = {}


def record(exercise_id: str, status: Outcome) -> int:
    """Note one answer (a blank is not one); return how many wrong tries came before it."""
    tries = _RECORD.setdefault(exercise_id, [])
    wrong_before = tries.count(Outcome.WRONG)
    if status is not Outcome.UNANSWERED:
        tries.append(status)
    return wrong_before


def step(hint: str, wrong_before: int) -> str:
    """The step of ``hint`` for a try after ``wrong_before`` wrong ones: the first step on the
    first wrong try, the last from the second on."""
    steps = hint.split(STEP)
    return steps[min(wrong_before, len(steps) - 1)]


def forget() -> None:
    """Forget every answer recorded in this kernel (a new attempt at the course)."""
    _RECORD.clear()


@dataclass(frozen=True)
class Tally:
    """How a notebook's exercises stand in this kernel: the latest answer of each."""

    notebook: str
    right: tuple[str, ...]
    wrong: tuple[str, ...]
    blank: tuple[str, ...]

    def text(self, lang: str) -> str:
        total = len(self.right) + len(self.wrong) + len(self.blank)
        parts = [
            i18n.t(
                "exercise.tally", lang, notebook=self.notebook, right=len(self.right), total=total
            )
        ]
        if self.wrong:
            parts.append(i18n.t("exercise.tally_wrong", lang, ids=", ".join(self.wrong)))
        if self.blank:
            parts.append(i18n.t("exercise.tally_blank", lang, ids=", ".join(self.blank)))
        return " · ".join(parts)

    def __repr__(self) -> str:
        return self.text(i18n.current_lang())


def summary(notebook: str) -> Tally:
    """The tally of notebook ``notebook``'s exercises (short checks and code tasks), in the
    order of the catalogue: right, still wrong, not answered yet."""
    from dvcedu.tasks import TASKS

    ids = [i for i in [*EXERCISES, *TASKS] if i.startswith(f"{notebook}.")]
    latest = {i: (_RECORD.get(i) or [Outcome.UNANSWERED])[-1] for i in ids}
    return Tally(
        notebook,
        tuple(i for i in ids if latest[i] is Outcome.CORRECT),
        tuple(i for i in ids if latest[i] is Outcome.WRONG),
        tuple(i for i in ids if latest[i] is Outcome.UNANSWERED),
    )


EXERCISES: dict[str, Exercise] = {entry[0]: Exercise(*entry) for entry in _EXERCISES}

_WRONG_HINTS: dict[str, dict[str, tuple[str, str]]] = {
    exercise_id: {normalize(wrong): hint for wrong, hint in hints.items()}
    for exercise_id, hints in WRONG_HINTS.items()
}

_YES_NO: dict[str, tuple[str, ...]] = {"yes": ("co",), "no": ("khong",)}
"""An English yes/no is the Vietnamese answer it means (answers are kept in Vietnamese)."""

_REASONS_IN_WORDS: dict[str, tuple[str, ...]] = {}
"""A reason's short name, in either language (normalised), → its code (normalised)."""
for _id in i18n.MESSAGES:
    if _id.startswith("reason.label."):
        _code = normalize(_id.removeprefix("reason.label."))
        for _lang in i18n.LANGS:
            _REASONS_IN_WORDS[normalize(i18n.t(_id, _lang))] = (_code,)
