"""A session on a token: open it by label, log in, find exactly one key.

PKCS#11 sees the world as module → slot → token → session → objects (PKCS#11 v2.40 §2).
dvcedu keeps that shape in small modules — ``slots`` (finding a token), ``objects`` (what it
holds, and what each object can do), this one (a session), ``provision`` (writing objects in
one read-write session), ``admin`` (the SO's operations) — and hides PyKCS11's edges:

* lookups return exactly one object or raise ``KeyNotFound`` / ``AmbiguousObject`` (no ``[0]``);
* sessions are context managers that own what they open: they log out and close, even after
  an error;
* who counts wrong PINs is a :class:`~dvcedu.token.pin_policy.Lockout` given to the session;
* every PyKCS11 error is translated in ``_errors.py``.
"""

from __future__ import annotations

import hashlib
import weakref
from collections.abc import Iterator
from contextlib import contextmanager

import PyKCS11
from cryptography.hazmat.primitives.asymmetric import rsa

from dvcedu.errors import (
    AmbiguousObject,
    KeyNotFound,
    ObjectNotFound,
    PinError,
    PinIncorrect,
    PinLenRange,
    PinLocked,
    TokenError,
    TokenNotPresent,
)
from dvcedu.token import library
from dvcedu.token._errors import map_pkcs11_errors
from dvcedu.token.library import Module, ModuleLike
from dvcedu.token.mechanisms import MechanismInfo, SigningPath, choose, curve_bits
from dvcedu.token.objects import _CLASS_NAMES, PrivateKey, TokenCertificate, TokenObject
from dvcedu.token.pin_policy import Lockout
from dvcedu.token.slots import TokenInfo, _locate, _token_info, softhsm_retrying
from dvcedu.token.training import DEFAULT_LABEL

MECHANISMS: dict[str, int] = {
    "SHA256_RSA_PKCS": PyKCS11.CKM_SHA256_RSA_PKCS,
    "SHA384_RSA_PKCS": PyKCS11.CKM_SHA384_RSA_PKCS,
    "SHA512_RSA_PKCS": PyKCS11.CKM_SHA512_RSA_PKCS,
    "SHA1_RSA_PKCS": PyKCS11.CKM_SHA1_RSA_PKCS,
    "RSA_PKCS": PyKCS11.CKM_RSA_PKCS,  # data must already be a DER DigestInfo
    "ECDSA_SHA256": PyKCS11.CKM_ECDSA_SHA256,
    "ECDSA_SHA384": PyKCS11.CKM_ECDSA_SHA384,
    "ECDSA_SHA512": PyKCS11.CKM_ECDSA_SHA512,
    "ECDSA_SHA1": PyKCS11.CKM_ECDSA_SHA1,
    "ECDSA": PyKCS11.CKM_ECDSA,  # data must already be the hash
}
"""Signing mechanisms by name. RSA PKCS#1 v1.5 is what every Vietnamese CA certificate we saw
uses, and it is deterministic: the same key and data give the same signature bytes. ECDSA is
there for tokens that hold EC keys."""

_MECH_OBJECTS = {name: PyKCS11.Mechanism(code) for name, code in MECHANISMS.items()}


