"""Names for the object identifiers a learner meets in Vietnamese certificates, in both
languages (data only; the PKI layer reads them from here)."""

from __future__ import annotations

SUBJECT_LABELS: dict[str, tuple[str, str, str]] = {
    # OID: (short name, Vietnamese label, English label)
    "2.5.4.6": ("C", "Quốc gia", "Country"),
    "2.5.4.8": ("ST", "Tỉnh/Thành phố", "State / province"),
    "2.5.4.7": ("L", "Quận/Huyện/Phường", "Locality"),
    "2.5.4.10": ("O", "Tổ chức", "Organisation"),
    "2.5.4.11": ("OU", "Đơn vị / chức vụ", "Organisational unit / position"),
    "2.5.4.12": ("title", "Chức danh", "Title"),
    "2.5.4.3": ("CN", "Tên (Common Name)", "Common name"),
    "0.9.2342.19200300.100.1.1": ("UID", "Định danh (MST/CCCD)", "Identifier (MST/CCCD)"),
    "1.2.840.113549.1.9.1": ("emailAddress", "Thư điện tử", "E-mail"),
    "2.5.4.5": ("serialNumber", "Số hiệu", "Serial number"),
    "2.5.4.97": ("organizationIdentifier", "Mã tổ chức", "Organisation identifier"),
}

OID_NAMES: dict[str, str] = {
    # algorithms
    "1.2.840.113549.1.1.1": "rsaEncryption",
    "1.2.840.113549.1.1.5": "sha1WithRSAEncryption",
    "1.2.840.113549.1.1.11": "sha256WithRSAEncryption",
    "1.2.840.113549.1.1.12": "sha384WithRSAEncryption",
    "1.2.840.113549.1.1.13": "sha512WithRSAEncryption",
    "1.2.840.113549.1.1.10": "rsassa-pss",
    "1.2.840.10045.2.1": "ecPublicKey",
    "1.2.840.10045.4.3.2": "ecdsa-with-SHA256",
    "2.16.840.1.101.3.4.2.1": "sha256",
    "1.3.14.3.2.26": "sha1",
    # name attributes
    **{oid: names[0] for oid, names in SUBJECT_LABELS.items()},
    # extensions
    "2.5.29.14": "subjectKeyIdentifier",
    "2.5.29.15": "keyUsage",
    "2.5.29.17": "subjectAltName",
    "2.5.29.19": "basicConstraints",
    "2.5.29.31": "cRLDistributionPoints",
    "2.5.29.32": "certificatePolicies",
    "2.5.29.35": "authorityKeyIdentifier",
    "2.5.29.37": "extKeyUsage",
    "2.5.29.20": "cRLNumber",
    "2.5.29.21": "cRLReason",
    "2.5.29.32.0": "anyPolicy",
    "1.3.6.1.5.5.7.1.1": "authorityInfoAccess",
    "1.3.6.1.5.5.7.48.1": "ocsp",
    "1.3.6.1.5.5.7.48.2": "caIssuers",
    "1.3.6.1.5.5.7.2.1": "cps",
    "1.3.6.1.5.5.7.2.2": "unotice",
    # extended key usages
    "1.3.6.1.5.5.7.3.1": "serverAuth",
    "1.3.6.1.5.5.7.3.2": "clientAuth",
    "1.3.6.1.5.5.7.3.3": "codeSigning",
    "1.3.6.1.5.5.7.3.4": "emailProtection",
    "1.3.6.1.5.5.7.3.8": "timeStamping",
    "1.3.6.1.5.5.7.3.9": "OCSPSigning",
    "1.3.6.1.4.1.311.10.3.12": "Microsoft Document Signing",
    "1.2.840.113583.1.1.5": "Adobe Authentic Documents Trust",
    "1.3.6.1.4.1.311.20.2.2": "Microsoft Smart Card Logon",
    # CMS
    "1.2.840.113549.1.7.1": "data",
    "1.2.840.113549.1.7.2": "signedData",
    "1.2.840.113549.1.9.3": "contentType",
    "1.2.840.113549.1.9.4": "messageDigest",
    "1.2.840.113549.1.9.5": "signingTime",
    "2.25.136321892517740106355513647617608314627.2.1": "signingOrigin (dvcedu)",
}

KEY_USAGE_LABELS: dict[str, tuple[str, str]] = {
    "digital_signature": ("Ký số (digitalSignature)", "Digital signature (digitalSignature)"),
    "content_commitment": ("Chống chối bỏ (nonRepudiation)", "Non-repudiation (nonRepudiation)"),
    "key_encipherment": ("Mã hóa khóa (keyEncipherment)", "Key encipherment (keyEncipherment)"),
    "data_encipherment": ("Mã hóa dữ liệu (dataEncipherment)", "Data encipherment (dataEncipherment)"),
    "key_agreement": ("Thỏa thuận khóa (keyAgreement)", "Key agreement (keyAgreement)"),
    "key_cert_sign": ("Ký chứng thư (keyCertSign)", "Certificate signing (keyCertSign)"),
    "crl_sign": ("Ký danh sách thu hồi (cRLSign)", "CRL signing (cRLSign)"),
}

EKU_LABELS: dict[str, tuple[str, str]] = {
    "1.3.6.1.5.5.7.3.2": ("Xác thực máy khách (clientAuth)", "TLS client authentication (clientAuth)"),
    "1.3.6.1.5.5.7.3.4": ("Bảo vệ thư điện tử (emailProtection)", "E-mail protection (emailProtection)"),
    "1.3.6.1.4.1.311.10.3.12": ("Ký tài liệu Microsoft Office", "Microsoft Document Signing"),
    "1.2.840.113583.1.1.5": ("Ký tài liệu PDF (Adobe)", "Adobe Authentic Documents Trust"),
    "1.3.6.1.5.5.7.3.1": ("Xác thực máy chủ (serverAuth)", "TLS server authentication (serverAuth)"),
    "1.3.6.1.5.5.7.3.3": ("Ký mã nguồn (codeSigning)", "Code signing (codeSigning)"),
    "1.3.6.1.5.5.7.3.8": ("Gắn dấu thời gian (timeStamping)", "Time stamping (timeStamping)"),
    "1.3.6.1.5.5.7.3.9": ("Ký phản hồi OCSP", "OCSP signing"),
}


def oid_name(dotted: str) -> str:
    return OID_NAMES.get(dotted, dotted)
