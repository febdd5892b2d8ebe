# %% [markdown]
# # 04 — Đăng ký tài khoản bằng USB ký số
#
# *Registering an account on the portal with a USB token, step by step as in the seed how-to.*
#
# Notebook này đi đúng các bước của hướng dẫn gốc: **bước 1** mở cổng và bấm "Đăng ký"; **bước
# 2** trình duyệt kiểm tra thành phần (2.1), bạn chọn chứng thư (2.2), nhập mã PIN (2.3), kiểm
# tra thông tin và nhập e-mail, [mã xác thực](glossary.md#ma-xac-thuc) (2.4), hệ thống ghi nhận (2.5). Mỗi bước có hai
# phần: **điều bạn thấy** (giao diện) và **Bên trong** (*under the hood*): các thông điệp thật
# của bước đó, vẽ từ bản ghi của lần chạy.
#
# > Cổng ở đây là **bản mô phỏng đào tạo** chạy trong máy bạn (`https://dichvucong.gov.test`),
# > không liên quan tới cổng thật. Cổng thật kiểm tra những gì thì chưa được công bố đầy đủ;
# > bản mô phỏng làm những kiểm tra hợp lý nhất (xem notebook 07).
# >
# > Notebook dạy quy trình **đúng như hướng dẫn gốc mô tả**, tức là trước 1/7/2025: từ đó tổ
# > chức dùng tài khoản định danh điện tử của tổ chức (notebook 00, "Cập nhật 2024–2026"). Vẫn
# > đáng học, vì plugin, chứng thư và phép ký ở đây chính là những gì chạy mỗi lần doanh nghiệp
# > ký tờ khai hôm nay. Hai chỗ được **giản lược**: trang và plugin nói chuyện bằng lời gọi
# > Python thay vì WebSocket trên `localhost`, và không có máy chủ xác thực riêng — notebook 09
# > làm đủ cả hai trên trình duyệt thật.

# %% [markdown]
# > **Câu hỏi** (*questions*): Từ lúc bấm "Đăng ký" đến "đăng ký thành công", những thông điệp nào đi qua lại?
# >
# > **Mục tiêu** (*objectives*) — sau notebook này, bạn:
# > - đi từng bước 1–2.5 của hướng dẫn gốc;
# > - chỉ ra bước nào do trình duyệt, plugin, token hay Cổng làm;
# > - đọc các dòng Cổng ghi vào cơ sở dữ liệu;
# > - tìm một bước lỗi trên sơ đồ.
# >
# > **Thời gian**: dạy 10 phút · bài tập 5 phút (buổi học 3 giờ, xem [README](README.md)).


# %% [markdown] tags=["instructor"]
# <details class="dvcedu-instructor"><summary><b>Ghi chú cho giảng viên</b> (<i>instructor
# note</i>) — học viên có thể bỏ qua</summary>
#
# Học viên tự đi qua khung "Tự làm"; giảng viên đi vòng quanh lớp. Nếu ai nhập sai mã xác thực,
# đó là dịp tốt để xem lý do từ chối trong bảng kiểm tra. Nhắc: đây là quy trình theo hướng
# dẫn gốc (trước 1/7/2025, xem notebook 00).
#
# </details>

# %%
# Chuẩn bị (setup): token đào tạo, đồng hồ cố định, nguồn ngẫu nhiên cố định (để notebook
# Token của notebook này: DVCEDU-NB04, tạo mới mỗi lần chạy trong thư mục dvcedu của bạn
# (lệnh `dvcedu … --label DVCEDU-NB04` trong terminal tác động đúng token này).
# cho cùng kết quả mỗi lần chạy), cổng mô phỏng với cơ sở dữ liệu SQLite trong bộ nhớ.
from dvcedu import lab
from dvcedu.clock import COURSE_DAY, FixedClock, SeededRandom
from dvcedu.plugin import ScriptedLearner, SigningPlugin
from dvcedu.pki.samples import training_trust
from dvcedu.portal import Portal, Store
from dvcedu.token import TRAINING_PIN as PIN  # mã PIN đào tạo; không bao giờ in ra
from dvcedu.viz import Table

