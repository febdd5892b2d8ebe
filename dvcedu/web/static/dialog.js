// The signing service's own window: shows the pending dialog (certificate list or PIN),
// posts the answer back to the service on this same origin. The portal's page cannot read
// this window, and the PIN typed here goes to the service only.
"use strict";
(function () {
  const idle = document.getElementById("idle");
  const forms = { certificate: document.getElementById("certificate"),
                  pin: document.getElementById("pin") };
  let shown = null;

  function show(dialog) {
    if (shown && dialog.id === shown.id) return;
    shown = dialog.id ? dialog : null;
    idle.hidden = !!shown;
    for (const [kind, form] of Object.entries(forms)) form.hidden = !shown || shown.kind !== kind;
    if (!shown) return;
    if (shown.kind === "certificate") {
      const body = forms.certificate.querySelector("tbody");
      body.replaceChildren();
      shown.certificates.forEach((c, i) => {
        const row = body.insertRow();
        const pick = document.createElement("input");
        Object.assign(pick, { type: "radio", name: "serial", value: c.serial, checked: i === 0 });
        row.insertCell().append(pick);
        for (const text of [c.subject, c.uid, c.issuer, c.notAfter]) row.insertCell().textContent = text;
      });
      window.focus();
    } else {
      forms.pin.querySelector(".for-cert").textContent =
        shown.certificate.subject + " — " + shown.certificate.uid;
      const input = document.getElementById("pin-input");
      input.value = "";
      input.focus();
      window.focus();
    }
  }

  async function answer(value) {
    const dialog = shown;
    if (!dialog) return;
    shown = null;
    show({});
    await fetch("hop-thoai/tra-loi", { method: "POST", headers: { "Content-Type": "application/json" },
                                        body: JSON.stringify({ id: dialog.id, answer: value }) });
  }

  forms.certificate.addEventListener("submit", (e) => {
    e.preventDefault();
    const picked = forms.certificate.querySelector("input[name=serial]:checked");
    answer(picked ? picked.value : null);
  });
  forms.pin.addEventListener("submit", (e) => {
    e.preventDefault();
    answer(document.getElementById("pin-input").value);
  });
  document.querySelectorAll(".cancel").forEach((b) => b.addEventListener("click", () => answer(null)));

  async function poll() {
    try {
      const r = await fetch("hop-thoai/cho", { cache: "no-store" });
      show(await r.json());
    } catch (e) { /* the service stopped: keep the last state */ }
    setTimeout(poll, 300);
  }
  poll();
})();
