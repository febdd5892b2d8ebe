"""Bài tập lập trình — exercises where the learner writes (or repairs) a function and a
check runs it.

After nbgrader's autograded cells and Cryptopals' "build the piece": ``check_code(id, fn)``
calls ``fn`` on cases whose right results come from dvcedu's own implementation, stops at the
first case that differs, and says which input, what came back, and a hint chosen by *how* it
differed (a common mistake gets its own hint). A function whose body is still ``return ...``
is "not answered yet", so a blank notebook runs clean under nbval. Debug tasks hand the
learner a function with one bug: its check fails, with the symptom, until it is fixed.

The references are imported when a check runs, not when this module is, so the exercises
layer stays light.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from dvcedu import i18n
from dvcedu.exercises import Outcome, Verdict, record, step

Case = tuple[tuple[object, ...], object]
"""(arguments, the right result)."""


@dataclass(frozen=True)
class Task:
    """One write-or-repair exercise. ``cases`` gives (args, right result) pairs; ``diagnose``
    names the common mistake a wrong result shows (a key of the task's hints), or None."""

    id: str
    cases: Callable[[], Iterator[Case]]
    diagnose: Callable[[tuple[object, ...], object, object], str | None] = lambda *_: None
    judge: Callable[[tuple[object, ...], object], object] | None = None
    """For an attack the learner writes: what the learner's result *does* (the reason the
    portal gives it), compared with the right outcome instead of the result itself."""

    def question(self, lang: str) -> str:
        return i18n.t(f"task.{self.id}.question", lang)

    def hint(self, kind: str | None, lang: str) -> str:
        for key in (f"task.{self.id}.hint.{kind}", f"task.hint.{kind}"):
            if kind and key in i18n.MESSAGES:
                return i18n.t(key, lang)
        return i18n.t(f"task.{self.id}.hint", lang)


def check_code(task_id: str, function: Callable[..., object]) -> Verdict:
    """Run the learner's ``function`` on every case of task ``task_id``."""
    task = TASKS[task_id]
    for args, right in task.cases():
        try:
            got = function(*args)
        except Exception as error:
            if isinstance(error, NotImplementedError):
                return _verdict(task, Outcome.UNANSWERED)
            return _verdict(
                task,
                Outcome.WRONG,
                None,
                args=args,
                raised=f"{type(error).__name__}: {error}" if str(error) else type(error).__name__,
            )
        if got is ...:
            return _verdict(task, Outcome.UNANSWERED)
        if task.judge is not None:
            got = task.judge(args, got)
        if got != right:
            return _verdict(
                task,
                Outcome.WRONG,
                task.diagnose(args, got, right),
                args=args,
                got=got,
                right=right,
            )
    return _verdict(task, Outcome.CORRECT)


def _verdict(
    task: Task,
    status: Outcome,
    kind: str | None = None,
    *,
    args: tuple = (),
    got: object = None,
    right: object = None,
    raised: str | None = None,
) -> Verdict:
    wrong_before = record(task.id, status)
    detail = {}
    if status is Outcome.UNANSWERED:
        detail = {lang: i18n.t("task.unanswered", lang) for lang in i18n.LANGS}
    if status is Outcome.WRONG:
        shown = ", ".join(_short(a) for a in args)
        case = (
            ("task.case_raised", {"error": raised})
            if raised
            else ("task.case", {"got": _short(got)})
        )
        detail = {
            lang: i18n.t(case[0], lang, args=shown, **case[1])
            + " "
            + i18n.t("exercise.wrong", lang, hint=step(task.hint(kind, lang), wrong_before))
            for lang in i18n.LANGS
        }
    return Verdict.of(
        task.id,
        task.question("vi"),
        task.question("en"),
        status,
        hint=(step(task.hint(None, "vi"), wrong_before), step(task.hint(None, "en"), wrong_before)),
        detail=detail,
    )


def _short(value: object, limit: int = 60) -> str:
    text = f"<{len(value)} B>" if isinstance(value, bytes) and len(value) > 16 else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- the references and their cases ---------------------------------------------------------
def _certificates() -> Iterator[bytes]:
    from cryptography.hazmat.primitives.serialization import Encoding

    from dvcedu.pki import samples

    for name in ("enterprise", "citizen", "branch"):
        yield samples.identity(name).certificate.public_bytes(Encoding.DER)


def _key_id_cases() -> Iterator[Case]:
    from cryptography import x509

    for der in _certificates():
        cert = x509.load_der_x509_certificate(der)
        ski = cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest
        yield (der,), ski


def _key_id_diagnose(args: tuple, got: object, right: object) -> str | None:
    if isinstance(got, str):
        return "text"
    if isinstance(got, bytes) and len(got) == 32:
        return "sha256"
    return None


def _tries_cases() -> Iterator[Case]:
    for attempts in (
        [],
        [False],
        [False, False],
        [False, True],
        [False, False, True, False],
        [False] * 5,
        [False] * 7,
        [True, False, False, True, False],
    ):
        left = 5
        for ok in attempts:
            if left == 0:
                break
            left = 5 if ok else left - 1
        yield (attempts,), left


def _tries_diagnose(args: tuple, got: object, right: object) -> str | None:
    attempts = args[0]
    if isinstance(got, int) and got < 0:
        return "negative"
    if True in attempts and got == 5 - attempts.count(False):
        return "no_reset"
    return None


def _check_digit_cases() -> Iterator[Case]:
    from dvcedu.pki.identity import mst_check_digit

    for nine in (
        "019900101",
        "039900111",
        "010010010",
        "030012345",
        "031000000",
        "019900202",
        "000000001",
    ):
        yield (nine,), mst_check_digit(nine)


def _check_digit_diagnose(args: tuple, got: object, right: object) -> str | None:
    from dvcedu.pki.identity import MST_WEIGHTS

    total = sum(int(d) * w for d, w in zip(args[0], MST_WEIGHTS, strict=True))
    if right is None and got == 10:
        return "ten"
    if got == total % 11:
        return "mod_only"
    if isinstance(got, str):
        return "text"
    return None


def _birth_year_cases() -> Iterator[Case]:
    from dvcedu.pki.identity import CCCD_CENTURY

    for cccd in ("001301012345", "001090012345", "079205000001", "038199123456", "001088765432"):
        yield (cccd,), CCCD_CENTURY[cccd[3]] + int(cccd[4:6])


def _birth_year_diagnose(args: tuple, got: object, right: object) -> str | None:
    if isinstance(got, int) and got % 100 == right % 100:
        return "century"
    return None


def _signature_cases() -> Iterator[Case]:
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding

    from dvcedu.pki import samples

    ders = list(_certificates())
    key = serialization.load_pem_private_key(samples.identity("enterprise").key_pem(), None)
    data = b"Toi dong y nop ho so (I agree to file the dossier)"
    signature = key.sign(data, padding.PKCS1v15(), hashes.SHA256())
    yield (ders[0], data, signature), True
    yield (ders[0], data + b".", signature), False
    yield (ders[1], data, signature), False
    yield (ders[0], data, signature[:-1] + bytes([signature[-1] ^ 1])), False


def _signature_diagnose(args: tuple, got: object, right: object) -> str | None:
    return "always_true" if got is True and right is False else None


DIGEST_INFO_SHA256 = bytes.fromhex("3031300d060960864801650304020105000420")


def _digest_info_cases() -> Iterator[Case]:
    for data in (b"", b"abc", bytes(range(200))):
        yield (data,), DIGEST_INFO_SHA256 + hashlib.sha256(data).digest()


def _digest_info_diagnose(args: tuple, got: object, right: object) -> str | None:
    if isinstance(got, bytes) and got.endswith(hashlib.sha256(args[0]).digest()):
        return "prefix"
    return None


def _challenge_cases() -> Iterator[Case]:
    issued = {"a1": 100, "b2": 100, "c3": 400}
    used = {"b2"}
    for challenge, now in (
        ("a1", 150),
        ("b2", 150),
        ("zz", 150),
        ("a1", 401),
        ("a1", 400),
        ("c3", 450),
        ("b2", 999),
    ):
        if challenge not in issued:
            right = "challenge_unknown"
        elif challenge in used:
            right = "challenge_used"
        elif now - issued[challenge] > 300:
            right = "challenge_expired"
        else:
            right = None
        yield (challenge, issued, used, now), right


def _challenge_diagnose(args: tuple, got: object, right: object) -> str | None:
    if right == "challenge_used" and got is None:
        return "replay"
    if right == "challenge_expired" and got is None:
        return "expiry"
    if right is None and got == "challenge_expired":
        return "boundary"
    return None


def _identifier_cases() -> Iterator[Case]:
    from cryptography import x509

    from dvcedu.pki.identity import identifiers

    for der in _certificates():
        yield (der,), identifiers(x509.load_der_x509_certificate(der).subject)[0].raw


def _identifier_diagnose(args: tuple, got: object, right: object) -> str | None:
    if isinstance(got, str) and ":" not in got and right.endswith(got):
        return "prefix"
    if isinstance(got, str) and ("CN=" in got or "UID=" in got):
        return "whole_name"
    return None


def _module_cases() -> Iterator[Case]:
    from dvcedu.token.modules import find_module

    yield (), str(find_module(environ={}).path)


def _module_diagnose(args: tuple, got: object, right: object) -> str | None:
    import os

    if not isinstance(got, str) or not os.path.isfile(got):
        return "missing"
    return "not_pkcs11"


def _origin_cases() -> Iterator[Case]:
    expected = "https://dichvucong.gov.vn"
    for origin, right in (
        (expected, True),
        ("https://dichvucong.gov.vn.dvc-online.test", False),
        ("http://dichvucong.gov.vn", False),
        ("https://dichvucong.gov.vn:8443", False),
        ("https://xn--dichvucng-7m7d.gov.vn", False),
        ("https://sub.dichvucong.gov.vn", False),
        # the same origin written otherwise: https's own port, a host in
        # capitals (host names ignore case, RFC 6454 4)
        ("https://dichvucong.gov.vn:443", True),
        ("https://DichVuCong.gov.vn", True),
        ("http://dichvucong.gov.vn:443", False),
    ):
        yield (origin, expected), right


def _origin_diagnose(args: tuple, got: object, right: object) -> str | None:
    origin = args[0]
    if got is False and right is True:
        return "spelling"
    if got is True and origin.startswith(args[1]):
        return "prefix"
    if got is True and args[1].split("//")[1] in origin:
        return "contains"
    return None


def _covered_cases() -> Iterator[Case]:
    byte_range = (0, 35295, 46751, 646)
    for offset in (0, 35294, 35295, 40000, 46750, 46751, 47396, 47397):
        first = 0 <= offset < 35295
        second = 46751 <= offset < 46751 + 646
        yield (byte_range, offset), first or second


def _covered_diagnose(args: tuple, got: object, right: object) -> str | None:
    (start1, len1, start2, len2), offset = args
    if got is True and offset in (start1 + len1, start2 + len2):
        return "end_inclusive"
    if got is False and start2 < offset < start2 + len2:
        return "length_as_end"
    return None


def _signed_bytes_cases() -> Iterator[Case]:
    data = bytes(range(256)) * 4
    for byte_range in ((0, 100, 300, 724), (0, 10, 1000, 24), (0, 512, 600, 424)):
        a, b, c, d = byte_range
        yield (data, byte_range), data[a : a + b] + data[c : c + d]


def _signed_bytes_diagnose(args: tuple, got: object, right: object) -> str | None:
    data, (a, b, c, d) = args
    if got == data[a:b] + data[c:d]:
        return "length_as_end"
    return None


# --- an attack the learner writes: the relay of notebook 07 -----------------------------------
FAKE_ORIGIN = "https://dichvucong-gov.test"
_ATTACK_LAB: dict[str, object] = {}


def attack_lab(*, portal: object, plugin: object, certificate: object, pin: str) -> None:
    """Give the relay task the notebook's portal and the victim's plugin, certificate and PIN
    (the victim types the PIN on the fake page: that is the attack)."""
    _ATTACK_LAB.update(portal=portal, plugin=plugin, certificate=certificate, pin=pin)


def _relay_cases() -> Iterator[Case]:
    """One run: ``challenge()`` fetches a real login challenge from the portal (as the fake
    page's server does), ``sign(data)`` is the victim's plugin signing on the fake page (the
    plugin, not the attacker, writes the origin it sees). A right relay is complete in every
    part, so the one guard that stops it is the origin: ``origin_mismatch``."""
    if not _ATTACK_LAB:
        raise RuntimeError(
            "call dvcedu.tasks.attack_lab(portal=…, plugin=…, certificate=…, pin=…) first"
        )
    portal, plugin = _ATTACK_LAB["portal"], _ATTACK_LAB["plugin"]

    def challenge() -> bytes:
        return portal.challenge("login").body  # type: ignore[attr-defined,no-any-return]

    def sign(data: bytes) -> bytes:
        return plugin.sign(
            data,
            _ATTACK_LAB["certificate"],  # type: ignore[attr-defined]
            _ATTACK_LAB["pin"],
            origin=FAKE_ORIGIN,
        ).signature

    yield (challenge, sign), "origin_mismatch"


def _relay_judge(args: tuple, message: object) -> object:
    from dvcedu.errors import VerificationError

    if isinstance(message, str):
        message = message.encode()
    if not isinstance(message, bytes):
        return f"not bytes: {type(message).__name__}"
    try:
        _ATTACK_LAB["portal"].login(message)  # type: ignore[attr-defined]
    except VerificationError as error:
        return error.reason.value
    return "logged_in"


def _relay_diagnose(args: tuple, got: object, right: object) -> str | None:
    return {
        "challenge_unknown": "challenge",
        "malformed_message": "shape",
        "cms_malformed": "signature",
        "bad_signature": "signature",
        "content_digest_mismatch": "signature",
    }.get(str(got))


TASKS: dict[str, Task] = {
    task.id: task
    for task in (
        Task("01.key-id", _key_id_cases, _key_id_diagnose),
        Task("01.tries", _tries_cases, _tries_diagnose),
        Task("02.check-digit-code", _check_digit_cases, _check_digit_diagnose),
        Task("02.birth-year", _birth_year_cases, _birth_year_diagnose),
        Task("03.signature-ok", _signature_cases, _signature_diagnose),
        Task("03.digest-info", _digest_info_cases, _digest_info_diagnose),
        Task("04.identifier", _identifier_cases, _identifier_diagnose),
        Task("06.module-path", _module_cases, _module_diagnose),
        Task("05.challenge", _challenge_cases, _challenge_diagnose),
        Task("07.same-origin", _origin_cases, _origin_diagnose),
        Task("07.relay", _relay_cases, _relay_diagnose, judge=_relay_judge),
        Task("10.covered", _covered_cases, _covered_diagnose),
        Task("10.signed-bytes", _signed_bytes_cases, _signed_bytes_diagnose),
    )
}
