"""Loading PKCS#11 modules: each once per process, side by side.

PKCS#11 allows one ``C_Initialize`` per module per process. ``_loaded`` — the one place that
holds loaded modules — keeps each module, by path, for the life of the process, so a kernel
can use the training SoftHSM2 and a CA's module one after the other (notebook 08) without
finalizing either. Only SoftHSM2 is ever finalized and loaded again (:func:`unload`): it reads
its token folder when it starts, so another ``DVCEDU_HOME``, or a token another process just
made, needs a fresh load. Other modules are never re-initialised in one process: opencryptoki
3.8 crashes when finalized and initialised again, and no module needs it to see a token
plugged in (C_GetSlotList does).
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
_loaded: dict[Path, Loaded] = {}
"""Every module loaded in this process, by path."""
_answers: dict[tuple[str | None, ...], Loaded] = {}
"""What each question (argument, environment) was answered with: the same question again gets
the loaded module back without looking for it and rewriting softhsm2.conf (every token
operation asks)."""
_last: Loaded | None = None


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
    global _last
    found = _answers.get(_question(module))
    if found is not None:
        _last = found
        return found
    choice = find_module(module)
    with _lock:
        conf = str(softhsm.activate()) if softhsm.is_softhsm_path(choice.path) else None
        asked = _question(module)  # after activate(), which sets SOFTHSM2_CONF
        current = _loaded.get(choice.path)
        if current is not None and current.softhsm_conf == conf:
            _answers[asked] = _last = current
            return current
        if current is not None:  # SoftHSM2 for another home: the only module reloaded
            _finalize(current)
        _answers[asked] = _last = _loaded[choice.path] = _initialize(choice, conf)
        return _last


def _initialize(choice: ModuleChoice, conf: str | None) -> Loaded:
    if not choice.path.is_file():
        raise ModuleNotFound(path=str(choice.path), source=choice.source)
    lib = PyKCS11.PyKCS11Lib()
    failed: PyKCS11.PyKCS11Error | None = None
    with _captured_output() as printed:
        try:
            lib.load(str(choice.path))
            is_softhsm = _speaks_softhsm(lib)
        except PyKCS11.PyKCS11Error as error:
            failed = error
    if failed is not None:
        raise ModuleLoadError(path=str(choice.path),
                              problem=_problem(printed, failed)) from None
    return Loaded(lib, choice, is_softhsm, conf)


def _speaks_softhsm(lib: PyKCS11.PyKCS11Lib) -> bool:
    """SoftHSM2, recognised by what it says, not by its file name: the module's own
    manufacturer (C_GetInfo), or — behind a proxy such as p11-kit's — every token it shows
    (C_GetTokenInfo). A proxy that also shows other tokens is not taken for SoftHSM2: the
    simulated PIN lockout then stays off, and ``doctor`` says which policy is in force."""
    if lib.getInfo().manufacturerID.strip().startswith("SoftHSM"):
        return True
    makers = [lib.getTokenInfo(slot).manufacturerID.strip()
              for slot in lib.getSlotList(tokenPresent=True)]
    return bool(makers) and all(m.startswith("SoftHSM") for m in makers)


def _finalize(loaded: Loaded) -> None:
    global _last
    with suppress(PyKCS11.PyKCS11Error):  # already finalized: nothing to release
        loaded.lib.unload()
    _loaded.pop(loaded.choice.path, None)
    for question in [q for q, a in _answers.items() if a is loaded]:
        del _answers[question]
    if _last is loaded:
        _last = None


def alive(loaded: Loaded) -> bool:
    """Whether ``loaded`` is still initialised: a session of a module finalized since (a
    SoftHSM2 reload) must not be touched — PyKCS11 would call into an unloaded library."""
    return _loaded.get(loaded.choice.path) is loaded


def unload() -> None:
    """Finalize SoftHSM2 (C_Finalize); the next :func:`load` reads its token folder afresh.
    Other modules stay loaded (see the module docstring)."""
    with _lock:
        for loaded in [m for m in _loaded.values() if m.is_softhsm or m.softhsm_conf]:
            _finalize(loaded)
        _answers.clear()


def module_path() -> Path | None:
    """The module the last :func:`load` answered with."""
    return _last.choice.path if _last else None
