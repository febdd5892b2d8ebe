# %% [markdown]
# # 11 — Ký số từ xa
#
# *Remote signing: the same dossier signed with a key that stays in the CA's HSM, approved on
# a phone — every message between your signing software, the service, the phone and the HSM.*
#
# Ở notebook 10, khóa bí mật nằm trong USB token cắm vào máy bạn. Nhiều chứng thư cấp mới hiện
# nay dùng cách khác: **ký số từ xa** (VNPT SmartCA, Viettel MySign…). Khóa nằm trong **HSM**
# (thiết bị an toàn phần cứng) ở máy chủ của CA; bạn xác nhận từng lần ký trên **điện thoại**.
# Các CA con "… RS" của những dịch vụ này chuỗi lên cùng gốc quốc gia **[đã xác nhận: chứng thư
# thật trong bộ dữ liệu của khóa học]**; gốc mới ngày 25/11/2025 cấp một chứng thư riêng cho mô
# hình ký số từ xa **[đã xác nhận: báo chí quốc gia]**.
#
# Ở đây mọi thứ chạy trên máy bạn: một **dịch vụ ký số từ xa đào tạo** nói giao thức chuẩn
# **CSC API** (Cloud Signature Consortium), "HSM" của nó là một token SoftHSM2, và **phần mềm
# ký** là pyHanko với bộ khách CSC của chính pyHanko — không phải mã của khóa học. API riêng
# của VNPT SmartCA hay Viettel MySign không công khai và không phải CSC **[chưa xác nhận]**;
# các bước dưới đây là những bước mà mọi dịch vụ kiểu này phải có.

# %% [markdown] lang="en" vi="e23c7e5e"
# # 11 — Remote signing
#
# In notebook 10 the private key was in a USB token plugged into your computer. Many newly
# issued certificates are used another way today: **remote signing** (VNPT SmartCA, Viettel
# MySign…). The key lives in an **HSM** (hardware security module) on the CA's server; you
# approve each signature on your **phone**. The "… RS" subordinate CAs of these services chain
# to the same national root **[confirmed: real certificates in the course's data]**; the new root
# of 25 Nov 2025 issued a certificate of its own for the remote-signing model **[confirmed:
# national press]**.
#
# Here everything runs on your computer: a **training remote-signing service** that speaks the
# standard **CSC API** (Cloud Signature Consortium), its "HSM" a SoftHSM2 token, and the
# **signing software** is pyHanko with pyHanko's own CSC client — not the course's code. The own
# APIs of VNPT SmartCA and Viettel MySign are not public and are not CSC **[unconfirmed]**; the
# steps below are the ones every service of this kind must have.

# %% [markdown]
# > **Câu hỏi** (*questions*): Khi khóa không ở trong tay bạn, cái gì đi qua mạng, và cái gì
# > bảo đảm chỉ đúng tài liệu của bạn được ký?
# >
# > **Mục tiêu** (*objectives*) — sau notebook này, bạn:
# > - ký một hồ sơ từ xa và kiểm tra nó như hồ sơ ký bằng token;
# > - chỉ ra rằng chỉ giá trị băm, không phải tài liệu, đi tới dịch vụ;
# > - giải thích SAD (dữ liệu kích hoạt chữ ký) và vì sao nó chỉ ký được một giá trị băm, một lần;
# > - đọc sơ đồ của chính lần ký: phần mềm ký, dịch vụ, điện thoại, HSM.
# >
# > **Thời gian**: dạy 15 phút · bài tập 10 phút · tự học ≈ 20 phút (ngoài buổi học 3 giờ: buổi thứ hai hoặc tự học).

# %% [markdown] lang="en" vi="38b3780b"
# > **Questions**: When the key is not in your hands, what crosses the network, and what makes
# > sure only your document is signed?
# >
# > **Objectives**: after this notebook, you can:
# > - sign a dossier remotely and check it as you check a dossier signed with the token;
# > - show that only the hash, not the document, reaches the service;
# > - explain the SAD (signature activation data) and why it signs one hash, once;
# > - read the diagram of your own signature: signing software, service, phone, HSM.
# >
# > **Time**: teaching 15 min · exercises 10 min · self-study ≈ 20 min (outside the 3-hour session: a second session or self-study).

