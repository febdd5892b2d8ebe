"""Start the practice portal, the identity service and the signing service — together
(``dvcedu serve``) or one at a time — and say clearly when a port is taken.

Three origins, as in real life: the portal (``http://localhost:8000``), the identity service
(``http://localhost:8001``) and the signing service on the first free plugin port
(``https://localhost:4433``, with its loopback certificate, see ``tls.py``). All three share
one Transcript and one accounts database when served together.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import os
import secrets
import socket
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import uvicorn

from dvcedu.errors import ConfigError
from dvcedu.plugin import SigningPlugin
from dvcedu.rssp import RemoteSigning
from dvcedu.web.dialogs import DialogBroker
from dvcedu.web.portal_app import PortalService
from dvcedu.web.practice import Practice, licence_issuer
from dvcedu.web.rssp_app import RemoteSigningService
from dvcedu.web.service import PORTS, TRANSPORT_LIMIT, SigningService
from dvcedu.web.sso import SsoService
from dvcedu.web.tls import LoopbackTls, loopback_tls

HOST = "127.0.0.1"
NAME = "localhost"


def port_free(port: int, host: str = HOST) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno in (errno.EADDRINUSE, errno.EACCES):
                return False
            raise
    return True


def any_free_port(host: str = HOST) -> int:
    """A port the system has free now (binding 0 picks one)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def require_free(port: int, option: str, host: str = HOST) -> int:
    if not port_free(port, host):
        raise ConfigError("serve.port_taken", port=port, host=host, option=option)
    return port


def first_free_plugin_port(ports: Sequence[int] = PORTS, host: str = HOST) -> int:
    """The first free of the library's ports: 4433, 4434, 4435 are the ones version 1.0.0.8
    tries; 9201 and 9202 only newer copies of the library (``plugin.protocol.PORTS``)."""
    for port in ports:
        if port_free(port, host):
            return port
    raise ConfigError("serve.no_free_plugin_port", ports=", ".join(map(str, ports)))


@dataclass
class Services:
    """The servers to run, made from one :class:`Practice`."""

    practice: Practice | None
    configs: list[uvicorn.Config] = field(default_factory=list)
    _servers: list[uvicorn.Server] = field(default_factory=list)
    _thread: threading.Thread | None = None

    def add_rssp(self, service: RemoteSigningService, port: int) -> None:
        """The remote-signing service (its CSC API and the signer's phone page) on ``port``."""
        self.configs.append(_config(service.app, port))

    def add_portal(self, port: int) -> None:
        assert self.practice is not None, "the portal needs its Practice"
        client_secret = secrets.token_urlsafe(24)
        self.configs.append(
            _config(PortalService(self.practice, client_secret=client_secret).app, port)
        )
        self.configs.append(
            _config(
                SsoService(self.practice, client_secret=client_secret).app,
                _port_of(self.practice.sso_url),
            )
        )

    def add_plugin(
        self,
        plugin: SigningPlugin,
        port: int,
        tls: LoopbackTls,
        opener: Callable[[str], object] | None = None,
    ) -> SigningService:
        """The signing service on ``port``; its window opens with ``opener`` when no window
        is open (see ``dialogs.py``)."""
        assert self.practice is not None, "the signing service records into the Practice"
        broker = DialogBroker(opener=opener, window_url=f"https://{NAME}:{port}/hop-thoai")
        service = SigningService(
            plugin,
            transcript=self.practice.transcript,
            licence_issuer=licence_issuer(),
            broker=broker,
            hosts=self.practice.hosts,
        )
        self.configs.append(_config(service.app, port, tls))
        if self.practice.proxied_plugin_port is not None:  # for Jupyter's proxy, loopback only
            self.configs.append(_config(service.app, self.practice.proxied_plugin_port))
        return service

    async def serve(self) -> None:
        self._servers = [uvicorn.Server(c) for c in self.configs]
        results = await asyncio.gather(*(s.serve() for s in self._servers), return_exceptions=True)
        failed = [r for r in results if isinstance(r, BaseException)]
        # uvicorn (0.54) raises while saying goodbye to a WebSocket the page was already
        # closing (both of its WebSocket implementations): nothing is lost then, the service
        # was stopping anyway. Any other failure is raised.
        if failed and not any(s.should_exit for s in self._servers):
            raise failed[0]

    def run(self) -> None:
        """Serve until Ctrl+C (the command line)."""
        try:
            asyncio.run(self.serve())
        except SystemExit:  # uvicorn's answer to a port it cannot bind
            if threading.current_thread() is threading.main_thread():
                raise
            # in start()'s thread: start() sees the thread end and names the port

    def start(self) -> Services:
        """Serve in a background thread (tests, notebooks); returns once all listen."""
        self._thread = threading.Thread(target=self.run, name="dvcedu-serve", daemon=True)
        self._thread.start()
        while not (self._servers and all(s.started for s in self._servers)):
            if not self._thread.is_alive():  # uvicorn could not bind: someone took a port
                taken = next((c.port for c in self.configs if not port_free(c.port)), None)
                raise ConfigError("serve.port_taken", port=taken or "?", host=HOST, option="port")
            threading.Event().wait(0.05)
        return self

    def stop(self) -> None:
        for server in self._servers:
            server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)


