"""dvcedu benchmarks: side-by-side timings on this machine, printed as one table.

Each row times dvcedu and its floor in the same run, interleaved in blocks so that machine
noise hits both alike, and reports medians, the spread (p10-p90 of the blocks) and the ratio.
Run with ``make bench``. Not part of ``make test``: timings are not assertions.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable

BLOCKS = 20
PER_BLOCK = 50  # 20 x 50 = 1000 signatures per contender


def blocks(fn: Callable[[], None], per_block: int = PER_BLOCK) -> float:
    start = time.perf_counter()
    for _ in range(per_block):
        fn()
    return (time.perf_counter() - start) / per_block


def side_by_side(a: Callable[[], None], b: Callable[[], None]) -> tuple[list[float], list[float]]:
    ta, tb = [], []
    for i in range(BLOCKS):
        first, second = (a, b) if i % 2 == 0 else (b, a)
        t1, t2 = blocks(first), blocks(second)
        (ta, tb)[0 if first is a else 1].append(t1)
        (ta, tb)[0 if second is a else 1].append(t2)
    return ta, tb


def spread(samples: list[float]) -> str:
    q = statistics.quantiles(samples, n=10)
    return f"{q[0] * 1e3:.2f}-{q[-1] * 1e3:.2f}"


def bench_sign() -> list[tuple[str, str, str, str]]:
    import PyKCS11
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding

    from dvcedu import lab
    from dvcedu.pki import samples
    from dvcedu.token import TRAINING_PIN, _lib, open_token

    lab.start()
    data = b"\x5a" * 64
    loaded = _lib.load()
    with open_token(pin=TRAINING_PIN) as token:
        key = token.private_key()
        raw_session = loaded.lib.openSession(token._slot, PyKCS11.CKF_SERIAL_SESSION)
        raw_key = raw_session.findObjects([(PyKCS11.CKA_CLASS, PyKCS11.CKO_PRIVATE_KEY)])[0]
        mech = PyKCS11.Mechanism(PyKCS11.CKM_SHA256_RSA_PKCS)
        ours, raw = side_by_side(lambda: token.sign(key, data),
                                 lambda: bytes(raw_session.sign(raw_key, data, mech)))
        raw_session.closeSession()
    private = serialization.load_pem_private_key(samples.identity("enterprise").key_pem(), None)
    floor = [blocks(lambda: private.sign(data, padding.PKCS1v15(), hashes.SHA256()))
             for _ in range(BLOCKS)]
    m_ours, m_raw, m_floor = map(statistics.median, (ours, raw, floor))
    return [
        ("Token.sign (dvcedu, SoftHSM2, RSA-2048)", f"{m_ours * 1e3:.3f}", spread(ours),
         f"{m_ours / m_raw:.3f} × raw PyKCS11 (goal ≤ 1.10)"),
        ("session.sign (raw PyKCS11, same token)", f"{m_raw * 1e3:.3f}", spread(raw),
         f"{m_raw / m_floor:.2f} × in-process cryptography"),
        ("cryptography RSA-2048 sign (floor)", f"{m_floor * 1e3:.3f}", spread(floor), "1.00"),
    ]


def bench_import() -> tuple[str, str, str, str]:
    runs = []
    for _ in range(7):
        out = subprocess.run([sys.executable, "-X", "importtime", "-c", "import dvcedu"],
                             capture_output=True, text=True, check=True)
        last = [ln for ln in out.stderr.splitlines() if ln.rstrip().endswith("| dvcedu")]
        runs.append(int(last[-1].split("|")[1]) / 1e6)
    return ("import dvcedu (fresh interpreter)", f"{statistics.median(runs) * 1e3:.1f}",
            spread(runs), "goal ≤ 300 ms")


def bench_provision() -> tuple[str, str, str, str]:
    code = ("import os,time,tempfile;os.environ['DVCEDU_HOME']=tempfile.mkdtemp();"
            "from dvcedu import lab;t=time.perf_counter();lab.provision();"
            "print(time.perf_counter()-t)")
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True).stdout) for _ in range(7)]
    return ("provision a training token (init + import)", f"{statistics.median(runs) * 1e3:.1f}",
            spread(runs), "goal ≤ 1000 ms")


def main() -> None:
    os.environ.setdefault("DVCEDU_HOME", tempfile.mkdtemp(prefix="dvcedu-bench-"))
    rows = bench_sign() + [bench_import(), bench_provision()]
    header = ("what", "median ms", "p10-p90 ms", "ratio / goal")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


if __name__ == "__main__":
    main()
