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
# cổng đều được ghi lại để bạn xem từng byte.
#
# > **ĐÀO TẠO / TRAINING.** Mọi chứng thư số, [mã số thuế](glossary.md#ma-so-thue) (MST) và số [căn cước công dân](glossary.md#can-cuoc-cong-dan) (CCCD)
# > trong khóa học đều là hư cấu. "Cổng" ở đây là bản mô phỏng chạy trên máy bạn, không kết nối
# > tới cổng thật. Token mặc định là [SoftHSM2](glossary.md#softhsm2) — một token bằng phần mềm nói cùng "ngôn ngữ"
# > PKCS#11 với USB token thật. **Không bao giờ gõ mã PIN của token thật vào notebook này.**

# %% [markdown]
# > **Câu hỏi** (*questions*): Doanh nghiệp đăng ký, đăng nhập Cổng DVCQG bằng USB ký số thế nào, và điều gì đã thay đổi từ 7/2025? Máy của tôi đã sẵn sàng chưa?
# >
# > **Mục tiêu** (*objectives*) — sau notebook này, bạn:
# > - kể được các bước của hướng dẫn gốc, từ "Đăng ký" đến tên ở góc phải;
# > - phân biệt USB token, chứng thư số và mã PIN;
# > - biết điều gì thay đổi cho tổ chức từ 1/7/2025 và USB token còn dùng để làm gì;
# > - chạy kiểm tra môi trường và đọc được dòng nào cần sửa.
# >
# > **Thời gian**: dạy 10 phút · bài tập 5 phút (buổi học 3 giờ, xem [README](README.md)).


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

# %%
# Chuẩn bị (setup): token đào tạo riêng của notebook này, nhãn DVCEDU-NB00, tạo mới mỗi lần
# chạy trong thư mục dvcedu của bạn. Lệnh `dvcedu token … --label DVCEDU-NB00` trong terminal
# tác động đúng token này; token DVCEDU-TRAINING của bạn (make lab) không bị đụng tới.
from dvcedu import lab

training = lab.start("enterprise", notebook="00")

# %% [markdown]
# ## Cổng Dịch vụ công Quốc gia là gì?
#
# Mỗi thông tin dưới đây có ghi mức độ tin cậy của nguồn, giống cách khóa học làm ở mọi nơi:
# **[xác nhận]** (đọc trực tiếp từ tài liệu gốc hoặc nhiều nguồn độc lập), **[thứ cấp]** (một
# nguồn bên thứ ba), **[chưa xác nhận]** (suy luận, cần kiểm chứng).
#
# - DVCQG ([Cổng Dịch vụ công Quốc gia](glossary.md#cong-dich-vu-cong-quoc-gia)) là cổng một cửa để nộp hồ sơ dịch vụ công trực tuyến; đăng nhập dùng chung qua hệ
#   thống xác thực `xacthuc.dichvucong.gov.vn` (OAuth 2.0 / OpenID Connect) **[xác nhận]**.
# - Công dân đăng ký bằng số CMND/CCCD hoặc mã số bảo hiểm xã hội (BHXH); từ 1/7/2024 công dân
#   chuyển sang dùng tài khoản định danh điện tử [VNeID](glossary.md#vneid) **[thứ cấp]**.
# - Doanh nghiệp đăng ký bằng USB ký số chứa chứng thư số do một CA công cộng cấp (VNPT-CA,
#   Viettel-CA, FPT-CA, …); cổng yêu cầu cài "[Plugin ký số](glossary.md#plugin-ky-so)" (VNPT-CA Plugin) dùng được cho token
#   của mọi nhà cung cấp **[thứ cấp]**.
# - Từ 1/7/2025, tổ chức dùng **tài khoản định danh điện tử của tổ chức** (mục "Cập nhật
#   2024–2026" ngay dưới đây).
# - Cổng ký **dữ liệu gì** khi đăng nhập thì chưa có tài liệu công khai **[chưa xác nhận]**.
#   Khóa học dùng mô hình hợp lý nhất: cổng gửi một "[thử thách](glossary.md#thu-thach)" (challenge) ngẫu nhiên, token
#   ký nó theo dạng CMS tách rời (detached CMS) như VNPT-CA Plugin trả về.

