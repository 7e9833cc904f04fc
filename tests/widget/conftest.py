"""The browser tests' fixtures, from tests/widget/browser.py."""

from tests.widget.browser import live_server, page, served

__all__ = ["live_server", "page", "served"]
