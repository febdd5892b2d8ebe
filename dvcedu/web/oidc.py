"""Authlib, adapted: every class and call of Authlib that the practice services use, in one
place — the identity service's authorization server (its client, codes, grant and ID token)
and the portal's OpenID Connect client.

Authlib asks for models through mixins (a client that checks its redirect URI, a code that
says when it was issued) and hooks (save a code, find it, delete it); this module answers
them for one relying party, the portal, whose codes live in memory for
:data:`CODE_SECONDS`. What OAuth 2.0's Security BCP (RFC 9700) asks beyond Authlib's
defaults is here too: :func:`required_of_every_client`.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass

from authlib.integrations.starlette_client import OAuth, OAuthError, StarletteOAuth2App
from authlib.oauth2 import AuthorizationServer, OAuth2Error
from authlib.oauth2.rfc6749 import OAuth2Request, grants
from authlib.oauth2.rfc6749.errors import InvalidRequestError
from authlib.oauth2.rfc6749.requests import BasicOAuth2Payload
from authlib.oauth2.rfc6750 import BearerTokenGenerator
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import UserInfo
from authlib.oidc.core.grants import OpenIDCode
from joserfc.jwk import KeySet, RSAKey
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

__all__ = [
    "CLIENT_ID",
    "CODE_SECONDS",
    "AuthorizationServerFor",
    "Client",
    "Code",
    "OAuth2Error",
    "OAuthError",
    "OAuthRequest",
    "callback_for_this_request",
    "portal_client",
    "refused_because",
    "required_of_every_client",
]

CLIENT_ID = "dvcqg-portal"
"""The portal's client id at the identity service (the real ones are 28 characters)."""

CODE_SECONDS = 60
"""How long an authorization code may wait to be exchanged (RFC 9700 §4.5: short-lived)."""

_CALLBACK: ContextVar[str] = ContextVar("callback")
"""The portal's callback as the browser now at the identity service reaches it (directly, or
through Jupyter's proxy): the one redirect URI allowed for this request."""


def callback_for_this_request(url: str) -> None:
    """The one redirect URI this request may name (the portal's callback as this browser
    reaches it)."""
    _CALLBACK.set(url)


def required_of_every_client(query: Mapping[str, str]) -> None:
    """``state``, and PKCE with S256, for every client (RFC 9700 §2.1 and §2.1.1): Authlib's
    ``CodeChallenge`` asks PKCE of public clients only; the portal is a confidential one, and
    is held to it too (``nonce`` is OpenID Connect's, checked by Authlib's ``OpenIDCode``)."""
    if not query.get("state"):
        raise InvalidRequestError("Missing 'state'")
    if not query.get("code_challenge"):
        raise InvalidRequestError("Missing 'code_challenge'")
    if query.get("code_challenge_method") != "S256":
        raise InvalidRequestError("'code_challenge_method' must be S256")


# --- the identity service's side ------------------------------------------------------------


@dataclass(frozen=True)
class Client:
    """A relying party (the portal), as Authlib's ClientMixin asks."""

    client_id: str
    client_secret: str

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str:
        return _CALLBACK.get()

    def get_allowed_scope(self, scope: str) -> str:
        return " ".join(s for s in scope.split() if s in ("openid", "profile"))

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri == _CALLBACK.get(None)

    def check_client_secret(self, client_secret: str) -> bool:
        return secrets.compare_digest(client_secret, self.client_secret)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method == "client_secret_basic"

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"


@dataclass(frozen=True)
class Code:
    """An authorization code, as Authlib's AuthorizationCodeMixin asks."""

    code: str
    client_id: str
    redirect_uri: str
    scope: str
    user: dict[str, str]
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    auth_time: int
    """When it was issued, by the service's clock (seconds since the epoch)."""

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return self.auth_time

    def get_acr(self) -> str:
        return "LoA1"

    def get_amr(self) -> list[str]:
        if self.user.get("amr") == "mca":  # approved on the representative's phone (VNeID)
            return ["mca"]  # RFC 8176: multiple-channel authentication
        return ["hwk", "pin"]  # RFC 8176: a hardware-secured key, unlocked by a PIN


class OAuthRequest(OAuth2Request):
    """A Starlette request as Authlib sees it (its body already read)."""

    def __init__(self, request: Request, query: dict[str, str], form: dict[str, str]) -> None:
        super().__init__(request.method, str(request.url), headers=request.headers)
        self._query, self._form = query, form
        self.payload = BasicOAuth2Payload({**query, **form})

    @property
    def args(self) -> dict[str, str]:
        return self._query

    @property
    def form(self) -> dict[str, str]:
        return self._form


