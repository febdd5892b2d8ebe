# %% [markdown]
# # 00 — Giới thiệu: đăng ký và đăng nhập Cổng Dịch vụ công Quốc gia bằng USB ký số
#
# *Introduction: registering and logging in on Vietnam's National Public Service Portal with a
# USB digital-signature token.*
#
# Khóa học này cho bạn **tự tay** làm lại những gì xảy ra khi một doanh nghiệp cắm [USB ký số](glossary.md#usb-ky-so)
# (USB token) vào máy tính để đăng ký và đăng nhập Cổng Dịch vụ công Quốc gia (DVCQG,
# `dichvucong.gov.vn`): token thật sự ký (qua chuẩn PKCS#11), chứng thư số có cấu trúc như
# chứng thư của các CA Việt Nam, và mọi thông điệp giữa bạn, trang web, plugin ký số, token và
# Cổng đều được ghi lại để bạn xem từng byte.
#
# > **ĐÀO TẠO / TRAINING.** Mọi chứng thư số, [mã số thuế](glossary.md#ma-so-thue) (MST) và số [căn cước công dân](glossary.md#can-cuoc-cong-dan) (CCCD)
# > trong khóa học đều là hư cấu. "Cổng" ở đây là bản mô phỏng chạy trên máy bạn, không kết nối
# > tới Cổng thật. Token mặc định là [SoftHSM2](glossary.md#softhsm2) — một token bằng phần mềm nói cùng "ngôn ngữ"
# > PKCS#11 với USB token thật. **Không bao giờ gõ mã PIN của token thật vào notebook này.**

# %% [markdown] lang="en" vi="4b419776"
# # 00 — Introduction: registering and logging in on the National Public Service Portal with a USB token
#
# In this course you redo, **with your own hands**, what happens when an enterprise plugs its
# [USB signing token](glossary.md#usb-ky-so) (USB ký số) into a computer to register and log in on Vietnam's
# National Public Service Portal (Cổng Dịch vụ công Quốc gia, DVCQG, `dichvucong.gov.vn`): the
# token really signs (through the PKCS#11 standard), the certificates are shaped like those of
# the Vietnamese CAs, and every message between you, the web page, the signing plugin, the token
# and the portal is recorded so that you can see it byte by byte.
#
# > **TRAINING (ĐÀO TẠO).** Every certificate, [tax code](glossary.md#ma-so-thue) (mã số thuế, MST) and [citizen identity number](glossary.md#can-cuoc-cong-dan) (căn cước công dân, CCCD)
# > in this course is made up. The "portal" here is a simulation running on your computer; it
# > never connects to the real portal. The default token is [SoftHSM2](glossary.md#softhsm2), a software token that
# > speaks the same PKCS#11 "language" as a real USB token. **Never type a real token's PIN
# > into this notebook.**

# %% [markdown]
# > **Câu hỏi** (*questions*): Doanh nghiệp đăng ký, đăng nhập Cổng DVCQG bằng USB ký số thế nào, và điều gì đã thay đổi từ 7/2025? Máy của tôi đã sẵn sàng chưa?
# >
# > **Mục tiêu** (*objectives*) — sau notebook này, bạn:
# > - kể được các bước của hướng dẫn gốc, từ "Đăng ký" đến tên ở góc phải;
# > - phân biệt USB token, chứng thư số và mã PIN;
# > - biết điều gì thay đổi cho tổ chức từ 1/7/2025 và USB token còn dùng để làm gì;
# > - chạy kiểm tra môi trường và đọc được dòng nào cần sửa.
# >
# > **Thời gian**: dạy 10 phút · bài tập 5 phút · tự học ≈ 15 phút (buổi học 3 giờ, xem [README](README.md)).

# %% [markdown] lang="en" vi="c81a18d2"
# > **Questions**: How does an enterprise register and log in on the portal with a USB token, and what changed in July 2025? Is my computer ready?
# >
# > **Objectives**: after this notebook, you can:
# > - list the steps of the original guide, from "Register (Đăng ký)" to your name in the top right corner;
# > - tell a USB token, a certificate and a PIN apart;
# > - say what changed for organisations on 1 July 2025 and what the USB token is still for;
# > - run the environment check and read which line needs fixing.
# >
# > **Time**: teaching 10 min · exercises 5 min · self-study ≈ 15 min (a 3-hour session, see the [README](README.md)).


