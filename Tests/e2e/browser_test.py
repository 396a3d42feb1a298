#!/usr/bin/env python3
"""A real-browser test of Rasim's web workspace (issue 6, item 5).

Starts `rasim serve` on a fresh SQLite file with the demo data, drives Debian's headless Chromium with
Selenium (PyPI) through chromedriver, and checks what a registrar does on a normal day:

  1. signs in (the page is in Kazakh by default) and sees the dashboard;
  2. registers a paper application for a service, submitted on Monday 3 March 2025 at 10:00 — still
     unregistered, it is already a late registration (check.md v1.1, Stage I case 4);
  3. records its registration two working days later (Wednesday 5 March) — a late registration;
  4. sees the finding `late_registration` on the application page, in Kazakh, with its citations
     (PS-RISK-2023 App.1 #14, PS-VIOLATIONS-2025 Stage I case 1) and the day-by-day count;
  5. switches to Russian and sees the same finding in Russian;
  6. downloads the findings report as XLSX and opens it with openpyxl (an independent reader): the sheet
     has the Russian header and a row for the new application with the code and the citation.

Screenshots of the dashboard and the application page go to --out (default .build/e2e).

    python3 Tests/e2e/browser_test.py --binary .build/debug/rasim
Exit status 0 when every check passes, 1 naming the first that failed, 2 when the set-up is missing.
"""
import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import Select, WebDriverWait
    import openpyxl
except ImportError as e:  # pragma: no cover - set-up problem, not a test failure
    print(f"e2e set-up: {e}; install with: pip install -r Tests/e2e/requirements.txt", file=sys.stderr)
    sys.exit(2)

SERVICE = "outdoor-advertising"
APP_ID = "E2E-0001"


