"""The review page in a real headless browser (Debian's chromium and chromium-driver via Selenium):
open a document, correct an assignee, mark a task done, reload, see both; re-ingest, still there.
Writes the screenshot docs/review.png that the README shows."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from fixtures.serving import TOKEN, serving

from pipeline.ingestion import ingest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None or DRIVER is None,
    reason="chromium and chromium-driver are not installed (scripts/install-system-deps.sh installs them)",
)


@pytest.fixture
def browser():  # noqa: ANN201 - a selenium WebDriver
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[dev]')")
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1500,1000", "--lang=vi"):
        opts.add_argument(arg)
    driver = webdriver.Chrome(service=Service(DRIVER), options=opts)
    driver.implicitly_wait(5)
    try:
        yield driver
    finally:
        driver.quit()


def test_correct_an_assignee_and_mark_done_survive_reload_and_reingest(browser, tmp_path: Path) -> None:  # noqa: ANN001
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import Select, WebDriverWait

    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("002_adbae0d9f27c1d4c.txt", "004_32125652a63c81a5.txt"):
        shutil.copy(CORPUS / name, folder / name)
    db = tmp_path / "s.duckdb"
    ingest([folder], db=db)
    wait = WebDriverWait(browser, 10)

    def row(clause: str):  # noqa: ANN202 - the task row of a clause
        return browser.find_element(By.XPATH, f"//tr[contains(@class,'task')][td[1][normalize-space()='{clause}']]")

    def after_reload(old) -> None:  # noqa: ANN001
        wait.until(ec.staleness_of(old))
        wait.until(lambda d: d.execute_script("return document.readyState") == "complete")

    with serving(db) as c:
        browser.get(c.base + "/")
        docs = browser.find_elements(By.CSS_SELECTOR, "a.doc-link")
        assert sorted(a.text for a in docs) == ["221-KL/TW", "9797-CV/BTCTW"]
        next(a for a in docs if a.text == "9797-CV/BTCTW").click()
        wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "table.tasks")))
        token = browser.find_element(By.ID, "token")
        token.send_keys(TOKEN)
        browser.execute_script("arguments[0].dispatchEvent(new Event('change'))", token)

        # correct the lead agency of clause 4 inline
        r4 = row("4")
        assert r4.find_element(By.CSS_SELECTOR, "td.assignees").text == "Các bộ, ngành"
        r4.find_element(By.CSS_SELECTOR, ".edit-btn").click()
        tid4 = r4.get_attribute("data-task")
        field = browser.find_element(By.CSS_SELECTOR, f"#edit-{tid4} input[name=assignees]")
        field.clear()
        field.send_keys("Bộ Nội vụ; Bộ Tài chính")
        browser.find_element(By.CSS_SELECTOR, f"#edit-{tid4} .save-btn").click()
        after_reload(r4)

        # mark clause 1 done from its status list
        r1 = row("1")
        Select(r1.find_element(By.CSS_SELECTOR, "select.status")).select_by_value("done")
        after_reload(r1)

        def check() -> None:
            r4, r1 = row("4"), row("1")
            assert r4.find_element(By.CSS_SELECTOR, "td.assignees").text == "Bộ Nội vụ; Bộ Tài chính"
            assert "corrected" in r4.get_attribute("class").split()
            assert r4.find_element(By.CSS_SELECTOR, ".badge").text == "đã sửa"
            assert Select(r1.find_element(By.CSS_SELECTOR, "select.status")).first_selected_option.text == "Hoàn thành"
            assert r1.find_element(By.CSS_SELECTOR, ".done-on").text == date.today().strftime("%d/%m/%Y")
            assert r1.find_element(By.CSS_SELECTOR, "td.deadline").text == "15/10/2025"

        browser.refresh()
        check()
        ingest([folder], db=db, force=True)  # re-extract everything: the corrections stay
        browser.refresh()
        check()

        # select the corrected task: its clause is highlighted beside the table, the new lead marked
        row("4").find_element(By.CSS_SELECTOR, "td.text a").click()
        wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "#selected .task-highlight")))
        assert "selected" in row("4").get_attribute("class").split()
        marked = browser.find_element(By.CSS_SELECTOR, "#selected").text
        assert "khẩn trương sửa đổi, bổ sung" in marked and "LEAD not in the text" in marked

        # the done task selected, its deadline phrase marked in the clause: the README's screenshot
        row("1").find_element(By.CSS_SELECTOR, "td.text a").click()
        wait.until(lambda d: "selected" in row("1").get_attribute("class").split())
        marks = browser.find_elements(By.CSS_SELECTOR, "#selected mark")
        assert [" ".join(m.text.split()) for m in marks] == ["hoàn thành trước ngày 15/10/2025 DEADLINE"]
        browser.save_screenshot(str(ROOT / "docs" / "review.png"))

        # a wrong token is refused on the page, with the reason, and changes nothing
        token = browser.find_element(By.ID, "token")
        token.clear()
        token.send_keys("wrong")
        browser.execute_script("arguments[0].dispatchEvent(new Event('change'))", token)
        Select(row("2").find_element(By.CSS_SELECTOR, "select.status")).select_by_value("cancelled")
        wait.until(lambda d: d.find_element(By.ID, "message").text.startswith("Lỗi:"))
        assert "token" in browser.find_element(By.ID, "message").text
