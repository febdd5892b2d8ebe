"""Finding a token: slots, token info and flags, lookups by label, and the turns SoftHSM2
callers take with each other.

Tokens are found by label (32 bytes, blank-padded), never by slot index: SoftHSM2 renumbers
slots and always keeps one spare uninitialised slot. The PIN's retry state comes from a
:class:`~dvcedu.token.pin_policy.Lockout` given by the caller: the token's own flags, or on
SoftHSM2 dvcedu's simulated counter, reported beside the token's flags and marked simulated.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TypeVar

from dvcedu import i18n
from dvcedu.errors import AmbiguousObject, TokenError, TokenNotPresent, TokenOperationError
from dvcedu.token import library
from dvcedu.token._errors import map_pkcs11_errors
from dvcedu.token.library import Module, ModuleLike
from dvcedu.token.pin_policy import Lockout, PinState

T = TypeVar("T")


def pad_label(label: str) -> str:
    """A token label as PKCS#11 stores it: exactly 32 bytes, blank-padded (§3.2)."""
    size = len(label.encode("utf-8"))
    if size > 32:
        raise TokenError("token.label_too_long", label=label, length=size)
    return label + " " * (32 - size)


def _clean(text: str) -> str:
    return text.strip(" \x00")


@dataclass(frozen=True)
class TokenFlag:
    """One CKF_* flag the token reports; ``simulated`` when dvcedu's counter adds it."""

    name: str
    simulated: bool = False

    def meaning(self, lang: str | None = None) -> str:
        key = f"flag.{self.name}"
        return i18n.t(key, lang) if key in i18n.MESSAGES else ""


@dataclass(frozen=True)
class TokenInfo:
    """What C_GetTokenInfo says, plus dvcedu's simulated retry count (``pin_state``) on a
    token that keeps none itself."""

    label: str
    manufacturer: str
    model: str
    serial: str
    flags: tuple[TokenFlag, ...]
    min_pin: int
    max_pin: int
    is_softhsm: bool
    pin_state: PinState | None = None

    @property
    def initialized(self) -> bool:
        return self.has("CKF_TOKEN_INITIALIZED")

    @property
    def pin_locked(self) -> bool:
        """CKF_USER_PIN_LOCKED, set by the token or by the simulated counter."""
        return self.has("CKF_USER_PIN_LOCKED")

    def has(self, flag: str) -> bool:
        return any(f.name == flag for f in self.flags)

    def explain(self, lang: str | None = None) -> list[str]:
        """One line per flag: name, meaning, and '(simulated)' where it is dvcedu's."""
        sim = i18n.t("simulated", lang)
        return [
            f"{f.name}: {f.meaning(lang)}" + (f" ({sim})" if f.simulated else "")
            for f in self.flags
        ]


def _token_info(module: Module, slot: int, lockout: Lockout) -> TokenInfo:
    with module.taking_turns(), map_pkcs11_errors("C_GetTokenInfo"):
        raw = module.lib.getTokenInfo(slot)
    names = [n for n in raw.flags2text() if n.startswith("CKF_")]
    flags = [TokenFlag(n) for n in names]
    state = None
    serial = _clean(raw.serialNumber)
    if "CKF_TOKEN_INITIALIZED" in names:
        state = lockout.state(serial)
    if state is not None:
        flags += [TokenFlag(n, simulated=True) for n in state.flags() if n not in names]
    return TokenInfo(
        label=_clean(raw.label),
        manufacturer=_clean(raw.manufacturerID),
        model=_clean(raw.model),
        serial=serial,
        flags=tuple(flags),
        min_pin=raw.ulMinPinLen,
        max_pin=raw.ulMaxPinLen,
        is_softhsm=module.is_softhsm,
        pin_state=state,
    )


def _slots(module: Module, lockout: Lockout) -> list[tuple[int, TokenInfo]]:
    with map_pkcs11_errors("C_GetSlotList"):
        slots = module.lib.getSlotList(tokenPresent=True)
    found = []
    for slot in slots:
        try:
            found.append((slot, _token_info(module, slot, lockout)))
        except TokenOperationError:
            continue  # a token that cannot describe itself (pulled out mid-way) is not there
    return found


def load_module(module: ModuleLike = None) -> Module:
    """The PKCS#11 module (found as :func:`find_module` says), loaded: which file and why
    (``.choice``), whether it holds training tokens (``.is_softhsm``), and what it owns."""
    return library.load(module)


