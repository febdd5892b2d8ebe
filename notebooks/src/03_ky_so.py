# %% [markdown]
# # 03 — Ký số trên token
#
# *Digital signatures on the token: hash → padding → RSA, the detached CMS the plugin returns,
# and the exchange page ↔ plugin ↔ token drawn from your own run.*
#
# Ở bước 2.2–2.3 của hướng dẫn gốc, bạn chọn chứng thư, bấm "OK", nhập mã PIN — và token ký.
# Notebook này mở chữ ký đó ra: token thật sự làm gì với dữ liệu, plugin ký số gói kết quả
# thế nào, và mọi thông điệp đi qua lại giữa trang web, plugin và token trong lần chạy của
# chính bạn.

# %% [markdown] lang="en" vi="924f5817"
# # 03 — Signing on the token
#
# In steps 2.2–2.3 of the original guide, you choose the certificate, press "OK", type the PIN,
# and the token signs. This notebook opens that signature up: what the token really does with
# the data, how the signing plugin packs the result, and every message that went back and forth
# between the web page, the plugin and the token in your own run.

# %% [markdown]
# > **Câu hỏi** (*questions*): Khi bạn nhập mã PIN, token thật sự làm gì với dữ liệu?
# >
# > **Mục tiêu** (*objectives*) — sau notebook này, bạn:
# > - theo được ba bước băm → đệm → RSA trên token;
# > - kiểm tra một chữ ký bằng khóa công khai trong chứng thư;
# > - mở gói CMS tách rời mà plugin trả về;
# > - đọc sơ đồ trao đổi trang web ↔ plugin ↔ token của chính lần chạy.
# >
# > **Thời gian**: dạy 20 phút · bài tập 5 phút · tự học ≈ 50 phút (buổi học 3 giờ, xem [README](README.md)).

# %% [markdown] lang="en" vi="146ac0fb"
# > **Questions**: When you type the PIN, what does the token really do with the data?
# >
# > **Objectives**: after this notebook, you can:
# > - follow the three steps hash → padding → RSA on the token;
# > - check a signature with the public key in the certificate;
# > - open the detached CMS the plugin returns;
# > - read the diagram of the page ↔ plugin ↔ token exchange of your own run.
# >
# > **Time**: teaching 20 min · exercises 5 min · self-study ≈ 50 min (a 3-hour session, see the [README](README.md)).


# %% [markdown] tags=["instructor"]
# <details class="dvcedu-instructor"><summary><b>Ghi chú cho giảng viên</b> (<i>instructor
# note</i>) — học viên có thể bỏ qua</summary>
#
# **Chiếu sơ đồ của một học viên** (mục 4) lên màn hình và đọc từng mũi tên với lớp. Điểm hay
# bị hiểu sai: token không nhận dữ liệu, chỉ nhận các thuộc tính đã ký (hoặc giá trị băm).
#
# </details>

# %% [markdown] lang="en" vi="f55db4c4"
# <details class="dvcedu-instructor"><summary><b>Instructor note</b> — learners may skip this</summary>
#
# **Put one learner's diagram** (section 4) on the screen and read each arrow with the class. The
# point often misunderstood: the token does not receive the data, only the signed attributes (or
# the hash).
#
# </details>

# %%
# Chuẩn bị (setup): token đào tạo mới giữ khóa mẫu của doanh nghiệp (chữ ký giống nhau mỗi lần).
# Token của notebook này: DVCEDU-NB03, tạo mới mỗi lần chạy trong thư mục dvcedu của bạn
# (lệnh `dvcedu … --label DVCEDU-NB03` trong terminal tác động đúng token này).
from dvcedu import lab
from dvcedu.clock import COURSE_DAY, FixedClock
from dvcedu.token import TRAINING_PIN as PIN  # mã PIN đào tạo; không bao giờ in ra
from dvcedu.viz import Table

training = lab.start("enterprise", notebook="03", lang="vi")
clock = FixedClock(COURSE_DAY)

# %% lang="en" vi="910cf930" twin="strings"
# # Chuẩn bị (setup): token đào tạo mới giữ khóa mẫu của doanh nghiệp (chữ ký giống nhau mỗi lần).  →  # Setup: a new training token holding the enterprise's sample key (the same signature every run).
# # Token của notebook này: DVCEDU-NB03, tạo mới mỗi lần chạy trong thư mục dvcedu của bạn  →  # This notebook's token: DVCEDU-NB03, made anew on every run in your dvcedu folder
# # (lệnh `dvcedu … --label DVCEDU-NB03` trong terminal tác động đúng token này).  →  # (`dvcedu … --label DVCEDU-NB03` in a terminal acts on this very token).
# # mã PIN đào tạo; không bao giờ in ra  →  # the training PIN; never printed
# "vi"  →  "en"