# %% [markdown] tags=["instructor"]
# <details class="dvcedu-instructor"><summary><b>Ghi chú cho giảng viên</b> (<i>instructor
# note</i>) — học viên có thể bỏ qua</summary>
#
# Đặt notebook này ngay sau notebook 10: cùng một hồ sơ, hai cách ký. Câu hỏi mở đầu cho cả lớp:
# "Ai đã dùng SmartCA hay MySign? Điện thoại hiện gì khi ký?" — rồi so với giao dịch ở mục 2.
#
# </details>

# %% [markdown] lang="en" vi="21c983fd"
# <details class="dvcedu-instructor"><summary><b>Instructor note</b> — learners may skip this</summary>
#
# Put this notebook right after notebook 10: the same dossier, two ways to sign it. An opening
# question for the whole class: "Who has used SmartCA or MySign? What does the phone show when
# you sign?", then compare with the transaction in section 2.
#
# </details>

# %%
# Chuẩn bị (setup): token DVCEDU-NB11 đóng vai HSM của CA (khóa của chứng thư ký số từ xa nằm
# trong đó), và dịch vụ ký số từ xa đào tạo chạy trong kernel này.
from dvcedu import lab
from dvcedu.clock import COURSE_DAY, FixedClock, SeededRandom
from dvcedu.viz import Table
from dvcedu.web.lesson import start_remote_signing

hsm = lab.start("enterprise-rs", notebook="11", lang="vi")
remote = start_remote_signing(hsm.label, clock=FixedClock(COURSE_DAY),
                              random=SeededRandom("notebook-11"))
remote

# %% lang="en" vi="3280d444" twin="strings"
# # Chuẩn bị (setup): token DVCEDU-NB11 đóng vai HSM của CA (khóa của chứng thư ký số từ xa nằm  →  # Setup: the token DVCEDU-NB11 plays the CA's HSM (the remote-signing certificate's key is in
# # trong đó), và dịch vụ ký số từ xa đào tạo chạy trong kernel này.  →  # it), and the training remote-signing service runs in this kernel.
# "vi"  →  "en"

# %% [markdown]
# ## 1. Dịch vụ cho biết gì về chứng thư
#
# Phần mềm ký hỏi `credentials/info`: chứng thư của bạn (người ký đứng đầu chuỗi), các CA phía
# trên, thuật toán khóa ký được, và **SCAL 2**: một SAD gắn với đúng những giá trị băm đã xin.

# %% [markdown] lang="en" vi="8aed6d73"
# ## 1. What the service says about the certificate
#
# The signing software asks `credentials/info`: your certificate (the signer first in the
# chain), the CAs above it, the algorithms the key signs with, and **SCAL 2**: a SAD bound to
# exactly the hashes it was asked for.

# %%
import base64

from cryptography import x509

info = remote.service.credential_info("an-binh-rs", certificates="chain")
chain = [x509.load_der_x509_certificate(base64.b64decode(c)) for c in info["cert"]["certificates"]]
Table.of(["Trường", "Giá trị"],
         [["SCAL", info["SCAL"]], ["multisign", info["multisign"]],
          ["key/algo", ", ".join(info["key"]["algo"])]]
         + [[f"chứng thư {i + 1}", c.subject.rfc4514_string()] for i, c in enumerate(chain)])

# %% lang="en" vi="ed082e73" twin="strings"
# "Trường"  →  "Field"
# "Giá trị"  →  "Value"
# f"chứng thư {i + 1}"  →  f"certificate {i + 1}"

# %% [markdown]
# Chứng thư thứ nhất có hình dạng của một chứng thư ký số từ xa thật (Viettel-CA RS, 2024, trong
# bộ dữ liệu của khóa học): C, L, OU, CN, `UID=MST:…`, RSA-2048, ba năm. CA cấp nó là "VNPT
# SmartCA RS 2025 — ĐÀO TẠO", dưới gốc quốc gia mới.

# %% [markdown] lang="en" vi="c1987741"
# The first certificate has the shape of a real remote-signing certificate (Viettel-CA RS,
# 2024, in the course's data): C, L, OU, CN, `UID=MST:…`, RSA-2048, three years. The CA that
# issued it is "VNPT SmartCA RS 2025 — TRAINING", under the new national root.

