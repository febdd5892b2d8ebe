"""The browser-side signing plugin ("Plugin ký số") and its JSON wire to the page."""

from dvcedu.plugin.plugin import (
    VERSION,
    CertChoice,
    PluginStatus,
    SigningPlugin,
    SignResult,
    why_not,
)
from dvcedu.plugin.wire import FUNCTION_IDS, Learner, PluginWire, ScriptedLearner

__all__ = ["FUNCTION_IDS", "VERSION", "CertChoice", "Learner", "PluginStatus", "PluginWire",
           "ScriptedLearner", "SignResult", "SigningPlugin", "why_not"]
