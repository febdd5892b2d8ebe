"""The training remote-signing service: every guard with a request that really should fail
it, the CSC API's shapes over HTTP, and pyHanko's own CSC client signing a dossier through it
on a real SoftHSM2 "HSM" — checked by pyHanko's validator and by poppler's pdfsig, not by our
own other half."""

from __future__ import annotations

import base64
import hashlib
import pickle
import shutil
import threading
import time
from io import BytesIO

import pytest
from cryptography.hazmat.primitives import hashes as crypto_hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import padding, utils
from starlette.testclient import TestClient

from dvcedu.clock import COURSE_DAY, FixedClock, SeededRandom
from dvcedu.errors import RemoteSigningError
from dvcedu.pki import samples
from dvcedu.rssp import APPROVAL_TTL, SAD_TTL, Credential, RemoteSigning, Step
from dvcedu.rssp.service import RSA, SHA256, SHA256_RSA, TRAINING_OTP

from .conftest import requires_softhsm

IDENTITY = samples.identity("enterprise-rs")
CHAIN = ("vnpt-rs-2025", "root-2025")


def _sign_digest_info(key, info: bytes) -> bytes:
    """RSA PKCS#1 v1.5 over a DigestInfo we did not hash here: what CKM_RSA_PKCS does."""
    digest = info[-32:]
    return key.sign(digest, padding.PKCS1v15(), utils.Prehashed(crypto_hashes.SHA256()))


def memory_credential(credential_id: str = "an-binh-rs") -> Credential:
    key = serialization.load_pem_private_key(IDENTITY.key_pem(), None)
    chain = tuple(
        c.public_bytes(serialization.Encoding.DER)
        for c in (IDENTITY.certificate, *map(samples.load_certificate, CHAIN))
    )
    return Credential(credential_id, chain, "An Bình", lambda info: _sign_digest_info(key, info))


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


HASH = b64(hashlib.sha256(b"ho so 1").digest())
OTHER = b64(hashlib.sha256(b"ho so 2").digest())


@pytest.fixture
def rssp():
    clock = FixedClock(COURSE_DAY)
    return RemoteSigning(
        [memory_credential(), memory_credential("khac")],
        clock=clock,
        random=SeededRandom("rssp"),
    ), clock


def approved(service: RemoteSigning, hashes=(HASH,), credential="an-binh-rs") -> str:
    asked = service.ask(credential_id=credential, hashes=list(hashes), num_signatures=len(hashes))
    return service.answer(asked.id, approve=True, otp=TRAINING_OTP).sad


def refused_with(reason: str, act) -> RemoteSigningError:
    with pytest.raises(RemoteSigningError) as caught:
        act()
    assert caught.value.reason == reason, caught.value.reason
    assert caught.value.message("vi") != caught.value.message("en")
    assert pickle.loads(pickle.dumps(caught.value)).reason == reason
    return caught.value


def test_a_sad_signs_its_hash_once_and_the_signature_verifies(rssp):
    service, _ = rssp
    sad = approved(service)
    (signature,) = service.sign_hash(credential_id="an-binh-rs", sad=sad, hashes=[HASH])
    IDENTITY.certificate.public_key().verify(
        signature,
        base64.b64decode(HASH),
        padding.PKCS1v15(),
        utils.Prehashed(crypto_hashes.SHA256()),
    )
    refused_with(
        "sad_used", lambda: service.sign_hash(credential_id="an-binh-rs", sad=sad, hashes=[HASH])
    )


@pytest.mark.parametrize(
    ("reason", "request_"),
    [
        ("unknown_credential", {"credential_id": "khong-co"}),
        ("hash_required", {"hashes": []}),
        ("hash_required", {"hashes": HASH}),  # a string, not a list
        ("too_many", {"hashes": [HASH, OTHER], "num_signatures": 2}),
        ("too_many", {"num_signatures": 3}),
        ("hash_shape", {"hashes": ["khong-phai-base64!"]}),
        ("hash_shape", {"hashes": [b64(b"ngan")]}),  # base64, but not 32 bytes
    ],
)
def test_each_guard_of_authorize(rssp, reason, request_):
    service, _ = rssp
    fields = {"credential_id": "an-binh-rs", "hashes": [HASH], "num_signatures": 1} | request_
    refused_with(reason, lambda: service.ask(**fields))
    assert service.waiting() == []