def holds_training_tokens(module: ModuleLike = None) -> bool:
    """Whether the module is SoftHSM2 (itself, or behind a proxy): tokens there can be made
    and their PIN lockout is simulated; any other module holds tokens a CA delivered."""
    return library.load(module).is_softhsm


def list_tokens(module: ModuleLike = None, *, lockout: Lockout | None = None) -> list[TokenInfo]:
    """Every token present, the uninitialised spare slot included (check ``.initialized``)."""
    loaded = library.load(module)
    return [info for _, info in _slots(loaded, lockout or loaded.lockout)]


SOFTHSM_RETRIES = (0.02, 0.05, 0.1)
"""SoftHSM2 rewrites a token's file on every C_Login. A process that reads it at that instant
(one that is not dvcedu, or not taking turns) keeps a garbled copy — the token missing, or
its C_Login failing — for as long as it keeps the module loaded. So such a failure is tried
again, with the module loaded afresh, after each of these pauses (seconds)."""


def softhsm_retrying(
    module: ModuleLike, attempt: Callable[[], T], transient: Callable[[TokenError], bool]
) -> T:
    """``attempt()``; on SoftHSM2, when it fails with an error ``transient`` accepts, load the
    module afresh and try again after each of SOFTHSM_RETRIES (see there for why)."""
    for pause in (*SOFTHSM_RETRIES, None):
        try:
            return attempt()
        except TokenError as error:
            if pause is None or not transient(error) or not library.load(module).is_softhsm:
                raise
        time.sleep(pause)
        turn = library.load(module).turn
        assert turn is not None
        with turn:
            library.unload()
    raise AssertionError("unreachable")  # pragma: no cover - the last pass returns or raises


def _locate(
    module: ModuleLike, label: str, lockout: Lockout | None
) -> tuple[Module, int, TokenInfo, Lockout]:
    """The loaded module, the slot and info of the token called ``label``, and the lockout
    policy in force (``lockout``, or the module's)."""

    def attempt() -> tuple[Module, int, TokenInfo, Lockout]:
        loaded = library.load(module)
        policy = lockout or loaded.lockout
        with loaded.taking_turns():
            return (loaded, *_find_slot(loaded, label, policy), policy)

    return softhsm_retrying(module, attempt, lambda e: isinstance(e, TokenNotPresent))


def one_turn(module: ModuleLike = None) -> AbstractContextManager[object]:
    """Hold the token for a whole ceremony (open, log in, sign) in one turn — what the signing
    plugin does. Only SoftHSM2 needs it; for a hardware token it does nothing."""
    return library.load(module).taking_turns()


def _find_slot(module: Module, label: str, lockout: Lockout) -> tuple[int, TokenInfo]:
    if label in module.slots:
        try:
            info = _token_info(module, module.slots[label], lockout)
        except TokenError:
            info = None
        if info is not None and info.initialized and info.label == label:
            return module.slots[label], info
        del module.slots[label]
    found = _scan_for(module, label, lockout)
    module.slots[label] = found[0]
    return found


def _a_few(labels: list[str], shown: int = 3) -> str:
    """The labels a learner needs to see: the course's own token first, then at most
    ``shown`` in all, and how many more (a learner's folder holds a token per notebook run)."""
    labels = sorted(labels, key=lambda label: (label != "DVCEDU-TRAINING", label))
    text = ", ".join(f"'{label}'" for label in labels[:shown]) or "-"
    more = len(labels) - shown
    return f"{text} (+{more}: dvcedu token list)" if more > 0 else text


def _scan_for(module: Module, label: str, lockout: Lockout) -> tuple[int, TokenInfo]:
    present = [(s, i) for s, i in _slots(module, lockout) if i.initialized]
    matches = [(s, i) for s, i in present if i.label == label]
    if not matches:
        names = _a_few([i.label for _, i in present])
        if module.is_softhsm:  # a training token can be made
            raise TokenNotPresent(label=label, present=names)
        raise TokenNotPresent(
            "token.not_present_real", label=label, present=names, module=str(module.path)
        )
    if len(matches) > 1:
        raise AmbiguousObject(count=len(matches), what="token", criteria=f"label='{label}'")
    return matches[0]
