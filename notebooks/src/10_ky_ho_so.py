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
# > **Thời gian**: dạy 15 phút · bài tập 10 phút (ngoài buổi học 3 giờ: buổi thứ hai hoặc tự học).


# %% [markdown] tags=["instructor"]
# <details class="dvcedu-instructor"><summary><b>Ghi chú cho giảng viên</b> (<i>instructor
# note</i>) — học viên có thể bỏ qua</summary>
#
# Dành cho buổi thứ hai hoặc nhóm nhanh. Nếu lớp là kế toán doanh nghiệp, hỏi họ đang ký
# những hồ sơ nào bằng token (tờ khai thuế, BHXH, hải quan) rồi nối với mục 3: chữ ký nằm ở đâu
# trong tệp.
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

training = lab.start("enterprise", notebook="10")
clock = FixedClock(COURSE_DAY)
trust = training_trust()
plugin = SigningPlugin(clock=clock, label=training.label)
page = PluginWire(plugin, origin="https://dichvucong.gov.test",
                  learner=ScriptedLearner(pin=PIN))
print("Token:", training.label, "—", training.identity)

# %% [markdown]
# ## 1. Điền hồ sơ
#
# Cổng điền sẵn tên doanh nghiệp và mã số thuế **từ chứng thư** trên token, như lúc đăng ký;
# bạn chỉ viết nội dung đề nghị. Hồ sơ là một trang PDF.

# %%
import base64

from cryptography import x509
from IPython.display import Image

from dvcedu.dossier.form import Dossier, new_dossier
from dvcedu.dossier.poppler import page_png

chosen = page.call("getCertInfo")  # the plugin's dialog: the certificate the learner chose
certificate = x509.load_der_x509_certificate(base64.b64decode(chosen["certificate"]))
dossier = Dossier.for_certificate(certificate, day=COURSE_DAY.date(),
                                  request="Cấp bản sao Giấy chứng nhận đăng ký doanh nghiệp")
form = new_dossier(dossier)
print("Hồ sơ:", len(form), "byte —", dossier.organisation, "— MST", dossier.number)
Image(page_png(form), width=330)

# %% [markdown]
# ## 2. Ký trên token
#
# Trang gọi hàm **`SignPDF`** của plugin (mã hàm 2 trong thư viện JS của VNPT-CA Plugin
# **[xác nhận]**; tham số và dạng trả về của hàm này chưa thấy công khai **[chưa xác nhận]**:
# dvcedu nhận PDF dạng base64 và số hiệu chứng thư). Plugin hỏi mã PIN trong cửa sổ của nó,
# rồi giao phần PDF cho **pyHanko** — thư viện ký PDF — và giữ phần khóa cho token: pyHanko
# chuẩn bị mọi thứ, đến đúng một bước cần khóa bí mật thì gọi plugin, plugin gọi `C_Sign`.

# %%
reply = page.call("SignPDF", base64.b64encode(form).decode(), chosen["serial"])
signed = base64.b64decode(reply["data"])
print("Trước khi ký:", len(form), "byte; sau khi ký:", len(signed), "byte")
print("Các byte cũ còn nguyên ở đầu tệp?", signed.startswith(form))

# %% [markdown]
# Chữ ký được **nối thêm** vào cuối tệp (*incremental update*): các byte cũ không đổi. Nhờ vậy
# người thứ hai ký tiếp được mà không phá chữ ký thứ nhất (mục 5).
#
# ## 3. Bên trong: chữ ký phủ những byte nào
#
# Chữ ký nằm **trong** chính tệp nó ký, ở ô `/Contents`. Nó không thể tự ký chính nó, nên PDF
# ghi `/ByteRange [a b c d]`: ký từ byte `a`, dài `b`; rồi từ byte `c`, dài `d`. Khoảng trống
# ở giữa là chỗ của chữ ký.

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

# %%
from dvcedu.pki import cms

Table.of(["Phần (part)", "Giá trị"], cms.describe(first.cms))

# %% [markdown]
# ## 4. Kiểm tra: hai chương trình, hai ý kiến
#
# **pyHanko** kiểm tra theo thứ tự: tệp còn nguyên (băm của vùng được ký khớp `messageDigest`),
# chữ ký khớp khóa, chứng thư chưa bị thu hồi (CRL của CA đào tạo), chứng thư dẫn về gốc tin cậy
# và còn hiệu lực, phần thêm sau chữ ký (nếu có) chỉ là chữ ký khác.

# %%
def report(found):
    rows = [(c.field, c.signer, c.identifier, c.signing_time, c.verdict("vi"))
            for c in found.signatures]
    print(found.summary("vi"))
    return Table.of(["Ô chữ ký", "Người ký", "Định danh", "Thời điểm ký (tự khai)", "Kết luận"],
                    rows)


report(found)

# %% [markdown]
# **poppler `pdfsig`** là chương trình khác hẳn (C++, kiểm tra bằng thư viện NSS của Mozilla),
# như một trình đọc PDF trên máy bạn. Nó tin những gì có trong kho chứng thư của nó; ở đây kho
# chỉ có gốc đào tạo và các CA đào tạo. `-no-ocsp`: địa chỉ OCSP của CA đào tạo không có trên
# mạng nào.

