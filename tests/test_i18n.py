import string
import unicodedata

import pytest

from dvcedu import i18n


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("msg_id", sorted(i18n.MESSAGES))
def test_every_message_has_both_languages_with_the_same_fields(msg_id):
    vi, en = i18n.MESSAGES[msg_id]
    assert vi.strip() and en.strip()
    assert fields(vi) == fields(en)
    assert unicodedata.is_normalized("NFC", vi)


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
    text_vi = i18n.t("plugin.no_certificate", "vi", label="T", count=1,
                     why=i18n.Msg("hidden.cert_expired"))
    text_en = i18n.t("plugin.no_certificate", "en", label="T", count=1,
                     why=i18n.Msg("hidden.cert_expired"))
    assert "chứng thư đã hết hạn" in text_vi and "has expired" in text_en
