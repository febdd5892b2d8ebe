"""The CLI as a new user meets it: through a real subprocess, in both languages."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from .conftest import requires_softhsm

pytestmark = requires_softhsm


@pytest.fixture
def run(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DVCEDU_PKCS11_MODULE", "PYKCS11LIB", "DVCEDU_LANG", "SOFTHSM2_CONF")
    }
    env["DVCEDU_HOME"] = str(tmp_path / "home")

    def run(*args: str, **extra_env: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "dvcedu", *args],
            capture_output=True,
            text=True,
            env={**env, **extra_env},
            timeout=120,
        )

    return run


def test_doctor_fails_before_setup_and_passes_after(run):
    before = run("doctor")
    assert before.returncode == 1
    assert "dvcedu token init" in before.stdout and "LỖI" in before.stdout
    made = run("token", "init")
    assert made.returncode == 0 and "DVCEDU-TRAINING" in made.stdout
    after = run("doctor", "--lang", "en")
    assert after.returncode == 0 and "Ready" in after.stdout
    report = json.loads(run("doctor", "--json").stdout)
    assert report["ok"] is True and all(c["ok"] for c in report["checks"] if c["required"])


def test_doctor_names_a_missing_module_and_the_fix(run):
    done = run("doctor", DVCEDU_PKCS11_MODULE="/nonexistent.so")
    assert done.returncode == 1
    assert "/nonexistent.so" in done.stdout and "apt-get install softhsm2" in done.stdout


def test_wrong_pin_in_both_languages_and_no_pin_echoed(run):
    run("token", "init")
    vi = run("token", "show", "--pin", "99999999")
    assert vi.returncode == 1
    assert vi.stderr.startswith("LỖI: Sai mã PIN") and "[en] Wrong PIN" in vi.stderr
    en = run("token", "show", "--pin", "99999999", "--lang", "en")
    assert en.stderr.startswith("FAIL: Wrong PIN") and "[vi] Sai mã PIN" in en.stderr
    assert "99999999" not in vi.stdout + vi.stderr + en.stdout + en.stderr


def test_five_wrong_pins_lock_and_the_so_pin_unlocks(run):
    from dvcedu.token import TRAINING_PIN, TRAINING_SO_PIN

    run("token", "init")
    for _ in range(5):
        assert run("token", "show", "--pin", "00000000").returncode == 1
    locked = run("token", "show", "--pin", TRAINING_PIN, "--lang", "en")
    assert locked.returncode == 1 and "locked" in locked.stderr
    assert run("doctor").returncode == 1
    assert run("token", "unlock", "--so-pin", "11111111").returncode == 1
    assert run("token", "unlock", "--so-pin", TRAINING_SO_PIN).returncode == 0
    shown = run("token", "show", "--pin", TRAINING_PIN)
    assert shown.returncode == 0 and "MST:0199001010" in shown.stdout
    assert TRAINING_PIN not in shown.stdout
    assert "CKA_PRIVATE_EXPONENT: None" in shown.stdout


def test_init_twice_is_refused_unless_reusing(run):
    assert run("token", "init").returncode == 0
    again = run("token", "init")
    assert again.returncode == 1 and "--force" in again.stderr
    reuse = run("token", "init", "--if-missing", "--lang", "en")
    assert reuse.returncode == 0 and "reusing" in reuse.stdout


def test_list_explains_the_spare_slot(run):
    run("token", "init", "--identity", "citizen", "--label", "CONG-DAN")
    listed = run("token", "list")
    assert "CONG-DAN" in listed.stdout and "khe trống" in listed.stdout


def test_generate_on_token_from_the_cli(run):
    done = run("token", "init", "--generate-on-token", "--lang", "en")
    assert done.returncode == 0 and "generated on the token" in done.stdout


def test_unknown_identity_lists_the_known_ones(run):
    done = run("token", "init", "--identity", "nobody")
    assert done.returncode == 1 and "enterprise" in done.stderr


def test_pki_build_reproduces_the_samples(run, tmp_path):
    from dvcedu.pki import samples

    out = tmp_path / "pki"
    import shutil

    shutil.copytree(samples.sample_dir() / "keys", out / "keys")
    done = run("pki", "build", "--out", str(out))
    assert done.returncode == 0
    assert (out / "enterprise.crt").read_bytes() == (
        samples.sample_dir() / "enterprise.crt"
    ).read_bytes()


def test_usage_errors_exit_2(run):
    assert run("token").returncode == 2
    assert run("--lang", "fr", "doctor").returncode == 2


# --- cert show / cert verify ------------------------------------------------------------------
def test_cert_show_json_gives_the_helpdesk_identifiers(run, realworld):
    for path in sorted(realworld.glob("ee-org-*.pem")):
        done = run("cert", "show", str(path), "--json", "--at", "2026-03-02")
        assert done.returncode == 0, done.stderr
        data = json.loads(done.stdout)
        uid = next(f["value"] for f in data["subject"] if f["short"] == "UID")
        assert [i["raw"] for i in data["identifiers"]] == [uid]


def test_cert_show_bytes_and_a_broken_file(run, tmp_path):
    from dvcedu.pki import samples

    done = run("cert", "show", str(samples.sample_dir() / "enterprise.crt"), "--bytes")
    assert done.returncode == 0 and "'MST:0199001010'" in done.stdout
    broken = tmp_path / "hong.crt"
    broken.write_bytes(b"\x30\x82\x01")
    bad = run("cert", "show", str(broken), "--lang", "en")
    assert bad.returncode == 1 and "hong.crt" in bad.stderr and "Cannot read" in bad.stderr


def test_cert_show_from_the_token(run):
    run("token", "init", "--identity", "branch")
    done = run("cert", "show", "--token")
    assert done.returncode == 0 and "MST:0199001010-001" in done.stdout


@pytest.mark.parametrize(
    ("label", "code", "phrase"),
    [
        ("enterprise", 0, "HỢP LỆ"),
        ("citizen", 0, "HỢP LỆ"),
        ("enterprise-2026", 0, "HỢP LỆ"),
        ("expired", 1, "hết hạn"),
        ("revoked", 1, "thu hồi"),
        ("lookalike", 1, "GIẢ MẠO"),
        ("legacy", 1, "SHA-1"),
        ("not-yet-valid", 1, "chưa có hiệu lực"),
    ],
)
def test_cert_verify_verdicts_on_samples(run, label, code, phrase):
    from dvcedu.pki import samples

    done = run("cert", "verify", str(samples.sample_dir() / f"{label}.crt"), "--at", "2026-03-02")
    assert done.returncode == code and phrase in done.stdout


def test_cert_verify_real_certificate_with_the_national_root(run, realworld):
    args = [
        str(realworld / "ee-org-viettel-ca-rs-mst-0107074780.pem"),
        "--trust",
        str(realworld / "vietnam-national-root-ca-sha256.pem"),
        "--chain",
        str(realworld / "viettel-ca-rs.pem"),
        "--json",
    ]
    ok = json.loads(run("cert", "verify", *args, "--at", "2025-06-01").stdout)
    assert ok["valid"] and ok["revocation"]["status"] == "unknown"
    late = run("cert", "verify", *args, "--at", "2028-01-01")
    assert late.returncode == 1 and json.loads(late.stdout)["plugin_code"] == 2
    alone = run(
        "cert",
        "verify",
        str(realworld / "ee-org-viettel-ca-rs-mst-0107074780.pem"),
        "--at",
        "2025-06-01",
        "--json",
    )
    assert alone.returncode == 1 and json.loads(alone.stdout)["reason"] == "untrusted_root"


def test_cert_verify_accepts_a_chain_to_either_national_root(run):
    from dvcedu.pki import samples

    folder = samples.sample_dir()

    def verify(label, *trust):
        args = [a for root in trust for a in ("--trust", str(folder / f"{root}.crt"))]
        if trust:
            args += [
                "--chain",
                str(folder / "vnpt.crt"),
                "--chain",
                str(folder / "vnpt-token-2025.crt"),
            ]
        done = run(
            "cert", "verify", str(folder / f"{label}.crt"), *args, "--at", "2026-03-02", "--json"
        )
        return done.returncode, json.loads(done.stdout)

    for label, root in (
        ("enterprise", "Vietnam National Root CA - "),
        ("enterprise-2026", "Vietnam National Root CA 2025 - "),
    ):
        code, found = verify(label)  # the course's trust: both roots
        assert code == 0 and root in found["chain"][-1], found
        code, found = verify(label, "root", "root-2025")
        assert code == 0 and root in found["chain"][-1], found
    code, found = verify("enterprise-2026", "root")  # a verifier that kept only the old root
    assert code == 1 and found["reason"] == "untrusted_root"
    code, found = verify("enterprise", "root-2025")  # ... or only the new one
    assert code == 1 and found["reason"] == "untrusted_root"


# --- walkthrough / portal accounts ------------------------------------------------------------
@pytest.mark.parametrize(
    ("identity", "code", "reason"),
    [
        ("enterprise", 0, None),
        ("citizen", 0, None),
        ("expired", 1, "cert_expired"),
        ("revoked", 1, "cert_revoked"),
        ("lookalike", 1, "lookalike_issuer"),
    ],
)
def test_walkthrough_verdicts(run, identity, code, reason):
    done = run("walkthrough", "--identity", identity, "--json")
    assert done.returncode == code, done.stderr
    report = json.loads(done.stdout)
    assert report["registration"]["reason"] == reason
    if code == 0:
        assert report["name_top_right"] and report["login"]["ok"]


def test_walkthrough_text_on_the_learners_token_and_again(run):
    assert run("token", "init").returncode == 0
    first = run("walkthrough")
    assert first.returncode == 0
    assert "2.5. Hệ thống ghi nhận" in first.stdout and "OCSP request" in first.stdout
    assert "CÔNG TY TNHH ĐÀO TẠO AN BÌNH (TRAINING)" in first.stdout.splitlines()[-1]
    again = run("walkthrough", "--lang", "en")
    assert again.returncode == 0 and "going on to log in" in again.stdout
    accounts = run("portal", "accounts")
    assert "0199001010" in accounts.stdout and "enterprise" in accounts.stdout


def test_walkthrough_wrong_pin_and_no_token(run):
    run("token", "init")
    wrong = run("walkthrough", "--pin", "00000000", "--lang", "en")
    assert wrong.returncode == 1 and "Wrong PIN" in wrong.stdout
    assert "00000000" not in wrong.stdout + wrong.stderr
    accounts = run("portal", "accounts", "--json")
    assert json.loads(accounts.stdout) == []


def test_walkthrough_without_a_token(run):
    done = run("walkthrough", "--lang", "en")
    assert done.returncode == 1 and "No token labelled 'DVCEDU-TRAINING'" in done.stdout


def test_walkthrough_saves_the_diagrams_as_pictures(run, tmp_path):
    from PIL import Image

    target = tmp_path / "so-do.png"
    assert run("token", "init").returncode == 0
    result = run("walkthrough", "--picture", str(target))
    assert result.returncode == 0, result.stderr
    for path in (target, tmp_path / "so-do-login.png"):
        with Image.open(path) as image:
            assert image.format == "PNG" and image.size[0] > 1000
        assert str(path) in result.stderr


def test_walkthrough_on_an_existing_token_writes_nothing_to_it(run):
    """--label points at a token as it is (a real one, in life): nothing is provisioned, and
    a missing label is answered with the labels that are there."""
    assert run("token", "init", "--label", "CUA-KE-TOAN", "--identity", "citizen").returncode == 0
    before = json.loads(run("token", "list", "--json").stdout)
    done = run("walkthrough", "--label", "CUA-KE-TOAN", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["token"] == "CUA-KE-TOAN" and report["login"]["ok"]
    missing = run("walkthrough", "--label", "KHONG-CO", "--lang", "en")
    assert missing.returncode == 1 and "'CUA-KE-TOAN'" in missing.stdout + missing.stderr
    assert json.loads(run("token", "list", "--json").stdout) == before  # nothing made


def test_every_command_takes_the_module(run, tmp_path):
    """--module names the PKCS#11 library for any command; a wrong one is explained."""
    for command in (
        ["doctor"],
        ["token", "list"],
        ["walkthrough", "--label", "X"],
        ["cert", "show", "--token"],
    ):
        done = run(*command, "--module", str(tmp_path / "khong-co.so"), "--lang", "en")
        assert done.returncode == 1, command
        assert "khong-co.so" in done.stdout + done.stderr, command


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_starts_the_three_services_and_says_where(tmp_path):
    """`dvcedu serve` as a learner types it: the addresses printed answer, in the terminal's
    language; Ctrl+C (SIGINT) stops everything."""
    import signal
    import time
    import urllib.request

    ports = [_free_port() for _ in range(4)]
    env = {**os.environ, "DVCEDU_HOME": str(tmp_path / "home"), "DVCEDU_LANG": "en"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "dvcedu",
            "serve",
            "--port",
            str(ports[0]),
            "--sso-port",
            str(ports[1]),
            "--plugin-port",
            str(ports[2]),
            "--rssp-port",
            str(ports[3]),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://localhost:{ports[0]}/", timeout=2) as r:
                    home = r.read().decode()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, server.stderr.read()
                time.sleep(0.3)
        assert "Đăng ký" in home and "dang-nhap" in home
        with urllib.request.urlopen(
            f"http://localhost:{ports[1]}/.well-known/openid-configuration", timeout=5
        ) as r:
            assert json.load(r)["code_challenge_methods_supported"] == ["S256"]
        info = urllib.request.Request(f"http://localhost:{ports[3]}/csc/v1/info", method="POST")
        with urllib.request.urlopen(info, timeout=5) as r:
            assert "auth/login" in json.load(r)["methods"]
    finally:
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=30)
    assert f"http://localhost:{ports[0]}" in out and f"https://localhost:{ports[2]}/" in out
    assert f"simulated phone: http://localhost:{ports[3]}/dien-thoai" in out
    assert "Stop: Ctrl+C" in out and "Traceback" not in err


