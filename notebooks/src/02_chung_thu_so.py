# %% [markdown]
# # 02 — Chứng thư số
#
# *Digital certificates: every field, the bytes of `UID=MST:…`, the chain to the national root,
# revocation.*
#
# Ở bước 2.4 của hướng dẫn gốc, doanh nghiệp "kiểm tra thông tin được tải lên từ token". Thông
# tin đó đến từ **chứng thư số** (*digital certificate*, chuẩn X.509) nằm trên token. Notebook
# này đọc chứng thư từ token của bạn, giải thích từng trường — nhất là `UID=MST:…` mà Cổng cần —
# rồi kiểm tra nó như Cổng kiểm tra: chuỗi tin cậy lên gốc quốc gia, thời hạn, mục đích sử
# dụng, tình trạng thu hồi.
#
# *Tên gọi.* Luật Giao dịch điện tử 2023 (20/2023/QH15, hiệu lực 1/7/2024) và Nghị định
# 23/2025/NĐ-CP (hiệu lực 10/4/2025, thay Nghị định 130/2018) gọi nó là **chứng thư chữ ký số**;
# chứng thư một CA công cộng cấp cho thuê bao là **chứng thư chữ ký số công cộng** **[xác nhận:
# văn bản Nghị định 23/2025]**. "Chứng thư số" là từ thường ngày mà người dùng và nhà cung cấp
# vẫn nói; khóa học dùng từ này cho gọn, và dùng tên pháp lý khi nói về văn bản luật.

# %% [markdown] lang="en" vi="8f8a2ea4"
# # 02 — Certificates
#
# In step 2.4 of the original guide, the enterprise "checks the information loaded from the
# token". That information comes from the **certificate** (chứng thư số, an X.509 certificate) on
# the token. This notebook reads the certificate from your token, explains every field, above all
# the `UID=MST:…` the portal needs, and then checks it the way the portal does: the chain of
# trust to the national root, the validity period, what the key may be used for, and whether it
# has been revoked.
#
# *Names.* The Law on Electronic Transactions 2023 (20/2023/QH15, in force 1 July 2024) and
# Decree 23/2025/NĐ-CP (in force 10 April 2025, replacing Decree 130/2018) call it a
# **digital-signature certificate** (chứng thư chữ ký số); the one a public CA issues to a
# subscriber is a **public digital-signature certificate** (chứng thư chữ ký số công cộng)
# **[confirmed: the text of Decree 23/2025]**. "Chứng thư số"
# is the everyday word users and providers still say; the course uses it for short, and the
# legal name when it speaks of the law.

# %% [markdown]
# > **Câu hỏi** (*questions*): Trong chứng thư số của doanh nghiệp có gì, và vì sao Cổng tin nó?
# >
# > **Mục tiêu** (*objectives*) — sau notebook này, bạn:
# > - đọc từng trường của chứng thư, cả `UID=MST:…` tới từng byte;
# > - kiểm tra số kiểm tra của một mã số thuế;
# > - đi theo chuỗi tin cậy lên gốc quốc gia;
# > - kiểm tra chứng thư bị thu hồi chưa (CRL, OCSP).
# >
# > **Thời gian**: dạy 25 phút · bài tập 10 phút · tự học ≈ 50 phút (buổi học 3 giờ, xem [README](README.md)).

# %% [markdown] lang="en" vi="b3ea2adf"
# > **Questions**: What is in an enterprise's certificate, and why does the portal trust it?
# >
# > **Objectives**: after this notebook, you can:
# > - read every field of a certificate, `UID=MST:…` down to the byte;
# > - check the check digit of a tax code;
# > - follow the chain of trust up to the national root;
# > - check whether a certificate has been revoked (CRL, OCSP).
# >
# > **Time**: teaching 25 min · exercises 10 min · self-study ≈ 50 min (a 3-hour session, see the [README](README.md)).


# %% [markdown] tags=["instructor"]
# <details class="dvcedu-instructor"><summary><b>Ghi chú cho giảng viên</b> (<i>instructor
# note</i>) — học viên có thể bỏ qua</summary>
#
# Bài tính số kiểm tra MST làm theo **nhóm đôi**: một người đọc MST trên chứng thư, người kia
# tính bằng bảng ở mục 2. Hỏi lớp: vì sao Cổng đọc MST trong `UID` mà không đọc tên công ty?
# (tên trùng, viết khác nhau; MST thì duy nhất).
#
# </details>

# %% [markdown] lang="en" vi="1f6a6a5b"
# <details class="dvcedu-instructor"><summary><b>Instructor note</b> — learners may skip this</summary>
#
# Do the tax-code check digit **in pairs**: one reads the MST on the certificate, the other
# computes it with the table in section 2. Ask the class: why does the portal read the MST in the
# `UID` rather than the company name? (Names repeat and are spelt differently; a tax code is
# unique.)
#
# </details>

# %%
# Chuẩn bị (setup): token đào tạo riêng của notebook này, nhãn DVCEDU-NB02, tạo mới mỗi lần
# chạy trong thư mục dvcedu của bạn. Lệnh `dvcedu token … --label DVCEDU-NB02` trong terminal
# tác động đúng token này; token DVCEDU-TRAINING của bạn (make lab) không bị đụng tới.
# Token giữ chứng thư của doanh nghiệp mẫu.
from dvcedu import lab
from dvcedu.clock import COURSE_DAY  # "hôm nay" cố định của khóa học: 2026-03-02 09:00 (ICT)
from dvcedu.viz import Table

training = lab.start("enterprise", notebook="02", lang="vi")

# %% lang="en" vi="79891e5c" twin="strings"
# # Chuẩn bị (setup): token đào tạo riêng của notebook này, nhãn DVCEDU-NB02, tạo mới mỗi lần  →  # Setup: this notebook's own training token, labelled DVCEDU-NB02, made anew on every run
# # chạy trong thư mục dvcedu của bạn. Lệnh `dvcedu token … --label DVCEDU-NB02` trong terminal  →  # in your dvcedu folder. `dvcedu token … --label DVCEDU-NB02` in a terminal acts on this very
# # tác động đúng token này; token DVCEDU-TRAINING của bạn (make lab) không bị đụng tới.  →  # token; your own DVCEDU-TRAINING token (make lab) is not touched.
# # Token giữ chứng thư của doanh nghiệp mẫu.  →  # The token holds the sample enterprise's certificate.
# # "hôm nay" cố định của khóa học: 2026-03-02 09:00 (ICT)  →  # the course's fixed "today": 2026-03-02 09:00 (ICT)
# "vi"  →  "en"

