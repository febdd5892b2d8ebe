"""One exception tree for everything dvcedu raises.

Every error carries a message id from :mod:`dvcedu.i18n` and its fields, so it can speak
Vietnamese and English; ``str(error)`` gives the active language first and the other second.
The fields a caller may act on are typed attributes declared on the class (``PinIncorrect.left``,
``TokenError.code``, ``AmbiguousObject.count``), after cryptography's
``InvalidVersion(msg, parsed_version)``. Code and tests branch on the class, those attributes
and :class:`RejectReason`, never on message text. Errors of lower layers (PyKCS11,
cryptography, sqlite3) are translated where they are caught, once, and re-raised
``from None``.

The tree::

    DvceduError
    ├── ConfigError                training-PKI file or other settings are wrong
    ├── DataFileError              a certificate / key / bundle file cannot be read
    ├── TokenError                 anything between dvcedu and a PKCS#11 token
    │   ├── ModuleNotFound         the PKCS#11 library file is missing
    │   ├── ModuleLoadError        the file is there but is not a loadable PKCS#11 library
    │   ├── TokenNotPresent        no token with that label (not plugged in / removed)
    │   ├── TokenExists            initialising a label that is already taken
    │   ├── PinError
    │   │   ├── PinIncorrect       wrong PIN; ``tries_left`` when known
    │   │   ├── PinLocked          too many wrong PINs; needs the SO PIN
    │   │   └── PinLenRange        PIN too short / too long
    │   ├── ObjectNotFound
    │   │   └── KeyNotFound        exactly-one lookup found nothing
    │   ├── AmbiguousObject        exactly-one lookup found several
    │   └── TokenOperationError    any other CKR_* code, kept by name
    ├── PluginError                the signing plugin could not do what the page asked
    │   ├── UserCancelled          the learner closed the certificate or PIN dialog
    │   └── NoUsableCertificate    no certificate on the token may sign now
    ├── VerificationError          a check failed; ``reason`` is a RejectReason
    ├── ApprovalError              the e-ID app's approval did not open a login; ``reason``
    └── RemoteSigningError         the remote-signing service (CSC API) refused; ``reason``
"""

from __future__ import annotations

import enum
import re
from typing import ClassVar

from dvcedu import i18n


