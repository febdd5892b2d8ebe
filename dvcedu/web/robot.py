"""A browser written in Python: what Chromium does in the practice portal, for a notebook (and
nbval) where no person clicks. It sends the same requests, in the same order, from the same
origins: the pages over HTTP, the plugin over ``wss://`` with the page's ``Origin``, the
learner's answers in the plugin's window over that window's own origin, the redirects of the
SSO hop one by one. Reading the captcha picture is the one thing a script cannot do, so the
robot asks the training portal's test door for it (a real portal has none).
"""

from __future__ import annotations

import base64
import json
import queue
import re
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from urllib.parse import urljoin, urlsplit

import httpx2
from websockets.sync.client import ClientConnection, connect

from dvcedu.plugin.protocol import LICENCE_OK, request, stringify
from dvcedu.plugin.wire import read_result
from dvcedu.rssp.service import APPROVAL_TTL, TRAINING_OTP

PAGE_DATA = re.compile(r'<script type="application/json" id="page-data">(.*?)</script>', re.S)
USER_NAME = re.compile(r'<span id="user-name">(.*?)</span>', re.S)
PHONE_LINK = re.compile(r'<a id="dossier-phone" href="([^"]+)"')
WAITING = re.compile(r'class="phone-request" data-transaction="([^"]+)"')


