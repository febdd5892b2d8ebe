# %% [markdown]
# # 04 — Đăng ký tài khoản bằng USB ký số
#
# *Registering an account on the portal with a USB token, step by step as in the seed how-to.*
#
# Notebook này đi đúng các bước của hướng dẫn gốc: **bước 1** mở Cổng và bấm "Đăng ký"; **bước
# 2** trình duyệt kiểm tra thành phần (2.1), bạn chọn chứng thư (2.2), nhập mã PIN (2.3), kiểm
# tra thông tin và nhập e-mail, [mã xác thực](glossary.md#ma-xac-thuc) (2.4), hệ thống ghi nhận (2.5). Mỗi bước có hai
# phần: **điều bạn thấy** (giao diện) và **Bên trong** (*under the hood*): các thông điệp thật
# của bước đó, vẽ từ bản ghi của lần chạy.
#
# > Cổng ở đây là **bản mô phỏng đào tạo** chạy trong máy bạn (`https://dichvucong.gov.test`),
# > không liên quan tới Cổng thật. Cổng thật kiểm tra những gì thì chưa được công bố đầy đủ;
# > bản mô phỏng làm những kiểm tra hợp lý nhất (xem notebook 07).
# >
# > Notebook dạy quy trình **đúng như hướng dẫn gốc mô tả**, tức là trước 1/7/2025: từ đó tổ
# > chức dùng tài khoản định danh điện tử của tổ chức (khoản 4 Điều 40 Nghị định 69/2024,
# > notebook 00, "Cập nhật 2024–2026") **[xác nhận]**, nên một tổ chức **không còn đăng ký được
# > theo cách này trên Cổng thật**. Vẫn đáng học, vì plugin, chứng thư và phép ký ở đây chính là những gì chạy mỗi lần doanh nghiệp
# > ký tờ khai hôm nay. Hai chỗ được **giản lược**: trang và plugin nói chuyện bằng lời gọi
# > Python thay vì WebSocket trên `localhost`, và không có máy chủ xác thực riêng — notebook 09
# > làm đủ cả hai trên trình duyệt thật.

# %% [markdown] lang="en" vi="7f381f02"
# # 04 — Registering an account with a USB token
#
# This notebook follows the steps of the original guide exactly: **step 1** open the portal and
# press "Register (Đăng ký)"; **step 2** the browser checks its components (2.1), you choose the
# certificate (2.2), type the PIN (2.3), check the details and enter an e-mail and the
# [verification code](glossary.md#ma-xac-thuc) (mã xác thực) (2.4), and the system records it (2.5). Each step has two
# parts: **what you see** (the interface) and **Under the hood**: the real messages of that
# step, drawn from the record of the run.
#
# > The portal here is a **training simulation** running on your computer
# > (`https://dichvucong.gov.test`), unrelated to the real portal. What the real portal checks
# > has not been fully published; the simulation makes the most plausible checks (see
# > notebook 07).
# >
# > The notebook teaches the process **exactly as the original guide describes it**, that is,
# > before 1 July 2025: since then organisations use the organisation's electronic-identification
# > account (Article 40(4) of Decree 69/2024, notebook 00, "Updates 2024–2026") **[confirmed]**,
# > so an organisation **can no longer register this way on the real portal**. It is still worth
# > learning, because the plugin,
# > the certificate and the signature here are what runs every time an enterprise signs a return
# > today. Two things are **simplified**: the page and the plugin talk through Python calls
# > instead of a WebSocket on `localhost`, and there is no separate authentication server;
# > notebook 09 does both in full in a real browser.

# %% [markdown]
# > **Câu hỏi** (*questions*): Từ lúc bấm "Đăng ký" đến "đăng ký thành công", những thông điệp nào đi qua lại?
# >
# > **Mục tiêu** (*objectives*) — sau notebook này, bạn:
# > - đi từng bước 1–2.5 của hướng dẫn gốc;
# > - chỉ ra bước nào do trình duyệt, plugin, token hay Cổng làm;
# > - đọc các dòng Cổng ghi vào cơ sở dữ liệu;
# > - tìm một bước lỗi trên sơ đồ.
# >
# > **Thời gian**: dạy 10 phút · bài tập 5 phút · tự học ≈ 40 phút (buổi học 3 giờ, xem [README](README.md)).