training = lab.start("enterprise", notebook="04")
clock = FixedClock(COURSE_DAY)
portal = Portal(Store.memory(), trust=training_trust(),  # Cổng chỉ tin CA gốc quốc gia (đào tạo)
                clock=clock, random=SeededRandom("notebook-04"))
plugin = SigningPlugin(clock=clock, label=training.label)

# %% [markdown]
# ## Tự làm: cổng đào tạo trong một khung
#
# Bấm **Tiếp ▶** để đi qua từng bước như trên cổng thật: chọn "USB ký số", xem plugin kiểm tra
# token, chọn chứng thư, nhập mã PIN đào tạo (README), nhập e-mail và mã xác thực trong hình,
# rồi bấm **Đăng ký**. (Khung này dùng một cổng riêng, để các ô bên dưới luôn chạy được.)

# %%
from dvcedu.widgets.portal import RegistrationWizard

RegistrationWizard(Portal(Store.memory(), trust=training_trust(),
                          clock=clock, random=SeededRandom("wizard")),
                   SigningPlugin(clock=clock, label=training.label), clock)

# %% [markdown]
# Phần còn lại của notebook chạy **cùng quy trình đăng ký đó bằng mã**, từng bước, để mở ra xem bên
# trong. "Bạn" ở đây là một người học được lập trình sẵn: chọn chứng thư đầu tiên và gõ đúng
# mã PIN.

# %%
from dvcedu.scenario import Registration

flow = Registration(portal, plugin, ScriptedLearner(pin=PIN))

# %% [markdown]
# ## Bước 1 — Mở cổng, bấm "Đăng ký", chọn "USB ký số"
#
# Cổng có nhiều cách đăng ký; doanh nghiệp dùng **USB ký số** **[thứ cấp]**:

# %%
from dvcedu.widgets.page import Panel, header, method_chooser

Panel([header(), method_chooser()], shows="Trang đăng ký: chọn cách đăng ký")

# %%
captcha = flow.open()
print("Cổng đã gửi mẫu đăng ký, một thử thách mới và mã xác thực.")

# %% [markdown]
# ### Bên trong
#
# Trang web xin mẫu đăng ký; cổng trả về **thử thách** (*challenge*): một đoạn JSON chứa 32
# byte ngẫu nhiên (`nonce`), mục đích (`purpose`), trang web được phép dùng nó (`origin`, [nguồn gốc trang web](glossary.md#nguon-goc-trang-web)) và
# thời hạn. Thử thách được lưu trên cổng và **chỉ dùng được một lần**: đây là thứ token sẽ ký.

# %%
from dvcedu.viz.sequence import draw_sequence, events_table

events_table(flow.transcript, seed_steps=("1",))

# %%
import json

print(json.dumps(json.loads(flow.challenge.body), indent=2, ensure_ascii=False))

# %% [markdown]
# ## Bước 2.1 — Trình duyệt kiểm tra thành phần, tải thông tin chứng thư
#
# Trang web gọi plugin ký số (`checkPlugin`); plugin tìm mô-đun PKCS#11 và hỏi token.

# %%
from dvcedu.widgets.page import plugin_status

plugin_status(plugin)

# %% [markdown]
# ## Bước 2.2 — Chọn chứng thư, bấm "OK"
#
# Hộp thoại của plugin chỉ liệt kê chứng thư **dùng để ký được lúc này**: còn hạn, không phải
# CA, có quyền ký (notebook 02).

# %%
from dvcedu.widgets.page import cert_picker, plugin_window

plugin_window("Chọn chứng thư số", [cert_picker(plugin.list_certificates())])

