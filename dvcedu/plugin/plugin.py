"""The signing plugin ("Plugin ký số"): what the portal page asks the learner to install.

Modelled on the VNPT-CA Plugin API the real portal uses (research notes §1.2): it checks
itself and the token (``checkPlugin``), shows the certificates that may sign
(``getCertInfo``), asks for the PIN in its own dialog, and signs on the token
(``signArrDataAdvanced(..., "cmsdetached")``), returning a detached CMS plus the origin it saw.

Every message between the plugin and the token is recorded in the Transcript as it happens,
with the bytes that crossed — except the PIN: C_Login is recorded, its PIN never is.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime

from cryptography import x509
from cryptography.x509.oid import NameOID

from dvcedu import i18n
from dvcedu.clock import Clock
from dvcedu.errors import (
    AmbiguousObject,
    DvceduError,
    NoUsableCertificate,
    ObjectNotFound,
    PinError,
    PluginError,
    RejectReason,
    TokenError,
    UserCancelled,
)
from dvcedu.model import Actor, Transcript, Words
from dvcedu.pki import cms, verify
from dvcedu.pki.identity import common_name
from dvcedu.plugin import pin_cache
from dvcedu.plugin.pin_cache import PinCache
from dvcedu.token import (
    DEFAULT_LABEL,
    PrivateKey,
    TokenSession,
    find_module,
    one_turn,
    open_token,
)

VERSION = "1.0.1.9-dvcedu"
"""Shaped on "VNPT-CA PLUGIN JS LIBRARY, Version 1.0.1.9" (the public JS library)."""

FORMATS = ("cmsdetached", "raw", "pdf")


def _cn(name: x509.Name) -> str:
    return common_name(name) or name.rfc4514_string()


@dataclass(frozen=True)
class PluginStatus:
    """What ``checkPlugin`` reports: the browser's "checking required components" step."""

    version: str
    module: str
    module_source: str
    token_label: str
    token_present: bool
    certificates: int
    problem: TokenError | None = None
    """Why the token is not usable, when it is not (the error names the tokens present)."""


@dataclass(frozen=True)
class CertChoice:
    """One line of the plugin's certificate dialog."""

    serial_hex: str
    name: str
    identifier: str
    issuer: str
    not_before: datetime
    not_after: datetime
    der: bytes
    key_id: bytes | None = None
    """CKA_ID of the certificate on the token, when the choice came from a token: the plugin
    finds the private key by it (the key is paired with its certificate by CKA_ID)."""

    @property
    def certificate(self) -> x509.Certificate:
        return _parsed_certificate(self.der)

    def as_json(self) -> dict[str, str]:
        return {
            "serial": self.serial_hex,
            "subject": self.name,
            "uid": self.identifier,
            "issuer": self.issuer,
            "notBefore": f"{self.not_before:%Y-%m-%d}",
            "notAfter": f"{self.not_after:%Y-%m-%d}",
        }


@dataclass(frozen=True)
class SignResult:
    """What the plugin returns to the page."""

    format: str
    signature: bytes
    serial_hex: str
    origin: str


@functools.lru_cache(maxsize=64)
def _parsed_certificate(der: bytes) -> x509.Certificate:
    return x509.load_der_x509_certificate(der)


def choice_of(cert: x509.Certificate, key_id: bytes | None = None) -> CertChoice:
    from cryptography.hazmat.primitives.serialization import Encoding

    uid = cert.subject.get_attributes_for_oid(NameOID.USER_ID)
    return CertChoice(
        serial_hex=f"{cert.serial_number:X}",
        name=_cn(cert.subject),
        identifier=str(uid[0].value) if uid else "",
        issuer=_cn(cert.issuer),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        der=cert.public_bytes(Encoding.DER),
        key_id=key_id,
    )


@functools.lru_cache(maxsize=64)
def _choice(der: bytes, key_id: bytes | None) -> CertChoice:
    """A certificate read from a token, as the dialog shows it: parsed once per DER."""
    return choice_of(x509.load_der_x509_certificate(der), key_id)


def why_not(
    cert: x509.Certificate, now: datetime, trusted_issuers: Sequence[x509.Name] | None = None
) -> RejectReason | None:
    """Why the picker hides this certificate, or None when it may sign. Like real Vietnamese
    pickers: valid now (the plugin's own codes 2 and 3), not a CA, signing key usage, and —
    when a list is given — an issuer NAME from that list (code 7). A name match is all a
    picker checks; the portal checks signatures (see the look-alike lesson)."""
    problem = verify.validity_problem(cert, now)
    if problem is not None:
        return problem.reason
    if verify.is_ca(cert):
        return RejectReason.CA_AS_LEAF
    if not verify.can_sign(cert):
        return RejectReason.KEY_USAGE_MISSING
    if trusted_issuers is not None and cert.issuer not in trusted_issuers:
        return RejectReason.UNTRUSTED_ROOT
    return None


