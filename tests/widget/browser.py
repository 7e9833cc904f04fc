"""What the browser tests share: Debian's Chromium, a demo shop served on loopback, the widget, the staff login form.

The fixtures ``page``, ``served`` and ``live_server`` are given to every module of this folder by its conftest.py;
a module overrides ``served`` (or ``live_server``) to run its own server.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Dialog, expect

from assistant.runtime import Runtime, build_runtime
from tests.app import served as app_served
from tests.conftest import make_settings

CHROMIUM = os.environ.get("COMPTOIR_TEST_BROWSER", "/usr/bin/chromium")
"""Debian's Chromium (``.ci/run`` installs it): Playwright drives it and never downloads a browser of its own."""

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]

WAIT = 30_000
"""Milliseconds ``expect`` waits for anything that crosses the server."""

PASSWORD = "correct horse battery"
"""The password of the staff accounts the tests add."""


# The browser


@pytest.fixture
def page(live_server: str) -> Iterator[Any]:
    """A fresh headless Chromium tab (on whatever ``live_server`` the module gives); ``page.dialogs`` gathers the
    messages of the dialogs it dismissed."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: .ci/run installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        tab = context.new_page()
        dialogs: list[str] = []

        def dismiss(dialog: Dialog) -> None:
            dialogs.append(dialog.message)
            dialog.dismiss()

        tab.on("dialog", dismiss)
        tab.dialogs = dialogs  # type: ignore[attr-defined]
        yield tab
        browser.close()


def wait_until(page: Any, check: Callable[[], bool], timeout: float = 10.0, what: str = "condition") -> None:
    """Poll ``check`` while letting the browser (and the fake server's callbacks) run."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        page.wait_for_timeout(50)


# The server


@dataclass
class Served:
    url: str
    runtime: Runtime


@contextmanager
def serve_demo(
    name: str,
    demo_index_dir: Path,
    tmp_path_factory: pytest.TempPathFactory,
    embeddings: Any,
    detector: Any,
    *,
    server: dict[str, Any] | None = None,
    **overrides: Any,
) -> Iterator[Served]:
    """A real server on loopback over a copy of the demo index (settings ``overrides``, uvicorn's ``server``
    options), its runtime at hand."""
    data_dir = tmp_path_factory.mktemp(name)
    shutil.copytree(demo_index_dir / "index", data_dir / "index")
    runtime = build_runtime(make_settings(data_dir, **overrides), embeddings, detector)
    with app_served(runtime, **(server or {})) as url:
        yield Served(url, runtime)


@pytest.fixture(scope="module")
def served(
    demo_index_dir: Path, embeddings: Any, detector: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    """A real server on loopback over the demo shop, one per module, with its runtime at hand (staff accounts)."""
    with serve_demo("served", demo_index_dir, tmp_path_factory, embeddings, detector) as served:
        yield served


@pytest.fixture(scope="module")
def live_server(served: Served) -> str:
    return served.url


# The shopper's widget


def open_chat(page: Any, url: str) -> None:
    """The page at ``url``, its widget opened, once the AI disclosure is shown."""
    page.goto(url)
    page.locator(".cpt-launcher").click()
    page.locator(".cpt-disclosure").wait_for(timeout=30000)


def ask(page: Any, text: str) -> Any:
    """Sends ``text`` from the widget; the assistant's answer to it, once it is shown."""
    before = page.locator(".cpt-msg-assistant").count()
    page.locator(".cpt-input").fill(text)
    page.locator(".cpt-input").press("Enter")
    page.locator(".cpt-msg-assistant").nth(before).wait_for(timeout=30000)
    return page.locator(".cpt-msg-assistant").nth(before)


def host_attr(page: Any, name: str) -> str | None:
    """An attribute of the widget's host element."""
    return page.locator("comptoir-widget").get_attribute(name)


def session_of(page: Any, url: str) -> str:
    """The conversation token the widget keeps for the shop's origin."""
    return str(page.evaluate("origin => localStorage.getItem(`comptoir:${origin}:session`)", url))


# The staff


def sign_in(page: Any, name: str, password: str = PASSWORD) -> None:
    """Fills the staff login form the page shows and submits it."""
    page.locator("#login-name").fill(name)
    page.locator("#login-password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def log_in(page: Any, url: str, path: str, name: str, password: str = PASSWORD) -> None:
    """A member of staff opens ``path``, is sent to the login form, signs in and is brought back to ``path``."""
    page.goto(url + path)
    expect(page).to_have_url(f"{url}/console/login?next={path}")
    sign_in(page, name, password)
    expect(page).to_have_url(url + path, timeout=WAIT)


def staff_tab(page: Any, url: str, path: str, name: str, password: str = PASSWORD, **context: Any) -> Any:
    """A second tab, in its own browser context (``context`` options) beside ``page``'s, where a member of staff
    logs in through the form and lands on ``path``."""
    tab = page.context.browser.new_context(**context).new_page()
    log_in(tab, url, path, name, password)
    return tab