# %% [markdown] lang="en" vi="3a82bac2"
# > **Questions**: From pressing "Register (Đăng ký)" to "registration successful", which messages go back and forth?
# >
# > **Objectives**: after this notebook, you can:
# > - go through steps 1–2.5 of the original guide one by one;
# > - say which step the browser, the plugin, the token or the portal does;
# > - read the rows the portal writes to its database;
# > - find a failed step on the diagram.
# >
# > **Time**: teaching 10 min · exercises 5 min · self-study ≈ 40 min (a 3-hour session, see the [README](README.md)).


# %% [markdown] tags=["instructor"]
# <details class="dvcedu-instructor"><summary><b>Ghi chú cho giảng viên</b> (<i>instructor
# note</i>) — học viên có thể bỏ qua</summary>
#
# Học viên tự đi qua khung "Tự làm"; giảng viên đi vòng quanh lớp. Nếu ai nhập sai mã xác thực,
# đó là dịp tốt để xem lý do từ chối trong bảng kiểm tra. Nhắc: đây là quy trình theo hướng
# dẫn gốc (trước 1/7/2025, xem notebook 00).
#
# </details>

# %% [markdown] lang="en" vi="288aa039"
# <details class="dvcedu-instructor"><summary><b>Instructor note</b> — learners may skip this</summary>
#
# Learners go through the "Do it yourself" frame on their own while the trainer walks round the
# room. If someone types the verification code wrong, that is a good moment to look at the
# reason for the refusal in the table of checks. Remind them: this is the process of the original
# guide (before 1 July 2025, see notebook 00).
#
# </details>

# %%
# Chuẩn bị (setup): token đào tạo, đồng hồ cố định, nguồn ngẫu nhiên cố định (để notebook
# cho cùng kết quả mỗi lần chạy), Cổng mô phỏng với cơ sở dữ liệu SQLite trong bộ nhớ.
# Token của notebook này: DVCEDU-NB04, tạo mới mỗi lần chạy trong thư mục dvcedu của bạn
# (lệnh `dvcedu … --label DVCEDU-NB04` trong terminal tác động đúng token này).
from dvcedu import lab
from dvcedu.clock import COURSE_DAY, FixedClock, SeededRandom
from dvcedu.plugin import ScriptedLearner, SigningPlugin
from dvcedu.pki.samples import training_trust
from dvcedu.portal import Portal, Store
from dvcedu.token import TRAINING_PIN as PIN  # mã PIN đào tạo; không bao giờ in ra
from dvcedu.viz import Table

training = lab.start("enterprise", notebook="04", lang="vi")
clock = FixedClock(COURSE_DAY)
portal = Portal(Store.memory(), trust=training_trust(),  # Cổng chỉ tin CA gốc quốc gia (đào tạo)
                clock=clock, random=SeededRandom("notebook-04"))
plugin = SigningPlugin(clock=clock, label=training.label)

# %% lang="en" vi="f30649e7" twin="strings"
# # Chuẩn bị (setup): token đào tạo, đồng hồ cố định, nguồn ngẫu nhiên cố định (để notebook  →  # Setup: the training token, a fixed clock, a fixed source of randomness (so that the notebook
# # cho cùng kết quả mỗi lần chạy), Cổng mô phỏng với cơ sở dữ liệu SQLite trong bộ nhớ.  →  # gives the same results on every run), the simulated portal with an in-memory SQLite database.
# # Token của notebook này: DVCEDU-NB04, tạo mới mỗi lần chạy trong thư mục dvcedu của bạn  →  # This notebook's token: DVCEDU-NB04, made anew on every run in your dvcedu folder
# # (lệnh `dvcedu … --label DVCEDU-NB04` trong terminal tác động đúng token này).  →  # (`dvcedu … --label DVCEDU-NB04` in a terminal acts on this very token).
# # mã PIN đào tạo; không bao giờ in ra  →  # the training PIN; never printed
# "vi"  →  "en"
# # Cổng chỉ tin CA gốc quốc gia (đào tạo)  →  # the portal trusts only the (training) national root

# %% [markdown]
# ## Tự làm: Cổng đào tạo trong một khung
#
# Bấm **Tiếp ▶** để đi qua từng bước như trên Cổng thật: chọn "USB ký số", xem plugin kiểm tra
# token, chọn chứng thư, nhập mã PIN đào tạo (README), nhập e-mail và mã xác thực trong hình,
# rồi bấm **Đăng ký**. (Khung này dùng một Cổng riêng, để các ô bên dưới luôn chạy được.)

