"""The PKI layer: the training PKI, Vietnamese identifiers, decoding and verification.

Built on ``cryptography`` (X.509 building and path validation) and ``asn1crypto`` (structures
``cryptography`` cannot sign with an external key: CSR, CMS). Knows nothing of tokens or the
portal.
"""