@dataclass(frozen=True)
class _Log:
    """Where one call of the plugin records what crossed between it and the token."""

    transcript: Transcript

    def to_token(
        self, name: str, payload: bytes | dict[str, object], note: str, **fields: object
    ) -> None:
        self.transcript.record(
            Actor.PLUGIN, Actor.TOKEN, name, payload, note=note, ok=True, **fields
        )

    def from_token(
        self, name: str, payload: bytes | dict[str, object], note: Words, ok: bool = True
    ) -> None:
        self.transcript.record(Actor.TOKEN, Actor.PLUGIN, name, payload, note=note, ok=ok)

    def failed(self, error: DvceduError) -> None:
        code = getattr(error, "code", None) or type(error).__name__
        self.from_token(
            code,
            {"error": code, "message": error.message("en")},
            (error.message("vi"), error.message("en")),
            ok=False,
        )


class SigningPlugin:
    """The plugin, bound to one token label and a clock.

    Every verb records what crossed between the plugin and the token into the ``transcript``
    it is given — a ceremony passes its own — or else into the plugin's own ``transcript``.
    """

    def __init__(
        self,
        *,
        clock: Clock,
        transcript: Transcript | None = None,
        label: str = DEFAULT_LABEL,
        module: str | os.PathLike[str] | None = None,
        trusted_issuers: Sequence[x509.Name] | None = None,
    ) -> None:
        self.clock = clock
        self.transcript = transcript if transcript is not None else Transcript()
        self.label = label
        self.module = module
        self.trusted_issuers = trusted_issuers
        self.pin_cache: PinCache = pin_cache.for_token(label, module)
        """The token kept logged in after a PIN, for one origin (see ``pin_cache.py``);
        shared by every plugin object on this token in this program."""
        self._signing = threading.Lock()
        """One signature at a time: the service's connections share the token."""

    def _log(self, transcript: Transcript | None) -> _Log:
        return _Log(transcript if transcript is not None else self.transcript)

    # --- verbs -----------------------------------------------------------------------------
    def check_plugin(self, *, transcript: Transcript | None = None) -> PluginStatus:
        """Version, PKCS#11 module, token present, certificates found (seed step 2.1)."""
        log = self._log(transcript)
        choice = find_module(self.module)
        log.to_token("C_GetTokenInfo", {"label": self.label}, "note.ask_token")
        try:
            with open_token(self.label, module=self.module) as token:
                info = token.info
                count = len(token.certificates())
        except TokenError as error:
            log.failed(error)
            return PluginStatus(
                VERSION, choice.path.name, choice.source, self.label, False, 0, error
            )
        log.from_token(
            "CK_TOKEN_INFO",
            {
                "label": info.label,
                "manufacturer": info.manufacturer,
                "model": info.model,
                "certificates": count,
            },
            "note.token_present",
        )
        return PluginStatus(VERSION, choice.path.name, choice.source, self.label, True, count)

    def list_certificates(self, *, transcript: Transcript | None = None) -> list[CertChoice]:
        """The certificates the learner may choose (public objects: no PIN yet)."""
        log = self._log(transcript)
        log.to_token("C_FindObjects", {"CKA_CLASS": "CKO_CERTIFICATE"}, "note.find_certs")
        try:
            found = self._read_certificates()
        except TokenError as error:
            log.failed(error)
            raise
        for der, _ in found:
            log.from_token("CKA_VALUE", der, "note.certificate")
        now = self.clock.now()
        parsed = [_choice(der, key_id) for der, key_id in found]
        reasons = [why_not(choice.certificate, now, self.trusted_issuers) for choice in parsed]
        usable = [choice for choice, r in zip(parsed, reasons, strict=True) if r is None]
        if not usable:
            first = reasons[0].value if reasons and reasons[0] else "none"
            raise NoUsableCertificate(
                label=self.label, count=len(found), reason=first, why=i18n.Msg(f"hidden.{first}")
            )
        return usable

    def _read_certificates(self) -> list[tuple[bytes, bytes]]:
        """(DER, CKA_ID) of each certificate on the token: on the session the plugin keeps
        logged in, when it keeps one (no session to open), else on a session of its own."""
        with self._signing:
            kept = self.pin_cache.any_session()
            if kept is not None:
                return [(c.der, c.id) for c in kept.certificates()]
        with open_token(self.label, module=self.module) as token:
            return [(c.der, c.id) for c in token.certificates()]

    def pin_cached(self, origin: str, *, transcript: Transcript | None = None) -> bool:
        """Whether the token is still logged in for ``origin``: a signature would need no PIN
        (a session found ended is let go, recorded in ``transcript``)."""
        return self.pin_cache.holds(origin, transcript)

    def clear_pin_cache(self, why: str = "page", *, transcript: Transcript | None = None) -> bool:
        """Log the token out (the real plugin's ``ClearPinCache``), recorded in
        ``transcript``; False when it was not logged in."""
        return self.pin_cache.clear(why, transcript)

    def close(self) -> None:
        """The plugin stops: a token it kept logged in is logged out."""
        self.pin_cache.clear("stopped")

    def sign(
        self,
        data: bytes,
        certificate: CertChoice | None,
        pin: str | None,
        *,
        format: str = "cmsdetached",
        origin: str,
        transcript: Transcript | None = None,
    ) -> SignResult:
        """Sign ``data`` on the token with the chosen certificate's key.

        With a ``pin`` the plugin logs in afresh (letting go of any session it kept) and then
        keeps the token logged in for ``origin``; with ``pin=None`` it signs on the session
        it kept for ``origin``, and the learner is not asked (:class:`UserCancelled` when it
        kept none).

        ``cmsdetached``: the plugin hashes ``data`` into the signed attributes (with the origin
        it saw), the token hashes and signs those attributes; the result is a detached CMS.
        ``raw``: the token hashes and signs ``data`` itself (CKM_SHA256_RSA_PKCS).
        ``pdf``: ``data`` is a PDF; the result is that PDF with one more PAdES signature
        (the real plugin's SignPDF), made by pyHanko around the token's C_Sign.
        """
        if format not in FORMATS:
            raise PluginError("plugin.bad_format", name=format)
        if certificate is None:
            raise UserCancelled(dialog=i18n.Msg("dialog.certificate"))
        log = self._log(transcript)
        with self._signing, one_turn(self.module):
            token = self.pin_cache.session(origin, log.transcript) if pin is None else None
            if token is None and not pin:
                raise UserCancelled(dialog=i18n.Msg("dialog.pin"))
            try:
                if token is None:
                    token = self._log_in(log, str(pin), origin)
                signer = _RecordedSigner(_key_for(token, certificate), certificate.der, log)
                if format == "raw":
                    signature = signer.sign_raw(data, "sha256")
                elif format == "pdf":
                    signature = _sign_pdf(data, signer, self.clock.now())
                else:
                    signature = cms.sign_detached(
                        data, signer, signing_time=self.clock.now(), origin=origin
                    )
            except TokenError as error:
                if not isinstance(error, PinError):
                    log.failed(error)
                    self.pin_cache.clear("token_gone", log.transcript)
                raise
        return SignResult(format, signature, certificate.serial_hex, origin)

    def _log_in(self, log: _Log, pin: str, origin: str) -> TokenSession:
        """Open the token and log in with ``pin``; the session is then kept for ``origin``."""
        self.pin_cache.clear(
            "new_pin" if self.pin_cache.holds(origin, log.transcript) else "other_origin",
            log.transcript,
        )
        stack = ExitStack()
        try:
            token = stack.enter_context(open_token(self.label, module=self.module))
            _login(log, token, pin)
        except BaseException:
            stack.close()
            raise
        self.pin_cache.keep(stack, token, origin, log.transcript)
        return token