class Failure(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failure(what)
    print(f"  ok  {what}")


from rasim_server import wait_listening  # noqa: E402  (beside this file)


def browser(download_dir):
    opts = webdriver.ChromeOptions()
    for a in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1400,1100", "--lang=kk"]:
        opts.add_argument(a)
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary:
        opts.binary_location = binary
    opts.add_experimental_option("prefs", {"download.default_directory": download_dir, "download.prompt_for_download": False})
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    d = webdriver.Chrome(service=Service(driver_path), options=opts)
    d.set_page_load_timeout(60)
    return d


def waiter(driver, timeout=60):
    """A wait that tolerates the page being replaced under it: an element found on the old page goes stale,
    one looked up while the new page is still loading may be missing, and a script run in the instant between
    two documents finds no execution context (a plain WebDriverException); all of these mean "not yet"."""
    return WebDriverWait(driver, timeout, poll_frequency=0.1,
                         ignored_exceptions=(StaleElementReferenceException, NoSuchElementException, WebDriverException))


def click_and_load(driver, element, until, what):
    """Clicks something that navigates (a link, a form's submit button) and waits for the new page: the old
    document must go stale first (so a condition that still holds on the old page cannot pass early), then
    the new one must be complete and satisfy `until`."""
    old = driver.find_element(By.TAG_NAME, "html")
    element.click()
    w = waiter(driver)
    try:
        w.until(EC.staleness_of(old))
        w.until(lambda d: d.execute_script("return document.readyState") == "complete" and until(d))
    except Exception as e:  # TimeoutException carries no page state; say what was awaited and where we are
        raise Failure(f"{what}: the page did not arrive ({type(e).__name__}: {str(e).strip()[:300]}); at {driver.current_url}")


def html_lang(d):
    return d.find_element(By.TAG_NAME, "html").get_attribute("lang")


def set_value(driver, element_id, value):
    """datetime-local inputs take keys in the browser's locale format; set the value the page would get."""
    el = driver.find_element(By.ID, element_id)
    driver.execute_script("arguments[0].value = arguments[1];", el, value)


def full_page_screenshot(driver, path):
    height = driver.execute_script("return Math.min(document.body.scrollHeight, 4000)")
    driver.set_window_size(1400, max(900, height + 40))
    driver.save_screenshot(path)
    driver.set_window_size(1400, 1100)


def run(binary, out):
    os.makedirs(out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="rasim-e2e-")
    downloads = os.path.join(work, "downloads")
    os.makedirs(downloads)
    log = open(os.path.join(work, "server.log"), "w")
    env = {k: v for k, v in os.environ.items() if k not in ("RASIM_DATABASE_URL", "RASIM_CALENDAR_OVERRIDES")}
    server = subprocess.Popen([binary, "serve", "--port", "0", "--demo", "--database", f"sqlite://{work}/e2e.sqlite"],
                              cwd=work, stdout=log, stderr=subprocess.STDOUT, env=env)
    driver = None
    try:
        base, health = wait_listening(log.name, server, Failure)
        # What the real server (not the in-process router of the Swift tests) sends: no Server header.
        if health.get("Server") is not None:
            raise Failure(f"the server names itself: Server: {health.get('Server')}")
        driver = browser(downloads)

        print("1. sign in")
        driver.get(base + "/")
        check("/signin" in driver.current_url, "the signed-out are sent to the sign-in page")
        check(html_lang(driver) == "kk", "the sign-in page is in Kazakh by default")
        driver.find_element(By.ID, "username").send_keys("registrar")
        driver.find_element(By.ID, "password").send_keys("rasim-demo")
        click_and_load(driver, driver.find_element(By.ID, "signin-submit"), lambda d: "/dashboard" in d.current_url, "sign-in")
        check(driver.find_element(By.TAG_NAME, "h1").text == "Басқару тақтасы", "the dashboard opens, titled in Kazakh")
        check(len(driver.find_elements(By.CSS_SELECTOR, "#open-table tbody tr")) > 0, "the dashboard lists open applications by due date")
        check(driver.find_elements(By.CSS_SELECTOR, "svg.chart"), "the dashboard draws its charts")
        full_page_screenshot(driver, os.path.join(out, "dashboard.png"))

        print("2. register an application")
        driver.get(base + "/applications/new")
        Select(driver.find_element(By.ID, "n-service")).select_by_value(SERVICE)
        Select(driver.find_element(By.ID, "n-provider")).select_by_value("akimat-abai")
        Select(driver.find_element(By.ID, "n-channel")).select_by_value("paper")
        driver.find_element(By.ID, "n-id").send_keys(APP_ID)
        driver.find_element(By.ID, "n-applicant").send_keys("Әлия Нұрланқызы")
        set_value(driver, "n-submitted", "2025-03-03T10:00")
        click_and_load(driver, driver.find_element(By.ID, "new-submit"), lambda d: f"/applications/{APP_ID}" in d.current_url,
                       "registering the application")
        check(APP_ID in driver.find_element(By.TAG_NAME, "h1").text, "the new application's page opens")
        # check.md v1.1 (Stage I case 4): an application still unregistered after its receipt day is a late registration.
        unregistered = driver.find_elements(By.CSS_SELECTOR, "li.finding[data-code=late_registration]")
        check(len(unregistered) == 1 and "тіркелмеген" in unregistered[0].text, "still unregistered, it is already a late registration")

        print("3. record the registration two working days late")
        Select(driver.find_element(By.ID, "r-type")).select_by_value("registered")
        set_value(driver, "r-at", "2025-03-05T11:00")
        click_and_load(driver, driver.find_element(By.ID, "record-submit"), lambda d: "recorded=1" in d.current_url,
                       "recording the registration")

        print("4. the finding, in Kazakh, with its citation")
        finding = driver.find_element(By.CSS_SELECTOR, "li.finding[data-code=late_registration]")
        text = finding.text
        check("Өтінішті кешіктіріп тіркеу" in text, "the finding is named in Kazakh")
        check("2 жұмыс күніне кешіктірілген" in text, "the message says 2 working days late, in Kazakh")
        cites = [c.text for c in finding.find_elements(By.TAG_NAME, "cite")]
        check("PS-RISK-2023 App.1 #14" in cites and "PS-VIOLATIONS-2025 Stage I case 1" in cites, f"the finding cites its rules: {cites}")
        check("2025 жылғы 5 наурыз" in driver.find_element(By.ID, "timeline").text, "the timeline shows the date in the Kazakh style")
        for summary in driver.find_elements(By.CSS_SELECTOR, "details.trace > summary"):
            summary.click()
        terms = driver.find_element(By.ID, "terms-h").find_element(By.XPATH, "..").text
        # 8 March 2025 fell on a Saturday: the day off moved to Monday 10 March, inside the 5-working-day term.
        check("2025 жылғы 10 наурыз" in terms and "ауыстырылған демалыс күні" in terms, "the count names the moved day off of 10 March 2025")
        full_page_screenshot(driver, os.path.join(out, "application.png"))

        print("5. switch to Russian")
        click_and_load(driver, driver.find_element(By.ID, "switch-language"), lambda d: html_lang(d) == "ru",
                       "switching to Russian")
        check(driver.find_element(By.TAG_NAME, "h1").text.startswith("Заявление"), "the same page, now in Russian")
        text = driver.find_element(By.CSS_SELECTOR, "li.finding[data-code=late_registration]").text
        check("Несвоевременная регистрация заявления" in text, "the finding is named in Russian")
        check("5 марта 2025 г." in driver.find_element(By.ID, "timeline").text, "dates in the Russian style")
        driver.get(base + "/dashboard")
        check(html_lang(driver) == "ru", "the choice is remembered on the next page")

        print("6. download the findings report as XLSX and open it")
        driver.get(base + "/reports?finding=late_registration")
        driver.find_element(By.ID, "download-xlsx").click()
        path = os.path.join(downloads, "rasim-findings.xlsx")
        deadline = time.time() + 60
        while time.time() < deadline and (not os.path.exists(path) or any(f.endswith(".crdownload") for f in os.listdir(downloads))):
            time.sleep(0.2)
        check(os.path.exists(path), "the browser downloaded rasim-findings.xlsx")
        book = openpyxl.load_workbook(path)
        sheet = book.active
        rows = list(sheet.iter_rows(values_only=True))
        check(rows and rows[0][0] == "Заявление" and rows[0][4] == "Код", f"the sheet has the Russian header: {rows[0] if rows else None}")
        mine = [r for r in rows[1:] if r[0] == APP_ID]
        check(len(mine) == 1 and mine[0][4] == "late_registration", f"the sheet has the new application's finding: {mine}")
        check("PS-RISK-2023 App.1 #14" in (mine[0][10] or ""), "the row carries the citation")
        check(mine[0][9] == 2, "the lateness is a number a spreadsheet can sum (2 working days)")
        check(all(r[4] == "late_registration" for r in rows[1:]), "only the filtered code is in the report")
        print(f"e2e: all checks passed; screenshots in {out}")
        return 0
    except Failure as f:
        print(f"e2e FAILED: {f}", file=sys.stderr)
        if driver is not None:
            try:
                driver.save_screenshot(os.path.join(out, "failure.png"))
                print(f"  page at failure: {driver.current_url} (screenshot {out}/failure.png)", file=sys.stderr)
            except Exception:
                pass
        log.flush()
        print("--- server log (tail) ---\n" + "".join(open(log.name).readlines()[-20:]), file=sys.stderr)
        return 1
    finally:
        if driver is not None:
            driver.quit()
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(work, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=".build/debug/rasim", help="the rasim executable (default .build/debug/rasim)")
    ap.add_argument("--out", default=".build/e2e", help="where screenshots go (default .build/e2e)")
    a = ap.parse_args()
    if not os.path.exists(a.binary):
        print(f"e2e set-up: no rasim binary at {a.binary} (swift build first)", file=sys.stderr)
        return 2
    if not (shutil.which("chromedriver") or os.path.exists("/usr/bin/chromedriver")):
        print("e2e set-up: chromedriver is missing (apt-get install chromium chromium-driver)", file=sys.stderr)
        return 2
    return run(os.path.abspath(a.binary), os.path.abspath(a.out))


if __name__ == "__main__":
    sys.exit(main())
