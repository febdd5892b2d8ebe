"""The practice portal under attack: cross-site requests, sessions, hostile input, headers,
redirects, paths and error pages. After every refused request the account store is
unchanged (read with sqlite3 directly, not through the portal), and the refusal is in the
Transcript in both languages."""

from __future__ import annotations

import json
import sqlite3

import httpx2
import pytest

from dvcedu.clock import COURSE_DAY, FixedClock
from dvcedu.token import TRAINING_PIN

from .conftest import requires_softhsm

pytestmark = requires_softhsm
EVIL = "https://evil.test"


@pytest.fixture
def running(training_token, tmp_path):
    """The three services on free ports, the accounts in a file the test reads itself."""
    from dvcedu.plugin import SigningPlugin
    from dvcedu.portal import Store
    from dvcedu.web.practice import Practice
    from dvcedu.web.serve import any_free_port, practice_services

    portal_port, sso_port, plugin_port = any_free_port(), any_free_port(), any_free_port()
    practice = Practice(
        store=Store(tmp_path / "accounts.sqlite3"),
        portal_url=f"http://localhost:{portal_port}",
        sso_url=f"http://localhost:{sso_port}",
        plugin_urls=(f"wss://localhost:{plugin_port}/plugin",),
        test_hooks=True,
        clock=FixedClock(COURSE_DAY),
    )
    services = practice_services(
        practice,
        portal_port=portal_port,
        plugin_port=plugin_port,
        plugin=SigningPlugin(clock=FixedClock(COURSE_DAY)),
    ).start()
    practice.db = tmp_path / "accounts.sqlite3"  # type: ignore[attr-defined]
    yield practice
    services.stop()


def robot(practice):
    from dvcedu.web.robot import Robot
    from dvcedu.web.tls import loopback_tls

    return Robot(practice.portal_url, str(loopback_tls().ca_file), TRAINING_PIN)


def accounts(practice) -> list[tuple]:
    with sqlite3.connect(practice.db) as db:
        return db.execute("SELECT * FROM accounts ORDER BY identifier").fetchall()


def registration_body(practice, http) -> bytes:
    """A registration the learner's page would send, signed for real, not yet sent."""
    from dvcedu.web.robot import page_data

    me = robot(practice)
    page = me.get(practice.portal_url + "/dang-ky/usb-ky-so")
    data = page_data(page.text)
    signed = me.sign(data["plugin"], data["challenge"], origin=practice.portal_url)
    captcha = me.http.get(f"{practice.portal_url}/_test/captcha/{data['captcha_id']}").json()
    return json.dumps(
        {
            "challenge": data["challenge"],
            "signature": signed,
            "domain": "localhost",
            "email": "a@daotao.test",
            "captcha_id": data["captcha_id"],
            "captcha": captcha["text"],
        }
    ).encode()


@pytest.mark.parametrize(
    "origin", [EVIL, "null", None, "http://localhost:8888", "http://127.0.0.1:8000"]
)
@pytest.mark.parametrize("kind", ["application/json", "text/plain"])
def test_no_state_changing_request_from_another_origin_is_taken(running, origin, kind):
    """A page elsewhere (or on another localhost port — every port of localhost is the same
    *site*, so SameSite does not tell them apart) posts a registration, a dossier, a
    logout: refused before it is read, and the store is as it was."""
    http = httpx2.Client(timeout=30)
    body = registration_body(running, http)
    before = accounts(running)
    headers = {"content-type": kind} | ({"origin": origin} if origin else {})
    for path in ("/dang-ky/gui", "/ho-so/nop", "/dang-xuat"):
        refused = http.post(running.portal_url + path, content=body, headers=headers)
        assert refused.status_code == 403, path
        assert "CSRF" in refused.text or "forgery" in refused.text
    assert accounts(running) == before == []
    notes = [e for e in running.transcript if not e.ok and e.name.startswith("POST")]
    assert len(notes) == 3 and all(e.note_vi != e.note_en for e in notes)
    assert http.post(
        running.portal_url + "/dang-ky/gui",
        content=body,
        headers={"content-type": "application/json", "origin": running.portal_url},
    ).json()["ok"]
    assert len(accounts(running)) == 1


