// The simulated VNeID app: each waiting request approved or refused, once.
"use strict";
(function () {
  const base = document.currentScript.src.replace(/\/static\/phone\.js.*$/, "");
  for (const item of document.querySelectorAll(".phone-request")) {
    const answer = async (approve) => {
      for (const b of item.querySelectorAll("button")) b.disabled = true;
      const r = await fetch(base + "/vneid/tra-loi", { method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ approval: item.dataset.approval, approve }) });
      item.querySelector(".phone-result").textContent = (await r.json()).message;
    };
    item.querySelector(".phone-approve").addEventListener("click", () => answer(true));
    item.querySelector(".phone-refuse").addEventListener("click", () => answer(false));
  }
})();
// nothing waiting yet: look again in two seconds, as the app's inbox would
if (!document.querySelector(".phone-request")) setTimeout(() => window.location.reload(), 2000);