# --- token steps ---------------------------------------------------------------------------
def _login(log: _Log, token: TokenSession, pin: str) -> None:
    log.to_token("C_Login", b"", "note.login_pin")
    try:
        token.login(pin)
    except PinError as error:
        log.failed(error)
        raise
    log.from_token("CKR_OK", b"", "note.logged_in_token")


def _key_for(token: TokenSession, choice: CertChoice) -> PrivateKey:
    """The private key paired with the chosen certificate: by the CKA_ID read when the
    certificates were listed, or — for a choice made elsewhere — by finding the
    certificate's value on the token first."""
    try:
        key_id = choice.key_id
        if key_id is None:
            key_id = token.certificate_for(choice.der).id
        return token.private_key(id=key_id)
    except (ObjectNotFound, AmbiguousObject):
        raise TokenError("plugin.not_on_token", serial=choice.serial_hex) from None


def _sign_pdf(pdf: bytes, signer: _RecordedSigner, when: datetime) -> bytes:
    from dvcedu.dossier.sign import sign_pdf  # pyHanko: only when a PDF is signed

    return sign_pdf(
        pdf,
        signer,
        signing_time=when,
        reason=i18n.t("dossier.reason", "vi"),
        location=i18n.t("dossier.location", "vi"),
    )


@dataclass(frozen=True)
class _RecordedSigner:
    """The plugin's :class:`~dvcedu.pki.cms.Signer`: the key on the token signs, and every
    C_Sign is recorded."""

    key: PrivateKey
    certificate: bytes
    log: _Log

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        """Sign by the path the token allows; the Transcript shows which, and why, and the
        bytes that really crossed (the data, or the DigestInfo hashed here)."""
        path = self.key.signing_path(digest_algorithm)
        to_sign = path.prepare(data)
        self.log.to_token(
            "C_Sign", to_sign, path.why, mechanism=path.mechanism, digest=digest_algorithm.upper()
        )
        signature = self.key.sign(to_sign, path.mechanism)
        self.log.from_token("signature", signature, "note.signature")
        return path.encode(signature)
