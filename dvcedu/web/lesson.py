"""The practice portal from a notebook: start the three services beside the kernel, give the
learner links to click, and hand back the Transcript of what their browser did — or let the
Python robot do the clicks (``run.robot()``) where nobody is at the screen (nbval, CI).
"""

from __future__ import annotations

import html
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

import httpx2

from dvcedu import i18n
from dvcedu.clock import Clock, SystemClock
from dvcedu.errors import ConfigError
from dvcedu.model import Transcript
from dvcedu.plugin import SigningPlugin
from dvcedu.portal import Store
from dvcedu.rssp import RemoteSigning
from dvcedu.rssp.hsm import hsm_credential
from dvcedu.rssp.service import APPROVAL_TTL, TRAINING_OTP
from dvcedu.token import DEFAULT_LABEL, TRAINING_PIN
from dvcedu.web.practice import Practice, public_hosts
from dvcedu.web.robot import Robot
from dvcedu.web.rssp_app import TRAINING_ACCOUNT, RemoteSigningService
from dvcedu.web.serve import PORTS, Services, any_free_port, port_free, practice_services
from dvcedu.web.tls import LoopbackTls, loopback_tls

PREFERRED = (8000, 8001)
"""The portal's and the identity service's usual ports; free ones are taken when these are
busy (a ``dvcedu serve`` in a terminal, another notebook)."""


RSSP_PORT = 9300
"""The remote-signing service's usual port in a notebook (a free one when it is busy)."""
RSSP_CREDENTIAL = "an-binh-rs"
RSSP_CHAIN = ("vnpt-rs-2025", "root-2025")
"""The training remote-signing certificate's CAs: VNPT SmartCA RS's shape, under the 2025 root."""


@dataclass
class PracticeRun:
    practice: Practice
    services: Services
    tls: LoopbackTls
    plugin_url: str
    label: str

    @property
    def transcript(self) -> Transcript:
        return self.practice.transcript

    def robot(self) -> Robot:
        """A Python browser for this run, with the training PIN (it is never printed), in the
        notebook's language."""
        return Robot(
            self.practice.portal_url, str(self.tls.ca_file), TRAINING_PIN, lang=i18n.current_lang()
        )

    def split(self, at: str = "GET /dang-nhap") -> tuple[Transcript, Transcript]:
        """The session in two: registration, then login from the first ``at`` on (steps keep
        their numbers, so both pictures count from the same run)."""
        events = list(self.transcript)
        cut = next((i for i, e in enumerate(events) if e.name == at), len(events))
        return Transcript(events[:cut]), Transcript(events[cut:])

    def stop(self) -> None:
        self.services.stop()

    @property
    def through_jupyter(self) -> str:
        """The portal through JupyterLab's own address (jupyter-server-proxy): what opens
        from a browser that is not on this computer — a JupyterHub's learners."""
        base = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/")
        port = urlsplit(self.practice.portal_url).port
        return f"{base.rstrip('/')}/proxy/{port}/"

    def _repr_html_(self) -> str:
        lang = i18n.current_lang()
        rows = [
            (i18n.t("web.portal_name", lang), self.practice.portal_url),
            (i18n.t("web.sso_name", lang), self.practice.sso_url),
            (i18n.t("web.service_name", lang), self.plugin_url),
        ]
        links = "".join(
            f"<li>{html.escape(name)}: <a href='{html.escape(url)}' target='_blank' "
            f"rel='noopener'>{html.escape(url)}</a></li>"
            for name, url in rows
        )
        # a path on JupyterLab's own server: a link on a hub, where it is the way in; as text
        # elsewhere (the course site shows this output, and has no such page)
        path = html.escape(self.through_jupyter)
        proxied = (
            f"<a href='{path}' target='_blank' rel='noopener'>{path}</a>"
            if os.environ.get("JUPYTERHUB_SERVICE_PREFIX")
            else f"<code>{path}</code>"
        )
        name = html.escape(i18n.t("web.through_jupyter", lang))
        return f"<ul>{links}<li>{name}: {proxied}</li></ul>"

    def __repr__(self) -> str:
        return "\n".join(
            [self.practice.portal_url, self.practice.sso_url, self.plugin_url, self.through_jupyter]
        )


def _free_or_any(port: int) -> int:
    return port if port_free(port) else any_free_port()