# %% [markdown]
# ## 1. Băm → đệm → RSA, ngay trên token
#
# [Chữ ký số](glossary.md#chu-ky-so) RSA theo PKCS#1 v1.5 (chuẩn mà mọi chứng thư CA Việt Nam đã xem đều dùng) có ba bước:
#
# 1. **[Băm](glossary.md#ham-bam)** (*hash*) dữ liệu bằng SHA-256 → 32 byte "dấu vân tay" của dữ liệu;
# 2. **[Đệm](glossary.md#dem)** (*padding*): `00 01 FF … FF 00` + `DigestInfo` (mã của thuật toán SHA-256 + 32
#    byte băm) cho đủ 256 byte;
# 3. **RSA** với khóa bí mật: token nâng khối 256 byte đó lên lũy thừa `d`, rồi lấy phần dư
#    khi chia cho `n` (*modulo n*).
#
# Với cơ chế `CKM_SHA256_RSA_PKCS`, **cả ba bước đều diễn ra trong token**. Ta đưa dữ liệu vào,
# nhận chữ ký ra.

# %% [markdown] lang="en" vi="2d3e9413"
# ## 1. Hash → padding → RSA, on the token itself
#
# An RSA [digital signature](glossary.md#chu-ky-so) under PKCS#1 v1.5 (the standard every Vietnamese CA certificate examined uses) has three steps:
#
# 1. **[Hash](glossary.md#ham-bam)** the data with SHA-256 → a 32-byte "fingerprint" of the data;
# 2. **[Padding](glossary.md#dem)**: `00 01 FF … FF 00` + `DigestInfo` (the code of the SHA-256
#    algorithm + the 32 hash bytes) to make 256 bytes;
# 3. **RSA** with the private key: the token raises that 256-byte block to the power `d` and
#    takes the remainder on division by `n` (*modulo n*).
#
# With the mechanism `CKM_SHA256_RSA_PKCS`, **all three steps happen in the token**. We put the
# data in and get the signature out.

# %%
import hashlib

from dvcedu.token import open_token

data = "Xin chào Cổng Dịch vụ công Quốc gia".encode("utf-8")  # dữ liệu cần ký: một lời chào
print("Dữ liệu:", len(data), "byte")
print("SHA-256 của dữ liệu:", hashlib.sha256(data).hexdigest())

with open_token(training.label, pin=PIN) as token:
    key = token.private_key()
    signature = key.sign(data, mechanism="SHA256_RSA_PKCS")
    certificate = token.certificate(id=key.id).x509()
print("Chữ ký:", len(signature), "byte, bắt đầu bằng", signature[:8].hex(" "))

# %% lang="en" vi="a27c02a6" twin="strings"
# # dữ liệu cần ký: một lời chào  →  # "Hello, National Public Service Portal": the data to sign
# "Dữ liệu:"  →  "Data:"
# "byte"  →  "bytes"
# "SHA-256 của dữ liệu:"  →  "SHA-256 of the data:"
# "Chữ ký:"  →  "Signature:"
# "byte, bắt đầu bằng"  →  "bytes, starting with"

# %% [markdown]
# ## 2. Mở chữ ký bằng khóa công khai
#
# Ai có chứng thư (tức khóa công khai `e`, `n`) đều "mở" được chữ ký: `chữ ký^e mod n` trả lại
# đúng khối 256 byte mà token đã ký. Không cần bí mật nào — đó là lý do Cổng kiểm tra được chữ
# ký của bạn.

# %% [markdown] lang="en" vi="73a8d31b"
# ## 2. Opening the signature with the public key
#
# Anyone with the certificate (that is, the public key `e`, `n`) can "open" the signature:
# `signature^e mod n` gives back exactly the 256-byte block the token signed. No secret is
# needed: that is why the portal can check your signature.

# %%
from dvcedu.viz.signature import anatomy, draw_anatomy

opened = anatomy(signature, certificate.public_key(), data)
Table.of(["Phần (part)", "Độ dài", "Byte"],
         [[part.label(), len(part.data), part.data.hex(" ") if len(part.data) <= 19
           else part.data[:8].hex(" ") + " … " + part.data[-4:].hex(" ")]
          for part in opened.parts], mono=[2])

# %% lang="en" vi="c43d1f5e" twin="strings"
# "Phần (part)"  →  "Part"
# "Độ dài"  →  "Length"
# "Byte"  →  "Bytes"

# %%
draw_anatomy(opened)

# %% [markdown]
# 32 byte cuối của khối chính là SHA-256 của dữ liệu, **tính lại độc lập** bên ngoài token:
# khớp. Đó là toàn bộ ý nghĩa của "chữ ký hợp lệ". Thư viện `cryptography` làm đúng phép kiểm
# tra này:

