# %% [markdown]
# # 10 — Ký hồ sơ bằng USB ký số
#
# *Signing a dossier with the USB token: a PDF request signed on the token (PAdES), what the
# signature covers, two independent programs that check it, and what breaks it.*
#
# Đăng ký và đăng nhập xong (notebook 04–05), token còn một việc **hằng ngày**: ký hồ sơ và
# tờ khai — nộp thuế, hải quan, bảo hiểm xã hội, hồ sơ thủ tục trên Cổng (notebook 00, mục
# "Cập nhật 2024–2026" **[nguồn thứ cấp]**). Ở đây bạn điền một đơn đề nghị nhỏ (PDF), ký nó
# **trên token** thành chữ ký PDF chuẩn **PAdES** (ETSI EN 319 142), rồi kiểm tra nó bằng hai
# chương trình độc lập với nhau.
#
# > Nội dung này đứng sau notebook 05. Buổi học 3 giờ đã đủ (00–08), nên trong kế hoạch nó
# > thuộc buổi thứ hai, cùng notebook 09, hoặc tự học. Tờ khai thuế điện tử là tệp **XML**
# > ký theo XMLDSig **[nguồn thứ cấp]**, khác PDF ở cách đóng gói, giống ở mọi thứ bên dưới
# > (token, chứng thư, băm, chuỗi tin cậy); khóa học chưa làm phần XML.

# %% [markdown] lang="en" vi="0474af44"
# # 10 — Signing a dossier with the USB token
#
# With registration and login done (notebooks 04–05), the token still has its **everyday** job:
# signing dossiers (hồ sơ) and returns: taxes, customs, social insurance, applications on the
# portal (notebook 00, section "Updates 2024–2026" **[secondary source]**). Here you fill in a
# small request form (a PDF), sign it **on the token** as a standard **PAdES** PDF signature (ETSI
# EN 319 142), then check it with two programs independent of each other.
#
# > This content follows notebook 05. The 3-hour session is already full (00–08), so in the plan
# > it belongs to the second session, with notebook 09, or to self-study. An electronic tax
# > return is an **XML** file signed with XMLDSig **[secondary source]**, packed differently from
# > a PDF but the same in everything underneath (token, certificate, hash, chain of trust); the
# > course does not cover XML yet.

# %% [markdown]
# > **Câu hỏi** (*questions*): Chữ ký nằm ở đâu trong tệp PDF, và nó phủ những byte nào?
# >
# > **Mục tiêu** (*objectives*) — sau notebook này, bạn:
# > - ký một hồ sơ PDF trên token và biết token làm phần nào;
# > - đọc được vùng được ký (ByteRange), các thuộc tính đã ký và chứng thư trong chữ ký;
# > - kiểm tra một hồ sơ bằng hai công cụ độc lập (pyHanko, poppler `pdfsig`);
# > - giải thích vì sao sửa một byte, chứng thư hết hạn hay thêm nội dung sau khi ký làm hồ sơ
# >   không hợp lệ, còn thêm một chữ ký thứ hai thì không.
# >
# > **Thời gian**: dạy 15 phút · bài tập 10 phút · tự học ≈ 35 phút (ngoài buổi học 3 giờ: buổi thứ hai hoặc tự học).

# %% [markdown] lang="en" vi="13adabfa"
# > **Questions**: Where is the signature inside a PDF file, and which bytes does it cover?
# >
# > **Objectives**: after this notebook, you can:
# > - sign a PDF dossier on the token and say which part the token does;
# > - read the signed ranges (ByteRange), the signed attributes and the certificate in the signature;
# > - check a dossier with two independent tools (pyHanko, poppler's `pdfsig`);
# > - explain why changing one byte, an expired certificate, or content added after signing make
# >   a dossier invalid, while adding a second signature does not.
# >
# > **Time**: teaching 15 min · exercises 10 min · self-study ≈ 35 min (outside the 3-hour session: a second session or self-study).


