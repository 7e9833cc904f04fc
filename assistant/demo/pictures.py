"""The demo shop's product pictures: one small flat SVG per product, drawn from what the product is and tinted by
its first colour, so that the demo's product cards show a picture that Comptoir serves itself.

A picture is a pure function of the product: no randomness, no file, no network. It carries no text from the
catalog, no script and no reference to anything outside itself.
"""

from __future__ import annotations

import re

from retrieval import Product

PICTURES_PATH = "/demo/pictures"
"""Where the web edge serves the pictures: ``{PICTURES_PATH}/{product id}.svg``."""

SIZE = 120
"""Width and height of a picture, in pixels (its intrinsic size; the drawing scales)."""

COLOURS = {
    "black": "#2e3236",
    "blue": "#2f6db5",
    "red": "#c8372d",
    "green": "#3b8a4c",
    "grey": "#8a9096",
    "orange": "#e57a21",
    "yellow": "#e8c12c",
    "white": "#f4f4f0",
    "navy": "#26365f",
    "purple": "#7a4fa3",
    "khaki": "#9a8f5c",
    "pink": "#e37fa8",
}
"""The demo catalog's colour names and the ink each is drawn in."""

DEFAULT_INK = "#4f7a6a"
"""The ink of a product without a (known) colour."""

# What a product is, from the words of its title (then of its category): the first rule with a word in it wins,
# so the specific come before the general ("bike light" before "bike", "ski jacket" before "ski").
KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("headlamp", ("headlamp", "headlamps", "bike light")),
    ("lantern", ("lantern",)),
    ("watch", ("watch",)),
    ("device", ("gps", "power bank", "radio", "radios", "transceiver", "solar panel", "computer")),
    ("helmet", ("helmet", "swim cap")),
    ("goggles", ("goggles",)),
    ("gloves", ("glove", "gloves")),
    ("lock", ("lock",)),
    ("pump", ("pump",)),
    ("tool", ("multi tool", "repair kit")),
    ("puffer", ("down jacket", "insulated jacket", "ski jacket")),
    ("fleece", ("fleece",)),
    ("jacket", ("jacket", "jackets", "windbreaker")),
    ("tank", ("tank top", "buoyancy aid")),
    ("trousers", ("trousers", "overtrousers", "leggings", "tights")),
    ("shorts", ("shorts", "briefs")),
    ("swimsuit", ("swimsuit", "wetsuit")),
    ("tee", ("t shirt", "t shirts")),
    ("top", ("top", "hoodie", "base layer", "base layers")),
    ("boot", ("boot", "boots")),
    ("shoe", ("shoe", "shoes")),
    ("sleeping_bag", ("sleeping bag", "sleeping bags", "quilt", "bivy", "liner")),
    ("tent", ("tent", "tents", "tarp", "shelter")),
    ("backpack", ("backpack", "backpacks", "daypack", "hydration vest", "crash pad")),
    ("bag", ("bag", "pannier")),
    ("bottle", ("bottle", "bottles", "flask", "bladder", "filter")),
    ("stove", ("stove", "gas cartridge", "burner")),
    ("pot", ("pot", "cook set", "mug", "bowl", "spork", "cooking")),
    ("skis", ("ski", "skis", "poles", "skins")),
    ("rope", ("rope",)),
    ("carabiner", ("carabiner", "quickdraw", "harness", "belay", "lanyard", "climbing")),
    ("kayak", ("kayak", "sup", "paddle", "board")),
    ("bike", ("bike", "bikes", "cycling")),
    ("waves", ("swim", "swimming")),
)

FALLBACK = "mountain"
"""The kind drawn when no rule matches: the shop's mountain."""

