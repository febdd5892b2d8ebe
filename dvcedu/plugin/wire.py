"""The wire between the portal page and the plugin: JSON messages, recorded as they cross.

The real page talks to VNPT-CA Plugin over a WebSocket on loopback
(``wss://localhost:4433/plugin``) with ``{functionID, funcCallback, args, domain}``; dvcedu
keeps that message shape over an in-process call. The page's origin is what the browser
reports for the connection (the page's script cannot change it), so the plugin knows which
site is asking. The learner's own actions inside the plugin's dialogs (choosing a certificate,
typing the PIN) are recorded as Người dùng → Plugin messages; the PIN itself never is.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit

from dvcedu.errors import DvceduError, PluginError, UserCancelled, VerificationError
from dvcedu.i18n import Msg
from dvcedu.model import Actor, Transcript
from dvcedu.plugin.licence import check_licence
from dvcedu.plugin.plugin import CertChoice, PluginStatus, SigningPlugin

if TYPE_CHECKING:
    from cryptography import x509

FUNCTION_IDS = {"getCertInfo": 0, "SignPDF": 2, "setLicenseKey": 6, "checkPlugin": 7,
                "signArrDataAdvanced": 10, "getVersion": 11}
"""Function IDs of VNPT-CA Plugin JS library 1.0.1.9 [confirmed in the public JS]; SignPDF's
arguments and reply are not in that library's public callers [unconfirmed]: dvcedu takes
(PDF in base64, serial) and answers as signArrDataAdvanced does."""

FUNCTIONS = {number: name for name, number in FUNCTION_IDS.items()}


class Learner(Protocol):
    """Who answers the plugin's dialogs: a person at a widget, or a script in a test."""

    def choose(self, choices: list[CertChoice]) -> CertChoice | None: ...

    def enter_pin(self, choice: CertChoice) -> str | None: ...


@dataclass
class ScriptedLearner:
    """Picks the certificate whose UID (or serial) is ``pick`` (first one when None), and
    types ``pin`` (None = closes the dialog)."""

    pin: str | None
    pick: str | None = None

    def choose(self, choices: list[CertChoice]) -> CertChoice | None:
        if self.pick is None:
            return choices[0] if choices else None
        return next((c for c in choices if self.pick in (c.identifier, c.serial_hex)), None)

    def enter_pin(self, choice: CertChoice) -> str | None:
        return self.pin


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