class TokenSession:
    """An open session on one token. Get one from :func:`open_token`, which closes it."""

    def __init__(
        self, module: Module, slot: int, pkcs11: PyKCS11.Session, lockout: Lockout, info: TokenInfo
    ) -> None:
        self.module = module
        """The loaded module this session belongs to (and whose state it uses)."""
        self.slot = slot
        self.serial = info.serial
        """The token's serial number, as it was found (it names the token's caches)."""
        self._pkcs11 = pkcs11
        self.lockout = lockout
        self.logged_in = False
        self._keys: dict[tuple[bytes | None, str | None], PrivateKey] = {}
        # The info read when the token was found, and in which SoftHSM2 turn: still true as
        # long as that turn is held (no other process can have logged in meanwhile).
        turn = module.turn
        self._found = (info, turn.generation) if turn is not None else None

    # --- state -----------------------------------------------------------------------------
    @property
    def pkcs11(self) -> PyKCS11.Session:
        """PyKCS11's session — while the module is still loaded. After a SoftHSM2 reload (a
        token made meanwhile, another home) every session of the old load is gone, and
        touching it would crash the process: :class:`TokenNotPresent` instead."""
        if not self.module.alive:
            raise TokenNotPresent("token.module_reloaded", code="CKR_SESSION_HANDLE_INVALID")
        return self._pkcs11

    def check(self) -> None:
        """Raise :class:`TokenNotPresent` when this session no longer works (the module was
        reloaded, the token removed): C_GetSessionInfo, the cheapest question a session
        answers."""
        with map_pkcs11_errors("C_GetSessionInfo"):
            self.pkcs11.getSessionInfo()

    @property
    def info(self) -> TokenInfo:
        """Fresh token info (flags change after a wrong PIN)."""
        return _token_info(self.module, self.slot, self.lockout)

    def login(self, pin: str) -> None:
        """C_Login as the user; wrong PINs count towards the (real or simulated) lockout."""
        if not pin:
            raise PinError("pin.missing")
        turn = self.module.turn
        with self.module.taking_turns():
            found, self._found = self._found, None  # good for one login only
            fresh = found is not None and turn is not None and turn.still(found[1])
            self._login(pin, found[0] if fresh else self.info)  # type: ignore[index]

    def _login(self, pin: str, info: TokenInfo) -> None:
        if not info.min_pin <= len(pin) <= info.max_pin:
            # Like a real token: CKR_PIN_LEN_RANGE, and the try does not count.
            raise PinLenRange(
                "pin.len_range",
                length=len(pin),
                min=info.min_pin,
                max=info.max_pin,
                code="CKR_PIN_LEN_RANGE",
            )
        if info.pin_locked:  # the token's flag, or the simulated one
            raise PinLocked(
                "pin.locked_sim" if info.pin_state else "pin.locked",
                label=info.label,
                code="CKR_PIN_LOCKED",
            )
        holders = self.module.logins.setdefault(self.slot, weakref.WeakSet())
        try:
            if holders:  # a session kept logged in (the plugin's PIN cache): the PIN typed now
                self._log_out_everyone(holders)  # is checked, not waved through
            with map_pkcs11_errors("C_Login"):
                self.pkcs11.login(pin)
        except PinIncorrect:
            raise self._wrong_pin(info) from None
        except PinLenRange:
            raise PinLenRange(
                "pin.len_range",
                length=len(pin),
                min=info.min_pin,
                max=info.max_pin,
                code="CKR_PIN_LEN_RANGE",
            ) from None
        self.logged_in = True
        holders.add(self)
        if info.pin_state is not None and info.pin_state.failures:
            self.lockout.succeeded(info.serial)

    def _log_out_everyone(self, holders: weakref.WeakSet[TokenSession]) -> None:
        """C_Logout: the token's login ends for every session of this program, and each
        session that held it is told (its ``logged_in`` turns False)."""
        for held in list(holders):
            held.logged_in = False
        holders.clear()
        with map_pkcs11_errors("C_Logout"):
            self.pkcs11.logout()

    def _wrong_pin(self, info: TokenInfo) -> PinError:
        """The error for a wrong PIN: from the simulated count, or from the flags the token
        set after it (CKF_USER_PIN_LOCKED, CKF_USER_PIN_FINAL_TRY)."""
        state = self.lockout.failed(info.serial)
        if state is not None and state.locked:
            return PinIncorrect(
                "pin.now_locked_sim",
                tries=state.failures,
                left=0,
                label=info.label,
                code="CKR_PIN_INCORRECT",
            )
        if state is not None:
            return PinIncorrect(
                "pin.incorrect_sim",
                left=state.tries_left,
                max=state.max_tries,
                code="CKR_PIN_INCORRECT",
            )
        now = self.info
        if now.pin_locked:
            return PinLocked("pin.locked", label=info.label, code="CKR_PIN_LOCKED")
        if now.has("CKF_USER_PIN_FINAL_TRY"):
            return PinIncorrect("pin.incorrect", left=1, code="CKR_PIN_INCORRECT")
        return PinIncorrect("pin.incorrect_unknown", code="CKR_PIN_INCORRECT")

    def close(self) -> None:
        """Log out and close the session; a token already gone (or a module finalized since:
        C_Finalize closed every session) has nothing left to close."""
        if not self.module.alive:
            self.logged_in = False
            return
        try:
            self.logout()
            self.pkcs11.closeSession()
        except (TokenError, PyKCS11.PyKCS11Error):
            pass

    def logout(self) -> None:
        if self.logged_in:
            with map_pkcs11_errors("C_Logout"):
                self.pkcs11.logout()
            self.logged_in = False
            self.module.logins.get(self.slot, set()).discard(self)

    # --- finding objects -------------------------------------------------------------------
    def _find(self, template: list[tuple[int, object]]) -> list[PyKCS11.CK_OBJECT_HANDLE]:
        with map_pkcs11_errors("C_FindObjects"):
            return list(self.pkcs11.findObjects(template))

    def _read(self, handle: PyKCS11.CK_OBJECT_HANDLE, *codes: int) -> list[object]:
        with map_pkcs11_errors("C_GetAttributeValue"):
            return list(self.pkcs11.getAttributeValue(handle, list(codes)))

    def _object(self, handle: PyKCS11.CK_OBJECT_HANDLE) -> TokenObject:
        """The object behind ``handle``, described in one C_GetAttributeValue."""
        cls, raw_id, label = self._read(
            handle, PyKCS11.CKA_CLASS, PyKCS11.CKA_ID, PyKCS11.CKA_LABEL
        )
        obj_id, name = bytes(raw_id or b""), str(label or "")  # type: ignore[call-overload]
        kind = _CLASS_NAMES.get(cls, str(cls))
        if cls == PyKCS11.CKO_CERTIFICATE:
            (value,) = self._read(handle, PyKCS11.CKA_VALUE)
            return TokenCertificate(kind, obj_id, name, handle, self, bytes(value))  # type: ignore[call-overload]
        if cls == PyKCS11.CKO_PRIVATE_KEY:
            return PrivateKey(kind, obj_id, name, handle, self)
        return TokenObject(kind, obj_id, name, handle, self)

    def objects(self) -> list[TokenObject]:
        """Every object this session can see (private keys only after login)."""
        return [self._object(h) for h in self._find([])]

    def certificates(self) -> list[TokenCertificate]:
        """The X.509 certificates on the token (public objects: visible before login)."""
        handles = self._find(
            [
                (PyKCS11.CKA_CLASS, PyKCS11.CKO_CERTIFICATE),
                (PyKCS11.CKA_CERTIFICATE_TYPE, PyKCS11.CKC_X_509),
            ]
        )
        return [c for c in map(self._object, handles) if isinstance(c, TokenCertificate)]

    def certificate_for(self, der: bytes) -> TokenCertificate:
        """The one certificate whose CKA_VALUE is ``der`` — the token does the matching, so
        the plugin finds the chosen certificate without reading every certificate first."""
        found = self._find([(PyKCS11.CKA_CLASS, PyKCS11.CKO_CERTIFICATE), (PyKCS11.CKA_VALUE, der)])
        criteria = f"sha256={hashlib.sha256(der).hexdigest()[:16]}…"
        if not found:
            raise ObjectNotFound(what="certificate", criteria=criteria)
        if len(found) > 1:
            raise AmbiguousObject(count=len(found), what="certificate", criteria=criteria)
        obj_id, label = self._read(found[0], PyKCS11.CKA_ID, PyKCS11.CKA_LABEL)
        return TokenCertificate(
            "certificate",
            bytes(obj_id or b""),  # type: ignore[call-overload]
            str(label or ""),
            found[0],
            self,
            der,
        )

    def _exactly_one(
        self,
        cls: int,
        what: str,
        id: bytes | None,
        label: str | None,
        missing: type[ObjectNotFound],
    ) -> TokenObject:
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
        return self._object(found[0])

    def private_key(self, *, id: bytes | None = None, label: str | None = None) -> PrivateKey:
        """The one private key with this CKA_ID / CKA_LABEL (needs login); found once per
        session (its handle stays good while the session is open), so a session kept logged
        in signs again without searching."""
        if (id, label) not in self._keys:
            key = self._exactly_one(PyKCS11.CKO_PRIVATE_KEY, "private key", id, label, KeyNotFound)
            assert isinstance(key, PrivateKey)
            self._keys[id, label] = key
        return self._keys[id, label]

    def certificate(self, *, id: bytes | None = None, label: str | None = None) -> TokenCertificate:
        """The one certificate with this CKA_ID / CKA_LABEL."""
        cert = self._exactly_one(PyKCS11.CKO_CERTIFICATE, "certificate", id, label, ObjectNotFound)
        assert isinstance(cert, TokenCertificate)
        return cert

    def public_key(self, *, id: bytes) -> rsa.RSAPublicKey:
        """The RSA public key with this CKA_ID, read from CKA_MODULUS / CKA_PUBLIC_EXPONENT."""
        pub = self._exactly_one(PyKCS11.CKO_PUBLIC_KEY, "public key", id, None, KeyNotFound)
        attrs = pub.attributes(["CKA_MODULUS", "CKA_PUBLIC_EXPONENT"])
        n = int.from_bytes(attrs["CKA_MODULUS"], "big")  # type: ignore[arg-type]
        e = int.from_bytes(attrs["CKA_PUBLIC_EXPONENT"], "big")  # type: ignore[arg-type]
        return rsa.RSAPublicNumbers(e, n).public_key()

    # --- signing ---------------------------------------------------------------------------
    def mechanisms(self) -> dict[str, MechanismInfo]:
        """The signing mechanisms this token offers (C_GetMechanismList, C_GetMechanismInfo),
        read once per token and module."""
        offered = self.module.offered
        if self.serial not in offered:
            with map_pkcs11_errors("C_GetMechanismList"):
                names = [
                    n
                    for n in self.module.lib.getMechanismList(self.slot)
                    if isinstance(n, str) and n.removeprefix("CKM_") in MECHANISMS
                ]
                infos = {n: self.module.lib.getMechanismInfo(self.slot, n) for n in names}
            offered[self.serial] = {
                n: MechanismInfo(n, i.ulMinKeySize, i.ulMaxKeySize, frozenset(i.flags2text()))
                for n, i in infos.items()
            }
        return offered[self.serial]

    def signing_path(self, key: PrivateKey, digest: str = "sha256") -> SigningPath:
        """How ``key`` signs here: the token's own hash-and-sign, or the host's hash and
        CKM_RSA_PKCS (see ``mechanisms.py``); worked out once per key, digest and offered
        mechanisms for this load of the module (a key's type and size do not change while
        the token's objects stay; provisioning reloads the module)."""
        known = (self.serial, key.id, digest, frozenset(self.mechanisms()))
        paths = self.module.signing_paths
        if known not in paths:
            paths[known] = self._signing_path(key, digest)
        return paths[known]

    def _signing_path(self, key: PrivateKey, digest: str) -> SigningPath:
        key_type = key.attributes(["CKA_KEY_TYPE"])["CKA_KEY_TYPE"]
        if key_type == PyKCS11.CKK_EC:
            params = key.attributes(["CKA_EC_PARAMS"])["CKA_EC_PARAMS"]
            bits = curve_bits(params) if isinstance(params, bytes) else 0
            return choose(self.mechanisms(), key_type="EC", key_bits=bits, digest=digest)
        if key_type != PyKCS11.CKK_RSA:
            raise TokenError(
                "mechanism.key_type", key_type=PyKCS11.CKK.get(key_type, str(key_type))
            )
        modulus = key.attributes(["CKA_MODULUS"])["CKA_MODULUS"]
        bits = len(modulus) * 8 if isinstance(modulus, bytes) else 0
        return choose(self.mechanisms(), key_type="RSA", key_bits=bits, digest=digest)

    def sign_with(self, key: PrivateKey, data: bytes, mechanism: str) -> bytes:
        """C_Sign with ``key`` (call ``key.sign``; this is the session's half of it)."""
        mech = _MECH_OBJECTS.get(mechanism.removeprefix("CKM_"))
        if mech is None:
            raise TokenError("mechanism.unknown", name=mechanism, known=", ".join(MECHANISMS))
        with map_pkcs11_errors("C_Sign"):
            return bytes(self.pkcs11.sign(key.handle, data, mech))