@dataclass
class Robot:
    """One learner's browser: its cookies, its trust in the plugin's certificate, its PIN."""

    portal_url: str
    ca_file: str
    pin: str
    email: str = "ketoan@daotao.test"
    lang: str = "vi"
    """The language the pages answer in (their ``lang`` cookie, as the page's language link
    sets it): each edition's robot gets its own edition's words."""

    def __post_init__(self) -> None:
        self.http = httpx2.Client(follow_redirects=False, timeout=30, cookies={"lang": self.lang})
        self.tls = ssl.create_default_context(cafile=self.ca_file)

    # --- what the learner does ----------------------------------------------------------------
    def register(self) -> dict:
        """Seed steps 1–2: home → Đăng ký → USB ký số → certificate and PIN in the plugin's
        window → e-mail and captcha → Đăng ký."""
        self.get(self.portal_url + "/")
        self.get(self.portal_url + "/dang-ky")
        page = self.get(self.portal_url + "/dang-ky/usb-ky-so")
        data = page_data(page.text)
        signed = self.sign(data["plugin"], data["challenge"], origin=self.portal_url)
        answer = self.http.get(f"{self.portal_url}/_test/captcha/{data['captcha_id']}").json()
        body = {
            "challenge": data["challenge"],
            "signature": signed,
            "domain": host(self.portal_url),
            "email": self.email,
            "captcha_id": data["captcha_id"],
            "captcha": answer["text"],
        }
        reply = self.http.post(
            self.portal_url + "/dang-ky/gui", json=body, headers={"Origin": self.portal_url}
        ).json()
        if reply.get("ok"):
            self.get(self.portal_url + reply["next"])
        return reply

    def log_in(self) -> str | None:
        """Seed step 3: Đăng nhập → the identity service → USB ký số → back with the name
        top right (returned, or None)."""
        to_sso = self.get(self.portal_url + "/dang-nhap")
        authorize = to_sso.headers["location"]
        page = self.get(authorize)
        data = page_data(page.text)
        sso = f"{urlsplit(authorize).scheme}://{urlsplit(authorize).netloc}"
        signed = self.sign(data["plugin"], data["challenge"], origin=sso)
        reply = self.http.post(
            sso + "/oauth2/authorize/usb-ky-so",
            headers={"Origin": sso},
            json={
                "query": data["query"],
                "challenge": data["challenge"],
                "signature": signed,
                "domain": host(sso),
            },
        ).json()
        if not reply.get("ok"):
            return None
        back = self.get(reply["next"])
        account = self.get(urljoin(self.portal_url, back.headers["location"]))
        found = USER_NAME.search(account.text)
        return unescape(found.group(1)) if found else None

    def log_in_vneid(
        self, organisation: str, representative: str, *, approve: bool = True
    ) -> tuple[str | None, dict]:
        """Đăng nhập → the identity service → the organisation's e-ID account: name the
        organisation and its representative, answer on the phone page, ask for the outcome.
        The name top right (or None) and the identity service's last answer."""
        to_sso = self.get(self.portal_url + "/dang-nhap")
        authorize = to_sso.headers["location"]
        data = page_data(self.get(authorize).text)
        sso = f"{urlsplit(authorize).scheme}://{urlsplit(authorize).netloc}"
        asked = self.http.post(
            sso + "/oauth2/authorize/vneid",
            headers={"Origin": sso},
            json={
                "query": data["query"],
                "organisation": organisation,
                "representative": representative,
            },
        ).json()
        if not asked.get("ok"):
            return None, asked
        self.get(sso + "/vneid")  # the phone shows the request
        self.http.post(
            sso + "/vneid/tra-loi",
            headers={"Origin": sso},
            json={"approval": asked["approval"], "approve": approve},
        )
        reply = self.http.post(
            sso + "/oauth2/authorize/vneid/ket-qua",
            headers={"Origin": sso},
            json={"query": data["query"], "approval": asked["approval"]},
        ).json()
        if not reply.get("ok"):
            return None, reply
        back = self.get(reply["next"])
        account = self.get(urljoin(self.portal_url, back.headers["location"]))
        found = USER_NAME.search(account.text)
        return (unescape(found.group(1)) if found else None), reply

    def log_out(self) -> None:
        self.http.post(self.portal_url + "/dang-xuat", headers={"Origin": self.portal_url})

    def file_dossier(self, request: str | None = None) -> dict:
        """Nộp hồ sơ, logged in: the account page → its request (PDF) → signPdf in the
        plugin (certificate and PIN in its window) → POST /ho-so/nop. The portal's reply."""
        page = self.get(self.portal_url + "/tai-khoan")
        plugin = page_data(page.text)["plugin"]
        query = {"noi-dung": request} if request else None
        pdf = self.http.get(self.portal_url + "/ho-so/mau.pdf", params=query).content
        signed = self._with_plugin(
            plugin,
            self.portal_url,
            lambda call: call("signPdf", base64.b64encode(pdf).decode())["data"],
        )
        return self.http.post(
            self.portal_url + "/ho-so/nop",
            json={"pdf": signed},
            headers={"Origin": self.portal_url},
        ).json()

    def file_dossier_remotely(
        self, request: str | None = None, *, approve: bool = True, otp: str = TRAINING_OTP
    ) -> dict:
        """Nộp hồ sơ, ký số từ xa: the account page → "Ký số từ xa và nộp" (the portal signs
        through the remote-signing service) while the signer answers on the phone page, as
        its buttons do. The portal's reply."""
        page = self.get(self.portal_url + "/tai-khoan")
        link = PHONE_LINK.search(page.text)
        if link is None:
            raise ValueError("the account page offers no remote signing")
        replied = threading.Event()
        phone = threading.Thread(
            target=self.answer_on_phone,
            args=(unescape(link.group(1)), replied),
            kwargs={"approve": approve, "otp": otp},
            name="dvcedu-robot-phone",
            daemon=True,
        )
        phone.start()
        try:
            return self.http.post(
                self.portal_url + "/ho-so/ky-tu-xa",
                params={"noi-dung": request} if request else None,
                headers={"Origin": self.portal_url},
                timeout=APPROVAL_TTL.total_seconds() + 30,
            ).json()
        finally:
            replied.set()
            phone.join(timeout=5)

    @staticmethod
    def answer_on_phone(
        phone_url: str,
        replied: threading.Event,
        *,
        approve: bool = True,
        otp: str = TRAINING_OTP,
    ) -> dict | None:
        """The signer's phone (another device: no cookies of the portal's): its page looked at
        until a transaction waits, then approved with ``otp`` or refused — or nothing, once
        the portal has replied without asking (an account with no remote signing)."""
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(phone_url))
        with httpx2.Client(timeout=30) as phone:
            while (waiting := WAITING.search(phone.get(phone_url).text)) is None:
                if replied.wait(0.1):
                    return None
            return phone.post(
                phone_url + "/tra-loi",
                json={"transaction": waiting.group(1), "approve": approve, "otp": otp},
                headers={"Origin": origin},
            ).json()

    # --- the plugin, as the page's script and the learner at its window -----------------------
    def sign(self, plugin: dict, challenge: str, *, origin: str) -> str:
        """checkPlugin → setLicenseKey → getCertInfo → signArrDataAdvanced, on the first port
        that answers, with the plugin's window answered by the learner."""
        item = stringify({"data": challenge, "type": "cmsdetached"})

        def sign(call: Callable[..., object]) -> str:
            cert = call("getCertInfo", True)
            return call("signArrDataAdvanced", [item], cert["serial"], True, False)[0]["data"]

        return self._with_plugin(plugin, origin, sign)

    def _with_plugin(
        self, plugin: dict, origin: str, sign: Callable[[Callable[..., object]], str]
    ) -> str:
        """Connect as the page at ``origin`` does, check and licence, then ``sign(call)`` —
        every call in the library's frame, every reply read as public pages read it — with
        the plugin's window answered by the learner meanwhile."""
        tried: list[str] = []
        for url in plugin["urls"]:
            try:
                socket = _connect_within(url, origin=origin, ssl=self.tls)
                break
            except OSError as error:  # not there, or another plugin (not this home's certificate)
                tried.append(f"{url}: {type(error).__name__}: {error}")
        else:
            raise ConnectionError("no plugin port answered: " + "; ".join(tried))
        window = f"https://{urlsplit(url).netloc}"

        def call(function: str, *args: object) -> object:
            socket.send(request(function, *args, domain=host(origin)))
            result = str(socket.recv()).rpartition("*")[0]
            answer = read_result(function, result)
            refused = answer[0] if isinstance(answer, list) else answer
            if result == "" or (
                isinstance(refused, dict) and refused.get("code") not in (None, 0, LICENCE_OK)
            ):
                raise RuntimeError(
                    refused.get("error")
                    if isinstance(refused, dict)
                    else "the plugin's dialog was closed"
                )
            return answer

        with socket:  # the calls the portal's page makes (static/portal-plugin.js)
            if call("checkPlugin") != "1":
                raise ConnectionError("the plugin did not answer checkPlugin with 1")
            call("setLanguage", plugin["lang"])
            call("setLicenseKey", plugin["licence"])
            if call("CheckToken") != "1":
                raise ConnectionError("the plugin sees no token")
            call("getVersion")
            learner = threading.Thread(target=self._at_the_window, args=(window,), daemon=True)
            learner.start()
            signed = sign(call)
            learner.join(10)
        return signed

    def _at_the_window(self, window: str) -> None:
        """Choose the certificate the page named (or the first), then type the PIN — or
        press OK while the token is still logged in — in the plugin's own window."""
        with httpx2.Client(verify=self.tls, timeout=10) as http:
            asked: set[str] = set()
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                dialog = http.get(window + "/hop-thoai/cho").json()
                if not dialog or dialog["id"] in asked:
                    time.sleep(0.02)
                    continue
                asked.add(dialog["id"])
                kind = dialog["kind"]
                answer = {
                    "certificate": dialog.get("preselected")
                    or (dialog.get("certificates") or [{}])[0].get("serial"),
                    "pin": self.pin,
                    "consent": True,
                }[kind]
                http.post(
                    window + "/hop-thoai/tra-loi",
                    json={"id": dialog["id"], "answer": answer},
                    headers={"Origin": window},
                )
                if kind in ("pin", "consent"):
                    return

    def get(self, url: str) -> httpx2.Response:
        return self.http.get(url)


