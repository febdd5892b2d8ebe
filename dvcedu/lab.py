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

import atexit
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from dvcedu.errors import TokenExists
from dvcedu.pki import csr, samples
from dvcedu.token import (
    DEFAULT_LABEL,
    TRAINING_PIN,
    TRAINING_SO_PIN,
    init_token,
    open_token,
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
    """Initialise the token ``label`` and put the training ``identity`` on it."""
    ident = samples.identity(identity)
    init_token(label, so_pin=so_pin, pin=pin, force=force, max_tries=max_tries, module=module)
    with open_token(label, pin=pin, module=module) as token:
        if not generate_on_token:
            cert = ident.certificate
            key_id = key_id_for(cert)
            token.import_private_key(ident.key_pem(), id=key_id, label=identity)
        else:
            temp_id = b"new-key"
            key = token.generate_key_pair(id=temp_id, label=identity)
            public_key = token.public_key(id=temp_id)
            request = csr.build_csr(samples.load_certificate(identity).subject, public_key,
                                    lambda tbs: token.sign(key, tbs))
            issuer = ident.spec.issuer
            ca_key = serialization.load_pem_private_key(samples.ca_key_pem(issuer), None)
            assert isinstance(ca_key, rsa.RSAPrivateKey)
            cert = csr.issue_from_csr(request, spec=ident.spec,
                                      issuer=samples.training_spec()[issuer], issuer_key=ca_key)
            key_id = key_id_for(cert)
            token.change_id(temp_id, key_id)
        token.import_certificate(cert.public_bytes(serialization.Encoding.DER),
                                 id=key_id, label=identity)
    return TrainingToken(label, identity, key_id, generate_on_token, created=True)


def ensure(identity: str = "enterprise", *, label: str = DEFAULT_LABEL,
           module: str | None = None, **options: object) -> TrainingToken:
    """Reuse the learner's token when it is there (provisioned once), else provision it."""
    try:
        return provision(identity, label=label, module=module, **options)  # type: ignore[arg-type]
    except TokenExists:
        with open_token(label, module=module) as token:
            certs = token.certificates()
        first = certs[0] if len(certs) == 1 else None
        return TrainingToken(label, first.label if first else identity,
                             first.id if first else b"", False, created=False)


def start(identity: str = "enterprise", *, home: str | os.PathLike[str] | None = None
          ) -> TrainingToken:
    """For a notebook: a fresh DVCEDU_HOME (temporary unless ``home`` is given) with a new
    training token holding ``identity``. Notebooks call this first so they run alone, in any
    order, and never touch the learner's own token."""
    if home is None:
        home = tempfile.mkdtemp(prefix="dvcedu-notebook-")
        atexit.register(shutil.rmtree, home, ignore_errors=True)
    os.environ["DVCEDU_HOME"] = str(Path(home))
    return provision(identity)