# %% [markdown] tags=["instructor"]
# <details class="dvcedu-instructor"><summary><b>Ghi chú cho giảng viên</b> (<i>instructor
# note</i>) — học viên có thể bỏ qua</summary>
#
# Mở đầu bằng câu hỏi cho cả lớp: "Ai đã từng cắm USB ký số để nộp thuế?" — người đã làm
# kể lại các bước, giảng viên ghi lên bảng; cuối buổi đối chiếu với sơ đồ của notebook 04.
# Trong 5 phút bài tập, mọi máy chạy `dvcedu doctor`: máy nào chưa ĐẠT thì xử lý ngay, trước
# notebook 01.
#
# </details>

# %% [markdown] lang="en" vi="ac4d397d"
# <details class="dvcedu-instructor"><summary><b>Instructor note</b> — learners may skip this</summary>
#
# Open with a question to the whole class: "Who has ever plugged in a USB token to file taxes?"
# Those who have describe the steps while the trainer writes them on the board; at the end of the
# session compare them with notebook 04's diagram. In the 5 minutes of exercises every computer
# runs `dvcedu doctor`: fix any computer that is not OK now, before notebook 01.
#
# </details>

# %%
# Chuẩn bị (setup): token đào tạo riêng của notebook này, nhãn DVCEDU-NB00, tạo mới mỗi lần
# chạy trong thư mục dvcedu của bạn. Lệnh `dvcedu token … --label DVCEDU-NB00` trong terminal
# tác động đúng token này; token DVCEDU-TRAINING của bạn (make lab) không bị đụng tới.
from dvcedu import lab

training = lab.start("enterprise", notebook="00", lang="vi")

# %% lang="en" vi="7f41c58b" twin="strings"
# # Chuẩn bị (setup): token đào tạo riêng của notebook này, nhãn DVCEDU-NB00, tạo mới mỗi lần  →  # Setup: this notebook's own training token, labelled DVCEDU-NB00, made anew on every run
# # chạy trong thư mục dvcedu của bạn. Lệnh `dvcedu token … --label DVCEDU-NB00` trong terminal  →  # in your dvcedu folder. `dvcedu token … --label DVCEDU-NB00` in a terminal acts on this very
# # tác động đúng token này; token DVCEDU-TRAINING của bạn (make lab) không bị đụng tới.  →  # token; your own DVCEDU-TRAINING token (make lab) is not touched.
# "vi"  →  "en"

# %% [markdown]
# ## Cổng Dịch vụ công Quốc gia là gì?
#
# Mỗi thông tin dưới đây có ghi mức độ tin cậy của nguồn, giống cách khóa học làm ở mọi nơi:
# **[xác nhận]** (đọc trực tiếp từ tài liệu gốc hoặc nhiều nguồn độc lập), **[thứ cấp]** (một
# nguồn bên thứ ba), **[chưa xác nhận]** (suy luận, cần kiểm chứng).
#
# - DVCQG ([Cổng Dịch vụ công Quốc gia](glossary.md#cong-dich-vu-cong-quoc-gia)) là cổng một cửa để nộp hồ sơ dịch vụ công trực tuyến; đăng nhập dùng chung qua hệ
#   thống xác thực `xacthuc.dichvucong.gov.vn` (OAuth 2.0 / OpenID Connect) **[xác nhận]**.
# - Công dân trước đây đăng ký bằng số CMND/CCCD hoặc mã số bảo hiểm xã hội (BHXH); từ 1/7/2024
#   công dân chuyển sang dùng tài khoản định danh điện tử [VNeID](glossary.md#vneid) **[thứ cấp]**. Thẻ nay
#   là **thẻ căn cước**, mang **số định danh cá nhân** 12 chữ số (Luật Căn cước 2023) **[xác nhận]**;
#   CMND hết giá trị sau 31/12/2024 **[chưa xác nhận: điều khoản chuyển tiếp, chưa đọc văn bản]**.
#   VNeID mức 2 không phải một "mật khẩu": nó là ứng dụng, mã khóa hoặc sinh trắc học, và thẻ
#   căn cước gắn chip. Cổng còn nhận công dân đăng nhập bằng chứng thư CCCD trên token hay
#   không thì chưa có nguồn **[chưa xác nhận]**.
# - Doanh nghiệp đăng ký bằng USB ký số chứa chứng thư số do một CA công cộng cấp (VNPT-CA,
#   Viettel-CA, FPT-CA, …); Cổng yêu cầu cài "[Plugin ký số](glossary.md#plugin-ky-so)" (VNPT-CA Plugin) dùng được cho token
#   của mọi nhà cung cấp **[thứ cấp]**.
# - Từ 1/7/2025, tổ chức dùng **tài khoản định danh điện tử của tổ chức** (mục "Cập nhật
#   2024–2026" ngay dưới đây).
# - Cổng ký **dữ liệu gì** khi đăng nhập thì chưa có tài liệu công khai **[chưa xác nhận]**.
#   Khóa học dùng mô hình hợp lý nhất: Cổng gửi một "[thử thách](glossary.md#thu-thach)" (challenge) ngẫu nhiên, token
#   ký nó theo dạng CMS tách rời (detached CMS) như VNPT-CA Plugin trả về.

