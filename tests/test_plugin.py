"""The signing plugin on a real SoftHSM2 token, through the JSON wire, with the Transcript
checked byte for byte."""

from __future__ import annotations

import base64
import json
import shutil

import pytest
from asn1crypto import cms as asn1_cms
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from dvcedu import lab
from dvcedu.clock import COURSE_DAY, FixedClock
from dvcedu.errors import (
    NoUsableCertificate,
    PinIncorrect,
    PluginError,
    RejectReason,
    TokenNotPresent,
    UserCancelled,
)
from dvcedu.model import Actor
from dvcedu.pki import cms, samples
from dvcedu.plugin import PluginWire, ScriptedLearner, SigningPlugin
from dvcedu.plugin.protocol import stringify
from dvcedu.token import TRAINING_PIN

from .conftest import requires_softhsm

pytestmark = requires_softhsm
ORIGIN = "https://dichvucong.gov.test"
DATA = b'{"nonce":"00112233"}'


def wire_for(pin=TRAINING_PIN, pick=None, **plugin_args):
    plugin = SigningPlugin(clock=FixedClock(COURSE_DAY), **plugin_args)
    return PluginWire(plugin, origin=ORIGIN, learner=ScriptedLearner(pin=pin, pick=pick))


def item(data=DATA, fmt="cmsdetached"):
    return stringify({"data": base64.b64encode(data).decode(), "type": fmt})


def sign_through(wire, data=DATA, fmt="cmsdetached"):
    info = wire.call("getCertInfo")
    result = wire.call("signArrDataAdvanced", [item(data, fmt)], info["serial"], True, False)
    return base64.b64decode(result[0]["data"])


def test_every_crossing_is_recorded_once_with_its_bytes(training_token):
    wire = wire_for()
    assert wire.call("checkPlugin") == "1"
    assert wire.call("CheckToken") == "1" and wire.status.certificates == 1
    signature = sign_through(wire)
    events = wire.plugin.transcript.events
    pairs = [(e.sender, e.receiver, e.name) for e in events]
    assert pairs == [
        (Actor.PAGE, Actor.PLUGIN, "checkPlugin"),
        (Actor.PLUGIN, Actor.PAGE, "checkPlugin: result"),
        (Actor.PAGE, Actor.PLUGIN, "CheckToken"),
        (Actor.PLUGIN, Actor.TOKEN, "C_GetTokenInfo"),
        (Actor.TOKEN, Actor.PLUGIN, "CK_TOKEN_INFO"),
        (Actor.PLUGIN, Actor.PAGE, "CheckToken: result"),
        (Actor.PAGE, Actor.PLUGIN, "getCertInfo"),
        (Actor.PLUGIN, Actor.TOKEN, "C_FindObjects"),
        (Actor.TOKEN, Actor.PLUGIN, "CKA_VALUE"),
        (Actor.LEARNER, Actor.PLUGIN, "chọn chứng thư"),
        (Actor.PLUGIN, Actor.PAGE, "getCertInfo: result"),
        (Actor.PAGE, Actor.PLUGIN, "signArrDataAdvanced"),  # the certificate just chosen
        (Actor.LEARNER, Actor.PLUGIN, "nhập mã PIN"),
        (Actor.PLUGIN, Actor.TOKEN, "C_Login"),
        (Actor.TOKEN, Actor.PLUGIN, "CKR_OK"),
        (Actor.PLUGIN, Actor.TOKEN, "C_Sign"),
        (Actor.TOKEN, Actor.PLUGIN, "signature"),
        (Actor.PLUGIN, Actor.PAGE, "signArrDataAdvanced: result"),
    ]
    by_name = {e.name: e for e in events}
    cert = samples.load_certificate("enterprise")
    assert by_name["CKA_VALUE"].payload == cms.certificate_der(cert)
    parsed = asn1_cms.ContentInfo.load(signature)["content"]["signer_infos"][0]
    assert by_name["C_Sign"].payload == b"\x31" + parsed["signed_attrs"].dump()[1:]
    assert by_name["signature"].payload == parsed["signature"].native
    # the frame as the library sends it: the array, stringified, of stringified items
    request = json.loads(by_name["signArrDataAdvanced"].payload)
    sent = json.loads(json.loads(request["args"][0])[0])
    assert base64.b64decode(sent["data"]) == DATA and request["args"][1:] == [
        f"{samples.load_certificate('enterprise').serial_number:X}",
        "1",
        "0",
    ]
    assert request["domain"] == "dichvucong.gov.test" and request["functionID"] == 10
    result, _, callback = by_name["signArrDataAdvanced: result"].payload.decode().rpartition("*")
    assert callback == "callbackDefault"
    assert base64.b64decode(json.loads(json.loads(result)[0])["data"]) == signature
    assert by_name["C_Login"].payload == b"" and by_name["nhập mã PIN"].payload == b""
    assert all(TRAINING_PIN.encode() not in e.payload for e in events)
    assert cms.verify_detached(signature, DATA).origin == ORIGIN