# %% [markdown]
# ## 1. Đọc chứng thư từ token
#
# Chứng thư là đối tượng **công khai** trên token: đọc không cần mã PIN (notebook 01).

# %% [markdown] lang="en" vi="7ddb29c5"
# ## 1. Reading the certificate from the token
#
# A certificate is a **public** object on the token: reading it needs no PIN (notebook 01).

# %%
from dvcedu.pki import decode
from dvcedu.token import open_token

with open_token(training.label) as token:
    (on_token,) = token.certificates()
cert = on_token.x509()
summary = decode.summarize(cert, now=COURSE_DAY)
summary

# %% [markdown]
# Đọc bảng trên từ trên xuống:
#
# - **[Chủ thể](glossary.md#chu-the)** (*subject*): `C` quốc gia, `ST` tỉnh/thành, `L` địa phương, `O` tổ chức, `CN`
#   tên, và **`UID`** — định danh. Từ 1/7/2025 Việt Nam có 34 tỉnh, thành và không còn cấp huyện
#   **[xác nhận]**: chứng thư cấp sau đó ghi tên tỉnh, xã/phường mới; chứng thư cũ giữ tên cũ
#   (`L` là quận/huyện) mà vẫn có hiệu lực đến hết hạn. Chứng thư đào tạo ở đây mang tên cũ, trừ
#   `enterprise-2026` (mục 5).
# - **[CA cấp](glossary.md#ca-cap)** (*issuer*): tổ chức cung cấp dịch vụ chứng thực đã ký chứng thư này.
# - **[Số hiệu](glossary.md#so-hieu-chung-thu)** (*serial number*): số duy nhất CA gán cho chứng thư; chứng thư thuê
#   bao của CA Việt Nam thường bắt đầu bằng byte `54` (quan sát trên chứng thư thật, không phải
#   quy định).
# - **[Hiệu lực](glossary.md#thoi-han-hieu-luc)** (*validity*): từ `notBefore` đến `notAfter` (giờ UTC).
# - **Khóa công khai** (*public key*) RSA-2048 — nửa công khai của [cặp khóa](glossary.md#cap-khoa) mà nửa bí mật nằm
#   trong token.
# - **[Mục đích khóa](glossary.md#muc-dich-su-dung-khoa)** (*key usage*) và **[mục đích mở rộng](glossary.md#muc-dich-mo-rong)** (*extended key usage*, EKU).
# - **CRL** và **OCSP**: nơi hỏi xem chứng thư đã bị thu hồi chưa.
# - **SHA-256**: "[dấu vân tay](glossary.md#dau-van-tay)" (*fingerprint*) — băm của toàn bộ chứng thư, dùng để so sánh
#   nhanh hai chứng thư.

# %% [markdown] lang="en" vi="c1439394"
# Read the table above from the top:
#
# - **[Subject](glossary.md#chu-the)** (chủ thể): `C` country, `ST` province or city, `L` locality, `O` organisation,
#   `CN` name, and **`UID`**, the identifier. Since 1 July 2025 Vietnam has 34 provinces and
#   cities and no district level **[confirmed]**: certificates issued since name the new province
#   and commune or ward; older ones keep the old names (`L` a district) and stay valid until they
#   expire. The training certificates here carry old names, but for
#   `enterprise-2026` (section 5).
# - **[Issuing CA](glossary.md#ca-cap)** (CA cấp, the *issuer*): the certification authority that signed this certificate.
# - **[Serial number](glossary.md#so-hieu-chung-thu)** (số hiệu): a unique number the CA gives the certificate; the
#   subscriber certificates of Vietnamese CAs often start with the byte `54` (seen on real
#   certificates, not a rule).
# - **[Validity](glossary.md#thoi-han-hieu-luc)** (thời hạn hiệu lực): from `notBefore` to `notAfter` (UTC).
# - **Public key**: RSA-2048, the public half of the [key pair](glossary.md#cap-khoa) whose private half is in
#   the token.
# - **[Key usage](glossary.md#muc-dich-su-dung-khoa)** and **[extended key usage](glossary.md#muc-dich-mo-rong)** (EKU).
# - **CRL** and **OCSP**: where to ask whether the certificate has been revoked.
# - **SHA-256**: the "[fingerprint](glossary.md#dau-van-tay)", a hash of the whole certificate, to compare two
#   certificates at a glance.

# %% [markdown]
# ## 2. `UID=MST:…`: vì sao Cổng cần nó
#
# Các CA công cộng Việt Nam ghi [định danh](glossary.md#dinh-danh) của chủ thể vào thuộc tính **UID**
# (OID `0.9.2342.19200300.100.1.1`) với một tiền tố: `MST:` + 10 số cho doanh nghiệp,
# `MST:` + 10 số + `-` + 3 số cho chi nhánh, `CCCD:` + 12 số cho công dân **[xác nhận trên mọi
# chứng thư thật đã xem, đều cấp trước 2026]**; Viettel MySign ghi số 12 chữ số dưới tiền tố
# `CMND:`. Cổng đọc UID để biết **tài khoản nào** đang đăng nhập. Thứ tự các thuộc tính khác
# nhau giữa các CA (VNPT để UID cuối, BkavCA để đầu), nên phải tìm UID **theo OID**, không theo
# vị trí.
#
# Từ 1/1/2026, Thông tư 28/2025/TT-BKHCN quy định định dạng bắt buộc của chứng thư; quy ước
# `MST:`/`CCCD:` có còn giữ hay không thì khóa học chưa đối chiếu được với phụ lục của thông tư
# **[chưa xác nhận]**. Hai thay đổi về định danh đã có:
#
# - thẻ nay là **thẻ căn cước** (Luật Căn cước 2023, hiệu lực 1/7/2024) và con số 12 chữ số là
#   **số định danh cá nhân** **[xác nhận]**;
# - từ 1/7/2025, số định danh cá nhân **là mã số thuế** của cá nhân và hộ kinh doanh (Thông tư
#   86/2024/TT-BTC) **[thứ cấp]**: một `MST:` + 12 số là của một người. dvcedu nhận nó, xếp là
#   công dân, cùng tài khoản với `CCCD:` cùng số. Doanh nghiệp vẫn có MST 10 số (13 ký tự với
#   chi nhánh).
#
# Chữ số cuối của MST 10 số là **chữ số kiểm tra**: nhân 9 chữ số đầu với các trọng số 31, 29,
# 23, 19, 17, 13, 7, 5, 3, cộng lại, lấy 10 − (tổng mod 11). Khi tổng chia hết cho 11, kết quả
# là 10, không phải một chữ số: các bộ kiểm tra công khai xử lý khác nhau (có bộ từ chối, có bộ
# coi là 0). dvcedu **từ chối** (không đoán); quy định của cơ quan thuế về trường hợp này khóa
# học chưa tìm được **[chưa xác nhận]**.