# %% [markdown] lang="en" vi="04a2bfaf"
# The last 32 bytes of the block are the SHA-256 of the data, **computed again independently**
# outside the token: they match. That is all "a valid signature" means. The `cryptography`
# library makes exactly this check:

# %%
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

certificate.public_key().verify(signature, data, padding.PKCS1v15(), hashes.SHA256())
print("HỢP LỆ (valid)")

# %% lang="en" vi="797855ca" twin="strings"
# "HỢP LỆ (valid)"  →  "VALID"

# %% [markdown]
# ### Ai băm: token, hay máy tính?
#
# Token đào tạo có cơ chế `CKM_SHA256_RSA_PKCS`: **token tự băm** rồi ký. Không phải token nào
# cũng có: token mềm của opencryptoki, và một số thẻ thông minh, chỉ có `CKM_RSA_PKCS` (ký
# "thô"). Khi đó **máy tính băm**, gói giá trị băm vào một `DigestInfo` — đúng 51 byte ở hàng
# "DigestInfo" và "giá trị băm" của bảng trên — và token chỉ ký gói đó. dvcedu đọc danh sách cơ
# chế của token (`C_GetMechanismList`) rồi chọn đường; hai đường cho **cùng một chữ ký**:

# %% [markdown] lang="en" vi="9b395031"
# ### Who hashes: the token, or the computer?
#
# The training token has the mechanism `CKM_SHA256_RSA_PKCS`: **the token hashes** and then
# signs. Not every token has it: opencryptoki's software token, and some smart cards, only have
# `CKM_RSA_PKCS` ("raw" signing). Then **the computer hashes**, wraps the hash in a
# `DigestInfo` (exactly the 51 bytes of the "DigestInfo" and "hash value" rows of the table
# above) and the token signs only that. dvcedu reads the token's list of mechanisms
# (`C_GetMechanismList`) and chooses the path; both paths give **the same signature**:

# %%
from dvcedu.i18n import t
from dvcedu.token import digest_info

with open_token(training.label, pin=PIN) as token:
    key = token.private_key()
    path = key.signing_path()
    raw_rsa = key.sign(digest_info(data), mechanism="RSA_PKCS")  # máy tính băm, token ký thô
print("Token này đi đường:", path.mechanism, "—",
      t(path.why, mechanism=path.mechanism, digest=path.digest.upper()))
print("DigestInfo:", len(digest_info(data)), "byte; hai chữ ký giống nhau?", raw_rsa == signature)

# %% lang="en" vi="8a96288c" twin="strings"
# # máy tính băm, token ký thô  →  # the computer hashes, the token signs raw
# "Token này đi đường:"  →  "This token takes the path:"
# "byte; hai chữ ký giống nhau?"  →  "bytes; the two signatures are the same?"

# %% [markdown]
# Khóa **EC** (ECDSA) đi đúng hai đường ấy: `CKM_ECDSA_SHA256` (token tự băm) nếu token có,
# nếu không thì `CKM_ECDSA` trên giá trị băm 32 byte tính ở máy tính — không có `DigestInfo`.
# Token trả chữ ký ECDSA là hai số r ‖ s đặt cạnh nhau; chứng thư và CMS lại chứa nó dưới dạng
# DER `SEQUENCE { r, s }`, nên dvcedu gói lại. Khác RSA PKCS#1 v1.5, ECDSA có yếu tố ngẫu nhiên:
# ký cùng dữ liệu hai lần ra hai chữ ký khác nhau, đều hợp lệ. Chưa thấy chứng thư nào của CA
# Việt Nam dùng khóa EC [chưa xác nhận]; dvcedu vẫn ký được nếu token có (đã kiểm thử trên
# SoftHSM2, chỉ có `CKM_ECDSA`; token mềm opencryptoki 3.8 không có ECDSA và dvcedu báo rõ).

# %% [markdown] lang="en" vi="499892e4"
# An **EC** key (ECDSA) takes the same two paths: `CKM_ECDSA_SHA256` (the token hashes) when the
# token has it, otherwise `CKM_ECDSA` on the 32-byte hash computed on the computer, with no
# `DigestInfo`. The token returns an ECDSA signature as two numbers r ‖ s side by side; the
# certificate and the CMS hold it as DER `SEQUENCE { r, s }`, so dvcedu repacks it. Unlike RSA
# PKCS#1 v1.5, ECDSA has a random element: signing the same data twice gives two different
# signatures, both valid. No certificate of a Vietnamese CA with an EC key has been seen
# [unconfirmed]; dvcedu still signs with one if the token has it (tested on SoftHSM2, which has
# only `CKM_ECDSA`; opencryptoki 3.8's software token has no ECDSA, and dvcedu says so plainly).

# %% [markdown]
# ### Bài tập: đoán trước khi chạy
#
# Ô sau đổi **một byte** của dữ liệu (chữ "X" thành "x") rồi băm lại. Đoán trước: trong 32
# byte của giá trị băm mới, bao nhiêu byte **trùng** byte cũ ở cùng vị trí (một số từ 0 đến
# 32)?

