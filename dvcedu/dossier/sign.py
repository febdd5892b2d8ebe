"""Sign a PDF dossier as PAdES (ETSI.CAdES.detached) with a key that lives elsewhere.

pyHanko does the PDF part: it adds a signature field in an incremental update (so the bytes
already there — and any earlier signature — stay as they were), reserves room for the CMS,
hashes the two byte ranges around that room, builds the signed attributes and embeds the
result. The one thing it cannot do is the private-key operation: that is the ``Signer``
extension point, made for a key it cannot see. Here it calls dvcedu's own ``sign_raw`` hook
(:class:`dvcedu.pki.cms.Signer`) — the plugin's, so the token signs and the Transcript records
the C_Sign, or a key in memory for tests.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import hashlib
import io
from collections.abc import Coroutine
from datetime import datetime
from typing import TypeVar

from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes
from pyhanko_certvalidator.registry import SimpleCertificateStore

from dvcedu.dossier.read import reader
from dvcedu.pki.cms import Signer

FIELD_PREFIX = "ChuKySo"
"""Signature fields are named ChuKySo1, ChuKySo2, … in the order they were added."""

T = TypeVar("T")


def sign_pdf(
    pdf: bytes, signer: Signer, *, signing_time: datetime, reason: str, location: str
) -> bytes:
    """``pdf`` with one more signature, by ``signer``, at ``signing_time`` (the clock's, so a
    notebook's run is the same every time). The CMS carries the signer's certificate; the
    verifier brings the CA certificates, as its trust."""
    meta, writer = prepared(pdf, signing_time=signing_time, reason=reason, location=location)
    return run(sign_with(signers.PdfSigner(meta, signer=_Hook(signer)), writer, signing_time))


def prepared(
    pdf: bytes, *, signing_time: datetime, reason: str, location: str
) -> tuple[signers.PdfSignatureMetadata, IncrementalPdfFileWriter]:
    """The next signature field's metadata (PAdES, SHA-256) and the incremental writer that
    makes the same file for the same bytes and time, for any pyHanko signer."""
    existing = reader(pdf)
    field = f"{FIELD_PREFIX}{len(existing.embedded_signatures) + 1}"
    meta = signers.PdfSignatureMetadata(
        field_name=field,
        md_algorithm="sha256",
        reason=reason,
        location=location,
        subfilter=fields.SigSeedSubFilter.PADES,
    )
    writer = _Writer(io.BytesIO(pdf), signing_time)
    writer._document_id = _document_id(pdf, existing, writer._document_id, signing_time)
    return meta, writer


class _Writer(IncrementalPdfFileWriter):
    """pyHanko's incremental writer, with the document's /ModDate set to the signing time
    (pyHanko writes the computer's "now" there, so the file — and the hash the signature
    covers — would differ at every run)."""

    def __init__(self, stream: io.BytesIO, when: datetime) -> None:
        super().__init__(stream)
        self._when = when

    def _update_meta(self) -> None:
        super()._update_meta()
        if self._info is not None:
            self._info.get_object()["/ModDate"] = generic.pdf_date(self._when)


def _document_id(
    pdf: bytes, existing: PdfFileReader, drawn: generic.ArrayObject, when: datetime
) -> generic.ArrayObject:
    """The trailer's /ID (ISO 32000 §14.4): the first half names the document and is kept; the
    second names this version. pyHanko draws a new half from ``os.urandom``; here it is a hash
    of the bytes and the signing time, so signing the same file at the same time gives the
    same file (the notebook's byte offsets stay put), and any change gives another."""
    try:
        existing.trailer["/ID"]
        first = drawn[0]  # the document had a name: keep it
    except KeyError:
        first = generic.ByteStringObject(hashlib.sha256(pdf).digest()[:16])
    second = hashlib.sha256(pdf + when.isoformat().encode()).digest()[:16]
    return generic.ArrayObject([first, generic.ByteStringObject(second)])


async def sign_with(
    pdf_signer: signers.PdfSigner, writer: IncrementalPdfFileWriter, when: datetime
) -> bytes:
    """pyHanko's ``PdfSigner.async_sign_pdf``, step by step, so that the signing time is
    ``when`` and not the computer's clock (pyHanko reads ``datetime.now`` otherwise)."""
    session = pdf_signer.init_signing_session(writer)
    session.system_time = when
    reserved = await session.estimate_signature_container_size(None, tight=False)
    document = session.prepare_tbs_document(validation_info=None, bytes_reserved=reserved)
    digest, output = document.digest_tbs_document()
    signed = await document.perform_signature(
        document_digest=digest.document_digest,
        pdf_cms_signed_attrs=PdfCMSSignedAttributes(signing_time=when),
    )
    await signed.post_signature_processing(output)
    return output.getvalue()


class _Hook(signers.Signer):
    """pyHanko's ``Signer`` whose private-key operation is dvcedu's ``sign_raw``."""

    def __init__(self, signer: Signer) -> None:
        own = asn1_x509.Certificate.load(signer.certificate)
        super().__init__(
            signing_cert=own,
            embed_roots=False,
            cert_registry=SimpleCertificateStore.from_certs([own]),
        )
        self._signer = signer
        self._room = _signature_room(own)

    async def async_sign_raw(
        self, data: bytes, digest_algorithm: str, dry_run: bool = False
    ) -> bytes:
        if dry_run:  # pyHanko sizes the CMS before the token is asked
            return bytes(self._room)
        return self._signer.sign_raw(data, digest_algorithm)


def _signature_room(cert: asn1_x509.Certificate) -> int:
    """The most bytes a signature by this certificate's key can take: the modulus for RSA;
    for ECDSA a DER SEQUENCE of two INTEGERs, each up to one byte longer than the curve."""
    key = cert.public_key
    size = (key.bit_size + 7) // 8
    return size if key.algorithm == "rsa" else 2 * (size + 3) + 3


def run(coroutine: Coroutine[object, object, T]) -> T:
    """Run pyHanko's coroutine to its end — also inside Jupyter, whose kernel already runs an
    event loop in this thread (``asyncio.run`` refuses there), and inside a web service."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