# %% [markdown] lang="en" vi="0135869b"
# ## 2. `UID=MST:…`: why the portal needs it
#
# The public Vietnamese CAs write the subject's [identifier](glossary.md#dinh-danh) into the **UID** attribute
# (OID `0.9.2342.19200300.100.1.1`) with a prefix: `MST:` + 10 digits for an enterprise (MST,
# mã số thuế, the tax code), `MST:` + 10 digits + `-` + 3 digits for a branch, `CCCD:` + 12 digits
# for a citizen (CCCD, căn cước công dân, the citizen identity number) **[confirmed on every real
# certificate examined, all issued before 2026]**; Viettel MySign writes the 12-digit number
# under the prefix `CMND:`. The portal reads the UID to know **which account** is logging in.
# The order of the other attributes differs between CAs (VNPT puts UID last, BkavCA first), so
# the UID must be found **by its OID**, not by its position.
#
# From 1 January 2026, Circular 28/2025/TT-BKHCN fixes the mandatory certificate profile;
# whether it keeps the `MST:`/`CCCD:` convention the course could not check against the
# circular's appendices **[unconfirmed]**. Two changes to identifiers are in force:
#
# - the card is now the **identity card** (thẻ căn cước; Law on Identification 2023, in force
#   1 July 2024) and its 12-digit number the **personal identification number** (số định danh
#   cá nhân) **[confirmed]**;
# - from 1 July 2025 the personal identification number **is the tax code** of individuals and
#   household businesses (Circular 86/2024/TT-BTC) **[secondary]**: an `MST:` + 12 digits is a
#   person's. dvcedu accepts it, classifies it as a citizen, the same account as the `CCCD:`
#   with the same number. Enterprises keep their 10-digit MST (13 characters for a branch).
#
# The last digit of a 10-digit MST is a **check digit**: multiply the first 9 digits by the
# weights 31, 29, 23, 19, 17, 13, 7, 5, 3, add them up, and take 10 − (sum mod 11). When the sum
# is a multiple of 11 the result is 10, which is not a digit: public validators disagree (some
# reject the code, some take 0). dvcedu **rejects** it (no guessing); the tax authority's own
# rule for this case the course could not find **[unconfirmed]**.

# %%
from dvcedu.pki import identity

(ident,) = summary.identifiers
digits = ident.value[:9]
products = [int(d) * w for d, w in zip(digits, identity.MST_WEIGHTS)]
Table.of(["Chữ số", *digits, "Tổng"],
         [["Trọng số", *identity.MST_WEIGHTS, ""], ["Tích", *products, sum(products)]])

# %% lang="en" vi="cb81ce57" twin="strings"
# "Chữ số"  →  "Digit"
# "Tổng"  →  "Sum"
# "Trọng số"  →  "Weight"
# "Tích"  →  "Product"

# %%
check = identity.mst_check_digit(digits)
print(f"10 − ({sum(products)} mod 11) = 10 − {sum(products) % 11} = {check}")
print(f"Chữ số thứ 10 của {ident.value}: {ident.value[9]} → "
      f"{'khớp' if check == int(ident.value[9]) else 'KHÔNG khớp'}")
print("Loại chủ thể:", identity.classify(summary.identifiers).kind)

# %% lang="en" vi="35cc2f74" twin="strings"
# f"Chữ số thứ 10 của {ident.value}: {ident.value[9]} → "  →  f"The 10th digit of {ident.value}: {ident.value[9]} → "
# f"{'khớp' if check == int(ident.value[9]) else 'KHÔNG khớp'}"  →  f"{'matches' if check == int(ident.value[9]) else 'does NOT match'}"
# "Loại chủ thể:"  →  "Kind of subject:"

# %% [markdown]
# Bộ phân tích cũng đọc được các dạng khác mà chứng thư thật dùng:

# %% [markdown] lang="en" vi="d3dfb729"
# The parser also reads the other forms that real certificates use:

# %%
from dvcedu.i18n import t

rows = []
for text in ["MST:0199001010", "MST:0199001010-001", "CCCD:001301012345", "CMND:013579246",
             "MST:0199001011", "HC:C1234567"]:
    parsed = identity.parse_identifier(text)
    rows.append([text, parsed.kind.value, "có" if parsed.valid else "không",
                 "; ".join(t(problem) for problem in parsed.problems)])
Table.of(["UID", "Loại", "Hợp lệ?", "Ghi chú"], rows)

# %% lang="en" vi="cfeab6c0" twin="strings"
# "có"  →  "yes"
# "không"  →  "no"
# "Loại"  →  "Kind"
# "Hợp lệ?"  →  "Valid?"
# "Ghi chú"  →  "Note"

# %% [markdown]
# ## 3. Từng byte: `MST:0199001010` nằm ở đâu?
#
# Chứng thư là một chuỗi byte theo quy tắc **[DER](glossary.md#der)** (ASN.1): mỗi giá trị là
# *Tag ‖ Length ‖ Value*. Đây là các byte quanh thuộc tính UID:

# %% [markdown] lang="en" vi="be3a4e6b"
# ## 3. Byte by byte: where is `MST:0199001010`?
#
# A certificate is a string of bytes under the **[DER](glossary.md#der)** rules (ASN.1): every value is
# *Tag ‖ Length ‖ Value*. These are the bytes around the UID attribute:

# %%
from cryptography.hazmat.primitives.serialization import Encoding

from dvcedu.pki import der

der_bytes = cert.public_bytes(Encoding.DER)
uid_row = der.find_text(der_bytes, ident.raw)
rows = [r for r in der.walk(der_bytes) if uid_row.offset - 16 <= r.offset <= uid_row.offset]
Table.of(["Vị trí (offset)", "Kiểu (tag)", "Độ dài", "Byte", "Ý nghĩa"],
         [[r.offset, r.tag_name, r.length,
           r.header.hex(" ") if r.constructed else der.hexdump(r.header + r.value), r.meaning]
          for r in rows], mono=[3])

# %% lang="en" vi="82cd753d" twin="strings"
# "Vị trí (offset)"  →  "Offset"
# "Kiểu (tag)"  →  "Tag"
# "Độ dài"  →  "Length"
# "Byte"  →  "Bytes"
# "Ý nghĩa"  →  "Meaning"

# %%
print(f"Byte {uid_row.offset}–{uid_row.end - 1}:", der_bytes[uid_row.offset:uid_row.end].hex(" "))
print("0c = UTF8String, 0e = dài 14 byte, rồi 14 byte ASCII:",
      repr(der_bytes[uid_row.offset + 2:uid_row.end].decode()))

# %% lang="en" vi="6d878bca" twin="strings"
# f"Byte {uid_row.offset}–{uid_row.end - 1}:"  →  f"Bytes {uid_row.offset}–{uid_row.end - 1}:"
# "0c = UTF8String, 0e = dài 14 byte, rồi 14 byte ASCII:"  →  "0c = UTF8String, 0e = 14 bytes long, then 14 ASCII bytes:"

# %% [markdown]
# `06 0a 09 92 26 89 93 f2 2c 64 01 01` là OID của UID (`0.9.2342.19200300.100.1.1`) viết theo
# DER; ngay sau đó là giá trị `MST:0199001010`. Lệnh `dvcedu cert show --token --bytes` in toàn
# bộ cây byte trong terminal.

# %% [markdown] lang="en" vi="50860b29"
# `06 0a 09 92 26 89 93 f2 2c 64 01 01` is the UID's OID (`0.9.2342.19200300.100.1.1`) written
# in DER; right after it comes the value `MST:0199001010`. `dvcedu cert show --token --bytes`
# prints the whole byte tree in a terminal.

# %% [markdown]
# ## 4. Mục đích khóa bằng lời thường

# %% [markdown] lang="en" vi="0939de46"
# ## 4. Key usage in plain words

# %%
Table.of(["Loại", "Nghĩa là"], summary.usages())

# %% lang="en" vi="4e174a9f" twin="strings"
# "Loại"  →  "Kind"
# "Nghĩa là"  →  "Meaning"

# %% [markdown]
# Cổng chỉ nhận chứng thư **ký được**: có `digitalSignature` hoặc `nonRepudiation` ([chống chối bỏ](glossary.md#chong-choi-bo)).
# `keyEncipherment` cho phép dùng khóa để mã hóa — không liên quan đến đăng nhập.

# %% [markdown] lang="en" vi="dd75197d"
# The portal only accepts certificates that **can sign**: with `digitalSignature` or
# `nonRepudiation` ([non-repudiation](glossary.md#chong-choi-bo)). `keyEncipherment` lets the key encrypt, which has nothing
# to do with logging in.

# %% [markdown]
# ## 5. Chuỗi tin cậy: gốc quốc gia → CA → doanh nghiệp
#
# Chứng thư của doanh nghiệp do CA (ở đây: CA đào tạo mô phỏng VNPT-CA) ký; chứng thư của CA do
# **[Gốc quốc gia](glossary.md#ca-goc-quoc-gia)** (*Vietnam National Root CA*, do Trung tâm Chứng thực điện tử quốc gia —
# NEAC — vận hành; NEAC thuộc Bộ Khoa học và Công nghệ từ 3/2025, còn gốc dùng từ 2014 mang tên
# Bộ Thông tin và Truyền thông ở trường `O` **[xác nhận: chứng thư gốc thật; Thông tư
# 17/2025/TT-BKHCN]**) ký; gốc tự ký cho chính nó. Cổng tin gốc, nên tin được cả chuỗi — nếu mọi
# chữ ký đều đúng.

# %% [markdown] lang="en" vi="8483e0c4"
# ## 5. The chain of trust: national root → CA → enterprise
#
# The enterprise's certificate is signed by a CA (here: a training CA imitating VNPT-CA); the
# CA's certificate is signed by the **[national root](glossary.md#ca-goc-quoc-gia)** (*Vietnam National Root CA*, run by the
# National Electronic Authentication Centre, NEAC; NEAC has belonged to the Ministry of Science
# and Technology since March 2025, while the root in use since 2014 carries the Ministry of
# Information and Communications in its `O` field **[confirmed: the real root certificate;
# Circular 17/2025/TT-BKHCN]**); the root signs itself. The portal trusts the
# root, so it can trust the whole chain, if every signature is right.

# %%
from dvcedu.pki import samples

trust = samples.training_trust()
verified = trust.verify(cert, at=COURSE_DAY, require_revocation=True)
print("Chuỗi hợp lệ, tình trạng thu hồi:", verified.revocation.status,
      f"(theo {verified.revocation.source.upper()})")

# %% lang="en" vi="07b67338" twin="strings"
# "Chuỗi hợp lệ, tình trạng thu hồi:"  →  "The chain is valid; revocation status:"
# f"(theo {verified.revocation.source.upper()})"  →  f"(from {verified.revocation.source.upper()})"

# %%
from dvcedu.viz.certs import draw_chain

draw_chain(verified.chain, title="Chuỗi tin cậy của chứng thư trên token")

# %% lang="en" vi="301109d2" twin="strings"
# "Chuỗi tin cậy của chứng thư trên token"  →  "The chain of trust of the certificate on the token"

