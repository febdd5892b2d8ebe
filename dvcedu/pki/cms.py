"""Detached CMS SignedData (RFC 5652): what VNPT-CA Plugin's ``signArrDataAdvanced(...,
"cmsdetached")`` returns, built around a signature made on the token, and verified.

Signing a CMS with signed attributes happens in two places (RFC 5652 §5.4):

1. the plugin hashes the content (SHA-256) and puts the hash in the ``messageDigest``
   attribute, next to ``contentType`` and ``signingTime``;
2. the token signs the DER of those signed attributes (CKM_SHA256_RSA_PKCS: the token hashes
   them and does the RSA step) — the content itself never needs to reach the token.

"Detached" means the content is not inside the CMS: the verifier must be given it separately
(the portal knows its own challenge).
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

# asn1crypto.tsp adds the ESS signing-certificate attributes to asn1crypto's table of CMS
# attribute names, which asn1crypto reads once, at first use: imported here, before any CMS is
# made, so that pyHanko (dossiers) can still sign with signing_certificate_v2 afterwards.
import asn1crypto.tsp  # noqa: F401
from asn1crypto import algos, cms, core
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from dvcedu.errors import RejectReason, VerificationError, library_detail
from dvcedu.i18n import Msg, t

ORIGIN_OID = "2.25.136321892517740106355513647617608314627.2.1"
"""dvcedu's signed attribute "signingOrigin": the web origin the plugin saw when it was asked
to sign. Inside the signed attributes it is covered by the signature, so a phishing site that
relays a real challenge cannot claim another origin (WebAuthn binds clientDataJSON.origin the
same way). The real VNPT-CA Plugin sends ``domain`` beside the signature, unsigned; whether
the real portal binds the origin is not public [unconfirmed]."""

DIGESTS = {
    "sha256": (hashlib.sha256, hashes.SHA256),
    "sha384": (hashlib.sha384, hashes.SHA384),
    "sha512": (hashlib.sha512, hashes.SHA512),
}


class Signer(Protocol):
    """Whoever makes the signature — agnostic as to where the cryptographic operation happens
    (after pyHanko's ``Signer``): a key on a token (``plugin.TokenSigner``) or in memory
    (:class:`KeySigner`). CMS needs only its certificate and one hook."""

    @property
    def certificate(self) -> bytes:
        """The signer's certificate, DER."""

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        """A signature over ``digest_algorithm``(``data``) by the certificate's key: RSA
        PKCS#1 v1.5, or ECDSA DER-encoded."""


@dataclass(frozen=True)
class KeySigner:
    """A :class:`Signer` whose key is in memory (tests, tools; never a learner's key)."""

    key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
    certificate: bytes

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        algorithm = DIGESTS[digest_algorithm][1]()
        if isinstance(self.key, ec.EllipticCurvePrivateKey):
            return self.key.sign(data, ec.ECDSA(algorithm))
        return self.key.sign(data, padding.PKCS1v15(), algorithm)


_NULL = core.Null()


def _time(when: datetime) -> cms.Time:
    """UTCTime for 1950–2049, GeneralizedTime after (RFC 5652 §11.3)."""
    when = when.astimezone(UTC)
    return cms.Time({"utc_time" if 1950 <= when.year < 2050 else "generalized_time": when})


def _parsed(value: core.Asn1Value) -> core.Asn1Value:
    """``value`` encoded once and read back: asn1crypto then reuses its bytes whenever it is
    part of something larger, instead of encoding it again."""
    return type(value).load(value.dump())


_CONTENT_TYPE = _parsed(cms.CMSAttribute({"type": "content_type", "values": ["data"]}))


@functools.lru_cache(maxsize=64)
def _origin_attribute(origin: str) -> cms.CMSAttribute:
    return _parsed(cms.CMSAttribute({"type": ORIGIN_OID, "values": [core.UTF8String(origin)]}))


def signed_attributes(
    content: bytes,
    signing_time: datetime,
    origin: str | None = None,
    digest_algorithm: str = "sha256",
) -> cms.CMSAttributes:
    """What the token signs (RFC 5652 §5.4): contentType = data, signingTime, messageDigest =
    hash(content), and the origin the plugin saw. ``.dump()`` gives the signed bytes: a DER
    SET OF (tag 0x31, sorted), not the [0] IMPLICIT form they take inside SignerInfo. Only the
    time and the digest are made anew each call; the other two are encoded once."""
    digest = DIGESTS[digest_algorithm][0](content).digest()
    attributes = [
        _CONTENT_TYPE,
        cms.CMSAttribute({"type": "signing_time", "values": [_time(signing_time)]}),
        cms.CMSAttribute({"type": "message_digest", "values": [digest]}),
    ]
    if origin is not None:
        attributes.append(_origin_attribute(origin))
    return cms.CMSAttributes(attributes)


@dataclass(frozen=True)
class _Template:
    """A signer's SignedData with everything but the signed attributes and the signature, as
    DER (so that asn1crypto reads it lazily and reuses its bytes): the certificate, its
    IssuerAndSerialNumber, the algorithms — parsed and encoded once per certificate."""

    signer_info: bytes
    signed_data: bytes


@functools.lru_cache(maxsize=32)
def _template(certificate_der: bytes, digest_algorithm: str) -> _Template:
    cert = asn1_x509.Certificate.load(certificate_der)
    tbs = cert["tbs_certificate"]
    digest = algos.DigestAlgorithm({"algorithm": digest_algorithm, "parameters": _NULL})
    if cert.public_key.algorithm == "ec":  # RFC 5754 §3.3: ecdsa-with-SHA*, no parameters
        algorithm = algos.SignedDigestAlgorithm({"algorithm": f"{digest_algorithm}_ecdsa"})
    else:
        algorithm = algos.SignedDigestAlgorithm(
            {"algorithm": "rsassa_pkcs1v15", "parameters": _NULL}
        )
    signer = cms.SignerInfo(
        {
            "version": "v1",
            "sid": cms.SignerIdentifier(
                name="issuer_and_serial_number",
                value={"issuer": tbs["issuer"], "serial_number": tbs["serial_number"]},
            ),
            "digest_algorithm": digest,
            "signed_attrs": cms.CMSAttributes([_CONTENT_TYPE]),
            "signature_algorithm": algorithm,
            "signature": b"",
        }
    )
    signed = cms.SignedData(
        {
            "version": "v1",
            "digest_algorithms": [digest],
            "encap_content_info": {"content_type": "data"},  # no eContent: detached
            "certificates": [cms.CertificateChoices(name="certificate", value=cert)],
            "signer_infos": [signer],
        }
    )
    return _Template(signer.dump(), signed.dump())


def assemble(
    certificate_der: bytes,
    attributes: cms.CMSAttributes,
    signature: bytes,
    digest_algorithm: str = "sha256",
) -> bytes:
    """ContentInfo(SignedData) with no encapsulated content (detached), RFC 5652 §5.1–5.3:
    the signer's template (:func:`_template`) with these signed attributes — their encoding
    as signed, retagged [0] IMPLICIT (§5.4: the same bytes but the first) — and signature."""
    template = _template(certificate_der, digest_algorithm)
    as_signed = attributes.dump()
    signer = cms.SignerInfo.load(template.signer_info)
    signer["signed_attrs"] = cms.CMSAttributes.load(b"\xa0" + as_signed[1:], implicit=0)
    signer["signature"] = signature
    signed = cms.SignedData.load(template.signed_data)
    signed["signer_infos"] = cms.SignerInfos([signer])
    der: bytes = cms.ContentInfo({"content_type": "signed_data", "content": signed}).dump()
    return der


def sign_detached(
    content: bytes,
    signer: Signer,
    *,
    signing_time: datetime,
    origin: str | None = None,
    digest_algorithm: str = "sha256",
) -> bytes:
    """A detached CMS of ``content``, signed by ``signer`` over the signed attributes."""
    attributes = signed_attributes(content, signing_time, origin, digest_algorithm)
    signature = signer.sign_raw(attributes.dump(), digest_algorithm)
    return assemble(signer.certificate, attributes, signature, digest_algorithm)


@dataclass(frozen=True)
class VerifiedCms:
    """A detached CMS whose signature and messageDigest checked out."""

    signer: x509.Certificate
    signing_time: datetime | None
    digest_algorithm: str
    message_digest: bytes
    origin: str | None
    """The signed origin attribute, when present."""


def _malformed(detail: str) -> VerificationError:
    return VerificationError(RejectReason.CMS_MALFORMED, detail=detail)


_CONTENT_TYPE_OID, _SIGNING_TIME_OID, _MESSAGE_DIGEST_OID = (
    "1.2.840.113549.1.9.3",
    "1.2.840.113549.1.9.5",
    "1.2.840.113549.1.9.4",
)


@dataclass(frozen=True)
class _Attribute:
    """One signed attribute as read: its type, how many values, the first one's value."""

    oid: str
    count: int
    value: object


@functools.lru_cache(maxsize=512)
def _read_attribute(der: bytes) -> _Attribute:
    """Read one signed attribute (by its exact bytes: contentType and signingOrigin come back
    unchanged in every signature, and asn1crypto's reading is most of a CMS check's cost).
    The first value is read for the four types the check uses; any other is only counted."""
    attribute = cms.CMSAttribute.load(der)
    oid, values = attribute["type"].dotted, attribute["values"]
    value: object = None
    if len(values) and oid in (_CONTENT_TYPE_OID, _SIGNING_TIME_OID, _MESSAGE_DIGEST_OID):
        value = values[0].native
    elif len(values) and oid == ORIGIN_OID:
        value = values[0].parsed.native
    return _Attribute(oid, len(values), value)


def _by_type(attributes: cms.CMSAttributes) -> dict[str, list[_Attribute]]:
    """The signed attributes grouped by type (dotted OID), read in one pass."""
    grouped: dict[str, list[_Attribute]] = {}
    for attribute in attributes:
        read = _read_attribute(attribute.dump())
        grouped.setdefault(read.oid, []).append(read)
    return grouped


def _one(
    grouped: dict[str, list[_Attribute]], oid: str, name: str, optional: bool = False
) -> object:
    """The value of the one attribute of type ``oid`` with one value; None when ``optional``
    and absent."""
    found = grouped.get(oid, [])
    if optional and not found:
        return None
    if len(found) != 1 or found[0].count != 1:
        raise _malformed(f"expected {'at most' if optional else 'exactly'} one {name} attribute")
    return found[0].value


def verify_detached(cms_der: bytes, content: bytes) -> VerifiedCms:
    """Check, in order: structure, one signer with its certificate inside, messageDigest
    equal to the content's hash, the signature over the signed attributes."""
    try:
        info = cms.ContentInfo.load(cms_der, strict=True)
        if info["content_type"].native != "signed_data":
            raise _malformed("not a SignedData")
        signed = info["content"]
        if signed["encap_content_info"]["content"].native is not None:
            raise _malformed("content is embedded; a detached signature was expected")
        signers = signed["signer_infos"]
        if len(signers) != 1:
            raise _malformed(f"{len(signers)} signers; expected exactly one")
        signer = signers[0]
        who = _signer_parts(
            signer["sid"].dump(),
            signer["digest_algorithm"].dump(),
            signer["signature_algorithm"].dump(),
            signed["certificates"].dump(),
        )
        attributes = signer["signed_attrs"]
        if len(attributes) == 0:  # (not .native: that reads every attribute in full)
            raise _malformed("no signed attributes")
        grouped = _by_type(attributes)
        if _one(grouped, _CONTENT_TYPE_OID, "content_type") != "data":
            raise _malformed("contentType is not data")
        digest = _one(grouped, _MESSAGE_DIGEST_OID, "message_digest")
        signing_time = _one(grouped, _SIGNING_TIME_OID, "signing_time", optional=True)
        origin = _one(grouped, ORIGIN_OID, "signingOrigin", optional=True)
        if origin is not None and not isinstance(origin, str):
            raise _malformed("signingOrigin is not a string")
        if signing_time is not None and not isinstance(signing_time, datetime):
            raise _malformed("signingTime is not a time")
        to_check = _as_set(attributes)
        signature = signer["signature"].native
    except VerificationError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as error:
        raise VerificationError(
            RejectReason.CMS_MALFORMED,
            detail=Msg.of("parse.cms_structure", detail=library_detail(error)),
        ) from None
    hash_fn, hash_cls = DIGESTS[who.digest_name]
    if not isinstance(digest, bytes) or digest != hash_fn(content).digest():
        raise VerificationError(RejectReason.CONTENT_DIGEST_MISMATCH)
    public = who.public
    try:
        if isinstance(public, rsa.RSAPublicKey):
            public.verify(signature, to_check, padding.PKCS1v15(), hash_cls())
        else:
            public.verify(signature, to_check, ec.ECDSA(hash_cls()))
    except (InvalidSignature, ValueError):
        raise VerificationError(RejectReason.BAD_SIGNATURE) from None
    return VerifiedCms(who.certificate, signing_time, who.digest_name, digest, origin)


@dataclass(frozen=True)
class _SignerParts:
    certificate: x509.Certificate
    public: rsa.RSAPublicKey | ec.EllipticCurvePublicKey
    digest_name: str


@functools.lru_cache(maxsize=256)
def _signer_parts(
    sid_der: bytes, digest_der: bytes, algorithm_der: bytes, certificates_der: bytes
) -> _SignerParts:
    """Who signed and how, as the SignerInfo says it: the signer's certificate found in the
    CMS by issuer and serial, the digest and the signature algorithm that must fit its key.

    Read once per exact bytes: every signature one certificate makes carries these four parts
    unchanged (only the signed attributes and the signature differ), and reading them with
    asn1crypto cost more than the whole signature check — a login by a known signer now reads
    only its signed attributes. The same bytes always read the same, so nothing is trusted
    that was not checked: a failure is raised (and not kept), any other bytes are read anew."""
    sid = cms.SignerIdentifier.load(sid_der)
    if sid.name != "issuer_and_serial_number":
        raise _malformed("signer identified by key id; expected issuer and serial")
    digest_name = algos.DigestAlgorithm.load(digest_der)["algorithm"].native
    if digest_name not in DIGESTS:
        raise _malformed(f"digest {digest_name} is not accepted")
    # compare the encodings: asn1crypto's Name equality normalises every attribute, which
    # costs more than the whole signature check
    issuer_der, serial = sid.chosen["issuer"].dump(), sid.chosen["serial_number"].native
    present = cms.CertificateSet.load(certificates_der, implicit=0) if certificates_der else []
    certs = [
        c.chosen
        for c in present
        if c.name == "certificate"
        and c.chosen.serial_number == serial
        and c.chosen["tbs_certificate"]["issuer"].dump() == issuer_der
    ]
    if len(certs) != 1:
        raise VerificationError(
            RejectReason.CERT_UNREADABLE, detail="the signer certificate is not in the CMS"
        )
    certificate = x509.load_der_x509_certificate(certs[0].dump())
    public = certificate.public_key()
    key_algorithm = (
        "rsa"
        if isinstance(public, rsa.RSAPublicKey)
        else "ec"
        if isinstance(public, ec.EllipticCurvePublicKey)
        else "other"
    )
    _check_signature_algorithm(
        algos.SignedDigestAlgorithm.load(algorithm_der), key_algorithm, digest_name
    )
    if not isinstance(public, (rsa.RSAPublicKey, ec.EllipticCurvePublicKey)):
        raise VerificationError(RejectReason.CERT_UNREADABLE, detail="neither an RSA nor an EC key")
    return _SignerParts(certificate, public, digest_name)


def _check_signature_algorithm(
    algorithm: algos.SignedDigestAlgorithm, key_algorithm: str, digest_name: str
) -> None:
    """The SignerInfo's signatureAlgorithm must fit the certificate's key (RSA PKCS#1 v1.5 or
    ECDSA) and, when it names a hash, the digestAlgorithm: a CMS that says one thing and
    means another is malformed, whatever the signature bytes are."""
    family = algorithm.signature_algo
    wanted = {"rsa": "rsassa_pkcs1v15", "ec": "ecdsa"}.get(key_algorithm)
    if family != wanted:
        raise _malformed(
            f"signatureAlgorithm {algorithm['algorithm'].native} does not fit "
            f"the signer's {key_algorithm} key"
        )
    if family == "ecdsa" and algorithm.hash_algo != digest_name:
        raise _malformed(
            f"signatureAlgorithm {algorithm['algorithm'].native} does not fit "
            f"digestAlgorithm {digest_name}"
        )


def _as_set(attributes: cms.CMSAttributes) -> bytes:
    """The signed attributes as they were signed: the SET OF tag instead of [0] IMPLICIT,
    the contents exactly as received (never re-sorted) — the bytes received with the one tag
    byte changed (RFC 5652 §5.4; both tags are one byte, the length stays)."""
    received: bytes = attributes.dump()
    return b"\x31" + received[1:]


def certificate_der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.DER)


