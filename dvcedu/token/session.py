"""A session on a token: open it by label, log in, find exactly one key, sign.

PKCS#11 sees the world as module → slot → token → session → objects (PKCS#11 v2.40 §2).
dvcedu keeps that shape in small modules — ``slots`` (finding a token), ``objects`` (what it
holds), this one (a session), ``admin`` (the SO's operations) — and hides PyKCS11's edges:

* lookups return exactly one object or raise ``KeyNotFound`` / ``AmbiguousObject`` (no ``[0]``);
* sessions are context managers that log out and close, even after an error;
* every PyKCS11 error is translated in ``_errors.py``.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import PyKCS11
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from dvcedu import paths
from dvcedu.errors import (
    AmbiguousObject,
    KeyNotFound,
    ObjectNotFound,
    PinError,
    PinIncorrect,
    PinLenRange,
    PinLocked,
    TokenError,
)
from dvcedu.token import _lib
from dvcedu.token._errors import map_pkcs11_errors
from dvcedu.token.locks import softhsm_lock
from dvcedu.token.objects import _CLASS_NAMES, PrivateKey, TokenCertificate, TokenObject
from dvcedu.token.pin_policy import PinCounter
from dvcedu.token.slots import (
    TokenInfo,
    _locate,
    _taking_turns,
    _token_info,
    softhsm_retrying,
)
from dvcedu.token.training import DEFAULT_LABEL

MECHANISMS: dict[str, int] = {
    "SHA256_RSA_PKCS": PyKCS11.CKM_SHA256_RSA_PKCS,
    "SHA384_RSA_PKCS": PyKCS11.CKM_SHA384_RSA_PKCS,
    "SHA512_RSA_PKCS": PyKCS11.CKM_SHA512_RSA_PKCS,
    "SHA1_RSA_PKCS": PyKCS11.CKM_SHA1_RSA_PKCS,
    "RSA_PKCS": PyKCS11.CKM_RSA_PKCS,  # data must already be a DER DigestInfo
}
"""Signing mechanisms by name. RSA PKCS#1 v1.5 is what every Vietnamese CA certificate we saw
uses, and it is deterministic: the same key and data give the same signature bytes."""

_MECH_OBJECTS = {name: PyKCS11.Mechanism(code) for name, code in MECHANISMS.items()}

class Token:
    """An open session on one token. Get one from :func:`open_token`."""

    def __init__(self, loaded: _lib.Loaded, slot: int, session: PyKCS11.Session,
                 info: TokenInfo | None = None) -> None:
        self._loaded = loaded
        self._slot = slot
        self._session = session
        self.logged_in = False
        # The info read when the token was found, and in which SoftHSM2 turn: still true as
        # long as that turn is held (no other process can have logged in meanwhile).
        self._found = (info, softhsm_lock().generation) if loaded.is_softhsm else None

    # --- state -----------------------------------------------------------------------------
    @property
    def info(self) -> TokenInfo:
        """Fresh token info (flags change after a wrong PIN)."""
        return _token_info(self._loaded, self._slot)

    def _counter(self, info: TokenInfo) -> PinCounter | None:
        if not self._loaded.is_softhsm:
            return None  # a hardware token counts for itself
        return PinCounter.for_token(paths.home(), info.serial)

    def login(self, pin: str) -> None:
        """C_Login as the user; wrong PINs count towards the (real or simulated) lockout."""
        if not pin:
            raise PinError("pin.missing")
        with _taking_turns(self._loaded):
            self._login_checked(pin)

    def _login_checked(self, pin: str) -> None:
        found, self._found = self._found, None  # good for one login only
        info = found[0] if found and found[0] and softhsm_lock().still(found[1]) else self.info
        if not info.min_pin <= len(pin) <= info.max_pin:
            # Like a real token: CKR_PIN_LEN_RANGE, and the try does not count.
            raise PinLenRange("pin.len_range", length=len(pin), min=info.min_pin,
                              max=info.max_pin, code="CKR_PIN_LEN_RANGE")
        self._login(pin, info, self._counter(info))

    def _login(self, pin: str, info: TokenInfo, counter: PinCounter | None) -> None:
        # info.pin_state was read under the same lock: it is the counter's state now.
        if counter and info.pin_state is not None and info.pin_state.locked:
            raise PinLocked("pin.locked_sim", label=info.label, code="CKR_PIN_LOCKED")
        try:
            with map_pkcs11_errors("C_Login"):
                self._session.login(pin)
        except PinIncorrect:
            if counter is None:
                if self.info.has("CKF_USER_PIN_FINAL_TRY"):
                    raise PinIncorrect("pin.incorrect", left=1, code="CKR_PIN_INCORRECT") from None
                raise
            state = counter.record_failure()
            if state.locked:
                raise PinIncorrect("pin.now_locked_sim", tries=state.failures, left=0,
                                   label=info.label, code="CKR_PIN_INCORRECT") from None
            raise PinIncorrect("pin.incorrect_sim", left=state.tries_left, max=state.max_tries,
                               code="CKR_PIN_INCORRECT") from None
        except PinLenRange:
            raise PinLenRange("pin.len_range", length=len(pin), min=info.min_pin,
                              max=info.max_pin, code="CKR_PIN_LEN_RANGE") from None
        self.logged_in = True
        if counter and info.pin_state is not None and info.pin_state.failures:
            counter.reset()

    def close(self) -> None:
        """Log out and close the session; a token already gone has nothing left to close."""
        try:
            self.logout()
            self._session.closeSession()
        except (TokenError, PyKCS11.PyKCS11Error):
            pass

    def logout(self) -> None:
        if self.logged_in:
            with map_pkcs11_errors("C_Logout"):
                self._session.logout()
            self.logged_in = False

    # --- finding objects -------------------------------------------------------------------
    def _find(self, template: list[tuple[int, object]]) -> list[PyKCS11.CK_OBJECT_HANDLE]:
        with map_pkcs11_errors("C_FindObjects"):
            return list(self._session.findObjects(template))

    def _describe(self, handle: PyKCS11.CK_OBJECT_HANDLE) -> TokenObject:
        with map_pkcs11_errors("C_GetAttributeValue"):
            cls, obj_id, label = self._session.getAttributeValue(
                handle, [PyKCS11.CKA_CLASS, PyKCS11.CKA_ID, PyKCS11.CKA_LABEL])
        kind = _CLASS_NAMES.get(cls, str(cls))
        if cls == PyKCS11.CKO_CERTIFICATE:
            with map_pkcs11_errors("C_GetAttributeValue"):
                (value,) = self._session.getAttributeValue(handle, [PyKCS11.CKA_VALUE])
            return TokenCertificate(kind, bytes(obj_id or b""), label or "", handle,
                                    bytes(value))
        if cls == PyKCS11.CKO_PRIVATE_KEY:
            return PrivateKey(kind, bytes(obj_id or b""), label or "", handle)
        return TokenObject(kind, bytes(obj_id or b""), label or "", handle)

    def objects(self) -> list[TokenObject]:
        """Every object this session can see (private keys only after login)."""
        return [self._describe(h) for h in self._find([])]

    def certificates(self) -> list[TokenCertificate]:
        """The X.509 certificates on the token (public objects: visible before login)."""
        handles = self._find([(PyKCS11.CKA_CLASS, PyKCS11.CKO_CERTIFICATE),
                              (PyKCS11.CKA_CERTIFICATE_TYPE, PyKCS11.CKC_X_509)])
        return [c for c in map(self._describe, handles) if isinstance(c, TokenCertificate)]

    def certificate_for(self, der: bytes) -> TokenCertificate:
        """The one certificate whose CKA_VALUE is ``der`` — the token does the matching, so
        the plugin finds the chosen certificate without reading every certificate first."""
        found = self._find([(PyKCS11.CKA_CLASS, PyKCS11.CKO_CERTIFICATE),
                            (PyKCS11.CKA_VALUE, der)])
        criteria = f"sha256={hashlib.sha256(der).hexdigest()[:16]}…"
        if not found:
            raise ObjectNotFound(what="certificate", criteria=criteria)
        if len(found) > 1:
            raise AmbiguousObject(count=len(found), what="certificate", criteria=criteria)
        with map_pkcs11_errors("C_GetAttributeValue"):
            obj_id, label = self._session.getAttributeValue(
                found[0], [PyKCS11.CKA_ID, PyKCS11.CKA_LABEL])
        return TokenCertificate("certificate", bytes(obj_id or b""), label or "", found[0],
                                bytes(der))

    def _exactly_one(self, cls: int, what: str, id: bytes | None, label: str | None,
                     missing: type[ObjectNotFound]) -> TokenObject:
        template: list[tuple[int, object]] = [(PyKCS11.CKA_CLASS, cls)]
        criteria = []
        if id is not None:
            template.append((PyKCS11.CKA_ID, tuple(id)))
            criteria.append(f"id={id.hex()}")
        if label is not None:
            template.append((PyKCS11.CKA_LABEL, label))
            criteria.append(f"label='{label}'")
        found = self._find(template)
        shown = ", ".join(criteria) or "*"
        if not found:
            raise missing(what=what, criteria=shown)
        if len(found) > 1:
            raise AmbiguousObject(count=len(found), what=what, criteria=shown)
        return self._describe(found[0])

    def private_key(self, *, id: bytes | None = None, label: str | None = None) -> PrivateKey:
        """The one private key with this CKA_ID / CKA_LABEL (needs login)."""
        key = self._exactly_one(PyKCS11.CKO_PRIVATE_KEY, "private key", id, label, KeyNotFound)
        assert isinstance(key, PrivateKey)
        return key

    def certificate(self, *, id: bytes | None = None,
                    label: str | None = None) -> TokenCertificate:
        """The one certificate with this CKA_ID / CKA_LABEL."""
        cert = self._exactly_one(PyKCS11.CKO_CERTIFICATE, "certificate", id, label,
                                 ObjectNotFound)
        assert isinstance(cert, TokenCertificate)
        return cert

    def attributes(self, obj: TokenObject, names: Sequence[str]) -> dict[str, object]:
        """Read CKA_* attributes by name. A value the token refuses to reveal (a sensitive
        private key's CKA_PRIVATE_EXPONENT) comes back as ``None``: that None IS the lesson."""
        codes = [PyKCS11.CKA[n] for n in names]
        with map_pkcs11_errors("C_GetAttributeValue"):
            values = self._session.getAttributeValue(obj.handle, codes)
        out: dict[str, object] = {}
        for name, value in zip(names, values, strict=True):
            if isinstance(value, PyKCS11.ckbytelist | list | tuple):
                value = bytes(value)
            out[name] = value
        return out

    def public_key(self, *, id: bytes) -> rsa.RSAPublicKey:
        """The RSA public key with this CKA_ID, read from CKA_MODULUS / CKA_PUBLIC_EXPONENT."""
        pub = self._exactly_one(PyKCS11.CKO_PUBLIC_KEY, "public key", id, None, KeyNotFound)
        attrs = self.attributes(pub, ["CKA_MODULUS", "CKA_PUBLIC_EXPONENT"])
        n = int.from_bytes(attrs["CKA_MODULUS"], "big")  # type: ignore[arg-type]
        e = int.from_bytes(attrs["CKA_PUBLIC_EXPONENT"], "big")  # type: ignore[arg-type]
        return rsa.RSAPublicNumbers(e, n).public_key()

    def change_id(self, old: bytes, new: bytes) -> None:
        """Set CKA_ID = ``new`` on every object whose CKA_ID is ``old`` (pairs a generated key
        with the certificate issued for it)."""
        for handle in self._find([(PyKCS11.CKA_ID, old)]):
            with map_pkcs11_errors("C_SetAttributeValue"):
                self._session.setAttributeValue(handle, [(PyKCS11.CKA_ID, new)])

    # --- signing ---------------------------------------------------------------------------
    def sign(self, key: PrivateKey, data: bytes, mechanism: str = "SHA256_RSA_PKCS") -> bytes:
        """C_Sign on the token: the hash (for SHA*_RSA_PKCS) and the RSA step both happen there."""
        mech = _MECH_OBJECTS.get(mechanism)
        if mech is None:
            raise TokenError("mechanism.unknown", name=mechanism, known=", ".join(MECHANISMS))
        with map_pkcs11_errors("C_Sign"):
            return bytes(self._session.sign(key.handle, data, mech))

    # --- writing objects (provisioning) ----------------------------------------------------
    def import_private_key(self, pem: bytes, *, id: bytes, label: str) -> PrivateKey:
        """C_CreateObject an RSA private key (PKCS#8 PEM) as sensitive and non-extractable,
        plus its public key. Imported keys keep CKA_ALWAYS_SENSITIVE and
        CKA_NEVER_EXTRACTABLE false: the token knows they once lived outside."""
        key = load_pem_private_key(pem, password=None)
        if not isinstance(key, rsa.RSAPrivateKey):
            raise TokenError("token.operation", operation="import", code="not an RSA key")
        priv = key.private_numbers()
        pub = priv.public_numbers

        def b(value: int) -> bytes:
            return value.to_bytes((value.bit_length() + 7) // 8 or 1, "big")

        common = [(PyKCS11.CKA_TOKEN, PyKCS11.CK_TRUE), (PyKCS11.CKA_KEY_TYPE, PyKCS11.CKK_RSA),
                  (PyKCS11.CKA_ID, id), (PyKCS11.CKA_LABEL, label),
                  (PyKCS11.CKA_MODULUS, b(pub.n)), (PyKCS11.CKA_PUBLIC_EXPONENT, b(pub.e))]
        with map_pkcs11_errors("C_CreateObject"):
            self._session.createObject(common + [
                (PyKCS11.CKA_CLASS, PyKCS11.CKO_PUBLIC_KEY),
                (PyKCS11.CKA_VERIFY, PyKCS11.CK_TRUE)])
            self._session.createObject(common + [
                (PyKCS11.CKA_CLASS, PyKCS11.CKO_PRIVATE_KEY),
                (PyKCS11.CKA_PRIVATE, PyKCS11.CK_TRUE),
                (PyKCS11.CKA_SENSITIVE, PyKCS11.CK_TRUE),
                (PyKCS11.CKA_EXTRACTABLE, PyKCS11.CK_FALSE),
                (PyKCS11.CKA_SIGN, PyKCS11.CK_TRUE),
                (PyKCS11.CKA_PRIVATE_EXPONENT, b(priv.d)),
                (PyKCS11.CKA_PRIME_1, b(priv.p)), (PyKCS11.CKA_PRIME_2, b(priv.q)),
                (PyKCS11.CKA_EXPONENT_1, b(priv.dmp1)), (PyKCS11.CKA_EXPONENT_2, b(priv.dmq1)),
                (PyKCS11.CKA_COEFFICIENT, b(priv.iqmp))])
        return self.private_key(id=id)

    def generate_key_pair(self, *, id: bytes, label: str, bits: int = 2048) -> PrivateKey:
        """C_GenerateKeyPair ON the token: the private key is born there, so the token marks it
        CKA_NEVER_EXTRACTABLE and CKA_ALWAYS_SENSITIVE."""
        common = [(PyKCS11.CKA_TOKEN, PyKCS11.CK_TRUE), (PyKCS11.CKA_KEY_TYPE, PyKCS11.CKK_RSA),
                  (PyKCS11.CKA_ID, id), (PyKCS11.CKA_LABEL, label)]
        with map_pkcs11_errors("C_GenerateKeyPair"):
            self._session.generateKeyPair(
                common + [(PyKCS11.CKA_CLASS, PyKCS11.CKO_PUBLIC_KEY),
                          (PyKCS11.CKA_MODULUS_BITS, bits),
                          (PyKCS11.CKA_PUBLIC_EXPONENT, (0x01, 0x00, 0x01)),
                          (PyKCS11.CKA_VERIFY, PyKCS11.CK_TRUE)],
                common + [(PyKCS11.CKA_CLASS, PyKCS11.CKO_PRIVATE_KEY),
                          (PyKCS11.CKA_PRIVATE, PyKCS11.CK_TRUE),
                          (PyKCS11.CKA_SENSITIVE, PyKCS11.CK_TRUE),
                          (PyKCS11.CKA_EXTRACTABLE, PyKCS11.CK_FALSE),
                          (PyKCS11.CKA_SIGN, PyKCS11.CK_TRUE)],
                mecha=PyKCS11.MechanismRSAGENERATEKEYPAIR)
        return self.private_key(id=id)

    def import_certificate(self, der: bytes, *, id: bytes, label: str) -> TokenCertificate:
        """C_CreateObject an X.509 certificate next to the key with the same CKA_ID."""
        cert = x509.load_der_x509_certificate(der)
        serial = cert.serial_number
        with map_pkcs11_errors("C_CreateObject"):
            self._session.createObject([
                (PyKCS11.CKA_CLASS, PyKCS11.CKO_CERTIFICATE),
                (PyKCS11.CKA_CERTIFICATE_TYPE, PyKCS11.CKC_X_509),
                (PyKCS11.CKA_TOKEN, PyKCS11.CK_TRUE), (PyKCS11.CKA_PRIVATE, PyKCS11.CK_FALSE),
                (PyKCS11.CKA_ID, id), (PyKCS11.CKA_LABEL, label), (PyKCS11.CKA_VALUE, der),
                (PyKCS11.CKA_SUBJECT, cert.subject.public_bytes()),
                (PyKCS11.CKA_ISSUER, cert.issuer.public_bytes()),
                (PyKCS11.CKA_SERIAL_NUMBER,
                 serial.to_bytes((serial.bit_length() + 8) // 8, "big"))])
        return self.certificate(id=id)


@contextmanager
def open_token(
    label: str = DEFAULT_LABEL,
    pin: str | None = None,
    module: str | os.PathLike[str] | None = None,
) -> Iterator[Token]:
    """Open a read-write session on the token called ``label``; log in when ``pin`` is given.

    Without a PIN the session sees only public objects (certificates), which is what the
    signing plugin shows before it asks for the PIN.
    """
    token = softhsm_retrying(module, lambda: _open(module, label, pin),
                             lambda e: e.fields.get("code") in SOFTHSM_GARBLED)
    try:
        yield token
    finally:
        token.close()


SOFTHSM_GARBLED = frozenset({"CKR_GENERAL_ERROR", "CKR_USER_PIN_NOT_INITIALIZED"})
"""What a C_Login on a garbled copy of a SoftHSM2 token answers (see SOFTHSM_RETRIES)."""


def _open(module: str | os.PathLike[str] | None, label: str, pin: str | None) -> Token:
    with _taking_turns(_lib.load(module)):  # one turn for lookup, session and login
        loaded, slot, info = _locate(module, label)
        with map_pkcs11_errors("C_OpenSession"):
            session = loaded.lib.openSession(slot, PyKCS11.CKF_SERIAL_SESSION
                                             | PyKCS11.CKF_RW_SESSION)
        token = Token(loaded, slot, session, info)
        if pin is not None:
            try:
                token.login(pin)
            except BaseException:
                token.close()
                raise
    return token