def test_the_phone_guards(rssp):
    service, clock = rssp
    asked = service.ask(credential_id="an-binh-rs", hashes=[HASH])
    assert service.waiting() == [asked] and service.outcome(asked.id).step is Step.PENDING
    refused_with("wrong_otp", lambda: service.answer(asked.id, approve=True, otp="000000"))
    refused_with("unknown_request", lambda: service.answer("khong-co", approve=True))
    assert service.answer(asked.id, approve=False).step is Step.REFUSED
    refused_with("refused", lambda: service.outcome(asked.id))
    refused_with(
        "already_answered", lambda: service.answer(asked.id, approve=True, otp=TRAINING_OTP)
    )
    late = service.ask(credential_id="an-binh-rs", hashes=[HASH])
    clock.advance(seconds=APPROVAL_TTL.total_seconds())
    assert service.waiting() == []
    refused_with("approval_expired", lambda: service.outcome(late.id))
    refused_with(
        "approval_expired", lambda: service.answer(late.id, approve=True, otp=TRAINING_OTP)
    )


@pytest.mark.parametrize(
    ("reason", "change"),
    [
        ("sad_unknown", {"sad": "mot-sad-bia"}),
        ("sad_other_credential", {"credential_id": "khac"}),
        ("sad_other_hash", {"hashes": [OTHER]}),
        ("hash_shape", {"hashes": ["@@"]}),
        ("algorithm", {"sign_algo": "1.2.840.10045.4.3.2"}),  # ECDSA with SHA-256
        ("algorithm", {"hash_algo": "1.3.14.3.2.26"}),  # SHA-1
        ("unknown_credential", {"credential_id": "khong-co"}),
    ],
)
def test_each_guard_of_sign_hash(rssp, reason, change):
    service, _ = rssp
    sad = approved(service)
    fields = {"credential_id": "an-binh-rs", "sad": sad, "hashes": [HASH]} | change
    refused_with(reason, lambda: service.sign_hash(**fields))
    # a refused call does not spend the SAD: the rightful one still signs
    assert service.sign_hash(
        credential_id="an-binh-rs", sad=sad, hashes=[HASH], sign_algo=RSA, hash_algo=SHA256
    )


@pytest.mark.parametrize(
    ("waited", "expired"), [(SAD_TTL.total_seconds() - 1, False), (SAD_TTL.total_seconds(), True)]
)
def test_a_sad_expires_by_the_service_clock(rssp, waited, expired):
    service, clock = rssp
    sad = approved(service)
    clock.advance(seconds=waited)
    sign = lambda: service.sign_hash(credential_id="an-binh-rs", sad=sad, hashes=[HASH])  # noqa: E731
    if expired:
        refused_with("sad_expired", sign)
    else:
        assert len(sign()) == 1


# --- over HTTP ---------------------------------------------------------------------------------
@pytest.fixture
def client(rssp):
    from dvcedu.web.rssp_app import TRAINING_ACCOUNT, RemoteSigningService

    service, _ = rssp
    http = TestClient(RemoteSigningService(service).app, base_url="http://localhost:9300")
    basic = b64(":".join(TRAINING_ACCOUNT).encode())
    token = http.post("/csc/v1/auth/login", headers={"authorization": f"Basic {basic}"})
    http.headers["authorization"] = "Bearer " + token.json()["access_token"]
    return http, service


def test_every_call_but_info_and_login_needs_the_access_token(client):
    http, _ = client
    assert http.post("/csc/v1/info").json()["specs"] == "1.0.4.0"
    for path in (
        "credentials/list",
        "credentials/info",
        "credentials/authorize",
        "signatures/signHash",
    ):
        answer = http.post(f"/csc/v1/{path}", json={}, headers={"authorization": "Bearer sai"})
        assert answer.status_code == 401 and answer.json()["reason"] == "unauthorised", path
    wrong = http.post("/csc/v1/auth/login", headers={"authorization": "Basic " + b64(b"a:b")})
    assert wrong.status_code == 401


def test_credentials_info_has_what_a_csc_client_reads(client):
    http, _ = client
    assert http.post("/csc/v1/credentials/list", json={}).json()["credentialIDs"] == [
        "an-binh-rs",
        "khac",
    ]
    info = http.post("/csc/v1/credentials/info", json={"credentialID": "an-binh-rs"}).json()
    assert info["SCAL"] == "2" and info["multisign"] == 1 and info["authMode"] == "implicit"
    assert info["key"]["algo"] == [SHA256_RSA, RSA]
    (first,) = map(base64.b64decode, info["cert"]["certificates"])  # "single", CSC's default
    assert first == IDENTITY.certificate.public_bytes(serialization.Encoding.DER)
    asked = {"credentialID": "an-binh-rs"}
    chain = http.post("/csc/v1/credentials/info", json=asked | {"certificates": "chain"}).json()
    assert base64.b64decode(chain["cert"]["certificates"][0]) == first
    assert len(chain["cert"]["certificates"]) == 1 + len(CHAIN)
    none = http.post("/csc/v1/credentials/info", json=asked | {"certificates": "none"}).json()
    assert "cert" not in none and none["key"] == info["key"]
    odd = http.post("/csc/v1/credentials/info", json=asked | {"certificates": "all"})
    assert odd.status_code == 400 and odd.json()["value"] == "certificates=all"
    refused = http.post("/csc/v1/credentials/info", json={"credentialID": "x"})
    assert refused.status_code == 400 and refused.json()["error"] == "invalid_request"
    assert refused.json()["reason"] == "unknown_credential"
    bad = http.post("/csc/v1/credentials/info", content=b"{khong phai json")
    assert bad.status_code == 400 and bad.json()["reason"] == "bad_request"


