"""A JupyterHub, through its REST API, with an admin's token; a learner's server, through
Jupyter Server's REST API and a kernel's WebSocket (the messaging protocol, v5).

Everything a learner's kernel does runs as that learner, in their home: that is how the
trainer's tools (``dvcedu classroom reset``, ``check``) and the load test act for a learner
without any power on this computer beyond the hub's.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import quote

import httpx2
from websockets.exceptions import WebSocketException
from websockets.sync.client import connect

from dvcedu.errors import ConfigError, library_detail


@dataclass(frozen=True)
class KernelRun:
    """What one piece of code did in a learner's kernel."""

    stdout: str
    error: str | None
    seconds: float

    @property
    def ok(self) -> bool:
        return self.error is None

    def json(self) -> object:
        """The last line of stdout, read as JSON (the code prints its result that way)."""
        return json.loads(self.stdout.strip().splitlines()[-1])


@dataclass
class Hub:
    """``url``: the hub's public address (``http://127.0.0.1:8081``); ``token``: an API token
    with admin scopes (the trainer's, or a service's)."""

    url: str
    token: str
    http: httpx2.Client = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.url = self.url.rstrip("/")
        self.http = httpx2.Client(
            base_url=f"{self.url}/hub/api",
            timeout=60,
            headers={"Authorization": f"token {self.token}"},
        )

    @classmethod
    def from_environment(cls) -> Hub:
        """Inside the trainer's own JupyterLab on the hub: the address and token the hub gave
        that server (the hub grants an admin's server the admin's scopes)."""
        api, token = os.environ.get("JUPYTERHUB_API_URL"), os.environ.get("JUPYTERHUB_API_TOKEN")
        if not api or not token:
            raise ConfigError("classroom.no_hub")
        return cls(api.removesuffix("/hub/api").rstrip("/"), token)

    # --- the hub ------------------------------------------------------------------------
    def users(self) -> list[dict]:
        return self._ok(self._request("GET", "/users")).json()

    def add_users(self, names: list[str]) -> None:
        reply = self._request("POST", "/users", json={"usernames": names})
        if reply.status_code != 409:  # 409: they exist already
            self._ok(reply)

    def start(self, name: str, *, timeout: float = 180) -> float:
        """Start ``name``'s server (if it is not running) and wait until it answers; the
        seconds it took."""
        began = time.monotonic()
        reply = self._request("POST", f"/users/{quote(name)}/server")
        if reply.status_code not in (201, 202, 400):  # 400: already running
            self._ok(reply)
        while time.monotonic() - began < timeout:
            server = self.user(name).get("servers", {}).get("", {})
            if server.get("ready"):
                return time.monotonic() - began
            time.sleep(0.25)
        raise TimeoutError(f"{name}'s server did not start in {timeout:.0f} s")

    def stop(self, name: str) -> None:
        reply = self._request("DELETE", f"/users/{quote(name)}/server")
        if reply.status_code not in (202, 204, 400):
            self._ok(reply)

    def delete_user(self, name: str) -> None:
        self.stop(name)
        for _ in range(100):
            reply = self._request("DELETE", f"/users/{quote(name)}")
            if reply.status_code != 400:  # 400 while the server is still stopping
                return
            time.sleep(0.2)

    def user(self, name: str) -> dict:
        return self._ok(self._request("GET", f"/users/{quote(name)}")).json()

    def health(self) -> bool:
        """The hub answers, and so does the proxy in front of it."""
        try:
            return (
                httpx2.get(f"{self.url}/hub/health", timeout=10).status_code == 200
                and self.http.get("/").status_code == 200
            )
        except httpx2.HTTPError:
            return False

    # --- a learner's server ----------------------------------------------------------------
    def run(self, name: str, code: str, *, timeout: float = 300, keep: bool = False) -> KernelRun:
        """Run ``code`` in a new kernel in ``name``'s server (as them), then shut it down —
        or ``keep`` it running, as a learner's open notebook does (it ends with the server)."""
        server = f"{self.url}/user/{quote(name)}"
        headers = {"Authorization": f"token {self.token}"}
        began = time.monotonic()
        kernel = self._ok(
            self._request("POST", f"{server}/api/kernels", headers=headers, json={})
        ).json()["id"]
        try:
            ws = server.replace("http", "ws", 1) + f"/api/kernels/{kernel}/channels"
            try:
                with connect(
                    ws, additional_headers=headers, open_timeout=60, max_size=None
                ) as socket:
                    stdout, error = _execute(socket, code, timeout)
            except (OSError, WebSocketException) as failure:
                raise ConfigError(
                    "classroom.unreachable", url=ws, detail=library_detail(failure)
                ) from None
        finally:
            if not keep:
                self._request("DELETE", f"{server}/api/kernels/{kernel}", headers=headers)
        return KernelRun(stdout, error, time.monotonic() - began)

    def _request(self, method: str, url: str, **options: object) -> httpx2.Response:
        """One HTTP request to the hub (a path) or through it (a full URL); a hub that does
        not answer is a ConfigError in the trainer's words, not httpx's traceback."""
        try:
            return self.http.request(method, url, **options)
        except httpx2.HTTPError as failure:
            raise ConfigError(
                "classroom.unreachable", url=self.url, detail=library_detail(failure)
            ) from None

    @staticmethod
    def _ok(reply: httpx2.Response) -> httpx2.Response:
        if reply.status_code >= 400:
            raise RuntimeError(
                f"{reply.request.method} {reply.request.url}: "
                f"{reply.status_code} {reply.text[:200]}"
            )
        return reply


def _execute(socket: object, code: str, timeout: float) -> tuple[str, str | None]:
    """One execute_request; stdout and the error (if any) of exactly that request."""
    msg_id = uuid.uuid4().hex
    socket.send(
        json.dumps(
            {
                "header": {
                    "msg_id": msg_id,
                    "username": "dvcedu",
                    "session": uuid.uuid4().hex,
                    "msg_type": "execute_request",
                    "version": "5.3",
                    "date": datetime.now(UTC).isoformat(),
                },
                "parent_header": {},
                "metadata": {},
                "channel": "shell",
                "buffers": [],
                "content": {
                    "code": code,
                    "silent": False,
                    "store_history": False,
                    "user_expressions": {},
                    "allow_stdin": False,
                    "stop_on_error": True,
                },
            }
        )
    )
    stdout, error = [], None
    deadline = time.monotonic() + timeout
    while True:
        message = json.loads(socket.recv(timeout=max(0.1, deadline - time.monotonic())))
        if message.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind, content = message["msg_type"], message["content"]
        if kind == "stream" and content.get("name") == "stdout":
            stdout.append(content["text"])
        elif kind == "error":
            error = f"{content['ename']}: {content['evalue']}"
        elif kind == "status" and content.get("execution_state") == "idle":
            return "".join(stdout), error
