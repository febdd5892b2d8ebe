"""VNPT-CA Plugin's wire, exactly as the vendor's public JavaScript library speaks it.

The facts come from the library itself ("js version 1.0.0.8", read and run unchanged in
Chromium; research notes §1.2a) and from public pages that call it; the frames it sends are
kept as fixtures (``tests/data/vnpt-plugin/``) that the tests replay against dvcedu's service.
Nothing here is the vendor's code: it is dvcedu's own, written from those facts.

**A request** is one WebSocket text frame, ``JSON.stringify({functionID, funcCallback, args,
domain})`` in that key order, compact [confirmed]. ``funcCallback`` is the name of the page's
callback function, or ``"callbackDefault"`` when the page uses the promise the library
returns; ``domain`` is ``location.hostname``, added by the library, never signed [confirmed].
``args`` are always strings the library made from the page's arguments (below), so the plugin
must parse what is *inside* them — ``signArrDataAdvanced``'s first argument is a string
holding a JSON array whose items are themselves JSON strings [confirmed].

**A reply** is ``"<result>*<funcCallback>"``. The library splits it on ``*``: with
``callbackDefault`` it resolves the promise with the raw ``result`` text (never parsed, never
rejected); any other name calls ``window[name](result)`` [confirmed]. So the result must hold
no ``*`` (dvcedu writes it as ``\\u002a`` inside JSON), and every reply must carry a callback
the page has — an empty name makes the page call ``window[""]`` and its promise never settles.

**Reply shapes**, as public pages read them (``tests/data/vnpt-plugin/README.md`` lists the
pages): ``checkPlugin`` → ``"1"``; ``setLicenseKey`` → ``{"code":1}`` at the top level;
``getCertInfo`` → a JSON object with ``serial``, ``base64`` (the certificate), ``subjectCN``,
``issuerCN``, ``notBefore``, ``notAfter`` and no ``code`` (an error is ``{"code", "error"}``,
a closed dialog ``""``); ``signArrDataAdvanced`` → a JSON array of JSON strings, one per item,
each ``{"code":0,"data":<base64>,"serial"}`` or ``{"code":n,"error"}`` with the codes of
:data:`SIGN_CODES` [confirmed: the pages' parsing]. The shapes of replies no public page reads
(SignPDF, signHash, ClearPinCache, setLanguage, SetShowCertListDialog, CheckToken,
GetAllCertificates, GetComputerInfo) are dvcedu's choice [unconfirmed], said where each is
made, in the style of the signing replies.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from dvcedu.errors import PluginError

FUNCTION_IDS: dict[str, int] = {
    "getCertInfo": 0,
    "signXML": 1,
    "signPdf": 2,
    "signOffice": 3,
    "signCms": 4,
    "chooseFile": 5,
    "setLicenseKey": 6,
    "checkPlugin": 7,
    "signArrData": 8,
    "signHash": 9,
    "signArrDataAdvanced": 10,
    "getVersion": 11,
    "SignPDFMultiplePages": 12,
    "checkPluginAdvanced": 13,
    "ValidateCertificate": 14,
    "ValidateCertificateBase64": 15,
    "CheckValidTime": 16,
    "CheckValidTimeBase64": 17,
    "CheckOCSP": 18,
    "CheckOCSPBase64": 19,
    "ShowCertificateViewer": 20,
    "CheckCRL": 21,
    "CheckCRLBase64": 22,
    "setLanguage": 23,
    "Scan": 24,
    "OpenDocument": 25,
    "BatchScan": 26,
    "HandleFile": 27,
    "DeleteFile": 28,
    "SetIgnoreListFiles": 29,
    "GetAllFiles": 30,
    "GetFilePreview": 31,
    "UploadFile": 32,
    "GetDataScanned": 33,
    "CheckToken": 34,
    "SetGetCertFromUsbToken": 35,
    "SetGetCertByPkcs11": 36,
    "SetShowCertListDialog": 37,
    "ConvertOfficeToPdf": 38,
    "GetComputerInfo": 39,
    "ClearPinCache": 40,
    "GetAllCertificates": 45,
    "AddIssuerCert": 46,
    "GetAllCertificatesBase64": 47,
}
"""Every function id of the library 1.0.0.8, by the name a page calls it with
(``vnptPlugin.signPdf`` sends id 2, which the library's own table calls SignPDF) [confirmed]."""

FUNCTIONS = {number: name for name, number in FUNCTION_IDS.items()}

DEFAULT_CALLBACK = "callbackDefault"
"""The callback name of every promise-style call [confirmed]."""

PORTS = (4433, 4434, 4435, 9201, 9202)
"""The ports the library declares [confirmed]. Version 1.0.0.8 tries only the first three,
3 s each, then hands the page ``"-1"`` [confirmed: its tryConnect, and run in Chromium]; a
2024 copy declares 5002 and 5003 as well."""

TRIED_PORTS = PORTS[:3]

SIGN_CODES = {
    "ok": 0,
    "bad_input": 1,
    "no_certificate": 2,
    "sign_failed": 3,
    "no_private_key": 4,
    "unknown": 5,
    "cancelled": 11,
}
"""Result codes of the signing functions, with the words two VNPT sample pages show for them
(1 "Dữ liệu đầu vào không đúng định dạng", 2 "Không lấy được thông tin chứng thư số",
3 "Có lỗi trong quá trình ký số", 4 "Chứng thư số không có khóa bí mật", 5 "Lỗi không xác
định", 11 "Người dùng hủy bỏ"; 6–10 are about PDF and XML options) [confirmed: the pages].
Which code the plugin gives a wrong PIN is not public: dvcedu says 3 [unconfirmed]."""

LICENCE_OK = 1
"""``setLicenseKey``'s ``code`` when the licence is accepted: pages test ``=== 1``
[confirmed]. dvcedu answers a refused licence with ``code`` 0 and the reason [unconfirmed]."""


@dataclass(frozen=True)
class Frame:
    """One request as it arrived: its function, callback, arguments and stated domain."""

    function_id: int
    callback: str
    args: tuple[object, ...]
    domain: str

    @property
    def function(self) -> str:
        return FUNCTIONS.get(self.function_id, f"#{self.function_id}")


class FrameError(PluginError):
    """A frame that cannot be read as a request. ``callback`` is the best guess at the page's
    callback name, so that the reply still reaches the page."""

    default_msg_id = "plugin.bad_request"
    callback: str = DEFAULT_CALLBACK


_CALLBACK = re.compile(r'"funcCallback"\s*:\s*"([A-Za-z_$][\w$]{0,99})"')


def callback_of(text: str) -> str:
    """The callback a frame names, read from its first bytes without parsing it (for a frame
    too big or too broken to parse); ``callbackDefault`` when none can be read."""
    found = _CALLBACK.search(text[:512])
    return found.group(1) if found else DEFAULT_CALLBACK


def read_frame(text: str) -> Frame:
    """The request in ``text``, or :class:`FrameError` saying what is wrong with it.

    A straight line of guard clauses: JSON (not too deep), an object, an integer
    ``functionID``, a string ``funcCallback`` a page could define, a list ``args``, a string
    ``domain``. What the arguments mean is the function's business (see ``wire``)."""
    callback = callback_of(text)
    try:
        request = json.loads(text)
    except (ValueError, RecursionError):
        raise FrameError(detail="not JSON", callback=callback) from None
    if not isinstance(request, dict):
        raise FrameError(detail="not a JSON object", callback=callback)
    function_id = request.get("functionID")
    if isinstance(function_id, bool) or not isinstance(function_id, int):
        raise FrameError(detail="functionID is not a number", callback=callback)
    name = request.get("funcCallback", DEFAULT_CALLBACK)
    if not isinstance(name, str) or not _CALLBACK.fullmatch(f'"funcCallback":"{name}"'):
        raise FrameError(detail="funcCallback is not a function name", callback=callback)
    args = request.get("args")
    if not isinstance(args, list):
        raise FrameError(detail="args is not a list", callback=name)
    domain = request.get("domain")
    if not isinstance(domain, str):
        raise FrameError(detail="domain is not text", callback=name)
    return Frame(function_id, name, tuple(args), domain)


def reply(result: str, callback: str) -> str:
    """The reply frame: ``result*callback``."""
    return f"{result}*{callback}"


def json_result(value: object) -> str:
    """``value`` as the JSON text of a result: compact, UTF-8, and with every ``*`` written
    ``\\u002a`` (JSON has ``*`` only inside strings), so the page's split finds the callback."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("*", "\\u002a")
    # a lone surrogate a page sent (JSON's "\\ud800") and the reply echoes cannot go out as
    # UTF-8: it is sent as U+FFFD instead of failing the connection
    return text.encode("utf-8", "replace").decode("utf-8") if not text.isascii() else text


# --- what the library sends for a page's call (dvcedu's page and robot send the same) -------
def stringify(value: object) -> str:
    """``JSON.stringify(value)`` for the values pages pass (no NaN, no undefined)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _on_unless_false(value: object) -> str:
    """The library's ``x != null && !x ? "0" : "1"`` (showCertList, SetShowCertListDialog)."""
    return "0" if value is not None and not value else "1"


def _on_if_true(value: object) -> str:
    """The library's ``x != null && x ? "1" : "0"`` (clearPINCache, onlyFromToken)."""
    return "1" if value is not None and value else "0"


def library_args(function: str, *page_args: object) -> list[object]:
    """The ``args`` the library puts in the frame when a page calls ``function(*page_args)``
    (callback arguments left out; Python ``None`` for JavaScript's ``null``/``undefined``)
    [confirmed: the recorded frames, which a test compares with this]."""
    a = list(page_args)

    def arg(i: int) -> object:
        return a[i] if i < len(a) else None

    if function == "getCertInfo":  # (onlyFromToken, serial)
        return [_on_if_true(arg(0)), arg(1)]
    if function == "signArrDataAdvanced":  # (arrData, serial, clearPINCache, showCertList)
        return [stringify(arg(0)), arg(1), _on_if_true(arg(2)), _on_unless_false(arg(3))]
    if function in ("signPdf", "signXML"):  # (data, options)
        return [arg(0)] if arg(1) is None else [arg(0), stringify(arg(1))]
    if function == "SetShowCertListDialog":
        return [_on_unless_false(arg(0))]
    if function in (
        "setLicenseKey",
        "setLanguage",
        "signHash",
        "signCms",
        "signOffice",
        "ClearPinCache",
        "AddIssuerCert",
        "ShowCertificateViewer",
    ):
        return [arg(0)]
    if function in FUNCTION_IDS and not a:  # checkPlugin, getVersion, CheckToken, …
        return [""]
    return a


def request(
    function: str, *page_args: object, domain: str, callback: str = DEFAULT_CALLBACK
) -> str:
    """The frame the library sends for ``function(*page_args)`` from a page at ``domain``."""
    return stringify(
        {
            "functionID": FUNCTION_IDS[function],
            "funcCallback": callback,
            "args": library_args(function, *page_args),
            "domain": domain,
        }
    )
