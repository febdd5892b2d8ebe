# %% [markdown]
# # 09 — Làm trên trình duyệt thật
#
# *The practice portal in a real browser: the same clicks as on the portal, a signing service
# on your own computer, the hop to the identity service — then the sequence diagram of what
# your browser just did.*
#
# Ở notebook 04–05, Cổng và plugin được mô phỏng **bên trong** notebook. Ở đây chúng là
# chương trình thật chạy trên máy bạn, mỗi cái một địa chỉ (*origin*) riêng, như ngoài đời:
#
# | Dịch vụ thực hành | Địa chỉ | Ngoài đời |
# |---|---|---|
# | Cổng DVCQG | `http://localhost:8000` | `dichvucong.gov.vn` |
# | Máy chủ xác thực (SSO) | `http://localhost:8001` | `xacthuc.dichvucong.gov.vn` — OpenID Connect [đã xác nhận từ mã nguồn công khai của các bên dùng nó] |
# | Plugin ký số | `wss://localhost:4433/plugin` | VNPT-CA Plugin: cổng mạng 4433, 4434, 4435, tùy phiên bản thư viện JS (bản 1.0.0.8 thử ba Cổng này; bản 2024 khai báo thêm 9201, 9202, 5002, 5003) [đã xác nhận trong thư viện JS công khai] |
#
# Trong terminal, `dvcedu serve` chạy cả ba (xem README); notebook này chạy chúng ngay trong
# kernel, với token riêng của notebook.

# %% [markdown] lang="en" vi="124df1da"
# # 09 — In a real browser
#
# In notebooks 04–05 the portal and the plugin were simulated **inside** the notebook. Here they
# are real programs running on your computer, each at its own address (*origin*), as in real
# life:
#
# | Practice service | Address | In real life |
# |---|---|---|
# | The DVCQG portal | `http://localhost:8000` | `dichvucong.gov.vn` |
# | The authentication server (SSO) | `http://localhost:8001` | `xacthuc.dichvucong.gov.vn`, OpenID Connect [confirmed from the public source code of parties that use it] |
# | The signing plugin | `wss://localhost:4433/plugin` | the VNPT-CA Plugin: network ports 4433, 4434, 4435, depending on the JS library's version (1.0.0.8 tries these three; a 2024 copy also declares 9201, 9202, 5002, 5003) [confirmed in the public JS library] |
#
# In a terminal, `dvcedu serve` runs all three (see the README); this notebook runs them right
# in the kernel, with the notebook's own token.

# %% [markdown]
# > **Câu hỏi** (*questions*): Trên trình duyệt thật, ai nói với ai, qua kênh nào?
# >
# > **Mục tiêu** (*objectives*) — sau notebook này, bạn:
# > - làm cả quy trình đăng ký và đăng nhập trên trình duyệt;
# > - thấy cửa sổ của plugin tách khỏi trang của Cổng, và mã PIN chỉ đi vào cửa sổ đó;
# > - đọc sơ đồ của chính lần làm, cả bước nhảy sang máy chủ xác thực;
# > - đọc một ID token;
# > - biết tài khoản mà một tổ chức thật dùng từ 1/7/2025 (VNeID), và nó khác USB ký số ở đâu.
# >
# > **Thời gian**: dạy 25 phút · bài tập 12 phút · tự học ≈ 45 phút (ngoài buổi học 3 giờ: buổi thứ hai hoặc tự học).

# %% [markdown] lang="en" vi="7aa577e2"
# > **Questions**: In a real browser, who talks to whom, over which channel?
# >
# > **Objectives**: after this notebook, you can:
# > - do the whole registration and login in a browser;
# > - see the plugin's window apart from the portal's page, and the PIN going only into that window;
# > - read the diagram of your own run, the hop to the authentication server included;
# > - read an ID token;
# > - know the account a real organisation uses since 1 July 2025 (VNeID), and how it differs
# >   from the USB token.
# >
# > **Time**: teaching 25 min · exercises 12 min · self-study ≈ 45 min (outside the 3-hour session: a second session or self-study).


# %% [markdown] tags=["instructor"]
# <details class="dvcedu-instructor"><summary><b>Ghi chú cho giảng viên</b> (<i>instructor
# note</i>) — học viên có thể bỏ qua</summary>
#
# Cần trình duyệt trên chính máy chạy notebook (hoặc qua đường dẫn `/proxy/8000/` của
# JupyterHub). Chạy trước một lần trên máy giảng viên để trình duyệt đã tin chứng thư của plugin
# (`dvcedu plugin trust`).
#
# </details>

