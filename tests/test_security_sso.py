"""The identity service and the portal's side of OpenID Connect, against the OAuth 2.0
Security BCP (RFC 9700) and OIDC Core: exact redirect URIs; state, nonce and PKCE S256
required; codes single-use, short-lived and bound to their client, redirect URI and
verifier; and the portal refusing, in words and never with a 500, every forged ID token —
``alg: none``, another key, the HS256 key-confusion trick, the wrong ``iss``, ``aud``,
``exp`` or ``nonce`` — from an identity service that turned hostile."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from starlette.testclient import TestClient

from dvcedu.clock import COURSE_DAY, FixedClock
from dvcedu.pki import cms
from dvcedu.portal import Store
from dvcedu.web.practice import Practice
from dvcedu.web.robot import page_data

from .portal_helpers import registration_message, signer

PORTAL, SSO = "http://localhost:8000", "http://localhost:8001"
CALLBACK = f"{PORTAL}/dang-nhap/callback"
SECRET = "bi-mat-cua-cong"


@pytest.fixture
def sso():
    """The identity service alone (in-process), its portal's store holding the enterprise."""
    from dvcedu.web.sso import SsoService

    practice = Practice(PORTAL, SSO, (), store=Store.memory(), clock=FixedClock(COURSE_DAY))
    portal = practice.portal_at(PORTAL)
    portal.register(
        registration_message(portal, signer("enterprise"), origin=PORTAL, domain="localhost")
    )
    client = TestClient(
        SsoService(practice, client_secret=SECRET).app, base_url=SSO, follow_redirects=False
    )
    return client, practice


def pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    return verifier, challenge.decode().rstrip("=")


def authorize_query(challenge: str, **changes: str | None) -> dict[str, str]:
    query = {
        "response_type": "code",
        "client_id": "dvcqg-portal",
        "redirect_uri": CALLBACK,
        "scope": "openid profile",
        "state": "trang-thai",
        "nonce": "so-dung-mot-lan",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    query.update(changes)  # type: ignore[arg-type]
    return {k: v for k, v in query.items() if v is not None}


def code_for(client: TestClient, challenge: str, **changes: str | None) -> str:
    """The learner logs in with the token at the identity service: the code it hands back."""
    query = authorize_query(challenge, **changes)
    page = client.get("/oauth2/authorize?" + urlencode(query))
    assert page.status_code == 200, page.text[:300]
    body = base64.b64decode(page_data(page.text)["challenge"])
    cert, key = signer("enterprise")
    signature = cms.sign_detached(
        body, cms.KeySigner(key, cms.certificate_der(cert)), signing_time=COURSE_DAY, origin=SSO
    )
    answer = client.post(
        "/oauth2/authorize/usb-ky-so",
        headers={"origin": SSO},
        json={
            "query": urlencode(query),
            "challenge": base64.b64encode(body).decode(),
            "signature": base64.b64encode(signature).decode(),
            "domain": "localhost",
        },
    ).json()
    assert answer["ok"], answer
    return parse_qs(urlsplit(answer["next"]).query)["code"][0]


def token(
    client: TestClient,
    code: str,
    verifier: str,
    *,
    redirect_uri: str = CALLBACK,
    auth: tuple[str, str] = ("dvcqg-portal", SECRET),
):
    return client.post(
        "/oauth2/token",
        auth=auth,
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": verifier,
        },
    )


@pytest.mark.parametrize(
    "redirect_uri",
    [
        CALLBACK + "/",
        CALLBACK + "?x=1",
        "http://localhost:8000/dang-nhap/callback2",
        "https://evil.test/dang-nhap/callback",
        "http://localhost.evil.test:8000/dang-nhap/callback",
        "http://localhost:8000/dang-nhap/callback#frag",
        "http://LOCALHOST:8000/dang-nhap/callback",
        "http://localhost:8000/dang-nhap/../dang-nhap/callback",
    ],
)
def test_a_redirect_uri_is_matched_exactly_and_never_followed_otherwise(sso, redirect_uri):
    client, _ = sso
    page = client.get(
        "/oauth2/authorize?" + urlencode(authorize_query(pkce()[1], redirect_uri=redirect_uri))
    )
    assert page.status_code == 400 and "location" not in page.headers