# %% [markdown] tags=["instructor"]
# <details class="dvcedu-instructor"><summary><b>Ghi chú cho giảng viên</b> (<i>instructor
# note</i>) — học viên có thể bỏ qua</summary>
#
# Dành cho buổi thứ hai hoặc nhóm nhanh. Nếu lớp là kế toán doanh nghiệp, hỏi họ đang ký
# những hồ sơ nào bằng token (tờ khai thuế, BHXH, hải quan) rồi nối với mục 3: chữ ký nằm ở đâu
# trong tệp.
#
# </details>

# %% [markdown] lang="en" vi="c86776a4"
# <details class="dvcedu-instructor"><summary><b>Instructor note</b> — learners may skip this</summary>
#
# For the second session or the fast groups. If the class are enterprise accountants, ask which
# dossiers they sign with the token (tax returns, social insurance, customs), then connect that
# with section 3: where the signature sits in the file.
#
# </details>

# %%
# Chuẩn bị (setup): token DVCEDU-NB10 mới với doanh nghiệp mẫu, plugin và "trang web".
from dvcedu import lab
from dvcedu.clock import COURSE_DAY, FixedClock
from dvcedu.pki.samples import training_trust
from dvcedu.plugin import PluginWire, ScriptedLearner, SigningPlugin
from dvcedu.token import TRAINING_PIN as PIN  # mã PIN đào tạo; không bao giờ in ra
from dvcedu.viz import Table

training = lab.start("enterprise", notebook="10", lang="vi")
clock = FixedClock(COURSE_DAY)
trust = training_trust()
plugin = SigningPlugin(clock=clock, label=training.label)
page = PluginWire(plugin, origin="https://dichvucong.gov.test",
                  learner=ScriptedLearner(pin=PIN))
print("Token:", training.label, "—", training.identity)

# %% lang="en" vi="5559b7e0" twin="strings"
# # Chuẩn bị (setup): token DVCEDU-NB10 mới với doanh nghiệp mẫu, plugin và "trang web".  →  # Setup: a new DVCEDU-NB10 token with the sample enterprise, the plugin and the "web page".
# # mã PIN đào tạo; không bao giờ in ra  →  # the training PIN; never printed
# "vi"  →  "en"

# %% [markdown]
# ## 1. Điền hồ sơ
#
# Cổng điền sẵn tên doanh nghiệp và mã số thuế **từ chứng thư** trên token, như lúc đăng ký;
# bạn chỉ viết nội dung đề nghị. Hồ sơ là một trang PDF.

# %% [markdown] lang="en" vi="1c28eb2d"
# ## 1. Filling in the dossier
#
# The portal fills in the enterprise's name and tax code **from the certificate** on the token, as
# at registration; you only write what you request. The dossier is a one-page PDF, a Vietnamese
# form (đơn đề nghị) as the portal's forms are.

# %%
import base64

from cryptography import x509
from IPython.display import Image

from dvcedu.dossier.form import Dossier, new_dossier
from dvcedu.dossier.poppler import page_png

chosen = page.call("getCertInfo")  # the plugin's dialog: the certificate the learner chose
certificate = x509.load_der_x509_certificate(base64.b64decode(chosen["base64"]))
dossier = Dossier.for_certificate(certificate, day=COURSE_DAY.date(),  # yêu cầu, đúng chữ trên tờ khai:
                                  request="Cấp bản sao Giấy chứng nhận đăng ký doanh nghiệp")  # (một bản sao giấy chứng nhận)
form = new_dossier(dossier)
print("Hồ sơ:", len(form), "byte —", dossier.organisation, "— MST", dossier.number)
Image(page_png(form), width=330)

# %% lang="en" vi="637d2433" twin="strings"
# # yêu cầu, đúng chữ trên tờ khai:  →  # the request, in Vietnamese on the form:
# # (một bản sao giấy chứng nhận)  →  # "a copy of the business registration certificate"
# "Hồ sơ:"  →  "Dossier:"
# "byte —"  →  "bytes —"