def new_signing_key() -> RSAKey:
    """A fresh RS256 key for the ID tokens, with its ``kid`` (one per service run: an ID
    token outlives no run of the practice)."""
    key = RSAKey.generate_key(2048, parameters={"use": "sig"})
    key.ensure_kid()
    return key


class AuthorizationServerFor(AuthorizationServer):
    """Authlib's authorization server for one client, its codes in memory, its time from
    ``now`` (seconds), its ID tokens signed RS256 with ``key`` as ``issuer``."""

    def __init__(
        self, client: Client, *, key: RSAKey, issuer: str, now: Callable[[], float]
    ) -> None:
        super().__init__(scopes_supported=["openid", "profile"])
        self.client, self.key, self.now = client, key, now
        self.codes: dict[str, Code] = {}
        self.register_token_generator(
            "default", BearerTokenGenerator(lambda *a, **k: secrets.token_urlsafe(32))
        )
        self.register_grant(
            _CodeGrant, [CodeChallenge(required=True), _OpenIDCode(key, issuer, self.codes)]
        )

    def keys(self) -> dict[str, object]:
        """The public keys, as ``/oauth2/jwks`` publishes them."""
        return KeySet([self.key]).as_dict(private=False)

    def query_client(self, client_id: str) -> Client | None:
        return self.client if client_id == self.client.client_id else None

    def save_token(self, token: dict[str, object], request: OAuth2Request) -> None:
        pass  # the portal gets the ID token; nothing here is called with the access token

    def send_signal(self, name: str, *args: object, **kwargs: object) -> None:
        pass  # Authlib's hook for Flask/Django signals: the Transcript records instead

    def create_oauth2_request(self, request: object) -> OAuth2Request:
        assert isinstance(request, OAuth2Request)
        return request

    def handle_response(
        self, status: int, body: object, headers: list[tuple[str, str]]
    ) -> Response:
        if isinstance(body, dict):
            return JSONResponse(body, status_code=status, headers=dict(headers))
        return Response(body, status_code=status, headers=dict(headers))


class _CodeGrant(grants.AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ("client_secret_basic",)
    server: AuthorizationServerFor

    def save_authorization_code(self, code: str, request: OAuth2Request) -> None:
        data = request.payload.data
        self.server.codes[code] = Code(
            code,
            request.client.client_id,
            data["redirect_uri"],
            request.payload.scope,
            request.user,
            data.get("nonce"),
            data.get("code_challenge"),
            data.get("code_challenge_method"),
            int(self.server.now()),
        )

    def query_authorization_code(self, code: str, client: Client) -> Code | None:
        found = self.server.codes.get(code)
        if found is None or found.client_id != client.client_id:
            return None
        if self.server.now() > found.auth_time + CODE_SECONDS:
            self.server.codes.pop(code, None)
            return None
        return found

    def delete_authorization_code(self, authorization_code: Code) -> None:
        self.server.codes.pop(authorization_code.code, None)  # a code is used once

    def authenticate_user(self, authorization_code: Code) -> dict[str, str]:
        return authorization_code.user


class _OpenIDCode(OpenIDCode):
    def __init__(self, key: RSAKey, issuer: str, codes: dict[str, Code]) -> None:
        super().__init__(require_nonce=True)
        self.key, self.issuer, self.codes = key, issuer, codes

    def exists_nonce(self, nonce: str, request: OAuth2Request) -> bool:
        return any(c.nonce == nonce for c in self.codes.values())

    def resolve_client_private_key(self, client: Client) -> RSAKey:
        return self.key

    def get_client_algorithm(self, client: Client) -> str:
        return "RS256"

    def get_client_claims(self, client: Client) -> dict[str, object]:
        return {"iss": self.issuer, "aud": [client.client_id]}

    def get_encode_header(self, client: Client) -> dict[str, str]:
        return {"alg": "RS256", "kid": self.key.kid}

    def generate_user_info(self, user: dict[str, str], scope: str) -> UserInfo:
        return UserInfo(sub=user["sub"], name=user["name"])


# --- the portal's side ----------------------------------------------------------------------


def portal_client(*, client_secret: str, metadata_url: str) -> StarletteOAuth2App:
    """The portal's OpenID Connect client of the identity service: code flow, PKCE S256."""
    return OAuth().register(
        "dvcqg_sso",
        client_id=CLIENT_ID,
        client_secret=client_secret,
        server_metadata_url=metadata_url,
        client_kwargs={"scope": "openid profile", "code_challenge_method": "S256"},
    )


def refused_because(error: Exception) -> str:
    """Why a login's return was refused, in OAuth's words when it has them: a state that does
    not match, a code refused, an ID token whose signature, iss, aud, exp or nonce does not
    check out — or the name of what else failed (an identity service that does not answer)."""
    return error.error if isinstance(error, OAuthError) else type(error).__name__
