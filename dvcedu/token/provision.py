"""Writing objects onto a token — what a CA does when it personalises one: import or generate
a key pair, import the certificate issued for it, pair them by CKA_ID.

Everything happens in ONE read-write session, logged in as the user, owned by
:func:`provisioning`; every other session dvcedu opens is read-only, as a signing plugin's is.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import PyKCS11
from asn1crypto import core, keys
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from dvcedu.errors import TokenError
from dvcedu.token._errors import map_pkcs11_errors
from dvcedu.token.library import ModuleLike
from dvcedu.token.objects import PrivateKey, TokenCertificate
from dvcedu.token.pin_policy import Lockout
from dvcedu.token.session import TokenSession, open_token


@contextmanager
def provisioning(
    label: str, pin: str, module: ModuleLike = None, *, lockout: Lockout | None = None
) -> Iterator[Provisioner]:
    """One read-write session on ``label``, logged in with ``pin``, closed on exit."""
    with open_token(label, pin, module, lockout=lockout, write=True) as session:
        yield Provisioner(session)


Attributes = list[tuple[int, object]]


def _int(value: int) -> bytes:
    return value.to_bytes((value.bit_length() + 7) // 8 or 1, "big")


def _rsa_attributes(key: rsa.RSAPrivateKey) -> tuple[Attributes, Attributes]:
    """The public and private key templates of an RSA key (PKCS#11 §2.1.2–2.1.3)."""
    priv = key.private_numbers()
    public: Attributes = [
        (PyKCS11.CKA_KEY_TYPE, PyKCS11.CKK_RSA),
        (PyKCS11.CKA_MODULUS, _int(priv.public_numbers.n)),
        (PyKCS11.CKA_PUBLIC_EXPONENT, _int(priv.public_numbers.e)),
    ]
    return public, public + [
        (PyKCS11.CKA_PRIVATE_EXPONENT, _int(priv.d)),
        (PyKCS11.CKA_PRIME_1, _int(priv.p)),
        (PyKCS11.CKA_PRIME_2, _int(priv.q)),
        (PyKCS11.CKA_EXPONENT_1, _int(priv.dmp1)),
        (PyKCS11.CKA_EXPONENT_2, _int(priv.dmq1)),
        (PyKCS11.CKA_COEFFICIENT, _int(priv.iqmp)),
    ]


def _ec_attributes(key: ec.EllipticCurvePrivateKey) -> tuple[Attributes, Attributes]:
    """The public and private key templates of an EC key (PKCS#11 §2.3.3–2.3.4): the curve as
    DER ECParameters, the public point as a DER OCTET STRING of the uncompressed point."""
    params = keys.ECDomainParameters(name="named", value=key.curve.name).dump()
    point = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    size = (key.curve.key_size + 7) // 8
    common: Attributes = [(PyKCS11.CKA_KEY_TYPE, PyKCS11.CKK_EC), (PyKCS11.CKA_EC_PARAMS, params)]
    return common + [(PyKCS11.CKA_EC_POINT, core.OctetString(point).dump())], common + [
        (PyKCS11.CKA_VALUE, key.private_numbers().private_value.to_bytes(size, "big"))
    ]


class Provisioner:
    """The writing verbs of a read-write session (get one from :func:`provisioning`)."""

    def __init__(self, session: TokenSession) -> None:
        self.session = session

    def change_id(self, old: bytes, new: bytes) -> None:
        """Set CKA_ID = ``new`` on every object whose CKA_ID is ``old`` (pairs a generated key
        with the certificate issued for it)."""
        for handle in self.session._find([(PyKCS11.CKA_ID, old)]):
            with map_pkcs11_errors("C_SetAttributeValue"):
                self.session.pkcs11.setAttributeValue(handle, [(PyKCS11.CKA_ID, new)])

    def import_private_key(self, pem: bytes, *, id: bytes, label: str) -> PrivateKey:
        """C_CreateObject a private key (PKCS#8 PEM, RSA or EC) as sensitive and
        non-extractable, plus its public key. Imported keys keep CKA_ALWAYS_SENSITIVE and
        CKA_NEVER_EXTRACTABLE false: the token knows they once lived outside."""
        key = load_pem_private_key(pem, password=None)
        if isinstance(key, rsa.RSAPrivateKey):
            public, private = _rsa_attributes(key)
        elif isinstance(key, ec.EllipticCurvePrivateKey):
            public, private = _ec_attributes(key)
        else:
            raise TokenError("token.operation", operation="import", code="not an RSA or EC key")
        common = [
            (PyKCS11.CKA_TOKEN, PyKCS11.CK_TRUE),
            (PyKCS11.CKA_ID, id),
            (PyKCS11.CKA_LABEL, label),
        ]
        with map_pkcs11_errors("C_CreateObject"):
            self.session.pkcs11.createObject(
                common
                + public
                + [
                    (PyKCS11.CKA_CLASS, PyKCS11.CKO_PUBLIC_KEY),
                    (PyKCS11.CKA_VERIFY, PyKCS11.CK_TRUE),
                ]
            )
            self.session.pkcs11.createObject(
                common
                + private
                + [
                    (PyKCS11.CKA_CLASS, PyKCS11.CKO_PRIVATE_KEY),
                    (PyKCS11.CKA_PRIVATE, PyKCS11.CK_TRUE),
                    (PyKCS11.CKA_SENSITIVE, PyKCS11.CK_TRUE),
                    (PyKCS11.CKA_EXTRACTABLE, PyKCS11.CK_FALSE),
                    (PyKCS11.CKA_SIGN, PyKCS11.CK_TRUE),
                ]
            )
        return self.session.private_key(id=id)

    def generate_key_pair(self, *, id: bytes, label: str, bits: int = 2048) -> PrivateKey:
        """C_GenerateKeyPair ON the token: the private key is born there, so the token marks it
        CKA_NEVER_EXTRACTABLE and CKA_ALWAYS_SENSITIVE."""
        common = [
            (PyKCS11.CKA_TOKEN, PyKCS11.CK_TRUE),
            (PyKCS11.CKA_KEY_TYPE, PyKCS11.CKK_RSA),
            (PyKCS11.CKA_ID, id),
            (PyKCS11.CKA_LABEL, label),
        ]
        with map_pkcs11_errors("C_GenerateKeyPair"):
            self.session.pkcs11.generateKeyPair(
                common
                + [
                    (PyKCS11.CKA_CLASS, PyKCS11.CKO_PUBLIC_KEY),
                    (PyKCS11.CKA_MODULUS_BITS, bits),
                    (PyKCS11.CKA_PUBLIC_EXPONENT, (0x01, 0x00, 0x01)),
                    (PyKCS11.CKA_VERIFY, PyKCS11.CK_TRUE),
                ],
                common
                + [
                    (PyKCS11.CKA_CLASS, PyKCS11.CKO_PRIVATE_KEY),
                    (PyKCS11.CKA_PRIVATE, PyKCS11.CK_TRUE),
                    (PyKCS11.CKA_SENSITIVE, PyKCS11.CK_TRUE),
                    (PyKCS11.CKA_EXTRACTABLE, PyKCS11.CK_FALSE),
                    (PyKCS11.CKA_SIGN, PyKCS11.CK_TRUE),
                ],
                mecha=PyKCS11.MechanismRSAGENERATEKEYPAIR,
            )
        return self.session.private_key(id=id)

    def import_certificate(self, der: bytes, *, id: bytes, label: str) -> TokenCertificate:
        """C_CreateObject an X.509 certificate next to the key with the same CKA_ID."""
        cert = x509.load_der_x509_certificate(der)
        with map_pkcs11_errors("C_CreateObject"):
            self.session.pkcs11.createObject(
                [
                    (PyKCS11.CKA_CLASS, PyKCS11.CKO_CERTIFICATE),
                    (PyKCS11.CKA_CERTIFICATE_TYPE, PyKCS11.CKC_X_509),
                    (PyKCS11.CKA_TOKEN, PyKCS11.CK_TRUE),
                    (PyKCS11.CKA_PRIVATE, PyKCS11.CK_FALSE),
                    (PyKCS11.CKA_ID, id),
                    (PyKCS11.CKA_LABEL, label),
                    (PyKCS11.CKA_VALUE, der),
                    (PyKCS11.CKA_SUBJECT, cert.subject.public_bytes()),
                    (PyKCS11.CKA_ISSUER, cert.issuer.public_bytes()),
                    # PKCS#11 §4.6.3: the DER encoding of the serial, as pkcs11-tool writes it
                    (PyKCS11.CKA_SERIAL_NUMBER, core.Integer(cert.serial_number).dump()),
                ]
            )
        return self.session.certificate(id=id)
