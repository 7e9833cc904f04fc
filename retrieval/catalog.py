"""The shop's products, and the readers for the catalog formats a merchant can hand us."""

from __future__ import annotations

import csv
import hashlib
import html
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from retrieval.text import fold, stem

Availability = str  # "in_stock" | "low_stock" | "out_of_stock"
_WORD = re.compile(r"[\w°]+(?:['’]\w+)?")


@dataclass(frozen=True)
class Variant:
    """One buyable variant of a product (a size and/or a colour)."""

    sku: str
    size: str | None = None
    colour: str | None = None
    stock: int | None = None
    price: str | None = None


@dataclass(frozen=True)
class Product:
    """A product as the assistant knows it; texts are keyed by language code."""

    id: str
    sku: str
    title: dict[str, str]
    description: dict[str, str]
    category: dict[str, str]
    brand: str
    price: str
    currency: str
    stock: int
    url: str
    image_url: str
    variants: tuple[Variant, ...] = ()
    tags: tuple[str, ...] = ()

    @property
    def sizes(self) -> list[str]:
        """Sizes offered, in catalog order."""
        return _unique(v.size for v in self.variants)

    @property
    def colours(self) -> list[str]:
        """Colours offered, in catalog order."""
        return _unique(v.colour for v in self.variants)

    def text(self, attribute: str, lang: str) -> str:
        """A localised text attribute, falling back to any language the catalog has."""
        values: dict[str, str] = getattr(self, attribute)
        return values.get(lang) or next(iter(values.values()), "")

    def availability(self, low_stock_threshold: int) -> Availability:
        """``in_stock``, ``low_stock`` or ``out_of_stock`` from the stock figure alone."""
        if self.stock <= 0:
            return "out_of_stock"
        return "low_stock" if self.stock <= low_stock_threshold else "in_stock"

    def embedding_text(self) -> str:
        """The short text the embedding model reads: names and kind in every language, and the brand.

        A word is said once (a French title mostly adds its translated nouns, a category often repeats a
        title word), which keeps the text near 20 tokens: embedding cost grows with length, and the lexical
        index reads the descriptions.
        """
        seen: set[str] = set()
        words = []
        for part in (*self.title.values(), *self.category.values(), self.brand):
            for word in _WORD.findall(part):
                key = stem(fold(word))
                if key not in seen:
                    seen.add(key)
                    words.append(word)
        return " ".join(words)

    def lexical_text(self) -> str:
        """Everything a shopper may type that should find this product."""
        parts = [
            self.sku,
            self.brand,
            *self.title.values(),
            *self.title.values(),
            *self.category.values(),
            *self.description.values(),
            *self.tags,
            *self.sizes,
            *self.colours,
        ]
        return " ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form, read back by :func:`product_from_dict`."""
        return asdict(self)

    def content_hash(self) -> str:
        """A hash of everything indexed, so that a changed product is re-embedded."""
        payload = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode()).hexdigest()


def product_from_dict(data: dict[str, Any]) -> Product:
    """Rebuild a :class:`Product` from :meth:`Product.to_dict` output."""
    variants = tuple(Variant(**v) for v in data.get("variants", ()))
    return Product(**{**data, "variants": variants, "tags": tuple(data.get("tags", ()))})