# %% [markdown] lang="en" vi="53b036f6"
# ## What is the National Public Service Portal?
#
# Each statement below says how far its source can be trusted, as the whole course does:
# **[confirmed]** (read in the original document, or in several independent sources),
# **[secondary]** (one third-party source), **[unconfirmed]** (inferred, needs checking).
#
# - DVCQG (the [National Public Service Portal](glossary.md#cong-dich-vu-cong-quoc-gia), Cổng Dịch vụ công Quốc gia) is the one-stop portal for filing public-service
#   applications online; login is shared through the authentication system
#   `xacthuc.dichvucong.gov.vn` (OAuth 2.0 / OpenID Connect) **[confirmed]**.
# - Citizens used to register with their identity card number (CMND/CCCD) or social-insurance
#   (BHXH) number; from 1 July 2024 citizens use their [VNeID](glossary.md#vneid) electronic-identification account
#   instead **[secondary]**. The card is now the **identity card** (thẻ căn cước), carrying the
#   12-digit **personal identification number** (Law on Identification 2023) **[confirmed]**; the
#   old CMND stopped being valid after 31 December 2024 **[unconfirmed: a transitional article,
#   the text not read]**. A level-2 VNeID is not a "password": it is the app, a passcode or
#   biometrics, and the chip identity card. Whether the portal still lets a citizen log in with a
#   CCCD certificate on a token has no source **[unconfirmed]**.
# - Enterprises registered with a USB token holding a certificate issued by a public CA
#   (VNPT-CA, Viettel-CA, FPT-CA, …); the portal asks for the "[signing plugin](glossary.md#plugin-ky-so)" (Plugin ký số,
#   the VNPT-CA Plugin), which works with every provider's token **[secondary]**.
# - From 1 July 2025, organisations use the **organisation's electronic-identification account**
#   (see "Updates 2024–2026" just below).
# - **What data** the portal has signed at login is not publicly documented **[unconfirmed]**.
#   The course uses the most plausible model: the portal sends a random "[challenge](glossary.md#thu-thach)" (thử thách), and
#   the token signs it as a detached CMS, as the VNPT-CA Plugin returns.

