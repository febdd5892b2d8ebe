"""Loading a PKCS#11 module once per process.

PKCS#11 allows one ``C_Initialize`` per module per process, and PyKCS11 caches loaded
libraries. dvcedu keeps exactly one loaded module; asking for another module (or for SoftHSM2
with another ``DVCEDU_HOME``) finalizes the old one first, so a test run or a kernel can move
between homes safely.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import PyKCS11

from dvcedu.errors import ModuleLoadError, ModuleNotFound
from dvcedu.i18n import Msg
from dvcedu.token import softhsm
from dvcedu.token.modules import ModuleChoice, find_module


@dataclass(frozen=True)
class Loaded:
    lib: PyKCS11.PyKCS11Lib
    choice: ModuleChoice
    is_softhsm: bool
    softhsm_conf: str | None


_lock = threading.RLock()
_current: Loaded | None = None
_asked: tuple[str | None, ...] | None = None
"""What the last load was asked with (argument, environment); the same question again gets
the loaded module back without looking for it and rewriting softhsm2.conf (every token
operation asks)."""


@contextmanager
def _captured_output() -> Iterator[list[str]]:
    """Catch what the C loader prints on fds 1 and 2 (PyKCS11 prints ``src/dyn_unix.c:…``
    lines to stdout), so only dvcedu's own message reaches the learner, with the loader's
    words inside it. Stray output would also break strict nbval."""
    lines: list[str] = []
    for stream in (sys.stdout, sys.stderr):
        # Only streams that write to fds 1/2 (a file's TextIOWrapper has .buffer): a Jupyter
        # kernel's streams are not those fds, and flushing them would split a cell's output.
        if hasattr(stream, "buffer"):
            with suppress(Exception):
                stream.flush()
    with tempfile.TemporaryFile() as sink:
        saved = [os.dup(1), os.dup(2)]
        os.dup2(sink.fileno(), 1)
        os.dup2(sink.fileno(), 2)
        try:
            yield lines
        finally:
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            for fd in saved:
                os.close(fd)
            sink.seek(0)
            lines.extend(sink.read().decode("utf-8", "replace").splitlines())


def _problem(printed: list[str], error: Exception) -> Msg | str:
    """The loader's complaint in the learner's words (its own words follow as detail)."""
    said = printed[-1].split(": ", 1)[-1] if printed else str(error)
    if "C_GetFunctionList" in said:
        return Msg.of("module.no_function_list", detail=said)
    if any(k in said for k in ("too short", "invalid ELF", "not a dynamic", "wrong ELF",
                               "file format")):
        return Msg.of("module.not_a_library", detail=said)
    return said


def _question(module: str | os.PathLike[str] | None) -> tuple[str | None, ...]:
    """Everything that decides which module :func:`load` loads, and with which config."""
    return (None if module is None else str(module),
            *(os.environ.get(v) for v in ("DVCEDU_PKCS11_MODULE", "PYKCS11LIB", "DVCEDU_HOME",
                                          "SOFTHSM2_CONF")))


def load(module: str | os.PathLike[str] | None = None) -> Loaded:
    """The loaded module for ``module`` (found per :func:`find_module`), loading it if needed."""
    global _current, _asked
    current = _current
    if current is not None and _question(module) == _asked:
        return current
    choice = find_module(module)
    with _lock:
        conf = str(softhsm.activate()) if softhsm.is_softhsm_path(choice.path) else None
        if _current and _current.choice.path == choice.path and _current.softhsm_conf == conf:
            _asked = _question(module)  # after activate(), which sets SOFTHSM2_CONF
            return _current
        unload()
        if not choice.path.is_file():
            raise ModuleNotFound(path=str(choice.path), source=choice.source)
        lib = PyKCS11.PyKCS11Lib()
        failed: PyKCS11.PyKCS11Error | None = None
        with _captured_output() as printed:
            try:
                lib.load(str(choice.path))
                manufacturer = lib.getInfo().manufacturerID.strip()
            except PyKCS11.PyKCS11Error as error:
                failed = error
        if failed is not None:
            raise ModuleLoadError(path=str(choice.path),
                                  problem=_problem(printed, failed)) from None
        _current = Loaded(lib, choice, manufacturer.startswith("SoftHSM"), conf)
        _asked = _question(module)
        return _current


def unload() -> None:
    """Finalize the loaded module (C_Finalize); the next :func:`load` starts fresh."""
    global _current, _asked
    with _lock:
        _asked = None
        if _current is not None:
            with suppress(PyKCS11.PyKCS11Error):  # already finalized: nothing to release
                _current.lib.unload()
            _current = None


def module_path() -> Path | None:
    return _current.choice.path if _current else None