# %% [markdown] lang="en" vi="2750352c"
# ### Exercise: predict before you run
#
# The next cell changes **one byte** of the data (the letter "X" to "x") and hashes it again.
# Predict first: of the 32 bytes of the new hash, how many are **the same** as the old byte in
# the same position (a number from 0 to 32)?

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...
check("03.predict-hash-bytes", answer)

# %%
changed = bytearray(data)
changed[0] ^= 0x20
new_hash = hashlib.sha256(changed).digest()
print("Dữ liệu mới:", bytes(changed).decode())
print("SHA-256 mới:", new_hash.hex())
print("Số byte trùng vị trí với băm cũ:",
      sum(a == b for a, b in zip(hashlib.sha256(data).digest(), new_hash, strict=True)), "/ 32")
print("Còn khớp không?", anatomy(signature, certificate.public_key(), bytes(changed)).matches)

# %% lang="en" vi="a985cef6" twin="strings"
# "Dữ liệu mới:"  →  "New data:"
# "SHA-256 mới:"  →  "New SHA-256:"
# "Số byte trùng vị trí với băm cũ:"  →  "Bytes the same as the old hash, position by position:"
# "Còn khớp không?"  →  "Does it still match?"

# %% tags=["raises-exception"]
certificate.public_key().verify(signature, bytes(changed), padding.PKCS1v15(), hashes.SHA256())

# %% [markdown]
# ## 3. Plugin ký số: chữ ký "thô" và gói CMS tách rời
#
# Trang web không nói chuyện trực tiếp với token. Nó gọi **plugin ký số** (VNPT-CA Plugin mà
# Cổng yêu cầu cài) qua một kết nối WebSocket trên máy bạn, bằng các hàm `checkPlugin`,
# `getCertInfo`, `signArrDataAdvanced` **[xác nhận trong thư viện JS công khai của plugin]**.
# Plugin hiện hộp thoại chọn chứng thư, hộp thoại PIN, rồi ra lệnh cho token.
#
# Plugin có thể trả về chữ ký **thô** (*raw*, như ở trên) hoặc một gói **[CMS tách rời](glossary.md#cms-tach-roi)**
# (*detached CMS*, chuẩn RFC 5652 — dạng `"cmsdetached"` mà các sản phẩm của VNPT dùng khi
# đăng nhập bằng token). Gói CMS chứa chữ ký, chứng thư của người ký, thời điểm ký và giá trị
# băm của dữ liệu — nhưng **không** chứa dữ liệu (vì thế gọi là "tách rời": bên kiểm tra đã có
# dữ liệu).
#
# dvcedu dựng lại plugin với đúng các hàm đó. Đây là lần chạy của bạn, như trình duyệt làm:

# %% [markdown] lang="en" vi="653a6aeb"
# ## 3. The signing plugin: a "raw" signature and a detached CMS
#
# The web page does not talk to the token directly. It calls the **signing plugin** (the VNPT-CA
# Plugin the portal asks you to install) over a WebSocket connection on your computer, with the
# functions `checkPlugin`, `getCertInfo`, `signArrDataAdvanced` **[confirmed in the plugin's
# public JS library]**. The plugin shows the certificate-choice dialog and the PIN dialog, then
# commands the token.
#
# The plugin can return a **raw** signature (as above) or a **[detached CMS](glossary.md#cms-tach-roi)** (CMS tách rời,
# RFC 5652, the `"cmsdetached"` form that VNPT's products use for token login). The CMS holds the
# signature, the signer's certificate, the signing time and the hash of the data, but **not**
# the data (hence "detached": the checker already has the data).
#
# dvcedu rebuilds the plugin with exactly those functions. This is your run, as the browser does
# it:

# %%
import base64

from dvcedu.plugin import PluginWire, ScriptedLearner, SigningPlugin
from dvcedu.plugin.protocol import stringify

plugin = SigningPlugin(clock=clock, label=training.label)
page = PluginWire(plugin, origin="https://dichvucong.gov.test",
                  learner=ScriptedLearner(pin=PIN))  # "bạn" chọn chứng thư đầu tiên, gõ PIN

print("checkPlugin:", page.call("checkPlugin"))
chosen = page.call("getCertInfo")
item = stringify({"data": base64.b64encode(data).decode(), "type": "cmsdetached"})
signed = page.call("signArrDataAdvanced", [item], chosen["serial"], True, False)
detached = base64.b64decode(signed[0]["data"])
print("Chứng thư đã chọn:", chosen["subjectCN"], "—", chosen["uid"])
print("Gói CMS tách rời:", len(detached), "byte")