# %% [markdown] lang="en" vi="7355576f"
# <details class="dvcedu-instructor"><summary><b>Instructor note</b> — learners may skip this</summary>
#
# This needs a browser on the computer that runs the notebook (or JupyterHub's `/proxy/8000/`
# path). Run it once beforehand on the trainer's computer so that the browser already trusts the
# plugin's certificate (`dvcedu plugin trust`).
#
# </details>

# %%
# Chuẩn bị (setup): token DVCEDU-NB09 mới, và ba dịch vụ thực hành trong kernel này.
from dvcedu import lab
from dvcedu.clock import COURSE_DAY, FixedClock, SeededRandom
from dvcedu.web.lesson import start_practice

training = lab.start("enterprise", notebook="09", lang="vi")
run = start_practice(training.label, clock=FixedClock(COURSE_DAY),
                     random=SeededRandom("notebook-09"))
run

# %% lang="en" vi="9838e641" twin="strings"
# # Chuẩn bị (setup): token DVCEDU-NB09 mới, và ba dịch vụ thực hành trong kernel này.  →  # Setup: a new DVCEDU-NB09 token, and the three practice services in this kernel.
# "vi"  →  "en"

# %% [markdown]
# ## Tự làm trên trình duyệt
#
# Mở đường dẫn **Cổng DVCQG** ở trên trong một thẻ mới (Chrome, Cốc Cốc, Firefox…) và làm
# đúng các bước của hướng dẫn:
#
# 1. bấm **"Đăng ký"** → chọn **"USB ký số"**; trang kiểm tra plugin ký số;
# 2. bấm **"Chọn chứng thư số"**: **cửa sổ của plugin** mở ra — chọn chứng thư, bấm "Đồng ý",
#    gõ mã PIN đào tạo (README) **trong cửa sổ đó**, không bao giờ trên trang của Cổng;
# 3. xem thông tin đọc từ chứng thư, nhập e-mail và mã xác thực, bấm **"Đăng ký"**;
# 4. bấm **"Đăng nhập"**: trình duyệt sang **máy chủ xác thực** (địa chỉ khác!), bấm
#    "Đăng nhập", chọn chứng thư, gõ PIN; trình duyệt quay về Cổng, **tên doanh nghiệp** hiện
#    ở góc trên bên phải.
#
# Nếu trang báo **"không kết nối được plugin"**: mở đường dẫn **Plugin ký số** ở trên một lần,
# chấp nhận cảnh báo chứng thư (chứng thư này do CA riêng của máy bạn cấp, chỉ cho
# `localhost`), rồi tải lại trang Cổng. Đó chính là sự cố số một ngoài đời (mục 7 của
# notebook 06).
#
# Trên JupyterHub của lớp học, trình duyệt của bạn **không** ở trên máy chủ, nên các đường dẫn
# `localhost` ở trên không mở được từ máy bạn; khi đó hãy để ô dưới đây làm thay.

# %% [markdown] lang="en" vi="69675684"
# ## Do it yourself in a browser
#
# Open the **National Public Service Portal** link above in a new tab (Chrome, Cốc Cốc,
# Firefox…) and follow the steps of the guide exactly. The practice portal's pages are in
# Vietnamese, like the real one, and the words to look for are given here (add `?lang=en` to its
# address to see them in English):
#
# 1. press **"Register (Đăng ký)"** → choose **"USB token (USB ký số)"**; the page checks the
#    signing plugin;
# 2. press **"Choose a certificate (Chọn chứng thư số)"**: **the plugin's window** opens; choose
#    the certificate, press "Agree (Đồng ý)", type the training PIN (see the README) **in that
#    window**, never on the portal's page;
# 3. look at the details read from the certificate, enter an e-mail and the verification code,
#    press **"Register (Đăng ký)"**;
# 4. press **"Log in (Đăng nhập)"**: the browser goes to the **authentication server** (another
#    address!); press "Log in (Đăng nhập)", choose the certificate, type the PIN; the browser
#    comes back to the portal, and the **enterprise's name** appears in the top right corner.
#
# If the page says **"cannot connect to the plugin" (không kết nối được plugin)**: open the
# **Signing plugin** link above once, accept the certificate warning (this certificate is issued
# by your computer's own CA, for `localhost` only), then reload the portal's page. That is the
# number-one problem in real life (section 7 of notebook 06).
#
# On the class's JupyterHub your browser is **not** on the server, so the `localhost` links above
# do not open from your computer; then let the cell below do it for you.