# %% [markdown]
# ## 2. Ký trên token
#
# Trang gọi hàm **`signPdf`** của plugin (mã hàm 2, tên `SignPDF` trong bảng của thư viện JS
# của VNPT-CA Plugin **[xác nhận]**). Thư viện gửi PDF dạng base64, và — nếu trang đưa thêm —
# các tùy chọn hình thức chữ ký (một đối tượng JSON) **[xác nhận]**; không trang công khai
# nào cho thấy câu trả lời được đọc ra sao **[chưa xác nhận]**: dvcedu trả `{code, data,
# serial}`, như các hàm ký khác. Plugin hiện danh sách chứng thư và hỏi mã PIN trong cửa sổ của
# nó, rồi giao phần PDF cho **pyHanko** — thư viện ký PDF — và giữ phần khóa cho token: pyHanko
# chuẩn bị mọi thứ, đến đúng một bước cần khóa bí mật thì gọi plugin, plugin gọi `C_Sign`.

# %% [markdown] lang="en" vi="32aafaca"
# ## 2. Signing on the token
#
# The page calls the plugin's **`signPdf`** function (function code 2, named `SignPDF` in the
# table of VNPT-CA Plugin's JS library **[confirmed]**). The library sends the PDF in base64 and,
# when the page gives them, the signature's appearance options (a JSON object) **[confirmed]**;
# no public page shows how the reply is read **[unconfirmed]**: dvcedu answers `{code, data,
# serial}`, as the other signing functions do. The plugin shows the certificate list and asks for
# the PIN in its own window, then hands the PDF work to **pyHanko**, a PDF-signing library, and
# keeps the key work for the token: pyHanko prepares everything, and at the one step that needs
# the private key it calls the plugin, and the plugin calls `C_Sign`.

# %%
reply = page.call("signPdf", base64.b64encode(form).decode())
signed = base64.b64decode(reply["data"])
print("Trước khi ký:", len(form), "byte; sau khi ký:", len(signed), "byte")
print("Các byte cũ còn nguyên ở đầu tệp?", signed.startswith(form))

# %% lang="en" vi="2a2eeba7" twin="strings"
# "Trước khi ký:"  →  "Before signing:"
# "byte; sau khi ký:"  →  "bytes; after signing:"
# "byte"  →  "bytes"
# "Các byte cũ còn nguyên ở đầu tệp?"  →  "Are the old bytes still intact at the start of the file?"

# %% [markdown]
# Chữ ký được **nối thêm** vào cuối tệp (*incremental update*): các byte cũ không đổi. Nhờ vậy
# người thứ hai ký tiếp được mà không phá chữ ký thứ nhất (mục 6).
#
# ## 3. Bên trong: chữ ký phủ những byte nào
#
# Chữ ký nằm **trong** chính tệp nó ký, ở ô `/Contents`. Nó không thể tự ký chính nó, nên PDF
# ghi `/ByteRange [a b c d]`: ký từ byte `a`, dài `b`; rồi từ byte `c`, dài `d`. Khoảng trống
# ở giữa là chỗ của chữ ký.

# %% [markdown] lang="en" vi="3e397c51"
# The signature is **appended** to the end of the file (an *incremental update*): the old bytes
# do not change. So a second person can sign after it without breaking the first signature
# (section 6).
#
# ## 3. Under the hood: which bytes the signature covers
#
# The signature sits **inside** the very file it signs, in the `/Contents` entry. It cannot sign
# itself, so the PDF records `/ByteRange [a b c d]`: signed from byte `a`, `b` long; then from
# byte `c`, `d` long. The gap in between is the signature's place.

# %%
from dvcedu.dossier.verify import verify_pdf
from dvcedu.viz.dossier import draw_byte_range

found = verify_pdf(signed, trust=trust, at=clock.now())
first = found.signatures[0]
print("/ByteRange", list(first.byte_range))
draw_byte_range(len(signed), first.byte_range)