# %% [markdown]
# ### Hai gốc quốc gia, tin cả hai
#
# Ngày 25/11/2025 NEAC (nay thuộc Bộ Khoa học và Công nghệ) tạo một chứng thư gốc mới, và gốc
# mới cấp chứng thư riêng cho từng mô hình dịch vụ (USB token, ký số từ xa, ký trên di động,
# dấu thời gian) **[xác nhận: VnExpress, VTC News]**. Gốc cũ năm 2014 vẫn còn hiệu lực đến 2039,
# và mọi chứng thư cấp trước đó vẫn nối lên nó. Vì thế trong nhiều năm, phần mềm kiểm tra phải
# **tin cả hai gốc**: bỏ gốc cũ thì chứng thư cũ bị từ chối, thiếu gốc mới thì chứng thư mới bị
# từ chối. PKI đào tạo làm y như vậy: `root` (kiểu 2014) và `root-2025` (kiểu Bộ KH&CN), và
# dưới gốc mới là bốn CA, mỗi mô hình một: `vnpt-token-2025` (USB token), `vnpt-rs-2025` (ký số
# từ xa), `vnpt-mobile-2025` (ký trên thiết bị di động), `timestamp-2025` (dấu thời gian). Chứng thư `enterprise-2026` cấp sau
# ngày 1/7/2025 nên mang tên tỉnh và phường mới; `enterprise` giữ tên cũ (`L` là quận) mà vẫn
# hợp lệ.

# %% [markdown] lang="en" vi="9756097c"
# ### Two national roots, both trusted
#
# On 25 November 2025 NEAC (now under the Ministry of Science and Technology) made a new root
# certificate, and the new root issued a separate certificate for each service model (USB token,
# remote signing, mobile signing, timestamping) **[confirmed: VnExpress, VTC News]**. The old 2014
# root stays valid until 2039, and every certificate issued before still chains to it. So for
# years, verification software must **trust both roots**: drop the old one and old certificates
# are refused, miss the new one and new certificates are. The training PKI does the same:
# `root` (2014-style) and `root-2025` (the ministry's new style), and under the new root four
# CAs, one per model: `vnpt-token-2025` (USB token), `vnpt-rs-2025` (remote signing),
# `vnpt-mobile-2025` (signing on mobile devices), `timestamp-2025` (timestamping). The certificate `enterprise-2026`, issued after
# 1 July 2025, carries the new province and ward names; `enterprise` keeps the old ones (`L` is
# a district) and is still valid.

# %%
from dataclasses import replace

from cryptography.x509.oid import NameOID

from dvcedu.errors import VerificationError


def place(c, oid):
    return ", ".join(a.value for a in c.subject.get_attributes_for_oid(oid)) or "—"


def outcome(trust, leaf):
    try:
        return trust.verify(leaf, at=COURSE_DAY).chain[-1].subject.get_attributes_for_oid(
            NameOID.COMMON_NAME)[0].value
    except VerificationError as error:
        return error.reason.value


old_root_only = replace(trust, roots=trust.roots[:1])  # một phần mềm chỉ tin gốc cũ
rows = []
for label in ["enterprise", "enterprise-2026"]:
    leaf = samples.load_certificate(label)
    rows.append([label, place(leaf, NameOID.STATE_OR_PROVINCE_NAME),
                 place(leaf, NameOID.LOCALITY_NAME), outcome(trust, leaf),
                 outcome(old_root_only, leaf)])
Table.of(["Chứng thư", "ST", "L", "Tin cả hai gốc: nối lên", "Chỉ tin gốc cũ"], rows)

# %% lang="en" vi="48b6a88b" twin="strings"
# # một phần mềm chỉ tin gốc cũ  →  # software that trusts only the old root
# "Chứng thư"  →  "Certificate"
# "Tin cả hai gốc: nối lên"  →  "Both roots trusted: chains to"
# "Chỉ tin gốc cũ"  →  "Old root only"

# %% [markdown]
# ## 6. Thời hạn: mỗi chứng thư có hiệu lực bao lâu?
#
# Gốc quốc gia năm 2014 có hiệu lực 25 năm (2014–2039), [CA trung gian](glossary.md#ca-trung-gian) 5 năm, chứng thư thuê bao
# 1–3 năm **[xác nhận trên chứng thư thật]**. Nay có nhiều gốc: gốc 2014, gốc mới ngày 25/11/2025
# (mục 5), và các gốc cũ hay thử nghiệm khác gặp trong mã công khai. Giới hạn **theo luật**:
# Nghị định 23/2025 cho chứng thư gốc tối đa 25 năm, chứng thư thuê bao được tóm tắt là 3 năm
# **[thứ cấp: một bản tóm tắt, số liệu chưa đối chiếu với Điều 7 của nghị định]**. Chứng thư đào tạo có hiệu lực lâu hơn nhiều (đến hết 2035) để
# khóa học không bị hỏng theo thời gian — đó là khác biệt có chủ ý.

# %% [markdown] lang="en" vi="9a7afe6f"
# ## 6. Validity: how long is each certificate good for?
#
# The 2014 national root is valid for 25 years (2014–2039), an [intermediate CA](glossary.md#ca-trung-gian) for 5 years, a
# subscriber's certificate for 1–3 years **[confirmed on real certificates]**. There are several
# roots now: the 2014 root, the new root of 25 November 2025 (section 5), and other older or test
# roots met in public code. The limits **in law**: Decree 23/2025 gives a root certificate at most
# 25 years, and a subscriber's certificate is summarised as 3 years **[secondary: one summary,
# the figures not checked against Article 7 of the decree]**. The training
# certificates are valid much longer (to the end of 2035) so that the course does not break with
# time: a deliberate difference.

# %% [markdown]
# ### Bài tập: đoán trước khi chạy
#
# Hình sau vẽ thời hạn của từng chứng thư mẫu và ngày của khóa học (2/3/2026). Đoán trước:
# chứng thư mẫu `revoked` (bị thu hồi) có còn trong thời hạn vào ngày đó không?

