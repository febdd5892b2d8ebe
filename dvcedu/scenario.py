"""The ceremonies of the seed how-to, end to end: page ↔ plugin ↔ token ↔ portal (↔ CA).

:func:`run_registration` and :func:`run_login` each play one full ceremony of
``seed-steps.md`` and return a :class:`Ceremony` with its Transcript. Every message is
recorded where it crosses a boundary (the plugin records its token calls, the wire the
page ↔ plugin JSON, the portal its OCSP queries, this module the learner ↔ page and
page ↔ portal messages). A failure ends the ceremony as a failed, recorded step — never an
exception lost on the way.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from dvcedu.errors import DvceduError, RejectReason, VerificationError
from dvcedu.messages import MESSAGES
from dvcedu.model import Actor, Transcript, Words
from dvcedu.plugin import CertChoice, Learner, PluginWire, SigningPlugin
from dvcedu.plugin.protocol import stringify
from dvcedu.portal import Captcha, Challenge, LoginResult, Portal, VerifiedRegistration
from dvcedu.portal.checks import LOGIN_CHECKS, REGISTRATION_CHECKS

T = TypeVar("T")

SEED_STEPS: dict[str, tuple[str, str]] = {
    key: MESSAGES[f"step.{key}"]
    for key in ("1", "2.1", "2.2", "2.3", "2.4", "2.5", "3.1", "3.2", "3.3")
}
"""The steps of the seed how-to (docs/architecture.md), in order; Transcript events carry
these keys."""


@dataclass(frozen=True)
class Ceremony:
    kind: str
    transcript: Transcript
    error: DvceduError | None = None
    registration: VerifiedRegistration | None = None
    login: LoginResult | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def failed_step(self) -> str | None:
        failed = self.transcript.failed()
        return failed[-1].seed_step if failed and self.error else None

    def check_report(self) -> list[tuple[str, str]]:
        """The portal's checks in order, each "ok", "failed" or "not_reached" for this run
        (all "not_reached" when the message never got to the portal)."""
        reason = self.error.reason if isinstance(self.error, VerificationError) else None
        reached = self.error is None or isinstance(self.error, VerificationError)
        checks = REGISTRATION_CHECKS if self.kind == "register" else LOGIN_CHECKS
        report, state = [], "ok" if reached else "not_reached"
        for msg_id, reasons in checks:
            if state == "ok" and reason in reasons:
                report.append((msg_id, "failed"))
                state = "not_reached"
                continue
            report.append((msg_id, state))
        return report

    def to_json(self) -> dict[str, object]:
        """The ceremony as plain JSON: outcome, reason, error message, and every event with
        its size (payloads are left out: they are the course's, not the report's)."""
        error = self.error
        reason = getattr(error, "reason", None)  # the portal's, or why the plugin hid all
        return {
            "ok": self.ok,
            "reason": reason.value if isinstance(reason, RejectReason) else None,
            "error": error.message() if error else None,
            "events": [
                {
                    "step": e.step,
                    "seed_step": e.seed_step,
                    "from": e.sender.value,
                    "to": e.receiver.value,
                    "name": e.name,
                    "bytes": len(e.payload),
                    "ok": e.ok,
                }
                for e in self.transcript
            ],
        }


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


class _Page:
    """The portal's page in the learner's browser."""

    def __init__(
        self,
        portal: Portal,
        plugin: SigningPlugin,
        learner: Learner,
        origin: str | None,
        transcript: Transcript | None,
    ) -> None:
        # The ceremony's own record: the page, the plugin (through the wire) and the portal
        # are each handed it; none of the caller's objects is changed.
        self.transcript = transcript if transcript is not None else Transcript()
        self.portal = portal
        self.plugin = plugin
        self.learner = learner
        self.origin = origin or portal.origin
        self.wire = PluginWire(
            plugin, origin=self.origin, learner=learner, transcript=self.transcript
        )

    def step(self, key: str) -> None:
        self.transcript.seed_step = key

    def learner_does(self, name: str, payload: dict) -> None:
        self.transcript.record(
            Actor.LEARNER, Actor.PAGE, name, payload, note=f"step.{self.transcript.seed_step}"
        )

    def to_portal(self, name: str, payload: bytes | dict, note: str) -> None:
        self.transcript.record(Actor.PAGE, Actor.PORTAL, name, payload, note=note)

    def from_portal(self, name: str, payload: dict, note: Words, ok: bool = True) -> None:
        self.transcript.record(Actor.PORTAL, Actor.PAGE, name, payload, note=note, ok=ok)

    def tell_learner(self, name: str, text: tuple[str, str], ok: bool = True) -> None:
        """What the page shows the learner: ``text`` in (vi, en)."""
        self.transcript.record(
            Actor.PAGE, Actor.LEARNER, name, {"message": text[0]}, note=text, ok=ok
        )

    def failed(self, kind: str, error: DvceduError) -> Ceremony:
        self.tell_learner(
            "event.error_notice", (error.message("vi"), error.message("en")), ok=False
        )
        return Ceremony(kind, self.transcript, error=error)

    def refused(self, error: VerificationError) -> None:
        self.from_portal(
            "event.refused",
            {
                "ok": False,
                "reason": error.reason.value,
                "plugin_code": error.reason.plugin_code,
                "message": error.message("vi"),
            },
            (error.message("vi"), error.message("en")),
            ok=False,
        )

    def sign(self, challenge: bytes, check_key: str, choose_key: str, pin_key: str) -> str:
        """Steps 2.1–2.3 (or 3.2): check the plugin and the token, choose a certificate, PIN,
        sign — the calls a DVCQG-style page makes, in the library's own frames."""
        self.step(check_key)
        self.wire.call("checkPlugin")
        if self.wire.call("CheckToken") != "1":
            # the plugin says why: the error names the tokens that are there
            assert self.wire.status is not None and self.wire.status.problem is not None
            raise self.wire.status.problem
        self.step(choose_key)
        chosen = self.wire.call("getCertInfo")
        self.step(pin_key)
        item = stringify({"data": _b64(challenge), "type": "cmsdetached"})
        # the certificate just chosen, no second list (showCertList false); clearPINCache
        # true, as a login page asks: the PIN is typed for every ceremony
        signed = self.wire.call("signArrDataAdvanced", [item], chosen["serial"], True, False)  # type: ignore[index]
        return signed[0]["data"]  # type: ignore[index,no-any-return]