@pytest.mark.parametrize(
    "changes",
    [
        {"state": None},
        {"nonce": None},
        {"code_challenge": None},
        {"code_challenge_method": "plain"},
        {"code_challenge_method": None},
        {"response_type": "token"},
        {"client_id": "mot-client-khac"},
    ],
)
def test_state_nonce_and_pkce_s256_are_required_of_every_client(sso, changes):
    client, _ = sso
    page = client.get("/oauth2/authorize?" + urlencode(authorize_query(pkce()[1], **changes)))
    assert page.status_code == 400 and "location" not in page.headers
    assert 'id="page-data"' not in page.text  # no login page, no challenge


def test_a_code_is_used_once_by_its_client_with_its_verifier_and_redirect_uri(sso):
    client, _ = sso
    verifier, challenge = pkce()
    code = code_for(client, challenge)
    assert token(client, code, "khong-phai-ma-xac-minh").status_code == 400
    assert token(client, code, verifier, redirect_uri=CALLBACK + "/").status_code == 400
    assert token(client, code, verifier, auth=("dvcqg-portal", "sai")).status_code == 401
    assert token(client, code, verifier, auth=("mot-client-khac", SECRET)).status_code in (400, 401)
    issued = token(client, code, verifier)
    assert issued.status_code == 200 and issued.json()["id_token"].count(".") == 2
    again = token(client, code, verifier)
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"


@pytest.mark.parametrize(("waited", "taken"), [(59, True), (61, False)])
def test_a_code_lives_sixty_seconds(sso, waited, taken):
    """By the service's own clock (the practice's), not the machine's."""
    from dvcedu.web.oidc import CODE_SECONDS

    client, practice = sso
    verifier, challenge = pkce()
    code = code_for(client, challenge)
    practice.clock.advance(seconds=waited)
    assert CODE_SECONDS == 60
    assert (token(client, code, verifier).status_code == 200) is taken


def test_the_token_endpoint_is_the_only_post_without_an_origin(sso):
    client, _ = sso
    query = authorize_query(pkce()[1])
    refused = client.post(
        "/oauth2/authorize/usb-ky-so",
        json={"query": urlencode(query)},
        headers={"origin": "https://evil.test"},
    )
    assert refused.status_code == 403
    deep = client.post(
        "/oauth2/authorize/usb-ky-so",
        content=b"[" * 100_000,
        headers={"origin": SSO, "content-type": "application/json"},
    )
    assert deep.status_code == 400 and "Traceback" not in deep.text


