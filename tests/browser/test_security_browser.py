"""The cases of the web security matrix that only a browser can show: what a certificate
written by an attacker looks like on every page it reaches, and whether another site can
frame the plugin's window (or the portal) and click through it."""

from __future__ import annotations

import pytest

from dvcedu.token import TRAINING_PIN

from .harness import files
from .test_practice_portal import (  # noqa: F401 - the practice portal's fixtures
    choose_and_type_pin,
    context,
    log_in,
    plugin_window,
    practice_home,
    start,
    submit_review,
    trusting_browser,
)

PAYLOAD = '<img src=x onerror="window.pwned=1">'


@pytest.fixture(scope="module")
def hostile_token(practice_home):  # noqa: F811
    """A token whose certificate the training CA issued with an attacker's text as its CN
    and O (a CA that checks nothing would sign it; the training one is made to)."""
    from cryptography.hazmat.primitives import serialization

    from dvcedu.lab import key_id_for
    from dvcedu.pki import samples
    from dvcedu.token import TRAINING_SO_PIN, init_token, provisioning

    from ..portal_helpers import custom_signer, mst

    cert, _ = custom_signer(
        "xss", {"C": "VN", "ST": "Hà Nội", "O": PAYLOAD, "CN": PAYLOAD, "UID": f"MST:{mst(7)}"}
    )
    init_token("DVCEDU-XSS", so_pin=TRAINING_SO_PIN, pin=TRAINING_PIN)
    with provisioning("DVCEDU-XSS", TRAINING_PIN) as token:
        key_id = key_id_for(cert)
        token.import_private_key(samples.identity("enterprise").key_pem(), id=key_id, label="xss")
        token.import_certificate(
            cert.public_bytes(serialization.Encoding.DER), id=key_id, label="xss"
        )
    return "DVCEDU-XSS"


def no_script_ran(*pages) -> None:
    for page in pages:
        assert page.locator("img[src=x]").count() == 0, page.url
        assert page.evaluate("() => window.pwned") is None, page.url


def test_a_certificate_written_by_an_attacker_is_shown_as_text_everywhere(
    start,  # noqa: F811
    context,  # noqa: F811
    hostile_token,
):
    running = start(hostile_token)
    alerts: list[str] = []
    context.on("dialog", lambda d: (alerts.append(d.message), d.dismiss()))
    page = context.new_page()
    page.goto(running.portal + "/dang-ky/usb-ky-so")
    page.wait_for_selector("#plugin-state[data-state=ok]")
    window = plugin_window(context, page, "#choose-cert", running)
    window.wait_for_selector("#certificate:not([hidden])")
    assert PAYLOAD in window.inner_text("#certificate")  # the list shows the text itself
    no_script_ran(window)
    choose_and_type_pin(window, TRAINING_PIN)
    page.wait_for_selector("#review:not([hidden])")
    assert page.inner_text("#d-subject") == PAYLOAD
    no_script_ran(page, window)
    submit_review(running, page)
    page.wait_for_selector("#registered")
    assert PAYLOAD in page.inner_text("main")
    no_script_ran(page)
    log_in(context, page)
    assert page.inner_text("#user-name") == PAYLOAD  # top right, as text
    no_script_ran(page, window)
    assert alerts == []


def test_another_site_cannot_frame_the_plugins_window_or_the_portal(start, context):  # noqa: F811
    from pathlib import Path

    running = start()
    window_url = (
        running.practice.plugin_urls[-1].replace("wss:", "https:").replace("/plugin", "/hop-thoai")
    )
    page_html = (
        f"<!doctype html><iframe id=w src='{window_url}'></iframe>"
        f"<iframe id=p src='{running.portal}/dang-ky/usb-ky-so'></iframe>"
    )
    with files(Path(__file__), page=page_html) as evil:
        page = context.new_page()
        page.goto(evil.replace("localhost", "127.0.0.1") + "/")
        page.wait_for_timeout(1500)
        framed = [f for f in page.frames if f != page.main_frame]
        assert len(framed) == 2
        for frame in framed:  # Chromium refused to show them: an error page, no dialog
            assert frame.locator("#dialog, #choose-cert").count() == 0, frame.url