# %% lang="en" vi="78578ce9" twin="strings"
# # "bạn" chọn chứng thư đầu tiên, gõ PIN  →  # "you" choose the first certificate, type the PIN
# "Chứng thư đã chọn:"  →  "Certificate chosen:"
# "Gói CMS tách rời:"  →  "Detached CMS:"
# "byte"  →  "bytes"

# %% [markdown]
# Đây là khung tin (*frame*) mà trang vừa gửi cho plugin, đúng từng byte như thư viện
# JavaScript của VNPT-CA Plugin gửi **[xác nhận: dvcedu ghi lại các khung tin của chính thư
# viện đó và kiểm thử so từng byte]**. Tham số thứ nhất là một **chuỗi**; trong chuỗi là một
# mảng JSON; mỗi phần tử của mảng lại là một **chuỗi** JSON. Plugin phải bóc ba lớp mới tới dữ
# liệu cần ký — và phải từ chối gọn gàng mọi thứ không đúng dạng ở từng lớp.

# %% [markdown] lang="en" vi="e7f1749a"
# This is the *frame* the page just sent the plugin, byte for byte as VNPT-CA Plugin's
# JavaScript library sends it **[confirmed: dvcedu recorded that library's own frames and its
# tests compare them byte for byte]**. The first argument is a **string**; inside it, a JSON
# array; each item of the array is again a JSON **string**. The plugin must peel three layers to
# reach the data to sign, and refuse cleanly whatever is malformed at each layer.

# %%
import json

frame = page.transcript.find("signArrDataAdvanced").payload.decode()
request = json.loads(frame)                # lớp 1: khung tin
array = json.loads(request["args"][0])     # lớp 2: chuỗi → mảng
first = json.loads(array[0])               # lớp 3: chuỗi → đối tượng {data, type}
print("functionID:", request["functionID"], "— funcCallback:", request["funcCallback"],
      "— domain:", request["domain"])
print("args[0] là", type(request["args"][0]).__name__, "→ mảng", len(array), "phần tử →",
      sorted(first))
print("serial, clearPINCache, showCertList:", request["args"][1:])

# %% lang="en" vi="cdddfcb1" twin="strings"
# # lớp 1: khung tin  →  # layer 1: the frame
# # lớp 2: chuỗi → mảng  →  # layer 2: a string → an array
# # lớp 3: chuỗi → đối tượng {data, type}  →  # layer 3: a string → an object {data, type}
# "args[0] là"  →  "args[0] is a"
# "→ mảng"  →  "→ an array of"
# "phần tử →"  →  "→"

# %% [markdown]
# ### Gói CMS, từng phần

# %% [markdown] lang="en" vi="9f0e4765"
# ### The CMS, part by part

# %%
from dvcedu.pki import cms

Table.of(["Phần (part)", "Giá trị"], cms.describe(detached))

# %% lang="en" vi="73f046b9" twin="strings"
# "Phần (part)"  →  "Part"
# "Giá trị"  →  "Value"

# %% [markdown]
# Điểm mấu chốt: với CMS, token **không** ký dữ liệu trực tiếp. Plugin băm dữ liệu và đặt giá
# trị băm vào thuộc tính `messageDigest`; token ký **[các thuộc tính đã ký](glossary.md#thuoc-tinh-da-ky)** (*signed
# attributes*: `contentType`, `signingTime`, `messageDigest`, và `signingOrigin` — trang web
# đã gọi plugin). Vì thế dữ liệu dài bao nhiêu cũng không cần đi vào token.
#
# `signingOrigin` là phần dvcedu thêm vào: địa chỉ trang web mà plugin thấy, **nằm trong phần
# được ký**. Ở đời thật, chính thư viện JS của trang thêm `domain` (tên máy của trang,
# `window.location.hostname`) vào **mỗi yêu cầu trang gửi cho plugin**, ngoài mọi phần được ký
# **[xác nhận trong thư viện JS]**; plugin có thể dùng nó để đối chiếu giấy phép. Cổng có nhận
# `domain` bên cạnh chữ ký hay không là mã trang của Cổng, không nằm trong thư viện, và Cổng thật
# có ràng buộc nguồn gốc hay không thì chưa công khai **[chưa xác nhận]**.
# Notebook 07 cho thấy vì sao điều này chặn được trang giả mạo.

# %% [markdown] lang="en" vi="3a6d3a63"
# The key point: with CMS, the token does **not** sign the data directly. The plugin hashes the
# data and puts the hash in the `messageDigest` attribute; the token signs the
# **[signed attributes](glossary.md#thuoc-tinh-da-ky)** (thuộc tính đã ký: `contentType`, `signingTime`, `messageDigest`, and
# `signingOrigin`, the web page that called the plugin). So however long the data, it never
# needs to go into the token.
#
# `signingOrigin` is dvcedu's addition: the address of the web page the plugin saw, **inside the
# signed part**. In real life it is the page's own JS library that adds `domain` (the page's
# host name, `window.location.hostname`) to **every request the page sends to the plugin**,
# outside anything signed **[confirmed in the JS library]**; the plugin can use it to match the
# licence. Whether the portal receives a `domain` beside the signature is the portal's own page
# code, not the library, and whether the real portal binds the origin is not public
# **[unconfirmed]**.
# Notebook 07 shows why this stops phishing pages.