# %% [markdown]
# Chỗ hai phần gặp nhau, byte thật của tệp: phần được ký thứ nhất dừng ngay trước `<`. Chỗ trống
# là cả chuỗi hex `<…>`: chữ ký (`3082…`: một SEQUENCE DER — gói CMS), rồi các số `0` của chỗ
# còn thừa; phần được ký thứ hai bắt đầu ngay sau `>`.

# %% [markdown] lang="en" vi="20fa700e"
# Where the two parts meet, the file's real bytes: the first signed part stops just before `<`.
# The gap is the whole hex string `<…>`: the signature (`3082…`: a DER SEQUENCE, the CMS), then
# the `0`s of the room left over; the second signed part starts right after `>`.

# %%
start1, length1, start2, length2 = first.byte_range
print(signed[start1 + length1 - 30:start1 + length1 + 12])
print(signed[start2 - 12:start2 + 40])

# %% [markdown]
# ### Gói CMS trong /Contents
#
# Cùng loại gói CMS tách rời như notebook 03: token ký các **thuộc tính đã ký**, trong đó
# `messageDigest` là SHA-256 của hai vùng byte ở trên. PAdES bỏ `signingTime` trong gói (thời
# điểm ký nằm ở `/M` của từ điển chữ ký) và thêm `signing_certificate_v2`: băm của chính chứng
# thư người ký, để không ai thay được chứng thư khác có cùng khóa.

# %% [markdown] lang="en" vi="e5b010ce"
# ### The CMS in /Contents
#
# The same kind of detached CMS as in notebook 03: the token signs the **signed attributes**,
# among them `messageDigest`, the SHA-256 of the two byte ranges above. PAdES leaves
# `signingTime` out of the CMS (the signing time is in the signature dictionary's `/M`) and adds
# `signing_certificate_v2`: a hash of the signer's own certificate, so that nobody can swap in
# another certificate with the same key.

# %%
from dvcedu.pki import cms

Table.of(["Phần (part)", "Giá trị"], cms.describe(first.cms))

# %% lang="en" vi="27c1b9a4" twin="strings"
# "Phần (part)"  →  "Part"
# "Giá trị"  →  "Value"

# %% [markdown]
# ## 4. Kiểm tra: hai chương trình, hai ý kiến
#
# **pyHanko** kiểm tra theo thứ tự: tệp còn nguyên (băm của vùng được ký khớp `messageDigest`),
# chữ ký khớp khóa, chứng thư chưa bị thu hồi (CRL của CA đào tạo), chứng thư dẫn về gốc tin cậy
# và còn hiệu lực, phần thêm sau chữ ký (nếu có) chỉ là chữ ký khác.

# %% [markdown] lang="en" vi="223cf681"
# ## 4. Checking: two programs, two opinions
#
# **pyHanko** checks in order: the file is intact (the hash of the signed ranges matches
# `messageDigest`), the signature matches the key, the certificate is not revoked (the training
# CA's CRL), the certificate leads to a trusted root and is valid, and whatever was added after
# the signature (if anything) is only another signature.

# %%
def report(found):
    rows = [(c.field, c.signer, c.identifier, c.signing_time, c.verdict("vi"))
            for c in found.signatures]
    print(found.summary("vi"))
    return Table.of(["Ô chữ ký", "Người ký", "Định danh", "Thời điểm ký (tự khai)", "Kết luận"],
                    rows)


report(found)

# %% lang="en" vi="54a7b574" twin="strings"
# "vi"  →  "en"
# "Ô chữ ký"  →  "Signature field"
# "Người ký"  →  "Signer"
# "Định danh"  →  "Identifier"
# "Thời điểm ký (tự khai)"  →  "Signing time (as claimed)"
# "Kết luận"  →  "Verdict"