# %% [markdown]
# ## Khi không ai bấm: một "trình duyệt" viết bằng Python
#
# Ô dưới đây chỉ chạy khi bạn **chưa** làm trên trình duyệt (và khi kiểm thử tự động). Nó gửi
# đúng các yêu cầu mà Chromium gửi, theo đúng thứ tự, từ đúng các địa chỉ: trang qua HTTP,
# plugin qua `wss://` với `Origin` của trang, câu trả lời trong cửa sổ plugin qua địa chỉ của
# chính cửa sổ đó. Riêng mã xác thực (captcha) thì chương trình không đọc được hình — nó hỏi
# một "cửa sau" chỉ bản đào tạo mới có.

# %% [markdown] lang="en" vi="c5dccf81"
# ## When nobody clicks: a "browser" written in Python
#
# The cell below runs only when you have **not** done it in a browser (and in automatic tests).
# It sends exactly the requests Chromium sends, in the same order, from the same addresses: the
# page over HTTP, the plugin over `wss://` with the page's `Origin`, the answers in the plugin's
# window from that window's own address. Only the verification code (captcha) cannot be read from
# the picture by a program: it asks a "back door" that only the training edition has.

# %%
if not any(e.name == "POST /dang-ky" for e in run.transcript):
    robot = run.robot()
    print("Đăng ký thành công?", robot.register()["ok"])
    print("Góc trên bên phải:", robot.log_in())
    robot.log_out()

# %% lang="en" vi="d7567e6d" twin="strings"
# "Đăng ký thành công?"  →  "Registered successfully?"
# "Góc trên bên phải:"  →  "Top right corner:"

# %% [markdown]
# ## Sơ đồ của chính lần bạn vừa làm
#
# Mọi thông điệp giữa trình duyệt, plugin, token, Cổng, máy chủ xác thực và CA đã được ghi lại
# một lần. Phần đăng ký: trang gọi plugin qua WebSocket (`checkPlugin`, `setLicenseKey`,
# `getCertInfo`, `signArrDataAdvanced`), người dùng trả lời trong cửa sổ plugin, token ký, rồi
# trang gửi chữ ký cho Cổng.

# %% [markdown] lang="en" vi="997d196b"
# ## The diagram of what you just did
#
# Every message between the browser, the plugin, the token, the portal, the authentication server
# and the CA was recorded once. The registration: the page calls the plugin over a WebSocket
# (`checkPlugin`, `setLicenseKey`, `getCertInfo`, `signArrDataAdvanced`), the user answers in the
# plugin's window, the token signs, then the page sends the signature to the portal.

# %%
from dvcedu.viz.sequence import draw_sequence

registration, login = run.split()
draw_sequence(registration, title="Đăng ký trên trình duyệt")

# %% lang="en" vi="155b0699" twin="strings"
# "Đăng ký trên trình duyệt"  →  "Registering in a browser"

# %% [markdown]
# ### Trang và plugin nói gì với nhau, từng khung tin
#
# Mỗi lần gọi là một khung tin (*frame*) WebSocket, đúng như thư viện JavaScript của VNPT-CA
# Plugin gửi **[xác nhận: dvcedu ghi lại khung tin của chính thư viện bản 1.0.0.8 và kiểm thử
# so từng byte]**. Bảng dưới lấy từ lần chạy của bạn; chuỗi dài (giấy phép, dữ liệu ký) chỉ
# ghi độ dài.

# %% [markdown] lang="en" vi="072c3c81"
# ### What the page and the plugin say, frame by frame
#
# Each call is one WebSocket *frame*, exactly as VNPT-CA Plugin's JavaScript library sends it
# **[confirmed: dvcedu recorded that library's own frames, version 1.0.0.8, and its tests compare
# them byte for byte]**. The table below comes from your run; long strings (the licence, the
# data to sign) show only their length.

# %%
import json

from dvcedu.model import Actor
from dvcedu.viz import Table