def test_a_foreign_host_is_refused_even_behind_a_proxy_prefix(running):
    """DNS rebinding, or a forged proxy header: no page, no licence for that host."""
    http = httpx2.Client(timeout=30)
    for headers in (
        {"host": "evil.test"},
        {"host": "evil.test", "x-forwarded-prefix": "/user/x/proxy/8000"},
    ):
        refused = http.get(running.portal_url + "/dang-ky/usb-ky-so", headers=headers)
        assert refused.status_code == 421 and "licence" not in refused.text


def test_the_session_cookie_is_httponly_strict_and_renewed_at_login(running):
    me = robot(running)
    assert me.register()["ok"]
    before = me.http.cookies.get("dvcqg_session")
    assert me.log_in() == "CÔNG TY TNHH ĐÀO TẠO AN BÌNH (TRAINING)"
    after = me.http.cookies.get("dvcqg_session")
    assert before and after and before != after  # not the id the login started with
    fresh = httpx2.Client(timeout=30).get(running.portal_url + "/dang-nhap")
    cookie = fresh.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie


def test_logout_ends_the_session_on_the_server(running):
    me = robot(running)
    me.register()
    me.log_in()
    copied = me.http.cookies.get("dvcqg_session")
    assert me.get(running.portal_url + "/tai-khoan").status_code == 200
    me.log_out()
    stolen = httpx2.Client(timeout=30, cookies={"dvcqg_session": copied})
    assert stolen.get(running.portal_url + "/tai-khoan").status_code == 303  # to log in


def test_a_captured_signed_login_replayed_later_is_refused(running):
    """The same request again (its nonce and code spent), and the captured signature inside a
    fresh login request (its challenge spent): both refused, in words."""
    from dvcedu.web.robot import page_data

    me = robot(running)
    me.register()

    def login_page() -> dict:
        authorize = me.get(running.portal_url + "/dang-nhap").headers["location"]
        return page_data(me.get(authorize).text)

    data = login_page()
    signed = me.sign(data["plugin"], data["challenge"], origin=running.sso_url)
    body = {
        "query": data["query"],
        "challenge": data["challenge"],
        "signature": signed,
        "domain": "localhost",
    }
    url, headers = running.sso_url + "/oauth2/authorize/usb-ky-so", {"origin": running.sso_url}
    assert me.http.post(url, json=body, headers=headers).json()["ok"]
    again = me.http.post(url, json=body, headers=headers).json()
    assert (
        not again["ok"] and again["error"] == "invalid_request" and "Đăng nhập" in again["message"]
    )
    replayed = me.http.post(
        url, json={**body, "query": login_page()["query"]}, headers=headers
    ).json()
    assert not replayed["ok"] and replayed["reason"] == "challenge_used"


def test_every_page_sends_the_security_headers(running):
    me = robot(running)
    me.register()
    me.log_in()
    for url in (
        running.portal_url + path
        for path in (
            "/",
            "/dang-ky",
            "/dang-ky/usb-ky-so",
            "/tai-khoan",
            "/ho-so/mau.pdf",
            "/plugin-library.js",
            "/static/site.css",
            "/khong-co",
        )
    ):
        response = me.get(url)
        csp = response.headers.get("content-security-policy", "")
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp, url
        assert "unsafe-eval" not in csp and "frame-ancestors 'none'" in csp, url
        assert response.headers["x-content-type-options"] == "nosniff", url
        assert response.headers["referrer-policy"] == "same-origin", url
        assert response.headers["x-frame-options"] == "DENY", url


@pytest.mark.parametrize(
    "query",
    [
        "next=https://evil.test/",
        "return=//evil.test",
        "redirect_uri=https://evil.test/cb",
        "url=javascript:alert(1)",
    ],
)
def test_no_open_redirect(running, query):
    http = httpx2.Client(timeout=30, follow_redirects=False)
    for path in ("/dang-nhap", "/dang-ky/thanh-cong", "/tai-khoan", "/dang-nhap/callback"):
        response = http.get(f"{running.portal_url}{path}?{query}")
        location = response.headers.get("location", "")
        assert "evil.test" not in location and "javascript:" not in location, path