# %% [markdown]
# ## Cập nhật 2024–2026: điều gì đã thay đổi
#
# Hướng dẫn gốc mà khóa học đi theo tả cách doanh nghiệp **đăng ký và đăng nhập** Cổng bằng USB
# ký số như trước tháng 7/2025. Từ đó đến lần đối chiếu nguồn gần nhất của khóa học (12/2026):
#
# | Thời điểm | Thay đổi | Nguồn |
# |---|---|---|
# | 1/7/2024 | Công dân dùng tài khoản định danh điện tử VNeID làm tài khoản duy nhất cho dịch vụ công trực tuyến (Nghị định 59/2022/NĐ-CP) | [thứ cấp] thông báo của một cơ quan nhà nước địa phương |
# | 25/6/2024 | Nghị định 69/2024/NĐ-CP về định danh và xác thực điện tử, thay Nghị định 59/2022 | [xác nhận] VietNamNet, 6/2025; Apolat Legal; Mondaq; MISA AMIS |
# | 30/6/2025 | Tài khoản do Cổng DVCQG (và hệ thống cấp bộ, cấp tỉnh) tạo cho cơ quan, tổ chức chỉ dùng được **đến hết ngày này** (khoản 4 Điều 40 Nghị định 69/2024) | [xác nhận] điều khoản được VietNamNet (dẫn Cục C06 Bộ Công an), Apolat Legal, Mondaq và MISA AMIS trích giống nhau |
# | 1/7/2025 | Tổ chức, doanh nghiệp làm thủ tục bằng **tài khoản định danh điện tử của tổ chức**: người đại diện theo pháp luật đăng nhập VNeID (tài khoản mức độ 2) và đăng ký cho tổ chức (mục "Định danh tổ chức" trong VNeID, hoặc tờ khai TK02) | [xác nhận] VietNamNet, dẫn C06; Apolat Legal; HTLaw |
#
# **USB token vẫn dùng để làm gì?** Để **ký**: tờ khai thuế, hải quan, bảo hiểm xã hội, hóa đơn
# điện tử, hồ sơ dịch vụ công: đó là việc hằng ngày của USB token. Đăng nhập Cổng bằng USB ký
# số còn được chấp nhận ở đâu, cho ai, sau 1/7/2025 thì chưa có nguồn công khai rõ ràng
# **[chưa xác nhận]**.
#
# **Cách ký khác hôm nay: ký số từ xa** (VNPT SmartCA, Viettel MySign): khóa bí mật nằm trong
# thiết bị của CA, bạn xác nhận trên điện thoại; chứng thư của các CA này ("VNPT SmartCA RS",
# "Viettel-CA RS") nối lên gốc quốc gia năm 2014 mang tên Bộ Thông tin và Truyền thông **[xác
# nhận: chứng thư thật của hai CA này, kiểm tra trong bộ kiểm thử của dvcedu]**; bản "VNPT
# SmartCA RS" trong bộ kiểm thử đã hết hạn ngày 18/11/2026. Ngày 25/11/2025, NEAC (nay thuộc Bộ
# Khoa học và Công nghệ) tạo chứng thư gốc mới đứng tên Bộ Khoa học và Công nghệ, và gốc này
# cấp chứng thư riêng cho bốn mô hình dịch vụ: CA dùng USB token, ký số từ xa, ký trên thiết bị
# di động, cấp dấu thời gian **[xác nhận: VnExpress, VTC News]**.
#
# **Vì sao vẫn học quy trình cũ?** Những gì nằm bên dưới không đổi **khi ký bằng USB token**:
# cùng plugin ký số trên máy, cùng chứng thư với `UID=MST:…`, cùng phép ký trên token, cùng các
# kiểm tra chuỗi tin cậy, thời hạn, thu hồi. Ký số từ xa thì khác: không có plugin, không có
# PKCS#11 trên máy; giá trị băm đi tới HSM của CA và bạn duyệt trên điện thoại.
#
# **Một ngày của khóa học.** Mọi đồng hồ trong các notebook dừng ở **ngày của khóa học:
# 2/3/2026, 9:00** (giờ Việt Nam; `COURSE_DAY` trong mã), để chữ ký, thời hạn và bản ghi lần nào
# chạy cũng ra như nhau. Tháng 12/2026 ở trên là lúc nguồn được đối chiếu, không phải "hôm nay"
# của các ô mã; khi một bài cần ngày khác (notebook 08: một CA trung gian thật hết hạn ngày
# 18/11/2026), ô mã ghi rõ ngày ấy.

