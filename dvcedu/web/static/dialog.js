// The signing service's own window: shows the pending dialog (certificate list, PIN, or OK
// while the token is still logged in) with the site that asks and what will be signed, and
// posts the answer back to the service on this same origin. The portal's page cannot read
// this window, and the PIN typed here goes to the service only.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const idle = $("idle");
  const forms = { certificate: $("certificate"), pin: $("pin"), consent: $("consent") };
  let shown = null;

  function showAsked(asked) {
    $("asked").hidden = !asked;
    if (!asked) return;
    $("asked-origin").textContent = asked.origin;
    $("asked-function").textContent = asked.function;
    const body = $("asked-items").querySelector("tbody");
    body.replaceChildren();
    for (const item of asked.items) {
      const row = body.insertRow();
      for (const text of [item.format, item.bytes.toLocaleString(), item.sha256.slice(0, 16) + "…"])
        row.insertCell().textContent = text;
    }
    $("asked-items").hidden = asked.items.length === 0;
  }

  function show(dialog) {
    if (shown && dialog.id === shown.id) return;
    shown = dialog.id ? dialog : null;
    idle.hidden = !!shown;
    for (const [kind, form] of Object.entries(forms)) form.hidden = !shown || shown.kind !== kind;
    showAsked(shown && shown.asked);
    if (!shown) return;
    if (shown.kind === "certificate") {
      const body = forms.certificate.querySelector("tbody");
      body.replaceChildren();
      shown.certificates.forEach((c, i) => {
        const row = body.insertRow();
        const pick = document.createElement("input");
        const chosen = shown.preselected ? c.serial === shown.preselected : i === 0;
        Object.assign(pick, { type: "radio", name: "serial", value: c.serial, checked: chosen });
        row.insertCell().append(pick);
        for (const text of [c.subject, c.uid, c.issuer, c.notAfter]) row.insertCell().textContent = text;
      });
    } else {
      forms[shown.kind].querySelector(".for-cert").textContent =
        shown.certificate.subject + " — " + shown.certificate.uid;
      if (shown.kind === "pin") {
        $("pin-input").value = "";
        $("pin-input").focus();
      }
    }
    window.focus();
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
  forms.pin.addEventListener("submit", (e) => { e.preventDefault(); answer($("pin-input").value); });
  forms.consent.addEventListener("submit", (e) => { e.preventDefault(); answer(true); });
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