# %% [markdown] lang="en" vi="67d51240"
# ## Do it yourself: the training portal in a frame
#
# Press **Next ▶** to go through each step as on the real portal: choose "USB token (USB ký
# số)", watch the plugin check the token, choose the certificate, type the training PIN (see the
# README), enter an e-mail and the verification code in the picture, then press **Register
# (Đăng ký)**. (This frame uses a portal of its own, so the cells below always run.)

# %%
from dvcedu.widgets.portal import RegistrationWizard

RegistrationWizard(Portal(Store.memory(), trust=training_trust(),
                          clock=clock, random=SeededRandom("wizard")),
                   SigningPlugin(clock=clock, label=training.label), clock)

# %% [markdown]
# Phần còn lại của notebook chạy **cùng quy trình đăng ký đó bằng mã**, từng bước, để mở ra xem bên
# trong. "Bạn" ở đây là một người học được lập trình sẵn: chọn chứng thư đầu tiên và gõ đúng
# mã PIN.

# %% [markdown] lang="en" vi="4e3805e9"
# The rest of the notebook runs **the same registration in code**, step by step, to open it up and
# look inside. "You" here is a pre-programmed learner who chooses the first certificate and types
# the right PIN.

# %%
from dvcedu.scenario import Registration

flow = Registration(portal, plugin, ScriptedLearner(pin=PIN))

# %% [markdown]
# ## Bước 1 — Mở Cổng, bấm "Đăng ký", chọn "USB ký số"
#
# Cổng có nhiều cách đăng ký; doanh nghiệp dùng **USB ký số** **[thứ cấp]**:

# %% [markdown] lang="en" vi="734f8783"
# ## Step 1 — Open the portal, press "Register (Đăng ký)", choose "USB token (USB ký số)"
#
# The portal has several ways to register; enterprises use the **USB token** **[secondary]**:

# %%
from dvcedu.widgets.page import Panel, header, method_chooser

Panel([header(), method_chooser()], shows="Trang đăng ký: chọn cách đăng ký")

# %% lang="en" vi="13c3b6e9" twin="strings"
# "Trang đăng ký: chọn cách đăng ký"  →  "The registration page: choose how to register"

# %%
captcha = flow.open()
print("Cổng đã gửi mẫu đăng ký, một thử thách mới và mã xác thực.")

# %% lang="en" vi="186d8b67" twin="strings"
# "Cổng đã gửi mẫu đăng ký, một thử thách mới và mã xác thực."  →  "The portal sent the registration form, a new challenge and a verification code."

# %% [markdown]
# ### Bên trong
#
# Trang web xin mẫu đăng ký; Cổng trả về **thử thách** (*challenge*): một đoạn JSON chứa 32
# byte ngẫu nhiên (`nonce`), mục đích (`purpose`), trang web được phép dùng nó (`origin`, [nguồn gốc trang web](glossary.md#nguon-goc-trang-web)) và
# thời hạn. Thử thách được lưu trên Cổng và **chỉ dùng được một lần**: đây là thứ token sẽ ký.

# %% [markdown] lang="en" vi="1e888af4"
# ### Under the hood
#
# The web page asks for the registration form; the portal answers with a **challenge** (thử
# thách): a piece of JSON holding 32 random bytes (`nonce`), the purpose (`purpose`), the web
# page allowed to use it (`origin`, the [page's origin](glossary.md#nguon-goc-trang-web)) and an expiry time. The challenge is
# stored on the portal and **can be used only once**: this is what the token will sign.

# %%
from dvcedu.viz.sequence import draw_sequence, events_table

events_table(flow.transcript, seed_steps=("1",))

# %%
import json

print(json.dumps(json.loads(flow.challenge.body), indent=2, ensure_ascii=False))

# %% [markdown]
# ## Bước 2.1 — Trình duyệt kiểm tra thành phần, tải thông tin chứng thư
#
# Trang web gọi plugin ký số (`checkPlugin`: plugin có chạy không; rồi `CheckToken`); plugin
# tìm mô-đun PKCS#11 và hỏi token.

# %% [markdown] lang="en" vi="6fc8b359"
# ## Step 2.1 — The browser checks its components and loads the certificate details
#
# The web page calls the signing plugin (`checkPlugin`: is the plugin running; then
# `CheckToken`); the plugin finds the PKCS#11 module and asks the token.

# %%
from dvcedu.widgets.page import plugin_status

plugin_status(plugin)

# %% [markdown]
# ## Bước 2.2 — Chọn chứng thư, bấm "OK"
#
# Hộp thoại của plugin chỉ liệt kê chứng thư **dùng để ký được lúc này**: còn hạn, không phải
# CA, có quyền ký (notebook 02).