def shown(value):  # chuỗi dài: chỉ ghi độ dài
    if isinstance(value, str) and len(value) > 36:
        return f"«{len(value)} ký tự»"
    return json.dumps(value, ensure_ascii=False)


frames = [e for e in registration if e.sender is Actor.PAGE and e.receiver is Actor.PLUGIN]
Table.of(["#", "functionID", "Hàm", "funcCallback", "args", "domain"],
         [[e.step, json.loads(e.payload)["functionID"], e.name,
           json.loads(e.payload)["funcCallback"],
           ", ".join(shown(a) for a in json.loads(e.payload)["args"]),
           json.loads(e.payload)["domain"]] for e in frames])

# %% lang="en" vi="bf73f2ed" twin="strings"
# # chuỗi dài: chỉ ghi độ dài  →  # long strings: only their length
# f"«{len(value)} ký tự»"  →  f"«{len(value)} characters»"
# "Hàm"  →  "Function"

# %% [markdown]
# Từng trường, và điều gì đã được xác nhận:
#
# | Trường | Ý nghĩa | Mức chắc chắn |
# |---|---|---|
# | `functionID` | số của hàm: 7 `checkPlugin`, 6 `setLicenseKey`, 0 `getCertInfo`, 10 `signArrDataAdvanced`, 34 `CheckToken`… | **[xác nhận]** trong thư viện |
# | `funcCallback` | tên hàm gọi lại của trang; `callbackDefault` khi trang dùng *promise* | **[xác nhận]** |
# | `args` | luôn là chuỗi do thư viện tạo: `true`/`false` thành `"1"`/`"0"`; tham số thứ nhất của `signArrDataAdvanced` là **chuỗi** chứa mảng JSON các **chuỗi** JSON | **[xác nhận]** |
# | `domain` | `location.hostname`, thư viện thêm vào, **không được ký**; plugin của dvcedu so nó với `Origin` mà trình duyệt báo | trường: **[xác nhận]**; plugin thật có so hay không: **[chưa xác nhận]** |
# | câu trả lời `"<kết quả>*<funcCallback>"` | thư viện tách ở dấu `*`: kết quả không được chứa `*` | **[xác nhận]** |
# | `checkPlugin` → `"1"`, `setLicenseKey` → `{"code":1}`, `getCertInfo` → `serial`, `base64`, `subjectCN`, `notAfter`…, `signArrDataAdvanced` → mảng các chuỗi `{"code":0,"data":…}` | cách các trang công khai đọc câu trả lời | **[xác nhận]** trong mã trang công khai |
# | `uid` trong `getCertInfo`; dạng ngày ISO 8601; câu trả lời của `CheckToken`, `signPdf` | dvcedu tự chọn, vì chưa thấy trang công khai nào đọc | **[chưa xác nhận]** |
#
# Vì tham số được "gói" hai lần, plugin phải bóc từng lớp và từ chối gọn mọi lớp sai dạng —
# khung tin không phải JSON, mảng không phải mảng, phần tử thiếu `data` — bằng một câu trả lời
# gửi đúng tên hàm gọi lại, để trang không chờ mãi. Bộ kiểm thử của dvcedu thử đủ các kiểu đó.

# %% [markdown] lang="en" vi="d9394c09"
# Field by field, and what is confirmed:
#
# | Field | Meaning | Certainty |
# |---|---|---|
# | `functionID` | the function's number: 7 `checkPlugin`, 6 `setLicenseKey`, 0 `getCertInfo`, 10 `signArrDataAdvanced`, 34 `CheckToken`… | **[confirmed]** in the library |
# | `funcCallback` | the page's callback name; `callbackDefault` when the page uses the promise | **[confirmed]** |
# | `args` | always strings the library made: `true`/`false` become `"1"`/`"0"`; `signArrDataAdvanced`'s first argument is a **string** holding a JSON array of JSON **strings** | **[confirmed]** |
# | `domain` | `location.hostname`, added by the library, **not signed**; dvcedu's plugin compares it with the `Origin` the browser reports | the field: **[confirmed]**; whether the real plugin compares: **[unconfirmed]** |
# | the reply `"<result>*<funcCallback>"` | the library splits at `*`: the result must hold no `*` | **[confirmed]** |
# | `checkPlugin` → `"1"`, `setLicenseKey` → `{"code":1}`, `getCertInfo` → `serial`, `base64`, `subjectCN`, `notAfter`…, `signArrDataAdvanced` → an array of strings `{"code":0,"data":…}` | how public pages read the replies | **[confirmed]** in public pages' code |
# | `uid` in `getCertInfo`; ISO 8601 dates; the replies of `CheckToken`, `signPdf` | dvcedu's own choice, as no public page was seen reading them | **[unconfirmed]** |
#
# Because the argument is "wrapped" twice, the plugin must peel each layer and refuse cleanly
# whatever is malformed at any layer (a frame that is not JSON, an array that is not an array,
# an item without `data`) with a reply addressed to the right callback, so the page never waits
# for ever. dvcedu's test suite tries each of those.