# %% [markdown]
# ## Bước 2.3 — Nhập mã PIN
#
# Plugin hiện hộp thoại PIN của riêng nó; mã PIN đi thẳng vào token (`C_Login`), không qua
# trang web, không tới cổng.

# %%
flow.sign()
print("Token đã ký thử thách.")

# %% [markdown]
# ### Bên trong: bước 2.1–2.3
#
# Để ý hai điều. Thứ nhất, **trang web không bao giờ thấy mã PIN**: mã PIN chỉ đi từ bạn tới
# plugin rồi tới token (và dvcedu không ghi lại nó — dòng "nhập mã PIN" có 0 byte). Thứ hai,
# token chỉ ký **165 byte** (các thuộc tính đã ký, notebook 03), dù thử thách dài hơn.

# %%
events_table(flow.transcript, seed_steps=("2.1", "2.2", "2.3"))

# %%
draw_sequence(flow.transcript, highlight="2.3", title="Bước 2.3: nhập PIN và ký trên token")

# %% [markdown]
# ## Bước 2.4 — Kiểm tra thông tin, nhập e-mail và mã xác thực, bấm "Đăng ký"
#
# Thông tin hiện trên màn hình được đọc **từ chứng thư trên token**: tên doanh nghiệp và MST.

# %%
from dvcedu.widgets.page import review

review(flow.chosen, captcha)

# %% [markdown]
# Người học đọc mã xác thực trong hình (ở đây: chương trình biết sẵn mã), nhập e-mail, bấm
# "Đăng ký":

# %%
verified = flow.submit("ketoan@anbinh-daotao.test", captcha.text.lower())
print("Kết quả:", "đăng ký thành công" if flow.ceremony().ok else flow.error)

# %% [markdown]
# ### Bên trong: thông điệp gửi lên cổng
#
# Trang web gửi (`POST /dang-ky`): thử thách, chữ ký CMS (base64), tên miền, e-mail, mã xác
# thực. Không có mã PIN, không có khóa bí mật — chỉ **chữ ký** và **chứng thư** (nằm trong
# gói CMS).

# %%
from dvcedu.viz.bytes import byte_table

post = flow.transcript.find("POST /dang-ky")
byte_table(post.payload)

# %% [markdown]
# ## Bước 2.5 — Hệ thống ghi nhận, báo đăng ký thành công
#
# Trước khi ghi nhận, cổng kiểm tra **theo đúng thứ tự trong mã nguồn**; kiểm tra nào hỏng thì
# dừng ngay ở đó với lý do riêng. Trong lúc kiểm tra, cổng hỏi CA (OCSP) xem chứng thư còn
# hiệu lực không.

# %%
from dvcedu.i18n import t

Table.of(["Cổng kiểm tra", "Kết quả"],
         [[t(check), t("check." + state)] for check, state in flow.ceremony().check_report()])

# %%
events_table(flow.transcript, seed_steps=("2.4", "2.5"))

# %% [markdown]
# ### "Hệ thống ghi nhận thông tin trên token" — cụ thể là gì?
#
# Cổng lưu **tài khoản** (định danh MST, loại, tên, e-mail) và **chứng thư gắn với tài khoản**
# (số hiệu, CA cấp, dấu vân tay SHA-256, thời hạn). Đây là các dòng trong cơ sở dữ liệu SQLite
# của cổng:

# %%
Table.of(["identifier", "kind", "display_name", "email"],
         [tuple(row) for row in portal.store.query(
             "SELECT identifier, kind, display_name, email FROM accounts")])

# %%
Table.of(["identifier", "serial", "sha256 (16 ký tự đầu)", "not_after"],
         [(r["identifier"], r["serial"], r["sha256"][:16] + "…", r["not_after"][:10])
          for r in portal.store.query("SELECT * FROM certificates")], mono=[1, 2])

# %% [markdown]
# Lần đăng nhập sau (notebook 05), cổng tìm tài khoản bằng **MST trong chứng thư** và so chứng
# thư với chứng thư đã ghi nhận.

