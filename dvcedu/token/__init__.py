"""The token layer: the ONLY part of dvcedu that imports PyKCS11.

Everything above it (plugin, lab, CLI, notebooks) talks to a token through these names.
"""

from dvcedu.token.locks import home_lock
from dvcedu.token.modules import SOFTHSM_PATHS, VENDOR_MODULES, ModuleChoice, find_module
from dvcedu.token.pin_policy import DEFAULT_MAX_TRIES, PinState
from dvcedu.token.session import (
    DEFAULT_LABEL,
    MECHANISMS,
    TRAINING_PIN,
    TRAINING_SO_PIN,
    PrivateKey,
    Token,
    TokenCertificate,
    TokenFlag,
    TokenInfo,
    TokenObject,
    init_token,
    list_tokens,
    open_token,
    unlock,
)

__all__ = [
    "DEFAULT_LABEL",
    "DEFAULT_MAX_TRIES",
    "MECHANISMS",
    "SOFTHSM_PATHS",
    "TRAINING_PIN",
    "TRAINING_SO_PIN",
    "VENDOR_MODULES",
    "ModuleChoice",
    "PinState",
    "PrivateKey",
    "Token",
    "TokenCertificate",
    "TokenFlag",
    "TokenInfo",
    "TokenObject",
    "find_module",
    "home_lock",
    "init_token",
    "list_tokens",
    "open_token",
    "unlock",
]