# %% [markdown]
# **poppler `pdfsig`** là chương trình khác hẳn (C++, kiểm tra bằng thư viện NSS của Mozilla),
# như một trình đọc PDF trên máy bạn. Nó tin những gì có trong kho chứng thư của nó; ở đây kho
# chỉ có gốc đào tạo và các CA đào tạo. `-no-ocsp`: địa chỉ OCSP của CA đào tạo không có trên
# mạng nào.

# %% [markdown] lang="en" vi="c03263a0"
# **poppler's `pdfsig`** is an entirely different program (C++, checking with Mozilla's NSS
# library), like a PDF reader on your computer. It trusts what is in its certificate store; here
# the store holds only the training root and the training CAs. `-no-ocsp`: the training CA's OCSP
# address is on no network.

# %%
from dvcedu.dossier.poppler import pdfsig

print(pdfsig(signed, trust=trust))

# %% [markdown]
# ## 5. Cuộc trao đổi của bạn
#
# Như mọi lần ký trong khóa học, từng thông điệp giữa trang, bạn, plugin và token đã được ghi
# lại một lần; hình vẽ từ bản ghi đó. Bước token ký (`C_Sign`) tô nền vàng: token nhận băm của
# các thuộc tính đã ký, không nhận tệp PDF.

# %% [markdown] lang="en" vi="41aadca5"
# ## 5. Your exchange
#
# As with every signature in the course, each message between the page, you, the plugin and the
# token was recorded once; the picture is drawn from that record. The step where the token signs
# (`C_Sign`) has a yellow background: the token receives the hash of the signed attributes, not
# the PDF file.

# %%
from dvcedu.viz.sequence import draw_sequence

c_sign = plugin.transcript.find("C_Sign")
draw_sequence(plugin.transcript, highlight=c_sign.step, notes=True,
              title="Lần ký hồ sơ của bạn, vẽ từ bản ghi (Transcript)")

# %% lang="en" vi="eba49a92" twin="strings"
# "Lần ký hồ sơ của bạn, vẽ từ bản ghi (Transcript)"  →  "Your dossier signature, drawn from the record (Transcript)"

# %% [markdown]
# ## 6. Phòng thí nghiệm lỗi
#
# ### Đổi một byte
#
# Đổi **một byte** trong vùng được ký — ở đây một chữ trong tên chương trình tạo tệp, không
# phải nội dung đơn — rồi kiểm tra lại bằng cả hai chương trình.

# %% [markdown] lang="en" vi="51837ee7"
# ## 6. The failure lab
#
# ### Changing one byte
#
# Change **one byte** inside a signed range (here a letter of the name of the program that made
# the file, not the request's content) and check again with both programs.

# %%
at = signed.index(b"/Creator (dvcedu)") + 10
tampered = signed[:at] + b"X" + signed[at + 1:]
print("Byte", at, "được ký?", start1 <= at < start1 + length1, "—",
      signed[at:at + 1], "→", tampered[at:at + 1])
report(verify_pdf(tampered, trust=trust, at=clock.now()))

# %% lang="en" vi="8c36f5b7" twin="strings"
# "Byte"  →  "Is byte"
# "được ký?"  →  "signed?"

# %%
print(pdfsig(tampered, trust=trust))

# %% [markdown]
# ### Bài tập: đoán trước khi chạy
#
# Người đại diện theo pháp luật ký tiếp **bằng chứng thư cá nhân** (CCCD) của mình vào chính
# tệp đã ký. Đoán trước: chữ ký thứ nhất của doanh nghiệp sau đó còn hợp lệ không?

# %% [markdown] lang="en" vi="f37f2e44"
# ### Exercise: predict before you run
#
# The legal representative signs the already-signed file again **with their personal
# certificate** (CCCD). Predict first: is the enterprise's first signature still valid after that?

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...  # "có" hoặc "không" (yes / no)
check("10.predict-second", answer)

# %% lang="en" vi="b269473f" twin="strings"
# # "có" hoặc "không" (yes / no)  →  # "yes" or "no"