# %% [markdown] lang="en" vi="0a0911bb"
# ## Step 2.2 — Choose the certificate, press "OK"
#
# The plugin's dialog lists only certificates that **can sign right now**: valid, not a CA, and
# allowed to sign (notebook 02).

# %%
from dvcedu.widgets.page import cert_picker, plugin_window

plugin_window("Chọn chứng thư số", [cert_picker(plugin.list_certificates())])

# %% lang="en" vi="d2c9f162" twin="strings"
# "Chọn chứng thư số"  →  "Choose a certificate"

# %% [markdown]
# ## Bước 2.3 — Nhập mã PIN
#
# Plugin hiện hộp thoại PIN của riêng nó; mã PIN đi thẳng vào token (`C_Login`), không qua
# trang web, không tới Cổng.

# %% [markdown] lang="en" vi="53ced00a"
# ## Step 2.3 — Type the PIN
#
# The plugin shows its own PIN dialog; the PIN goes straight into the token (`C_Login`), never
# through the web page, never to the portal.

# %%
flow.sign()
print("Token đã ký thử thách.")

# %% lang="en" vi="0d1ebc48" twin="strings"
# "Token đã ký thử thách."  →  "The token has signed the challenge."

# %% [markdown]
# ### Bên trong: bước 2.1–2.3
#
# Để ý hai điều. Thứ nhất, **trang web không bao giờ thấy mã PIN**: mã PIN chỉ đi từ bạn tới
# plugin rồi tới token (và dvcedu không ghi lại nó — dòng "nhập mã PIN" có 0 byte). Thứ hai,
# token chỉ ký **165 byte** (các thuộc tính đã ký, notebook 03), dù thử thách dài hơn.

# %% [markdown] lang="en" vi="8c71a309"
# ### Under the hood: steps 2.1–2.3
#
# Notice two things. First, **the web page never sees the PIN**: the PIN goes only from you to
# the plugin and on to the token (and dvcedu does not record it: the "type the PIN" row has 0
# bytes). Second, the token signs only **165 bytes** (the signed attributes, notebook 03), even
# though the challenge is longer.

# %%
events_table(flow.transcript, seed_steps=("2.1", "2.2", "2.3"))

# %%
draw_sequence(flow.transcript, highlight="2.3", title="Bước 2.3: nhập PIN và ký trên token")

# %% lang="en" vi="02a70937" twin="strings"
# "Bước 2.3: nhập PIN và ký trên token"  →  "Step 2.3: type the PIN and sign on the token"

# %% [markdown]
# ## Bước 2.4 — Kiểm tra thông tin, nhập e-mail và mã xác thực, bấm "Đăng ký"
#
# Thông tin hiện trên màn hình được đọc **từ chứng thư trên token**: tên doanh nghiệp và MST.

# %% [markdown] lang="en" vi="598d4eb8"
# ## Step 2.4 — Check the details, enter an e-mail and the verification code, press "Register (Đăng ký)"
#
# The details on the screen are read **from the certificate on the token**: the enterprise's
# name and its tax code (MST).

# %%
from dvcedu.widgets.page import review

review(flow.chosen, captcha)

# %% [markdown]
# Người học đọc mã xác thực trong hình (ở đây: chương trình biết sẵn mã), nhập e-mail, bấm
# "Đăng ký":

# %% [markdown] lang="en" vi="274fc500"
# The learner reads the verification code in the picture (here the program already knows it),
# enters an e-mail, and presses "Register (Đăng ký)":

# %%
verified = flow.submit("ketoan@anbinh-daotao.test", captcha.text.lower())
print("Kết quả:", "đăng ký thành công" if flow.ceremony().ok else flow.error)

# %% lang="en" vi="f9fa2237" twin="strings"
# "Kết quả:"  →  "Result:"
# "đăng ký thành công"  →  "registration successful"

# %% [markdown]
# ### Bên trong: thông điệp gửi lên Cổng
#
# Trang web gửi (`POST /dang-ky`): thử thách, chữ ký CMS (base64), tên miền, e-mail, mã xác
# thực. Không có mã PIN, không có khóa bí mật — chỉ **chữ ký** và **chứng thư** (nằm trong
# gói CMS).

# %% [markdown] lang="en" vi="54125ff4"
# ### Under the hood: the message sent to the portal
#
# The web page sends (`POST /dang-ky`): the challenge, the CMS signature (base64), the domain,
# the e-mail, the verification code. No PIN, no private key: only the **signature** and the
# **certificate** (inside the CMS).