def test_authorize_waits_for_the_phone_and_a_refusal_is_said(client):
    http, service = client
    answers = {}

    def phone(approve: bool) -> None:
        while not service.waiting():
            time.sleep(0.02)
        (waiting,) = service.waiting()
        page = http.get("/dien-thoai").text
        answers["page"] = page
        answers["hex"] = base64.b64decode(HASH).hex(" ").upper()
        http.post(
            "/dien-thoai/tra-loi",
            headers={"origin": "http://localhost:9300"},
            json={"transaction": waiting.id, "approve": approve, "otp": TRAINING_OTP},
        )

    for approve in (True, False):
        thread = threading.Thread(target=phone, args=(approve,))
        thread.start()
        answer = http.post(
            "/csc/v1/credentials/authorize",
            json={"credentialID": "an-binh-rs", "numSignatures": 1, "hash": [HASH]},
        )
        thread.join()
        assert answers["hex"] in answers["page"]  # the phone shows the hash it approves
        if approve:
            assert answer.status_code == 200 and answer.json()["expiresIn"] == 300
            signed = http.post(
                "/csc/v1/signatures/signHash",
                json={
                    "credentialID": "an-binh-rs",
                    "SAD": answer.json()["SAD"],
                    "hash": [HASH],
                    "hashAlgo": SHA256,
                    "signAlgo": SHA256_RSA,
                },
            )
            assert len(signed.json()["signatures"]) == 1
        else:
            assert answer.status_code == 400 and answer.json()["reason"] == "refused"
            assert "từ chối" in answer.json()["message"]


def test_the_phone_answer_needs_the_phone_pages_origin(client):
    http, service = client
    asked = service.ask(credential_id="an-binh-rs", hashes=[HASH])
    forged = http.post(
        "/dien-thoai/tra-loi",
        headers={"origin": "https://evil.test"},
        json={"transaction": asked.id, "approve": True, "otp": TRAINING_OTP},
    )
    assert forged.status_code == 403 and service.waiting() == [asked]