# %% [markdown] lang="en" vi="763544d6"
# ### Exercise: predict before you run
#
# The next picture draws the validity of each sample certificate and the course's day
# (2 March 2026). Predict first: is the sample certificate `revoked` still within its validity
# period on that day?

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...
check("02.predict-revoked-in-date", answer)

# %%
from dvcedu.viz.certs import draw_timeline

labels = ["root", "vnpt", "enterprise", "enterprise-renewed", "expired", "revoked",
          "not-yet-valid"]
draw_timeline({label: samples.load_certificate(label) for label in labels}, COURSE_DAY)

# %% [markdown]
# Chú ý `revoked`: **còn trong thời hạn** nhưng đã bị **thu hồi**. Thời hạn và thu hồi là hai
# câu hỏi khác nhau, Cổng phải hỏi cả hai.

# %% [markdown] lang="en" vi="b29e8d89"
# Look at `revoked`: **within its validity period**, yet **revoked**. Validity and revocation
# are two different questions, and the portal must ask both.

# %% [markdown]
# ## 7. Khi kiểm tra thất bại: từng biến thể và lý do
#
# Bộ PKI đào tạo có sẵn các chứng thư "hỏng" theo đúng những cách thường gặp. Mã ở cột "mã
# plugin" là mã kết quả của VNPT-CA Plugin cho cùng tình huống (2 hết hạn, 3 chưa hiệu lực,
# 4 bị thu hồi, 7 CA không tin cậy) **[thứ cấp: bảng mã trong một bản sao thư viện JS công
# khai; không thấy trong các bản sao khác]**.

# %% [markdown] lang="en" vi="e90869f4"
# ## 7. When the check fails: each variant and its reason
#
# The training PKI comes with certificates "broken" in exactly the usual ways. The number in the
# "plugin code" column is the VNPT-CA Plugin's result code for the same situation (2 expired,
# 3 not yet valid, 4 revoked, 7 untrusted CA) **[secondary: the code table in one public copy
# of the JS library; not found in the other copies]**.

# %%
from dvcedu.errors import VerificationError

verdicts = []
for label in ["enterprise", "citizen", "branch", "expired", "not-yet-valid", "revoked",
              "lookalike", "no-digsig", "legacy", "vnpt"]:
    try:
        trust.verify(samples.load_certificate(label), at=COURSE_DAY, require_revocation=True)
        verdicts.append([label, "HỢP LỆ", "0", ""])
    except VerificationError as error:
        code = error.reason.plugin_code
        verdicts.append([label, error.reason.value, "" if code is None else code,
                         error.message("vi")])
Table.of(["Chứng thư", "Kết quả", "Mã plugin", "Thông báo"], verdicts)

# %% lang="en" vi="ea19cbdb" twin="strings"
# "HỢP LỆ"  →  "VALID"
# "vi"  →  "en"
# "Chứng thư"  →  "Certificate"
# "Kết quả"  →  "Result"
# "Mã plugin"  →  "Plugin code"
# "Thông báo"  →  "Message"

# %% [markdown]
# - `lookalike`: một "CA" tự ký **chép y nguyên tên** của CA VNPT đào tạo. Tên giống hệt, nhưng
#   khóa khác — chữ ký trên chứng thư không khớp với khóa của CA thật. Vì thế Cổng xác định CA
#   **bằng chữ ký** (xây dựng chuỗi), không bao giờ bằng cách so tên.
# - `vnpt`: chứng thư của chính CA — không phải của thuê bao, không dùng để đăng nhập.
# - `legacy`: SHA-1 và RSA-1024, như nhiều chứng thư 2015–2018 **[xác nhận: BkavCA cấp
#   RSA-1024 năm 2018]**; nay không còn được chấp nhận: Thông tư 15/2025/TT-BKHCN đòi RSA từ 2048
#   bit, ECDSA từ 256 bit **[thứ cấp]**.

# %% [markdown] lang="en" vi="6983e215"
# - `lookalike`: a self-signed "CA" that **copies the name** of the VNPT training CA exactly.
#   The name is identical, but the key is different: the signature on the certificate does not
#   match the real CA's key. That is why the portal identifies a CA **by its signature** (by
#   building the chain), never by comparing names.
# - `vnpt`: the CA's own certificate, not a subscriber's; it is not for logging in.
# - `legacy`: SHA-1 and RSA-1024, like many certificates of 2015–2018 **[confirmed: BkavCA issued
#   RSA-1024 in 2018]**; no longer accepted: Circular 15/2025/TT-BKHCN requires RSA of at least
#   2048 bits, ECDSA of at least 256 **[secondary]**.

# %% [markdown]
# ## 8. Thu hồi: CRL và OCSP
#
# Khi khóa bí mật bị lộ (mất token, nghỉ việc, …), CA **[thu hồi](glossary.md#thu-hoi)** chứng thư trước hạn và công
# bố theo hai cách:
#
# - **CRL** (*Certificate Revocation List*, [danh sách thu hồi](glossary.md#danh-sach-thu-hoi)): một tệp do CA ký, liệt kê số hiệu
#   các chứng thư bị thu hồi; người kiểm tra tải về định kỳ.
# - **[OCSP](glossary.md#ocsp)** (*Online Certificate Status Protocol*): hỏi trực tiếp máy chủ của CA "chứng thư số
#   hiệu X còn tốt không?" và nhận câu trả lời có chữ ký.

# %% [markdown] lang="en" vi="39f7822e"
# ## 8. Revocation: CRL and OCSP
#
# When a private key is exposed (a lost token, an employee who left, …), the CA
# **[revokes](glossary.md#thu-hoi)** (thu hồi) the certificate before it expires, and publishes that in two ways:
#
# - **CRL** (*Certificate Revocation List*, [danh sách thu hồi](glossary.md#danh-sach-thu-hoi)): a file signed by the CA listing the
#   serial numbers of the revoked certificates; checkers download it regularly.
# - **[OCSP](glossary.md#ocsp)** (*Online Certificate Status Protocol*): ask the CA's server directly "is the
#   certificate with serial X still good?" and get a signed answer.

# %%
from cryptography import x509