def system_browser() -> Callable[[str], object] | None:
    """How ``dvcedu serve`` opens the plugin's window: the learner's own web browser, when
    this computer has a screen for it (a desktop session; not a terminal over SSH, not a
    JupyterHub server, where the learner's browser is elsewhere and the page opens it)."""
    if os.environ.get("JUPYTERHUB_SERVICE_PREFIX"):
        return None
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        return None
    import webbrowser

    return lambda url: webbrowser.open(url, new=1)


def _port_of(url: str) -> int:
    from urllib.parse import urlsplit

    return urlsplit(url).port or 80


class _SaidInWords(logging.Filter):
    """uvicorn's own line for a port already taken: :meth:`Services.start` says it in the
    learner's language (``serve.port_taken``), or the notebook quietly takes other ports —
    the raw line would show in a notebook started beside another."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "error while attempting to bind" not in record.getMessage()


_SAID_IN_WORDS = _SaidInWords()


def _config(app: object, port: int, tls: LoopbackTls | None = None) -> uvicorn.Config:
    config = _uvicorn_config(app, port, tls)
    logging.getLogger("uvicorn.error").addFilter(_SAID_IN_WORDS)  # once: a set of filters
    return config


def _uvicorn_config(app: object, port: int, tls: LoopbackTls | None) -> uvicorn.Config:
    return uvicorn.Config(
        app,
        host=HOST,
        port=port,
        log_level="warning",
        ws="websockets-sansio",
        ws_max_size=TRANSPORT_LIMIT,
        lifespan="on",
        ssl_certfile=str(tls.certfile) if tls else None,
        ssl_keyfile=str(tls.keyfile) if tls else None,
    )


def practice_services(
    practice: Practice,
    *,
    portal_port: int | None,
    plugin_port: int | None,
    plugin: SigningPlugin | None,
    tls: LoopbackTls | None = None,
    opener: Callable[[str], object] | None = None,
    rssp: RemoteSigning | None = None,
) -> Services:
    """The services to run: the portal with its identity service when ``portal_port``, the
    signing service when ``plugin`` (on ``plugin_port``), its window opened by ``opener``,
    and the remote-signing service ``rssp`` at the practice's ``rssp_url``."""
    services = Services(practice)
    if portal_port is not None:
        services.add_portal(portal_port)
    if rssp is not None and practice.rssp_url:
        services.add_rssp(
            RemoteSigningService(rssp, hosts=practice.hosts), _port_of(practice.rssp_url)
        )
    if plugin is not None and plugin_port is not None:
        services.add_plugin(plugin, plugin_port, tls or loopback_tls(), opener)
    return services