# %%
verified = cms.verify_detached(detached, data)
print("Người ký:", verified.signer.subject.rfc4514_string())
print("Ký lúc:", verified.signing_time, "— trang web:", verified.origin)

# %% lang="en" vi="30c0b931" twin="strings"
# "Người ký:"  →  "Signer:"
# "Ký lúc:"  →  "Signed at:"
# "— trang web:"  →  "— web page:"

# %% [markdown]
# Bạn cũng có thể kiểm tra gói này bằng OpenSSL, một công cụ hoàn toàn độc lập:
#
# ```bash
# openssl cms -verify -binary -inform DER -in chu_ky.p7s -content du_lieu.txt -noverify
# ```
#
# (`-noverify`: chỉ kiểm tra chữ ký, chưa kiểm tra chuỗi chứng thư — việc đó ở notebook 02.)

# %% [markdown] lang="en" vi="7e3c9b4e"
# You can also check this CMS with OpenSSL, an entirely independent tool:
#
# ```bash
# openssl cms -verify -binary -inform DER -in signature.p7s -content data.txt -noverify
# ```
#
# (`-noverify`: check only the signature, not the certificate chain; that was notebook 02.)

# %% [markdown]
# ## 4. Cuộc trao đổi của bạn: trang web ↔ plugin ↔ token
#
# Mọi thông điệp vừa đi qua ranh giới giữa các bên đều đã được ghi lại **một lần**, với đúng
# các byte đã đi qua — trừ mã PIN: thông điệp `C_Login` có mặt, nhưng mã PIN thì không bao giờ
# được ghi. Hình dưới được vẽ **từ bản ghi đó**, không phải vẽ tay. Bước token ký (`C_Sign`)
# được tô nền vàng.

# %% [markdown] lang="en" vi="34eb1c18"
# ## 4. Your exchange: page ↔ plugin ↔ token
#
# Every message that just crossed the boundary between the parties was recorded **once**, with
# exactly the bytes that crossed, except the PIN: the `C_Login` message is there, but the PIN is
# never recorded. The picture below is drawn **from that record**, not by hand. The step where
# the token signs (`C_Sign`) has a yellow background.

# %%
from dvcedu.viz.sequence import draw_sequence, events_table

c_sign = plugin.transcript.find("C_Sign")
draw_sequence(plugin.transcript, highlight=c_sign.step, notes=True,
              title="Lần ký của bạn, vẽ từ bản ghi (Transcript)")

# %% lang="en" vi="d7c1a2dd" twin="strings"
# "Lần ký của bạn, vẽ từ bản ghi (Transcript)"  →  "Your signature, drawn from the record (Transcript)"

# %% [markdown]
# Cùng lần chạy, dạng bảng:

# %% [markdown] lang="en" vi="fd403b72"
# The same run, as a table:

# %%
events_table(plugin.transcript)

# %% [markdown]
# ### Byte mà token thật sự nhận để ký
#
# Bước `C_Sign` mang **các thuộc tính đã ký** (DER), không phải dữ liệu gốc. Trong đó có giá
# trị băm của dữ liệu (`messageDigest`) và địa chỉ trang web:

# %% [markdown] lang="en" vi="8307fe1e"
# ### The bytes the token really receives to sign
#
# The `C_Sign` step carries **the signed attributes** (DER), not the original data. Among them
# are the hash of the data (`messageDigest`) and the address of the web page:

# %%
from dvcedu.viz.bytes import byte_table

print("C_Sign mang", len(c_sign.payload), "byte")
byte_table(c_sign.payload)

# %%
print("SHA-256 của dữ liệu :", hashlib.sha256(data).hexdigest())
print("messageDigest đã ký :", verified.message_digest.hex())

# %% lang="en" vi="a5d15105" twin="strings"
# "SHA-256 của dữ liệu :"  →  "SHA-256 of the data  :"
# "messageDigest đã ký :"  →  "messageDigest signed :"

# %% [markdown]
# Và chữ ký token trả về ở bước `signature` chính là chữ ký nằm trong gói CMS:

# %% [markdown] lang="en" vi="0131cf3b"
# And the signature the token returns in the `signature` step is the very signature in the CMS:

# %%
token_signature = plugin.transcript.find("signature").payload
print("Giống hệt chữ ký trong gói CMS?", token_signature in detached)
print("Mở ra khớp với băm của các thuộc tính đã ký?",
      anatomy(token_signature, certificate.public_key(), c_sign.payload).matches)