crl = samples.load_crl("viettel")
print("CRL của:", crl.issuer.get_attributes_for_oid(x509.NameOID.COMMON_NAME)[0].value)
print("Phát hành:", f"{crl.last_update_utc:%Y-%m-%d}", "— lần sau:", f"{crl.next_update_utc:%Y-%m-%d}")
Table.of(["Số hiệu (serial)", "Ngày thu hồi", "Lý do"],
         [[f"{entry.serial_number:X}", f"{entry.revocation_date_utc:%Y-%m-%d}",
           entry.extensions.get_extension_for_class(x509.CRLReason).value.reason.name]
          for entry in crl], mono=[0])

# %% lang="en" vi="04e15759" twin="strings"
# "CRL của:"  →  "CRL of:"
# "Phát hành:"  →  "Issued:"
# "— lần sau:"  →  "— next:"
# "Số hiệu (serial)"  →  "Serial"
# "Ngày thu hồi"  →  "Revoked on"
# "Lý do"  →  "Reason"

# %%
from dvcedu.pki.revocation import check_revocation

viettel = samples.load_certificate("viettel")
for label in ["enterprise-b", "revoked"]:
    status = check_revocation(samples.load_certificate(label), viettel, at=COURSE_DAY,
                              ocsp_responder=trust.ocsp)
    print(f"OCSP cho {label:13}: {status.status}"
          + (f", thu hồi ngày {status.revoked_at:%Y-%m-%d} ({status.reason})"
             if status.revoked_at else ""))

# %% lang="en" vi="0b2ff0c6" twin="strings"
# f"OCSP cho {label:13}: {status.status}"  →  f"OCSP for {label:13}: {status.status}"
# f", thu hồi ngày {status.revoked_at:%Y-%m-%d} ({status.reason})"  →  f", revoked on {status.revoked_at:%Y-%m-%d} ({status.reason})"

# %% [markdown]
# Bộ trả lời OCSP ở đây chạy ngay trong máy (không có mạng): nó được dựng bằng các hàm OCSP của
# thư viện `cryptography` và ký bằng khóa của CA đào tạo. Với chứng thư thật khi không có mạng,
# `dvcedu cert verify` báo tình trạng thu hồi là **không rõ** thay vì báo lỗi.

# %% [markdown] lang="en" vi="9f4ce6e2"
# The OCSP responder here runs on your computer (no network): it is built from the OCSP functions
# of the `cryptography` library and signs with the training CA's key. For a real certificate
# with no network, `dvcedu cert verify` reports the revocation status as **unknown** instead of
# an error.

# %% [markdown]
# ## 9. CA cá nhân hóa token thế nào: yêu cầu cấp chứng thư ký trên token
#
# Khi CA giao token thật, thường là: token **tự sinh cặp khóa**, rồi **tự ký** một yêu cầu cấp
# chứng thư (*CSR*, PKCS#10) chứa khóa công khai; CA kiểm tra chữ ký đó (bằng chứng người xin
# giữ khóa bí mật), cấp chứng thư và ghi lại vào token cạnh khóa.

# %% [markdown] lang="en" vi="d59f800e"
# ## 9. How a CA personalises a token: a certificate request signed on the token
#
# When a CA hands over a real token, usually: the token **generates its key pair**, then
# **signs** a certificate request itself (a *CSR*, PKCS#10) holding the public key; the CA checks
# that signature (proof that the applicant holds the private key), issues the certificate and
# writes it back onto the token beside the key.

# %%
from dvcedu.pki import csr
from dvcedu.token import TRAINING_PIN as PIN
from dvcedu.token import init_token, provisioning

init_token("NB02-TOKEN-MOI", pin=PIN, force=True)
with provisioning("NB02-TOKEN-MOI", PIN) as new_token:  # một phiên đọc-ghi (read-write)
    new_key = new_token.generate_key_pair(id=b"\x01", label="khóa mới")
    request = csr.build_csr(cert.subject, new_token.session.public_key(id=b"\x01"),
                            new_key.sign)
parsed = x509.load_der_x509_csr(request)
print("CSR:", len(request), "byte; chữ ký (làm trên token) hợp lệ:", parsed.is_signature_valid)
print("Chủ thể xin cấp:", parsed.subject.get_attributes_for_oid(x509.NameOID.USER_ID)[0].value)

# %% lang="en" vi="b016fbf9" twin="strings"
# # một phiên đọc-ghi (read-write)  →  # a read-write session
# "khóa mới"  →  "new key"
# "byte; chữ ký (làm trên token) hợp lệ:"  →  "bytes; its signature (made on the token) is valid:"
# "Chủ thể xin cấp:"  →  "Subject applying:"

# %% [markdown]
# Lệnh `dvcedu token init --generate-on-token` làm trọn quy trình này: sinh khóa, ký CSR, CA đào
# tạo cấp chứng thư, ghi chứng thư về token.

# %% [markdown] lang="en" vi="0ff67e49"
# `dvcedu token init --generate-on-token` does the whole process: generate the key, sign the
# CSR, have the training CA issue the certificate, write the certificate onto the token.

# %% [markdown]
# ## 10. Chứng thư thật của bạn
#
# > **Ô dưới cần phần cứng** (đánh dấu `nbval-skip`). Cắm USB token thật, đặt
# > `DVCEDU_REAL_TOKEN_MODULE` (đường dẫn mô-đun PKCS#11 của CA — xem notebook 08) và
# > `DVCEDU_REAL_TOKEN_LABEL` trước khi mở JupyterLab. Ô này chỉ đọc chứng thư (công khai),
# > không hỏi PIN.

# %% [markdown] lang="en" vi="aba76a51"
# ## 10. Your real certificate
#
# > **The cell below needs hardware** (marked `nbval-skip`). Plug in a real USB token, set
# > `DVCEDU_REAL_TOKEN_MODULE` (the path of the CA's PKCS#11 module, see notebook 08) and
# > `DVCEDU_REAL_TOKEN_LABEL` before you open JupyterLab. This cell only reads the (public)
# > certificate; it does not ask for the PIN.

# %% tags=["nbval-skip"]
import os

real_module = os.environ.get("DVCEDU_REAL_TOKEN_MODULE")
if not real_module:
    print("Không có token thật (chưa đặt DVCEDU_REAL_TOKEN_MODULE) — bỏ qua ô này.")