class Registration:
    """One registration ceremony, step by step: a wizard calls the steps on clicks;
    :func:`run_registration` calls them in a row. A failing step records its failure, keeps
    it in ``error`` and raises it."""

    def __init__(
        self,
        portal: Portal,
        plugin: SigningPlugin,
        learner: Learner,
        *,
        origin: str | None = None,
        transcript: Transcript | None = None,
    ) -> None:
        self.page = _Page(portal, plugin, learner, origin, transcript)
        self.portal = portal
        self.error: DvceduError | None = None
        self.verified: VerifiedRegistration | None = None
        self.signature: str | None = None
        self.challenge: Challenge | None = None
        self.captcha: Captcha | None = None

    @property
    def transcript(self) -> Transcript:
        return self.page.transcript

    @property
    def chosen(self) -> CertChoice | None:
        """The certificate the learner picked in the plugin's dialog (after :meth:`sign`)."""
        return self.page.wire.selected

    def _guard(self, step: Callable[[], T]) -> T:
        try:
            return step()
        except DvceduError as error:
            self.error = error
            self.page.failed("register", error)
            raise

    def open(self) -> Captcha:
        """Step 1: the learner presses “Đăng ký” → “USB ký số”; the portal sends the form,
        a fresh challenge and the captcha."""

        def step() -> Captcha:
            page = self.page
            page.step("1")
            page.learner_does("event.press_register", {"action": "register", "method": "usb"})
            page.to_portal(
                "GET /dang-ky/usb-ky-so", b"GET /dang-ky/usb-ky-so HTTP/1.1", "note.ask_form"
            )
            self.challenge, self.captcha = self.portal.challenge("register"), self.portal.captcha()
            page.from_portal(
                "event.form",
                {
                    "challenge": _b64(self.challenge.body),
                    "captcha_id": self.captcha.id,
                    "captcha_png": _b64(self.captcha.image_png()),
                },
                "note.form",
            )
            return self.captcha

        return self._guard(step)

    def sign(self) -> None:
        """Steps 2.1–2.3: plugin check, certificate chosen, PIN typed, challenge signed."""

        def step() -> None:
            assert self.challenge is not None, "open() first"
            self.signature = self.page.sign(self.challenge.body, "2.1", "2.2", "2.3")

        self._guard(step)

    def new_captcha(self) -> Captcha:
        """“Đổi hình khác”, or after the portal refused the form: a new captcha picture for
        the same form. The signed challenge stays unused (the portal checks the form before
        the signature), so the learner does not enter the PIN again."""

        def step() -> Captcha:
            page = self.page
            page.step("2.4")
            page.to_portal("GET /ma-xac-thuc", b"GET /ma-xac-thuc HTTP/1.1", "note.ask_captcha")
            self.captcha = self.portal.captcha()
            page.from_portal(
                "event.new_captcha",
                {"captcha_id": self.captcha.id, "captcha_png": _b64(self.captcha.image_png())},
                "note.new_captcha",
            )
            return self.captcha

        return self._guard(step)

    def submit(self, email: str, captcha_answer: str) -> VerifiedRegistration:
        """Steps 2.4–2.5: e-mail and captcha sent with the signature; the portal records."""

        def step() -> VerifiedRegistration:
            assert self.challenge is not None and self.captcha is not None, "open() first"
            page = self.page
            page.step("2.4")
            page.learner_does("event.fill_form", {"email": email, "captcha": captcha_answer})
            message = json.dumps(
                {
                    "challenge": _b64(self.challenge.body),
                    "signature": self.signature or "",
                    "domain": page.wire.domain,
                    "email": email,
                    "captcha_id": self.captcha.id,
                    "captcha": captcha_answer,
                }
            ).encode()
            page.to_portal("POST /dang-ky", message, "note.send_form")
            page.step("2.5")
            try:
                verified = self.portal.register(message, transcript=page.transcript)
            except VerificationError as error:
                page.refused(error)
                raise
            page.from_portal(
                "event.registered",
                {
                    "ok": True,
                    "identifier": verified.account.identifier,
                    "name": verified.account.display_name,
                },
                "note.registered",
            )
            page.tell_learner("event.notice", MESSAGES["note.registered_notice"])
            self.verified = verified
            return verified

        return self._guard(step)

    def ceremony(self) -> Ceremony:
        return Ceremony("register", self.transcript, error=self.error, registration=self.verified)