# %% [markdown]
# ## Toàn bộ quy trình đăng ký, vẽ từ bản ghi

# %%
draw_sequence(flow.transcript, title="Đăng ký bằng USB ký số — lần chạy của bạn")

# %% [markdown]
# ## Khi một bước hỏng
#
# Cùng quy trình đăng ký với chứng thư **đã bị thu hồi**: lỗi được ghi lại đúng ở bước nó xảy ra (mũi
# tên đỏ nét đứt), và bạn nhận thông báo có mã lỗi như của plugin thật. Notebook 06 đi qua từng
# sự cố thường gặp.

# %% [markdown]
# ### Bài tập: đoán trước khi chạy
#
# Ô sau đăng ký bằng chứng thư **đã bị thu hồi**. Đoán trước: quy trình dừng ở bước nào
# của hướng dẫn (2.1, 2.2, 2.3, 2.4 hay 2.5)?

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...
check("04.predict-step", answer)

# %%
from dvcedu.scenario import run_registration

lab.provision("revoked", label="NB04-TOKEN-THU-HOI", force=True)
failed = run_registration(portal, SigningPlugin(clock=clock, label="NB04-TOKEN-THU-HOI"),
                          ScriptedLearner(pin=PIN), email="ketoan@daotao.test")
print("Lỗi ở bước:", failed.failed_step)
print(failed.error)

# %%
Table.of(["Cổng kiểm tra", "Kết quả"],
         [[t(check), t("check." + state)]
          for check, state in failed.check_report()])

# %% [markdown]
# ## Bài tập (exercises)
#
# Gán câu trả lời cho `answer` (thay dấu `...`) rồi chạy ô: kiểm tra ngay tại máy, có gợi ý khi
# chưa đúng. Đáp án không nằm trong mã nguồn (chỉ có giá trị băm); bản có lời giải ở thư mục
# `solutions/`.

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...  # ← câu trả lời của bạn / your answer
check("04.pin-to-portal", answer)

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...  # ← câu trả lời của bạn / your answer
check("04.nonce-bytes", answer)

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...  # ← câu trả lời của bạn / your answer
check("04.failed-check", answer)

# %% [markdown]
# ## Bài làm (write code)
#
# Ô kiểm tra chạy hàm của bạn trên nhiều đầu vào và so với cách dvcedu làm; sai ở đâu, nó nói
# đầu vào nào và gợi ý theo đúng kiểu sai.

# %% [markdown]
# ### Viết hàm
#
# Cổng biết ai đang đăng ký nhờ định danh trong chứng thư. Viết `identifier(cert_der)` trả
# về định danh trong thuộc tính UID của chủ thể, đúng như ghi (ví dụ `'MST:…'`, `'CCCD:…'`).

# %% tags=["task"]
from dvcedu.tasks import check_code


def identifier(cert_der):
    return ...  # viết ở đây (your code here)


check_code("04.identifier", identifier)

# %% [markdown]
# ## Điểm chính (*keypoints*)
#
# - Cổng gửi một **thử thách** mới; token ký nó; trang web gửi chữ ký kèm e-mail và mã xác thực.
# - Mã PIN chỉ đi từ bạn tới plugin tới token; cổng không bao giờ thấy nó.
# - Cổng kiểm tra theo thứ tự: thông điệp → e-mail → mã xác thực → thử thách → trang web → chữ
#   ký → chứng thư → quyền ký → thu hồi → định danh → chưa có tài khoản; rồi mới **ghi nhận**
#   tài khoản và chứng thư. (Biểu mẫu được kiểm tra trước chữ ký: gõ sai mã xác thực chỉ cần
#   nhập lại mã trong hình mới, không phải nhập lại mã PIN.)
#
# Tiếp theo: [05 — Đăng nhập](05_dang_nhap.ipynb). Quay lại: [03 — Ký số](03_ky_so.ipynb).