# %% [markdown]
# Giờ chạy: token được làm lại với chứng thư công dân mẫu, rồi ký tiếp vào tệp đã ký.

# %% [markdown] lang="en" vi="4585166f"
# Now run it: the token is made again with the sample citizen's certificate, then signs the
# signed file once more.

# %%
lab.start("citizen", notebook="10")
reply = page.call("signPdf", base64.b64encode(signed).decode())
twice = base64.b64decode(reply["data"])
found_twice = verify_pdf(twice, trust=trust, at=clock.now())
for one in found_twice.signatures:
    print(one.field, "— phủ cả tệp?", one.whole_file, "— thêm sau đó:", one.modification)
report(found_twice)

# %% lang="en" vi="1132c11a" twin="strings"
# "— phủ cả tệp?"  →  "— covers the whole file?"
# "— thêm sau đó:"  →  "— added after it:"

# %% [markdown]
# **Áp dụng vào trường hợp khác** (*transfer*): đáp án của câu dưới đây không có sẵn ở trên;
# hãy suy ra từ điều bạn vừa học.

# %% [markdown] lang="en" vi="b83525e8"
# **Apply it to another case** (*transfer*): the answer to the question below is not shown
# above; work it out from what you just learnt.

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...  # "có" hoặc "không"
check("10.edit-after-second", answer)

# %% lang="en" vi="35d9f049" twin="strings"
# # "có" hoặc "không"  →  # "yes" or "no"

# %% [markdown]
# Chữ ký thứ nhất không còn phủ cả tệp, nhưng phần thêm sau nó chỉ là một ô chữ ký mới
# (`FORM_FILLING`), được phép. Nếu phần thêm sau là **nội dung** (ví dụ đóng dấu "ĐÃ THANH
# TOÁN" lên trang), kết luận là `OTHER` — không hợp lệ (bộ kiểm thử của dvcedu thử đúng điều
# này).
#
# ### Chứng thư hết hạn
#
# Plugin **không cho chọn** chứng thư đã hết hạn (notebook 06). Nhưng một hồ sơ ký năm 2023,
# khi chứng thư còn hạn, kiểm tra hôm nay thì sao? Token được làm lại với chứng thư mẫu "hết
# hạn" (hiệu lực 2021–2023), và đồng hồ của plugin lùi về tháng 6/2023.

# %% [markdown] lang="en" vi="3d71d6db"
# The first signature no longer covers the whole file, but what was added after it is only a new
# signature field (`FORM_FILLING`), which is allowed. Had the addition been **content** (for
# example a "PAID (ĐÃ THANH TOÁN)" stamp on the page), the verdict would be `OTHER`: invalid
# (dvcedu's test suite tries exactly this).
#
# ### An expired certificate
#
# The plugin **does not offer** an expired certificate (notebook 06). But what about a dossier
# signed in 2023, while the certificate was valid, and checked today? The token is made again with
# the "expired" sample certificate (valid 2021–2023), and the plugin's clock goes back to June
# 2023.

# %%
from datetime import datetime

from dvcedu.clock import ICT

lab.start("expired", notebook="10")
back_then = FixedClock(datetime(2023, 6, 1, 9, 0, tzinfo=ICT))
old_plugin = SigningPlugin(clock=back_then, label=training.label)
old_choice = old_plugin.list_certificates()[0]
old = old_plugin.sign(form, old_choice, PIN, format="pdf", origin="https://dichvucong.gov.test")
print("Ngày 1/6/2023 plugin cho chọn và ký:", old_choice.name, "— hiệu lực đến",
      old_choice.not_after.date())
print("Kiểm tra hôm nay (" + clock.now().date().isoformat() + "):")
report(verify_pdf(old.signature, trust=trust, at=clock.now()))

# %% lang="en" vi="f6388c68" twin="strings"
# "Ngày 1/6/2023 plugin cho chọn và ký:"  →  "On 1 June 2023 the plugin offered and signed with:"
# "— hiệu lực đến"  →  "— valid until"
# "Kiểm tra hôm nay ("  →  "Checked today ("

