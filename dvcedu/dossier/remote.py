"""Sign a PDF dossier remotely: pyHanko's own CSC client (``pyhanko.sign.signers.csc_signer``)
against a remote-signing service — the training one (``dvcedu.rssp``) or any that speaks the
CSC API v1.

pyHanko hashes the signed attributes of the PDF's CMS and sends the service only that hash;
the authorisation (``credentials/authorize``) is the integrator's to call, so it is here: it
names the hash (SCAL 2) and waits while the signer approves on the phone. The file is the same
for the same bytes and time (:func:`dvcedu.dossier.sign.prepared`), as with the token.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime

import aiohttp
from pyhanko.sign import signers
from pyhanko.sign.signers import csc_signer

from dvcedu.dossier.sign import prepared, run, sign_with
from dvcedu.errors import RemoteSigningError


class _AskThePhone(csc_signer.CSCAuthorizationManager):
    """``credentials/authorize`` with the hashes to sign: the call returns once the signer
    has answered on the phone; a refusal comes back as the service's own reason."""

    def __init__(
        self,
        info: csc_signer.CSCServiceSessionInfo,
        credential: csc_signer.CSCCredentialInfo,
        session: aiohttp.ClientSession,
        asked: Callable[[list[str]], object] | None,
    ) -> None:
        super().__init__(info, credential)
        self.session = session
        self.asked = asked

    async def authorize_signature(self, hash_b64s: list[str]) -> csc_signer.CSCAuthorizationInfo:
        if self.asked is not None:
            self.asked(hash_b64s)  # e.g. a notebook's "phone", answering in a thread
        async with self.session.post(
            self.csc_session_info.endpoint_url("credentials/authorize"),
            headers=self.auth_headers,
            json=self.format_csc_auth_request(hash_b64s=hash_b64s),
        ) as response:
            answer = json.loads(await response.text())
        if response.status >= 400:
            raise RemoteSigningError(
                reason=answer.get("reason", "bad_request"), value=answer.get("value", "")
            )
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
    asked: Callable[[list[str]], object] | None = None,
) -> bytes:
    """``pdf`` with one more signature, made by the service's HSM for ``credential_id`` once
    the signer approved the hash on the phone (``asked`` is told the hashes first)."""
    meta, writer = prepared(pdf, signing_time=signing_time, reason=reason, location=location)

    async def sign() -> bytes:
        async with aiohttp.ClientSession() as session:
            info = csc_signer.CSCServiceSessionInfo(
                service_url, credential_id, oauth_token=access_token
            )
            credential = await csc_signer.fetch_certs_in_csc_credential(session, info)
            signer = csc_signer.CSCSigner(
                session, _AskThePhone(info, credential, session, asked), embed_roots=False
            )
            return await sign_with(signers.PdfSigner(meta, signer=signer), writer, signing_time)

    return run(sign())
