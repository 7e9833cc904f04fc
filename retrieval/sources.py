"""From a merchant's files to index items: the catalog and the policy pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from retrieval.catalog import RowError, load_catalog
from retrieval.index import POLICIES, PRODUCTS, IndexItem, Manifest
from retrieval.policies import load_policies


def collect_items(
    index_dir: Path,
    *,
    catalog: Path | None,
    policies: Path | None,
    language: str,
    shop_url: str = "",
) -> tuple[list[IndexItem], list[RowError]]:
    """Items for the next ingest; a kind whose source is not given keeps what the index has."""
    items: list[IndexItem] = []
    errors: list[RowError] = []
    if catalog is not None:
        load = load_catalog(catalog, language=language, shop_url=shop_url)
        items += [IndexItem.of_product(p) for p in load.products]
        errors += load.errors
    if policies is not None:
        items += [IndexItem.of_passage(p) for p in load_policies(policies, language=language)]
    kept = {kind for kind, given in ((PRODUCTS, catalog), (POLICIES, policies)) if given is None}
    if kept:
        items += _items_in_index(index_dir, kept)
    return items, errors


def _items_in_index(index_dir: Path, kinds: set[str]) -> list[IndexItem]:
    entries: dict[str, Any] = Manifest(index_dir / "manifest.json").read()["items"]
    return [
        IndexItem(
            key=key.split(":", 1)[1],
            kind=entry["kind"],
            hash=entry["hash"],
            embedding_text=_embedding_text(entry),
            payload=entry["payload"],
        )
        for key, entry in entries.items()
        if entry["kind"] in kinds
    ]


def _embedding_text(entry: dict[str, Any]) -> str:
    from retrieval.catalog import product_from_dict
    from retrieval.policies import PolicyPassage

    if entry["kind"] == PRODUCTS:
        return product_from_dict(entry["payload"]).embedding_text()
    return PolicyPassage(**entry["payload"]).embedding_text()
