"""The PKI layer: the training PKI, Vietnamese identifiers, decoding and verification.

Built on ``cryptography`` (X.509 building and path validation) and ``asn1crypto`` (structures
``cryptography`` cannot sign with an external key: CSR, CMS). Knows nothing of tokens or the
portal.
"""

# The public modules (each imported when used: the package itself stays light).
__all__ = [
    "build",
    "cms",
    "csr",
    "decode",
    "identity",
    "revocation",
    "samples",
    "spec",
    "trust",
    "verify",
]
