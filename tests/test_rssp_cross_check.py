"""The training remote-signing service beside a CSC server it was not written with:
certomancer-csc-dummy, the CSC test server of pyHanko's own integration tests. Where both
serve a call, a client reads the same fields with the same types from each; both pin a SAD to
its hash; and dvcedu's CSC client (pyHanko's, as ``dvcedu.dossier.remote`` drives it) signs a
dossier through the dummy too, checked by pyHanko's validator against the dummy's root.

The dummy's PKI: ``tests/data/certomancer`` (its README says how it was made)."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import shutil
import threading
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import httpx2
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa, utils

from dvcedu.clock import COURSE_DAY, FixedClock, SeededRandom
from dvcedu.rssp.service import SHA256, SHA256_RSA, TRAINING_OTP

from .test_rssp import memory_credential

csc_dummy = pytest.importorskip("csc_dummy.csc_dummy_server")
registry = pytest.importorskip("certomancer.registry")

pytestmark = pytest.mark.filterwarnings("ignore:It is recommended to use web.AppKey")
DATA = Path(__file__).parent / "data" / "certomancer"
HASH = base64.b64encode(hashlib.sha256(b"ho so doi chieu").digest()).decode()
OTHER = base64.b64encode(hashlib.sha256(b"ho so khac").digest()).decode()


@pytest.fixture(scope="module")
def dummy(tmp_path_factory) -> Iterator[tuple[str, object]]:
    """certomancer-csc-dummy on a free port, in a thread of its own; its URL and its PKI."""
    from aiohttp import web

    folder = tmp_path_factory.mktemp("csc-dummy")
    shutil.copy(DATA / "csc-dummy.yml", folder)
    for name in ("root", "signer"):
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        (folder / f"{name}.key.pem").write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
    config = registry.CertomancerConfig.from_file(str(folder / "csc-dummy.yml"))
    server = csc_dummy.CSCWithCertomancer(config)
    server.register_routes()
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(server.app)
    loop.run_until_complete(runner.setup())
    site = web.TCPSite(runner, "127.0.0.1", 0)
    loop.run_until_complete(site.start())
    port = runner.addresses[0][1]
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}", config.get_pki_arch(registry.ArchLabel("cross-check"))
    loop.call_soon_threadsafe(loop.stop)
    thread.join(timeout=10)
    loop.run_until_complete(runner.cleanup())
    loop.close()


@pytest.fixture
def ours() -> Iterator[str]:
    """dvcedu's training service over HTTP, its phone answering every transaction at once."""
    from dvcedu.rssp import RemoteSigning
    from dvcedu.web.rssp_app import RemoteSigningService
    from dvcedu.web.serve import Services, any_free_port

    service = RemoteSigning(
        [memory_credential()], clock=FixedClock(COURSE_DAY), random=SeededRandom("cross-check")
    )
    port = any_free_port()
    services = Services(None)
    services.add_rssp(RemoteSigningService(service), port)
    services.start()
    stop = threading.Event()

    def phone() -> None:
        while not stop.wait(0.05):
            for waiting in service.waiting():
                service.answer(waiting.id, approve=True, otp=TRAINING_OTP)

    threading.Thread(target=phone, daemon=True).start()
    yield f"http://127.0.0.1:{port}"
    stop.set()
    services.stop()


def csc(url: str):
    """A CSC client's calls to ``url``: logged in where the service has auth/login (the dummy
    authenticates nobody)."""
    http = httpx2.Client(base_url=f"{url}/csc/v1", timeout=30)
    login = http.post("auth/login", auth=("hocvien", "dao-tao"), json={})
    if login.status_code == 200:
        http.headers["authorization"] = "Bearer " + login.json()["access_token"]
    return http


def covers(mine: object, theirs: object, path: str = "") -> list[str]:
    """Where ``mine`` lacks a field ``theirs`` has, or has it with another type: a client
    written against the dummy would stumble there (more fields in ours is allowed)."""
    if isinstance(theirs, dict):
        if not isinstance(mine, dict):
            return [f"{path}: {type(mine).__name__}, not an object"]
        return [
            miss
            for key, value in theirs.items()
            for miss in (
                covers(mine[key], value, f"{path}.{key}") if key in mine else [f"{path}.{key}"]
            )
        ]
    if isinstance(theirs, list):
        if not isinstance(mine, list):
            return [f"{path}: {type(mine).__name__}, not a list"]
        return covers(mine[0], theirs[0], f"{path}[0]") if theirs and mine else []
    same = type(mine) is type(theirs)
    return [] if same else [f"{path}: {type(mine).__name__}, not {type(theirs).__name__}"]


