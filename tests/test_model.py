import pytest

from dvcedu.model import Actor, Transcript, canonical_json


def test_transcript_numbers_steps_and_keeps_bytes():
    tr = Transcript()
    tr.seed_step = "2.1"
    first = tr.record(Actor.PAGE, Actor.PLUGIN, "checkPlugin", {"b": 1, "a": "Cổng"})
    second = tr.record(Actor.PLUGIN, Actor.PAGE, "reply", b"\x00\x01", ok=False)
    assert [e.step for e in tr] == [1, 2]
    assert first.payload == '{"a":"Cổng","b":1}'.encode()
    assert first.json() == {"a": "Cổng", "b": 1}
    assert first.seed_step == "2.1"
    assert tr.failed() == [second]
    assert tr.find("reply") is second
    with pytest.raises(KeyError):
        tr.find("missing")


def test_actor_labels():
    assert Actor.PORTAL.label("vi") == "Cổng DVCQG"
    assert Actor.PLUGIN.label("en") == "Signing plugin"


def test_canonical_json_is_stable():
    assert canonical_json({"z": 1, "a": [1, 2]}) == b'{"a":[1,2],"z":1}'