# %% [markdown]
# Phần đăng nhập có thêm một bên tham gia: **máy chủ xác thực**. Cổng không tự kiểm tra chữ ký
# lúc đăng nhập; nó chuyển trình duyệt sang máy chủ xác thực (mũi tên "302"), máy chủ đó gửi
# thử thách **của riêng nó**, kiểm tra chữ ký, rồi trả trình duyệt về Cổng với một **mã dùng
# một lần**. Cổng đổi mã lấy **ID token** qua kênh sau (không qua trình duyệt), kèm bí mật của
# Cổng và mã PKCE.
#
# Giao thức thật giữa Cổng và máy chủ xác thực **không được công bố**; đây là luồng OpenID
# Connect chuẩn (mã cấp quyền + PKCE, `state`, `nonce`) mà nó nhiều khả năng giống
# [chưa xác nhận].

# %% [markdown] lang="en" vi="632afdd4"
# The login has one more actor: the **authentication server**. The portal does not check the
# signature itself at login; it sends the browser to the authentication server (the "302"
# arrow), that server sends a challenge **of its own**, checks the signature, and returns the
# browser to the portal with a **one-time code**. The portal exchanges the code for an **ID
# token** over the back channel (not through the browser), with the portal's secret and the PKCE
# code.
#
# The real protocol between the portal and the authentication server **is not published**; this
# is the standard OpenID Connect flow (authorisation code + PKCE, `state`, `nonce`) it most
# likely resembles [unconfirmed].

# %%
draw_sequence(login, title="Đăng nhập qua máy chủ xác thực (SSO)")

# %% lang="en" vi="dcd37820" twin="strings"
# "Đăng nhập qua máy chủ xác thực (SSO)"  →  "Logging in through the authentication server (SSO)"

# %% [markdown]
# Các thông điệp của bước nhảy SSO, riêng ra (kích thước tính bằng byte; nội dung chứa mã
# ngẫu nhiên nên không in):

# %% [markdown] lang="en" vi="5b724604"
# The messages of the SSO hop on their own (sizes in bytes; their content holds random codes, so
# it is not printed):

# %%
from dvcedu.model import Actor
from dvcedu.viz import Table

hop = [e for e in login if Actor.SSO in (e.sender, e.receiver) or e.name.startswith("302")
       or "callback" in e.name]
Table.of(["#", "Từ → đến", "Thông điệp", "Byte", "Ghi chú"],
         [[e.step, f"{e.sender.label()} → {e.receiver.label()}", e.label(), len(e.payload),
           e.note()] for e in hop])

# %% lang="en" vi="5c5b14ca" twin="strings"
# "Từ → đến"  →  "From → to"
# "Thông điệp"  →  "Message"
# "Byte"  →  "Bytes"
# "Ghi chú"  →  "Note"

# %% [markdown]
# ### Bài tập: đọc sơ đồ của chính bạn
#
# Trả lời từ sơ đồ đăng nhập và bảng trên (của lần bạn vừa làm, hoặc của "trình duyệt" Python).

# %% [markdown] lang="en" vi="6e459984"
# ### Exercise: read your own diagram
#
# Answer from the login diagram and the table above (of the run you just did, or of the Python
# "browser").

# %% tags=["exercise"]
from dvcedu.exercises import check

answer = ...  # "có" hoặc "không"
check("09.back-channel", answer)

# %% lang="en" vi="b2940204" twin="strings"
# # "có" hoặc "không"  →  # "yes" or "no"

# %% tags=["exercise"]
answer = ...  # "có" hoặc "không"
check("09.sso-challenge", answer)

# %% lang="en" vi="e7554033" twin="strings"
# # "có" hoặc "không"  →  # "yes" or "no"

