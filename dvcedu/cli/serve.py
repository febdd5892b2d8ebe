"""``dvcedu serve``: the practice portal, its identity service and the signing service, for a
real browser. (``dvcedu portal serve`` and ``dvcedu plugin serve`` start one side each.)"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from dvcedu.cli._common import bilingual, t
from dvcedu.errors import ConfigError

PORTAL_PORT, SSO_PORT = 8000, 8001


def add_portal_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=PORTAL_PORT, help=bilingual("help.port"))
    parser.add_argument("--sso-port", type=int, default=SSO_PORT, help=bilingual("help.sso_port"))
    parser.add_argument(
        "--plugin-library", metavar="FILE", default=None, help=bilingual("help.plugin_library")
    )


def add_plugin_options(parser: argparse.ArgumentParser, *, own_port: bool) -> None:
    parser.add_argument(
        "--plugin-port" if not own_port else "--port",
        dest="plugin_port",
        type=int,
        default=None,
        help=bilingual("help.plugin_port"),
    )
    parser.add_argument("--label", default=None, help=bilingual("help.walk_label"))


def run(args: argparse.Namespace, *, portal: bool, plugin: bool) -> int:
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
    )
    signing = SigningPlugin(clock=SystemClock(), label=label) if plugin else None
    services = practice_services(
        practice,
        portal_port=portal_port,
        plugin_port=plugin_port,
        plugin=signing,
        opener=system_browser(),
    )
    print(
        t(
            "serve.started",
            portal=practice.portal_url if portal else "-",
            sso=practice.sso_url if portal else "-",
            service=f"https://{NAME}:{plugin_port}/" if plugin else "-",
            label=label,
        )
    )
    hub = os.environ.get("JUPYTERHUB_SERVICE_PREFIX")
    if hub and portal:
        print(t("serve.through_jupyter", path=f"{hub.rstrip('/')}/proxy/{portal_port}/"))
    services.run()
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    return run(args, portal=True, plugin=True)


def build(serve: argparse.ArgumentParser, lang: argparse.ArgumentParser) -> None:
    add_portal_options(serve)
    add_plugin_options(serve, own_port=False)
    serve.set_defaults(func=cmd_serve)
