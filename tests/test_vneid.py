"""The organisation's e-ID account (VNeID) on the practice identity service: every guard of the
approval with an input that really should fail it, and the whole login — the page names the
organisation and its representative, the phone approves, the portal's client gets an ID token
whose ``amr`` says "mca" (a second channel, RFC 8176) — checked with the identity service's
own published key through joserfc, not with our own portal."""

from __future__ import annotations

import pickle
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet
from starlette.testclient import TestClient

from dvcedu.clock import COURSE_DAY, FixedClock
from dvcedu.errors import ApprovalError
from dvcedu.model import Actor
from dvcedu.portal import Store
from dvcedu.portal.vneid import APPROVAL_TTL, TRAINING_ACCOUNTS, State, Vneid
from dvcedu.web.practice import Practice, internal_url
from dvcedu.web.robot import page_data

from .test_security_sso import PORTAL, SECRET, SSO, authorize_query, pkce, token

AN_BINH = TRAINING_ACCOUNTS[0]


@pytest.fixture
def vneid():
    clock = FixedClock(COURSE_DAY)
    counter = iter(range(10_000))
    return Vneid(clock=clock, random=lambda n: next(counter).to_bytes(n, "big")), clock


def ask(vneid: Vneid, **changes: str):
    fields = {
        "organisation": AN_BINH.identifier,
        "representative": AN_BINH.representative,
        "service": SSO,
    } | changes
    return vneid.ask(**fields)


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"organisation": "019900101"}, "organisation_shape"),
        ({"organisation": "0199001010-001"}, "organisation_shape"),  # a branch has no account
        ({"representative": "00108501234"}, "representative_shape"),
        ({"representative": "0010850123456"}, "representative_shape"),
        ({"organisation": "0199002021"}, "unknown_organisation"),
        ({"representative": TRAINING_ACCOUNTS[1].representative}, "not_representative"),
    ],
)
def test_each_guard_of_the_request_refuses_what_it_should(vneid, changes, reason):
    with pytest.raises(ApprovalError) as caught:
        ask(vneid[0], **changes)
    assert caught.value.reason == reason
    assert caught.value.message("vi") != caught.value.message("en")
    assert pickle.loads(pickle.dumps(caught.value)).reason == reason


def test_an_approval_opens_one_login_once(vneid):
    service, _ = vneid
    approval = ask(service, organisation=" 0199001010 ")
    assert service.waiting() == [approval] and service.take(approval.id) is None
    assert service.answer(approval.id, approve=True).state is State.APPROVED
    assert service.waiting() == []
    assert service.take(approval.id) == AN_BINH
    with pytest.raises(ApprovalError) as again:
        service.take(approval.id)
    assert again.value.reason == "already_used"
    with pytest.raises(ApprovalError) as answered:
        service.answer(approval.id, approve=True)
    assert answered.value.reason == "already_answered"


def test_a_refusal_is_final(vneid):
    service, _ = vneid
    approval = ask(service)
    service.answer(approval.id, approve=False)
    for _ in range(2):
        with pytest.raises(ApprovalError) as caught:
            service.take(approval.id)
        assert caught.value.reason == "refused"


@pytest.mark.parametrize(
    ("waited", "expired"), [(APPROVAL_TTL.seconds - 1, False), (APPROVAL_TTL.seconds + 1, True)]
)
def test_an_unanswered_request_expires_by_the_service_clock(vneid, waited, expired):
    service, clock = vneid
    approval = ask(service)
    clock.advance(seconds=waited)
    assert (service.waiting() == []) is expired
    if not expired:
        service.answer(approval.id, approve=True)
        assert service.take(approval.id) == AN_BINH
        return
    for act in (
        lambda: service.answer(approval.id, approve=True),
        lambda: service.take(approval.id),
    ):
        with pytest.raises(ApprovalError) as caught:
            act()
        assert caught.value.reason == "expired"


def test_an_unknown_request_is_refused(vneid):
    with pytest.raises(ApprovalError) as caught:
        vneid[0].take("khong-co")
    assert caught.value.reason == "unknown_request"


# --- through the identity service ------------------------------------------------------------


@pytest.fixture
def sso():
    from dvcedu.web.sso import SsoService

    practice = Practice(PORTAL, SSO, (), store=Store.memory(), clock=FixedClock(COURSE_DAY))
    service = SsoService(practice, client_secret=SECRET)
    return TestClient(service.app, base_url=SSO, follow_redirects=False), practice


def send(client: TestClient, query: dict[str, str], **changes: str):
    page = client.get("/oauth2/authorize?" + urlencode(query))
    assert page.status_code == 200 and 'id="tab-vneid"' in page.text
    assert page_data(page.text)["query"] == urlencode(query)
    body = {
        "query": urlencode(query),
        "organisation": AN_BINH.identifier,
        "representative": AN_BINH.representative,
    } | changes
    return client.post("/oauth2/authorize/vneid", headers={"origin": SSO}, json=body)


def outcome(client: TestClient, query: dict[str, str], approval: str):
    return client.post(
        "/oauth2/authorize/vneid/ket-qua",
        headers={"origin": SSO},
        json={"query": urlencode(query), "approval": approval},
    ).json()