# %% [markdown]
# ## ID token: máy chủ xác thực nói gì với Cổng
#
# ID token là một JWT: ba phần base64url nối bằng dấu chấm — tiêu đề, nội dung (*claims*),
# chữ ký RS256 của máy chủ xác thực. Cổng kiểm tra chữ ký bằng khóa công khai ở
# `/oauth2/jwks`, kiểm tra `iss`, `aud`, `nonce`, rồi lấy `name` để hiện ở góc phải. Các giá
# trị đổi mỗi lần (thời điểm, số ngẫu nhiên) chỉ ghi loại.

# %% [markdown] lang="en" vi="44ee3151"
# ## The ID token: what the authentication server tells the portal
#
# An ID token is a JWT: three base64url parts joined by dots, the header, the content (*claims*)
# and the authentication server's RS256 signature. The portal checks the signature with the
# public key at `/oauth2/jwks`, checks `iss`, `aud`, `nonce`, then takes `name` to show in the
# right corner. The values that change every time (times, random numbers) show only their kind.

# %%
import base64
import json

jwt = login.find("id_token").payload.decode()
header, claims, _signature = (json.loads(base64.urlsafe_b64decode(part + "==")) if i < 2
                              else part for i, part in enumerate(jwt.split(".")))
changing = {"iat": "thời điểm cấp", "exp": "hết hạn", "auth_time": "lúc xác thực",
            "nonce": "số ngẫu nhiên của Cổng", "at_hash": "băm của access token"}
Table.of(["Trường", "Giá trị"],
         [["alg (tiêu đề)", header["alg"]]]
         + [[name, changing.get(name) or json.dumps(value, ensure_ascii=False)]
            for name, value in sorted(claims.items())])

# %% lang="en" vi="b7fbd0e5" twin="strings"
# "thời điểm cấp"  →  "issued at"
# "hết hạn"  →  "expires"
# "lúc xác thực"  →  "authenticated at"
# "số ngẫu nhiên của Cổng"  →  "the portal's random number"
# "băm của access token"  →  "hash of the access token"
# "Trường"  →  "Field"
# "Giá trị"  →  "Value"
# "alg (tiêu đề)"  →  "alg (header)"

# %% tags=["exercise"]
answer = ...  # tên một trường của ID token
check("09.nonce-field", answer)

# %% lang="en" vi="fae4e986" twin="strings"
# # tên một trường của ID token  →  # the name of a field of the ID token

# %% [markdown]
# ## Từ 1/7/2025: tài khoản định danh điện tử của tổ chức
#
# Nghị định 69/2024/NĐ-CP, khoản 4 Điều 40: tài khoản mà Cổng đã tạo cho tổ chức chỉ dùng
# được đến hết 30/6/2025; từ 1/7/2025 tổ chức dùng **tài khoản định danh điện tử của tổ chức**
# do Bộ Công an cấp [đã xác nhận: bốn bài bình luận pháp lý độc lập]. Người đại diện theo pháp
# luật đề nghị cấp tài khoản đó: đăng nhập VNeID mức 2, vào mục "Định danh tổ chức", hoặc nộp
# mẫu TK02 (Điều 12) [đã xác nhận]. Cổng có còn cho đăng nhập bằng USB ký số hay không thì
# không có nguồn công khai [chưa xác nhận]; USB ký số vẫn là cách **ký hồ sơ** (notebook 10),
# và vẫn là cách token, plugin và Cổng nói chuyện với nhau mà khóa học dạy.
#
# Màn hình thật giữa Cổng và ứng dụng VNeID không được công bố [chưa xác nhận]. Máy chủ xác
# thực thực hành mô phỏng phần tối thiểu mà một lần đăng nhập như vậy phải có, ở thẻ thứ hai
# "Tài khoản định danh điện tử của tổ chức (VNeID)":
#
# 1. trang gửi **mã số thuế của tổ chức** và **số định danh cá nhân của người đại diện**;
# 2. máy chủ xác thực hỏi **điện thoại** của người đại diện (một trang đóng vai ứng dụng
#    VNeID, `/vneid`); yêu cầu hết hạn sau 2 phút;
# 3. người đại diện bấm "Xác nhận" (hoặc "Từ chối") trên điện thoại;
# 4. trang hỏi lại, rồi nhận **mã dùng một lần** như ở đường USB; phần còn lại giống hệt.
#
# Không có token, không có chữ ký số: yếu tố thứ hai là **điện thoại**, một kênh khác với
# trình duyệt. Trên trình duyệt: bấm "Đăng nhập" ở Cổng, chọn thẻ VNeID, nhập `0199001010` và
# `001085012345` (người đại diện đào tạo), bấm "Gửi yêu cầu xác thực", mở "điện thoại mô
# phỏng" và bấm "Xác nhận". Ô dưới đây làm cả ba trường hợp bằng "trình duyệt" Python: sai
# người đại diện, người đại diện từ chối, rồi xác nhận.

