"""The token layer: the ONLY part of dvcedu that imports PyKCS11.

Everything above it (plugin, lab, CLI, notebooks) talks to a token through these names. They
are imported when first used (PEP 562), so ``from dvcedu.token import TRAINING_PIN`` — or the
CLI's ``--help`` — does not load PyKCS11 and cryptography.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

_WHERE = {
    "home_lock": "locks",
    "SOFTHSM_PATHS": "modules",
    "VENDOR_MODULES": "modules",
    "ModuleChoice": "modules",
    "SOFTWARE_TOKENS": "modules",
    "find_module": "modules",
    "DEFAULT_MAX_TRIES": "environment",
    "PinState": "pin_policy",
    "DEFAULT_LABEL": "training",
    "TRAINING_PIN": "training",
    "TRAINING_SO_PIN": "training",
    "MECHANISMS": "session",
    "TokenSession": "session",
    "open_token": "session",
    "Module": "library",
    "ModuleLike": "library",
    "Environment": "environment",
    "SigningPath": "mechanisms",
    "MechanismInfo": "mechanisms",
    "digest_info": "mechanisms",
    "provisioning": "provision",
    "Provisioner": "provision",
    "TokenSigner": "signer",
    "Lockout": "pin_policy",
    "SimulatedLockout": "pin_policy",
    "TokenLockout": "pin_policy",
    "lockout_for": "pin_policy",
    "PrivateKey": "objects",
    "TokenCertificate": "objects",
    "TokenObject": "objects",
    "TokenFlag": "slots",
    "TokenInfo": "slots",
    "list_tokens": "slots",
    "one_turn": "slots",
    "load_module": "slots",
    "holds_training_tokens": "slots",
    "init_token": "admin",
    "unlock": "admin",
}

__all__ = [
    "DEFAULT_LABEL",
    "DEFAULT_MAX_TRIES",
    "MECHANISMS",
    "SOFTHSM_PATHS",
    "SOFTWARE_TOKENS",
    "TRAINING_PIN",
    "TRAINING_SO_PIN",
    "VENDOR_MODULES",
    "Environment",
    "Lockout",
    "MechanismInfo",
    "Module",
    "ModuleChoice",
    "ModuleLike",
    "PinState",
    "PrivateKey",
    "Provisioner",
    "SigningPath",
    "SimulatedLockout",
    "TokenCertificate",
    "TokenFlag",
    "TokenInfo",
    "TokenLockout",
    "TokenObject",
    "TokenSession",
    "TokenSigner",
    "digest_info",
    "find_module",
    "holds_training_tokens",
    "home_lock",
    "init_token",
    "list_tokens",
    "load_module",
    "lockout_for",
    "one_turn",
    "open_token",
    "provisioning",
    "unlock",
]
"""Written out (not ``sorted(_WHERE)``) so that type checkers see what is exported; a test
keeps the two in step."""


def __getattr__(name: str) -> object:
    if name not in _WHERE:
        raise AttributeError(f"module 'dvcedu.token' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"dvcedu.token.{_WHERE[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:  # for type checkers and editors: the same names, eagerly
    from dvcedu.token.admin import init_token, unlock
    from dvcedu.token.environment import DEFAULT_MAX_TRIES, Environment
    from dvcedu.token.library import Module, ModuleLike
    from dvcedu.token.locks import home_lock
    from dvcedu.token.mechanisms import MechanismInfo, SigningPath, digest_info
    from dvcedu.token.modules import (
        SOFTHSM_PATHS,
        SOFTWARE_TOKENS,
        VENDOR_MODULES,
        ModuleChoice,
        find_module,
    )
    from dvcedu.token.objects import PrivateKey, TokenCertificate, TokenObject
    from dvcedu.token.pin_policy import (
        Lockout,
        PinState,
        SimulatedLockout,
        TokenLockout,
        lockout_for,
    )
    from dvcedu.token.provision import Provisioner, provisioning
    from dvcedu.token.session import MECHANISMS, TokenSession, open_token
    from dvcedu.token.signer import TokenSigner
    from dvcedu.token.slots import (
        TokenFlag,
        TokenInfo,
        holds_training_tokens,
        list_tokens,
        load_module,
        one_turn,
    )
    from dvcedu.token.training import DEFAULT_LABEL, TRAINING_PIN, TRAINING_SO_PIN