def start_practice(
    label: str = DEFAULT_LABEL,
    *,
    clock: Clock | None = None,
    random: Callable[[int], bytes] = os.urandom,
    rssp_label: str | None = None,
) -> PracticeRun:
    """Start the portal, its identity service and the signing service (for the token
    ``label``) in this kernel — and the remote-signing service, its "HSM" the token
    ``rssp_label``, when one is named; they stop with :meth:`PracticeRun.stop` or the kernel.
    The portal starts with no accounts on every run (``dvcedu serve`` keeps them in the home)."""
    clock = clock or SystemClock()
    for attempt in range(3):
        # the usual ports when free; another kernel starting at the same moment may take a
        # port between the look and the bind: then the next try takes any free ones
        portal_port, sso_port = (
            _free_or_any(p) if attempt == 0 else any_free_port() for p in PREFERRED
        )
        plugin_port = next((p for p in PORTS if port_free(p)), None) or any_free_port()
        practice = Practice(
            store=Store.memory(),
            random=random,
            portal_url=f"http://localhost:{portal_port}",
            proxied_plugin_port=any_free_port(),
            sso_url=f"http://localhost:{sso_port}",
            plugin_urls=tuple(
                f"wss://localhost:{p}/plugin" for p in dict.fromkeys((*PORTS, plugin_port))
            ),
            clock=clock,
            test_hooks=True,
            public_hosts=public_hosts(),
            rssp_url=f"http://localhost:{_free_or_any(RSSP_PORT)}" if rssp_label else None,
        )
        tls = loopback_tls()
        services = practice_services(
            practice,
            portal_port=portal_port,
            plugin_port=plugin_port,
            plugin=SigningPlugin(clock=clock, label=label),
            tls=tls,
            rssp=training_rssp(
                rssp_label, clock=clock, random=random, transcript=practice.transcript
            )
            if rssp_label
            else None,
        )
        try:
            services.start()
            break
        except ConfigError as taken:
            if taken.msg_id != "serve.port_taken" or attempt == 2:
                raise
    return PracticeRun(practice, services, tls, f"https://localhost:{plugin_port}/", label)


@dataclass
class RemoteSigningRun:
    """The training remote-signing service beside the kernel (notebook 11)."""

    service: RemoteSigning
    services: Services
    url: str

    @property
    def transcript(self) -> Transcript:
        return self.service.transcript

    @property
    def phone_url(self) -> str:
        return self.url + "/dien-thoai"

    def access_token(self) -> str:
        """``auth/login`` with the training account (HTTP Basic): the bearer token."""
        login = httpx2.post(f"{self.url}/csc/v1/auth/login", auth=TRAINING_ACCOUNT, timeout=30)
        return str(login.json()["access_token"])

    def phone(
        self, *, approve: bool | None = True, otp: str = TRAINING_OTP
    ) -> Callable[[list[str]], None]:
        """What the signer's phone does when nobody holds it (nbval, CI): once a transaction
        naming these hashes is waiting, answer it on the phone page, as the page's buttons do;
        with ``approve=None`` nobody answers, and the practice clock runs past the wait."""

        def answer(hashes: list[str]) -> None:
            def on_the_phone() -> None:
                for _ in range(600):
                    waiting = [t for t in self.service.waiting() if list(t.hashes) == hashes]
                    if waiting and approve is None:
                        advance = getattr(self.service.clock, "advance", None)
                        if advance is not None:  # a practice clock: two minutes pass
                            advance(seconds=APPROVAL_TTL.total_seconds())
                        return
                    if waiting:
                        httpx2.post(
                            self.phone_url + "/tra-loi",
                            headers={"origin": self.url},
                            json={"transaction": waiting[0].id, "approve": approve, "otp": otp},
                            timeout=30,
                        )
                        return
                    threading.Event().wait(0.05)

            threading.Thread(target=on_the_phone, name="dvcedu-phone", daemon=True).start()

        return answer

    def sign(
        self,
        pdf: bytes,
        *,
        signing_time: datetime,
        approve: bool | None = True,
        otp: str = TRAINING_OTP,
    ) -> bytes:
        """The dossier signed remotely by pyHanko's CSC client, the phone answering."""
        from dvcedu.dossier.remote import sign_pdf_remotely  # pyHanko: only when a PDF is signed

        return sign_pdf_remotely(
            pdf,
            service_url=self.url,
            credential_id=RSSP_CREDENTIAL,
            access_token=self.access_token(),
            signing_time=signing_time,
            reason=i18n.t("dossier.reason", "vi"),
            location=i18n.t("dossier.location", "vi"),
            description=i18n.t("rssp.practice_dossier", size=len(pdf)),
            asked=self.phone(approve=approve, otp=otp),
        )

    def stop(self) -> None:
        self.services.stop()

    def _repr_html_(self) -> str:
        return (
            f"<p>{html.escape(i18n.t('rssp.running', url=self.url))} "
            f"<a href='{html.escape(self.phone_url)}' target='_blank'>"
            f"{html.escape(i18n.t('rssp.open_phone'))}</a></p>"
        )

    def __repr__(self) -> str:
        return i18n.t("rssp.running", url=self.url)


def training_rssp(
    label: str,
    *,
    clock: Clock,
    random: Callable[[int], bytes] = os.urandom,
    transcript: Transcript | None = None,
) -> RemoteSigning:
    """The training remote-signing service with one credential: the remote-signing
    certificate on the token ``label`` (its "HSM"), under the training RS CA."""
    credential = hsm_credential(
        label, TRAINING_PIN, credential_id=RSSP_CREDENTIAL, chain=RSSP_CHAIN
    )
    return RemoteSigning([credential], clock=clock, random=random, transcript=transcript)


def start_remote_signing(
    label: str, *, clock: Clock | None = None, random: Callable[[int], bytes] = os.urandom
) -> RemoteSigningRun:
    """The remote-signing service, its "HSM" the token ``label`` (holding the remote-signing
    certificate), on its usual port or a free one; it stops with :meth:`RemoteSigningRun.stop`."""
    service = training_rssp(label, clock=clock or SystemClock(), random=random)
    port = _free_or_any(RSSP_PORT)
    services = Services(None)
    services.add_rssp(RemoteSigningService(service), port)
    return RemoteSigningRun(service, services.start(), f"http://localhost:{port}")