# %%
from dvcedu.viz.bytes import byte_table

post = flow.transcript.find("POST /dang-ky")
byte_table(post.payload)

# %% [markdown]
# ## Bước 2.5 — Hệ thống ghi nhận, báo đăng ký thành công
#
# Trước khi ghi nhận, Cổng kiểm tra **theo đúng thứ tự trong mã nguồn**; kiểm tra nào hỏng thì
# dừng ngay ở đó với lý do riêng. Trong lúc kiểm tra, Cổng hỏi CA (OCSP) xem chứng thư còn
# hiệu lực không.

# %% [markdown] lang="en" vi="8c9fbe49"
# ## Step 2.5 — The system records it and reports success
#
# Before recording anything, the portal checks **in exactly the order of the source code**; the
# first check that fails stops there with its own reason. While checking, the portal asks the CA
# (OCSP) whether the certificate is still good.

# %%
from dvcedu.i18n import t

Table.of(["Cổng kiểm tra", "Kết quả"],
         [[t(check), t("check." + state)] for check, state in flow.ceremony().check_report()])

# %% lang="en" vi="d20a9a7b" twin="strings"
# "Cổng kiểm tra"  →  "Portal check"
# "Kết quả"  →  "Result"

# %%
events_table(flow.transcript, seed_steps=("2.4", "2.5"))

# %% [markdown]
# ### "Hệ thống ghi nhận thông tin trên token" — cụ thể là gì?
#
# Cổng lưu **tài khoản** (định danh MST, loại, tên, e-mail) và **chứng thư gắn với tài khoản**
# (số hiệu, CA cấp, dấu vân tay SHA-256, thời hạn). Đây là các dòng trong cơ sở dữ liệu SQLite
# của Cổng:

# %% [markdown] lang="en" vi="622bc1de"
# ### "The system records the information on the token": what exactly?
#
# The portal stores the **account** (the MST identifier, kind, name, e-mail) and **the
# certificate bound to the account** (serial number, issuing CA, SHA-256 fingerprint, validity).
# These are the rows in the portal's SQLite database:

# %%
Table.of(["identifier", "kind", "display_name", "email"],
         [tuple(row) for row in portal.store.query(
             "SELECT identifier, kind, display_name, email FROM accounts")])

# %%
Table.of(["identifier", "serial", "sha256 (16 ký tự đầu)", "not_after"],
         [(r["identifier"], r["serial"], r["sha256"][:16] + "…", r["not_after"][:10])
          for r in portal.store.query("SELECT * FROM certificates")], mono=[1, 2])

# %% lang="en" vi="d37cb4d5" twin="strings"
# "sha256 (16 ký tự đầu)"  →  "sha256 (first 16 characters)"

# %% [markdown]
# Lần đăng nhập sau (notebook 05), Cổng tìm tài khoản bằng **MST trong chứng thư** và so chứng
# thư với chứng thư đã ghi nhận.

# %% [markdown] lang="en" vi="a51ae9bf"
# At the next login (notebook 05), the portal finds the account by **the MST in the
# certificate** and compares the certificate with the one it recorded.

# %% [markdown]
# ## Toàn bộ quy trình đăng ký, vẽ từ bản ghi

# %% [markdown] lang="en" vi="a6e0c1ff"
# ## The whole registration, drawn from the record

# %%
draw_sequence(flow.transcript, title="Đăng ký bằng USB ký số — lần chạy của bạn")

# %% lang="en" vi="bd03e5a2" twin="strings"
# "Đăng ký bằng USB ký số — lần chạy của bạn"  →  "Registering with a USB token — your run"

# %% [markdown]
# ## Khi một bước hỏng
#
# Cùng quy trình đăng ký với chứng thư **đã bị thu hồi**: lỗi được ghi lại đúng ở bước nó xảy ra (mũi
# tên đỏ nét đứt), và bạn nhận thông báo có mã lỗi như của plugin thật. Notebook 06 đi qua từng
# sự cố thường gặp.

# %% [markdown] lang="en" vi="d11209e5"
# ## When a step fails
#
# The same registration with a **revoked** certificate: the error is recorded at exactly the step
# where it happened (a dashed red arrow), and you get a message with an error code like the real
# plugin's. Notebook 06 goes through each common problem.

# %% [markdown]
# ### Bài tập: đoán trước khi chạy
#
# Ô sau đăng ký bằng chứng thư **đã bị thu hồi**. Đoán trước: quy trình dừng ở bước nào
# của hướng dẫn (2.1, 2.2, 2.3, 2.4 hay 2.5)?

