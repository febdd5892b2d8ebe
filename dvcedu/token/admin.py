"""What the security officer does: initialise a token and unlock its PIN (C_InitToken,
C_InitPIN with the SO PIN), as a CA does when it personalises a token or its helpdesk
unlocks one."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import PyKCS11

from dvcedu.errors import PinError, PinIncorrect, TokenError, TokenExists
from dvcedu.token import library
from dvcedu.token._errors import map_pkcs11_errors
from dvcedu.token.environment import Environment
from dvcedu.token.library import Module, ModuleLike
from dvcedu.token.locks import home_lock
from dvcedu.token.pin_policy import Lockout, SimulatedLockout
from dvcedu.token.slots import TokenInfo, _find_slot, _locate, _slots, _token_info, pad_label
from dvcedu.token.training import DEFAULT_LABEL, TRAINING_PIN, TRAINING_SO_PIN


def init_token(
    label: str = DEFAULT_LABEL,
    *,
    so_pin: str = TRAINING_SO_PIN,
    pin: str = TRAINING_PIN,
    module: ModuleLike = None,
    force: bool = False,
    max_tries: int | None = None,
    lockout: Lockout | None = None,
) -> TokenInfo:
    """C_InitToken on the spare slot (or re-initialise ``label`` with ``force``), then C_InitPIN.

    Under the home's lock, with the module loaded afresh: SoftHSM2 reads its token folder when
    it starts, so a process that loaded it before another process made the token would not
    see that token and would make a second one with the same label."""
    home = module.home if isinstance(module, Module) else Environment.read().home_folder
    with home_lock(home):
        library.unload()
        return _init_token(
            label,
            so_pin=so_pin,
            pin=pin,
            module=module,
            force=force,
            max_tries=max_tries,
            lockout=lockout,
        )


@contextmanager
def _as_so(loaded: Module, slot: int, so_pin: str) -> Iterator[PyKCS11.Session]:
    """A read-write session logged in as the security officer, logged out and closed on exit."""
    with map_pkcs11_errors("C_OpenSession"):
        session = loaded.lib.openSession(slot, PyKCS11.CKF_SERIAL_SESSION | PyKCS11.CKF_RW_SESSION)
    try:
        try:
            with map_pkcs11_errors("C_Login(SO)"):
                session.login(so_pin, PyKCS11.CKU_SO)
        except PinIncorrect:
            raise PinIncorrect("pin.so_incorrect") from None
        yield session
        with map_pkcs11_errors("C_Logout"):
            session.logout()
    finally:
        session.closeSession()


def _init_token(
    label: str,
    *,
    so_pin: str,
    pin: str,
    module: ModuleLike,
    force: bool,
    max_tries: int | None,
    lockout: Lockout | None,
) -> TokenInfo:
    padded = pad_label(label)
    loaded = library.load(module)
    policy = lockout or loaded.lockout
    slots = _slots(loaded, policy)
    taken = [s for s, i in slots if i.initialized and i.label == label]
    if taken and not force:
        raise TokenExists(label=label)
    free = taken or [s for s, i in slots if not i.initialized]
    if not free:
        raise TokenError("token.no_free_slot")
    with map_pkcs11_errors("C_InitToken"):
        loaded.lib.initToken(free[0], so_pin, padded)
    # SoftHSM2 may move a new token to another slot
    slot, info = _find_slot(loaded, label, policy)
    with _as_so(loaded, slot, so_pin) as session, map_pkcs11_errors("C_InitPIN"):
        session.initPin(pin)
    if isinstance(policy, SimulatedLockout):
        policy.counter(info.serial).reset(max_tries)
    return _token_info(loaded, slot, policy)


def unlock(
    label: str = DEFAULT_LABEL,
    *,
    so_pin: str,
    new_pin: str | None = None,
    module: ModuleLike = None,
    lockout: Lockout | None = None,
) -> TokenInfo:
    """Unlock the user PIN with the SO PIN, as a CA's helpdesk does (C_Login as CKU_SO, then
    C_InitPIN). On SoftHSM2 the simulated counter is reset and ``new_pin`` is optional; a real
    token needs ``new_pin``."""
    loaded, slot, info, policy = _locate(module, label, lockout)
    if new_pin is None and not policy.simulated:
        raise PinError("pin.new_needed")
    with _as_so(loaded, slot, so_pin) as session:
        if new_pin is not None:
            with map_pkcs11_errors("C_InitPIN"):
                session.initPin(new_pin)
    if isinstance(policy, SimulatedLockout):
        policy.counter(info.serial).reset()
    return _token_info(loaded, slot, policy)