def page_data(html: str) -> dict:
    found = PAGE_DATA.search(html)
    if not found:
        raise ValueError("the page carries no page-data")
    return json.loads(found.group(1))


def host(url: str) -> str:
    return urlsplit(url).hostname or url


def _connect_within(url: str, *, origin: str, ssl: object, limit: float = 20.0) -> ClientConnection:
    """websockets' ``connect``, bounded: on a handshake that times out under load, its sync
    client can wait for ever joining its reader thread (seen in a loaded test run), so the
    connection is opened in a thread of its own and given up after ``limit`` seconds (an
    ``OSError``: the next port is tried, as for a port that does not answer)."""
    opened: queue.Queue[ClientConnection | BaseException] = queue.Queue()

    def open_it() -> None:
        try:
            opened.put(connect(url, origin=origin, ssl=ssl, open_timeout=10, max_size=None))  # type: ignore[arg-type]
        except BaseException as error:  # handed to the caller's thread
            opened.put(error)

    threading.Thread(target=open_it, name="dvcedu-robot-connect", daemon=True).start()
    try:
        result = opened.get(timeout=limit)
    except queue.Empty:
        raise TimeoutError(f"no WebSocket handshake from {url} in {limit:.0f} s") from None
    if isinstance(result, BaseException):
        raise result
    return result