def test_raw_signature_is_made_over_the_data(training_token):
    signature = sign_through(wire_for(), fmt="raw")
    samples.load_certificate("enterprise").public_key().verify(
        signature, DATA, padding.PKCS1v15(), hashes.SHA256()
    )


def test_wrong_pin_is_a_recorded_failed_step(training_token):
    wire = wire_for(pin="00000000")
    with pytest.raises(PinIncorrect):
        sign_through(wire)
    failed = wire.plugin.transcript.failed()
    assert [(e.sender, e.receiver, e.name) for e in failed] == [
        (Actor.TOKEN, Actor.PLUGIN, "CKR_PIN_INCORRECT"),
        (Actor.PLUGIN, Actor.PAGE, "signArrDataAdvanced: error"),
    ]
    assert "4/5" in failed[0].note_vi


def test_cancelled_choice_and_closed_pin_dialog(training_token):
    wire = wire_for(pick="MST:9999999999")
    with pytest.raises(UserCancelled):
        wire.call("getCertInfo")
    assert wire.plugin.transcript.failed()[-1].name == "getCertInfo: error"
    wire = wire_for(pin=None)
    with pytest.raises(UserCancelled):
        sign_through(wire)
    assert not wire.plugin.transcript.find("nhập mã PIN").ok


def test_no_usable_certificate(home):
    lab.provision("expired")
    wire = wire_for()
    with pytest.raises(NoUsableCertificate) as caught:
        wire.call("getCertInfo")
    assert caught.value.count == 1
    assert caught.value.reason is RejectReason.CERT_EXPIRED
    assert "hết hạn" in caught.value.message("vi") and "cert_expired" not in str(caught.value)
    assert wire.plugin.transcript.failed()[-1].name == "getCertInfo: error"


def test_every_reason_the_picker_gives_has_words():
    from dvcedu import i18n

    for reason in (
        RejectReason.CERT_EXPIRED,
        RejectReason.CERT_NOT_YET_VALID,
        RejectReason.CA_AS_LEAF,
        RejectReason.KEY_USAGE_MISSING,
        RejectReason.UNTRUSTED_ROOT,
    ):
        assert f"hidden.{reason.value}" in i18n.MESSAGES


def test_token_removed_mid_way(training_token, home):
    class Unplugs(ScriptedLearner):
        def enter_pin(self, choice, asked):
            for folder in (home / "tokens").iterdir():  # pull the token out of the USB port
                shutil.rmtree(folder)
            return TRAINING_PIN

    plugin = SigningPlugin(clock=FixedClock(COURSE_DAY))
    wire = PluginWire(plugin, origin=ORIGIN, learner=Unplugs(pin=TRAINING_PIN))
    with pytest.raises(TokenNotPresent):
        sign_through(wire)
    assert [e.name for e in plugin.transcript.failed()][-1] == "signArrDataAdvanced: error"


def test_picker_trusts_issuer_names_only(home):
    lab.provision("lookalike")
    vnpt = samples.load_certificate("vnpt").subject
    viettel = samples.load_certificate("viettel").subject
    # the look-alike copies VNPT's name, so a name-based picker lets it through
    assert SigningPlugin(clock=FixedClock(COURSE_DAY), trusted_issuers=[vnpt]).list_certificates()
    with pytest.raises(NoUsableCertificate):
        SigningPlugin(clock=FixedClock(COURSE_DAY), trusted_issuers=[viettel]).list_certificates()


def test_functions_not_simulated_and_unknown_formats_are_refused_in_words(training_token):
    wire = wire_for()
    with pytest.raises(PluginError) as caught:
        wire.call("signXML", "PHhtbC8+")
    assert "signXML" in caught.value.message("en") and "id 1" in caught.value.message("en")
    result = wire.transcript[-1].payload.decode()
    assert json.loads(result.rpartition("*")[0])["code"] == 5
    with pytest.raises(PluginError):
        wire.call("signArrDataAdvanced", [item(fmt="xades")], None)
    plugin = wire.plugin
    with pytest.raises(PluginError):
        plugin.sign(
            DATA, plugin.list_certificates()[0], TRAINING_PIN, format="xades", origin=ORIGIN
        )