# %% [markdown]
# ## 2. Ký hồ sơ từ xa
#
# Cùng đơn đề nghị như notebook 10. pyHanko băm các thuộc tính đã ký của chữ ký PDF, gửi
# **giá trị băm** trong `credentials/authorize`, và chờ: giao dịch hiện trên điện thoại của
# bạn. Trên trình duyệt, mở đường dẫn "điện thoại mô phỏng" ở trên: nó hiện giá trị băm cần
# ký, hỏi mã xác nhận (mã đào tạo hiện ngay trên trang). Khi không ai cầm điện thoại (kiểm thử
# tự động), ô dưới đây bấm "Xác nhận ký" thay bạn.

# %% [markdown] lang="en" vi="5ce15631"
# ## 2. Signing the dossier remotely
#
# The same request form as in notebook 10. pyHanko hashes the signed attributes of the PDF
# signature, sends the **hash** in `credentials/authorize`, and waits: the transaction shows on
# your phone. In a browser, open the "simulated phone" link above: it shows the hash to sign and
# asks for the approval code (the training code is on the page itself). When nobody holds the
# phone (automatic tests), the cell below presses "Approve and sign (Xác nhận ký)" for you.

# %%
from dvcedu.dossier.form import Dossier, new_dossier
from dvcedu.dossier.verify import verify_pdf
from dvcedu.pki.samples import training_trust

form = new_dossier(Dossier.for_certificate(chain[0], day=COURSE_DAY.date()))
signed = remote.sign(form, signing_time=COURSE_DAY)
found = verify_pdf(signed, trust=training_trust(), at=COURSE_DAY)
print(found.summary("vi"))
Table.of(["Ô chữ ký", "Người ký", "Định danh", "Phủ cả tệp?"],
         [(c.field, c.signer, c.identifier, c.whole_file) for c in found.signatures])

# %% lang="en" vi="c809f6c1" twin="strings"
# "vi"  →  "en"
# "Ô chữ ký"  →  "Signature field"
# "Người ký"  →  "Signer"
# "Định danh"  →  "Identifier"
# "Phủ cả tệp?"  →  "Covers the whole file?"

# %% [markdown]
# Hồ sơ hợp lệ với đúng bộ kiểm tra của notebook 10. Với người nhận, chữ ký từ xa và chữ ký
# bằng token là một: một gói CMS trong tệp PDF, chuỗi lên gốc quốc gia. Cái khác là **ai giữ
# khóa** và **cái gì đi qua mạng**:
#
# | | USB token (notebook 10) | Ký số từ xa (notebook này) |
# |---|---|---|
# | Khóa bí mật nằm ở | token trong tay bạn | HSM ở máy chủ của CA |
# | Mở khóa để ký bằng | mã PIN gõ trong cửa sổ plugin | xác nhận trên điện thoại (bản mô phỏng: một mã; ứng dụng thật: PIN hoặc sinh trắc học **[chưa xác nhận]**) |
# | Đi qua mạng | không gì (plugin và token ở trên máy bạn) | giá trị băm, SAD, chữ ký — không có tài liệu |
# | Mất thiết bị | mất token: khóa đi theo nó | mất điện thoại: khóa vẫn ở HSM, nhưng không ai xác nhận được nữa |

# %% [markdown] lang="en" vi="ef860081"
# The dossier is valid for the very checker of notebook 10. To its receiver, a remote signature
# and a token signature are one thing: a CMS package in the PDF file, chaining to the national
# root. What differs is **who holds the key** and **what crosses the network**:
#
# | | USB token (notebook 10) | Remote signing (this notebook) |
# |---|---|---|
# | The private key lives in | the token in your hands | an HSM on the CA's server |
# | Unlocked for a signature by | the PIN typed in the plugin's window | an approval on the phone (the simulation: a code; the real apps: a PIN or biometrics **[unconfirmed]**) |
# | Crosses the network | nothing (the plugin and the token are on your computer) | the hash, the SAD, the signature — never the document |
# | A lost device | a lost token: the key goes with it | a lost phone: the key stays in the HSM, but nobody can approve any more |

# %% [markdown]
# ## 3. Cuộc trao đổi của bạn
#
# Từng thông điệp giữa phần mềm ký, dịch vụ, điện thoại và HSM đã được ghi lại một lần.

# %% [markdown] lang="en" vi="dcdb35ee"
# ## 3. Your exchange
#
# Every message between the signing software, the service, the phone and the HSM was recorded
# once.

# %%
from dvcedu.model import Transcript
from dvcedu.viz.sequence import draw_sequence

