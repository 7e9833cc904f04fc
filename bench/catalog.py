"""A generated catalog of any size, made from the demo shop's products."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from assistant.cli import DEMO_DIR

_EDITIONS = ["Pro", "Lite", "Trail", "Alpine", "Urban", "Expedition", "Classic", "Evo", "Air", "Storm", "Flow", "Peak"]
_FEATURES = [
    "Recycled fabric.", "Reinforced seams.", "Made in Europe.", "Packs into its own pocket.", "PFC-free water repellent.",
    "Reflective details for low light.", "Two-year warranty.", "Tested in the Pyrenees.", "Repairable design.",
    "Lighter than the previous model.", "Wide fit.", "Vegan materials.",
]  # fmt: skip


def generated_products(count: int, seed: int = 11) -> list[dict[str, Any]]:
    """``count`` distinct products derived from the demo catalog."""
    rng = random.Random(seed)
    base = json.loads((DEMO_DIR / "catalog.json").read_text(encoding="utf-8"))
    out = []
    for number in range(count):
        product = dict(base[number % len(base)])
        edition = f"{rng.choice(_EDITIONS)} {number // len(base) + 1}"
        product["id"] = f"G{number:06d}"
        product["sku"] = f"{product['sku']}-{number:06d}"
        product["title"] = f"{product['title']} {edition}"
        product["title_fr"] = f"{product.get('title_fr', product['title'])} {edition}"
        product["description"] = f"{product['description']} {' '.join(rng.sample(_FEATURES, 2))}"
        product["price"] = round(float(product["price"]) * rng.uniform(0.8, 1.25), 2)
        product["variants"] = [{**v, "sku": f"{v['sku']}-{number:06d}"} for v in product.get("variants", [])]
        out.append(product)
    return out


def write_catalog(path: Path, count: int) -> Path:
    """Write a generated catalog as JSON."""
    path.write_text(json.dumps(generated_products(count)), encoding="utf-8")
    return path