# %% [markdown]
# Chữ ký vẫn đúng toán học, nhưng không còn gì **chứng minh** nó có từ trước ngày hết hạn:
# thời điểm trong `/M` là do người ký tự khai. Cách đời thật giải quyết là **dấu thời gian**
# (*timestamp*, RFC 3161) của một đơn vị cấp dấu thời gian, đặt vào chữ ký lúc ký (PAdES
# B-T), cộng dữ liệu kiểm tra dài hạn (PAdES B-LT/LTA). Khóa học chưa dựng máy chủ dấu thời
# gian; pyHanko làm được việc đó.
#
# Đây là kết quả của **chính sách kiểm tra** (không có thời điểm đáng tin thì không chứng minh
# được chữ ký có lúc chứng thư còn hạn), không phải một quy định làm hồ sơ "hỏng". Luật Giao dịch
# điện tử 2023 coi **cấp dấu thời gian** là một dịch vụ tin cậy **[xác nhận]**; ngày 25/11/2025
# gốc quốc gia mới cấp chứng thư riêng cho dịch vụ dấu thời gian **[xác nhận: VnExpress, VTC
# News]**; Thông tư 15/2025/TT-BKHCN đòi phần mềm ký hỗ trợ dấu thời gian **[thứ cấp: một bài
# báo tóm tắt]**.
#
# ## 7. Từ terminal
#
# Cùng các bước ấy, với token của bạn (`DVCEDU-TRAINING`):
#
# ```bash
# dvcedu dossier new -o ho-so.pdf            # điền từ chứng thư trên token
# dvcedu dossier sign ho-so.pdf -o ho-so-da-ky.pdf
# dvcedu dossier verify ho-so-da-ky.pdf      # mã thoát 0 chỉ khi mọi chữ ký hợp lệ
# dvcedu dossier verify ho-so-da-ky.pdf --json --lang en
# pdfsig ho-so-da-ky.pdf                     # NSS của máy: "issuer is unknown" nếu chưa tin gốc
# ```
#
# Sai mã PIN thì `sign` dừng với lời báo bằng hai thứ tiếng và **không** ghi tệp nào; tệp ra
# đã có thì nó không ghi đè (thêm `--force` nếu thật sự muốn).

# %% [markdown] lang="en" vi="79392af3"
# The signature is still mathematically right, but nothing **proves** it existed before the
# expiry date: the time in `/M` is whatever the signer claimed. The real-world answer is a
# **timestamp** (RFC 3161) from a timestamping authority, put into the signature when signing
# (PAdES B-T), plus long-term validation data (PAdES B-LT/LTA). The course has no timestamp
# server yet; pyHanko can do it.
#
# This is what a **validation policy** concludes (with no trusted time, nothing proves the
# signature was made while the certificate was valid), not a rule that makes the dossier
# "break". The Law on Electronic Transactions 2023 makes **timestamping** a trust service
# **[confirmed]**; on 25 November 2025 the new national root issued a certificate of its own to
# the timestamping service **[confirmed: VnExpress, VTC News]**; Circular 15/2025/TT-BKHCN
# requires signing software to support timestamps **[secondary: one newspaper summary]**.
#
# ## 7. From the terminal
#
# The same steps, with your own token (`DVCEDU-TRAINING`):
#
# ```bash
# dvcedu dossier new -o dossier.pdf            # filled in from the certificate on the token
# dvcedu dossier sign dossier.pdf -o dossier-signed.pdf
# dvcedu dossier verify dossier-signed.pdf     # exit code 0 only when every signature is valid
# dvcedu dossier verify dossier-signed.pdf --json --lang en
# pdfsig dossier-signed.pdf                    # the computer's NSS: "issuer is unknown" if the root is not trusted
# ```
#
# With a wrong PIN, `sign` stops with a message in both languages and writes **no** file; if the
# output file already exists it does not overwrite it (add `--force` if you really mean to).

