// The simulated remote-signing app: each waiting transaction approved with its code, or refused.
"use strict";
(function () {
  const base = document.currentScript.src.replace(/\/static\/rssp-phone\.js.*$/, "");
  for (const item of document.querySelectorAll(".phone-request")) {
    const answer = async (approve) => {
      const r = await fetch(base + "/dien-thoai/tra-loi", { method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ transaction: item.dataset.transaction, approve, otp: item.querySelector(".phone-otp").value }) });
      const reply = await r.json();
      item.querySelector(".phone-result").textContent = reply.message;
      if (reply.ok) for (const b of item.querySelectorAll("button")) b.disabled = true;
    };
    item.querySelector(".phone-approve").addEventListener("click", () => answer(true));
    item.querySelector(".phone-refuse").addEventListener("click", () => answer(false));
  }
})();
// nothing waiting yet: look again in two seconds, as the app's inbox would
if (!document.querySelector(".phone-request")) setTimeout(() => window.location.reload(), 2000);