first = Transcript(list(remote.transcript)[: next(
    i for i, e in enumerate(remote.transcript) if e.name.startswith("200 signatures")) + 1])
draw_sequence(first, title="Một chữ ký từ xa")

# %% lang="en" vi="f974d52b" twin="strings"
# "Một chữ ký từ xa"  →  "One remote signature"

# %%
Table.of(["#", "Từ → đến", "Thông điệp", "Byte", "Ghi chú"],
         [[e.step, f"{e.sender.label()} → {e.receiver.label()}", e.label(), len(e.payload),
           e.note()] for e in first])

# %% lang="en" vi="030c312f" twin="strings"
# "Từ → đến"  →  "From → to"
# "Thông điệp"  →  "Message"
# "Ghi chú"  →  "Note"

# %% [markdown]
# ### Bài tập: tài liệu có đi qua mạng không?
#
# Tệp PDF dài hàng chục nghìn byte. Đếm trong bảng trên: yêu cầu `credentials/authorize` gửi
# bao nhiêu byte? Rồi trả lời: dịch vụ nhận được bao nhiêu byte **của tài liệu**?

# %% [markdown] lang="en" vi="c724bc4a"
# ### Exercise: does the document cross the network?
#
# The PDF file is tens of thousands of bytes long. Count in the table above: how many bytes does
# the `credentials/authorize` request send? Then answer: how many bytes **of the document** does
# the service receive?

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...  # một số
check("11.document-bytes", answer)

# %% lang="en" vi="fc4bae8b" twin="strings"
# # một số  →  # a number

# %% [markdown]
# Giá trị băm trong yêu cầu và giá trị băm mà HSM ký là một: HSM ký **DigestInfo** (19 byte
# đầu cố định của SHA-256, rồi 32 byte băm — notebook 03).

# %% [markdown] lang="en" vi="1b5251e9"
# The hash in the request and the hash the HSM signs are one: the HSM signs the **DigestInfo**
# (SHA-256's fixed 19-byte head, then the 32-byte hash — notebook 03).

# %%
authorize = next(e for e in first if e.name == "POST /csc/v1/credentials/authorize")
(sent,) = authorize.json()["hash"]
c_sign = next(e for e in first if e.name == "C_Sign")
print("Giá trị băm gửi đi      :", base64.b64decode(sent).hex(" "))
print("32 byte cuối HSM ký     :", c_sign.payload[-32:].hex(" "))
print("Có phải một?", c_sign.payload[-32:] == base64.b64decode(sent))

# %% lang="en" vi="55ea74eb" twin="strings"
# "Giá trị băm gửi đi      :"  →  "The hash sent           :"
# "32 byte cuối HSM ký     :"  →  "The last 32 bytes signed:"
# "Có phải một?"  →  "The same?"

# %% [markdown]
# ## 4. SAD: một giá trị băm, một lần
#
# Sau khi bạn xác nhận, dịch vụ trả **SAD** (*Signature Activation Data*). Nó là chìa khóa
# dùng một lần: chỉ cho chứng thư này, chỉ cho giá trị băm bạn đã thấy trên điện thoại, chỉ một
# lần, trong 5 phút. Đoán trước khi chạy: dùng lại SAD vừa ký xong, dịch vụ từ chối với lý do
# nào?

# %% [markdown] lang="en" vi="adc0b542"
# ## 4. The SAD: one hash, once
#
# Once you approve, the service answers a **SAD** (*Signature Activation Data*). It is a one-time
# key: for this credential only, for the hash you saw on the phone only, once, within 5 minutes.
# Predict before running: reusing the SAD that has just signed, which reason does the service
# give?

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...  # một mã lý do, ví dụ sad_expired
check("11.predict-reused-sad", answer)

# %% lang="en" vi="ea5d6689" twin="strings"
# # một mã lý do, ví dụ sad_expired  →  # a reason code, e.g. sad_expired

# %% [markdown]
# Giờ chạy: bốn cách dùng sai một SAD, và hai cách điện thoại không cho ký. Mỗi dòng là lời từ
# chối thật của dịch vụ.

# %% [markdown] lang="en" vi="542409f0"
# Now run it: four wrong uses of a SAD, and two ways the phone does not let a signature happen.
# Each row is the service's real refusal.

# %%
import hashlib

