"""The plugin's side of the wire: one page's frames in, the replies real pages parse out.

:meth:`PluginWire.handle` takes a frame exactly as VNPT-CA Plugin's JavaScript library sends
it (see ``protocol.py``) and returns the reply frame; the signing service calls it for each
WebSocket message, and :meth:`PluginWire.call` — the notebooks' page, in Python — builds the
library's frame for a call, hands it over, and reads the reply the way public pages read it.
Both frames are recorded in the Transcript as the bytes that crossed. The page's origin is
what the browser reported for the connection (a page's script cannot change it), so the
plugin knows which site is asking; the ``domain`` a frame states must agree with it.

The learner's own actions in the plugin's windows (choosing a certificate, typing the PIN,
OK while the token is still logged in) are recorded as Người dùng → Plugin; the PIN never is.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from dvcedu.errors import (
    DvceduError,
    NoUsableCertificate,
    PinError,
    PluginError,
    TokenError,
    TokenNotPresent,
    UserCancelled,
)
from dvcedu.i18n import Msg
from dvcedu.model import Actor, Transcript
from dvcedu.plugin import protocol
from dvcedu.plugin.learner import Asked, Item, Learner
from dvcedu.plugin.licence import check_licence
from dvcedu.plugin.plugin import VERSION, CertChoice, PluginStatus, SigningPlugin, why_not
from dvcedu.plugin.protocol import SIGN_CODES, FrameError, json_result, stringify

if TYPE_CHECKING:
    from cryptography import x509

SIMULATED = (
    "checkPlugin",
    "getVersion",
    "setLicenseKey",
    "setLanguage",
    "SetShowCertListDialog",
    "CheckToken",
    "getCertInfo",
    "GetAllCertificates",
    "signArrDataAdvanced",
    "signPdf",
    "ClearPinCache",
)
"""The functions dvcedu's plugin does; any other id of the library gets the signing replies'
error convention, code 5, saying so in words."""

MAX_ITEMS = 100
"""Items in one ``signArrDataAdvanced`` call (a page signs a few; a flood is refused)."""

TYPES = {"cmsdetached": "cmsdetached", "pdf": "pdf", "raw": "raw"}
"""``type``s of ``signArrDataAdvanced`` items dvcedu signs: "cmsdetached" [confirmed, pages],
"pdf" [confirmed: a VNPT page passes the file's extension], "raw" (dvcedu's own, for the
course: the token's bare signature)."""


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def cert_info(choice: CertChoice) -> dict[str, str]:
    """A certificate as ``getCertInfo`` answers it: the fields public pages read (``serial``,
    ``base64``, ``subjectCN``, ``issuerCN``, ``notBefore``, ``notAfter`` — ISO 8601, which
    JavaScript's ``new Date`` reads; the real plugin's date format is not public) and dvcedu's
    ``uid`` (the ``UID=MST:…`` / ``CCCD:…`` attribute)."""
    return {
        "serial": choice.serial_hex,
        "base64": b64(choice.der),
        "subjectCN": choice.name,
        "issuerCN": choice.issuer,
        "uid": choice.identifier,
        "notBefore": f"{choice.not_before:%Y-%m-%dT%H:%M:%SZ}",
        "notAfter": f"{choice.not_after:%Y-%m-%dT%H:%M:%SZ}",
    }


def sign_code(error: DvceduError) -> int:
    """The signing functions' result code for ``error`` (see ``protocol.SIGN_CODES``)."""
    if isinstance(error, UserCancelled):
        return SIGN_CODES["cancelled"]
    if isinstance(error, NoUsableCertificate | TokenNotPresent):
        return SIGN_CODES["no_certificate"]
    if isinstance(error, PinError):
        return SIGN_CODES["sign_failed"]
    if error.msg_id == "plugin.not_on_token":
        return SIGN_CODES["no_private_key"]
    if isinstance(error, FrameError) or error.msg_id in ("plugin.bad_request", "plugin.bad_format"):
        return SIGN_CODES["bad_input"]
    if isinstance(error, TokenError):
        return SIGN_CODES["sign_failed"]
    return SIGN_CODES["unknown"]


class _Refused(Exception):
    """A function's reply that is an error: ``result`` already in the function's shape."""

    def __init__(self, error: DvceduError, result: str) -> None:
        self.error, self.result = error, result


class PluginWire:
    """One page's connection to the plugin."""

    def __init__(
        self,
        plugin: SigningPlugin,
        *,
        origin: str,
        learner: Learner,
        transcript: Transcript | None = None,
        licence_issuer: x509.Certificate | None = None,
    ) -> None:
        """Every frame, and the plugin's talk with the token, go into ``transcript`` (the
        ceremony's), or else into the plugin's own. With a ``licence_issuer`` the plugin
        answers a page only after it sent a licence that issuer signed for the page's own
        domain (the practice web portal's service); without one, any page is licensed (the
        notebooks' in-process wire)."""
        self.plugin = plugin
        self.transcript = transcript if transcript is not None else plugin.transcript
        self.origin = origin
        self.learner = learner
        self.licence_issuer = licence_issuer
        self.licensed = licence_issuer is None
        self.lang: str | None = None
        """The plugin's language for this page (``setLanguage``); None: the active one."""
        self.show_cert_list = True
        """``SetShowCertListDialog``: "0" lets a ``signPdf`` reuse the last certificate."""
        self.selected: CertChoice | None = None
        self.status: PluginStatus | None = None
        """What the last ``CheckToken`` found (the page says why a token is missing)."""
        self.last_error: DvceduError | None = None
        """The error the last reply carried (None when it was a success)."""

    @property
    def domain(self) -> str:
        return urlsplit(self.origin).hostname or self.origin

    # --- the notebooks' page ---------------------------------------------------------------
    def call(self, function: str, *page_args: object) -> object:
        """What a page's script does: ``vnptPlugin.<function>(*page_args)`` (promise style),
        then read the reply as public pages read it — ``"1"`` for checkPlugin, the parsed
        object for getCertInfo and signPdf, the list of parsed items for signArrDataAdvanced.
        A reply that carries an error raises that error (the typed one)."""
        frame = protocol.request(function, *page_args, domain=self.domain)
        result, _, _ = self.handle(frame).rpartition("*")
        if self.last_error is not None:
            raise self.last_error
        return read_result(function, result)

    # --- the plugin ------------------------------------------------------------------------
    def handle(self, text: str) -> str:
        """One frame from the page → the reply frame, both recorded. Never raises: a frame
        that cannot be read, a function dvcedu does not simulate and every failure is an
        error reply in the library's convention, addressed to the callback the frame named."""
        self.last_error = None
        try:
            frame = protocol.read_frame(text)
        except FrameError as error:
            self._received("?", text)
            return self._send("?", json_result(self._error(error)), error.callback, error)
        function = frame.function
        self._received(function, text)
        try:
            if frame.domain != self.domain:
                raise PluginError(
                    "plugin.domain_mismatch", domain=frame.domain[:100], origin=self.origin
                )
            if function not in SIMULATED:
                raise PluginError("plugin.not_simulated", name=function, id=frame.function_id)
            result = getattr(self, f"_{function}")(frame.args)
        except _Refused as refused:
            return self._send(function, refused.result, frame.callback, refused.error)
        except DvceduError as error:
            return self._send(function, json_result(self._error(error)), frame.callback, error)
        return self._send(function, result, frame.callback)

    def _received(self, function: str, text: str) -> None:
        self.transcript.record(
            Actor.PAGE, Actor.PLUGIN, function, text, note="note.page_calls", function=function
        )

    def _send(
        self, function: str, result: str, callback: str, error: DvceduError | None = None
    ) -> str:
        frame = protocol.reply(result, callback)
        self.last_error = error
        if error is None:
            self.transcript.record(
                Actor.PLUGIN, Actor.PAGE, f"{function}: result", frame, note="note.plugin_replies"
            )
        else:
            self.transcript.record(
                Actor.PLUGIN,
                Actor.PAGE,
                f"{function}: error",
                frame,
                note=(error.message("vi"), error.message("en")),
                ok=False,
            )
        return frame

    def _words(self, error: DvceduError) -> str:
        return error.message(self.lang)

    def _error(self, error: DvceduError) -> dict[str, object]:
        return {"code": sign_code(error), "error": self._words(error)}

    def _require_licence(self) -> None:
        if not self.licensed:
            raise PluginError("licence.missing", domain=self.domain)

    # --- functions, by the names pages call them -------------------------------------------
    def _checkPlugin(self, args: tuple[object, ...]) -> str:
        # "1": the plugin is running — all a page learns before it holds a licence
        return "1"

    def _getVersion(self, args: tuple[object, ...]) -> str:
        return VERSION

    def _setLicenseKey(self, args: tuple[object, ...]) -> str:
        # The real plugin checks a signed XML licence bound to the calling domain (see
        # licence.py); without a licence_issuer the in-process plugin takes any licence.
        licence = _text(args, 0, "setLicenseKey")
        if self.licence_issuer is not None:
            try:
                check_licence(licence, domain=self.domain, issuer=self.licence_issuer)
            except PluginError as error:
                raise _Refused(
                    error, json_result({"code": 0, "error": self._words(error)})
                ) from None
            self.licensed = True
        return json_result({"code": protocol.LICENCE_OK})

    def _setLanguage(self, args: tuple[object, ...]) -> str:
        language = _text(args, 0, "setLanguage").lower()
        self.lang = "en" if language.startswith("en") else "vi"
        return json_result({"code": 0})

    def _SetShowCertListDialog(self, args: tuple[object, ...]) -> str:
        self.show_cert_list = _text(args, 0, "SetShowCertListDialog") != "0"
        return json_result({"code": 0})

    def _ClearPinCache(self, args: tuple[object, ...]) -> str:
        self.plugin.clear_pin_cache("page", transcript=self.transcript)
        return json_result({"code": 0})

    def _CheckToken(self, args: tuple[object, ...]) -> str:
        """ "1" when the token is there (dvcedu's reply: the real one is not public)."""
        self._require_licence()
        self.status = self.plugin.check_plugin(transcript=self.transcript)
        return "1" if self.status.token_present else "0"

    def _getCertInfo(self, args: tuple[object, ...]) -> str:
        """``(onlyFromToken, serial)``: the list always shows (the serial, when the page names
        one, is chosen already); a closed list answers ``""``, as pages expect."""
        self._require_licence()
        chosen = self._choose(Asked(self.origin, "getCertInfo"), _serial(args, 1), show=True)
        if chosen is None:
            raise _Refused(UserCancelled(dialog=Msg("dialog.certificate")), "")
        return json_result(cert_info(chosen))

    def _GetAllCertificates(self, args: tuple[object, ...]) -> str:
        """Every usable certificate, after the learner's OK in the window (dvcedu's choice:
        no certificate leaves the plugin unseen; the real reply's shape is not public)."""
        self._require_licence()
        choices = self.plugin.list_certificates(transcript=self.transcript)
        asked = Asked(self.origin, "GetAllCertificates")
        if not self._consented(choices[0], asked):
            raise UserCancelled(dialog=Msg("dialog.consent"))
        return json_result([cert_info(c) for c in choices])

    def _signArrDataAdvanced(self, args: tuple[object, ...]) -> str:
        """``(JSON array of JSON items, serial, clearPINCache, showCertList)``. Each item is
        answered on its own, in order: ``{"code":0,"data","serial"}`` or ``{"code","error"}``;
        one malformed item does not stop the others."""
        parsed = _items(_text(args, 0, "signArrDataAdvanced"))
        todo = [(i, p) for i, p in enumerate(parsed) if not isinstance(p, PluginError)]
        signed: dict[int, str] = {}
        error: DvceduError | None = None
        try:
            self._require_licence()
            if not todo:
                raise PluginError("plugin.bad_request", detail="no item to sign")
            asked = Asked(
                self.origin,
                "signArrDataAdvanced",
                tuple(Item.of(kind, data) for _, (data, kind) in todo),
            )
            chosen, pin = self._ready(
                asked,
                _serial(args, 1),
                clear=_flag(args, 2, default="0") == "1",
                show=_flag(args, 3, default="1") != "0",
            )
            for n, (i, (data, kind)) in enumerate(todo):
                signed[i] = b64(
                    self.plugin.sign(
                        data,
                        chosen,
                        pin if n == 0 else None,
                        format=kind,
                        origin=self.origin,
                        transcript=self.transcript,
                    ).signature
                )
        except DvceduError as failed:
            error = failed
        answers = []
        for i, item in enumerate(parsed):
            if isinstance(item, PluginError):
                error = error or item
                answers.append(self._error(item))
            elif i in signed:
                answers.append({"code": 0, "data": signed[i], "serial": chosen.serial_hex})
            else:
                answers.append(self._error(error))  # type: ignore[arg-type]
        text = json_result([stringify(a) for a in answers])
        if error is not None:
            raise _Refused(error, text)
        return text

    def _signPdf(self, args: tuple[object, ...]) -> str:
        """``(PDF in base64, options as JSON text)``: the PDF comes back with one more PAdES
        signature, ``{"code":0,"data":<signed PDF>,"serial"}`` (dvcedu's reply, in the
        signing replies' style: no public page reads it). The options (the signature's
        appearance) are read and not used: dvcedu's signature is invisible."""
        self._require_licence()
        pdf = _base64(_text(args, 0, "signPdf"))
        if len(args) > 1 and args[1] is not None:
            _json_object(_text(args, 1, "signPdf"), "signPdf options")
        asked = Asked(self.origin, "signPdf", (Item.of("pdf", pdf),))
        reuse = None if self.show_cert_list else self.selected
        chosen, pin = self._ready(
            asked, reuse.serial_hex if reuse else None, clear=False, show=reuse is None
        )
        signed = self.plugin.sign(
            pdf, chosen, pin, format="pdf", origin=self.origin, transcript=self.transcript
        )
        return json_result({"code": 0, "data": b64(signed.signature), "serial": chosen.serial_hex})

    # --- the windows -----------------------------------------------------------------------
    def _ready(
        self, asked: Asked, serial: str | None, *, clear: bool, show: bool
    ) -> tuple[CertChoice, str | None]:
        """The certificate and the learner's go-ahead for one signing call: the list (unless
        the page named a serial and ``show`` is off), then the PIN — or, while the token is
        still logged in for this origin, the learner's OK. Returns the PIN (None: cached)."""
        chosen = self._choose(asked, serial, show=show)
        if chosen is None:
            raise UserCancelled(dialog=Msg("dialog.certificate"))
        if clear:
            self.plugin.clear_pin_cache("page", transcript=self.transcript)
        if self.plugin.pin_cached(self.origin, transcript=self.transcript):
            if not self._consented(chosen, asked):
                raise UserCancelled(dialog=Msg("dialog.consent"))
            return chosen, None
        pin = self.learner.enter_pin(chosen, asked)
        self.transcript.record(
            Actor.LEARNER,
            Actor.PLUGIN,
            "event.enter_pin",
            b"",
            note="note.enter_pin",
            ok=pin is not None,
        )
        if not pin:
            raise UserCancelled(dialog=Msg("dialog.pin"))
        return chosen, pin

    def _choose(self, asked: Asked, serial: str | None, *, show: bool) -> CertChoice | None:
        """The certificate for one call: without the list (``show`` off) the one the page
        named — the one already chosen on this connection, when it still may sign, or else
        found among the token's certificates — otherwise the learner's pick from the list."""
        if (
            not show
            and serial
            and self.selected is not None
            and self.selected.serial_hex == serial.upper()
            and why_not(
                self.selected.certificate, self.plugin.clock.now(), self.plugin.trusted_issuers
            )
            is None
        ):
            return self.selected
        choices = self.plugin.list_certificates(transcript=self.transcript)
        if not show and serial:
            chosen = next((c for c in choices if c.serial_hex == serial.upper()), None)
            if chosen is None:
                raise PluginError("plugin.serial_unknown", serial=serial[:64])
        else:
            chosen = self.learner.choose(choices, asked, preselected=serial or None)
            self.transcript.record(
                Actor.LEARNER,
                Actor.PLUGIN,
                "event.choose_cert",
                {"serial": chosen.serial_hex, "uid": chosen.identifier} if chosen else {},
                note="note.choose_cert",
                ok=bool(chosen),
            )
        if chosen is not None:
            self.selected = chosen
        return chosen

    def _consented(self, choice: CertChoice, asked: Asked) -> bool:
        ok = self.learner.consent(choice, asked)
        self.transcript.record(
            Actor.LEARNER,
            Actor.PLUGIN,
            "event.consent",
            asked.as_json(),
            note="note.consent",
            ok=ok,
        )
        return ok


# --- reading what the page sent ------------------------------------------------------------
def _text(args: tuple[object, ...], i: int, function: str) -> str:
    if i >= len(args) or not isinstance(args[i], str):
        raise PluginError("plugin.bad_request", detail=f"{function}: argument {i + 1} is not text")
    return args[i]  # type: ignore[return-value]


def _serial(args: tuple[object, ...], i: int) -> str | None:
    value = args[i] if i < len(args) else None
    return value if isinstance(value, str) and value else None


def _flag(args: tuple[object, ...], i: int, *, default: str) -> str:
    value = args[i] if i < len(args) else None
    return value if isinstance(value, str) else default


def _base64(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise PluginError("plugin.bad_request", detail="data is not base64") from None


def _json_object(text: str, what: str) -> dict[str, object]:
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        raise PluginError("plugin.bad_request", detail=f"{what} is not JSON") from None
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise PluginError("plugin.bad_request", detail=f"{what} is not a JSON object")
    return value


def _items(text: str) -> list[tuple[bytes, str] | PluginError]:
    """``signArrDataAdvanced``'s first argument: a JSON array whose items are JSON strings
    (what the library sends) or objects, each ``{data, type, sigOptions}``. Each comes back as
    (data, type), or as the reason it cannot be signed."""
    try:
        array = json.loads(text)
    except (ValueError, RecursionError):
        array = None
    if not isinstance(array, list) or len(array) > MAX_ITEMS:
        raise PluginError(
            "plugin.bad_request", detail="signArrDataAdvanced: argument 1 is not a JSON array"
        )
    out: list[tuple[bytes, str] | PluginError] = []
    for n, item in enumerate(array, start=1):
        try:
            fields = _json_object(item, f"item {n}") if isinstance(item, str) else item
            if not isinstance(fields, dict) or not isinstance(data := fields.get("data"), str):
                raise PluginError("plugin.bad_request", detail=f"item {n} has no data")
            kind = fields.get("type", "cmsdetached")
            if kind not in TYPES:
                raise PluginError("plugin.bad_format", name=str(kind)[:40])
            out.append((_base64(data), TYPES[kind]))
        except PluginError as problem:
            out.append(problem)
    return out


# --- reading the reply as public pages read it ---------------------------------------------
def read_result(function: str, result: str) -> object:
    """The reply text as public pages read it (``tests/data/vnpt-plugin/README.md``):
    signArrDataAdvanced's items parsed one by one, the JSON replies parsed, the rest as text."""
    if function == "signArrDataAdvanced":
        return [json.loads(item) for item in json.loads(result)]
    if function in ("checkPlugin", "getVersion", "CheckToken") or not result:
        return result
    return json.loads(result)
