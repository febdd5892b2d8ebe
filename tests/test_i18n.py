import ast
import itertools
import pathlib
import string
import unicodedata

import pytest

import dvcedu
from dvcedu import i18n, messages

from .conftest import VIETNAMESE


def fields(text: str) -> set[str]:
    """The fields a text is formatted with; ``{left|try|tries}`` names ``left``."""
    return {name.split("|")[0] for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("msg_id", sorted(i18n.MESSAGES))
def test_every_message_has_both_languages_with_the_same_fields(msg_id):
    vi, en = i18n.MESSAGES[msg_id]
    assert vi.strip() and en.strip()
    assert fields(vi) <= fields(en) and fields(en) - fields(vi) <= plural_only(en)
    assert unicodedata.is_normalized("NFC", vi)
    assert "|" not in "".join(n for _, n, _, _ in string.Formatter().parse(vi) if n), (
        "Vietnamese has no plural forms: one text for every number"
    )


def plural_only(text: str) -> set[str]:
    """Fields an English text uses only to choose a plural form."""
    return {
        name.split("|")[0]
        for _, name, _, _ in string.Formatter().parse(text)
        if name and "|" in name
    }


@pytest.mark.parametrize(
    ("left", "english", "vietnamese"),
    [
        (1, "1 try left", "còn 1 lần thử"),
        (3, "3 tries left", "còn 3 lần thử"),
        (0, "0 tries left", "còn 0 lần thử"),
    ],
)
def test_english_speaks_in_plural_and_vietnamese_needs_none(left, english, vietnamese):
    assert english in i18n.t("pin.incorrect", "en", left=left)
    assert vietnamese in i18n.t("pin.incorrect", "vi", left=left)
    assert i18n.t("widget.pin_ok", "en", count=1).endswith("it holds 1 certificate.")
    assert i18n.t("widget.pin_ok", "en", count=2).endswith("it holds 2 certificates.")


def test_every_english_text_was_reviewed_against_the_vietnamese_it_has_now():
    """A Vietnamese message changed without its English fails here (as an English notebook
    cell does): review the English, then ``python tools/review_messages.py <id>``."""
    import json

    recorded = json.loads(messages.REVIEWED.read_text())
    assert messages.stale(recorded) == []


def test_a_changed_vietnamese_text_is_found_stale():
    import json

    recorded = json.loads(messages.REVIEWED.read_text())
    recorded["pin.incorrect"] = messages.fingerprint("Sai mã PIN (bản cũ).")
    assert messages.stale(recorded) == ["pin.incorrect"]


def test_vietnamese_is_default_and_env_switches(monkeypatch):
    monkeypatch.delenv("DVCEDU_LANG", raising=False)
    assert i18n.t("ok") == "ĐẠT"
    monkeypatch.setenv("DVCEDU_LANG", "en")
    assert i18n.t("ok") == "OK"
    i18n.set_lang("vi")
    try:
        assert i18n.t("ok") == "ĐẠT"
    finally:
        i18n.set_lang(None)


def test_both_puts_the_active_language_first(monkeypatch):
    monkeypatch.setenv("DVCEDU_LANG", "en")
    first, second = i18n.both("ok").splitlines()
    assert (first, second) == ("OK", "[vi] ĐẠT")


def test_unknown_language_is_refused():
    with pytest.raises(ValueError):
        i18n.set_lang("fr")


def test_a_message_field_is_rendered_in_the_same_language():
    text_vi = i18n.t(
        "plugin.no_certificate", "vi", label="T", count=1, why=i18n.Msg("hidden.cert_expired")
    )
    text_en = i18n.t(
        "plugin.no_certificate", "en", label="T", count=1, why=i18n.Msg("hidden.cert_expired")
    )
    assert "chứng thư đã hết hạn" in text_vi and "has expired" in text_en


# --- one catalogue ----------------------------------------------------------------------------
PACKAGE = pathlib.Path(dvcedu.__file__).parent


def _docstrings(tree: ast.AST) -> set[int]:
    """Docstrings of modules, classes, functions and attributes: the code's own notes."""
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if not isinstance(body, list):
            continue
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            found.add(id(body[0].value))
        for first, second in itertools.pairwise(body):
            if isinstance(first, ast.Assign | ast.AnnAssign) and isinstance(second, ast.Expr):
                found.add(id(second.value))
    return found


def vietnamese_literals(path: pathlib.Path) -> list[tuple[int, str]]:
    """String literals with a Vietnamese letter, docstrings and single characters aside."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree)
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skip
        and len(node.value) > 1
        and VIETNAMESE.search(node.value)
    ]


@pytest.mark.parametrize(
    "path",
    sorted(p for p in PACKAGE.rglob("*.py") if "messages" not in p.relative_to(PACKAGE).parts),
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_no_vietnamese_text_outside_the_catalogue(path):
    assert vietnamese_literals(path) == []


def test_the_scan_finds_a_vietnamese_literal(tmp_path):
    sample = tmp_path / "m.py"
    sample.write_text('"""Tài liệu."""\nX = "đ"\nY = "Đăng ký"\nZ = "log in"\n', encoding="utf-8")
    assert vietnamese_literals(sample) == [(3, "Đăng ký")]


def test_no_message_id_is_defined_twice_across_layers():
    seen: dict[str, str] = {}
    for layer in messages.LAYERS:
        for msg_id in layer.MESSAGES:
            assert msg_id not in seen, f"{msg_id} in {seen.get(msg_id)} and {layer.__name__}"
            seen[msg_id] = layer.__name__


def test_widgets_speak_the_chosen_language(monkeypatch):
    from dvcedu.widgets.page import MethodChooser, header

    monkeypatch.setenv("DVCEDU_LANG", "en")
    chooser = MethodChooser()
    labels = [label for label, _ in chooser.buttons.options]
    assert "USB token (USB ký số)" in labels and chooser.buttons.value == "usb"
    assert "Register (Đăng ký)" in header().children[0].children[0].value
    monkeypatch.setenv("DVCEDU_LANG", "vi")
    assert "USB ký số" in [label for label, _ in MethodChooser().buttons.options]


def test_a_notebook_speaks_its_own_language_and_a_terminal_both(monkeypatch):
    """Errors carry both languages (a terminal, a log); a notebook's kernel, once
    lab.language() ran, gives its edition's language alone, and so do the dvcedu commands it
    starts (they inherit DVCEDU_ONE_LANGUAGE)."""
    from dvcedu import lab
    from dvcedu.errors import PinLocked

    for var in ("DVCEDU_ONE_LANGUAGE", "DVCEDU_LANG"):  # put back as they were afterwards
        monkeypatch.setenv(var, "")
        monkeypatch.delenv(var)
    error = PinLocked()
    try:
        i18n.set_lang("vi")
        assert "\n[en] " in str(error)
        lab.language("en")
        assert str(error) == error.message("en") and "[vi]" not in str(error)
        i18n.one_language(False)
        monkeypatch.delenv("DVCEDU_ONE_LANGUAGE")
        assert str(error).startswith(error.message("en") + "\n[vi] ")
        monkeypatch.setenv("DVCEDU_ONE_LANGUAGE", "1")  # a command a notebook started
        assert str(error) == error.message("en")
    finally:
        i18n.one_language(False)
        i18n.set_lang(None)
