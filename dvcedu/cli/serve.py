"""``dvcedu serve``: the practice portal, its identity service, the signing service and the
remote-signing service, for a real browser. (``dvcedu portal serve``, ``dvcedu plugin serve``
and ``dvcedu rssp serve`` start one side each.)"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from dvcedu.cli._common import bilingual, t
from dvcedu.errors import ConfigError

if TYPE_CHECKING:
    from dvcedu.rssp import RemoteSigning
    from dvcedu.web.practice import Practice

PORTAL_PORT, SSO_PORT, RSSP_PORT = 8000, 8001, 9300


def add_portal_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=PORTAL_PORT, help=bilingual("help.port"))
    parser.add_argument("--sso-port", type=int, default=SSO_PORT, help=bilingual("help.sso_port"))
    parser.add_argument(
        "--plugin-library", metavar="FILE", default=None, help=bilingual("help.plugin_library")
    )


def _port_option(
    parser: argparse.ArgumentParser, service: str, *, own_port: bool, default: int | None
) -> None:
    """``--port`` when the command runs that one service, ``--<service>-port`` beside others."""
    parser.add_argument(
        "--port" if own_port else f"--{service}-port",
        dest=f"{service}_port",
        type=int,
        default=default,
        help=bilingual(f"help.{service}_port"),
    )


def add_plugin_options(parser: argparse.ArgumentParser, *, own_port: bool) -> None:
    _port_option(parser, "plugin", own_port=own_port, default=None)
    parser.add_argument("--label", default=None, help=bilingual("help.walk_label"))


def add_rssp_options(parser: argparse.ArgumentParser, *, own_port: bool) -> None:
    _port_option(parser, "rssp", own_port=own_port, default=RSSP_PORT)


def run(args: argparse.Namespace, *, portal: bool, plugin: bool, rssp: bool = False) -> int:
    from dvcedu import paths
    from dvcedu.plugin import SigningPlugin
    from dvcedu.plugin.protocol import TRIED_PORTS
    from dvcedu.token import DEFAULT_LABEL
    from dvcedu.web.practice import Practice, public_hosts
    from dvcedu.web.serve import (
        NAME,
        PORTS,
        any_free_port,
        first_free_plugin_port,
        practice_services,
        require_free,
        system_browser,
    )

    portal_port = sso_port = plugin_port = None
    if portal:
        portal_port = require_free(args.port, "port")
        sso_port = require_free(args.sso_port, "sso-port")
    label = DEFAULT_LABEL
    if plugin:
        from dvcedu.clock import SystemClock

        label = args.label or DEFAULT_LABEL
        if args.plugin_port is not None:
            plugin_port = require_free(args.plugin_port, "plugin-port")
        else:
            plugin_port = first_free_plugin_port()
            if plugin_port != PORTS[0]:
                print(t("serve.plugin_port_moved", taken=PORTS[0], port=plugin_port))
        if plugin_port not in TRIED_PORTS:
            print(
                t(
                    "serve.plugin_port_unseen",
                    port=plugin_port,
                    ports=", ".join(map(str, TRIED_PORTS)),
                )
            )
    alone = not (portal or plugin)  # dvcedu rssp serve: its option is --port
    rssp_port = require_free(args.rssp_port, "port" if alone else "rssp-port") if rssp else None
    library = getattr(args, "plugin_library", None)
    if library is not None and not Path(library).is_file():
        raise ConfigError("serve.no_library", path=library)
    ports = (plugin_port,) if plugin_port and plugin_port not in PORTS else ()
    practice = Practice.in_home(
        paths.home(),
        portal_url=f"http://{NAME}:{portal_port or PORTAL_PORT}",
        sso_url=f"http://{NAME}:{sso_port or SSO_PORT}",
        plugin_urls=tuple(f"wss://{NAME}:{p}/plugin" for p in (*ports, *PORTS)),
        proxied_plugin_port=any_free_port() if plugin else None,
        public_hosts=public_hosts(),
        plugin_library=Path(library) if library else None,
        rssp_url=f"http://{NAME}:{rssp_port}" if rssp_port else None,
    )
    signing = SigningPlugin(clock=SystemClock(), label=label) if plugin else None
    remote = _training_rssp(practice) if rssp else None
    services = practice_services(
        practice,
        portal_port=portal_port,
        plugin_port=plugin_port,
        plugin=signing,
        opener=system_browser(),
        rssp=remote,
    )
    if portal or plugin:
        print(
            t(
                "serve.started",
                portal=practice.portal_url if portal else "-",
                sso=practice.sso_url if portal else "-",
                service=f"https://{NAME}:{plugin_port}/" if plugin else "-",
                label=label,
            )
        )
    if practice.rssp_url:
        print(t("rssp.started", url=practice.rssp_url))
    hub = os.environ.get("JUPYTERHUB_SERVICE_PREFIX")
    if hub and portal:
        print(t("serve.through_jupyter", path=f"{hub.rstrip('/')}/proxy/{portal_port}/"))
    services.run()
    return 0


def _training_rssp(practice: Practice) -> RemoteSigning:
    """The training remote-signing service, its "HSM" the home's token DVCEDU-RSSP (made with
    the remote-signing certificate the first time), recording into the practice's Transcript."""
    from dvcedu import lab
    from dvcedu.clock import SystemClock
    from dvcedu.rssp.hsm import RSSP_LABEL
    from dvcedu.web.lesson import training_rssp

    lab.ensure("enterprise-rs", label=RSSP_LABEL)
    return training_rssp(RSSP_LABEL, clock=SystemClock(), transcript=practice.transcript)


def cmd_serve(args: argparse.Namespace) -> int:
    return run(args, portal=True, plugin=True, rssp=True)


def build(serve: argparse.ArgumentParser, lang: argparse.ArgumentParser) -> None:
    add_portal_options(serve)
    add_plugin_options(serve, own_port=False)
    add_rssp_options(serve, own_port=False)
    serve.set_defaults(func=cmd_serve)
