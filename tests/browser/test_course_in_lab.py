"""Every notebook, restarted and run in JupyterLab in Chromium, looks right to a learner.

For each notebook: Kernel → "Restart Kernel and Run All Cells…", then
- every figure is an image that loaded (natural width > 0) and none is a figure shown as text;
- no "Error displaying widget"; error outputs only in the cells tagged ``raises-exception``;
- the widgets answer clicks and keys as a learner uses them;
- screenshots of the whole notebook go to build/screenshots/ for a person to look at.
"""

from __future__ import annotations

import json
import re
import time

import pytest

from dvcedu.clock import COURSE_DAY, FixedClock, SeededRandom
from dvcedu.i18n import t
from dvcedu.pki.samples import training_trust
from dvcedu.portal import Portal, Store
from dvcedu.token import TRAINING_PIN

from .conftest import ROOT

NOTEBOOKS = sorted(
    p.relative_to(ROOT / "notebooks").as_posix()
    for p in [
        *(ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"),
        *(ROOT / "notebooks" / "en").glob("[0-9][0-9]_*.ipynb"),
    ]
)
"""Both editions: ``00_gioi_thieu.ipynb`` … and ``en/00_introduction.ipynb`` …"""
RUN_TIMEOUT_MS = 240_000


def open_notebook(page, lab, name: str):
    page.goto(f"{lab.url}/lab/tree/notebooks/{name}?reset&token={lab.token}")
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
    wait_idle(lab)
    if page.locator("#jp-left-stack").is_visible():
        page.keyboard.press("Control+b")  # the notebook full width, as in a classroom demo


def wait_idle(lab, timeout: float = 90) -> None:
    """Every kernel idle, as the server sees it (the toolbar's indicator is only a picture
    of this, and is not always on screen)."""
    deadline = time.monotonic() + timeout
    while True:
        states = [k["execution_state"] for k in lab.api("GET", "/api/kernels")]
        if states and all(s == "idle" for s in states):
            return
        assert time.monotonic() < deadline, f"kernels still {states}"
        time.sleep(0.3)


def restart_and_run_all(page, lab, code_cells: int) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Kernel$")).click()
    page.locator(".lm-Menu-itemLabel", has_text="Restart Kernel and Run All Cells").click()
    page.locator(".jp-Dialog .jp-mod-accept").click()
    # The committed notebook already shows [1]…[N]: first see the run begin (cells queued
    # as [*]), then wait until every code cell shows a number, the last one N, none queued.
    page.wait_for_function(
        """() => [...document.querySelectorAll(
            '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputArea-prompt')]
            .some(p => p.textContent.includes('*'))""",
        timeout=60_000,
        polling=50,
    )
    page.wait_for_function(
        """(n) => {
            const prompts = [...document.querySelectorAll(
                '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputArea-prompt')];
            const texts = prompts.map(p => p.textContent.trim());
            return texts.length === n && !texts.some(t => t.includes('*'))
                && texts.includes('[' + n + ']:');
        }""",
        arg=code_cells,
        timeout=RUN_TIMEOUT_MS,
    )
    wait_idle(lab)


def screenshots(page, shots, stem: str) -> int:
    """The whole notebook, one viewport at a time, top to bottom."""
    scroller = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer")
    height = scroller.evaluate("e => e.scrollHeight")
    step = scroller.evaluate("e => e.clientHeight")
    count = 0
    for top in range(0, max(height, 1), max(step - 60, 200)):
        scroller.evaluate("(e, y) => e.scrollTo(0, y)", top)
        page.wait_for_timeout(150)
        page.screenshot(path=str(shots / f"{stem}-{count:02d}.png"))
        count += 1
    return count


CELLS = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell"


def cell(page, text: str):
    """The one code cell whose output shows ``text`` now, kept by position (a widget's text
    changes as the learner clicks through it)."""
    matches = [
        i
        for i, output in enumerate(
            page.locator(CELLS).evaluate_all(
                "cs => cs.map(c => c.querySelector('.jp-OutputArea')?.innerText || '')"
            )
        )
        if text in output
    ]
    assert len(matches) == 1, f"{len(matches)} cells show {text!r}"
    return page.locator(CELLS).nth(matches[0])


def wizard_captchas() -> tuple[str, str]:
    """The wizard's portal is seeded ("wizard"): the first and the next captcha it hands out
    are known, as a learner knows them by reading the pictures."""
    portal = Portal(
        Store.memory(),
        trust=training_trust(),
        clock=FixedClock(COURSE_DAY),
        random=SeededRandom("wizard"),
    )
    portal.challenge("register")
    return portal.captcha().text, portal.captcha().text


def use_pin_dialog(page, shots, lang: str) -> None:
    dialog = cell(page, t("widget.pin_title", lang, label="").split("'")[0].strip())
    pin = dialog.locator("input[type=password]")
    pin.fill("00000000")
    pin.press("Enter")  # Enter submits, as in any dialog
    dialog.get_by_text(t("pin.incorrect_sim", lang, left=4, max=5).split(".")[0]).first.wait_for()
    dialog.screenshot(path=str(shots / f"01-{lang}-pin-dialog-wrong-pin.png"))
    assert ("lần" if lang == "vi" else "left") in dialog.inner_text()
    pin.fill(TRAINING_PIN)
    dialog.get_by_role("button", name=t("widget.pin_login", lang)).click()
    dialog.get_by_text("✔").wait_for()
    assert pin.input_value() == ""


def use_registration_wizard(page, shots, lang: str) -> None:
    first, second = wizard_captchas()
    step = "Bước" if lang == "vi" else "Step"
    wizard = cell(page, f"{step} 1")
    next_button = wizard.locator("button.mod-primary")
    next_button.click()
    wizard.get_by_text(f"{step} 2.1").wait_for()
    next_button.click()
    wizard.get_by_text(f"{step} 2.2").wait_for()
    assert next_button.inner_text().strip() == "OK"
    next_button.click()
    wizard.get_by_text(f"{step} 2.3").wait_for()
    pin = wizard.locator("input[type=password]")
    pin.fill(TRAINING_PIN)
    pin.press("Enter")
    wizard.get_by_text(f"{step} 2.4").wait_for()
    wizard.get_by_placeholder("ketoan@congty.vn").fill("ketoan@daotao.test")
    image = wizard.locator(".widget-image")
    before = image.get_attribute("src")
    answer = wizard.get_by_placeholder(t("widget.captcha_hint", lang))
    answer.fill("Ư" + first[1:])  # a typo, and a Vietnamese letter: refused with words
    next_button.click()
    wizard.get_by_text(t("widget.captcha", lang)).first.wait_for()
    page.wait_for_function("(b) => document.querySelector('.widget-image').src !== b", arg=before)
    assert f"{step} 2.4" in wizard.inner_text()  # still on the form, no PIN asked again
    wizard.screenshot(path=str(shots / f"04-{lang}-wizard-wrong-captcha.png"))
    answer.fill(second)
    next_button.click()
    done = "✔ Đăng ký thành công" if lang == "vi" else "✔ Registered (Đăng ký thành công)"
    wizard.get_by_text(done).wait_for()
    wizard.screenshot(path=str(shots / f"04-{lang}-wizard-registered.png"))


def use_login_panel(page, shots, lang: str) -> None:
    panel = cell(page, t("widget.login_usb", lang))
    assert panel.locator("input[type=password]").count() == 0  # the page has no PIN box
    login = panel.get_by_role("button", name=t("widget.login_usb", lang))
    assert login.bounding_box()["width"] < 400, "the login button stretches across the page"
    login.click()
    panel.get_by_text(f"{t('widget.plugin', lang)} — {t('widget.choose_cert', lang)}").wait_for()
    panel.get_by_role("button", name="OK", exact=True).click()
    panel.get_by_text(f"{t('widget.plugin', lang)} — {t('widget.enter_pin', lang)}").wait_for()
    panel.screenshot(path=str(shots / f"05-{lang}-login-plugin-pin-window.png"))
    pin = panel.locator("input[type=password]")
    pin.fill(TRAINING_PIN)
    pin.press("Enter")
    panel.get_by_text(t("widget.logged_in", lang)).wait_for()
    name = panel.locator(".dvcedu-top-right")
    assert "CÔNG TY TNHH ĐÀO TẠO AN BÌNH" in name.inner_text()
    bar, box = name.locator("xpath=..").bounding_box(), name.bounding_box()
    assert bar["x"] + bar["width"] - (box["x"] + box["width"]) < 20, "name is not top right"
    panel.screenshot(path=str(shots / f"05-{lang}-login-name-top-right.png"))
    panel.get_by_role("button", name=t("widget.logout", lang)).click()
    panel.get_by_text(t("widget.logged_out", lang)).wait_for()


INTERACT = {"01": use_pin_dialog, "04": use_registration_wizard, "05": use_login_panel}


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_and_looks_right_in_jupyterlab(page, lab, shots, name):
    nb = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))
    lang = "en" if name.startswith("en/") else "vi"
    number = name.removeprefix("en/")[:2]
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    expected_images = sum(
        "image/png" in o.get("data", {}) for c in code for o in c.get("outputs", [])
    )
    raising = [
        i for i, c in enumerate(nb["cells"]) if "raises-exception" in c["metadata"].get("tags", [])
    ]

    open_notebook(page, lab, name)
    # Before running: what the committed notebook shows (pictures included).
    page.wait_for_function(
        "(n) => document.querySelectorAll('.jp-OutputArea-output img').length >= n",
        arg=expected_images,
        timeout=30_000,
    )
    restart_and_run_all(page, lab, len(code))

    outputs = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output")
    texts = outputs.all_inner_texts()
    assert not any("<Figure size" in t for t in texts), "a figure shown as text"
    assert not any("Error displaying widget" in t for t in texts)
    images = page.locator(
        ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output img:not(.widget-image)"
    )
    assert images.count() == expected_images
    for i in range(images.count()):
        images.nth(i).scroll_into_view_if_needed()
        assert images.nth(i).evaluate("i => i.complete && i.naturalWidth > 0"), (
            f"picture {i} of {name} did not load"
        )
    errors = page.evaluate("""() => [...document.querySelectorAll(
            '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell')]
        .map((c, i) => c.querySelector(
            '[data-mime-type="application/vnd.jupyter.stderr"]') ? i : -1)
        .filter(i => i >= 0)""")
    assert errors == raising, f"error outputs in cells {errors}, expected only {raising}"
    notes = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-MarkdownOutput details")
    assert notes.count() >= 1, "the instructor note"
    assert not notes.first.evaluate("d => d.open"), "folded for learners"
    code_font = page.locator(".jp-CodeCell .cm-content").first.evaluate(
        "e => getComputedStyle(e).fontFamily"
    )
    assert code_font.startswith("'Noto Mono'") or code_font.startswith('"Noto Mono"'), code_font

    if number in INTERACT:
        try:
            INTERACT[number](page, shots, lang)
        except Exception:
            page.screenshot(path=str(shots / f"{number}-{lang}-failed.png"))
            raise
    assert screenshots(page, shots, name.replace("/", "-").removesuffix(".ipynb")) > 0
    for session in lab.api("GET", "/api/sessions"):  # one kernel at a time on a small machine
        lab.api("DELETE", f"/api/sessions/{session['id']}")