# --- a hostile identity service, and the portal's checks of what it sends -----------------
class Hostile:
    """An identity service on a real port that answers the portal's back channel with an ID
    token made the way ``case`` says."""

    def __init__(self) -> None:
        from joserfc.jwk import KeySet, RSAKey
        from starlette.applications import Starlette
        from starlette.responses import JSONResponse
        from starlette.routing import Route

        from dvcedu.web.serve import any_free_port

        self.port = any_free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.key = RSAKey.generate_key(2048, parameters={"use": "sig"})
        self.key.ensure_kid()
        self.other = RSAKey.generate_key(2048)
        self.other.ensure_kid()
        self.case, self.nonce = "good", ""

        async def metadata(request):
            return JSONResponse(
                {
                    "issuer": self.url,
                    "authorization_endpoint": f"{self.url}/oauth2/authorize",
                    "token_endpoint": f"{self.url}/oauth2/token",
                    "jwks_uri": f"{self.url}/oauth2/jwks",
                    "response_types_supported": ["code"],
                    "id_token_signing_alg_values_supported": ["RS256"],
                    "subject_types_supported": ["public"],
                }
            )

        async def jwks(request):
            return JSONResponse(KeySet([self.key]).as_dict(private=False))

        async def token_endpoint(request):
            return JSONResponse(
                {
                    "access_token": "a",
                    "token_type": "Bearer",
                    "expires_in": 60,
                    "id_token": self.id_token(),
                }
            )

        self.app = Starlette(
            routes=[
                Route("/.well-known/openid-configuration", metadata),
                Route("/oauth2/jwks", jwks),
                Route("/oauth2/token", token_endpoint, methods=["POST"]),
            ]
        )

    def id_token(self) -> str:
        from joserfc import jwt
        from joserfc.jwk import OctKey

        now = int(time.time())
        claims = {
            "iss": self.url,
            "aud": "dvcqg-portal",
            "sub": "0199001010",
            "iat": now,
            "exp": now + 300,
            "nonce": self.nonce,
            "name": "KẺ GIẢ MẠO",
            "auth_time": now,
        }
        if self.case == "alg_none":
            head = base64.urlsafe_b64encode(b'{"alg":"none","typ":"JWT"}').rstrip(b"=")
            body = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=")
            return f"{head.decode()}.{body.decode()}."
        if self.case == "hs256_public_key":  # the public key's bytes as an HMAC secret
            public = json.dumps(self.key.as_dict(private=False)).encode()
            return jwt.encode(
                {"alg": "HS256"}, claims, OctKey.import_key(public), algorithms=["HS256"]
            )
        changed = {
            "wrong_iss": {"iss": "http://evil.test"},
            "wrong_aud": {"aud": "mot-client-khac"},
            "expired": {"exp": now - 600, "iat": now - 900},
            "wrong_nonce": {"nonce": "nonce-cua-phien-khac"},
        }.get(self.case, {})
        key = self.other if self.case == "other_key" else self.key
        return jwt.encode({"alg": "RS256", "kid": key.kid}, {**claims, **changed}, key)

    def __enter__(self) -> Hostile:
        import uvicorn

        self.server = uvicorn.Server(
            uvicorn.Config(
                self.app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off"
            )
        )
        threading.Thread(target=self.server.run, daemon=True).start()
        while not self.server.started:
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True


@pytest.fixture(scope="module")
def hostile():
    with Hostile() as server:
        yield server


def portal_facing(hostile: Hostile) -> TestClient:
    from dvcedu.web.portal_app import PortalService

    practice = Practice(
        PORTAL, hostile.url.replace("127.0.0.1", "localhost"), (), store=Store.memory()
    )
    return TestClient(
        PortalService(practice, client_secret=SECRET).app, base_url=PORTAL, follow_redirects=False
    )


@pytest.mark.parametrize(
    "case",
    [
        "alg_none",
        "other_key",
        "hs256_public_key",
        "wrong_iss",
        "wrong_aud",
        "expired",
        "wrong_nonce",
    ],
)
def test_the_portal_refuses_every_forged_id_token_in_words(hostile, case):
    client = portal_facing(hostile)
    to_sso = client.get("/dang-nhap")
    asked = parse_qs(urlsplit(to_sso.headers["location"]).query)
    hostile.case, hostile.nonce = case, asked["nonce"][0]
    back = client.get("/dang-nhap/callback?" + urlencode({"code": "x", "state": asked["state"][0]}))
    assert back.status_code == 400, (case, back.status_code)
    assert "không cấp quyền đăng nhập" in back.text
    assert "Traceback" not in back.text
    assert client.get("/tai-khoan").status_code == 303  # nobody logged in


def test_the_portal_takes_a_good_id_token_and_nothing_else_changes_that(hostile):
    """The control case: the same hostile service, an honest token, the learner logged in —
    so each refusal above is for the forgery, not for the set-up."""
    client = portal_facing(hostile)
    asked = parse_qs(urlsplit(client.get("/dang-nhap").headers["location"]).query)
    hostile.case, hostile.nonce = "good", asked["nonce"][0]
    back = client.get("/dang-nhap/callback?" + urlencode({"code": "x", "state": asked["state"][0]}))
    assert back.status_code == 303 and client.get("/tai-khoan").status_code == 200


def test_a_callback_with_another_state_is_refused(hostile):
    client = portal_facing(hostile)
    asked = parse_qs(urlsplit(client.get("/dang-nhap").headers["location"]).query)
    hostile.case, hostile.nonce = "good", asked["nonce"][0]
    back = client.get("/dang-nhap/callback?" + urlencode({"code": "x", "state": "gia-mao"}))
    assert back.status_code == 400 and client.get("/tai-khoan").status_code == 303