# %% lang="en" vi="4555930f" twin="strings"
# "Giống hệt chữ ký trong gói CMS?"  →  "The same as the signature in the CMS?"
# "Mở ra khớp với băm của các thuộc tính đã ký?"  →  "Opened, does it match the hash of the signed attributes?"

# %% [markdown]
# ### Ký lần nữa: bộ nhớ đệm PIN (*PIN cache*)
#
# Trang vừa rồi gửi `clearPINCache` = `"1"`: plugin hỏi lại PIN. Khi trang không nói gì, thư
# viện gửi `"0"` **[xác nhận trong thư viện JS]**, và plugin giữ token ở trạng thái **đã xác
# thực PIN**: lần ký sau không hỏi PIN nữa. Rằng plugin thật làm vậy chỉ được suy ra từ tên
# tham số và từ hàm `ClearPinCache` (mã 40) **[chưa xác nhận]**. dvcedu giữ lại *phiên* đã xác
# thực trên token — không bao giờ giữ chuỗi PIN — cho **một** trang, tối đa 5 phút không dùng,
# và vẫn hiện cửa sổ xin **Đồng ý** trước mỗi chữ ký. Ký thêm hai lần, không xóa bộ nhớ đệm:

# %% [markdown] lang="en" vi="d48cd459"
# ### Signing again: the PIN cache
#
# The page above sent `clearPINCache` = `"1"`: the plugin asked for the PIN again. When the page
# says nothing, the library sends `"0"` **[confirmed in the JS library]**, and the plugin keeps
# the token **logged in**: the next signature asks no PIN. That the real plugin does so is only
# inferred from the argument's name and from the `ClearPinCache` function (id 40)
# **[unconfirmed]**. dvcedu keeps the logged-in *session* on the token — never the PIN itself —
# for **one** site, for at most 5 minutes unused, and still shows its window asking for **OK**
# before every signature. Two more signatures, without clearing the cache:

# %%
for _ in range(2):
    page.call("signArrDataAdvanced", [item], chosen["serial"], False, False)

calls, rows = [], []
for event in page.transcript:  # mỗi lần trang gọi plugin mở một "lần gọi" mới
    if event.sender.value == "page" and event.receiver.value == "plugin":
        calls.append((event, []))
    elif calls:
        calls[-1][1].append(event.name_en)
for event, names in calls:
    if event.name == "signArrDataAdvanced":
        rows.append([event.step, json.loads(event.payload)["args"][2],
                     "có" if "enter the PIN" in names else "không",
                     "có" if "C_Login" in names else "không",
                     "có" if "press OK, no PIN" in names else "không"])
Table.of(["Bước", "clearPINCache", "Hỏi PIN?", "C_Login?", "Chỉ hỏi Đồng ý?"], rows)

# %% lang="en" vi="a1cf8c2a" twin="strings"
# # mỗi lần trang gọi plugin mở một "lần gọi" mới  →  # each call from the page to the plugin opens a new "call"
# "có"  →  "yes"
# "không"  →  "no"
# "Bước"  →  "Step"
# "Hỏi PIN?"  →  "PIN asked?"
# "Chỉ hỏi Đồng ý?"  →  "Only OK asked?"

# %% [markdown]
# Chỉ lần đầu có `C_Login`. Đó là tiện lợi, và cũng là **rủi ro**: trong lúc token còn giữ xác
# thực, **bất kỳ trang nào** có giấy phép cho tên miền của nó đều xin ký được mà không cần
# PIN, và với `showCertList` = `"0"` thư viện không yêu cầu hiện danh sách chứng thư **[xác
# nhận trong thư viện JS]**. Plugin thật có hiện gì trước mỗi chữ ký lúc PIN đã được nhớ hay
# không thì chưa công khai **[chưa xác nhận]**. Plugin luyện tập của dvcedu thì: luôn hỏi Đồng
# ý, chỉ giữ cho trang đã nhập PIN (trang khác xin ký thì phải nhập PIN, và trang trước mất bộ
# nhớ đệm), và kết thúc phiên (`C_Logout`) khi trang gọi `ClearPinCache`, khi hết 5 phút, khi
# token bị rút, khi plugin dừng. Notebook 07 cho thấy một trang lừa đảo lợi dụng điều này ra
# sao.

# %% [markdown] lang="en" vi="5dad5748"
# Only the first has a `C_Login`. That is convenient, and it is also a **risk**: while the token
# stays logged in, **any site** holding a licence for its own domain can ask for signatures with
# no PIN, and with `showCertList` = `"0"` the library does not even ask for the certificate list
# to be shown **[confirmed in the JS library]**. Whether the real plugin shows anything before
# each signature while the PIN is cached is not public **[unconfirmed]**. dvcedu's practice
# plugin always asks for OK, keeps the cache for the site that typed the PIN only (another site
# must type the PIN, and the first loses the cache), and ends the session (`C_Logout`) when the
# page calls `ClearPinCache`, after 5 minutes, when the token is pulled out, when the plugin
# stops. Notebook 07 shows how a phishing page abuses this.

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
check("03.csign-bytes", answer)