READ = {
    "info": ("specs", "name", "logo", "region", "lang", "description", "authType", "methods"),
    "credentials/info": ("key", "cert", "authMode", "SCAL", "multisign"),
    "credentials/authorize": ("SAD",),
    "signatures/signHash": ("signatures",),
}
"""What CSC v1 makes a service answer (its required fields), per call: both must have each."""


def ceremony(url: str, credential: str) -> dict[str, dict]:
    """Each call both services serve, asked the same way; the answers by call."""
    http = csc(url)
    asked = {"credentialID": credential}
    answers = {
        "info": http.post("info", json={}).json(),
        "credentials/list": http.post("credentials/list", json={}).json(),
        "credentials/info": http.post(
            "credentials/info", json=asked | {"certificates": "chain"}
        ).json(),
        "single": http.post("credentials/info", json=asked | {"certificates": "single"}).json(),
        "none": http.post("credentials/info", json=asked | {"certificates": "none"}).json(),
        "credentials/authorize": http.post(
            "credentials/authorize", json=asked | {"numSignatures": 1, "hash": [HASH]}
        ).json(),
    }
    sad = answers["credentials/authorize"]["SAD"]
    signing = asked | {"SAD": sad, "hashAlgo": SHA256, "signAlgo": SHA256_RSA}
    answers["other hash"] = {
        "status": http.post("signatures/signHash", json=signing | {"hash": [OTHER]}).status_code
    }
    answers["signatures/signHash"] = http.post(
        "signatures/signHash", json=signing | {"hash": [HASH]}
    ).json()
    return answers


def test_where_both_serve_a_call_a_client_reads_the_same_fields(ours, dummy):
    url, _ = dummy
    theirs = ceremony(url, "cross-check/signer")
    mine = ceremony(ours, "an-binh-rs")
    for call, fields in READ.items():
        for name in fields:
            assert name in theirs[call] and name in mine[call], (call, name)
        assert covers(mine[call], theirs[call], call) == []
    for answers in (mine, theirs):
        assert "cross-check/signer" in answers["credentials/list"]["credentialIDs"] or (
            answers["credentials/list"]["credentialIDs"] == ["an-binh-rs"]
        )
        assert answers["credentials/info"]["SCAL"] == "2"
        assert answers["credentials/info"]["authMode"] == "implicit"
        assert SHA256_RSA in answers["credentials/info"]["key"]["algo"]
        chain = answers["credentials/info"]["cert"]["certificates"]
        assert answers["single"]["cert"]["certificates"] == chain[:1]  # the signer first
        assert "cert" not in answers["none"]
        assert 400 <= answers["other hash"]["status"] < 500  # a SAD is pinned to its hash
        (signature,) = map(base64.b64decode, answers["signatures/signHash"]["signatures"])
        signer = x509.load_der_x509_certificate(base64.b64decode(chain[0]))
        signer.public_key().verify(  # PKCS#1 v1.5 over the very hash sent
            signature,
            base64.b64decode(HASH),
            padding.PKCS1v15(),
            utils.Prehashed(hashes.SHA256()),
        )


def test_dvcedus_csc_client_signs_a_dossier_through_the_dummy(dummy):
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from dvcedu.dossier.form import Dossier, new_dossier
    from dvcedu.dossier.remote import credential_for, sign_pdf_remotely

    url, pki = dummy
    form = new_dossier(
        Dossier("CÔNG TY TNHH ĐÀO TẠO AN BÌNH (TRAINING)", "0199001010", "Đối chiếu", "Hà Nội",
                COURSE_DAY.date())
    )  # fmt: skip
    found = credential_for(url, access_token="-", identifier="0199001010")
    assert found == "cross-check/signer"  # read from the UID of the dummy's certificate
    signed = sign_pdf_remotely(
        form,
        service_url=url,
        credential_id=found,
        access_token="-",
        signing_time=COURSE_DAY,
        reason="Đối chiếu",
        location="Hà Nội",
        description="Đối chiếu với certomancer-csc-dummy",
    )
    (embedded,) = PdfFileReader(BytesIO(signed)).embedded_signatures
    root = pki.get_cert(registry.CertLabel("root"))
    status = validate_pdf_signature(
        embedded, ValidationContext(trust_roots=[root], moment=COURSE_DAY)
    )
    assert status.bottom_line, status.pretty_print_details()