from dvcedu.errors import RemoteSigningError
from dvcedu.rssp.service import TRAINING_OTP

reply = next(e for e in first if e.name == "200 credentials/authorize").json()
used_sad = reply["SAD"]
mine = base64.b64encode(hashlib.sha256(b"ho so cua toi").digest()).decode()
other = base64.b64encode(hashlib.sha256(b"ho so khac").digest()).decode()


def approved(hashes):
    asked = remote.service.ask(credential_id="an-binh-rs", hashes=hashes)
    return remote.service.answer(asked.id, approve=True, otp=TRAINING_OTP).sad


def late_sad():
    sad = approved([mine])
    remote.service.clock.advance(minutes=5)
    return sad


cases = {
    "dùng lại SAD vừa ký": lambda: remote.service.sign_hash(
        credential_id="an-binh-rs", sad=used_sad, hashes=[sent]),
    "SAD của hồ sơ này, cho hồ sơ khác": lambda: remote.service.sign_hash(
        credential_id="an-binh-rs", sad=approved([mine]), hashes=[other]),
    "SAD sau 5 phút": lambda: remote.service.sign_hash(
        credential_id="an-binh-rs", sad=late_sad(), hashes=[mine]),
    "SAD bịa ra": lambda: remote.service.sign_hash(
        credential_id="an-binh-rs", sad="mot-sad-bia", hashes=[mine]),
    "người ký bấm Từ chối": lambda: remote.sign(form, signing_time=COURSE_DAY, approve=False),
    "không ai xác nhận trong 2 phút": lambda: remote.sign(form, signing_time=COURSE_DAY,
                                                          approve=None),
}
rows = []
for what, attempt in cases.items():
    try:
        attempt()
        rows.append([what, "-", "ký được!"])
    except RemoteSigningError as refused:
        rows.append([what, refused.reason, refused.message("vi")])
Table.of(["Thử", "Lý do", "Lời từ chối"], rows)

# %% lang="en" vi="2290dc8c" twin="strings"
# "dùng lại SAD vừa ký"  →  "reusing the SAD that just signed"
# "SAD của hồ sơ này, cho hồ sơ khác"  →  "this dossier's SAD, for another dossier"
# "SAD sau 5 phút"  →  "a SAD after 5 minutes"
# "SAD bịa ra"  →  "a made-up SAD"
# "người ký bấm Từ chối"  →  "the signer presses Refuse (Từ chối)"
# "không ai xác nhận trong 2 phút"  →  "nobody approves within 2 minutes"
# "ký được!"  →  "signed!"
# "vi"  →  "en"
# "Thử"  →  "Attempt"
# "Lý do"  →  "Reason"
# "Lời từ chối"  →  "Refusal"

# %% [markdown]
# Vì SAD gắn với giá trị băm, một trang giả mạo lấy được SAD của bạn cũng không dùng nó để ký
# tài liệu **khác** được; nó chỉ có thể xin bạn xác nhận một giao dịch mới — nên **đọc kỹ
# giao dịch trên điện thoại** (notebook 07: trang giả mạo).

# %% [markdown] lang="en" vi="dad9adbd"
# Because a SAD is bound to the hash, a phishing page that got hold of your SAD still cannot
# use it to sign **another** document; it can only ask you to approve a new transaction, so
# **read the transaction on the phone** (notebook 07: phishing pages).

# %% [markdown]
# ## 5. Khung pháp lý và việc đăng nhập
#
# - Luật Giao dịch điện tử 2023 (20/2023/QH15, hiệu lực 1/7/2024) và Nghị định 23/2025/NĐ-CP
#   (thay Nghị định 130/2018) nói về **chứng thư chữ ký số** và **dịch vụ tin cậy** **[đã xác
#   nhận]**; điều khoản riêng về ký số từ xa trong Nghị định 23 khóa học chưa đọc **[chưa xác
#   nhận]**.
# - Đăng nhập Cổng bằng ký số từ xa: **[chưa xác nhận]**. Từ 1/7/2025 tổ chức đăng nhập bằng
#   tài khoản định danh điện tử của tổ chức (Nghị định 69/2024, notebook 09) **[đã xác nhận]**;
#   ký số từ xa dùng để **ký hồ sơ**.