# %%
from dvcedu.dossier.poppler import pdfsig

print(pdfsig(signed, trust=trust))

# %% [markdown]
# ## 5. Cuộc trao đổi của bạn
#
# Như mọi lần ký trong khóa học, từng thông điệp giữa trang, bạn, plugin và token đã được ghi
# lại một lần; hình vẽ từ bản ghi đó. Bước token ký (`C_Sign`) tô nền vàng: token nhận băm của
# các thuộc tính đã ký, không nhận tệp PDF.

# %%
from dvcedu.viz.sequence import draw_sequence

c_sign = plugin.transcript.find("C_Sign")
draw_sequence(plugin.transcript, highlight=c_sign.step, notes=True,
              title="Lần ký hồ sơ của bạn, vẽ từ bản ghi (Transcript)")

# %% [markdown]
# ## 6. Phòng thí nghiệm lỗi
#
# ### Đổi một byte
#
# Đổi **một byte** trong vùng được ký — ở đây một chữ trong tên chương trình tạo tệp, không
# phải nội dung đơn — rồi kiểm tra lại bằng cả hai chương trình.

# %%
at = signed.index(b"/Creator (dvcedu)") + 10
tampered = signed[:at] + b"X" + signed[at + 1:]
print("Byte", at, "được ký?", start1 <= at < start1 + length1, "—",
      signed[at:at + 1], "→", tampered[at:at + 1])
report(verify_pdf(tampered, trust=trust, at=clock.now()))

# %%
print(pdfsig(tampered, trust=trust))

# %% [markdown]
# ### Bài tập: đoán trước khi chạy
#
# Người đại diện theo pháp luật ký tiếp **bằng chứng thư cá nhân** (CCCD) của mình vào chính
# tệp đã ký. Đoán trước: chữ ký thứ nhất của doanh nghiệp sau đó còn hợp lệ không?

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...  # "có" hoặc "không" (yes / no)
check("10.predict-second", answer)

# %% [markdown]
# Giờ chạy: token được làm lại với chứng thư công dân mẫu, rồi ký tiếp vào tệp đã ký.

# %%
lab.start("citizen", notebook="10")
person = page.call("getCertInfo")
reply = page.call("SignPDF", base64.b64encode(signed).decode(), person["serial"])
twice = base64.b64decode(reply["data"])
found_twice = verify_pdf(twice, trust=trust, at=clock.now())
for one in found_twice.signatures:
    print(one.field, "— phủ cả tệp?", one.whole_file, "— thêm sau đó:", one.modification)
report(found_twice)

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

# %% [markdown]
# Chữ ký vẫn đúng toán học, nhưng không còn gì **chứng minh** nó có từ trước ngày hết hạn:
# thời điểm trong `/M` là do người ký tự khai. Cách đời thật giải quyết là **dấu thời gian**
# (*timestamp*, RFC 3161) của một đơn vị cấp dấu thời gian, đặt vào chữ ký lúc ký (PAdES
# B-T), cộng dữ liệu kiểm tra dài hạn (PAdES B-LT/LTA). Khóa học chưa dựng máy chủ dấu thời
# gian; pyHanko làm được việc đó.
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

# %% [markdown]
# ## Bài làm (write code)
#
# ### Viết hàm: byte này có được ký không?
#
# Người nhận hồ sơ nghi có ai sửa byte ở vị trí `offset`. Viết `covered(byte_range, offset)`.

# %% tags=["task"]
from dvcedu.tasks import check_code


def covered(byte_range, offset):
    return ...  # viết ở đây (your code here)


check_code("10.covered", covered)

# %% [markdown]
# ### Sửa lỗi: các byte được băm
#
# Hàm dưới lấy ra các byte mà chữ ký phủ, để băm và so với `messageDigest`. Nó có một lỗi;
# ô kiểm tra cho biết triệu chứng. Sửa nó.

# %% tags=["task"]
from dvcedu.tasks import check_code


def signed_bytes(pdf, byte_range):
    a, b, c, d = byte_range
    return pdf[a:b] + pdf[c:d]


check_code("10.signed-bytes", signed_bytes)

# %% [markdown]
# ## Điểm chính (*keypoints*)
#
# - Ký hồ sơ là việc hằng ngày của token; chữ ký PDF (PAdES) là gói CMS đặt **trong** tệp, ở
#   `/Contents`, phủ mọi byte trừ chỗ của chính nó (`/ByteRange`).
# - pyHanko làm phần PDF; khóa bí mật vẫn chỉ làm việc trong token, qua plugin (`C_Sign`).
# - Hai chương trình độc lập (pyHanko, poppler `pdfsig`) cùng kết luận; sửa một byte là cả hai
#   báo hỏng.
# - Ký tiếp là nối thêm: chữ ký cũ còn hợp lệ. Thêm nội dung sau khi ký thì không.
# - Chứng thư hết hạn làm hỏng cả hồ sơ ký từ trước, trừ khi có dấu thời gian chứng minh.
#
# Quay lại: [05 — Đăng nhập](05_dang_nhap.ipynb) · [09 — Làm trên trình duyệt
# thật](09_trinh_duyet_that.ipynb) · [00 — Giới thiệu](00_gioi_thieu.ipynb).