@pytest.mark.parametrize(
    "path",
    [
        "/static/../practice.py",
        "/static/%2e%2e/practice.py",
        "/static/..%2fpractice.py",
        "/static//etc/passwd",
        "/static/%2e%2e/%2e%2e/pyproject.toml",
    ],
)
def test_no_path_out_of_the_static_folder(running, path):
    response = httpx2.Client(timeout=30).get(running.portal_url + path)
    assert response.status_code == 404 and "import" not in response.text


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/dang-ky/gui", b"[" * 100_000),
        ("/dang-ky/gui", b"\xff\xfe"),
        ("/dang-ky/gui", b'{"challenge": {"a": [1, [2, [3, [4]]]]}}'),
        ("/ho-so/nop", b'{"pdf": ' + b"[" * 50_000 + b"}"),
        ("/ho-so/nop", b"not json"),
    ],
)
def test_hostile_bodies_get_words_not_a_traceback(running, path, body):
    me = robot(running)
    me.register()
    me.log_in()
    response = me.http.post(
        running.portal_url + path,
        content=body,
        headers={"origin": running.portal_url, "content-type": "application/json"},
    )
    assert response.status_code == 400
    for leak in ("Traceback", 'File "', "/work/", "site-packages", ".py"):
        assert leak not in response.text
    assert response.json()["message"]


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, ()),
        ({"DVCEDU_PUBLIC_HOSTS": "hoc.example.vn, 10.0.0.5"}, ("hoc.example.vn", "10.0.0.5")),
        ({"JUPYTERHUB_SERVICE_PREFIX": "/user/an/"}, ("*",)),
        (
            {
                "JUPYTERHUB_SERVICE_PREFIX": "/user/an/",
                "JUPYTERHUB_PUBLIC_URL": "https://hub.example.vn/",
            },
            ("hub.example.vn",),
        ),
        ({"JUPYTERHUB_SERVICE_PREFIX": "/user/an/", "DVCEDU_PUBLIC_HOSTS": ""}, ()),
    ],
)
def test_the_names_answered_besides_localhost(monkeypatch, env, expected):
    """On the learner's own computer only loopback names (and those set up); in a server a
    hub started, the hub's name — or any, when the hub does not say it: the browser is on
    another machine there, so a rebound name never reaches this one."""
    from dvcedu.web.practice import public_hosts

    for name in ("DVCEDU_PUBLIC_HOSTS", "JUPYTERHUB_SERVICE_PREFIX", "JUPYTERHUB_PUBLIC_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert public_hosts() == expected


@pytest.mark.parametrize(
    ("public", "host", "status"),
    [
        ((), "hoc.example.vn", 421),
        (("hoc.example.vn",), "hoc.example.vn", 200),
        (("hoc.example.vn",), "evil.test", 421),
        (("*",), "hub.example.org", 200),
    ],
)
def test_a_hub_name_set_up_is_answered_through_the_proxy_and_no_other(
    tmp_path, public, host, status
):
    from starlette.testclient import TestClient

    from dvcedu.portal import Store
    from dvcedu.web.portal_app import PortalService
    from dvcedu.web.practice import Practice

    practice = Practice(
        store=Store(tmp_path / "accounts.sqlite3"),
        portal_url="http://localhost:8000",
        sso_url="http://localhost:8001",
        plugin_urls=("wss://localhost:4433/plugin",),
        public_hosts=public,
    )
    client = TestClient(PortalService(practice, client_secret="s").app, base_url=f"http://{host}")
    page = client.get("/", headers={"x-forwarded-prefix": "/user/an/proxy/8000"})
    assert page.status_code == status
    cross = client.post(
        "/dang-xuat",
        headers={"x-forwarded-prefix": "/user/an/proxy/8000", "origin": "https://evil.test"},
    )
    assert cross.status_code == (403 if status == 200 else 421)