# --- pyHanko's CSC client, the HSM on SoftHSM2 -------------------------------------------------
@requires_softhsm
def test_pyhankos_csc_client_signs_a_dossier_through_the_service(home, tmp_path):
    import aiohttp
    import uvicorn
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.signers import csc_signer

    from dvcedu import lab
    from dvcedu.dossier.form import Dossier, new_dossier
    from dvcedu.dossier.sign import run
    from dvcedu.dossier.verify import verify_pdf
    from dvcedu.rssp.hsm import hsm_credential
    from dvcedu.token import TRAINING_PIN
    from dvcedu.web.rssp_app import TRAINING_ACCOUNT, RemoteSigningService

    from .browser.conftest import free_port

    lab.provision("enterprise-rs", label="DVCEDU-RSSP", force=True)
    credential = hsm_credential(
        "DVCEDU-RSSP",
        TRAINING_PIN,
        credential_id="an-binh-rs",
        chain=CHAIN,
    )
    assert credential.description == "CÔNG TY TNHH ĐÀO TẠO AN BÌNH (TRAINING)"
    service = RemoteSigning(
        [credential], clock=FixedClock(COURSE_DAY), random=SeededRandom("rssp-pyhanko")
    )
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            RemoteSigningService(service).app, host="127.0.0.1", port=port, log_level="warning"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    url = f"http://localhost:{port}"

    def phone() -> None:  # the signer approves what the phone shows
        while not service.waiting():
            time.sleep(0.02)
        (waiting,) = service.waiting()
        service.answer(waiting.id, approve=True, otp=TRAINING_OTP)

    class AskThePhone(csc_signer.CSCAuthorizationManager):
        """credentials/authorize with the hashes (SCAL 2), as the CSC API has it; pyHanko
        leaves the call to the integrator, and formats and parses it."""

        def __init__(self, info, credential_info, session):
            super().__init__(info, credential_info)
            self.session = session

        async def authorize_signature(self, hash_b64s):
            threading.Thread(target=phone, daemon=True).start()
            async with self.session.post(
                self.csc_session_info.endpoint_url("credentials/authorize"),
                headers=self.auth_headers,
                json=self.format_csc_auth_request(hash_b64s=hash_b64s),
                raise_for_status=True,
            ) as response:
                return self.parse_csc_auth_response(await response.json())

    certificate = samples.identity("enterprise").certificate
    form = new_dossier(Dossier.for_certificate(certificate, day=COURSE_DAY.date()))

    async def sign() -> bytes:
        async with aiohttp.ClientSession() as session:
            basic = {"authorization": "Basic " + b64(":".join(TRAINING_ACCOUNT).encode())}
            async with session.post(f"{url}/csc/v1/auth/login", headers=basic) as login:
                token = (await login.json())["access_token"]
            info = csc_signer.CSCServiceSessionInfo(url, "an-binh-rs", oauth_token=token)
            credential_info = await csc_signer.fetch_certs_in_csc_credential(session, info)
            signer = csc_signer.CSCSigner(session, AskThePhone(info, credential_info, session))
            out = BytesIO()
            await signers.PdfSigner(
                signers.PdfSignatureMetadata(field_name="ChuKySo1"), signer=signer
            ).async_sign_pdf(IncrementalPdfFileWriter(BytesIO(form)), output=out)
            return out.getvalue()

    try:
        signed = run(sign())  # (a running loop, e.g. Playwright's, is not ours to take)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    found = verify_pdf(signed, trust=samples.training_trust(), at=COURSE_DAY)
    assert found.valid, [(s.problem, s.why) for s in found.signatures]
    (signature,) = found.signatures
    assert signature.identifier == "MST:0199001010" and signature.whole_file
    if shutil.which("pdfsig") and shutil.which("certutil"):  # poppler's opinion, with NSS
        from dvcedu.dossier.poppler import pdfsig

        said = pdfsig(signed, trust=samples.training_trust())
        assert "Signature is Valid." in said and "Certificate is Trusted." in said, said


@requires_softhsm
def test_a_notebook_signs_remotely_through_the_running_service_and_sees_every_message(home):
    """Notebook 11's path: the service beside the kernel, its HSM a SoftHSM2 token, the phone
    answered as its page's buttons do; the Transcript has every CSC call, the phone and the
    HSM's C_Sign — the hash in it, never the document."""
    from dvcedu import lab
    from dvcedu.dossier.form import Dossier, new_dossier
    from dvcedu.dossier.verify import verify_pdf
    from dvcedu.model import Actor
    from dvcedu.web.lesson import start_remote_signing

    lab.provision("enterprise-rs", label="DVCEDU-NB11", force=True)
    run = start_remote_signing(
        "DVCEDU-NB11", clock=FixedClock(COURSE_DAY), random=SeededRandom("nb11")
    )
    form = new_dossier(Dossier.for_certificate(IDENTITY.certificate, day=COURSE_DAY.date()))
    try:
        signed = run.sign(form, signing_time=COURSE_DAY)
        again = run.sign(form, signing_time=COURSE_DAY)
        with pytest.raises(RemoteSigningError) as refused:
            run.sign(form, signing_time=COURSE_DAY, approve=False)
        with pytest.raises(RemoteSigningError) as unanswered:
            run.sign(form, signing_time=COURSE_DAY, approve=None)
    finally:
        run.stop()
    assert signed == again  # the same file for the same bytes and time: the notebook's output
    assert refused.value.reason == "refused"
    assert unanswered.value.reason == "approval_expired"  # the practice clock ran 2 minutes
    found = verify_pdf(signed, trust=samples.training_trust(), at=COURSE_DAY)
    assert found.valid and found.signatures[0].identifier == "MST:0199001010"
    legs = [(e.sender, e.receiver, e.name) for e in run.transcript]
    names = [name for _, _, name in legs]
    for call in ("credentials/info", "credentials/authorize", "signatures/signHash"):
        assert f"POST /csc/v1/{call}" in names, call
    assert (Actor.RSSP, Actor.HSM, "C_Sign") in legs
    authorize = next(e for e in run.transcript if e.name == "POST /csc/v1/credentials/authorize")
    (sent,) = authorize.json()["hash"]
    c_sign = next(e for e in run.transcript if e.name == "C_Sign")
    assert c_sign.payload.endswith(base64.b64decode(sent))  # the HSM signs that hash's DigestInfo
    assert all(form[:2000] not in e.payload for e in run.transcript)  # the document never crosses
    assert not any(TRAINING_OTP.encode() in e.payload for e in run.transcript)