# %% [markdown] lang="en" vi="502f5306"
# ## 5. The legal frame, and logging in
#
# - The Law on Electronic Transactions 2023 (20/2023/QH15, in force 1 July 2024) and Decree
#   23/2025/NĐ-CP (replacing Decree 130/2018) speak of the **digital-signature certificate** and
#   of **trust services** **[confirmed]**; the course has not read Decree 23's own articles on
#   remote signing **[unconfirmed]**.
# - Logging in to the portal with remote signing: **[unconfirmed]**. From 1 July 2025 an
#   organisation logs in with the organisation's e-ID account (Decree 69/2024, notebook 09)
#   **[confirmed]**; remote signing is for **signing dossiers**.

# %% [markdown]
# ## 6. Thử trên Cổng thực hành
#
# Trong terminal của JupyterLab, `dvcedu serve` chạy Cổng thực hành cùng dịch vụ ký số từ xa
# đào tạo (cổng 9300; `dvcedu rssp serve` chạy riêng dịch vụ, cho một phần mềm ký CSC của bạn).
# Đăng ký và đăng nhập bằng token như notebook 09; ở "Nộp hồ sơ" có hai nút: **Ký bằng USB ký
# số và nộp** (plugin, mã PIN trong cửa sổ của plugin) và **Ký số từ xa và nộp**. Với nút thứ
# hai, Cổng là phần mềm ký: nó tìm chứng thư ký số từ xa mang mã số thuế của tài khoản, gửi
# dịch vụ giá trị băm và chờ. Bạn mở "điện thoại mô phỏng" (liên kết ngay trên trang), đọc giao
# dịch, nhập mã đào tạo và bấm "Xác nhận ký"; Cổng kiểm tra hồ sơ như mọi hồ sơ khác và trả mã
# hồ sơ.
#
# Cổng thật có cho ký số từ xa khi nộp hồ sơ không, và bằng cách nào: **[chưa xác nhận]**. Cổng
# thực hành làm như một phần mềm ký nói CSC API.

# %% [markdown] lang="en" vi="b6a67fc9"
# ## 6. Try it on the practice portal
#
# In JupyterLab's terminal, `dvcedu serve` runs the practice portal with the training
# remote-signing service (port 9300; `dvcedu rssp serve` runs the service alone, for a CSC
# signing client of your own). Register and log in with the token as in notebook 09; "File a
# dossier" has two buttons: **Sign with the USB token and file** (the plugin, the PIN in the
# plugin's window) and **Sign remotely and file**. With the second, the portal is the signing
# software: it finds the remote-signing certificate carrying the account's tax code, sends the
# service the hash and waits. You open the "simulated phone" (the link is on the page), read
# the transaction, type the training code and press "Approve and sign"; the portal checks the
# dossier as any other and gives its number.
#
# Whether the real portal lets you sign a dossier remotely, and how: **[unconfirmed]**. The
# practice portal acts as a signing client that speaks the CSC API.

# %%
from dvcedu.exercises import summary

summary("11")

# %% [markdown]
# ## Điểm chính (*keypoints*)
#
# - Ký số từ xa: khóa ở HSM của CA, người ký xác nhận từng lần trên điện thoại; với người nhận,
#   hồ sơ ký từ xa và hồ sơ ký bằng token kiểm tra như nhau.
# - Chỉ giá trị băm đi tới dịch vụ, không bao giờ là tài liệu.
# - SAD chỉ ký đúng giá trị băm đã xác nhận, một lần, trong thời hạn ngắn: dùng lại, đổi băm hay
#   để quá hạn đều bị từ chối.
# - Đọc kỹ giao dịch trên điện thoại: đó là chỗ duy nhất bạn thấy mình đang ký gì.
#
# Quay lại: [10 — Ký hồ sơ](10_ky_ho_so.ipynb) · [00 — Giới thiệu](00_gioi_thieu.ipynb).

# %% [markdown] lang="en" vi="633f95eb"
# ## Keypoints
#
# - Remote signing: the key is in the CA's HSM, the signer approves each signature on the phone;
#   to the receiver, a dossier signed remotely and one signed with a token are checked alike.
# - Only the hash reaches the service, never the document.
# - A SAD signs only the hash approved, once, for a short time: reused, for another hash or too
#   late, it is refused.
# - Read the transaction on the phone: it is the one place where you see what you are signing.
#
# Back: [10 — Signing a dossier](10_signing_a_dossier.ipynb) · [00 — Introduction](00_introduction.ipynb).

# %%
remote.stop()
