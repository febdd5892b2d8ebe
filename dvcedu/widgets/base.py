"""What every dialog of the course shares: a box that says what it is before it is drawn,
Enter as OK, and how a result is shown (✘ red / ✔ green)."""

from __future__ import annotations

import html
import warnings
from collections.abc import Callable, Sequence

import ipywidgets as w

from dvcedu.i18n import t
from dvcedu.style import GREEN, RED


def submit_on_enter(field: w.Password, action: Callable[[], None]) -> None:
    """Enter in the PIN box does what the OK button does, as in any dialog. (ipywidgets 8
    marks ``on_submit`` deprecated in favour of ``continuous_update=False``, but that also
    fires when the box loses focus — that is, when the learner clicks OK — and would run the
    action twice.)"""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        field.on_submit(lambda _: action())


class Panel(w.VBox):
    """A box that says what it is where it cannot be drawn.

    A committed notebook keeps no widget state, so before the learner runs it JupyterLab,
    GitHub and the course site show a widget output's text. ipywidgets makes that text from
    ``repr()`` (``VBox(children=(HTML(…``); a Panel says in words what will appear instead.
    """

    def __init__(self, children: Sequence[w.Widget], *, shows: str, **kwargs: object) -> None:
        self.shows = shows
        super().__init__(list(children), **kwargs)

    def __repr__(self) -> str:
        return t("widget.unrun", shows=self.shows)


def failed(text: str) -> str:
    """A refusal, in red, as HTML (line breaks kept)."""
    return f"<span style='color:{RED}'>✘ " + html.escape(text).replace("\n", "<br>") + "</span>"


def succeeded(text_html: str) -> str:
    """A success, in green; ``text_html`` is already HTML."""
    return f"<span style='color:{GREEN}'>✔ {text_html}</span>"
