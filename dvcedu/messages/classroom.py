"""The classroom hub: the trainer's tools (``dvcedu classroom``)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "classroom.no_hub": ("Không thấy JupyterHub: chạy lệnh này trong JupyterLab của giảng viên trên hub, hoặc thêm --hub URL --token TOKEN (token của quản trị, tạo ở /hub/token).", "No JupyterHub found: run this in the trainer's JupyterLab on the hub, or add --hub URL --token TOKEN (an admin's token, made at /hub/token)."),
    "classroom.unreachable": ("Không kết nối được JupyterHub tại {url}: hub chưa chạy, sai địa chỉ, hoặc mạng chặn. Chi tiết: {detail}", "Cannot reach the JupyterHub at {url}: the hub is not running, the address is wrong, or the network blocks it. Detail: {detail}"),
    "classroom.reset": ("Đã làm lại cho {user}: token {token} mới (mã PIN đào tạo, chưa lần sai nào); Cổng thực hành: {portal}.", "Reset for {user}: a new {token} token (the training PINs, no wrong PIN counted); practice portal: {portal}."),
    "classroom.portal_reset": ("đã xóa các tài khoản", "accounts removed"),
    "classroom.portal_empty": ("chưa có tài khoản nào", "had no accounts"),
    "classroom.ready": ("SẴN SÀNG", "READY"),
    "classroom.not_ready": ("CHƯA SẴN SÀNG — {failing}", "NOT READY — {failing}"),
    "classroom.summary": ("{ready}/{total} học viên sẵn sàng.", "{ready}/{total} learners ready."),
    "help.classroom": ("Lớp học trên JupyterHub: làm lại token của học viên, kiểm tra cả lớp trước buổi học", "The class on JupyterHub: reset a learner's token, check every learner before the class"),
    "help.classroom_reset": ("Làm lại token đào tạo và Cổng thực hành của một học viên", "Reset a learner's training token and practice portal"),
    "help.classroom_check": ("Kiểm tra máy của từng học viên (dvcedu doctor trong server của họ)", "Check every learner's environment (dvcedu doctor in their server)"),
    "help.hub": ("địa chỉ hub, ví dụ http://127.0.0.1:8081", "the hub's address, e.g. http://127.0.0.1:8081"),
    "help.hub_token": ("token API của quản trị", "an admin's API token"),
}