# Each kind's drawing, in a 120 x 120 box. The group around it fills with {ink} and outlines with {dark}; {light}
# is a pale tint for details (lenses, pockets), {bg} the background's colour, {line} the ink of drawings made of
# lines only (the outline's colour when the ink is too pale to stand out on the background).
_JACKET = "M44 20 52 16Q60 24 68 16L76 20 98 32 108 80 94 84 88 54V104H32V54L26 84 12 80 22 32Z"
SHAPES = {
    "jacket": '<path d="M46 22Q46 6 60 6T74 22Q60 30 46 22Z"/>'
    f'<path d="{_JACKET}"/><path d="M60 24V104M40 76H50M70 76H80" fill="none"/>',
    "puffer": f'<path d="{_JACKET}"/><path d="M32 44H88M32 60H88M32 76H88M32 92H88M60 24V104" fill="none"/>',
    "fleece": f'<path d="{_JACKET}"/><path d="M48 12H72V24Q60 30 48 24Z"/><path d="M60 24V56M32 64H88" fill="none"/>',
    "tee": '<path d="M40 18 50 14Q60 22 70 14L80 18 104 36 94 52 84 46V104H36V46L26 52 16 36Z"/>',
    "top": '<path d="M40 18 50 14Q60 22 70 14L80 18 98 30 108 82 96 86 86 50 84 104H36L34 50 24 86 12 82 22 30Z"/>',
    "tank": '<path d="M42 14H52Q60 28 68 14H78Q78 34 88 42V104H32V42Q42 34 42 14Z"/>'
    '<path d="M32 66H88M32 86H88" fill="none"/>',
    "trousers": '<path d="M36 12H84L92 108H68L60 40 52 108H28Z"/><path d="M36 22H84" fill="none"/>',
    "shorts": '<path d="M34 28H86L94 86H66L60 54 54 86H26Z"/><path d="M34 38H86" fill="none"/>',
    "swimsuit": '<path d="M42 12H50Q60 40 70 12H78Q76 44 86 62Q88 88 72 102L60 92 48 102Q32 88 34 62Q44 44 42 12Z"/>',
    "boot": '<path d="M36 14H66L68 62Q92 66 104 80Q108 88 104 94H20Q18 56 36 14Z"/>'
    '<path d="M18 94H106V102H18Z" fill="{dark}"/><path d="M48 30H64M48 42H64M48 54H66" fill="none"/>',
    "shoe": '<path d="M14 62Q26 46 44 50L58 60Q84 62 100 70Q110 76 106 88H14Z"/>'
    '<path d="M12 88H108V96H12Z" fill="{dark}"/><path d="M46 56 52 64M56 56 60 64" fill="none"/>',
    "tent": '<path d="M10 98 60 20 110 98Z"/><path d="M60 20 44 98H76Z" fill="{light}"/>'
    '<path d="M4 100H116" fill="none"/>',
    "sleeping_bag": '<path d="M40 16Q60 4 80 16Q88 60 80 104Q60 114 40 104Q32 60 40 16Z"/>'
    '<ellipse cx="60" cy="24" rx="12" ry="8" fill="{light}"/>'
    '<path d="M40 46Q60 52 80 46M38 66Q60 72 82 66M40 86Q60 92 80 86" fill="none"/>',
    "backpack": '<path d="M50 24Q60 8 70 24" fill="none"/><rect x="28" y="22" width="64" height="84" rx="16"/>'
    '<path d="M28 46Q28 22 60 22T92 46Z" fill="{dark}"/>'
    '<rect x="40" y="64" width="40" height="30" rx="6" fill="{light}"/>',
    "bag": '<path d="M48 14Q60 0 72 14" fill="none"/><rect x="32" y="12" width="56" height="14" rx="5" fill="{dark}"/>'
    '<path d="M36 26H84Q92 62 86 100Q60 110 34 100Q28 62 36 26Z"/><path d="M40 44H80" fill="none"/>',
    "bike": '<g fill="none" stroke-width="5"><circle cx="28" cy="80" r="20"/><circle cx="92" cy="80" r="20"/>'
    '<path d="M28 80 50 48H84L92 80M50 48 60 80 84 48M28 80H60M44 40H58M84 48 80 36H90" stroke="{line}"/></g>',
    "helmet": '<path d="M14 80Q14 26 60 26T106 80Z"/>'
    '<path d="M40 40 48 62M60 34V60M80 40 72 62" fill="none" stroke="{light}" stroke-width="5"/>'
    '<path d="M10 80H110" fill="none"/>',
    "headlamp": '<ellipse cx="60" cy="64" rx="48" ry="24" fill="none" stroke-width="7"/>'
    '<rect x="38" y="48" width="44" height="32" rx="8"/><circle cx="60" cy="64" r="10" fill="#fff4b0"/>',
    "lantern": '<path d="M44 26Q44 8 60 8T76 26" fill="none"/><rect x="40" y="24" width="40" height="12" rx="3"/>'
    '<rect x="44" y="36" width="32" height="50" rx="4" fill="#fff4b0"/><rect x="36" y="86" width="48" height="16" rx="4"/>',
    "watch": '<rect x="46" y="6" width="28" height="108" rx="6" fill="{dark}"/><circle cx="60" cy="60" r="26"/>'
    '<circle cx="60" cy="60" r="19" fill="{light}"/><path d="M60 60V46M60 60 70 64" fill="none"/>',
    "device": '<rect x="34" y="14" width="52" height="92" rx="10"/>'
    '<rect x="42" y="24" width="36" height="40" rx="4" fill="{light}"/>'
    '<circle cx="48" cy="84" r="5" fill="{dark}"/><circle cx="72" cy="84" r="5" fill="{dark}"/>',
    "gloves": '<rect x="38" y="18" width="11" height="42" rx="5"/><rect x="50" y="12" width="11" height="46" rx="5"/>'
    '<rect x="62" y="16" width="11" height="42" rx="5"/><rect x="74" y="26" width="10" height="34" rx="5"/>'
    '<rect x="36" y="44" width="50" height="46" rx="10"/><path d="M40 64 22 48Q16 42 22 36T34 40L48 54Z"/>'
    '<rect x="38" y="88" width="46" height="18" rx="4" fill="{dark}"/>',
    "goggles": '<path d="M4 62H116" fill="none" stroke-width="8"/>'
    '<path d="M20 44Q60 36 100 44Q108 60 100 76Q80 84 66 72Q60 66 54 72Q40 84 20 76Q12 60 20 44Z"/>'
    '<path d="M27 50Q60 44 93 50Q97 60 93 69Q80 75 68 65Q60 59 52 65Q40 75 27 69Q23 60 27 50Z" fill="{light}"/>',
    "bottle": '<rect x="48" y="8" width="24" height="14" rx="3" fill="{dark}"/>'
    '<path d="M44 22H76Q86 32 86 44V104Q86 110 80 110H40Q34 110 34 104V44Q34 32 44 22Z"/>'
    '<rect x="34" y="56" width="52" height="24" fill="{light}"/>',
    "stove": '<path d="M60 14Q46 30 60 40Q74 30 60 14Z" fill="#f29b38" stroke="#c4641c"/>'
    '<path d="M34 44H86L78 54H42Z" fill="{dark}"/><rect x="38" y="56" width="44" height="50" rx="10"/>',
    "pot": '<path d="M26 46H94V92Q94 104 82 104H38Q26 104 26 92Z"/><path d="M22 46Q60 26 98 46Z" fill="{dark}"/>'
    '<circle cx="60" cy="32" r="4" fill="{dark}"/><path d="M94 58H112" fill="none" stroke-width="5"/>',
    "rope": '<g fill="none" stroke="{line}" stroke-width="8"><circle cx="58" cy="56" r="40"/>'
    '<circle cx="58" cy="56" r="28"/><circle cx="58" cy="56" r="16"/><path d="M94 72Q110 92 96 112"/></g>',
    "carabiner": '<path d="M52 8Q88 8 88 40V84Q88 112 60 112Q32 112 32 84V36Q32 8 52 8Z" fill="none" '
    'stroke="{line}" stroke-width="10"/><path d="M32 42 46 84" fill="none" stroke-width="5"/>',
    "skis": '<g transform="rotate(-30 60 60)"><rect x="38" y="2" width="16" height="116" rx="8"/>'
    '<rect x="66" y="2" width="16" height="116" rx="8"/><path d="M38 56H54V70H38ZM66 56H82V70H66Z" fill="{dark}"/></g>',
    "kayak": '<path d="M18 104 102 26" fill="none" stroke-width="4"/><path d="M4 64Q60 34 116 64Q60 90 4 64Z"/>'
    '<ellipse cx="60" cy="62" rx="16" ry="6" fill="{dark}"/>'
    '<ellipse cx="14" cy="108" rx="6" ry="12" transform="rotate(47 14 108)" fill="{dark}"/>'
    '<ellipse cx="106" cy="22" rx="6" ry="12" transform="rotate(47 106 22)" fill="{dark}"/>',
    "lock": '<path d="M38 60V36Q38 14 60 14T82 36V60" fill="none" stroke-width="10"/>'
    '<rect x="28" y="56" width="64" height="50" rx="8"/><circle cx="60" cy="78" r="6" fill="{light}"/>',
    "pump": '<path d="M34 16H86" fill="none" stroke-width="8"/><rect x="52" y="16" width="16" height="84" rx="4"/>'
    '<path d="M30 104H90" fill="none" stroke-width="8"/>',
    "tool": '<path d="M26 98 70 54" fill="none" stroke="{line}" stroke-width="16"/><circle cx="78" cy="44" r="20"/>'
    '<path d="M80 42 100 22" fill="none" stroke="{bg}" stroke-width="12" stroke-linecap="butt"/>',
    "waves": '<g fill="none" stroke="{line}" stroke-width="6">'
    '<path d="M6 48Q21 36 36 48T66 48T96 48T126 48M6 68Q21 56 36 68T66 68T96 68T126 68M6 88Q21 76 36 88T66 88T96 88T126 88"/>'
    "</g>",
    "mountain": '<circle cx="92" cy="28" r="10" fill="#f2c14e" stroke="none"/><path d="M8 100 44 40 60 62 76 38 112 100Z"/>'
    '<path d="M44 40 36 54 44 50 52 54Z" fill="#ffffff"/>',
}

