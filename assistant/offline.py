"""Keep every library we load from reaching the network: no hub downloads, no telemetry."""

from __future__ import annotations

import os

OFFLINE_ENVIRONMENT = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "DO_NOT_TRACK": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "TOKENIZERS_PARALLELISM": "false",
    # tldextract (pulled in by Presidio) fetches the public suffix list unless given no address: then it
    # uses the snapshot it ships.
    "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS": "",
}


def enforce_offline() -> None:
    """Set the switches that the model and vector libraries read before they are imported."""
    for name, value in OFFLINE_ENVIRONMENT.items():
        os.environ[name] = value