# %% [markdown]
# ## Cập nhật 2024–2026: điều gì đã thay đổi
#
# Hướng dẫn gốc mà khóa học đi theo tả cách doanh nghiệp **đăng ký và đăng nhập** Cổng bằng USB
# ký số như trước tháng 7/2025. Từ đó đến nay (11/2026):
#
# | Thời điểm | Thay đổi | Nguồn |
# |---|---|---|
# | 1/7/2024 | Công dân dùng tài khoản định danh điện tử VNeID làm tài khoản duy nhất cho dịch vụ công trực tuyến (Nghị định 59/2022/NĐ-CP) | [thứ cấp] thông báo của một cơ quan nhà nước địa phương |
# | 25/6/2024 | Nghị định 69/2024/NĐ-CP về định danh và xác thực điện tử, thay Nghị định 59/2022 | [thứ cấp] VietNamNet, 6/2025 |
# | 30/6/2025 | Tài khoản do Cổng DVCQG (và hệ thống cấp bộ, cấp tỉnh) tạo cho cơ quan, tổ chức chỉ dùng được **đến hết ngày này** (khoản 4 Điều 40 Nghị định 69/2024) | [thứ cấp] VietNamNet trích nguyên văn điều khoản, dẫn Cục C06 Bộ Công an |
# | 1/7/2025 | Tổ chức, doanh nghiệp làm thủ tục bằng **tài khoản định danh điện tử của tổ chức**: người đại diện theo pháp luật đăng nhập VNeID (tài khoản mức độ 2) và đăng ký cho tổ chức | [thứ cấp] VietNamNet, dẫn C06 |
#
# **USB token vẫn dùng để làm gì?** Để **ký**: tờ khai thuế, hải quan, bảo hiểm xã hội, hóa đơn
# điện tử, hồ sơ dịch vụ công: đó là việc hằng ngày của USB token. Đăng nhập Cổng bằng USB ký
# số còn được chấp nhận ở đâu, cho ai, sau 1/7/2025 thì chưa có nguồn công khai rõ ràng
# **[chưa xác nhận]**.
#
# **Cách ký khác hôm nay: ký số từ xa** (VNPT SmartCA, Viettel MySign): khóa bí mật nằm trong
# thiết bị của CA, bạn xác nhận trên điện thoại; chứng thư của các CA này ("VNPT SmartCA RS",
# "Viettel-CA RS") cũng nối lên cùng gốc quốc gia **[xác nhận: chứng thư thật của hai CA này,
# kiểm tra trong bộ kiểm thử của dvcedu]**.
#
# **Vì sao vẫn học quy trình cũ?** Những gì nằm bên dưới không đổi: cùng plugin ký số trên máy,
# cùng chứng thư với `UID=MST:…`, cùng phép ký trên token, cùng các kiểm tra chuỗi tin cậy,
# thời hạn, thu hồi — mỗi lần doanh nghiệp ký một tờ khai, chúng diễn ra y như vậy.

# %% [markdown]
# ## Bản đồ khóa học (course map)
#
# Khóa học đi đúng theo các bước của hướng dẫn gốc "đăng ký tài khoản trên Cổng DVCQG bằng USB
# ký số":
#
# | Bước trên cổng | Điều bạn học | Notebook |
# |---|---|---|
# | Chuẩn bị: USB token và mã PIN | token nói PKCS#11 thế nào; khóa bí mật không rời token | [01 — USB token và PKCS#11](01_usb_token_pkcs11.ipynb) |
# | Chuẩn bị: chứng thư số | đọc từng trường, `UID=MST:…`, [chuỗi tin cậy](glossary.md#chuoi-tin-cay), thu hồi | [02 — Chứng thư số](02_chung_thu_so.ipynb) |
# | Bước 2.2–2.3: chọn chứng thư, nhập PIN, ký | băm, đệm, RSA trên token; CMS tách rời | [03 — Ký số](03_ky_so.ipynb) |
# | Bước 1–2: "Đăng ký" | toàn bộ quy trình đăng ký, từng thông điệp | [04 — Đăng ký](04_dang_ky.ipynb) |
# | Bước 3: "Đăng nhập" → "USB ký số" | thử thách – phản hồi, phiên đăng nhập | [05 — Đăng nhập](05_dang_nhap.ipynb) |
# | Khi có lỗi | sai PIN, khóa token, hết hạn, thu hồi, CA không tin cậy | [06 — Sự cố thường gặp](06_su_co_thuong_gap.ipynb) |
# | Vì sao cổng kiểm tra như vậy | phát lại (replay), [trang giả mạo](glossary.md#trang-gia-mao), sửa dữ liệu | [07 — Bảo mật](07_bao_mat.ipynb) |
# | Dùng token thật | mô-đun của VNPT-CA, Viettel-CA, FPT-CA | [08 — USB token thật](08_usb_token_that.ipynb) |
# | Cả quy trình trên trình duyệt | cửa sổ plugin, cổng WebSocket, bước nhảy SSO | [09 — Làm trên trình duyệt thật](09_trinh_duyet_that.ipynb) |
# | Ký hồ sơ PDF bằng token | PAdES, vùng được ký, kiểm tra bằng hai công cụ | [10 — Ký hồ sơ](10_ky_ho_so.ipynb) |

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

# %% [markdown]
# Dòng `UID=MST:0199001010` là thứ cổng cần nhất: nó cho biết **mã số thuế** của doanh nghiệp
# đang đăng nhập. Notebook 02 sẽ mở chứng thư này đến từng byte.

# %% [markdown]
# ## Kiểm tra môi trường (environment check)
#
# Lệnh `dvcedu doctor` trong terminal làm đúng việc này. Mỗi dòng phải là **ĐẠT**; nếu có dòng
# **LỖI**, làm theo hướng dẫn sửa in ngay bên dưới rồi chạy lại ô này.

# %%
from dvcedu import doctor
from dvcedu.i18n import t

checks = doctor.run(training.label)
Table.of(
    ["Kiểm tra (check)", "Kết quả (result)", "Cách sửa (fix)"],
    [[c.name, t("ok") if c.ok else t("fail"), "" if c.ok else c.fix] for c in checks],
)

# %% [markdown]
# Thuật ngữ: [glossary.md](glossary.md) (tiếng Việt ↔ English ↔ PKCS#11/X.509), hoặc ngay
# trong notebook:

# %%
import dvcedu

dvcedu.glossary("chứng thư số")

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
