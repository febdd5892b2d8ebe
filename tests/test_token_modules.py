"""Module discovery: the documented order, and a clear error naming the missing file."""

import pytest

from dvcedu.errors import ModuleNotFound
from dvcedu.token.modules import SOFTHSM_PATHS, VENDOR_MODULES, candidates, find_module

from .conftest import requires_softhsm

DEBIAN = SOFTHSM_PATHS["linux"][0]


def only(*present):
    return lambda path: path in present


def test_explicit_argument_wins():
    choice = find_module(
        "/x/a.so", environ={"DVCEDU_PKCS11_MODULE": "/x/b.so"}, exists=only("/x/a.so", "/x/b.so")
    )
    assert (str(choice.path), choice.source) == ("/x/a.so", "module=…")


def test_then_dvcedu_variable_then_pykcs11lib():
    env = {"DVCEDU_PKCS11_MODULE": "/x/b.so", "PYKCS11LIB": "/x/c.so"}
    assert (
        find_module(environ=env, exists=only("/x/b.so", "/x/c.so")).source == "DVCEDU_PKCS11_MODULE"
    )
    env = {"PYKCS11LIB": "/x/c.so"}
    assert find_module(environ=env, exists=only("/x/c.so", DEBIAN)).source == "PYKCS11LIB"


def test_then_softhsm_then_vendor_modules():
    assert str(find_module(environ={}, platform="linux", exists=only(DEBIAN)).path) == DEBIAN
    fpt = "/usr/lib/fptca_v4.so"
    choice = find_module(environ={}, platform="linux", exists=only(fpt))
    assert (str(choice.path), choice.source) == (fpt, "FPT-CA")
    mac = find_module(
        environ={}, platform="darwin", exists=only("/opt/homebrew/lib/softhsm/libsofthsm2.so")
    )
    assert mac.source == "SoftHSM2"


def test_an_explicit_missing_file_is_an_error_not_a_fall_through():
    with pytest.raises(ModuleNotFound) as caught:
        find_module(environ={"DVCEDU_PKCS11_MODULE": "/nonexistent.so"}, exists=only(DEBIAN))
    assert "/nonexistent.so" in str(caught.value)
    assert "DVCEDU_PKCS11_MODULE" in caught.value.message("en")


def test_nothing_found_lists_what_was_tried():
    with pytest.raises(ModuleNotFound) as caught:
        find_module(environ={}, platform="linux", exists=only())
    assert DEBIAN in caught.value.message("en")


def test_vendor_table_is_honest():
    assert {m.status for m in VENDOR_MODULES} <= {"confirmed", "secondary", "unconfirmed"}
    for ca in ("VNPT-CA", "Viettel-CA", "FPT-CA", "BKAV-CA", "CA2", "Safe-CA"):
        assert any(m.vendor == ca for m in VENDOR_MODULES), ca
    # unknown Linux names are recorded as unknown, and never searched for
    assert all(m.path == "" for m in VENDOR_MODULES if m.status == "unconfirmed")
    assert all(path for path, _ in candidates("linux"))
    assert any(path.endswith("vnpt-ca_csp11.dll") for path, _ in candidates("win32"))


OPENSC = "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so"


@requires_softhsm
def test_two_modules_side_by_side_and_only_softhsm2_is_ever_reloaded(training_token):
    """A kernel can use the training token and a CA's module in turn (notebook 08): each is
    initialised once; unload() finalizes SoftHSM2 only (other modules may crash on it)."""
    import os

    from dvcedu.token import library, list_tokens, open_token

    if not os.path.exists(OPENSC):
        pytest.skip("OpenSC's PKCS#11 module not installed (apt-get install opensc)")
    softhsm_first = library.load()
    other = library.load(OPENSC)
    assert other is not softhsm_first and not other.is_softhsm
    assert all(not t.label.startswith("DVCEDU") for t in list_tokens(OPENSC))
    with open_token() as token:  # the training token, in the same process, right after
        assert token.certificates()
    library.unload()
    assert library.load(OPENSC) is other  # never finalized, never initialised twice
    assert library.load() is not softhsm_first  # SoftHSM2 read its token folder afresh
    with open_token() as token:
        assert token.certificates()


def test_only_modules_the_tests_sign_through_are_marked_run():
    """A row says "run" only for what tests/test_token_opencryptoki.py and the SoftHSM2 suite
    sign through; no CA's hardware module is claimed."""
    from dvcedu.token.modules import SOFTWARE_TOKENS

    from . import opencryptoki

    assert not any(m.run for m in VENDOR_MODULES)  # no CA's hardware has been run
    assert all(m.run for m in SOFTWARE_TOKENS)
    assert opencryptoki.MODULE in {m.path for m in SOFTWARE_TOKENS}
    assert not {m.path for m in SOFTWARE_TOKENS} & {
        path for path, _ in candidates("linux") if "softhsm" not in path
    }


P11_KIT_PROXY = "/usr/lib/x86_64-linux-gnu/p11-kit-proxy.so"


@pytest.mark.opencryptoki  # the proxy loads opencryptoki too
@pytest.mark.xdist_group("opencryptoki")
@requires_softhsm
def test_softhsm2_behind_p11_kits_proxy_is_still_the_training_token(home):
    """Behind p11-kit-proxy.so (which loads the modules registered with p11-kit) SoftHSM2 is
    recognised by what its tokens say, not by a file name: dvcedu's own tokens are visible and
    the simulated PIN lockout stays on."""
    import os

    from dvcedu import lab
    from dvcedu.errors import PinIncorrect
    from dvcedu.token import TRAINING_PIN, holds_training_tokens, open_token

    if not os.path.exists(P11_KIT_PROXY):
        pytest.skip("p11-kit's proxy is not installed (apt-get install p11-kit-modules)")
    if not os.path.exists("/usr/share/p11-kit/modules/softhsm2.module"):
        pytest.skip("SoftHSM2 is not registered with p11-kit here")
    lab.provision("enterprise")  # made through SoftHSM2's own module
    assert holds_training_tokens(P11_KIT_PROXY)
    with open_token(pin=TRAINING_PIN, module=P11_KIT_PROXY) as token:
        assert token.certificates() and token.info.manufacturer == "SoftHSM project"
    with pytest.raises(PinIncorrect) as caught, open_token(pin="00000000", module=P11_KIT_PROXY):
        pass
    assert caught.value.msg_id == "pin.incorrect_sim" and caught.value.left == 4
