"""The practice portal from a notebook: start the three services beside the kernel, give the
learner links to click, and hand back the Transcript of what their browser did — or let the
Python robot do the clicks (``run.robot()``) where nobody is at the screen (nbval, CI).
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from dvcedu import i18n
from dvcedu.clock import Clock, SystemClock
from dvcedu.errors import ConfigError
from dvcedu.model import Transcript
from dvcedu.plugin import SigningPlugin
from dvcedu.portal import Store
from dvcedu.token import DEFAULT_LABEL, TRAINING_PIN
from dvcedu.web.practice import Practice, public_hosts
from dvcedu.web.robot import Robot
from dvcedu.web.serve import PORTS, Services, any_free_port, port_free, practice_services
from dvcedu.web.tls import LoopbackTls, loopback_tls

PREFERRED = (8000, 8001)
"""The portal's and the identity service's usual ports; free ones are taken when these are
busy (a ``dvcedu serve`` in a terminal, another notebook)."""


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
) -> PracticeRun:
    """Start the portal, its identity service and the signing service (for the token
    ``label``) in this kernel; they stop with :meth:`PracticeRun.stop` or the kernel. The
    portal starts with no accounts on every run (``dvcedu serve`` keeps them in the home)."""
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
        )
        tls = loopback_tls()
        services = practice_services(
            practice,
            portal_port=portal_port,
            plugin_port=plugin_port,
            plugin=SigningPlugin(clock=clock, label=label),
            tls=tls,
        )
        try:
            services.start()
            break
        except ConfigError as taken:
            if taken.msg_id != "serve.port_taken" or attempt == 2:
                raise
    return PracticeRun(practice, services, tls, f"https://localhost:{plugin_port}/", label)