SOFTHSM_GARBLED = frozenset({"CKR_GENERAL_ERROR", "CKR_USER_PIN_NOT_INITIALIZED"})
"""What a C_Login on a garbled copy of a SoftHSM2 token answers (see SOFTHSM_RETRIES)."""


@contextmanager
def open_token(
    label: str = DEFAULT_LABEL,
    pin: str | None = None,
    module: ModuleLike = None,
    *,
    lockout: Lockout | None = None,
    write: bool = False,
) -> Iterator[TokenSession]:
    """A session on the token called ``label``, logged in when ``pin`` is given, closed on exit.

    Without a PIN the session sees only public objects (certificates), which is what the
    signing plugin shows before it asks for the PIN. Sessions are read-only unless ``write``
    (provisioning asks for that — see ``provision.py``). ``lockout`` says who counts wrong
    PINs; by default, the token itself, or dvcedu's counter in the learner's home on SoftHSM2.
    """
    session = softhsm_retrying(
        module,
        lambda: _open(module, label, pin, lockout, write),
        lambda e: e.code in SOFTHSM_GARBLED,
    )
    try:
        yield session
    finally:
        session.close()


def _open(
    module: ModuleLike, label: str, pin: str | None, lockout: Lockout | None, write: bool
) -> TokenSession:
    with library.load(module).taking_turns():  # one turn for lookup, session and login
        loaded, slot, info, policy = _locate(module, label, lockout)
        flags = PyKCS11.CKF_SERIAL_SESSION | (PyKCS11.CKF_RW_SESSION if write else 0)
        with map_pkcs11_errors("C_OpenSession"):
            pkcs11 = loaded.lib.openSession(slot, flags)
        session = TokenSession(loaded, slot, pkcs11, policy, info)
        if pin is not None:
            try:
                session.login(pin)
            except BaseException:
                session.close()
                raise
    return session
