"""The one shape of the three practice services.

Each service is a small class (after Starlette's app-with-lifespan): what it was given — the
:class:`~dvcedu.web.practice.Practice` or the plugin, with its clock and its randomness — and
what it keeps are attributes set in ``__init__``; its routes are methods, listed in one table
by :meth:`WebService.routes`; set-up and tear-down are :meth:`WebService.lifespan`; and
:attr:`WebService.app` is the Starlette application behind the checks every service makes
(``guard.py``). A reader who knows one service knows all three:

===================  ==================================================  ====================
service              state                                               lifespan
===================  ==================================================  ====================
``PortalService``    the captchas shown, its OpenID Connect client,      —
                     the server-side sessions
``SsoService``       its signing key, the codes handed out, Authlib's    —
                     authorization server (``oidc.py``)
``SigningService``   the plugin, its window (``dialogs.py``), the        logs the kept token
                     sockets open, who holds the window                  out when it stops
===================  ==================================================  ====================
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import cached_property
from typing import ClassVar

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import BaseRoute
from starlette.types import ASGIApp

from dvcedu.model import Actor
from dvcedu.web.pages import failed_page


class WebService:
    """A practice service: subclasses give ``who``, :meth:`routes` and :meth:`guarded`."""

    who: ClassVar[Actor]
    """Who answers, in the Transcript."""

    def routes(self) -> list[BaseRoute]:
        """Every path the service answers, to one of its methods."""
        raise NotImplementedError

    def middleware(self) -> list[Middleware]:
        """What runs between the guard and the routes (the portal's sessions)."""
        return []

    @asynccontextmanager
    async def lifespan(self, app: Starlette) -> AsyncIterator[None]:
        """Set-up before the first request, tear-down after the last (nothing by default)."""
        yield

    def guarded(self, app: ASGIApp) -> ASGIApp:
        """``app`` behind ``guard.Guard`` with this service's host names and exemptions."""
        raise NotImplementedError

    @cached_property
    def app(self) -> ASGIApp:
        """The ASGI application to serve: any unforeseen error is a short page in both
        languages (``pages.failed_page``), never a traceback."""
        return self.guarded(
            Starlette(
                routes=self.routes(),
                middleware=self.middleware(),
                lifespan=self.lifespan,
                exception_handlers={Exception: failed_page},
            )
        )