def test_rssp_serve_runs_the_remote_signing_service_alone_with_its_hsm_token(tmp_path):
    """`dvcedu rssp serve`: the CSC API answers the training account, lists the credential
    whose key is on the token it made (DVCEDU-RSSP), and the phone page is there."""
    import base64
    import signal
    import time
    import urllib.request

    port = _free_port()
    env = {**os.environ, "DVCEDU_HOME": str(tmp_path / "home"), "DVCEDU_LANG": "vi"}
    server = subprocess.Popen(
        [sys.executable, "-m", "dvcedu", "rssp", "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )

    def post(path: str, headers: dict) -> dict:
        asked = urllib.request.Request(
            f"http://localhost:{port}/csc/v1/{path}", data=b"{}", headers=headers, method="POST"
        )
        with urllib.request.urlopen(asked, timeout=5) as r:
            return json.load(r)

    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                basic = base64.b64encode(b"hocvien:dao-tao").decode()
                token = post("auth/login", {"Authorization": f"Basic {basic}"})["access_token"]
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, server.stderr.read()
                time.sleep(0.3)
        listed = post("credentials/list", {"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(f"http://localhost:{port}/dien-thoai", timeout=5) as r:
            phone = r.read().decode()
    finally:
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=30)
    assert listed == {"credentialIDs": ["an-binh-rs"]}
    assert "Không có giao dịch nào đang chờ." in phone
    assert f"điện thoại mô phỏng: http://localhost:{port}/dien-thoai" in out
    assert "Traceback" not in err
    listed_tokens = subprocess.run(
        [sys.executable, "-m", "dvcedu", "token", "list", "--json"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert "DVCEDU-RSSP" in listed_tokens.stdout


def test_serve_on_a_taken_port_names_it_and_the_option(run):
    import socket

    from dvcedu.web.serve import any_free_port

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run("serve", "--port", str(port), "--lang", "en")
        # the portal's own port free (not the default 8000: another test may hold it)
        other = run("portal", "serve", "--port", str(any_free_port()), "--sso-port", str(port))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"Port {port} on 127.0.0.1 is in use" in done.stderr and "(--port)" in done.stderr
    assert other.returncode == 1 and "(--sso-port)" in other.stderr
    assert f"Cổng {port} trên 127.0.0.1 đang bị chương trình khác dùng" in other.stderr


def test_the_classroom_tools_outside_a_hub_say_what_they_need(run):
    done = run("classroom", "check")
    assert done.returncode == 1
    assert "JupyterHub" in done.stderr and "--hub URL --token TOKEN" in done.stderr
    assert "Traceback" not in done.stderr
    nobody = run(
        "classroom", "reset", "hv01", "--hub", "http://127.0.0.1:9", "--token", "x", "--lang", "en"
    )
    assert nobody.returncode == 1 and "Cannot reach the JupyterHub" in nobody.stderr
    assert "Traceback" not in nobody.stderr


def test_cert_show_says_which_rule_of_which_text_each_check_comes_from(run, realworld):
    shown = run(
        "cert",
        "show",
        str(realworld / "vnpt-ca-demo-subca-2012.pem"),
        "--at",
        "2026-03-02",
        "--lang",
        "en",
    )
    assert shown.returncode == 0, shown.stderr
    line = next(x for x in shown.stdout.splitlines() if x.startswith("an RSA key of at least"))
    assert "FAIL" in line and "Circular 15/2025/TT-BKHCN" in line and "secondary" in line
    data = json.loads(
        run(
            "cert",
            "show",
            str(realworld / "vnpt-ca-demo-subca-2012.pem"),
            "--json",
            "--at",
            "2026-03-02",
        ).stdout
    )
    assert {r["rule"]: r["outcome"] for r in data["rules"]}["key_size"] == "fail"