# %% [markdown] lang="en" vi="95c2db51"
# ## Updates 2024–2026: what has changed
#
# The original guide this course follows describes how an enterprise **registered and logged
# in** on the portal with a USB token before July 2025. Since then, up to the course's latest
# check of its sources (December 2026):
#
# | When | Change | Source |
# |---|---|---|
# | 1 Jul 2024 | Citizens use their VNeID electronic-identification account as their single account for online public services (Decree 59/2022/NĐ-CP) | [secondary] a notice of a local state agency |
# | 25 Jun 2024 | Decree 69/2024/NĐ-CP on electronic identification and authentication replaces Decree 59/2022 | [confirmed] VietNamNet, June 2025; Apolat Legal; Mondaq; MISA AMIS |
# | 30 Jun 2025 | Accounts that the portal (and ministry- and province-level systems) created for agencies and organisations work **until the end of this day only** (Art. 40(4) of Decree 69/2024) | [confirmed] the article quoted alike by VietNamNet (citing Department C06 of the Ministry of Public Security), Apolat Legal, Mondaq and MISA AMIS |
# | 1 Jul 2025 | Organisations and enterprises use the **organisation's electronic-identification account**: the legal representative logs in to VNeID (a level-2 account) and registers the organisation ("Định danh tổ chức" in VNeID, or paper form TK02) | [confirmed] VietNamNet, citing C06; Apolat Legal; HTLaw |
#
# **What is the USB token still for?** **Signing**: tax returns, customs, social insurance,
# e-invoices, public-service dossiers. That is the USB token's everyday work. Where, and for
# whom, logging in on the portal with a USB token is still accepted after 1 July 2025 has no
# clear public source **[unconfirmed]**.
#
# **The other way to sign today: remote signing** (VNPT SmartCA, Viettel MySign): the private key
# stays in the CA's hardware and you confirm on your phone; these CAs' certificates ("VNPT
# SmartCA RS", "Viettel-CA RS") chain to the 2014 national root in the name of the Ministry of
# Information and Communications **[confirmed: real certificates of both CAs, checked in
# dvcedu's test suite]**; the "VNPT SmartCA RS" copy in the test suite expired on 18 November
# 2026. On 25 November 2025 NEAC (now under the Ministry of Science and Technology) made a new
# root certificate in that ministry's name, and the new root issued a certificate of its own to
# each of four service models: USB-token CAs, remote signing, signing on mobile devices,
# timestamping **[confirmed: VnExpress, VTC News]**.
#
# **Why still learn the old process?** What lies underneath has not changed **when signing with
# a USB token**: the same signing plugin on the computer, the same certificate with `UID=MST:…`,
# the same signature on the token, the same checks of the chain of trust, validity and
# revocation. Remote signing differs: no plugin, no PKCS#11 on the computer; the hash goes to
# the CA's HSM and you approve on your phone.
#
# **One course day.** Every clock in the notebooks stands at **the course day: 2 March 2026,
# 09:00** (Vietnam time; `COURSE_DAY` in the code), so that signatures, validity and records
# come out the same on every run. December 2026 above is when the sources were checked, not the
# code cells' "today"; when a lesson needs another day (notebook 08: a real intermediate CA that
# expired on 18 November 2026), the cell names that day.

# %% [markdown]
# ## Hướng dẫn gốc: các bước khóa học đi theo
#
# Khóa học đi theo một bài hướng dẫn công khai, "Đăng ký tài khoản trên Cổng Dịch vụ công quốc
# gia bằng USB chữ ký số" (hotrochukyso.vn) **[thứ cấp: trang hướng dẫn của một bên thứ ba, tả
# Cổng trước 7/2025]**. Các bước của nó, bằng lời của khóa học; mọi số bước trong các notebook
# ("bước 2.3") là số ở đây:
#
# | Bước | Trên màn hình | Notebook |
# |---|---|---|
# | 1 | Mở `dichvucong.gov.vn` bằng Chrome, Cốc Cốc hay Yandex Browser, bấm "Đăng ký", chọn cách đăng ký | 04 |
# | 2.1 | Trình duyệt kiểm tra các thành phần đã cài (plugin ký số) và đọc sẵn chứng thư | 03, 04, 06 |
# | 2.2 | Chọn chứng thư của doanh nghiệp, bấm "OK" | 02, 03, 04 |
# | 2.3 | Nhập mã PIN để xác thực | 01, 03, 04 |
# | 2.4 | Kiểm tra thông tin đọc từ token, nhập e-mail và mã xác thực, bấm "Đăng ký" | 04 |
# | 2.5 | Hệ thống ghi nhận và báo đăng ký thành công | 04 |
# | 3 | Về trang chủ, bấm "Đăng nhập", chọn "USB ký số", chọn chứng thư và nhập PIN như lúc đăng ký; tên doanh nghiệp hiện ở góc trên bên phải | 05, 09 |
#
# Bài hướng dẫn cũng nói công dân đăng ký được bằng CMND/CCCD hay mã BHXH, và có thể dùng USB
# ký số. Điều gì đã đổi từ đó: mục "Cập nhật 2024–2026" ở trên.

# %% [markdown] lang="en" vi="273aba5a"
# ## The original guide: the steps the course follows
#
# The course follows a public how-to,
# "Đăng ký tài khoản trên Cổng Dịch vụ công quốc gia bằng USB chữ ký số"
# (Registering an account on the National Public Service Portal with a USB token,
# hotrochukyso.vn) **[secondary: a third party's guide page, describing the portal before July
# 2025]**. Its steps, in the course's own words; every step number in the notebooks ("step 2.3")
# is a number here:
#
# | Step | On the screen | Notebook |
# |---|---|---|
# | 1 | Open `dichvucong.gov.vn` in Chrome, Cốc Cốc or Yandex Browser, press "Register (Đăng ký)", choose how to register | 04 |
# | 2.1 | The browser checks the installed components (the signing plugin) and reads the certificate in advance | 03, 04, 06 |
# | 2.2 | Choose the enterprise's certificate, press "OK" | 02, 03, 04 |
# | 2.3 | Type the PIN to authenticate | 01, 03, 04 |
# | 2.4 | Check the details read from the token, enter an e-mail and the verification code, press "Register (Đăng ký)" | 04 |
# | 2.5 | The system records it and announces that registration succeeded | 04 |
# | 3 | Back on the home page, press "Log in (Đăng nhập)", choose "USB token (USB ký số)", choose the certificate and type the PIN as when registering; the enterprise's name shows in the top right corner | 05, 09 |
#
# The guide also says citizens can register with a CMND/CCCD or a social-insurance code, and may
# use a USB token. What has changed since: "Updates 2024–2026" above.

