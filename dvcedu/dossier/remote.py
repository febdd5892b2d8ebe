"""Sign a PDF dossier remotely: pyHanko's own CSC client (``pyhanko.sign.signers.csc_signer``)
against a remote-signing service — the training one (``dvcedu.rssp``) or any that speaks the
CSC API v1.

pyHanko hashes the signed attributes of the PDF's CMS and sends the service only that hash;
the authorisation (``credentials/authorize``) is the integrator's to call, so it is here: it
names the hash (SCAL 2) and waits while the signer approves on the phone. The file is the same
for the same bytes and time (:func:`dvcedu.dossier.sign.prepared`), as with the token.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TypeVar

import aiohttp
from pyhanko.sign import signers
from pyhanko.sign.signers import csc_signer

from dvcedu.dossier.sign import prepared, run, sign_with
from dvcedu.errors import RemoteSigningError
from dvcedu.messages import MESSAGES
from dvcedu.pki.identity import identifiers

T = TypeVar("T")
USER_AGENT = "dvcedu, pyHanko CSC"
"""How the signing software names itself: the phone shows it beside the transaction."""


async def _answer(response: aiohttp.ClientResponse) -> dict[str, object]:
    """The service's JSON answer, or its refusal as a :class:`RemoteSigningError` with the
    service's own reason (the CSC error shape: ``error``, ``error_description``)."""
    try:
        answer = json.loads(await response.text())
    except ValueError:
        answer = None
    if not isinstance(answer, dict):
        raise RemoteSigningError(reason="bad_answer", value=response.status)
    if response.status >= 400:
        reason = str(answer.get("reason"))  # dvcedu's service says which guard; others do not
        known = f"rssp.{reason}" in MESSAGES
        raise RemoteSigningError(
            reason=reason if known else "bad_request",
            value=answer.get("value", "") if known else answer.get("error_description", ""),
        )
    return answer


async def _reached(url: str, call: Callable[[aiohttp.ClientSession], Awaitable[T]]) -> T:
    """``call`` with a client session; a service that does not answer is said in words (the
    one place aiohttp's own errors are translated)."""
    try:
        async with aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=180), headers={"User-Agent": USER_AGENT}
        ) as session:
            return await call(session)
    except (aiohttp.ClientConnectionError, TimeoutError) as error:
        raise RemoteSigningError(reason="unreachable", value=url) from error


class _AskThePhone(csc_signer.CSCAuthorizationManager):
    """``credentials/authorize`` with the hashes to sign: the call returns once the signer
    has answered on the phone; a refusal comes back as the service's own reason."""

    def __init__(
        self,
        info: csc_signer.CSCServiceSessionInfo,
        credential: csc_signer.CSCCredentialInfo,
        session: aiohttp.ClientSession,
        asked: Callable[[list[str]], object] | None,
        description: str,
    ) -> None:
        super().__init__(info, credential)
        self.session = session
        self.asked = asked
        self.description = description

    async def authorize_signature(self, hash_b64s: list[str]) -> csc_signer.CSCAuthorizationInfo:
        if self.asked is not None:
            self.asked(hash_b64s)  # e.g. a notebook's "phone", answering in a thread
        asking = self.format_csc_auth_request(hash_b64s=hash_b64s)
        if self.description:  # CSC v1 "description": what the signer's app shows
            asking["description"] = self.description[:500]
        async with self.session.post(
            self.csc_session_info.endpoint_url("credentials/authorize"),
            headers=self.auth_headers,
            json=asking,
        ) as response:
            answer = await _answer(response)
        return self.parse_csc_auth_response(answer)


def sign_pdf_remotely(
    pdf: bytes,
    *,
    service_url: str,
    credential_id: str,
    access_token: str,
    signing_time: datetime,
    reason: str,
    location: str,
    description: str = "",
    asked: Callable[[list[str]], object] | None = None,
) -> bytes:
    """``pdf`` with one more signature, made by the service's HSM for ``credential_id`` once
    the signer approved the hash on the phone, which shows ``description`` (``asked`` is told
    the hashes first)."""
    meta, writer = prepared(pdf, signing_time=signing_time, reason=reason, location=location)

    async def sign(session: aiohttp.ClientSession) -> bytes:
        info = csc_signer.CSCServiceSessionInfo(
            service_url, credential_id, oauth_token=access_token
        )
        credential = await csc_signer.fetch_certs_in_csc_credential(session, info)
        asking = _AskThePhone(info, credential, session, asked, description)
        signer = csc_signer.CSCSigner(session, asking, embed_roots=False)
        return await sign_with(signers.PdfSigner(meta, signer=signer), writer, signing_time)

    return run(_reached(service_url, sign))


def log_in(service_url: str, account: tuple[str, str]) -> str:
    """``auth/login`` with ``account`` (user, password: HTTP Basic): the access token."""
    basic = base64.b64encode(":".join(account).encode()).decode()

    async def login(session: aiohttp.ClientSession) -> str:
        async with session.post(
            f"{service_url}/csc/v1/auth/login", headers={"Authorization": f"Basic {basic}"}, json={}
        ) as response:
            return str((await _answer(response))["access_token"])

    return run(_reached(service_url, login))


def credential_for(service_url: str, *, access_token: str, identifier: str) -> str:
    """The id of the service's credential whose certificate names ``identifier`` (a tax code
    or a CCCD number, as a portal account has it, or the whole UID value, ``MST:…``): what a
    portal asks before it signs for the account that is logged in."""

    async def find(session: aiohttp.ClientSession) -> str:
        headers = {"Authorization": f"Bearer {access_token}"}
        async with session.post(
            f"{service_url}/csc/v1/credentials/list", headers=headers, json={}
        ) as response:
            listed = (await _answer(response)).get("credentialIDs")
        for credential_id in listed if isinstance(listed, list) else ():
            info = csc_signer.CSCServiceSessionInfo(
                service_url, str(credential_id), oauth_token=access_token
            )
            found = await csc_signer.fetch_certs_in_csc_credential(session, info)
            named = identifiers(found.signing_cert.subject.dump())
            if any(identifier in (i.value, i.raw) for i in named):
                return str(credential_id)
        raise RemoteSigningError(reason="no_credential", value=identifier)

    return run(_reached(service_url, find))
