"""The browser-side signing plugin ("Plugin ký số"), the library's wire, and the page's side."""

from dvcedu.plugin.learner import Asked, Item, Learner, ScriptedLearner
from dvcedu.plugin.plugin import (
    VERSION,
    CertChoice,
    PluginStatus,
    SigningPlugin,
    SignResult,
    why_not,
)
from dvcedu.plugin.protocol import FUNCTION_IDS
from dvcedu.plugin.wire import PluginWire

__all__ = [
    "FUNCTION_IDS",
    "VERSION",
    "Asked",
    "CertChoice",
    "Item",
    "Learner",
    "PluginStatus",
    "PluginWire",
    "ScriptedLearner",
    "SignResult",
    "SigningPlugin",
    "why_not",
]