@dataclass(frozen=True)
class RowError:
    """A catalog row that was skipped, with where it is and why."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass
class CatalogLoad:
    """What a catalog file gave: the good products and the rows skipped."""

    products: list[Product] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


class RowProblem(ValueError):
    """A row cannot become a product; the message says why."""


def load_catalog(path: Path, *, language: str = "en", shop_url: str = "") -> CatalogLoad:
    """Read a generic CSV, a generic JSON or a Shopify product export, chosen by content."""
    if not path.is_file():
        raise FileNotFoundError(f"catalog file not found: {path}")
    if path.suffix.lower() == ".json":
        return _load_json(path, language)
    with path.open(newline="", encoding="utf-8-sig") as handle:
        header = next(csv.reader(handle), [])
    if "Handle" in header and "Variant SKU" in header:
        return _load_shopify(path, language, shop_url)
    return _load_generic_csv(path, language)


# -- generic CSV and JSON ---------------------------------------------------------------------------------

_LOCALISED = ("title", "description", "category")


def _load_generic_csv(path: Path, language: str) -> CatalogLoad:
    return _load_rows(path, _csv_records(path), language, "row")


def _load_rows(path: Path, rows: Iterable[tuple[int, Any]], language: str, unit: str) -> CatalogLoad:
    """Products from numbered generic rows; a bad row is reported where it stands and skipped."""
    load = CatalogLoad()
    seen: set[str] = set()
    for number, row in rows:
        try:
            if not isinstance(row, dict):
                raise RowProblem("not an object")
            product = _product_from_row(row, language)
            _check_unique(product, seen)
            load.products.append(product)
        except RowProblem as problem:
            where = f"{unit} #{number}: " if unit == "product" else ""
            load.errors.append(RowError(path.name, number, f"{where}{problem}; {unit} skipped"))
    return load


def _load_json(path: Path, language: str) -> CatalogLoad:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path.name}:{exc.lineno}: not valid JSON ({exc.msg})") from exc
    items = data.get("products") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise ValueError(f"{path.name}: expected a list of products or {{'products': [...]}}")
    return _load_rows(path, enumerate(items, start=1), language, "product")


def _product_from_row(row: dict[str, Any], language: str) -> Product:
    product_id = _text(row.get("id")) or _text(row.get("sku"))
    if not product_id:
        raise RowProblem("missing id")
    texts = {name: _localised(row, name, language) for name in _LOCALISED}
    if not texts["title"]:
        raise RowProblem("missing title")
    stock = _stock(row.get("stock"))
    variants = _variants(row, product_id, stock)
    if variants and row.get("stock") in (None, "") and all(v.stock is not None for v in variants):
        stock = sum(v.stock or 0 for v in variants)
    return Product(
        id=product_id,
        sku=_text(row.get("sku")) or product_id,
        title=texts["title"],
        description={k: _plain(v) for k, v in texts["description"].items()},
        category=texts["category"],
        brand=_text(row.get("brand")),
        price=_price(row.get("price")),
        currency=(_text(row.get("currency")) or "EUR").upper(),
        stock=stock,
        url=_text(row.get("url")),
        image_url=_text(row.get("image_url")),
        variants=variants,
        tags=tuple(_split_list(row.get("tags"))),
    )


def _localised(row: dict[str, Any], name: str, language: str) -> dict[str, str]:
    values = {language: _text(row.get(name))}
    for key, value in row.items():
        if key.startswith(f"{name}_") and len(key) == len(name) + 3:
            values[key[-2:]] = _text(value)
    return {lang: value for lang, value in values.items() if value}


def _variants(row: dict[str, Any], product_id: str, stock: int) -> tuple[Variant, ...]:
    raw = row.get("variants")
    if isinstance(raw, list):
        return tuple(_variant_from_dict(v, product_id) for v in raw)
    sizes: list[str | None] = [*_split_list(row.get("sizes"))] or [None]
    colours: list[str | None] = [*_split_list(row.get("colours") or row.get("colors"))] or [None]
    if sizes == [None] and colours == [None]:
        return ()
    return tuple(
        Variant(sku="-".join(p for p in (product_id, size, colour) if p), size=size, colour=colour)
        for size in sizes
        for colour in colours
    )


def _variant_from_dict(raw: Any, product_id: str) -> Variant:
    if not isinstance(raw, dict):
        raise RowProblem("a variant is not an object")
    stock = raw.get("stock")
    return Variant(
        sku=_text(raw.get("sku")) or product_id,
        size=_text(raw.get("size")) or None,
        colour=_text(raw.get("colour") or raw.get("color")).lower() or None,
        stock=None if stock in (None, "") else _stock(stock),
        price=None if raw.get("price") in (None, "") else _price(raw.get("price")),
    )


def _check_unique(product: Product, seen: set[str]) -> None:
    if product.id in seen:
        raise RowProblem(f"duplicate id {product.id!r}")
    seen.add(product.id)


# -- Shopify product export ---------------------------------------------------------------------------------

_SIZE_OPTIONS = {"size", "taille", "pointure", "shoe size"}
_COLOUR_OPTIONS = {"color", "colour", "couleur", "coloris"}


def _load_shopify(path: Path, language: str, shop_url: str) -> CatalogLoad:
    load = CatalogLoad()
    groups: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for line, row in _csv_records(path):
        handle = _text(row.get("Handle"))
        if not handle:
            load.errors.append(RowError(path.name, line, "missing Handle; row skipped"))
            continue
        groups.setdefault(handle, []).append((line, row))
    for handle, rows in groups.items():
        try:
            product = _shopify_product(handle, rows, path.name, language, shop_url, load.errors)
        except RowProblem as problem:
            load.errors.append(RowError(path.name, rows[0][0], f"{problem}; product {handle!r} skipped"))
            continue
        if product is not None:
            load.products.append(product)
    return load


def _shopify_product(
    handle: str,
    rows: list[tuple[int, dict[str, str]]],
    file: str,
    language: str,
    shop_url: str,
    errors: list[RowError],
) -> Product | None:
    head = next((row for _, row in rows if _text(row.get("Title"))), None)
    if head is None:
        raise RowProblem("no row carries a Title")
    if _text(head.get("Status")).lower() in {"draft", "archived"}:
        return None
    option_names = [_text(head.get(f"Option{i} Name")).lower() for i in (1, 2, 3)]
    variants: list[Variant] = []
    for line, row in rows:
        if not _text(row.get("Variant SKU")) and not _text(row.get("Variant Price")):
            continue  # an extra image row
        try:
            variants.append(_shopify_variant(row, option_names, handle))
        except RowProblem as problem:
            errors.append(RowError(file, line, f"{problem}; variant skipped"))
    if not variants:
        raise RowProblem("no valid variant")
    prices = sorted(Decimal(v.price or "0") for v in variants)
    image = next((_text(row.get("Image Src")) for _, row in rows if _text(row.get("Image Src"))), "")
    category = _text(head.get("Type")) or _text(head.get("Product Category")).split(">")[-1].strip()
    base = shop_url.rstrip("/")
    return Product(
        id=handle,
        sku=variants[0].sku,
        title={language: _text(head.get("Title"))},
        description={language: _plain(head.get("Body (HTML)"))},
        category={language: category} if category else {},
        brand=_text(head.get("Vendor")),
        price=str(prices[0]),
        currency="EUR",
        stock=sum(v.stock or 0 for v in variants),
        url=f"{base}/products/{handle}",
        image_url=image,
        variants=tuple(variants),
        tags=tuple(_split_list(head.get("Tags"), ",")),
    )


def _shopify_variant(row: dict[str, str], option_names: list[str], handle: str) -> Variant:
    size = colour = None
    for number, name in enumerate(option_names, start=1):
        value = _text(row.get(f"Option{number} Value")) or None
        if name in _SIZE_OPTIONS:
            size = value
        elif name in _COLOUR_OPTIONS:
            colour = value.lower() if value else None
    quantity = row.get("Variant Inventory Qty")
    return Variant(
        sku=_text(row.get("Variant SKU")) or handle,
        size=size,
        colour=colour,
        stock=_stock(quantity) if _text(quantity) else 0,
        price=_price(row.get("Variant Price")),
    )


# -- field parsing -------------------------------------------------------------------------------------------

_PRICE = re.compile(r"^\s*(?:€|eur)?\s*(\d{1,9})(?:[.,](\d{1,2}))?\s*(?:€|eur|euros?)?\s*$", re.IGNORECASE)


def _price(value: Any) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = f"{value:.2f}"
    match = _PRICE.match(_text(value))
    if not match:
        raise RowProblem(f"price {_text(value)!r} is not an amount")
    try:
        return str(Decimal(f"{match[1]}.{match[2] or '0'}").quantize(Decimal("0.01")))
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only digits
        raise RowProblem(f"price {value!r} is not an amount") from exc


def _stock(value: Any) -> int:
    text = _text(value)
    if not text:
        return 0
    try:
        stock = int(float(text))
    except ValueError as exc:
        raise RowProblem(f"stock {text!r} is not a whole number") from exc
    if stock < 0:
        raise RowProblem(f"stock {stock} is negative")
    return stock


def _text(value: Any) -> str:
    return "" if value is None else " ".join(str(value).split())


def _split_list(value: Any, separator: str = "|") -> list[str]:
    if isinstance(value, list):
        return [_text(v) for v in value if _text(v)]
    return [part.strip() for part in _text(value).split(separator) if part.strip()]


def _unique(values: Any) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"p", "br", "li", "div", "h1", "h2", "h3", "h4", "tr"}:
            self.parts.append(" ")


def _plain(value: Any) -> str:
    """Text of a description that may hold HTML; markup that is not a known tag is kept as text."""
    text = _text(value)
    if not re.search(r"</?(p|br|ul|ol|li|div|span|strong|em|b|i|h[1-6]|table|tr|td)\b", text, re.I):
        return text
    extractor = _TextExtractor()
    extractor.feed(text)
    return _text(html.unescape("".join(extractor.parts)))


def _csv_records(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """CSV rows as dicts with the file line each starts on (quoted cells may span lines)."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        start = 2
        for row in reader:
            yield start, row
            start = reader.line_num + 1