# %% [markdown] lang="en" vi="cc42930d"
# ### Exercise: predict before you run
#
# The next cell registers with a **revoked** certificate. Predict first: at which step of the
# guide (2.1, 2.2, 2.3, 2.4 or 2.5) does the process stop?

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

# %% lang="en" vi="ecaa99ab" twin="strings"
# "Lỗi ở bước:"  →  "Failed at step:"

# %%
Table.of(["Cổng kiểm tra", "Kết quả"],
         [[t(check), t("check." + state)]
          for check, state in failed.check_report()])

# %% lang="en" vi="7b0a6fd1" twin="strings"
# "Cổng kiểm tra"  →  "Portal check"
# "Kết quả"  →  "Result"

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
check("04.pin-to-portal", answer)

# %% lang="en" vi="28baa0da" twin="strings"
# # ← câu trả lời của bạn / your answer  →  # ← your answer

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...  # ← câu trả lời của bạn / your answer
check("04.nonce-bytes", answer)

# %% lang="en" vi="f4de1d2c" twin="strings"
# # ← câu trả lời của bạn / your answer  →  # ← your answer

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...  # ← câu trả lời của bạn / your answer
check("04.failed-check", answer)

# %% lang="en" vi="313a9a15" twin="strings"
# # ← câu trả lời của bạn / your answer  →  # ← your answer

# %% [markdown]
# **Áp dụng vào trường hợp khác** (*transfer*): đáp án của câu dưới đây không có sẵn ở trên;
# hãy suy ra từ điều bạn vừa học.

# %% [markdown] lang="en" vi="b83525e8"
# **Apply it to another case** (*transfer*): the answer to the question below is not shown
# above; work it out from what you just learnt.

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...  # một mã lý do
check("04.second-registration", answer)

# %% lang="en" vi="ca9de3a5" twin="strings"
# # một mã lý do  →  # a reason code

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
# Cổng biết ai đang đăng ký nhờ định danh trong chứng thư. Viết `identifier(cert_der)` trả
# về định danh trong thuộc tính UID của chủ thể, đúng như ghi (ví dụ `'MST:…'`, `'CCCD:…'`).

# %% [markdown] lang="en" vi="137e4f0c"
# ### Write a function
#
# The portal knows who is registering from the identifier in the certificate. Write
# `identifier(cert_der)` returning the identifier in the subject's UID attribute, exactly as
# written (for example `'MST:…'`, `'CCCD:…'`).

# %% tags=["task"]
from dvcedu.tasks import check_code


def identifier(cert_der):
    return ...  # viết ở đây (your code here)


check_code("04.identifier", identifier)

# %% lang="en" vi="dc7217af" twin="strings"
# # viết ở đây (your code here)  →  # your code here

# %%
from dvcedu.exercises import summary

summary("04")

# %% [markdown]
# ## Điểm chính (*keypoints*)
#
# - Cổng gửi một **thử thách** mới; token ký nó; trang web gửi chữ ký kèm e-mail và mã xác thực.
# - Mã PIN chỉ đi từ bạn tới plugin tới token; Cổng không bao giờ thấy nó.
# - Cổng kiểm tra theo thứ tự: thông điệp → e-mail → mã xác thực → thử thách → trang web → chữ
#   ký → chứng thư → quyền ký → thu hồi → định danh → chưa có tài khoản; rồi mới **ghi nhận**
#   tài khoản và chứng thư. (Biểu mẫu được kiểm tra trước chữ ký: gõ sai mã xác thực chỉ cần
#   nhập lại mã trong hình mới, không phải nhập lại mã PIN.)
#
# Tiếp theo: [05 — Đăng nhập](05_dang_nhap.ipynb). Quay lại: [03 — Ký số](03_ky_so.ipynb).

# %% [markdown] lang="en" vi="2ae282e7"
# ## Keypoints
#
# - The portal sends a new **challenge**; the token signs it; the web page sends the signature
#   with the e-mail and the verification code.
# - The PIN only goes from you to the plugin to the token; the portal never sees it.
# - The portal checks in order: message → e-mail → verification code → challenge → web page →
#   signature → certificate → right to sign → revocation → identifier → no account yet; only
#   then does it **record** the account and the certificate. (The form is checked before the
#   signature: a mistyped verification code only means typing the new code in the picture, not
#   the PIN again.)
#
# Next: [05 — Login](05_login.ipynb). Back: [03 — Signing](03_signing.ipynb).
