"""The service's "HSM": a SoftHSM2 token of its own (a real RSSP keeps its subscribers' keys in
a hardware security module behind the same PKCS#11 interface). The key signs a DigestInfo the
service built from the client's hash (CKM_RSA_PKCS): the document is never here."""

from __future__ import annotations

from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID

from dvcedu.pki import samples
from dvcedu.rssp.service import Credential
from dvcedu.token import open_token

RSSP_LABEL = "DVCEDU-RSSP"
"""The service's token; never the learner's DVCEDU-TRAINING."""


def hsm_credential(
    label: str, pin: str, *, credential_id: str, chain: tuple[str, ...]
) -> Credential:
    """The credential whose key and certificate are on the token ``label`` (exactly one
    certificate), described by its holder's name; ``chain`` names the training CAs above it,
    nearest first."""
    with open_token(label, pin) as session:
        certificate = session.certificate()
    (name,) = certificate.x509().subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    description = str(name.value)
    above = tuple(
        samples.load_certificate(name).public_bytes(serialization.Encoding.DER) for name in chain
    )

    def sign(digest_info: bytes) -> bytes:
        with open_token(label, pin) as session:
            return session.private_key(id=certificate.id).sign(digest_info, "RSA_PKCS")

    return Credential(credential_id, (certificate.der, *above), description, sign)