# %% [markdown]
# ## Bản đồ khóa học (course map)
#
# Khóa học đi đúng theo các bước của hướng dẫn gốc "đăng ký tài khoản trên Cổng DVCQG bằng USB
# ký số":
#
# | Bước trên Cổng | Điều bạn học | Notebook |
# |---|---|---|
# | Chuẩn bị: USB token và mã PIN | token nói PKCS#11 thế nào; khóa bí mật không rời token | [01 — USB token và PKCS#11](01_usb_token_pkcs11.ipynb) |
# | Chuẩn bị: chứng thư số | đọc từng trường, `UID=MST:…`, [chuỗi tin cậy](glossary.md#chuoi-tin-cay), thu hồi | [02 — Chứng thư số](02_chung_thu_so.ipynb) |
# | Bước 2.2–2.3: chọn chứng thư, nhập PIN, ký | băm, đệm, RSA trên token; CMS tách rời | [03 — Ký số](03_ky_so.ipynb) |
# | Bước 1–2: "Đăng ký" | toàn bộ quy trình đăng ký, từng thông điệp | [04 — Đăng ký](04_dang_ky.ipynb) |
# | Bước 3: "Đăng nhập" → "USB ký số" | thử thách – phản hồi, phiên đăng nhập | [05 — Đăng nhập](05_dang_nhap.ipynb) |
# | Khi có lỗi | sai PIN, khóa token, hết hạn, thu hồi, CA không tin cậy | [06 — Sự cố thường gặp](06_su_co_thuong_gap.ipynb) |
# | Vì sao Cổng kiểm tra như vậy | phát lại (replay), [trang giả mạo](glossary.md#trang-gia-mao), sửa dữ liệu | [07 — Bảo mật](07_bao_mat.ipynb) |
# | Dùng token thật | mô-đun của VNPT-CA, Viettel-CA, FPT-CA | [08 — USB token thật](08_usb_token_that.ipynb) |
# | Cả quy trình trên trình duyệt | cửa sổ plugin, cổng mạng WebSocket, bước nhảy SSO, tài khoản tổ chức qua VNeID | [09 — Làm trên trình duyệt thật](09_trinh_duyet_that.ipynb) |
# | Ký hồ sơ PDF bằng token | PAdES, vùng được ký, kiểm tra bằng hai công cụ | [10 — Ký hồ sơ](10_ky_ho_so.ipynb) |
# | Ký hồ sơ từ xa | khóa ở HSM của CA, xác nhận trên điện thoại, SAD | [11 — Ký số từ xa](11_ky_so_tu_xa.ipynb) |

# %% [markdown] lang="en" vi="aa7727ff"
# ## Course map
#
# The course follows the steps of the original guide "registering an account on the DVCQG portal
# with a USB token" (đăng ký tài khoản trên Cổng DVCQG bằng USB ký số), in order:
#
# | Step on the portal | What you learn | Notebook |
# |---|---|---|
# | Preparation: the USB token and its PIN | how a token speaks PKCS#11; the private key never leaves the token | [01 — USB tokens and PKCS#11](01_usb_token_pkcs11.ipynb) |
# | Preparation: the certificate | each field, `UID=MST:…`, the [chain of trust](glossary.md#chuoi-tin-cay), revocation | [02 — Certificates](02_certificates.ipynb) |
# | Steps 2.2–2.3: choose the certificate, type the PIN, sign | hash, padding, RSA on the token; detached CMS | [03 — Signing](03_signing.ipynb) |
# | Steps 1–2: "Register (Đăng ký)" | the whole registration, message by message | [04 — Registration](04_registration.ipynb) |
# | Step 3: "Log in (Đăng nhập)" → "USB token (USB ký số)" | challenge and response, the login session | [05 — Login](05_login.ipynb) |
# | When something goes wrong | wrong PIN, locked token, expired, revoked, untrusted CA | [06 — Common problems](06_common_problems.ipynb) |
# | Why the portal checks what it checks | replay, [phishing pages](glossary.md#trang-gia-mao), tampered data | [07 — Security](07_security.ipynb) |
# | A real token | the modules of VNPT-CA, Viettel-CA, FPT-CA | [08 — A real USB token](08_real_token.ipynb) |
# | The whole process in a browser | the plugin's window, the WebSocket port, the SSO redirect, the organisation's account through VNeID | [09 — In a real browser](09_real_browser.ipynb) |
# | Signing a PDF dossier with the token | PAdES, the signed ranges, checking with two tools | [10 — Signing a dossier](10_signing_a_dossier.ipynb) |
# | Signing a dossier remotely | the key in the CA's HSM, approval on a phone, the SAD | [11 — Remote signing](11_remote_signing.ipynb) |

