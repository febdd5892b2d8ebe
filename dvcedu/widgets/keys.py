"""Keyboard behaviour shared by the dialogs."""

from __future__ import annotations

import warnings
from collections.abc import Callable

import ipywidgets as w


def submit_on_enter(field: w.Password, action: Callable[[], None]) -> None:
    """Enter in the PIN box does what the OK button does, as in any dialog. (ipywidgets 8
    marks ``on_submit`` deprecated in favour of ``continuous_update=False``, but that also
    fires when the box loses focus — that is, when the learner clicks OK — and would run the
    action twice.)"""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        field.on_submit(lambda _: action())