else:
    with open_token(os.environ.get("DVCEDU_REAL_TOKEN_LABEL", ""), module=real_module) as real:
        for real_cert in real.certificates():
            display(decode.summarize(real_cert.x509(), now=COURSE_DAY))  # noqa: F821

# %% lang="en" vi="784b4599" twin="strings"
# "Không có token thật (chưa đặt DVCEDU_REAL_TOKEN_MODULE) — bỏ qua ô này."  →  "No real token (DVCEDU_REAL_TOKEN_MODULE is not set): skipping this cell."

# %% [markdown]
# ## Bài tập (exercises)
#
# Gán câu trả lời cho `answer` (thay dấu `...`) rồi chạy ô: kiểm tra ngay tại máy, có gợi ý khi
# chưa đúng. Đáp án không nằm trong mã nguồn (chỉ có giá trị băm); bản có lời giải ở thư mục
# `solutions/`.

# %% [markdown] lang="en" vi="90d6184a"
# ## Exercises
#
# Put your answer in `answer` (in place of `...`) and run the cell: it is checked right here on
# your computer, with a hint when it is not right yet. The answers are not in the source code
# (only their hashes are); the copy with solutions is in the `solutions/` folder.

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...  # ← câu trả lời của bạn / your answer
check("02.mst", answer)

# %% lang="en" vi="978bdbba" twin="strings"
# # ← câu trả lời của bạn / your answer  →  # ← your answer

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...  # ← câu trả lời của bạn / your answer
check("02.check-digit", answer)

# %% lang="en" vi="6569f2a9" twin="strings"
# # ← câu trả lời của bạn / your answer  →  # ← your answer

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...  # ← câu trả lời của bạn / your answer
check("02.revoked-code", answer)

# %% lang="en" vi="90a3d978" twin="strings"
# # ← câu trả lời của bạn / your answer  →  # ← your answer

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...  # ← câu trả lời của bạn / your answer
check("02.uid-tag", answer)

# %% lang="en" vi="fe6af02d" twin="strings"
# # ← câu trả lời của bạn / your answer  →  # ← your answer

# %% [markdown]
# **Áp dụng vào trường hợp khác** (*transfer*): đáp án của câu dưới đây không có sẵn ở trên;
# hãy suy ra từ điều bạn vừa học.

# %% [markdown] lang="en" vi="b83525e8"
# **Apply it to another case** (*transfer*): the answer to the question below is not shown
# above; work it out from what you just learnt.

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...  # "có" hoặc "không"
check("02.twelve-digit-mst", answer)

# %% lang="en" vi="c9ebb0e2" twin="strings"
# # "có" hoặc "không"  →  # "yes" or "no"

# %% [markdown]
# ## Bài tập lập trình (write code)
#
# Ô kiểm tra chạy hàm của bạn trên nhiều đầu vào và so với cách dvcedu làm; sai ở đâu, nó nói
# đầu vào nào và gợi ý theo đúng kiểu sai.

# %% [markdown] lang="en" vi="cd200aa1"
# ## Write code
#
# The checking cell runs your function on many inputs and compares it with what dvcedu does;
# where it differs, it says which input, with a hint for that kind of mistake.

# %% [markdown]
# ### Viết hàm
#
# Viết `check_digit(nine)`: chữ số kiểm tra của MST từ 9 chữ số đầu (kiểu `int`), hoặc `None`
# nếu không MST nào bắt đầu bằng 9 chữ số đó. Sau đó dùng nó để tự kiểm tra MST trên chứng thư.

# %% [markdown] lang="en" vi="cb6d0275"
# ### Write a function
#
# Write `check_digit(nine)`: the MST check digit from its first 9 digits (an `int`), or `None`
# if no MST can start with those 9 digits. Then use it to check the MST on the certificate
# yourself.

# %% tags=["task"]
from dvcedu.tasks import check_code


def check_digit(nine):
    return ...  # viết ở đây (your code here)


check_code("02.check-digit-code", check_digit)

# %% lang="en" vi="cfcda603" twin="strings"
# # viết ở đây (your code here)  →  # your code here

# %% [markdown]
# ### Sửa lỗi (debug)
#
# Hàm dưới đọc năm sinh từ số CCCD 12 chữ số. Nó đúng với người sinh năm 1990, sai với
# người sinh năm 2001. Sửa nó.

# %% [markdown] lang="en" vi="fd131209"
# ### Debug
#
# The function below reads the year of birth from a 12-digit CCCD number. It is right for
# someone born in 1990 and wrong for someone born in 2001. Fix it.

# %% tags=["task"]
from dvcedu.tasks import check_code


def birth_year(cccd):
    return 1900 + int(cccd[4:6])


check_code("02.birth-year", birth_year)

# %%
from dvcedu.exercises import summary

summary("02")

# %% [markdown]
# ## Điểm chính (*keypoints*)
#
# - Cổng đọc **`UID=MST:…`** (hoặc `CCCD:…`) để biết ai đang đăng nhập; UID được tìm theo OID.
# - Chứng thư được tin vì **chuỗi chữ ký** lên gốc quốc gia — không phải vì tên CA.
# - Cổng hỏi bốn câu: chuỗi tin cậy? còn hạn? được phép ký? chưa bị thu hồi (CRL/OCSP)?
#
# Tiếp theo: [03 — Ký số](03_ky_so.ipynb). Quay lại:
# [01 — USB token và PKCS#11](01_usb_token_pkcs11.ipynb) ·
# [00 — Giới thiệu](00_gioi_thieu.ipynb).

# %% [markdown] lang="en" vi="ddc016a9"
# ## Keypoints
#
# - The portal reads **`UID=MST:…`** (or `CCCD:…`) to know who is logging in; the UID is found
#   by its OID.
# - A certificate is trusted because of the **chain of signatures** up to the national root, not
#   because of the CA's name.
# - The portal asks four questions: a chain of trust? still valid? allowed to sign? not revoked
#   (CRL/OCSP)?
#
# Next: [03 — Signing](03_signing.ipynb). Back:
# [01 — USB tokens and PKCS#11](01_usb_token_pkcs11.ipynb) ·
# [00 — Introduction](00_introduction.ipynb).
