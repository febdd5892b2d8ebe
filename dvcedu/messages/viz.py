"""What the pictures and tables of the course say (labels, legends, alt text)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- tables ------------------------------------------------------------------------------
    "table.step": ("#", "#"),
    "table.from_to": ("Từ → đến", "From → to"),
    "table.message": ("Thông điệp", "Message"),
    "table.bytes": ("Byte", "Bytes"),
    "table.first_bytes": ("Byte đầu", "First bytes"),
    "table.note": ("Ghi chú", "Note"),
    "table.offset": ("offset", "offset"),
    "table.byte": ("byte", "byte"),
    "table.meaning": ("ý nghĩa (meaning)", "meaning"),
    # --- the chain of trust ------------------------------------------------------------------
    "chain.root": ("Gốc (root CA) — tự ký", "Root CA — self-signed"),
    "chain.ca": ("CA trung gian (subordinate CA)", "Subordinate CA"),
    "chain.leaf": ("Thuê bao (end-entity)", "Subscriber (end-entity)"),
    "chain.signs": ("ký (signs)", "signs"),
    "chain.alt": ("Chuỗi tin cậy: {chain}", "Chain of trust: {chain}"),
    # --- validity timeline -------------------------------------------------------------------
    "timeline.valid": ("còn hiệu lực", "valid"),
    "timeline.expired": ("hết hạn", "expired"),
    "timeline.not_yet_valid": ("chưa hiệu lực", "not yet valid"),
    "timeline.today": (" hôm nay trong khóa học: {day}", " the course's today: {day}"),
    "timeline.axis": ("Thời gian hiệu lực (notBefore → notAfter)",
                      "Validity (notBefore → notAfter)"),
    "timeline.alt": ("Thời hạn hiệu lực ngày {day}: {rows}", "Validity on {day}: {rows}"),
    # --- the anatomy of an RSA signature -----------------------------------------------------
    "part.not_pkcs1": ("không phải PKCS#1 v1.5", "not PKCS#1 v1.5"),
    "part.block_start": ("đầu khối", "block start"),
    "part.padding": ("đệm FF × {count}", "padding FF × {count}"),
    "part.separator": ("phân cách", "separator"),
    "part.digest_oid": ("DigestInfo: SHA-256 OID", "DigestInfo: SHA-256 OID"),
    "part.hash": ("giá trị băm SHA-256", "SHA-256 hash"),
    "anatomy.recomputed": ("SHA-256 tính lại từ dữ liệu", "SHA-256 recomputed from the data"),
    "anatomy.match": ("KHỚP ✔", "MATCH ✔"),
    "anatomy.no_match": ("KHÔNG KHỚP ✘", "NO MATCH ✘"),
    "anatomy.alt": ("Giải phẫu chữ ký RSA: {parts}; {verdict}",
                    "Anatomy of an RSA signature: {parts}; {verdict}"),
    # --- sequence diagrams -------------------------------------------------------------------
    "sequence.alt": ("Sơ đồ tuần tự: {count} thông điệp giữa {names}",
                     "Sequence diagram: {count} {count|message|messages} between {names}"),
    "sequence.alt_failed": ("Sơ đồ tuần tự: {count} thông điệp giữa {names}, {failed} thất bại",
                            "Sequence diagram: {count} {count|message|messages} between {names}, {failed} failed"),
}