_WORDS = re.compile(r"[^a-z0-9]+")


def picture_url(product_id: str) -> str:
    """The server path of a product's picture."""
    return f"{PICTURES_PATH}/{product_id}.svg"


def has_picture(product: Product) -> bool:
    """Whether Comptoir draws this product's picture: its catalog row points at it, as the demo shop's do."""
    return product.image_url == picture_url(product.id)


def kind_of(product: Product) -> str:
    """What the picture shows: the first kind named in the product's English title, else in its category."""
    for text in (product.text("title", "en"), product.text("category", "en")):
        words = f" {_WORDS.sub(' ', text.lower()).strip()} "
        for kind, names in KINDS:
            if any(f" {name} " in words for name in names):
                return kind
    return FALLBACK


def draw(product: Product) -> str:
    """The product's picture: an SVG document of well under 1 KB."""
    colours = _palette(COLOURS.get((product.colours or [""])[0], DEFAULT_INK))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE}" height="{SIZE}" viewBox="0 0 120 120">'
        '<rect width="120" height="120" fill="{bg}"/>'
        '<g fill="{ink}" stroke="{dark}" stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round">'
        f"{SHAPES[kind_of(product)]}</g></svg>"
    ).format(**colours)


def _palette(ink: str) -> dict[str, str]:
    """The colours a drawing in ``ink`` uses (see :data:`SHAPES`)."""
    dark = _mix(ink, "#000000", 0.45)
    line = dark if _luma(ink) > 200 else ink
    return {
        "ink": ink,
        "dark": dark,
        "light": _mix(ink, "#ffffff", 0.7),
        "bg": _mix(ink, "#ffffff", 0.88),
        "line": line,
    }


def _channels(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _mix(colour: str, other: str, share: float) -> str:
    """``colour`` with ``share`` of ``other`` mixed in (both ``#rrggbb``)."""
    mixed = (round(a * (1 - share) + b * share) for a, b in zip(_channels(colour), _channels(other), strict=True))
    return "#" + "".join(f"{channel:02x}" for channel in mixed)


def _luma(colour: str) -> float:
    """How light ``colour`` looks, from 0 (black) to 255 (white)."""
    red, green, blue = _channels(colour)
    return 0.299 * red + 0.587 * green + 0.114 * blue
