"""Driving Debian's headless Chromium for the console's browser tests: the browser at fixed
paths (installed by scripts/install-browser.sh; Selenium Manager is never consulted, so
nothing is downloaded) and the page helpers every browser test uses.

Importing this module skips the importing test module where Chromium is not installed.
The `browser` and `page` fixtures (tests/desk/conftest.py) open one browser for the session.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import PROJECT_ROOT
from tests.desk.conftest import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = PROJECT_ROOT / "var" / "test-artifacts"
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1440,1200",
)
WAIT_S = 10

if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
    pytest.skip(
        f"Chromium is not installed ({CHROMIUM}, {CHROMEDRIVER}): run scripts/install-browser.sh",
        allow_module_level=True,
    )

from selenium import webdriver  # noqa: E402 - only once we know there is a browser to drive
from selenium.common.exceptions import StaleElementReferenceException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.selenium_manager import SeleniumManager  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def _no_selenium_manager(*args, **kwargs):
    raise AssertionError("Selenium Manager was asked for a browser or driver: it must never download one")


def open_browser(profile: Path) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=str(CHROMEDRIVER), log_output=str(profile.parent / "chromedriver.log"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SE_OFFLINE", "true")
        patch.setattr(SeleniumManager, "binary_paths", _no_selenium_manager)
        driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(30)
    return driver


def wait(driver, condition, timeout: float = WAIT_S, message: str = ""):
    """Until `condition` holds; an element the live page re-rendered meanwhile is looked up again."""
    ignored = (StaleElementReferenceException,)
    return WebDriverWait(driver, timeout, ignored_exceptions=ignored).until(condition, message)


def text_of(driver, element_id: str) -> str:
    return driver.find_element(By.ID, element_id).text


def sign_in(driver, desk, username: str, password: str = PASSWORD) -> None:
    driver.get(f"{desk.url}/console")
    wait(driver, ec.url_contains("/console/login"), message="not sent to the login page")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.ID, "login-submit").click()


def read(driver, css: str, attribute: str | None = None, timeout: float = WAIT_S) -> str:
    """Text (or an attribute) of the first element matching `css`, looked up afresh: the
    console re-renders its lists on every live update, so held element references go stale."""

    def found(d):
        elements = d.find_elements(By.CSS_SELECTOR, css)
        if not elements:
            return None
        value = elements[0].get_attribute(attribute) if attribute else elements[0].text
        return (value or "",)  # a tuple: an empty value still ends the wait

    return wait(driver, found, timeout, message=f"nothing matches {css}")[0]


def severe_browser_errors(driver) -> list:
    return [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