def phone_answers(client: TestClient, approval: str, approve: bool):
    return client.post(
        "/vneid/tra-loi", headers={"origin": SSO}, json={"approval": approval, "approve": approve}
    )


def test_the_whole_login_gives_an_id_token_for_the_organisation(sso):
    client, practice = sso
    verifier, challenge = pkce()
    query = authorize_query(challenge)
    asked = send(client, query).json()
    assert asked["ok"] and asked["phone"] == f"{SSO}/vneid"
    assert outcome(client, query, asked["approval"]) == {"ok": False, "pending": True}
    phone = client.get("/vneid")
    assert AN_BINH.name in phone.text and asked["approval"] in phone.text
    assert AN_BINH.representative not in phone.text  # the phone names the organisation only
    assert phone_answers(client, asked["approval"], True).json()["state"] == "approved"
    done = outcome(client, query, asked["approval"])
    assert done["ok"] and done["next"].startswith(f"{PORTAL}/dang-nhap/callback?")
    code = parse_qs(urlsplit(done["next"]).query)["code"][0]
    issued = token(client, code, verifier).json()
    claims = jwt.decode(
        issued["id_token"], KeySet.import_key_set(client.get("/oauth2/jwks").json())
    ).claims
    assert (claims["sub"], claims["name"], claims["amr"]) == (
        AN_BINH.identifier,
        AN_BINH.name,
        ["mca"],
    )
    assert claims["nonce"] == query["nonce"] and claims["iss"] == internal_url(SSO)
    legs = [(e.sender, e.receiver) for e in practice.transcript]
    assert legs.index((Actor.SSO, Actor.PHONE)) < legs.index((Actor.PHONE, Actor.SSO))
    assert all(
        AN_BINH.representative not in e.payload.decode("utf-8", "replace")
        for e in practice.transcript
    )  # the ID number is not kept in the record


def test_a_refusal_on_the_phone_ends_the_login_in_words(sso):
    client, _ = sso
    query = authorize_query(pkce()[1])
    asked = send(client, query).json()
    phone_answers(client, asked["approval"], False)
    refused = outcome(client, query, asked["approval"])
    assert refused["reason"] == "refused" and "từ chối" in refused["message"]


def test_an_approval_cannot_open_another_login_request(sso):
    """Approved for one authorization request (its state, nonce, PKCE challenge): a page that
    polls with another request's query gets nothing."""
    client, _ = sso
    query = authorize_query(pkce()[1])
    asked = send(client, query).json()
    phone_answers(client, asked["approval"], True)
    other = authorize_query(pkce()[1], state="trang-thai-khac", nonce="mot-nonce-khac")
    assert outcome(client, other, asked["approval"])["reason"] == "unknown_request"
    assert outcome(client, query, asked["approval"])["ok"]  # the rightful page still gets it
    again = outcome(client, query, asked["approval"])  # its nonce is spent: Authlib says replay
    assert not again["ok"] and again["error"] == "invalid_request" and "Replay" in again["message"]


def test_an_expired_request_is_refused_by_the_practice_clock(sso):
    client, practice = sso
    query = authorize_query(pkce()[1])
    asked = send(client, query).json()
    practice.clock.advance(seconds=APPROVAL_TTL.seconds + 1)
    assert phone_answers(client, asked["approval"], True).json()["reason"] == "expired"
    assert outcome(client, query, asked["approval"])["reason"] == "expired"


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"organisation": "0199002021"}, "unknown_organisation"),
        ({"representative": "079190054321"}, "not_representative"),
        ({"representative": "abc"}, "representative_shape"),
    ],
)
def test_a_wrong_organisation_or_representative_is_refused_before_any_phone(sso, changes, reason):
    client, practice = sso
    refused = send(client, authorize_query(pkce()[1]), **changes)
    assert refused.status_code == 400 and refused.json()["reason"] == reason
    assert not any(Actor.PHONE in (e.sender, e.receiver) for e in practice.transcript)


@pytest.mark.parametrize("body", [b"khong phai json", b"[]", b'{"organisation": "1"}'])
def test_a_malformed_request_gets_words_not_a_500(sso, body):
    client, _ = sso
    for path in ("/oauth2/authorize/vneid", "/oauth2/authorize/vneid/ket-qua", "/vneid/tra-loi"):
        answer = client.post(
            path, headers={"origin": SSO, "content-type": "application/json"}, content=body
        )
        assert answer.status_code == 400 and answer.json()["message"], path


def test_a_request_with_a_bad_authorization_query_is_refused(sso):
    client, _ = sso
    good = authorize_query(pkce()[1])
    bad = authorize_query(pkce()[1], redirect_uri="https://evil.test/dang-nhap/callback")
    answer = client.post(
        "/oauth2/authorize/vneid",
        headers={"origin": SSO},
        json={
            "query": urlencode(bad),
            "organisation": AN_BINH.identifier,
            "representative": AN_BINH.representative,
        },
    )
    assert answer.status_code == 400 and answer.json()["error"]
    assert send(client, good).json()["ok"]