def library_detail(error: Exception, limit: int = 120) -> str:
    """The first line of a library's own error, shortened: shown after dvcedu's words, for the
    curious (cryptography's FAQ link left out)."""
    text = (str(error).strip() or type(error).__name__).splitlines()[0]
    text = re.sub(r"Unable to load PEM file\. See \S+ for more details\. ?", "", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class DvceduError(Exception):
    """Root of every dvcedu error. ``msg_id`` + ``fields`` make the message in any language;
    the fields a class declares as annotated attributes are also set as attributes."""

    default_msg_id: ClassVar[str] = "error.generic"

    def __init__(self, msg_id: str | None = None, /, **fields: object) -> None:
        self.msg_id = msg_id or self.default_msg_id
        self.fields = fields
        for name in _typed_fields(type(self)) & fields.keys():
            setattr(self, name, fields[name])
        super().__init__(self.msg_id)

    def message(self, lang: str | None = None) -> str:
        """The message in one language (default: the active one)."""
        return i18n.t(self.msg_id, lang, **self.fields)

    def __str__(self) -> str:
        return i18n.both(self.msg_id, **self.fields)

    def __reduce__(self) -> tuple[object, ...]:
        """Pickled whole — message id, fields, typed attributes — whatever the subclass's
        ``__init__`` takes: errors cross process boundaries (the classroom's workers, the
        service's threads, a kernel), and Exception's own pickling calls ``cls(*args)``, which
        for ``VerificationError`` (its first argument is the reason) raised on the way back."""
        return _rebuilt, (type(self), self.args, dict(self.__dict__))


def _rebuilt(
    cls: type[DvceduError], args: tuple[object, ...], state: dict[str, object]
) -> DvceduError:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


def _typed_fields(cls: type) -> set[str]:
    """The attribute names a DvceduError class declares (ClassVar ones excepted)."""
    return {
        name
        for klass in cls.__mro__
        for name, kind in vars(klass).get("__annotations__", {}).items()
        if not str(kind).startswith("ClassVar")
    }


class ConfigError(DvceduError):
    """The training-PKI file (or another setting) is not what dvcedu expects."""


class DataFileError(DvceduError):
    """A certificate, key or bundle file is missing or cannot be parsed."""

    default_msg_id = "data.unreadable"


class TokenError(DvceduError):
    """Something between dvcedu and a PKCS#11 token went wrong."""

    default_msg_id = "token.operation"
    code: str | None = None
    """The CKR_* name the token answered, when it answered one."""
    operation: str | None = None
    """The PKCS#11 call that failed (C_Login, C_Sign, …)."""


class ModuleNotFound(TokenError):
    """The PKCS#11 library file does not exist."""

    default_msg_id = "module.not_found"


class ModuleLoadError(TokenError):
    """The file exists but could not be loaded as a PKCS#11 library."""

    default_msg_id = "module.not_loadable"


class TokenNotPresent(TokenError):
    """No token with the wanted label is present (or it was removed mid-way)."""

    default_msg_id = "token.not_present"
    label: str | None = None
    present: str | None = None
    """The labels of the tokens that are there, quoted and joined."""


class TokenExists(TokenError):
    """A token with this label already exists."""

    default_msg_id = "token.exists"


class PinError(TokenError):
    """The PIN was refused."""


class PinIncorrect(PinError):
    """Wrong PIN (CKR_PIN_INCORRECT). ``tries_left`` is ``None`` when the token does not say."""

    default_msg_id = "pin.incorrect_unknown"
    left: int | None = None
    """Tries left before the PIN locks; ``None`` when the token does not say."""
    max: int | None = None
    """How many wrong PINs in a row lock it (the simulated counter knows)."""

    @property
    def tries_left(self) -> int | None:
        return self.left


class PinLocked(PinError):
    """The user PIN is locked (CKR_PIN_LOCKED): only the SO PIN can unlock it."""

    default_msg_id = "pin.locked"


class PinLenRange(PinError):
    """The PIN is shorter or longer than the token allows (CKR_PIN_LEN_RANGE)."""

    default_msg_id = "pin.len_range_unknown"
    length: int | None = None
    min: int | None = None
    max: int | None = None


class ObjectNotFound(TokenError):
    """An exactly-one lookup on the token found nothing."""

    default_msg_id = "object.not_found"
    what: str | None = None
    criteria: str | None = None


class KeyNotFound(ObjectNotFound):
    """No private key matched."""


class AmbiguousObject(TokenError):
    """An exactly-one lookup found several objects; dvcedu never picks ``[0]``."""

    default_msg_id = "object.ambiguous"
    count: int = 0
    what: str | None = None


class TokenOperationError(TokenError):
    """Any other PKCS#11 failure; ``code`` holds the CKR_* name."""


class PluginError(DvceduError):
    """The signing plugin could not do what the page asked."""

    default_msg_id = "plugin.error"


class UserCancelled(PluginError):
    """The learner closed the certificate picker or the PIN dialog."""

    default_msg_id = "plugin.cancelled"


class NoUsableCertificate(PluginError):
    """The token holds no certificate that may sign now (expired, CA, no signing usage...).
    ``reason`` is why the first one was hidden, as the plugin's own result codes say it."""

    default_msg_id = "plugin.no_certificate"
    count: int = 0
    """How many certificates the plugin hid."""

    @property
    def reason(self) -> RejectReason | None:
        """Why the first one was hidden."""
        try:
            return RejectReason(self.fields.get("reason"))
        except ValueError:
            return None


class RejectReason(enum.Enum):
    """Why a check refused something.

    Where the VNPT-CA Plugin has a result code for the same situation, ``plugin_code`` is that
    code (0 valid, 2 expired, 3 not yet valid, 4 revoked, 6 revocation check failed, 7 not
    issued by a trusted CA, 8 certificate unreadable); otherwise it is ``None``.
    """

    def __new__(cls, value: str, plugin_code: int | None = None) -> RejectReason:
        member = object.__new__(cls)
        member._value_ = value
        member.plugin_code = plugin_code
        return member

    plugin_code: int | None

    MALFORMED_MESSAGE = ("malformed_message",)
    CHALLENGE_UNKNOWN = ("challenge_unknown",)
    CHALLENGE_USED = ("challenge_used",)
    CHALLENGE_EXPIRED = ("challenge_expired",)
    CHALLENGE_WRONG_PURPOSE = ("challenge_wrong_purpose",)
    ORIGIN_MISMATCH = ("origin_mismatch",)
    CMS_MALFORMED = ("cms_malformed", 8)
    CONTENT_DIGEST_MISMATCH = ("content_digest_mismatch",)
    BAD_SIGNATURE = ("bad_signature",)
    CERT_UNREADABLE = ("cert_unreadable", 8)
    CERT_EXPIRED = ("cert_expired", 2)
    CERT_NOT_YET_VALID = ("cert_not_yet_valid", 3)
    CERT_REVOKED = ("cert_revoked", 4)
    REVOCATION_UNKNOWN = ("revocation_unknown", 6)
    UNTRUSTED_ROOT = ("untrusted_root", 7)
    LOOKALIKE_ISSUER = ("lookalike_issuer", 7)
    CA_AS_LEAF = ("ca_as_leaf",)
    KEY_USAGE_MISSING = ("key_usage_missing",)
    LEGACY_ALGORITHM = ("legacy_algorithm",)
    IDENTIFIER_MISSING = ("identifier_missing",)
    IDENTIFIER_INVALID = ("identifier_invalid",)
    EMAIL_INVALID = ("email_invalid",)
    CAPTCHA_WRONG = ("captcha_wrong",)
    CAPTCHA_USED = ("captcha_used",)
    ALREADY_REGISTERED = ("already_registered",)
    ACCOUNT_UNKNOWN = ("account_unknown",)
    IDENTIFIER_MISMATCH = ("identifier_mismatch",)


class VerificationError(DvceduError):
    """A verification step refused its input; ``reason`` says which one, ``expected`` and
    ``found`` what differed when a comparison failed."""

    expected: object = None
    found: object = None

    def __init__(self, reason: RejectReason, msg_id: str | None = None, /, **fields: object):
        self.reason = reason
        super().__init__(msg_id or f"reject.{reason.value}", **fields)


class ApprovalError(DvceduError):
    """A login by the organisation's e-ID account (VNeID, :mod:`dvcedu.portal.vneid`) was not
    approved; ``reason`` says which guard refused it, ``value`` what it was given."""

    default_msg_id: ClassVar[str] = "approval.unknown_request"
    reason: str
    value: str = ""

    def __init__(self, msg_id: str | None = None, /, **fields: object) -> None:
        by_reason = f"approval.{fields['reason']}" if "reason" in fields else None
        super().__init__(msg_id or by_reason, **fields)


class RemoteSigningError(DvceduError):
    """The training remote-signing service (:mod:`dvcedu.rssp`, the CSC API) refused a
    request; ``reason`` says which guard, ``value`` what it was given, and ``status`` the HTTP
    status the CSC API answers it with."""

    default_msg_id: ClassVar[str] = "rssp.bad_request"
    reason: str
    value: str = ""

    def __init__(self, msg_id: str | None = None, /, **fields: object) -> None:
        by_reason = f"rssp.{fields['reason']}" if "reason" in fields else None
        super().__init__(msg_id or by_reason, **fields)