class PluginWire:
    """What the page's JavaScript does: call plugin functions by name, get JSON back."""

    def __init__(self, plugin: SigningPlugin, *, origin: str, learner: Learner,
                 transcript: Transcript | None = None,
                 licence_issuer: x509.Certificate | None = None) -> None:
        """Every request, reply and the plugin's talk with the token go into ``transcript``
        (the ceremony's), or else into the plugin's own. With a ``licence_issuer`` the
        plugin signs only for a page that sent a licence that issuer signed for the page's
        own domain (the practice web portal's service); without one, any licence is taken
        (the notebooks' in-process wire, which says so)."""
        self.plugin = plugin
        self.transcript = transcript if transcript is not None else plugin.transcript
        self.origin = origin
        self.learner = learner
        self.licence_issuer = licence_issuer
        self.licensed = licence_issuer is None
        self.selected: CertChoice | None = None
        self.status: PluginStatus | None = None
        """What the last ``checkPlugin`` found (the page says why a token is missing)."""
        self._calls = 0

    @property
    def domain(self) -> str:
        return urlsplit(self.origin).hostname or self.origin

    def call(self, function: str, *args: object) -> object:
        """Send one request, record it and its reply; a failure is recorded, then raised."""
        self._calls += 1
        if function not in FUNCTION_IDS:
            # the page's script named a function the plugin lacks: refused before it leaves
            self.transcript.record(Actor.PAGE, Actor.PLUGIN, function, {"args": list(args)},
                                   note="note.page_calls", function=function)
            error = PluginError("plugin.unknown_function", name=function)
            self._record_error(function, error)
            raise error
        return self.handle({"functionID": FUNCTION_IDS[function],
                            "funcCallback": f"cb{self._calls}", "args": list(args),
                            "domain": self.domain})

    def handle(self, request: dict[str, object]) -> object:
        """One request as the page sent it (``{functionID, funcCallback, args, domain}``):
        recorded as received, answered, the reply recorded; a failure is recorded, then
        raised. ``domain`` must be the host of the origin the browser reported."""
        function = FUNCTIONS.get(request.get("functionID"), f"#{request.get('functionID')}")  # type: ignore[arg-type]
        transcript = self.transcript
        transcript.record(Actor.PAGE, Actor.PLUGIN, function, request, note="note.page_calls",
                          function=function)
        try:
            if function not in FUNCTION_IDS:
                raise PluginError("plugin.unknown_function", name=function)
            if request.get("domain") != self.domain:
                raise PluginError("plugin.domain_mismatch", domain=str(request.get("domain")),
                                  origin=self.origin)
            args = request.get("args")
            if not isinstance(args, list):
                raise PluginError("plugin.bad_request", detail="args is not a list")
            try:
                result = getattr(self, f"_{function}")(*args)
            except (TypeError, ValueError, KeyError, binascii.Error) as error:
                raise PluginError("plugin.bad_request", detail=type(error).__name__) from None
        except DvceduError as error:
            self._record_error(function, error)
            raise
        transcript.record(Actor.PLUGIN, Actor.PAGE, f"{function}: result",
                          {"code": 0, "data": result}, note="note.plugin_replies")
        return result

    def _record_error(self, function: str, error: DvceduError) -> None:
        code = error.reason.plugin_code if isinstance(error, VerificationError) else None
        self.transcript.record(Actor.PLUGIN, Actor.PAGE, f"{function}: error",
                               {"code": code or 1, "error": type(error).__name__,
                                "message": error.message("en")},
                               note=(error.message("vi"), error.message("en")), ok=False)

    def _require_licence(self) -> None:
        if not self.licensed:
            raise PluginError("licence.missing", domain=self.domain)

    # --- functions (names as in the VNPT-CA Plugin JS library) ------------------------------
    def _getVersion(self) -> str:
        return self.plugin.check_plugin(transcript=self.transcript).version

    def _setLicenseKey(self, licence: str) -> dict[str, int]:
        # The real plugin checks a signed XML licence bound to the calling domain (see
        # licence.py); without a licence_issuer the in-process plugin takes any licence.
        if self.licence_issuer is not None:
            check_licence(licence, domain=self.domain, issuer=self.licence_issuer)
            self.licensed = True
        return {"code": 1}

    def _checkPlugin(self) -> dict[str, object]:
        status = self.status = self.plugin.check_plugin(transcript=self.transcript)
        return {"version": status.version, "module": status.module,
                "token": status.token_present, "certificates": status.certificates}

    def _getCertInfo(self, *flags: object) -> dict[str, str]:
        """``flags``: the real library's (callback, onlyFromToken) — the training token is the
        only source, so they change nothing."""
        self._require_licence()
        choices = self.plugin.list_certificates(transcript=self.transcript)
        chosen = self.learner.choose(choices)
        self.transcript.record(
            Actor.LEARNER, Actor.PLUGIN, "event.choose_cert",
            {"serial": chosen.serial_hex, "uid": chosen.identifier} if chosen else {},
            note="note.choose_cert", ok=bool(chosen))
        if chosen is None:
            raise UserCancelled(dialog=Msg("dialog.certificate"))
        self.selected = chosen
        return {**chosen.as_json(), "certificate": b64(chosen.der)}

    def _SignPDF(self, pdf: str, serial: str, *rest: object) -> dict[str, object]:
        """The dossier ``pdf`` (base64) comes back with one more PAdES signature."""
        signed = self._signArrDataAdvanced([{"data": pdf, "type": "pdf"}], serial)
        return {**signed, "data": signed["data"][0]}

    def _signArrDataAdvanced(self, items: list[dict[str, str] | str], serial: str,
                             clear_pin_cache: bool | str = False,
                             *rest: object) -> dict[str, object]:
        """``items``: dicts, or — as the real library sends them — JSON strings
        ``{data, type, sigOptions}``; ``clear_pin_cache`` true or "1"; ``rest``: the real
        library's (callback, showCertList), which change nothing here."""
        self._require_licence()
        if self.selected is None or self.selected.serial_hex != serial:
            raise UserCancelled(dialog=Msg("dialog.certificate"))
        items = [json.loads(item) if isinstance(item, str) else item for item in items]
        if clear_pin_cache in (True, "1", "true"):
            self.plugin.clear_pin_cache()
        pin = None
        if not self.plugin.has_cached_pin:
            pin = self.learner.enter_pin(self.selected)
            self.transcript.record(
                Actor.LEARNER, Actor.PLUGIN, "event.enter_pin", b"", note="note.enter_pin",
                ok=pin is not None)
        signatures = []
        for item in items:
            data = base64.b64decode(item["data"])
            result = self.plugin.sign(data, self.selected, pin,
                                      format=item.get("type", "cmsdetached"),
                                      origin=self.origin, transcript=self.transcript)
            signatures.append(b64(result.signature))
        return {"serial": serial, "data": signatures, "domain": self.domain}