# %% [markdown] lang="en" vi="7919aa35"
# ## From 1 July 2025: the organisation's e-ID account
#
# Decree 69/2024/NĐ-CP, Art. 40(4): the accounts the portal had created for organisations were
# usable until 30 June 2025; from 1 July 2025 an organisation uses the **organisation's
# electronic identification account** issued by the Ministry of Public Security [confirmed:
# four independent legal commentaries]. The legal representative requests that account: logged
# in to VNeID at level 2, under "Định danh tổ chức" (organisation identification), or on form
# TK02 (Art. 12) [confirmed]. Whether the portal still offers login with a USB token has no
# public source [unconfirmed]; the USB token is still how **dossiers are signed** (notebook 10),
# and still how the token, the plugin and the portal talk, which is what this course teaches.
#
# The real screens between the portal and the VNeID app are not published [unconfirmed]. The
# practice authentication server simulates the least such a login must have, on a second tab,
# "Organisation e-ID account (VNeID)":
#
# 1. the page sends the **organisation's tax code** and the **representative's personal
#    identification number**;
# 2. the authentication server asks the representative's **phone** (a page playing the VNeID
#    app, `/vneid`); the request expires after 2 minutes;
# 3. the representative presses "Xác nhận" (approve) or "Từ chối" (refuse) on the phone;
# 4. the page asks again and receives a **one-time code**, as on the USB path; the rest is the
#    same.
#
# No token, no digital signature: the second factor is the **phone**, a channel other than the
# browser. In a browser: press "Đăng nhập" (log in) on the portal, choose the VNeID tab, enter
# `0199001010` and `001085012345` (the training representative), press "Gửi yêu cầu xác thực"
# (send the authentication request), open the "simulated phone" and press "Xác nhận". The cell
# below does all three cases with the Python "browser": the wrong representative, the
# representative refusing, then approving.

# %%
from dvcedu.model import Transcript
from dvcedu.portal.vneid import TRAINING_ACCOUNTS

an_binh, phu_loi = TRAINING_ACCOUNTS
robot = run.robot()
print("Người đại diện của công ty khác:",
      robot.log_in_vneid(an_binh.identifier, phu_loi.representative)[1]["message"])
print("Người đại diện từ chối:",
      robot.log_in_vneid(an_binh.identifier, an_binh.representative, approve=False)[1]["message"])
start = len(run.transcript)
print("Xác nhận — góc trên bên phải:",
      robot.log_in_vneid(an_binh.identifier, an_binh.representative)[0])
robot.log_out()
vneid = Transcript(list(run.transcript)[start:])
draw_sequence(vneid, title="Đăng nhập bằng tài khoản định danh điện tử của tổ chức")

# %% lang="en" vi="7024b1b9" twin="strings"
# "Người đại diện của công ty khác:"  →  "Another company's representative:"
# "Người đại diện từ chối:"  →  "The representative refuses:"
# "Xác nhận — góc trên bên phải:"  →  "Approved — top right corner:"
# "Đăng nhập bằng tài khoản định danh điện tử của tổ chức"  →  "Logging in with the organisation's e-ID account"

# %% [markdown]
# Trên sơ đồ, **Điện thoại (VNeID)** thay chỗ của plugin và token: không có `C_Sign` nào, và
# thử thách mà máy chủ xác thực vẫn gửi cho trang (trang có cả hai thẻ) không được ký. Số định
# danh của người đại diện cũng không được ghi lại: bản ghi chỉ có "…". Đọc ID token của lần
# đăng nhập này:

# %% [markdown] lang="en" vi="0f9178bb"
# On the diagram the **Phone (VNeID)** takes the place of the plugin and the token: there is no
# `C_Sign`, and the challenge the authentication server still sends the page (the page has both
# tabs) is not signed. Nor is the representative's identification number kept: the record shows
# only "…". Read this login's ID token:

# %%
token = [e for e in vneid if e.name == "id_token"][0].payload.decode()
by_vneid = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))
Table.of(["Trường", "USB ký số", "VNeID"],
         [[name, json.dumps(claims[name], ensure_ascii=False),
           json.dumps(by_vneid[name], ensure_ascii=False)] for name in ("sub", "name", "acr")])

# %% lang="en" vi="e4f2484b" twin="strings"
# "Trường"  →  "Field"
# "USB ký số"  →  "USB token"

# %% tags=["exercise"]
answer = ...  # giá trị của trường amr trong ID token của lần đăng nhập VNeID (một từ)
check("09.vneid-amr", answer)

# %% lang="en" vi="aea34f76" twin="strings"
# # giá trị của trường amr trong ID token của lần đăng nhập VNeID (một từ)  →  # the value of the amr field in the VNeID login's ID token (one word)

# %%
from dvcedu.exercises import summary

summary("09")

# %% [markdown]
# `amr = ["hwk", "pin"]` (RFC 8176): đăng nhập bằng **khóa giữ trong phần cứng**, mở bằng
# **mã PIN** — hai yếu tố, đúng điều USB ký số mang lại. `amr` và `acr` trong ID token do
# máy chủ thực hành đặt [mô hình của khóa học]. `acr_values=LoA1` là điều các **bên dùng** (cổng dịch vụ công cấp
# tỉnh, một cổng khách hàng) gửi tới `xacthuc.dichvucong.gov.vn` [xác nhận từ mã nguồn công
# khai của họ]; còn Cổng đòi mức bảo đảm nào cho đăng nhập bằng USB ký số thì chưa có nguồn
# [chưa xác nhận].
#
# ## Điểm chính (*keypoints*)
#
# - Trên trình duyệt thật có **ba** nơi khác nhau: trang của Cổng, cửa sổ của plugin trên máy
#   bạn, và máy chủ xác thực. Mã PIN chỉ đi từ cửa sổ plugin tới token.
# - Trang nói với plugin qua `wss://localhost:…/plugin`; plugin biết trang nào gọi nhờ `Origin`
#   do trình duyệt gửi, và chỉ ký cho trang có giấy phép đúng tên miền.
# - Đăng nhập là một bước nhảy OpenID Connect: máy chủ xác thực kiểm tra chữ ký, Cổng nhận ID
#   token.
# - Từ 1/7/2025 tổ chức đăng nhập bằng tài khoản định danh điện tử của tổ chức (Nghị định
#   69/2024): cùng bước nhảy OpenID Connect, nhưng yếu tố thứ hai là điện thoại của người đại
#   diện, không phải token.
#
# Sự cố khi làm trên trình duyệt: [06 — mục 7](06_su_co_thuong_gap.ipynb). Quay lại:
# [00 — Giới thiệu](00_gioi_thieu.ipynb).

# %% [markdown] lang="en" vi="d8dd9d4c"
# `amr = ["hwk", "pin"]` (RFC 8176): logged in with a **key held in hardware**, unlocked with a
# **PIN**: two factors, exactly what the USB token brings. The `amr` and `acr` in the ID
# token are the practice server's choice [the course's model]. `acr_values=LoA1` is what **relying parties** (provincial
# public-service portals, a customer portal) send to `xacthuc.dichvucong.gov.vn` [confirmed
# from their public source code]; what level of assurance the portal requires for a USB-token
# login has no source [unconfirmed].
#
# ## Keypoints
#
# - In a real browser there are **three** different places: the portal's page, the plugin's
#   window on your computer, and the authentication server. The PIN only goes from the plugin's
#   window to the token.
# - The page talks to the plugin over `wss://localhost:…/plugin`; the plugin knows which page
#   calls from the `Origin` the browser sends, and signs only for a page with a licence for the
#   right domain.
# - Login is an OpenID Connect hop: the authentication server checks the signature, the portal
#   receives an ID token.
# - From 1 July 2025 an organisation logs in with the organisation's e-ID account (Decree
#   69/2024): the same OpenID Connect hop, but the second factor is the representative's phone,
#   not a token.
#
# Problems in the browser: [06 — section 7](06_common_problems.ipynb). Back:
# [00 — Introduction](00_introduction.ipynb).

# %%
run.stop()