# %% [markdown]
# ## USB token, chứng thư số và mã PIN trong hai phút
#
# - **USB token** ([thiết bị lưu khóa](glossary.md#thiet-bi-luu-khoa) bí mật; trong PKCS#11 gọi là *token*): một thẻ thông minh
#   nhỏ giữ **[khóa bí mật](glossary.md#khoa-bi-mat)** (*private key*). Token tự ký bên trong; khóa bí mật không bao giờ
#   ra khỏi token.
# - **[Chứng thư số](glossary.md#chung-thu-so)** (*digital certificate*, chuẩn X.509): lời xác nhận có chữ ký của một tổ
#   chức cung cấp dịch vụ chứng thực ([CA](glossary.md#to-chuc-cung-cap-dich-vu-chung-thuc)) rằng "[khóa công khai](glossary.md#khoa-cong-khai) này thuộc về doanh nghiệp có
#   MST …". Chứng thư nằm trên token, cạnh khóa bí mật, và ai cũng được xem.
# - **[Mã PIN](glossary.md#ma-pin)** (*user PIN*): mở khóa token để ký. Nhập sai nhiều lần, token bị khóa; khi đó cần
#   **[mã PIN quản trị](glossary.md#ma-pin-quan-tri)** (*SO PIN*, thường do CA giữ) để mở.
#
# Đây là chứng thư của doanh nghiệp mẫu mà token đào tạo của bạn đang giữ:

# %% [markdown] lang="en" vi="d736b88b"
# ## USB token, certificate and PIN in two minutes
#
# - **USB token** (a [token](glossary.md#thiet-bi-luu-khoa) that keeps a private key; *thiết bị lưu khóa* in Vietnamese): a
#   small smart card holding the **[private key](glossary.md#khoa-bi-mat)** (khóa bí mật). The token signs inside
#   itself; the private key never leaves it.
# - **[Certificate](glossary.md#chung-thu-so)** (chứng thư số, an X.509 certificate): a statement signed by a
#   certification authority ([CA](glossary.md#to-chuc-cung-cap-dich-vu-chung-thuc)) that "this [public key](glossary.md#khoa-cong-khai) belongs to the enterprise with tax
#   code …". The certificate sits on the token beside the private key, and anyone may read it.
# - **[PIN](glossary.md#ma-pin)** (mã PIN, the *user PIN*): unlocks the token for signing. Type it wrong too many
#   times and the token locks; then the **[security officer PIN](glossary.md#ma-pin-quan-tri)** (mã PIN quản trị, *SO PIN*,
#   usually kept by the CA) unlocks it.
#
# This is the certificate of the sample enterprise that your training token holds:

# %%
from dvcedu.pki import samples
from dvcedu.viz import Table

cert = samples.load_certificate("enterprise")
subject = {a.rfc4514_attribute_name: a.value for a in cert.subject}
issuer = {a.rfc4514_attribute_name: a.value for a in cert.issuer}

Table.of(
    ["Trường (field)", "Giá trị (value)"],
    [
        ["Tên doanh nghiệp (CN)", subject["CN"]],
        ["Định danh (UID)", subject["UID"]],
        ["CA cấp (issuer)", issuer["CN"]],
        ["Hiệu lực từ (not before)", f"{cert.not_valid_before_utc:%Y-%m-%d}"],
        ["Hiệu lực đến (not after)", f"{cert.not_valid_after_utc:%Y-%m-%d}"],
    ],
)