# %% lang="en" vi="8dcc44a0" twin="strings"
# # ← câu trả lời của bạn / your answer  →  # ← your answer

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...  # ← câu trả lời của bạn / your answer
check("03.padding-ff", answer)

# %% lang="en" vi="9c588978" twin="strings"
# # ← câu trả lời của bạn / your answer  →  # ← your answer

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...  # ← câu trả lời của bạn / your answer
check("03.digestinfo", answer)

# %% lang="en" vi="feb37873" twin="strings"
# # ← câu trả lời của bạn / your answer  →  # ← your answer

# %% [markdown]
# **Áp dụng vào trường hợp khác** (*transfer*): đáp án của câu dưới đây không có sẵn ở trên;
# hãy suy ra từ điều bạn vừa học.

# %% [markdown] lang="en" vi="b83525e8"
# **Apply it to another case** (*transfer*): the answer to the question below is not shown
# above; work it out from what you just learnt.

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...  # một số
check("03.digestinfo-384", answer)

# %% lang="en" vi="83c25886" twin="strings"
# # một số  →  # a number

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
# Viết `signature_ok(cert_der, data, signature)`: `True` khi chữ ký RSA PKCS#1 v1.5 với
# SHA-256 khớp khóa công khai trong chứng thư, `False` nếu không — không để lỗi thoát ra.

# %% [markdown] lang="en" vi="afba290f"
# ### Write a function
#
# Write `signature_ok(cert_der, data, signature)`: `True` when the RSA PKCS#1 v1.5 signature
# with SHA-256 matches the public key in the certificate, `False` otherwise, without letting an
# exception escape.

# %% tags=["task"]
from dvcedu.tasks import check_code


def signature_ok(cert_der, data, signature):
    return ...  # viết ở đây (your code here)


check_code("03.signature-ok", signature_ok)

# %% lang="en" vi="c9a1c54a" twin="strings"
# # viết ở đây (your code here)  →  # your code here

# %% [markdown]
# ### Sửa lỗi (debug)
#
# Token chỉ ký thô cần máy tính gửi `DigestInfo` 51 byte. Hàm dưới tạo sai một byte: token
# vẫn ký, nhưng không ai kiểm tra được chữ ký. Tìm và sửa byte đó.

# %% [markdown] lang="en" vi="29e1e2f5"
# ### Debug
#
# A token that only signs raw needs the computer to send a 51-byte `DigestInfo`. The function
# below gets one byte wrong: the token still signs, but nobody can verify the signature. Find
# that byte and fix it.

# %% tags=["task"]
from dvcedu.tasks import check_code


import hashlib


def digest_info(data):
    prefix = bytes.fromhex("3031300d060960864801650304020205000420")
    return prefix + hashlib.sha256(data).digest()


check_code("03.digest-info", digest_info)

# %%
from dvcedu.exercises import summary

summary("03")

# %% [markdown]
# ## Điểm chính (*keypoints*)
#
# - Token làm trọn **băm → đệm → RSA** bên trong (`CKM_SHA256_RSA_PKCS`); khóa bí mật không
#   rời token.
# - Ai có chứng thư cũng kiểm tra được chữ ký; sửa một byte dữ liệu là chữ ký hết khớp.
# - Plugin gói chữ ký thành **CMS tách rời**: token ký các thuộc tính (trong đó có băm của dữ
#   liệu), không ký trực tiếp dữ liệu.
# - Mọi thông điệp của lần chạy được ghi lại và vẽ lại từ chính bản ghi đó.
#
# Tiếp theo: [04 — Đăng ký](04_dang_ky.ipynb). Quay lại:
# [02 — Chứng thư số](02_chung_thu_so.ipynb) · [00 — Giới thiệu](00_gioi_thieu.ipynb).

# %% [markdown] lang="en" vi="ec417932"
# ## Keypoints
#
# - The token does the whole **hash → padding → RSA** inside (`CKM_SHA256_RSA_PKCS`); the private
#   key never leaves it.
# - Anyone with the certificate can check the signature; change one byte of the data and the
#   signature no longer matches.
# - The plugin packs the signature as a **detached CMS**: the token signs the attributes (the
#   data's hash among them), not the data itself.
# - Every message of the run is recorded and drawn again from that very record.
#
# Next: [04 — Registration](04_registration.ipynb). Back:
# [02 — Certificates](02_certificates.ipynb) · [00 — Introduction](00_introduction.ipynb).