# %% [markdown]
# ## Bài tập lập trình (write code)
#
# ### Viết hàm: byte này có được ký không?
#
# Người nhận hồ sơ nghi có ai sửa byte ở vị trí `offset`. Viết `covered(byte_range, offset)`.

# %% [markdown] lang="en" vi="20ce7e6c"
# ## Write code
#
# ### Write a function: is this byte signed?
#
# The dossier's receiver suspects someone changed the byte at position `offset`. Write
# `covered(byte_range, offset)`.

# %% tags=["task"]
from dvcedu.tasks import check_code


def covered(byte_range, offset):
    return ...  # viết ở đây (your code here)


check_code("10.covered", covered)

# %% lang="en" vi="d68ab6ea" twin="strings"
# # viết ở đây (your code here)  →  # your code here

# %% [markdown]
# ### Sửa lỗi: các byte được băm
#
# Hàm dưới lấy ra các byte mà chữ ký phủ, để băm và so với `messageDigest`. Nó có một lỗi;
# ô kiểm tra cho biết triệu chứng. Sửa nó.

# %% [markdown] lang="en" vi="536bcc3e"
# ### Debug: the bytes that are hashed
#
# The function below takes out the bytes the signature covers, to hash them and compare with
# `messageDigest`. It has one bug; the checking cell tells you the symptom. Fix it.

# %% tags=["task"]
from dvcedu.tasks import check_code


def signed_bytes(pdf, byte_range):
    a, b, c, d = byte_range
    return pdf[a:b] + pdf[c:d]


check_code("10.signed-bytes", signed_bytes)

# %%
from dvcedu.exercises import summary

summary("10")

# %% [markdown]
# ## Điểm chính (*keypoints*)
#
# - Ký hồ sơ là việc hằng ngày của token; chữ ký PDF (PAdES) là gói CMS đặt **trong** tệp, ở
#   `/Contents`, phủ mọi byte trừ chỗ của chính nó (`/ByteRange`).
# - pyHanko làm phần PDF; khóa bí mật vẫn chỉ làm việc trong token, qua plugin (`C_Sign`).
# - Hai chương trình độc lập (pyHanko, poppler `pdfsig`) cùng kết luận; sửa một byte là cả hai
#   báo hỏng.
# - Ký tiếp là nối thêm: chữ ký cũ còn hợp lệ. Thêm nội dung sau khi ký thì không.
# - Khi chứng thư đã hết hạn, hồ sơ ký từ trước **không còn chứng minh được** là ký lúc chứng
#   thư còn hạn, trừ khi có dấu thời gian (một dịch vụ tin cậy theo Luật Giao dịch điện tử 2023).
#
# Quay lại: [05 — Đăng nhập](05_dang_nhap.ipynb) · [09 — Làm trên trình duyệt
# thật](09_trinh_duyet_that.ipynb) · [00 — Giới thiệu](00_gioi_thieu.ipynb).

# %% [markdown] lang="en" vi="66a1c7ca"
# ## Keypoints
#
# - Signing dossiers is the token's everyday job; a PDF signature (PAdES) is a CMS placed
#   **inside** the file, at `/Contents`, covering every byte except its own place (`/ByteRange`).
# - pyHanko does the PDF part; the private key still works only inside the token, through the
#   plugin (`C_Sign`).
# - Two independent programs (pyHanko, poppler's `pdfsig`) reach the same verdict; change one
#   byte and both report it broken.
# - Signing again appends: the old signature stays valid. Adding content after signing does not.
# - Once the certificate has expired, a dossier signed before **can no longer be shown** to have
#   been signed while it was valid, unless a timestamp (a trust service under the 2023 Law on
#   Electronic Transactions) proves when.
#
# Back: [05 — Login](05_login.ipynb) · [09 — In a real
# browser](09_real_browser.ipynb) · [00 — Introduction](00_introduction.ipynb).
