"""The learner's training token: put a training identity on a SoftHSM2 token.

This is where the token layer and the PKI meet (neither imports the other). Two paths, as in
real life:

* ``import`` (default): the CA generated the key and the certificate; both are written to the
  token. The sample key is fixed, so signatures are identical run to run and the notebooks can
  show their bytes.
* ``generate_on_token``: the key pair is born ON the token (CKA_NEVER_EXTRACTABLE), the token
  signs a PKCS#10 request, the training CA issues the certificate, which is written back next
  to the key. This is how a CA personalises a real USB token.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from dvcedu import i18n, paths
from dvcedu.errors import TokenExists
from dvcedu.pki import csr, samples
from dvcedu.token import (
    DEFAULT_LABEL,
    TRAINING_PIN,
    TRAINING_SO_PIN,
    home_lock,
    init_token,
    open_token,
    provisioning,
)


@dataclass(frozen=True)
class TrainingToken:
    """What was put on the token. The PIN is not kept here (nor anywhere)."""

    label: str
    identity: str
    key_id: bytes
    generated_on_token: bool
    created: bool


def key_id_for(cert: x509.Certificate) -> bytes:
    """CKA_ID = the certificate's Subject Key Identifier, the usual way to pair a key with its
    certificate on a token (PKCS#11 §4.6.3 leaves the choice to the application)."""
    return cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest


def provision(
    identity: str = "enterprise",
    *,
    label: str = DEFAULT_LABEL,
    pin: str = TRAINING_PIN,
    so_pin: str = TRAINING_SO_PIN,
    generate_on_token: bool = False,
    force: bool = False,
    max_tries: int | None = None,
    module: str | None = None,
) -> TrainingToken:
    """Initialise the token ``label`` and put the training ``identity`` on it (under the
    home's lock: another process sees the token only once it holds its key and certificate).
    """
    with home_lock(paths.home()):
        return _provision(
            identity,
            label=label,
            pin=pin,
            so_pin=so_pin,
            generate_on_token=generate_on_token,
            force=force,
            max_tries=max_tries,
            module=module,
        )


def _provision(
    identity: str,
    *,
    label: str,
    pin: str,
    so_pin: str,
    generate_on_token: bool,
    force: bool,
    max_tries: int | None,
    module: str | None,
) -> TrainingToken:
    ident = samples.identity(identity)
    init_token(label, so_pin=so_pin, pin=pin, force=force, max_tries=max_tries, module=module)
    with provisioning(label, pin, module) as token:
        if not generate_on_token:
            cert = ident.certificate
            key_id = key_id_for(cert)
            token.import_private_key(ident.key_pem(), id=key_id, label=identity)
        else:
            temp_id = b"new-key"
            key = token.generate_key_pair(id=temp_id, label=identity)
            public_key = token.session.public_key(id=temp_id)
            request = csr.build_csr(
                samples.load_certificate(identity).subject, public_key, key.sign
            )
            issuer = ident.spec.issuer
            ca_key = serialization.load_pem_private_key(samples.ca_key_pem(issuer), None)
            assert isinstance(ca_key, rsa.RSAPrivateKey)
            cert = csr.issue_from_csr(
                request, spec=ident.spec, issuer=samples.training_spec()[issuer], issuer_key=ca_key
            )
            key_id = key_id_for(cert)
            token.change_id(temp_id, key_id)
        token.import_certificate(
            cert.public_bytes(serialization.Encoding.DER), id=key_id, label=identity
        )
    return TrainingToken(label, identity, key_id, generate_on_token, created=True)


def ensure(
    identity: str = "enterprise",
    *,
    label: str = DEFAULT_LABEL,
    module: str | None = None,
    **options: object,
) -> TrainingToken:
    """Reuse the learner's token when it is there (provisioned once), else provision it."""
    try:
        return provision(identity, label=label, module=module, **options)  # type: ignore[arg-type]
    except TokenExists:
        with home_lock(paths.home()), open_token(label, module=module) as token:
            certs = token.certificates()
        first = certs[0] if len(certs) == 1 else None
        return TrainingToken(
            label,
            first.label if first else identity,
            first.id if first else b"",
            False,
            created=False,
        )


def notebook_label(notebook: str) -> str:
    """The label of a notebook's own token: ``DVCEDU-NB01`` for notebook 01."""
    return f"DVCEDU-NB{notebook}"


def start(
    identity: str = "enterprise",
    *,
    notebook: str,
    lang: str | None = None,
    home: str | os.PathLike[str] | None = None,
) -> TrainingToken:
    """For a notebook: its own training token ``DVCEDU-NB<notebook>``, made anew with
    ``identity`` on every run, in the learner's dvcedu folder.

    Why its own token, and why in the learner's folder: a notebook must run alone, in any
    order, and give the same output each time, so it cannot reuse a token another notebook
    (or the learner) changed; yet when it tells the learner to type ``dvcedu token unlock
    --label DVCEDU-NB01 …`` in a terminal, that command must act on the token the notebook
    just locked. The terminal and the notebook share ``DVCEDU_HOME``, so it does. The
    learner's own ``DVCEDU-TRAINING`` token (``make lab``) is never touched.

    ``lang`` is the notebook's language (each edition says its own): what dvcedu prints,
    draws and asks in this kernel, and in the ``dvcedu`` commands it runs (``DVCEDU_LANG``).

    In IPython it also switches tracebacks to the short form (the learner reads the error, not
    dvcedu's call stack), quietly, so the committed notebook does not open with a message.
    """
    if home is not None:
        os.environ["DVCEDU_HOME"] = str(Path(home))
    if lang is not None:
        language(lang)
    _short_tracebacks()
    return provision(identity, label=notebook_label(notebook), force=True)


def language(lang: str) -> None:
    """The notebook's language, for what dvcedu prints, draws and asks in this kernel and for
    the ``dvcedu`` commands it runs (``DVCEDU_LANG`` is inherited): that language alone, as
    each edition speaks its own (errors elsewhere speak both, :func:`dvcedu.i18n.both`)."""
    i18n.set_lang(lang)
    i18n.one_language()
    os.environ["DVCEDU_LANG"] = lang
    os.environ["DVCEDU_ONE_LANGUAGE"] = "1"


def _short_tracebacks() -> None:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with the notebook extras
        return
    shell = get_ipython()
    if shell is not None and hasattr(shell, "InteractiveTB"):
        shell.InteractiveTB.set_mode(mode="Minimal")