def describe(cms_der: bytes) -> list[tuple[str, str]]:
    """The parts of a SignedData a learner should see, in order (for the notebooks)."""
    info = cms.ContentInfo.load(cms_der)
    signed = info["content"]
    signer = signed["signer_infos"][0]
    rows = [
        ("contentType", info["content_type"].native),
        ("digestAlgorithms", ", ".join(a["algorithm"].native for a in signed["digest_algorithms"])),
        (
            "encapContentInfo",
            f"{signed['encap_content_info']['content_type'].native} " + t("cms.detached"),
        ),
    ]
    for cert in signed["certificates"]:
        rows.append(("certificates", cert.chosen.subject.human_friendly))
    serial = signer["sid"].chosen["serial_number"].native
    rows.append(("signerInfo.sid", f"issuer + serial {serial:X}"))
    for attr in signer["signed_attrs"]:
        name = attr["type"].native if attr["type"].dotted != ORIGIN_OID else "signingOrigin"
        value = attr["values"][0]
        shown = value.parsed.native if name == "signingOrigin" else value.native
        if isinstance(shown, bytes):
            shown = shown.hex(" ")
        rows.append((f"signedAttrs.{name}", str(shown)))
    rows.append(("signatureAlgorithm", signer["signature_algorithm"]["algorithm"].native))
    sig = signer["signature"].native
    rows.append(("signature", f"{len(sig)} B: {sig[:8].hex(' ')} … {sig[-4:].hex(' ')}"))
    return rows
