"""The shopper's chat widget: one JavaScript file, no build step."""

from pathlib import Path

WIDGET_JS = Path(__file__).resolve().parent / "static" / "widget.js"