# %% lang="en" vi="39e1994e" twin="strings"
# "Trường (field)"  →  "Field"
# "Giá trị (value)"  →  "Value"
# "Tên doanh nghiệp (CN)"  →  "Enterprise name (CN)"
# "Định danh (UID)"  →  "Identifier (UID)"
# "CA cấp (issuer)"  →  "Issuing CA (issuer)"
# "Hiệu lực từ (not before)"  →  "Valid from (not before)"
# "Hiệu lực đến (not after)"  →  "Valid until (not after)"

# %% [markdown]
# Dòng `UID=MST:0199001010` là thứ Cổng cần nhất: nó cho biết **mã số thuế** của doanh nghiệp
# đang đăng nhập. Notebook 02 sẽ mở chứng thư này đến từng byte.

# %% [markdown] lang="en" vi="63189f71"
# The line `UID=MST:0199001010` is what the portal needs most: it gives the **tax code** (mã số
# thuế, MST) of the enterprise logging in. Notebook 02 opens this certificate down to every byte.

# %% [markdown]
# ## Kiểm tra môi trường (environment check)
#
# Lệnh `dvcedu doctor` trong terminal làm đúng việc này. Mỗi dòng phải là **ĐẠT**; nếu có dòng
# **LỖI**, làm theo hướng dẫn sửa in ngay bên dưới rồi chạy lại ô này.

# %% [markdown] lang="en" vi="0462fb8b"
# ## Environment check
#
# `dvcedu doctor` in a terminal does exactly this. Every line must say **OK**; if a line says
# **FAIL**, follow the fix printed beside it, then run this cell again.

# %%
from dvcedu import doctor
from dvcedu.i18n import t

checks = doctor.run(training.label)
rows = [[c.name, t("ok") if c.ok else t("fail"), "" if c.ok else c.fix] for c in checks]
if all(c.ok for c in checks):  # không có gì phải sửa: bỏ cột trống
    Table.of(["Kiểm tra (check)", "Kết quả (result)"], [row[:2] for row in rows])
else:
    Table.of(["Kiểm tra (check)", "Kết quả (result)", "Cách sửa (fix)"], rows)

# %% lang="en" vi="3fb428f2" twin="strings"
# # không có gì phải sửa: bỏ cột trống  →  # nothing to fix: no empty column
# "Kiểm tra (check)"  →  "Check"
# "Kết quả (result)"  →  "Result"
# "Cách sửa (fix)"  →  "Fix"

# %% [markdown]
# Thuật ngữ: [glossary.md](glossary.md) (tiếng Việt ↔ English ↔ PKCS#11/X.509), hoặc ngay
# trong notebook:

# %% [markdown] lang="en" vi="317aa01f"
# The glossary: [glossary.md](glossary.md) (English ↔ Vietnamese ↔ PKCS#11/X.509), or right here in
# the notebook:

# %%
import dvcedu

dvcedu.glossary("chứng thư số")

# %% lang="en" vi="a1bd9be0" twin="strings"
# "chứng thư số"  →  "digital certificate"

# %% [markdown]
# ## Điểm chính (*keypoints*)
#
# - Doanh nghiệp đăng ký và đăng nhập bằng **USB token** giữ khóa bí mật, **chứng thư số** nói
#   khóa đó là của ai, và **mã PIN** mở khóa token; khóa bí mật không bao giờ rời token.
# - Từ 1/7/2025 tổ chức dùng tài khoản định danh điện tử của tổ chức; USB token vẫn là thứ
#   **ký** tờ khai, hồ sơ mỗi ngày.
# - `dvcedu doctor` nói máy đã sẵn sàng chưa và sửa dòng nào.
#
# Tiếp theo: [01 — USB token và PKCS#11](01_usb_token_pkcs11.ipynb). Lộ trình và kế hoạch buổi
# học cho giảng viên: [README](README.md).

# %% [markdown] lang="en" vi="294b685e"
# ## Keypoints
#
# - An enterprise registers and logs in with a **USB token** that holds the private key, a
#   **certificate** that says whose key it is, and a **PIN** that unlocks the token; the private
#   key never leaves the token.
# - From 1 July 2025 organisations use the organisation's electronic-identification account; the
#   USB token is still what **signs** returns and dossiers every day.
# - `dvcedu doctor` says whether your computer is ready, and which line to fix.
#
# Next: [01 — USB tokens and PKCS#11](01_usb_token_pkcs11.ipynb). The course path and the
# trainer's session plan: [README](README.md).