def run_registration(
    portal: Portal,
    plugin: SigningPlugin,
    learner: Learner,
    *,
    email: str,
    captcha_answer: str | None = None,
    origin: str | None = None,
    transcript: Transcript | None = None,
) -> Ceremony:
    """Seed steps 1 and 2: the whole registration with a USB token, in one call.
    ``captcha_answer`` None means the learner reads the picture right. Everything is
    recorded into ``transcript`` (a new one when not given)."""
    flow = Registration(portal, plugin, learner, origin=origin, transcript=transcript)
    try:
        captcha = flow.open()
        flow.sign()
        flow.submit(email, captcha.text if captcha_answer is None else captcha_answer)
    except DvceduError:
        pass  # recorded by the step and kept in flow.error
    return flow.ceremony()


def run_login(
    portal: Portal,
    plugin: SigningPlugin,
    learner: Learner,
    *,
    account: str | None = None,
    origin: str | None = None,
    transcript: Transcript | None = None,
) -> Ceremony:
    """Seed step 3: log in with "USB ký số"; the session carries the name shown top right.
    Recorded into ``transcript`` (a new one when not given)."""
    page = _Page(portal, plugin, learner, origin, transcript)
    try:
        page.step("3.1")
        page.learner_does("event.press_login", {"action": "login", "method": "usb"})
        page.to_portal(
            "GET /dang-nhap/usb-ky-so", b"GET /dang-nhap/usb-ky-so HTTP/1.1", "note.ask_login"
        )
        challenge = portal.challenge("login")
        page.from_portal(
            "event.login_challenge", {"challenge": _b64(challenge.body)}, "note.login_challenge"
        )
        signature = page.sign(challenge.body, "3.2", "3.2", "3.2")
        page.step("3.3")
        fields = {
            "challenge": _b64(challenge.body),
            "signature": signature,
            "domain": page.wire.domain,
        }
        if account is not None:
            fields["account"] = account
        message = json.dumps(fields).encode()
        page.to_portal("POST /dang-nhap", message, "note.send_login")
        try:
            result = portal.login(message, transcript=page.transcript)
        except VerificationError as error:
            page.refused(error)
            raise
        page.from_portal(
            "event.logged_in",
            {
                "ok": True,
                "session": result.session.id,
                "name": result.session.display_name,
                "renewed_certificate": result.renewed,
            },
            "note.logged_in",
        )
        page.tell_learner(
            "event.top_right", (result.session.display_name, result.session.display_name)
        )
        return Ceremony("login", page.transcript, login=result)
    except DvceduError as error:
        return page.failed("login", error)
