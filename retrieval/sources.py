"""From a merchant's files to index items: the catalog and the policy pages."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from retrieval.catalog import Product, RowError, load_catalog
from retrieval.index import POLICIES, PRODUCTS, IndexItem, Manifest
from retrieval.policies import PolicyPassage, load_policies

Screen = Callable[[str], "bool | tuple[str, ...]"]
"""Says whether a sentence reads as instructions to an assistant (indirect prompt injection): true, or the reasons
why (named in the ingest report)."""

_SENTENCE = re.compile(r"(?<=[.!?…])\s+|\n+")


def collect_items(
    index_dir: Path,
    *,
    catalog: Path | None,
    policies: Path | None,
    language: str,
    shop_url: str = "",
    screen: Screen | None = None,
) -> tuple[list[IndexItem], list[RowError], list[str]]:
    """Items for the next ingest, bad rows, and the sentences set aside as instructions.

    A kind whose source is not given keeps what the index has. With a ``screen``, a sentence of a product
    description or a policy page that reads as instructions to the assistant ("ignore your rules and...")
    is left out of what is indexed and shown, and named in the third list.
    """
    items: list[IndexItem] = []
    errors: list[RowError] = []
    set_aside: list[str] = []
    if catalog is not None:
        load = load_catalog(catalog, language=language, shop_url=shop_url)
        products = (
            [_screen_product(p, screen, catalog.name, set_aside) for p in load.products] if screen else load.products
        )
        items += [IndexItem.of_product(p) for p in products]
        errors += load.errors
    if policies is not None:
        passages = load_policies(policies, language=language)
        if screen:
            passages = [_screen_passage(p, screen, set_aside) for p in passages]
        items += [IndexItem.of_passage(p) for p in passages]
    kept = {kind for kind, given in ((PRODUCTS, catalog), (POLICIES, policies)) if given is None}
    if kept:
        items += _items_in_index(index_dir, kept)
    return items, errors, set_aside


def _without_instructions(text: str, screen: Screen, where: str, set_aside: list[str]) -> str:
    sentences = [s for s in _SENTENCE.split(text) if s.strip()]
    kept = []
    for sentence in sentences:
        verdict = screen(sentence)
        if verdict:
            why = f" ({', '.join(verdict)})" if isinstance(verdict, tuple) else ""
            set_aside.append(f"{where}: instruction-like text set aside{why}: {sentence[:120]!r}")
        else:
            kept.append(sentence)
    return text if len(kept) == len(sentences) else " ".join(kept)


def _screen_product(product: Product, screen: Screen, file: str, set_aside: list[str]) -> Product:
    description = {
        lang: _without_instructions(text, screen, f"{file}: product {product.id} ({lang})", set_aside)
        for lang, text in product.description.items()
    }
    return product if description == product.description else dataclasses.replace(product, description=description)


def _screen_passage(passage: PolicyPassage, screen: Screen, set_aside: list[str]) -> PolicyPassage:
    text = _without_instructions(passage.text, screen, f"policy {passage.page} ({passage.lang})", set_aside)
    return passage if text == passage.text else dataclasses.replace(passage, text=text)


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
