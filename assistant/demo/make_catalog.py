#!/usr/bin/env python3
"""Build the demo catalogue of "Sommet Sports", a fictional French outdoor and sport shop.

Run it from anywhere with ``python3 assistant/demo/make_catalog.py``; it rewrites
``assistant/demo/catalog.json`` next to this file. Standard library only.

How the data is made:

* every product below (title, French title, description in English and French, price, the sizes and
  colours it comes in) is written by hand, grouped by category;
* the brands are invented (none of them is a real trademark); materials and standards named in the
  descriptions (Gore-Tex, merino wool, EN 12492, ...) are generic shop vocabulary;
* stock levels and how they split over the variants are drawn from ``random.Random(7)``, so the file is
  the same on every run: about 12 % of products are out of stock, about 10 % have 1 to 3 units left and
  the rest have 4 to 120 (fewer for expensive, bulky items);
* exactly one description (the Kerbos Trek 2 tent) carries an HTML injection test string, so the widget and
  the answer renderer can be checked for escaping on real data.

The output is a JSON array; every product has exactly the keys id, sku, title, title_fr, description,
description_fr, category, category_fr, brand, price, currency, stock, variants, url, image_url. The image_url is
the server path of the product's picture, which Comptoir draws and serves itself (the url points at the fictional
shop's site).
"""

from __future__ import annotations

import json
import random
import re
import unicodedata
from pathlib import Path

SHOP = "https://sommet-sports.example"
PICTURES = "/demo/pictures"  # Comptoir draws and serves the demo pictures there (assistant/demo/pictures.py)
OUT = Path(__file__).with_name("catalog.json")

CATEGORIES = {
    "JKT": ("Jackets", "Vestes"),
    "HKB": ("Hiking boots", "Chaussures de randonnée"),
    "TRS": ("Trail running shoes", "Chaussures de trail"),
    "TNT": ("Tents", "Tentes"),
    "SLB": ("Sleeping bags", "Sacs de couchage"),
    "BPK": ("Backpacks", "Sacs à dos"),
    "CLB": ("Climbing", "Escalade"),
    "BIK": ("Bikes", "Vélos"),
    "CYA": ("Cycling accessories", "Accessoires vélo"),
    "SKI": ("Ski", "Ski"),
    "SWM": ("Swimming", "Natation"),
    "KYK": ("Kayak & paddle", "Kayak & paddle"),
    "TEE": ("T-shirts & base layers", "T-shirts & sous-couches"),
    "TRO": ("Trousers & shorts", "Pantalons & shorts"),
    "ELC": ("Headlamps & electronics", "Lampes frontales & électronique"),
    "CKG": ("Water bottles & cooking", "Gourdes & cuisine"),
}

# Invented brands and the three letters they take in a SKU.
BRANDS = {
    "Crête": "CRT",  # mountain clothing, boots and packs
    "Névé": "NEV",  # down and ski clothing
    "Trailhead": "TRH",  # trail running
    "Cordée": "CRD",  # climbing hardware
    "Ardoise": "ARD",  # climbing shoes, helmets, mountaineering boots
    "Tramontane": "TRM",  # wind and running shells, running shoes
    "Kerbos": "KRB",  # trekking tents, sleeping bags, stoves
    "Orée": "ORE",  # family camping
    "Sillage": "SIL",  # swimming
    "Estran": "EST",  # kayak, SUP, dry bags
    "Braquet": "BRQ",  # bikes and cycling gear
    "Luciole": "LUC",  # headlamps and electronics
    "Vallon": "VAL",  # good-value basics
    "Brume": "BRM",  # merino base layers
    "Adret": "ADR",  # skis, ski boots, poles
}

COLOURS = {
    "black": "BLK",
    "blue": "BLU",
    "red": "RED",
    "green": "GRN",
    "grey": "GRY",
    "orange": "ORG",
    "yellow": "YLW",
    "white": "WHT",
    "navy": "NVY",
    "purple": "PUR",
    "khaki": "KHK",
    "pink": "PNK",
}

SIZES = {
    "CLM": ["S", "M", "L", "XL", "XXL"],  # men's clothing
    "CLW": ["XS", "S", "M", "L", "XL"],  # women's clothing
    "CLU": ["XS", "S", "M", "L", "XL", "XXL"],  # unisex clothing
    "KID": ["6Y", "8Y", "10Y", "12Y", "14Y"],  # children's clothing, by age
    "SHM": [str(n) for n in range(40, 48)],  # men's shoes, EU
    "SHW": [str(n) for n in range(36, 43)],  # women's shoes, EU
    "SHU": [str(n) for n in range(37, 47)],  # unisex shoes, EU
    "SHK": [str(n) for n in range(30, 39)],  # children's shoes, EU
    "BIK": ["S", "M", "L", "XL"],  # bike frames
    "SB": ["regular", "long"],  # sleeping bags
}

PRODUCTS: list[dict] = []


def add(cat, typ, brand, price, sizes, colours, title, title_fr, desc, desc_fr):
    """One hand-written product: category code, product-type code, brand, price in EUR, size set
    (a key of SIZES, a list, or None), colours (space-separated, "" for none), titles, descriptions."""
    assert cat in CATEGORIES and brand in BRANDS, (cat, brand)
    if isinstance(sizes, str):
        sizes = SIZES[sizes]
    colour_list = colours.split() if colours else []
    assert all(c in COLOURS for c in colour_list), colours
    PRODUCTS.append(
        {
            "cat": cat,
            "typ": typ,
            "brand": brand,
            "price": price,
            "sizes": sizes or [],
            "colours": colour_list,
            "title": title,
            "title_fr": title_fr,
            "description": desc,
            "description_fr": desc_fr,
        }
    )


# The hand-written products, one add() call each (kept compact on purpose).
# fmt: off
# ---------------------------------------------------------------------------------------------------------
# Jackets
# ---------------------------------------------------------------------------------------------------------
add("JKT", "SHL", "Crête", 229.00, "CLM", "black blue red",
    "Crête Trek 500 Waterproof Jacket - Men's",
    "Veste imperméable Crête Trek 500 - Homme",
    "A three-layer Gore-Tex shell built for multi-day treks in changeable mountain weather. Pit zips dump heat on long climbs, the adjustable hood has a stiffened peak, and the two chest pockets stay clear of a backpack hip belt. Fully taped seams, 28,000 mm waterproof rating.",
    "Une veste trois couches en Gore-Tex conçue pour les treks de plusieurs jours sous une météo de montagne changeante. Les aérations sous les bras évacuent la chaleur dans les montées, la capuche réglable possède une visière rigidifiée et les deux poches poitrine restent accessibles avec la ceinture du sac à dos. Coutures entièrement étanchées, imperméabilité de 28 000 mm.")
add("JKT", "SHL", "Crête", 229.00, "CLW", "navy purple green",
    "Crête Trek 500 Waterproof Jacket - Women's",
    "Veste imperméable Crête Trek 500 - Femme",
    "The women's version of our best-selling trekking shell: a three-layer Gore-Tex jacket with a shorter, tapered cut and a hood that adjusts around a ponytail. Pit zips, two chest pockets clear of the hip belt and fully taped seams keep you dry on long days in the hills.",
    "La version femme de notre veste de trek la plus vendue : une veste trois couches en Gore-Tex à la coupe plus courte et cintrée, avec une capuche qui s'ajuste autour d'une queue-de-cheval. Aérations sous les bras, poches poitrine dégagées de la ceinture du sac et coutures étanchées pour rester au sec lors des longues journées de randonnée.")
add("JKT", "SHL", "Crête", 429.00, "CLM", "orange black blue",
    "Crête Summit Pro GTX Jacket - Men's",
    "Veste Crête Summit Pro GTX - Homme",
    "Our most technical hardshell, made from Gore-Tex Pro with abrasion-resistant reinforcements on the shoulders and forearms. The helmet-compatible hood, harness-friendly pockets and two-way front zip are designed for mountaineering, ice climbing and winter hiking. 420 g in size M.",
    "Notre veste la plus technique, en Gore-Tex Pro avec renforts anti-abrasion aux épaules et aux avant-bras. Capuche compatible casque, poches accessibles avec un baudrier et zip frontal double curseur : elle est pensée pour l'alpinisme, la cascade de glace et la randonnée hivernale. 420 g en taille M.")
add("JKT", "SHL", "Vallon", 49.90, "CLM", "navy black green",
    "Vallon Rain 100 Waterproof Jacket - Men's",
    "Veste imperméable Vallon Rain 100 - Homme",
    "An affordable waterproof jacket for day hikes and rainy walks, with a 2.5-layer polyurethane membrane rated 10,000 mm and taped seams. It packs into its own chest pocket and weighs just 290 g.",
    "Une veste imperméable à petit prix pour les randonnées à la journée et les balades sous la pluie, avec une membrane polyuréthane 2,5 couches de 10 000 mm et des coutures étanchées. Elle se range dans sa propre poche poitrine et ne pèse que 290 g.")
add("JKT", "SHL", "Vallon", 49.90, "CLW", "navy pink black",
    "Vallon Rain 100 Waterproof Jacket - Women's",
    "Veste imperméable Vallon Rain 100 - Femme",
    "Our entry-level waterproof for day hikes, in a women's fit with room for a fleece underneath. The 10,000 mm membrane and taped seams shrug off showers, the hood rolls away into the collar and the whole jacket stuffs into its chest pocket.",
    "Notre veste imperméable d'entrée de gamme pour la randonnée à la journée, en coupe femme avec de l'aisance pour une polaire en dessous. La membrane 10 000 mm et les coutures étanchées résistent aux averses, la capuche se range dans le col et la veste se compacte dans sa poche poitrine.")
add("JKT", "WND", "Tramontane", 79.00, "CLU", "yellow black blue",
    "Tramontane Airlight Windbreaker - Unisex",
    "Coupe-vent Tramontane Airlight - Mixte",
    "A 65 g windproof jacket in ripstop nylon that scrunches into a pocket the size of an energy-gel sachet. Water-repellent but not waterproof: made for breezy ridges, early starts and cool descents on trail runs.",
    "Un coupe-vent de 65 g en nylon ripstop qui se compacte dans une poche de la taille d'un gel énergétique. Déperlant mais pas imperméable : idéal pour les crêtes ventées, les départs matinaux et les descentes fraîches en trail.")
add("JKT", "RUN", "Tramontane", 159.00, "CLM", "red black",
    "Tramontane Stormrun Waterproof Running Jacket - Men's",
    "Veste de trail imperméable Tramontane Stormrun - Homme",
    "A 180 g waterproof running jacket with a 20,000 mm 2.5-layer membrane, taped seams and a hood, so it ticks the mandatory-kit boxes of most ultra-trail races. Stretch panels move with you and it packs into its own hip pocket.",
    "Une veste de trail imperméable de 180 g avec membrane 2,5 couches de 20 000 mm, coutures étanchées et capuche : elle répond au matériel obligatoire de la plupart des ultra-trails. Les panneaux stretch suivent vos mouvements et elle se range dans sa poche.")
add("JKT", "RUN", "Tramontane", 159.00, "CLW", "orange black purple",
    "Tramontane Stormrun Waterproof Running Jacket - Women's",
    "Veste de trail imperméable Tramontane Stormrun - Femme",
    "The women's Stormrun is a featherweight 165 g waterproof shell for trail running, with a 20,000 mm membrane, taped seams and a hood that stays put at speed. Reflective details help on night sections, and it rolls into its hip pocket when the rain stops.",
    "La Stormrun femme est une veste de trail imperméable ultralégère de 165 g, avec membrane 20 000 mm, coutures étanchées et capuche qui tient en place dans l'effort. Des détails réfléchissants aident de nuit, et elle se roule dans sa poche dès que la pluie cesse.")
add("JKT", "DWN", "Névé", 139.00, "CLM", "black navy green",
    "Névé Cirrus 600 Down Jacket - Men's",
    "Doudoune Névé Cirrus 600 - Homme",
    "A light, packable down jacket filled with 600-fill responsibly sourced duck down, for cold bivouacs, chilly summits and winter city days. The recycled nylon shell sheds light snow and the jacket packs into its own pocket.",
    "Une doudoune légère et compressible garnie de duvet de canard 600 cuin issu de filières responsables, pour les bivouacs froids, les sommets frais et l'hiver en ville. L'enveloppe en nylon recyclé résiste à la neige légère et la veste se range dans sa poche.")
add("JKT", "DWN", "Névé", 139.00, "CLW", "black purple red",
    "Névé Cirrus 600 Down Jacket - Women's",
    "Doudoune Névé Cirrus 600 - Femme",
    "Our women's Cirrus is cut longer at the back and filled with 600-fill duck down for warmth without bulk. Zipped hand pockets, an elasticated hem and a stuff sack make it an easy layer to carry on hikes and ski trips.",
    "La Cirrus femme, plus longue dans le dos, est garnie de duvet de canard 600 cuin pour un maximum de chaleur sans volume. Poches zippées, bas élastiqué et sac de compression : une couche facile à emporter en randonnée comme au ski.")
add("JKT", "DWN", "Névé", 299.00, "CLU", "orange black blue",
    "Névé Altitude 800 Hooded Down Jacket - Unisex",
    "Doudoune à capuche Névé Altitude 800 - Mixte",
    "Serious warmth for high-altitude trips: 800-fill RDS-certified goose down in box-wall baffles, a fitted hood and a 20D ripstop shell with a water-repellent finish. It weighs 520 g and packs down to the size of a 1 L bottle.",
    "Une chaleur sérieuse pour la haute altitude : duvet d'oie certifié RDS 800 cuin en compartiments cloisonnés, capuche ajustée et tissu ripstop 20D déperlant. Elle pèse 520 g et se compresse à la taille d'une gourde d'un litre.")
add("JKT", "SFT", "Crête", 119.00, "CLM", "grey blue black",
    "Crête Ridge Softshell Jacket - Men's",
    "Veste softshell Crête Ridge - Homme",
    "A stretchy, breathable softshell for windy ridges and cold-weather hikes, with a brushed inner face and a water-repellent finish that copes with light drizzle. Not waterproof, but far more breathable than a rain jacket on steady climbs.",
    "Une softshell extensible et respirante pour les crêtes ventées et les randonnées par temps frais, avec face intérieure brossée et traitement déperlant contre la bruine. Elle n'est pas imperméable, mais bien plus respirante qu'une veste de pluie dans les montées soutenues.")
add("JKT", "SFT", "Crête", 119.00, "CLW", "grey purple black",
    "Crête Ridge Softshell Jacket - Women's",
    "Veste softshell Crête Ridge - Femme",
    "The Ridge softshell in a women's fit: four-way stretch, windproof up to 60 km/h and a brushed lining for cool mornings. Two high hand pockets clear a hip belt and a chin guard keeps the zip off your face. Water-repellent, not waterproof.",
    "La softshell Ridge en coupe femme : extensible dans les quatre sens, coupe-vent jusqu'à 60 km/h, avec doublure brossée pour les matinées fraîches. Deux poches hautes restent accessibles avec la ceinture du sac et une protection de menton évite le contact du zip. Déperlante, pas imperméable.")
add("JKT", "FLC", "Vallon", 29.90, "CLM", "navy grey green red",
    "Vallon Polar 200 Fleece Jacket - Men's",
    "Veste polaire Vallon Polar 200 - Homme",
    "A warm full-zip fleece in 200 g/m² polyester made from recycled bottles, ideal as a mid layer under a shell or on its own on cool evenings at camp. Two zipped pockets and an anti-pilling finish.",
    "Une polaire zippée chaude en polyester 200 g/m² issu de bouteilles recyclées, parfaite en couche intermédiaire sous une veste ou seule lors des soirées fraîches au camp. Deux poches zippées et traitement anti-bouloches.")
add("JKT", "FLC", "Vallon", 29.90, "CLW", "purple grey pink navy",
    "Vallon Polar 200 Fleece Jacket - Women's",
    "Veste polaire Vallon Polar 200 - Femme",
    "A cosy 200 g/m² recycled fleece in a women's cut, with a high collar, thumb loops and two zipped hand pockets. Warm, quick-drying and easy to wash: the mid layer we recommend for beginners.",
    "Une polaire douillette 200 g/m² recyclée en coupe femme, avec col montant, passe-pouces et deux poches zippées. Chaude, à séchage rapide et facile d'entretien : la couche intermédiaire que nous conseillons pour débuter.")
add("JKT", "HYB", "Brume", 189.00, "CLU", "black khaki blue",
    "Brume Merino Hybrid Insulated Jacket - Unisex",
    "Veste isolante hybride mérinos Brume - Mixte",
    "A hybrid jacket that pairs 60 g/m² recycled synthetic insulation on the chest and back with breathable merino wool side panels. It stays warm when damp, making it a good active layer for ski touring, winter hiking and autumn bivouacs.",
    "Une veste hybride associant un isolant synthétique recyclé de 60 g/m² sur le buste et le dos à des panneaux latéraux respirants en laine mérinos. Elle reste chaude même humide : une excellente couche active pour le ski de randonnée, la randonnée hivernale et les bivouacs d'automne.")
add("JKT", "KID", "Vallon", 34.90, "KID", "yellow blue pink red",
    "Vallon Kids' Waterproof Hiking Jacket",
    "Veste imperméable de randonnée Vallon - Enfant",
    "A waterproof, breathable jacket for children aged 6 to 14, with taped seams, an 8,000 mm membrane and a hood that adjusts at the back. Reflective strips and bright colours keep them visible on family hikes, and extendable cuffs give an extra season of wear.",
    "Une veste imperméable et respirante pour les enfants de 6 à 14 ans, avec coutures étanchées, membrane 8 000 mm et capuche réglable à l'arrière. Bandes réfléchissantes et couleurs vives pour rester visible lors des randonnées en famille ; les poignets rallongeables font gagner une saison.")
add("JKT", "TRV", "Crête", 169.00, "CLW", "navy khaki black",
    "Crête 3-in-1 Waterproof Travel Jacket - Women's",
    "Veste imperméable 3 en 1 Crête Travel - Femme",
    "Two jackets in one: a waterproof 2-layer outer with taped seams and a zip-in fleece liner that can be worn on its own. Made for travel, city rain and easy day hikes from spring to late autumn.",
    "Deux vestes en une : une veste extérieure imperméable 2 couches à coutures étanchées et une polaire amovible zippée qui se porte seule. Conçue pour les voyages, la pluie en ville et les randonnées faciles du printemps à la fin de l'automne.")

# ---------------------------------------------------------------------------------------------------------
# Hiking boots
# ---------------------------------------------------------------------------------------------------------
add("HKB", "MID", "Crête", 179.00, "SHM", "grey khaki black",
    "Crête Trek 900 Mid GTX Hiking Boots - Men's",
    "Chaussures de randonnée Crête Trek 900 Mid GTX - Homme",
    "A supportive mid-cut boot for multi-day treks with a heavy pack, in water-resistant nubuck leather with a Gore-Tex lining. The dual-density midsole and rubber outsole with 5 mm lugs grip on wet rock and scree, and the rubber toe cap protects against knocks.",
    "Une chaussure montante qui maintient bien la cheville pour les treks de plusieurs jours avec un sac chargé, en cuir nubuck déperlant doublé Gore-Tex. La semelle intermédiaire bi-densité et la semelle en caoutchouc à crampons de 5 mm accrochent sur rocher mouillé et éboulis, et le pare-pierres protège des chocs.")
add("HKB", "MID", "Crête", 179.00, "SHW", "grey purple",
    "Crête Trek 900 Mid GTX Hiking Boots - Women's",
    "Chaussures de randonnée Crête Trek 900 Mid GTX - Femme",
    "Built on a women's last with a narrower heel and lower volume, this nubuck and Gore-Tex mid boot is waterproof and stable under a heavy pack. Lugged rubber outsole, shock-absorbing midsole and a padded collar for long days on the trail.",
    "Montée sur une forme femme avec talon plus étroit et volume réduit, cette chaussure mi-haute en nubuck et Gore-Tex est imperméable et stable même avec un sac lourd. Semelle crantée, semelle intermédiaire amortissante et col rembourré pour les longues journées de marche.")
add("HKB", "MID", "Crête", 99.90, "SHM", "khaki grey black",
    "Crête Trek 500 Mid Waterproof Hiking Boots - Men's",
    "Chaussures de randonnée imperméables Crête Trek 500 Mid - Homme",
    "A lighter mid boot for day hikes and weekend trips, combining suede and mesh with our own waterproof, breathable membrane. Comfortable out of the box, with a cushioned EVA midsole and a grippy rubber outsole.",
    "Une chaussure mi-haute plus légère pour la randonnée à la journée et les week-ends, alliant croûte de cuir et mesh avec notre propre membrane imperméable et respirante. Confortable dès les premiers pas, avec semelle intermédiaire en EVA amortissante et semelle caoutchouc adhérente.")
add("HKB", "MID", "Crête", 99.90, "SHW", "grey blue",
    "Crête Trek 500 Mid Waterproof Hiking Boots - Women's",
    "Chaussures de randonnée imperméables Crête Trek 500 Mid - Femme",
    "Our women's Trek 500 Mid weighs 480 g per boot and keeps feet dry thanks to a waterproof membrane behind the suede-and-mesh upper. Good ankle support and a soft EVA midsole make it a great first proper hiking boot.",
    "La Trek 500 Mid femme pèse 480 g par chaussure et garde les pieds au sec grâce à une membrane imperméable sous la tige en croûte de cuir et mesh. Bon maintien de la cheville et semelle EVA souple : une excellente première vraie chaussure de randonnée.")
add("HKB", "ALP", "Ardoise", 289.00, "SHM", "orange black",
    "Ardoise Alpine Pro Mountaineering Boots - Men's",
    "Chaussures d'alpinisme Ardoise Alpine Pro - Homme",
    "A stiff, insulated mountaineering boot in full-grain leather with a Gore-Tex lining and a rear welt for semi-automatic (C2) crampons. Built for glacier routes, snowy summits and winter ascents; the rubber rand protects against rock and ice.",
    "Une chaussure d'alpinisme rigide et isolée en cuir pleine fleur doublé Gore-Tex, avec débord arrière pour crampons semi-automatiques (C2). Conçue pour les itinéraires glaciaires, les sommets enneigés et les ascensions hivernales ; le pare-pierres en caoutchouc protège de la roche et de la glace.")
add("HKB", "ALP", "Ardoise", 289.00, "SHW", "blue black",
    "Ardoise Alpine Pro Mountaineering Boots - Women's",
    "Chaussures d'alpinisme Ardoise Alpine Pro - Femme",
    "The women's Alpine Pro shares the crampon-ready C2 sole, insulated Gore-Tex lining and full-grain leather upper of the men's boot on a narrower women's last. For alpine routes, high-altitude treks and winter mountaineering.",
    "L'Alpine Pro femme reprend la semelle C2 compatible crampons, la doublure Gore-Tex isolée et la tige en cuir pleine fleur du modèle homme, sur une forme femme plus étroite. Pour les courses alpines, les treks en haute altitude et l'alpinisme hivernal.")
add("HKB", "LOW", "Vallon", 34.90, "SHM", "grey blue black",
    "Vallon Hike 100 Low Hiking Shoes - Men's",
    "Chaussures de randonnée basses Vallon Hike 100 - Homme",
    "Breathable low-cut walking shoes with a mesh upper and a flexible rubber sole, for easy paths and dry-weather country walks. Not waterproof: choose them for summer outings where ventilation matters more than protection.",
    "Des chaussures basses respirantes avec tige en mesh et semelle caoutchouc souple, pour les sentiers faciles et les balades par temps sec. Non imperméables : à choisir pour les sorties estivales où la ventilation compte plus que la protection.")
add("HKB", "LOW", "Vallon", 34.90, "SHW", "grey pink",
    "Vallon Hike 100 Low Hiking Shoes - Women's",
    "Chaussures de randonnée basses Vallon Hike 100 - Femme",
    "Light, breathable low hiking shoes for women, with a mesh upper, padded tongue and a flexible sole that grips on dirt tracks. A good budget choice for summer walks; they are not waterproof.",
    "Chaussures de randonnée basses légères et respirantes pour femme, avec tige en mesh, languette rembourrée et semelle souple qui accroche sur les chemins de terre. Un bon choix petit budget pour les balades d'été ; elles ne sont pas imperméables.")
add("HKB", "FST", "Trailhead", 139.00, "SHU", "black blue orange",
    "Trailhead Fastpack Mid Waterproof Hiking Boots - Unisex",
    "Chaussures de randonnée imperméables Trailhead Fastpack Mid - Mixte",
    "A trail-runner-inspired mid boot at 390 g, with a waterproof membrane, a rock plate and a cushioned midsole for fast hiking and fastpacking. Speed laces and a gaiter hook keep stops short.",
    "Une chaussure mi-haute inspirée du trail, 390 g, avec membrane imperméable, plaque anti-roches et semelle amortie pour la randonnée rapide et le fastpacking. Laçage rapide et crochet pour guêtres : moins d'arrêts en route.")
add("HKB", "KID", "Vallon", 29.90, "SHK", "blue pink green",
    "Vallon Hike 100 Kids' Waterproof Hiking Boots",
    "Chaussures de randonnée imperméables Vallon Hike 100 - Enfant",
    "Waterproof mid boots for children, with a hook-and-loop strap plus laces so they can put them on alone. A rubber toe bumper, grippy outsole and waterproof membrane make them ready for puddles and family hikes.",
    "Des chaussures montantes imperméables pour enfant, avec scratch et lacets pour qu'ils puissent les enfiler seuls. Pare-pierres en caoutchouc, semelle adhérente et membrane imperméable : prêtes pour les flaques et les randonnées en famille.")
add("HKB", "LTH", "Crête", 219.00, "SHM", "black khaki",
    "Crête Heritage Leather Hiking Boots - Men's",
    "Chaussures de randonnée en cuir Crête Heritage - Homme",
    "A classic full-grain leather boot with a stitched welt, leather lining and a resoleable rubber sole, built for years of trekking. Waxed regularly, the leather stays water-resistant without a membrane; the break-in is longer, but the boot ends up moulded to your foot.",
    "Une chaussure classique en cuir pleine fleur à trépointe cousue, doublure cuir et semelle caoutchouc ressemelable, faite pour durer des années de trek. Entretenu à la cire, le cuir reste déperlant sans membrane ; le rodage est plus long, mais la chaussure finit par épouser votre pied.")
add("HKB", "APP", "Ardoise", 149.00, "SHM", "grey blue",
    "Ardoise Approach Low GTX Shoes - Men's",
    "Chaussures d'approche Ardoise Approach Low GTX - Homme",
    "A low approach shoe with a sticky climbing-rubber toe zone for scrambles, via ferrata and walk-ins to the crag. The suede upper has a Gore-Tex lining, the lacing runs to the toe for precision, and heel loops let you clip the pair to your harness.",
    "Une chaussure d'approche basse avec zone de gomme adhérente à l'avant pour les passages d'escalade facile, la via ferrata et les marches d'approche jusqu'à la falaise. La tige en croûte de cuir est doublée Gore-Tex, le laçage descend jusqu'aux orteils pour la précision et les boucles au talon permettent d'accrocher la paire au baudrier.")
add("HKB", "LOW", "Crête", 84.90, "SHW", "grey purple blue",
    "Crête Trek 500 Low Waterproof Hiking Shoes - Women's",
    "Chaussures de randonnée basses imperméables Crête Trek 500 Low - Femme",
    "A low-cut waterproof hiking shoe for women who prefer freedom at the ankle, with a membrane-lined suede upper and the same grippy sole as our Trek 500 Mid. Ideal for well-marked trails and rainy day walks.",
    "Une chaussure de randonnée basse et imperméable pour les femmes qui préfèrent la liberté à la cheville, avec tige en croûte de cuir doublée d'une membrane et la même semelle adhérente que notre Trek 500 Mid. Idéale sur les sentiers balisés et les balades pluvieuses.")
add("HKB", "SNW", "Vallon", 69.90, "SHW", "black grey",
    "Vallon Snow 500 Warm Waterproof Boots - Women's",
    "Bottes de neige chaudes imperméables Vallon Snow 500 - Femme",
    "Insulated, waterproof snow boots for winter walks and snowshoeing, comfortable down to -10 °C. A fleece lining, a thermal insole and a soft rubber outsole that stays grippy on packed snow.",
    "Des bottes de neige imperméables et isolées pour les balades hivernales et la raquette, confortables jusqu'à -10 °C. Doublure polaire, semelle de propreté thermique et semelle caoutchouc souple qui reste adhérente sur neige tassée.")
add("HKB", "SNW", "Vallon", 69.90, "SHM", "black khaki",
    "Vallon Snow 500 Warm Waterproof Boots - Men's",
    "Bottes de neige chaudes imperméables Vallon Snow 500 - Homme",
    "Warm, waterproof snow hiking boots rated to -10 °C, with a fleece lining, quick lacing and a gaiter ring. Made for winter walks, snowshoe outings and evenings in the ski resort.",
    "Des chaussures de randonnée neige chaudes et imperméables jusqu'à -10 °C, avec doublure polaire, laçage rapide et anneau pour guêtres. Faites pour les promenades hivernales, les sorties en raquettes et les soirées en station.")

# ---------------------------------------------------------------------------------------------------------
# Trail running shoes
# ---------------------------------------------------------------------------------------------------------
add("TRS", "RKT", "Trailhead", 129.00, "SHM", "orange black blue",
    "Trailhead Rocket 3 Trail Running Shoes - Men's",
    "Chaussures de trail Trailhead Rocket 3 - Homme",
    "A versatile trail shoe for everything from 10 km races to long mountain runs: 6 mm drop, a responsive foam midsole and 5 mm lugs that bite into mud and loose rock. 290 g in size 42, with a breathable engineered-mesh upper.",
    "Une chaussure de trail polyvalente, du 10 km au long trail en montagne : drop de 6 mm, mousse réactive et crampons de 5 mm qui mordent dans la boue et les cailloux. 290 g en pointure 42, avec tige en mesh technique respirante.")
add("TRS", "RKT", "Trailhead", 129.00, "SHW", "pink blue black",
    "Trailhead Rocket 3 Trail Running Shoes - Women's",
    "Chaussures de trail Trailhead Rocket 3 - Femme",
    "The women's Rocket 3 pairs a 6 mm drop and lively foam with a narrower heel cup and a softer midsole tuned for lighter runners. Its 5 mm lugs and protective toe cap make it at home on rocky single-track.",
    "La Rocket 3 femme associe un drop de 6 mm et une mousse dynamique à un contrefort plus étroit et un amorti adapté aux coureuses plus légères. Crampons de 5 mm et pare-pierres : elle est à l'aise sur les sentiers rocailleux.")
add("TRS", "RKT", "Trailhead", 149.00, "SHM", "black grey",
    "Trailhead Rocket 3 GTX Waterproof Trail Running Shoes - Men's",
    "Chaussures de trail imperméables Trailhead Rocket 3 GTX - Homme",
    "The Rocket 3 with a Gore-Tex lining, for winter training, wet grass and muddy autumn trails. Same 6 mm drop and 5 mm lugs, with a gusseted tongue to keep out grit and snow.",
    "La Rocket 3 doublée Gore-Tex, pour l'entraînement hivernal, l'herbe mouillée et les sentiers boueux d'automne. Même drop de 6 mm et crampons de 5 mm, avec languette soufflet contre les graviers et la neige.")
add("TRS", "ULT", "Trailhead", 159.00, "SHM", "blue yellow",
    "Trailhead Ultra Max Trail Running Shoes - Men's",
    "Chaussures de trail Trailhead Ultra Max - Homme",
    "Maximum cushioning for ultra-distance: a 38 mm stack of soft foam, an 8 mm drop and a wide base for stability when your legs are tired. The rocker geometry keeps you rolling over 50 km, 100 km and beyond.",
    "Un amorti maximal pour l'ultra-distance : 38 mm de mousse souple, un drop de 8 mm et une base large pour la stabilité quand les jambes fatiguent. La géométrie en balancier vous fait avancer sur 50 km, 100 km et au-delà.")
add("TRS", "ULT", "Trailhead", 159.00, "SHW", "purple white",
    "Trailhead Ultra Max Trail Running Shoes - Women's",
    "Chaussures de trail Trailhead Ultra Max - Femme",
    "Our most cushioned women's trail shoe, with 36 mm of soft foam under the heel, an 8 mm drop and a roomy toe box for feet that swell late in an ultra. Durable 4 mm lugs suit hard-packed trails and forest roads.",
    "Notre chaussure de trail femme la plus amortie, avec 36 mm de mousse souple sous le talon, un drop de 8 mm et un avant-pied spacieux pour les pieds qui gonflent en fin d'ultra. Les crampons durables de 4 mm conviennent aux sentiers roulants et aux pistes forestières.")
add("TRS", "MUD", "Tramontane", 109.00, "SHU", "green black",
    "Tramontane Mudgrip Trail Running Shoes - Unisex",
    "Chaussures de trail Tramontane Mudgrip - Mixte",
    "Aggressive 7 mm chevron lugs and a low 4 mm drop for muddy, soft and steep terrain. A snug upper that drains quickly and a firm heel counter keep your foot locked in on off-camber slopes.",
    "Des crampons en chevrons de 7 mm très agressifs et un drop bas de 4 mm pour les terrains boueux, meubles et raides. Une tige ajustée qui évacue vite l'eau et un contrefort ferme maintiennent le pied dans les dévers.")
add("TRS", "SKY", "Tramontane", 169.00, "SHM", "yellow red",
    "Tramontane Skyrace Light Trail Running Shoes - Men's",
    "Chaussures de trail Tramontane Skyrace Light - Homme",
    "A 220 g race shoe for skyrunning and vertical kilometres, with a precise fit, a thin rock plate and sticky rubber for scrambling on dry rock. Built for speed rather than all-day comfort.",
    "Une chaussure de compétition de 220 g pour le skyrunning et les kilomètres verticaux, au chaussant précis, avec fine plaque anti-roches et gomme adhérente pour les passages rocheux secs. Pensée pour la vitesse plus que pour le confort toute la journée.")
add("TRS", "T10", "Trailhead", 49.90, "SHM", "black blue grey",
    "Trailhead Trail 100 Running Shoes - Men's",
    "Chaussures de trail Trailhead Trail 100 - Homme",
    "An affordable first trail shoe with a cushioned 10 mm drop, a reinforced toe and 4 mm lugs for dirt paths and park trails. Comfortable for runs of up to about 15 km.",
    "Une première chaussure de trail abordable, avec amorti et drop de 10 mm, bout renforcé et crampons de 4 mm pour les chemins de terre et les parcs. Confortable jusqu'à une quinzaine de kilomètres.")
add("TRS", "T10", "Trailhead", 49.90, "SHW", "pink blue",
    "Trailhead Trail 100 Running Shoes - Women's",
    "Chaussures de trail Trailhead Trail 100 - Femme",
    "Our entry-level women's trail shoe: a 10 mm drop, soft cushioning and grippy 4 mm lugs for your first trail runs. Breathable mesh and a padded collar for comfort from the first kilometre.",
    "Notre chaussure de trail femme d'entrée de gamme : drop de 10 mm, amorti souple et crampons de 4 mm adhérents pour vos premiers trails. Mesh respirant et col rembourré pour le confort dès le premier kilomètre.")
add("TRS", "KID", "Trailhead", 34.90, "SHK", "blue pink",
    "Trailhead Trail 100 Kids' Running Shoes",
    "Chaussures de trail Trailhead Trail 100 - Enfant",
    "Trail shoes for young runners with an easy hook-and-loop closure, a protective toe bumper and a grippy outsole. Made for cross-country, school sports and adventures in the park.",
    "Des chaussures de trail pour jeunes coureurs, avec fermeture à scratch facile, bout protégé et semelle adhérente. Faites pour le cross, le sport à l'école et les aventures au parc.")
add("TRS", "ZER", "Tramontane", 119.00, "SHU", "grey black",
    "Tramontane Zero Trail Minimalist Shoes - Unisex",
    "Chaussures de trail minimalistes Tramontane Zero - Mixte",
    "A zero-drop trail shoe with a wide toe box and only 12 mm of sole, for runners who want to feel the ground. The flexible sole and 3.5 mm lugs are best for runners already used to minimalist footwear.",
    "Une chaussure de trail drop zéro à l'avant-pied large, avec seulement 12 mm de semelle, pour les coureurs qui veulent sentir le sol. Semelle souple et crampons de 3,5 mm : elle est réservée aux coureurs déjà habitués au minimalisme.")
add("TRS", "WSP", "Trailhead", 179.00, "SHM", "black orange",
    "Trailhead Winter Spike GTX Trail Running Shoes - Men's",
    "Chaussures de trail hiver Trailhead Winter Spike GTX - Homme",
    "A waterproof winter trail shoe with 12 integrated carbide spikes, a Gore-Tex lining and a built-in soft gaiter. It runs on ice, hard-packed snow and frozen trails without strapping on microspikes.",
    "Une chaussure de trail hivernale imperméable avec 12 pointes en carbure intégrées, doublure Gore-Tex et guêtre souple intégrée. Elle court sur la glace, la neige tassée et les sentiers gelés sans avoir à ajouter de chaînes.")
add("TRS", "HYB", "Tramontane", 99.00, "SHW", "white blue pink",
    "Tramontane Road-to-Trail Hybrid Running Shoes - Women's",
    "Chaussures de running hybrides route et chemin Tramontane - Femme",
    "A hybrid shoe for runs that mix tarmac and dirt paths, with a smooth 8 mm drop and shallow 3 mm lugs that stay quiet on the road. Light, cushioned and comfortable from your front door to the forest.",
    "Une chaussure hybride pour les sorties mêlant bitume et chemins, avec un drop de 8 mm et des crampons peu profonds de 3 mm discrets sur la route. Légère, amortie et confortable, de la porte de chez vous jusqu'à la forêt.")
add("TRS", "HYB", "Tramontane", 99.00, "SHM", "grey navy",
    "Tramontane Road-to-Trail Hybrid Running Shoes - Men's",
    "Chaussures de running hybrides route et chemin Tramontane - Homme",
    "For runners who leave the road for the park: a cushioned 8 mm-drop shoe with 3 mm lugs, a reflective heel and a durable outsole. It handles asphalt and gravel equally well.",
    "Pour les coureurs qui quittent la route pour le parc : une chaussure amortie au drop de 8 mm, avec crampons de 3 mm, talon réfléchissant et semelle résistante. Elle est aussi à l'aise sur l'asphalte que sur le gravier.")

# ---------------------------------------------------------------------------------------------------------
# Tents
# ---------------------------------------------------------------------------------------------------------
add("TNT", "UL1", "Kerbos", 289.00, None, "green grey",
    "Kerbos Solo UL 1 Ultralight Tent - 1 Person",
    "Tente ultralégère Kerbos Solo UL 1 - 1 personne",
    "A 980 g single-wall shelter for one, pitched with a single trekking pole (not included). The silicone-coated nylon has a 3,000 mm hydrostatic head and there is room inside for a wide mat and your pack.",
    "Un abri simple paroi de 980 g pour une personne, monté avec un seul bâton de randonnée (non fourni). La toile en nylon siliconé offre une colonne d'eau de 3 000 mm et laisse la place pour un matelas large et votre sac.")
add("TNT", "TRK", "Kerbos", 349.00, None, "green orange grey",
    "Kerbos Trek 2 Ultralight Tent - 2 Person",
    "Tente ultralégère Kerbos Trek 2 - 2 personnes",
    # The HTML injection test string lives here, and only here (English description).
    'A freestanding two-person dome for trekking and bikepacking at 1.6 kg, with aluminium poles, two doors and two vestibules. Inner and 3,000 mm flysheet pitch together, so the inside stays dry when you set up in the rain. Tested by our team <img src=x onerror="alert(1)"> on the GR20.',
    "Un dôme autoportant deux places de 1,6 kg pour le trek et le bikepacking, avec arceaux en aluminium, deux portes et deux absides. La chambre et le double toit de 3 000 mm se montent ensemble : l'intérieur reste au sec même sous la pluie. Testée par notre équipe sur le GR20.")
add("TNT", "TRK", "Kerbos", 399.00, None, "green grey",
    "Kerbos Trek 3 Tent - 3 Person",
    "Tente Kerbos Trek 3 - 3 personnes",
    "The three-person version of our trekking dome, 2.4 kg with colour-coded aluminium poles and two large vestibules for boots and packs. The 3,000 mm polyester flysheet resists UV better than nylon on long summer trips.",
    "La version trois places de notre dôme de trek, 2,4 kg, avec arceaux en aluminium à code couleur et deux grandes absides pour les chaussures et les sacs. Le double toit en polyester 3 000 mm résiste mieux aux UV que le nylon lors des longs voyages d'été.")
add("TNT", "EXP", "Kerbos", 649.00, None, "orange yellow",
    "Kerbos Expedition 2 Four-Season Tent - 2 Person",
    "Tente 4 saisons Kerbos Expedition 2 - 2 personnes",
    "A geodesic four-season tent for winter camping and high-altitude expeditions, with four crossing poles, snow valances and a 5,000 mm flysheet. It stands up to strong wind and snow loading; 3.2 kg.",
    "Une tente géodésique quatre saisons pour le camping hivernal et les expéditions en altitude, avec quatre arceaux croisés, bavettes à neige et double toit de 5 000 mm. Elle résiste au vent fort et à la charge de neige ; 3,2 kg.")
add("TNT", "POP", "Orée", 79.00, None, "green blue grey",
    "Orée Quick 2 Pop-Up Tent - 2 Person",
    "Tente instantanée Orée Quick 2 - 2 personnes",
    "A pop-up tent that opens in two seconds and folds into a flat disc: perfect for festivals, campsites and weekend camping next to the car. Sleeps two, with a blackout inner that keeps the morning sun out and a 2,000 mm flysheet.",
    "Une tente qui se déplie en deux secondes et se replie en disque plat : parfaite pour les festivals, les campings et les week-ends au pied de la voiture. Deux places, chambre occultante contre le soleil du matin et double toit de 2 000 mm.")
add("TNT", "POP", "Orée", 99.00, None, "green blue",
    "Orée Quick 3 Pop-Up Tent - 3 Person",
    "Tente instantanée Orée Quick 3 - 3 personnes",
    "The three-person Quick pitches itself in seconds and packs into a 75 cm disc bag. Blackout bedroom, a small porch for shoes and a 2,000 mm flysheet for summer showers; best on campsites rather than exposed terrain.",
    "La Quick trois places se monte toute seule en quelques secondes et se range dans un sac disque de 75 cm. Chambre occultante, petit auvent pour les chaussures et double toit de 2 000 mm contre les averses d'été ; à privilégier en camping plutôt qu'en terrain exposé.")
add("TNT", "FAM", "Orée", 199.00, None, "green grey",
    "Orée Family 4.1 Tent - 4 Person",
    "Tente familiale Orée Family 4.1 - 4 personnes",
    "A four-person family tent with one large bedroom, a stand-up living area and a sewn-in groundsheet. Fibreglass and steel poles, a 3,000 mm flysheet and big mesh windows for ventilation on hot nights.",
    "Une tente familiale quatre places avec une grande chambre, un séjour où l'on tient debout et un tapis de sol cousu. Arceaux en fibre de verre et acier, double toit de 3 000 mm et grandes fenêtres en moustiquaire pour aérer les nuits chaudes.")
add("TNT", "AIR", "Orée", 549.00, None, "green grey",
    "Orée Family 4.2 Air Tent - 4 Person",
    "Tente gonflable Orée Family 4.2 Air - 4 personnes",
    "Inflatable air beams replace poles: pump it up and this four-person tent with two separate bedrooms stands in about ten minutes. A large living room with windows, a 4,000 mm flysheet and blackout bedrooms for the children's early nights.",
    "Des boudins gonflables remplacent les arceaux : il suffit de gonfler pour monter en une dizaine de minutes cette tente quatre places à deux chambres séparées. Grand séjour vitré, double toit de 4 000 mm et chambres occultantes pour les couchers précoces des enfants.")
add("TNT", "FAM", "Orée", 449.00, None, "green blue",
    "Orée Family 6.3 Tent - 6 Person",
    "Tente familiale Orée Family 6.3 - 6 personnes",
    "A six-person tunnel tent with three bedrooms and a large central living room for long family holidays on a campsite. Two entrances, a canopy porch, an electric-cable entry point and a 3,000 mm flysheet.",
    "Une tente tunnel six places avec trois chambres et un grand séjour central pour les longues vacances en famille au camping. Deux entrées, un auvent, un passage pour câble électrique et un double toit de 3 000 mm.")
add("TNT", "TRK", "Kerbos", 469.00, None, "green orange",
    "Kerbos Trek 4 Tent - 4 Person",
    "Tente Kerbos Trek 4 - 4 personnes",
    "A 3.9 kg four-person dome for groups on trekking trips and mountain bivouacs, with aluminium poles, two doors and two vestibules. It splits easily between several packs and handles wind better than a family tent.",
    "Un dôme quatre places de 3,9 kg pour les groupes en trek et les bivouacs en montagne, avec arceaux aluminium, deux portes et deux absides. Il se répartit facilement entre plusieurs sacs et tient mieux au vent qu'une tente familiale.")
add("TNT", "TUN", "Orée", 259.00, None, "blue grey",
    "Orée Basecamp 4 Tunnel Tent - 4 Person",
    "Tente tunnel Orée Basecamp 4 - 4 personnes",
    "A spacious four-person tunnel tent with one large bedroom and a vestibule big enough to cook under in bad weather. 4.8 kg, a 3,000 mm flysheet and quick pitching with colour-coded poles.",
    "Une tente tunnel quatre places spacieuse, avec une grande chambre et une abside assez grande pour cuisiner à l'abri par mauvais temps. 4,8 kg, double toit de 3 000 mm et montage rapide grâce aux arceaux à code couleur.")
add("TNT", "BVY", "Kerbos", 159.00, None, "khaki green",
    "Kerbos Bivy Bag - 1 Person",
    "Sursac de bivouac Kerbos - 1 personne",
    "A waterproof, breathable bivy bag for minimalist bivouacs and emergency shelter, with a hooped hood that keeps the fabric off your face. It fits over a sleeping bag and mat; 480 g.",
    "Un sursac de bivouac imperméable et respirant pour les bivouacs minimalistes et les abris d'urgence, avec un arceau de tête qui éloigne la toile du visage. Il s'enfile par-dessus le sac de couchage et le matelas ; 480 g.")
add("TNT", "BCH", "Orée", 39.90, None, "blue yellow",
    "Orée UV50 Pop-Up Beach Shelter",
    "Abri de plage instantané anti-UV Orée UV50",
    "A pop-up beach shelter in UPF 50+ fabric, with a sand skirt and a zip-in back panel. It shades two adults or a family picnic; not designed for sleeping.",
    "Un abri de plage instantané en tissu anti-UV UPF 50+, avec jupe à sable et panneau arrière zippé. De l'ombre pour deux adultes ou un pique-nique en famille ; non conçu pour dormir.")
add("TNT", "TRP", "Kerbos", 89.00, None, "khaki grey green",
    "Kerbos Tarp 3 x 3 m",
    "Bâche Kerbos Tarp 3 x 3 m",
    "A 3 x 3 m silicone-coated ripstop tarp with 19 tie-out points, for hammock camping, ultralight shelters or a rain cover over the camp kitchen. 540 g with guylines.",
    "Une bâche de 3 x 3 m en ripstop siliconé avec 19 points d'ancrage, pour le camping en hamac, les abris ultralégers ou protéger la cuisine du camp de la pluie. 540 g avec haubans.")

# ---------------------------------------------------------------------------------------------------------
# Sleeping bags
# ---------------------------------------------------------------------------------------------------------
add("SLB", "DWN", "Névé", 449.00, "SB", "orange",
    "Névé Summit -10 Down Sleeping Bag",
    "Sac de couchage en duvet Névé Summit -10",
    "A mummy bag for winter and high-altitude nights, filled with 800-fill goose down: comfort -4 °C, limit -10 °C (EN ISO 23537). Draught collar, shaped hood and anti-snag zip; 1.2 kg.",
    "Un sac sarcophage pour les nuits d'hiver et d'altitude, garni de duvet d'oie 800 cuin : confort -4 °C, limite -10 °C (EN ISO 23537). Collerette anti-froid, capuche ergonomique et zip anti-accroche ; 1,2 kg.")
add("SLB", "DWN", "Névé", 259.00, "SB", "blue",
    "Névé Trek 0 Down Sleeping Bag",
    "Sac de couchage en duvet Névé Trek 0",
    "A three-season down bag for trekking, mountain huts and bivouacs, with 650-fill duck down: comfort 3 °C, limit -3 °C. It packs to 4 litres in its compression sack and weighs 890 g.",
    "Un sac en duvet trois saisons pour le trek, les refuges et les bivouacs, garni de duvet de canard 650 cuin : confort 3 °C, limite -3 °C. Il se compresse à 4 litres dans son sac de compression et pèse 890 g.")
add("SLB", "DWN", "Névé", 179.00, "SB", "green",
    "Névé Summer 10 Down Sleeping Bag",
    "Sac de couchage en duvet Névé Summer 10",
    "A 480 g down bag for summer bivouacs and hut trips, comfort 12 °C, limit 8 °C. A full-length zip opens it into a quilt on warm nights, and it packs smaller than a 1 L bottle.",
    "Un sac en duvet de 480 g pour les bivouacs d'été et les nuits en refuge, confort 12 °C, limite 8 °C. Sa fermeture intégrale permet de l'ouvrir en couverture les nuits chaudes, et il se compresse plus petit qu'une gourde d'un litre.")
add("SLB", "SYN", "Kerbos", 89.90, "SB", "blue grey",
    "Kerbos Trek 5 Synthetic Sleeping Bag",
    "Sac de couchage synthétique Kerbos Trek 5",
    "A synthetic mummy bag that keeps insulating when damp, for spring-to-autumn camping: comfort 5 °C, limit 0 °C. 1.3 kg, machine washable, with an internal stash pocket for a phone or headlamp.",
    "Un sac sarcophage synthétique qui continue d'isoler même humide, pour le camping du printemps à l'automne : confort 5 °C, limite 0 °C. 1,3 kg, lavable en machine, avec poche intérieure pour téléphone ou frontale.")
add("SLB", "SYN", "Kerbos", 119.00, "SB", "green black",
    "Kerbos Trek 0 Synthetic Sleeping Bag",
    "Sac de couchage synthétique Kerbos Trek 0",
    "Our warmest synthetic bag, rated comfort 0 °C and limit -6 °C, for cold shoulder-season nights and damp climates. Hollow-fibre insulation, a draught tube along the zip and a weight of 1.7 kg.",
    "Notre sac synthétique le plus chaud, confort 0 °C et limite -6 °C, pour les nuits froides d'intersaison et les climats humides. Isolation en fibres creuses, boudin anti-froid le long du zip et poids de 1,7 kg.")
add("SLB", "REC", "Orée", 24.90, None, "blue green",
    "Orée Camp 20 Rectangular Sleeping Bag",
    "Sac de couchage rectangulaire Orée Camp 20",
    "A roomy rectangular bag for summer campsites, sleepovers and holiday cottages, comfort 20 °C. It opens fully into a blanket and zips together with a second Camp 20 to make a double.",
    "Un sac rectangulaire spacieux pour le camping d'été, les soirées pyjama et les gîtes, confort 20 °C. Il s'ouvre entièrement en couverture et s'assemble avec un second Camp 20 pour former un sac double.")
add("SLB", "DBL", "Orée", 69.90, None, "navy grey",
    "Orée Camp 10 Double Sleeping Bag - 2 Person",
    "Sac de couchage double Orée Camp 10 - 2 personnes",
    "A double sleeping bag for couples on campsites and road trips, 150 cm wide with two separate zips and two pillow pockets. Comfort 10 °C; the soft cotton-feel lining is machine washable.",
    "Un sac de couchage double pour les couples en camping et en road trip, 150 cm de large, avec deux zips indépendants et deux poches à oreiller. Confort 10 °C ; la doublure douce au toucher coton est lavable en machine.")
add("SLB", "KID", "Orée", 29.90, None, "blue pink",
    "Orée Kids Camp 15 Sleeping Bag",
    "Sac de couchage Orée Camp 15 - Enfant",
    "A warm, fun sleeping bag sized for children up to 1.50 m, comfort 15 °C, with a hood and a zip guard that doesn't snag. It rolls into its own carry bag with handles.",
    "Un sac de couchage chaud et ludique pour les enfants jusqu'à 1,50 m, confort 15 °C, avec capuche et protège-zip anti-accroche. Il se roule dans son sac de transport à poignées.")
add("SLB", "LIN", "Kerbos", 49.90, None, "grey",
    "Kerbos Silk Sleeping Bag Liner",
    "Drap de sac en soie Kerbos",
    "A 130 g mulberry silk liner that adds around 2 °C of warmth and keeps your sleeping bag clean. Required in many mountain huts; it packs to the size of an apple.",
    "Un drap de sac en soie de mûrier de 130 g qui ajoute environ 2 °C de chaleur et garde votre sac de couchage propre. Obligatoire dans de nombreux refuges ; il se range dans une housse de la taille d'une pomme.")
add("SLB", "LIN", "Kerbos", 14.90, None, "blue white",
    "Kerbos Cotton Sleeping Bag Liner",
    "Drap de sac en coton Kerbos",
    "A rectangular cotton liner for mountain huts, youth hostels and camping, machine washable at 60 °C. It adds a little warmth and protects your sleeping bag from wear.",
    "Un drap de sac rectangulaire en coton pour les refuges, les auberges de jeunesse et le camping, lavable à 60 °C. Il apporte un peu de chaleur et protège votre sac de couchage de l'usure.")
add("SLB", "DWN", "Névé", 299.00, ["regular"], "purple",
    "Névé Trek -2 Down Sleeping Bag - Women's",
    "Sac de couchage en duvet Névé Trek -2 - Femme",
    "Cut for women up to 1.75 m, with extra 700-fill goose down at the feet and torso, where women tend to feel the cold most: comfort -2 °C, limit -8 °C. A soft, close-fitting hood and a total weight of 1 kg.",
    "Taillé pour les femmes jusqu'à 1,75 m, avec davantage de duvet d'oie 700 cuin aux pieds et au buste, là où l'on a le plus froid : confort -2 °C, limite -8 °C. Capuche douce et enveloppante, 1 kg au total.")
add("SLB", "QLT", "Kerbos", 219.00, "SB", "black green",
    "Kerbos Ultralight Down Quilt 5",
    "Quilt ultraléger en duvet Kerbos 5",
    "A 590 g down quilt for ultralight hikers who sleep on a good mat: 750-fill goose down, comfort 5 °C, with straps that fasten it around your sleeping mat and a closable footbox. It packs to the size of a 1 L bottle.",
    "Un quilt en duvet de 590 g pour les randonneurs ultralégers qui dorment sur un bon matelas : duvet d'oie 750 cuin, confort 5 °C, avec sangles de fixation au matelas et caisson pieds refermable. Il se compresse à la taille d'une gourde d'un litre.")

# ---------------------------------------------------------------------------------------------------------
# Backpacks
# ---------------------------------------------------------------------------------------------------------
add("BPK", "DAY", "Vallon", 24.90, None, "navy green red black",
    "Vallon Hike 20 Daypack - 20 L",
    "Sac à dos de randonnée Vallon Hike 20 - 20 L",
    "A simple 20-litre daypack for walks and day hikes, with a ventilated mesh back, a zipped lid pocket and side pockets for bottles. Hydration-compatible; 520 g.",
    "Un sac à dos de 20 litres simple pour les balades et les randonnées à la journée, avec dos en mesh ventilé, poche zippée sur le rabat et poches latérales pour gourdes. Compatible poche à eau ; 520 g.")
add("BPK", "DAY", "Vallon", 34.90, None, "navy green black",
    "Vallon Hike 30 Daypack - 30 L",
    "Sac à dos de randonnée Vallon Hike 30 - 30 L",
    "A 30-litre hiking daypack with an integrated rain cover, a padded hip belt with pockets and a stretch front pocket for a jacket. Big enough for a full day out with layers, lunch and a first-aid kit.",
    "Un sac de randonnée de 30 litres avec housse de pluie intégrée, ceinture rembourrée à poches et poche frontale extensible pour une veste. Assez grand pour une journée complète avec couches, pique-nique et trousse de secours.")
add("BPK", "TRK", "Crête", 149.00, None, "green blue black",
    "Crête Trek 45+10 Backpack - Men's",
    "Sac à dos de trek Crête Trek 45+10 - Homme",
    "A trekking pack for hut-to-hut routes and weekends under canvas, expanding from 45 to 55 litres. Adjustable back length, a load-bearing aluminium frame, front zip access to the main compartment and a rain cover.",
    "Un sac de trek pour les itinéraires de refuge en refuge et les week-ends sous tente, extensible de 45 à 55 litres. Dos réglable en longueur, armature aluminium qui porte la charge, accès frontal zippé au compartiment principal et housse de pluie.")
add("BPK", "TRK", "Crête", 149.00, None, "purple blue",
    "Crête Trek 40+10 Backpack - Women's",
    "Sac à dos de trek Crête Trek 40+10 - Femme",
    "The women's version is shaped around a shorter torso, with curved shoulder straps and a conical hip belt: 40 litres expanding to 50, an adjustable back, front zip access and a rain cover. Made for hut-to-hut treks and weekends under canvas.",
    "La version femme épouse un buste plus court, avec bretelles galbées et ceinture conique : 40 litres extensibles à 50, dos réglable, accès frontal zippé et housse de pluie. Conçu pour les treks de refuge en refuge et les week-ends sous tente.")
add("BPK", "TRK", "Crête", 199.00, None, "green black",
    "Crête Trek 65+10 Backpack",
    "Sac à dos de trek Crête Trek 65+10",
    "A 65+10 L load-hauler for multi-day treks with a tent and cooking gear, with an adjustable back, thick hip-belt padding, a separate sleeping-bag compartment and a rain cover. Comfortable with loads of up to 20 kg.",
    "Un sac de 65+10 L pour les treks de plusieurs jours avec tente et matériel de cuisine, avec dos réglable, ceinture épaisse, compartiment séparé pour le sac de couchage et housse de pluie. Confortable jusqu'à 20 kg de charge.")
add("BPK", "EXP", "Crête", 249.00, None, "orange black",
    "Crête Expedition 80 Backpack - 80 L",
    "Sac à dos d'expédition Crête Expedition 80 - 80 L",
    "An 80-litre expedition pack in abrasion-resistant 420D nylon for long self-supported trips and winter camping. A removable lid that becomes a small daypack, ice-axe loops, a side zip and a load-lifter system rated for 25 kg.",
    "Un sac d'expédition de 80 litres en nylon 420D résistant à l'abrasion pour les longs voyages en autonomie et le camping hivernal. Rabat amovible transformable en petit sac, porte-piolets, zip latéral et système de rappels de charge prévu pour 25 kg.")
add("BPK", "VST", "Trailhead", 89.00, ["S", "M", "L", "XL"], "black blue",
    "Trailhead Race Vest 5 Running Hydration Vest - 5 L",
    "Gilet d'hydratation de trail Trailhead Race Vest 5 - 5 L",
    "A 5-litre trail running vest that fits like a shirt, with two 500 ml soft flasks included, stretch chest pockets for gels and a phone, and room for a rain jacket. For races and training runs up to marathon distance.",
    "Un gilet de trail de 5 litres qui se porte comme un maillot, livré avec deux flasques souples de 500 ml, poches poitrine extensibles pour gels et téléphone, et de la place pour une veste de pluie. Pour les courses et les entraînements jusqu'à la distance marathon.")
add("BPK", "VST", "Trailhead", 129.00, ["S", "M", "L", "XL"], "yellow black",
    "Trailhead Ultra Vest 12 Running Hydration Vest - 12 L",
    "Gilet d'hydratation de trail Trailhead Ultra Vest 12 - 12 L",
    "Room for the full mandatory kit of an ultra-trail: 12 litres of storage, two 500 ml soft flasks, a sleeve for a 1.5 L bladder, pole holders and a whistle. The breathable mesh harness doesn't bounce, even when full.",
    "De quoi emporter tout le matériel obligatoire d'un ultra-trail : 12 litres de rangement, deux flasques souples de 500 ml, un compartiment pour poche à eau de 1,5 L, des porte-bâtons et un sifflet. Le harnais en mesh respirant ne ballotte pas, même plein.")
add("BPK", "FST", "Trailhead", 139.00, ["S/M", "M/L"], "grey orange",
    "Trailhead Fastpack 30 Backpack - 30 L",
    "Sac à dos Trailhead Fastpack 30 - 30 L",
    "A 780 g, 30-litre pack for fastpacking and fast multi-day hikes, with a running-vest harness, front bottle pockets and a roll-top main compartment. Light enough to jog with, big enough for a week from hut to hut.",
    "Un sac de 30 litres et 780 g pour le fastpacking et les randonnées rapides de plusieurs jours, avec harnais de type gilet de trail, poches avant pour flasques et compartiment principal à fermeture enroulable. Assez léger pour trottiner, assez grand pour une semaine de refuge en refuge.")
add("BPK", "ALP", "Crête", 119.00, None, "blue red",
    "Crête Alpine 35 Mountaineering Backpack - 35 L",
    "Sac à dos d'alpinisme Crête Alpine 35 - 35 L",
    "A streamlined 35-litre pack for alpine climbs and glacier days, with two ice-axe attachments, a rope strap under the lid, a removable hip belt and a back panel that sheds snow. 1.1 kg.",
    "Un sac épuré de 35 litres pour les courses d'alpinisme et les journées sur glacier, avec deux porte-piolets, sangle à corde sous le rabat, ceinture amovible et dos qui n'accroche pas la neige. 1,1 kg.")
add("BPK", "KID", "Vallon", 14.90, None, "yellow pink blue",
    "Vallon Kids Hike 10 Backpack - 10 L",
    "Sac à dos de randonnée Vallon Hike 10 - Enfant - 10 L",
    "A 10-litre backpack for children aged 4 to 10, with a chest strap, a reflective badge and a side pocket for a small bottle. Just the right size for a snack, a fleece and a treasure or two.",
    "Un sac à dos de 10 litres pour les enfants de 4 à 10 ans, avec sangle de poitrine, badge réfléchissant et poche latérale pour une petite gourde. La bonne taille pour un goûter, une polaire et quelques trésors.")
add("BPK", "BIK", "Braquet", 59.90, None, "black red",
    "Braquet Hydro 12 Cycling Backpack with 2 L Bladder - 12 L",
    "Sac à dos vélo Braquet Hydro 12 avec poche à eau 2 L - 12 L",
    "A compact 12-litre MTB backpack supplied with a 2-litre hydration bladder, a tool pocket and a helmet holder. The ventilated back panel and chest strap keep it stable on descents.",
    "Un sac VTT compact de 12 litres livré avec une poche à eau de 2 litres, une poche pour les outils et un porte-casque. Le dos ventilé et la sangle de poitrine le maintiennent stable en descente.")
add("BPK", "CAR", "Orée", 229.00, None, "grey",
    "Orée Hiking Child Carrier Backpack",
    "Porte-bébé de randonnée Orée",
    "A hiking child carrier for babies who can sit unaided (from about 9 months), up to a total load of 22 kg. Adjustable seat height, a sunshade canopy, a 12-litre storage compartment and a stable kickstand.",
    "Un porte-bébé de randonnée pour les enfants qui tiennent assis seuls (dès 9 mois environ), jusqu'à 22 kg de charge totale. Hauteur d'assise réglable, pare-soleil, compartiment de rangement de 12 litres et béquille stable.")
add("BPK", "TRV", "Vallon", 59.90, None, "black navy",
    "Vallon Travel 40 Cabin Backpack - 40 L",
    "Sac à dos de voyage Vallon Travel 40 format cabine - 40 L",
    "A 40-litre travel backpack sized for most airline cabin allowances (55 x 40 x 20 cm), with a suitcase-style opening, a padded laptop sleeve and stowable shoulder straps. Ideal for hostel trips and city breaks without checked luggage.",
    "Un sac de voyage de 40 litres aux dimensions bagage cabine de la plupart des compagnies (55 x 40 x 20 cm), avec ouverture type valise, compartiment rembourré pour ordinateur et bretelles escamotables. Idéal pour les voyages en auberge et les city-breaks sans bagage en soute.")
add("BPK", "DRY", "Estran", 44.90, None, "yellow blue black",
    "Estran Dry 25 Waterproof Backpack - 25 L",
    "Sac à dos étanche Estran Dry 25 - 25 L",
    "A fully waterproof 25-litre roll-top backpack in welded TPU-coated fabric, for kayaking, paddleboarding, canyoning and cycling in the rain. Padded straps and a front bungee for a wet jacket.",
    "Un sac à dos étanche de 25 litres à fermeture enroulable, en tissu enduit TPU soudé, pour le kayak, le paddle, le canyoning et le vélo sous la pluie. Bretelles rembourrées et sandow frontal pour une veste mouillée.")
add("BPK", "SKT", "Crête", 109.00, None, "blue black",
    "Crête Ski Tour 30 Backpack - 30 L",
    "Sac à dos de ski de randonnée Crête Ski Tour 30 - 30 L",
    "A ski touring pack with a separate avalanche-safety pocket for shovel and probe, diagonal and A-frame ski carry, and back-panel access so you can reach your gear without putting the pack down in the snow. Helmet net and hydration sleeve included.",
    "Un sac de ski de randonnée avec poche dédiée à la pelle et à la sonde, portage des skis en diagonale ou en A, et ouverture par le dos pour accéder au matériel sans poser le sac dans la neige. Filet porte-casque et compartiment pour poche à eau inclus.")

# ---------------------------------------------------------------------------------------------------------
# Climbing
# ---------------------------------------------------------------------------------------------------------
add("CLB", "HRN", "Cordée", 59.90, ["S", "M", "L", "XL"], "orange blue",
    "Cordée Crux Climbing Harness - Men's",
    "Baudrier d'escalade Cordée Crux - Homme",
    "A comfortable all-round harness for indoor and outdoor sport climbing, with a padded waist belt, four gear loops and adjustable leg loops for winter layers. UIAA and EN 12277 certified; 360 g.",
    "Un baudrier polyvalent et confortable pour l'escalade sportive en salle et en falaise, avec ceinture rembourrée, quatre porte-matériels et cuissards réglables pour porter des couches d'hiver. Certifié UIAA et EN 12277 ; 360 g.")
add("CLB", "HRN", "Cordée", 59.90, ["XS", "S", "M", "L"], "purple blue",
    "Cordée Crux Climbing Harness - Women's",
    "Baudrier d'escalade Cordée Crux - Femme",
    "The Crux cut for women, with a higher rise, a shaped waist belt and leg loops sized for women's proportions. Four gear loops, a haul loop and adjustable leg loops; EN 12277 certified.",
    "Le Crux taillé pour les femmes, avec une taille plus haute, une ceinture galbée et des cuissards aux proportions féminines. Quatre porte-matériels, un anneau de hissage et des cuissards réglables ; certifié EN 12277.")
add("CLB", "HRN", "Cordée", 79.00, ["S", "M", "L"], "grey",
    "Cordée Alpine Light Harness",
    "Baudrier Cordée Alpine Light",
    "A 180 g harness for mountaineering and ski touring that packs to the size of a fist. The buckles open so you can put it on while wearing crampons or skis, and slots for ice-screw clippers are built in.",
    "Un baudrier de 180 g pour l'alpinisme et le ski de randonnée, qui se range dans le creux de la main. Les boucles s'ouvrent pour l'enfiler avec crampons ou skis aux pieds, et des fentes pour porte-broches sont intégrées.")
add("CLB", "HRN", "Cordée", 44.90, None, "red yellow",
    "Cordée Kids Full-Body Climbing Harness",
    "Baudrier complet d'escalade Cordée - Enfant",
    "A full-body harness for children up to 40 kg, whose high attachment point stops them tipping upside down. Easy to adjust with colour-coded buckles; for climbing walls, via ferrata and adventure parks.",
    "Un baudrier complet pour enfant jusqu'à 40 kg, dont le point d'encordement haut évite le basculement tête en bas. Réglage facile grâce aux boucles de couleur ; pour les murs d'escalade, la via ferrata et les parcs aventure.")
add("CLB", "RPE", "Cordée", 139.00, None, "blue green",
    "Cordée Dynamic Rope 9.8 mm x 60 m",
    "Corde dynamique Cordée 9,8 mm x 60 m",
    "A durable single rope for sport climbing at the crag and in the gym, 9.8 mm in diameter and 60 m long, with a middle mark. UIAA-rated for 7 falls; a good first rope.",
    "Une corde à simple robuste pour l'escalade sportive en falaise et en salle, 9,8 mm de diamètre et 60 m de long, avec marquage du milieu. Certifiée UIAA pour 7 chutes ; une excellente première corde.")
add("CLB", "RPE", "Cordée", 229.00, None, "orange yellow",
    "Cordée Dry Rope 9.2 mm x 70 m",
    "Corde dynamique traitée Cordée Dry 9,2 mm x 70 m",
    "A light 9.2 mm single rope, also certified as a half and twin rope, with a full dry treatment for ice, snow and alpine routes. 70 m long, with a bicolour pattern to find the middle at a glance.",
    "Une corde légère de 9,2 mm, certifiée à simple mais aussi à double et jumelée, avec traitement déperlant complet pour la glace, la neige et les grandes voies en montagne. 70 m de long, avec motif bicolore pour repérer le milieu d'un coup d'œil.")
add("CLB", "RPE", "Cordée", 89.00, None, "red",
    "Cordée Gym Rope 10.2 mm x 40 m",
    "Corde de salle Cordée 10,2 mm x 40 m",
    "A thick, hard-wearing 10.2 mm rope for indoor climbing walls and top-roping, 40 m long. It takes the daily wear of lowering and belaying better than a thinner rope.",
    "Une corde épaisse et résistante de 10,2 mm pour les murs d'escalade en salle et la moulinette, 40 m de long. Elle encaisse mieux qu'une corde fine les descentes et assurages répétés.")
add("CLB", "QDR", "Cordée", 79.00, None, "blue",
    "Cordée Express Quickdraw Set - 6 Pack",
    "Lot de 6 dégaines Cordée Express",
    "Six 12 cm quickdraws with a straight-gate top carabiner and a bent-gate bottom carabiner for easy clipping. Hook-free noses don't snag on bolts or the rope; 95 g each.",
    "Six dégaines de 12 cm avec mousqueton haut à doigt droit et mousqueton bas à doigt courbe pour mousquetonner facilement. Le nez sans crochet n'accroche ni les plaquettes ni la corde ; 95 g pièce.")
add("CLB", "HLM", "Ardoise", 69.00, ["S/M", "M/L"], "white orange blue",
    "Ardoise Shell Climbing Helmet",
    "Casque d'escalade Ardoise Shell",
    "A hard-shell climbing helmet with an EPS foam liner, good ventilation and headlamp clips, for crag climbing, via ferrata and mountaineering. EN 12492 certified; 330 g.",
    "Un casque d'escalade à coque rigide et mousse EPS, bien ventilé, avec clips pour frontale, pour l'escalade en falaise, la via ferrata et l'alpinisme. Certifié EN 12492 ; 330 g.")
add("CLB", "BLY", "Cordée", 24.90, None, "grey red",
    "Cordée Tuber Belay Device",
    "Assureur-descendeur Cordée Tuber",
    "A classic tube-style belay and rappel device with friction grooves, for single ropes from 8.9 to 11 mm and for double ropes. Supplied with an HMS screw-gate carabiner.",
    "Un assureur-descendeur tubulaire classique avec rainures de freinage, pour cordes à simple de 8,9 à 11 mm et cordes à double. Livré avec un mousqueton HMS à vis.")
add("CLB", "BLY", "Cordée", 89.00, None, "grey",
    "Cordée Assist Assisted-Braking Belay Device",
    "Assureur à freinage assisté Cordée Assist",
    "An assisted-braking belay device for sport climbing, which locks the rope on a sudden fall while letting you pay out slack smoothly to a leader who is clipping. For single ropes from 8.5 to 10.5 mm.",
    "Un assureur à freinage assisté pour l'escalade sportive, qui bloque la corde en cas de chute brutale tout en permettant de donner du mou facilement au grimpeur qui mousquetonne. Pour cordes à simple de 8,5 à 10,5 mm.")
add("CLB", "SHO", "Ardoise", 119.00, [str(n) for n in range(36, 47)], "yellow black",
    "Ardoise Edge Climbing Shoes - Unisex",
    "Chaussons d'escalade Ardoise Edge - Mixte",
    "An aggressive, downturned lace-up shoe for overhanging sport routes and bouldering, with 4 mm sticky rubber and a rubberised toe for hooks. A precise performance fit: size down from your street shoes.",
    "Un chausson cambré et agressif à lacets pour les voies déversantes et le bloc, avec gomme adhérente de 4 mm et pointe caoutchoutée pour les crochetages. Chaussant précis et performant : prenez une pointure en dessous de vos chaussures de ville.")
add("CLB", "SHO", "Ardoise", 59.90, [str(n) for n in range(36, 47)], "blue grey",
    "Ardoise First Climbing Shoes - Unisex",
    "Chaussons d'escalade Ardoise First - Mixte",
    "A flat, comfortable velcro climbing shoe for beginners and long gym sessions, with a thick, durable sole and a padded tongue. Easy to slip on and off between routes.",
    "Un chausson plat et confortable à scratch pour les débutants et les longues séances en salle, avec semelle épaisse et durable et languette rembourrée. Facile à enfiler et à retirer entre deux voies.")
add("CLB", "CHK", "Cordée", 19.90, None, "black purple green",
    "Cordée Chalk Bag with 100 g Chalk",
    "Sac à magnésie Cordée avec 100 g de magnésie",
    "A fleece-lined chalk bag with a stiffened rim, a brush holder and a waist belt, supplied with 100 g of fine chalk. The drawcord closure keeps the chalk in the bag, not in your pack.",
    "Un sac à magnésie doublé polaire avec bord rigide, porte-brosse et ceinture, livré avec 100 g de magnésie fine. La fermeture par cordon garde la magnésie dans le sac, pas dans votre sac à dos.")
add("CLB", "PAD", "Ardoise", 179.00, None, "grey green",
    "Ardoise Boulder Crash Pad",
    "Crash pad de bloc Ardoise",
    "A 120 x 100 x 10 cm bouldering pad with three layers of foam, a taco fold and backpack straps for the walk in. A carpet strip keeps your shoes clean before you pull on.",
    "Un crash pad de 120 x 100 x 10 cm avec trois couches de mousse, pliage en taco et bretelles pour la marche d'approche. Une bande de moquette garde les chaussons propres avant de grimper.")
add("CLB", "VFR", "Cordée", 99.00, None, "orange",
    "Cordée Via Ferrata Lanyard Set",
    "Longe de via ferrata Cordée",
    "A Y-shaped via ferrata lanyard with an energy absorber and two auto-locking carabiners, certified EN 958:2017 for climbers from 40 to 120 kg. The elastic arms stay out from under your feet.",
    "Une longe de via ferrata en Y avec absorbeur d'énergie et deux mousquetons à verrouillage automatique, certifiée EN 958:2017 pour les grimpeurs de 40 à 120 kg. Les brins élastiques ne traînent pas dans les pieds.")
add("CLB", "CRB", "Cordée", 12.90, None, "grey orange blue",
    "Cordée HMS Screw-Gate Carabiner",
    "Mousqueton à vis HMS Cordée",
    "A pear-shaped HMS screw-gate carabiner for belaying, the Munter hitch and building anchors. 22 kN major-axis strength, 72 g.",
    "Un mousqueton à vis en poire de type HMS pour l'assurage, le nœud de demi-cabestan et les relais. Résistance de 22 kN sur le grand axe, 72 g.")

# ---------------------------------------------------------------------------------------------------------
# Bikes
# ---------------------------------------------------------------------------------------------------------
add("BIK", "MTB", "Braquet", 899.00, "BIK", "black green",
    'Braquet Rock 520 29" Hardtail Mountain Bike',
    "VTT semi-rigide Braquet Rock 520 29 pouces",
    "A lightweight aluminium hardtail with 29-inch wheels, a 100 mm air fork with lockout and a 1x12 drivetrain for cross-country rides and trail centres. Hydraulic disc brakes and tubeless-ready rims.",
    "Un VTT semi-rigide léger en aluminium avec roues de 29 pouces, fourche pneumatique de 100 mm à blocage et transmission 1x12 pour le cross-country et les espaces VTT. Freins à disque hydrauliques et jantes prêtes pour le tubeless.")
add("BIK", "MTB", "Braquet", 449.00, ["S", "M", "L"], "blue red",
    'Braquet Rock 340 27.5" Hardtail Mountain Bike',
    "VTT semi-rigide Braquet Rock 340 27,5 pouces",
    "An entry-level aluminium hardtail for forest tracks and first trail rides: 27.5-inch wheels, a 100 mm coil fork, 2x8 gears and mechanical disc brakes. Easy to maintain and comfortable for beginners.",
    "Un VTT semi-rigide d'entrée de gamme en aluminium pour les chemins forestiers et les premières sorties : roues de 27,5 pouces, fourche à ressort de 100 mm, transmission 2x8 et freins à disque mécaniques. Facile à entretenir et confortable pour débuter.")
add("BIK", "FSM", "Braquet", 2199.00, "BIK", "grey orange",
    "Braquet Trail 900 Full-Suspension Mountain Bike",
    "VTT tout-suspendu Braquet Trail 900",
    "A 140 mm full-suspension trail bike built around a 150 mm air fork, a dropper seatpost and four-piston hydraulic brakes. 29-inch wheels and modern geometry for steep descents and technical climbs.",
    "Un VTT tout-suspendu trail de 140 mm équipé d'une fourche pneumatique de 150 mm, d'une tige de selle télescopique et de freins hydrauliques à quatre pistons. Roues de 29 pouces et géométrie moderne pour les descentes raides et les montées techniques.")
add("BIK", "GRV", "Braquet", 1099.00, "BIK", "khaki grey",
    "Braquet Gravel 700 Aluminium Gravel Bike",
    "Vélo gravel aluminium Braquet Gravel 700",
    "An aluminium gravel bike with a carbon fork, 1x11 gearing, hydraulic disc brakes and 45 mm tyres. Mounts for racks, mudguards and three bottles make it ready for bikepacking.",
    "Un gravel en aluminium avec fourche carbone, transmission 1x11, freins à disque hydrauliques et pneus de 45 mm. Les inserts pour porte-bagages, garde-boue et trois bidons le rendent prêt pour le bikepacking.")
add("BIK", "GRV", "Braquet", 2299.00, ["S", "M", "L"], "black",
    "Braquet Gravel 900 Carbon Gravel Bike",
    "Vélo gravel carbone Braquet Gravel 900",
    "A 9.1 kg carbon gravel bike for fast rides on mixed terrain and gravel events, with a 2x12 groupset, hydraulic disc brakes and clearance for 50 mm tyres. Internal cable routing and frame-bag mounts.",
    "Un gravel carbone de 9,1 kg pour rouler vite sur terrains mixtes et en épreuves gravel, avec groupe 2x12, freins à disque hydrauliques et passage de pneus jusqu'à 50 mm. Câbles intégrés et inserts pour sacoche de cadre.")
add("BIK", "RTE", "Braquet", 649.00, "BIK", "red white",
    "Braquet Route 500 Aluminium Road Bike",
    "Vélo de route aluminium Braquet Route 500",
    "An endurance road bike with an aluminium frame, a carbon fork and 2x8 gearing, for first sportives and weekend rides. Comfortable geometry, rim brakes and 28 mm tyres.",
    "Un vélo de route endurance avec cadre aluminium, fourche carbone et transmission 2x8, pour les premières cyclosportives et les sorties du week-end. Géométrie confortable, freins sur jante et pneus de 28 mm.")
add("BIK", "RTE", "Braquet", 1899.00, "BIK", "black blue",
    "Braquet Route 900 Carbon Road Bike",
    "Vélo de route carbone Braquet Route 900",
    "A 7.9 kg carbon road bike with a 2x12 groupset, hydraulic disc brakes and aero-profiled wheels. Stiff enough for racing, with an endurance position for long days in the mountains.",
    "Un vélo de route carbone de 7,9 kg avec groupe 2x12, freins à disque hydrauliques et roues au profil aéro. Assez rigide pour la course, avec une position endurance pour les longues journées en montagne.")
add("BIK", "EMT", "Braquet", 2499.00, "BIK", "black orange",
    "Braquet E-Rock 700 Electric Mountain Bike",
    "VTT électrique Braquet E-Rock 700",
    "A hardtail e-MTB with an 85 Nm mid-drive motor and a 625 Wh integrated battery, for up to 120 km of range in eco mode. 29-inch wheels, a 120 mm fork and four-piston brakes for climbing steep forest tracks.",
    "Un VTT électrique semi-rigide avec moteur central de 85 Nm et batterie intégrée de 625 Wh, jusqu'à 120 km d'autonomie en mode éco. Roues de 29 pouces, fourche de 120 mm et freins à quatre pistons pour gravir les chemins forestiers raides.")
add("BIK", "ECY", "Braquet", 1399.00, ["M", "L"], "white navy",
    "Braquet E-City 500 Electric City Bike",
    "Vélo de ville électrique Braquet E-City 500",
    "An electric city bike with a step-through frame, a 50 Nm rear-hub motor and a 500 Wh battery (up to 90 km). Integrated lights, mudguards, a rear rack and a 7-speed hub gear for low-maintenance commuting.",
    "Un vélo de ville électrique à cadre ouvert, avec moteur dans le moyeu arrière de 50 Nm et batterie de 500 Wh (jusqu'à 90 km). Éclairage intégré, garde-boue, porte-bagages et moyeu à 7 vitesses pour des trajets quotidiens sans entretien.")
add("BIK", "HYB", "Vallon", 349.00, ["S", "M", "L"], "grey green",
    "Vallon City 300 Hybrid Bike",
    "Vélo tout chemin Vallon City 300",
    "A comfortable hybrid bike for commuting and cycle paths, with 700c wheels, 3x7 gears, a suspension seatpost and V-brakes. It comes with a kickstand and mudguard mounts.",
    "Un vélo hybride confortable pour les trajets quotidiens et les pistes cyclables, avec roues 700c, 3x7 vitesses, tige de selle suspendue et freins V-brake. Livré avec béquille et inserts pour garde-boue.")
add("BIK", "KID", "Braquet", 249.00, None, "red blue",
    "Braquet Kids 20 Mountain Bike - 20-inch",
    "VTT enfant Braquet Kids 20 - 20 pouces",
    "A light 20-inch mountain bike for children aged 6 to 9 (about 1.15 to 1.35 m), with 6 gears, short-reach brake levers and a suspension fork. 11 kg, in aluminium.",
    "Un VTT 20 pouces léger pour les enfants de 6 à 9 ans (environ 1,15 à 1,35 m), avec 6 vitesses, leviers de frein à portée réduite et fourche suspendue. 11 kg, en aluminium.")
add("BIK", "KID", "Braquet", 299.00, None, "green orange",
    "Braquet Kids 24 Mountain Bike - 24-inch",
    "VTT enfant Braquet Kids 24 - 24 pouces",
    "A 24-inch aluminium mountain bike for riders aged 9 to 12 (about 1.35 to 1.50 m), with 8 gears, a 60 mm suspension fork and mechanical disc brakes. Light enough for long family rides.",
    "Un VTT 24 pouces en aluminium pour les 9 à 12 ans (environ 1,35 à 1,50 m), avec 8 vitesses, fourche suspendue de 60 mm et freins à disque mécaniques. Assez léger pour les longues balades en famille.")
add("BIK", "FLD", "Vallon", 399.00, None, "black white",
    "Vallon Fold 100 Folding Bike",
    "Vélo pliant Vallon Fold 100",
    "A folding bike with 20-inch wheels that folds in 15 seconds to fit under a desk or in a car boot. 6 gears, mudguards and a carry handle; 13.5 kg.",
    "Un vélo pliant à roues de 20 pouces qui se plie en 15 secondes pour se ranger sous un bureau ou dans un coffre. 6 vitesses, garde-boue et poignée de transport ; 13,5 kg.")

# ---------------------------------------------------------------------------------------------------------
# Cycling accessories
# ---------------------------------------------------------------------------------------------------------
add("CYA", "HLM", "Braquet", 89.00, ["S", "M", "L"], "black white red",
    "Braquet Aero Road Cycling Helmet",
    "Casque vélo de route Braquet Aero",
    "A road helmet with an aerodynamic in-mould shell, 18 vents and a liner that protects against rotational impacts. Dial fit adjustment and a magnetic buckle; 260 g in size M.",
    "Un casque de route à coque aérodynamique in-mould, 18 aérations et système de protection contre les impacts rotationnels. Réglage par molette et boucle magnétique ; 260 g en taille M.")
add("CYA", "HLM", "Braquet", 69.00, ["S", "M", "L"], "green grey black",
    "Braquet Trail MTB Helmet",
    "Casque VTT Braquet Trail",
    "A mountain bike helmet with extended rear coverage, an adjustable visor and a goggle strap clip. Dial-adjust cradle and large vents for long climbs.",
    "Un casque VTT avec protection arrière étendue, visière réglable et clip pour sangle de masque. Serrage par molette et larges aérations pour les longues montées.")
add("CYA", "HLM", "Vallon", 34.90, ["S/M", "M/L"], "navy white pink",
    "Vallon City Bike Helmet with Rear Light",
    "Casque vélo urbain Vallon avec éclairage arrière",
    "An urban helmet with a built-in USB-rechargeable rear LED, reflective strips and a smooth shell that still looks good off the bike. EN 1078 certified.",
    "Un casque urbain avec éclairage LED arrière intégré rechargeable en USB, bandes réfléchissantes et coque lisse qui reste élégante hors du vélo. Certifié EN 1078.")
add("CYA", "LGT", "Luciole", 39.90, None, "black",
    "Luciole Bike Light Set 400/50",
    "Kit d'éclairage vélo Luciole 400/50",
    "A front and rear light set, 400 lumens at the front and 50 lumens at the back, both rechargeable by USB-C. Tool-free rubber strap mounts and a daytime flash mode to be seen in traffic.",
    "Un kit d'éclairage avant et arrière, 400 lumens à l'avant et 50 lumens à l'arrière, rechargeable en USB-C. Fixations par sangle caoutchouc sans outil et mode flash de jour pour être vu dans la circulation.")
add("CYA", "LGT", "Luciole", 79.00, None, "black",
    "Luciole Night Rider 1200 Front Bike Light",
    "Éclairage avant vélo Luciole Night Rider 1200",
    "A 1,200-lumen front light for night mountain biking and unlit lanes, with 2 hours of run time on full power and 10 hours on low. Handlebar and helmet mounts included; IPX6 waterproof.",
    "Un éclairage avant de 1 200 lumens pour le VTT de nuit et les routes non éclairées, avec 2 heures d'autonomie à pleine puissance et 10 heures en mode faible. Fixations guidon et casque incluses ; étanche IPX6.")
add("CYA", "LCK", "Braquet", 44.90, None, "black",
    "Braquet U-Lock 16 mm with Cable",
    "Antivol en U Braquet 16 mm avec câble",
    "A hardened-steel 16 mm U-lock with a 1.2 m braided cable to secure the front wheel, plus a frame mount. Designed for high-risk urban parking; supplied with three keys.",
    "Un antivol en U en acier trempé de 16 mm avec câble tressé de 1,2 m pour sécuriser la roue avant, et support de cadre. Prévu pour le stationnement urbain à risque élevé ; livré avec trois clés.")
add("CYA", "LCK", "Braquet", 69.90, None, "black",
    "Braquet Folding Bike Lock",
    "Antivol pliant Braquet",
    "A folding link lock in hardened steel that packs into a frame-mounted holster, so it is easier to carry than a U-lock, with an 85 cm reach. Anti-drill lock cylinder.",
    "Un antivol pliant à maillons en acier trempé qui se range dans un étui fixé au cadre : plus facile à transporter qu'un U, avec 85 cm de longueur utile. Cylindre anti-perçage.")
add("CYA", "PMP", "Braquet", 34.90, None, "black red",
    "Braquet Floor Pump with Gauge",
    "Pompe à pied Braquet avec manomètre",
    "A steel floor pump with a large gauge that reaches 11 bar (160 psi), with a smart head for Presta and Schrader valves. A wide base keeps it steady.",
    "Une pompe à pied en acier avec grand manomètre, jusqu'à 11 bar (160 psi), avec tête compatible valves Presta et Schrader. Sa large base la garde stable.")
add("CYA", "PMP", "Braquet", 19.90, None, "black",
    "Braquet Mini Pump",
    "Mini-pompe vélo Braquet",
    "A 90 g aluminium mini pump that mounts next to your bottle cage, with a reversible head for Presta and Schrader valves. The flexible hose protects the valve while you pump.",
    "Une mini-pompe en aluminium de 90 g qui se fixe à côté du porte-bidon, avec tête réversible Presta et Schrader. Le flexible protège la valve pendant le gonflage.")
add("CYA", "TOL", "Braquet", 24.90, None, "",
    "Braquet 16-in-1 Multi-Tool",
    "Multi-outil vélo Braquet 16 en 1",
    "A compact multi-tool with hex keys from 2 to 8 mm, a Torx T25, screwdrivers, a chain breaker and spoke keys. It fits in a saddle bag; 160 g.",
    "Un multi-outil compact avec clés Allen de 2 à 8 mm, Torx T25, tournevis, dérive-chaîne et clés à rayons. Il tient dans une sacoche de selle ; 160 g.")
add("CYA", "GLV", "Braquet", 24.90, ["S", "M", "L", "XL"], "black blue",
    "Braquet Gel Cycling Gloves",
    "Mitaines de vélo Braquet Gel",
    "Fingerless summer cycling gloves with gel padding in the palm to reduce numbness on long rides, a terry-cloth thumb and pull tabs for easy removal. Breathable mesh on the back of the hand.",
    "Des mitaines de vélo d'été avec inserts en gel dans la paume pour limiter les engourdissements sur les longues sorties, pouce en tissu éponge et tirettes pour les retirer facilement. Dos de la main en mesh respirant.")
add("CYA", "GLV", "Braquet", 39.90, ["S", "M", "L", "XL"], "black",
    "Braquet Winter Cycling Gloves",
    "Gants de vélo hiver Braquet",
    "Windproof, water-resistant full-finger gloves with a thin fleece lining for cycling between 0 and 10 °C. Touchscreen-compatible fingertips and a reflective print.",
    "Des gants longs coupe-vent et déperlants, doublés d'une fine polaire, pour rouler entre 0 et 10 °C. Bouts de doigts compatibles écrans tactiles et impression réfléchissante.")
add("CYA", "BAG", "Braquet", 49.90, None, "black khaki",
    "Braquet Bikepacking Frame Bag - 4 L",
    "Sacoche de cadre bikepacking Braquet - 4 L",
    "A 4-litre waterproof frame bag with welded seams and a waterproof zip, for tools, food and a phone on long rides. Fits most medium and large frames.",
    "Une sacoche de cadre étanche de 4 litres à coutures soudées et zip étanche, pour les outils, les ravitaillements et le téléphone lors des longues sorties. Compatible avec la plupart des cadres M et L.")
add("CYA", "BAG", "Braquet", 59.90, None, "black yellow",
    "Braquet Waterproof Pannier - 20 L",
    "Sacoche de porte-bagages étanche Braquet - 20 L",
    "A 20-litre roll-top pannier (sold individually) that clips onto most rear racks in seconds. Fully waterproof for commuting and cycle touring, with a shoulder strap and a reflective logo.",
    "Une sacoche de porte-bagages de 20 litres à fermeture enroulable (vendue à l'unité) qui se clipse en quelques secondes sur la plupart des porte-bagages arrière. Totalement étanche pour le vélotaf et le voyage à vélo, avec bandoulière et logo réfléchissant.")
add("CYA", "GPS", "Luciole", 149.00, None, "black",
    "Luciole Orbit GPS Bike Computer",
    "Compteur GPS vélo Luciole Orbit",
    "A GPS bike computer with turn-by-turn navigation, a 2.4-inch colour screen that stays readable in sunlight and 20 hours of battery life. It pairs with heart-rate straps, power meters and your phone over Bluetooth and ANT+.",
    "Un compteur GPS vélo avec navigation virage par virage, écran couleur de 2,4 pouces lisible en plein soleil et 20 heures d'autonomie. Il se connecte aux ceintures cardio, aux capteurs de puissance et à votre téléphone en Bluetooth et ANT+.")
add("CYA", "RPR", "Braquet", 14.90, None, "",
    "Braquet Tubeless Repair Kit",
    "Kit de réparation tubeless Braquet",
    "A pocket tool with five sticky plugs to fix punctures in tubeless tyres without taking the wheel off. The aluminium handle stores in your handlebar end.",
    "Un outil de poche avec cinq mèches pour réparer une crevaison de pneu tubeless sans démonter la roue. Le manche en aluminium se range dans l'embout du cintre.")
add("CYA", "TUB", "Braquet", 7.90, None, "",
    "Braquet Inner Tube 29 x 2.1-2.4 Presta",
    "Chambre à air Braquet 29 x 2,1-2,4 Presta",
    "A butyl inner tube for 29-inch mountain bike tyres from 2.1 to 2.4 inches wide, with a 48 mm Presta valve and a removable core. Carry one as a backup even if you ride tubeless.",
    "Une chambre à air en butyle pour pneus VTT 29 pouces de 2,1 à 2,4 de large, avec valve Presta de 48 mm à obus démontable. Emportez-en une en secours, même en tubeless.")

# ---------------------------------------------------------------------------------------------------------
# Ski
# ---------------------------------------------------------------------------------------------------------
add("SKI", "SKP", "Adret", 399.00, ["150 cm", "160 cm", "170 cm", "180 cm"], "red",
    "Adret Piste 76 Skis with Bindings",
    "Skis de piste Adret Piste 76 avec fixations",
    "Easy-turning piste skis for beginners and intermediates, with a 76 mm waist, a slight tip rocker and a poplar wood core. Sold with bindings adjustable from 3 to 10 DIN.",
    "Des skis de piste faciles à tourner pour les skieurs débutants et intermédiaires, avec un patin de 76 mm, un léger rocker en spatule et un noyau en bois de peuplier. Vendus avec fixations réglables de 3 à 10 DIN.")
add("SKI", "SKF", "Adret", 549.00, ["172 cm", "180 cm", "188 cm"], "orange",
    "Adret Freeride 98 Skis",
    "Skis freeride Adret Freeride 98",
    "A freeride ski with a 98 mm waist and tip and tail rocker for floating in powder and carving off-piste, built around a wood core with carbon stringers. Sold without bindings.",
    "Un ski freeride de 98 mm au patin, avec rocker en spatule et en talon pour flotter dans la poudreuse et tailler des courbes hors-piste, construit autour d'un noyau bois renforcé de carbone. Vendu sans fixations.")
add("SKI", "SKT", "Adret", 599.00, ["156 cm", "164 cm", "172 cm", "180 cm"], "white",
    "Adret Tour 88 Ski Touring Skis",
    "Skis de randonnée Adret Tour 88",
    "A light touring ski, 1.2 kg per ski in 172 cm, with an 88 mm waist, a paulownia core and a notched tail for skins. It climbs efficiently and stays predictable on spring snow and crust. Sold without bindings.",
    "Un ski de randonnée léger, 1,2 kg par ski en 172 cm, avec patin de 88 mm, noyau paulownia et talon encoché pour les peaux. Efficace à la montée et prévisible à la descente sur neige de printemps et croûtée. Vendu sans fixations.")
add("SKI", "SKJ", "Adret", 149.00, ["100 cm", "110 cm", "120 cm", "130 cm"], "blue pink",
    "Adret Junior Kids Skis with Bindings",
    "Skis enfant Adret Junior avec fixations",
    "Soft, easy-turning skis for children learning to ski, with a full rocker profile and junior bindings (DIN 0.75 to 4.5). Light enough to carry from the car park.",
    "Des skis souples et faciles à tourner pour les enfants qui apprennent à skier, avec profil rocker intégral et fixations junior (DIN 0,75 à 4,5). Assez légers pour être portés depuis le parking.")
add("SKI", "BOT", "Adret", 229.00, ["26.5", "27.5", "28.5", "29.5", "30.5"], "black",
    "Adret Carve 80 Ski Boots - Men's",
    "Chaussures de ski Adret Carve 80 - Homme",
    "Comfortable on-piste ski boots for intermediate skiers, with a flex of 80, a 102 mm last and a heat-mouldable liner. Four micro-adjustable buckles and a power strap; sizes are mondopoint (foot length in cm).",
    "Des chaussures de ski de piste confortables pour skieurs intermédiaires, avec un flex de 80, une largeur de 102 mm et un chausson thermoformable. Quatre crochets micrométriques et un strap ; tailles en mondopoint (longueur du pied en cm).")
add("SKI", "BOT", "Adret", 199.00, ["23.5", "24.5", "25.5", "26.5"], "white purple",
    "Adret Carve 70 Ski Boots - Women's",
    "Chaussures de ski Adret Carve 70 - Femme",
    "A women's ski boot with a soft flex of 70, a lower cuff that avoids pressure on the calf and a fleece-lined liner for warm feet. A walk mode helps you get around the resort; sizes in mondopoint.",
    "Une chaussure de ski femme au flex souple de 70, avec tige plus basse qui évite les points de pression au mollet et chausson doublé polaire pour garder les pieds au chaud. Un mode marche facilite les déplacements en station ; tailles en mondopoint.")
add("SKI", "BTT", "Adret", 499.00, ["24.5", "25.5", "26.5", "27.5", "28.5"], "orange black",
    "Adret Tour Light Ski Touring Boots",
    "Chaussures de ski de randonnée Adret Tour Light",
    "A 1.3 kg ski touring boot with 60° of cuff rotation in walk mode, inserts for pin bindings and a single lever that locks everything for the descent. Polyamide shell, flex 110.",
    "Une chaussure de ski de randonnée de 1,3 kg avec 60° de débattement en mode marche, inserts pour fixations à inserts et un levier unique qui verrouille tout pour la descente. Coque en polyamide, flex 110.")
add("SKI", "GOG", "Névé", 59.90, None, "black blue white",
    "Névé Vision Ski Goggles",
    "Masque de ski Névé Vision",
    "Double-lens ski goggles with a category 3 mirrored lens for sunny days, an anti-fog coating and a wide field of view. Helmet-compatible strap.",
    "Un masque de ski à double écran, avec verre miroir catégorie 3 pour les journées ensoleillées, traitement antibuée et large champ de vision. Sangle compatible casque.")
add("SKI", "GOG", "Névé", 119.00, None, "black white",
    "Névé Photochromic Ski Goggles",
    "Masque de ski photochromique Névé",
    "Goggles with a photochromic lens that shifts from category 1 to 3 as the light changes, so one lens covers fog, flat light and bright sun. Triple-layer face foam and a helmet-compatible strap.",
    "Un masque à verre photochromique qui passe de la catégorie 1 à 3 selon la luminosité : un seul écran pour le brouillard, le jour blanc et le grand soleil. Mousse triple épaisseur et sangle compatible casque.")
add("SKI", "HLM", "Névé", 79.00, ["S", "M", "L"], "black white blue",
    "Névé Snow Ski Helmet",
    "Casque de ski Névé Snow",
    "An in-mould ski helmet with adjustable ventilation, removable ear pads and a goggle clip at the back. Dial fit system; EN 1077 certified.",
    "Un casque de ski in-mould avec ventilation réglable, oreillettes amovibles et clip de masque à l'arrière. Réglage par molette ; certifié EN 1077.")
add("SKI", "PLE", "Adret", 29.90, ["110 cm", "115 cm", "120 cm", "125 cm", "130 cm"], "black red",
    "Adret Aluminium Ski Poles",
    "Bâtons de ski aluminium Adret",
    "Light aluminium ski poles with ergonomic grips, adjustable wrist straps and 60 mm baskets that cope with powder. To find your size, turn a pole upside down and hold it under the basket: your elbow should be at a right angle.",
    "Des bâtons de ski légers en aluminium avec poignées ergonomiques, dragonnes réglables et rondelles de 60 mm adaptées à la poudreuse. Pour choisir la taille, retournez le bâton et tenez-le sous la rondelle : votre coude doit former un angle droit.")
add("SKI", "JKT", "Névé", 249.00, "CLM", "blue red black",
    "Névé Powder Insulated Ski Jacket - Men's",
    "Veste de ski isolée Névé Powder - Homme",
    "A warm, waterproof ski jacket with a 20,000 mm membrane, 100 g/m² synthetic insulation and fully taped seams. Powder skirt, helmet-compatible hood, a ski-pass pocket on the sleeve and underarm vents.",
    "Une veste de ski chaude et imperméable avec membrane 20 000 mm, isolation synthétique de 100 g/m² et coutures entièrement étanchées. Jupe pare-neige, capuche compatible casque, poche forfait sur la manche et aérations sous les bras.")
add("SKI", "JKT", "Névé", 249.00, "CLW", "white purple navy",
    "Névé Powder Insulated Ski Jacket - Women's",
    "Veste de ski isolée Névé Powder - Femme",
    "A women's insulated ski jacket with a 20,000 mm waterproof membrane, 120 g/m² insulation through the body and stretch inner cuffs with thumb loops. Powder skirt, ski-pass pocket and a removable faux-fur trim on the hood.",
    "Une veste de ski femme isolée avec membrane imperméable 20 000 mm, isolation de 120 g/m² sur le corps et poignets intérieurs stretch avec passe-pouces. Jupe pare-neige, poche forfait et fausse fourrure amovible sur la capuche.")
add("SKI", "PNT", "Névé", 149.00, "CLM", "black navy",
    "Névé Slope Ski Trousers - Men's",
    "Pantalon de ski Névé Slope - Homme",
    "Insulated, waterproof ski trousers with a 15,000 mm membrane, reinforced inner ankles against ski edges and built-in snow gaiters. Adjustable waist and thigh vents.",
    "Un pantalon de ski isolé et imperméable avec membrane 15 000 mm, intérieurs de chevilles renforcés contre les carres et guêtres pare-neige intégrées. Taille réglable et aérations aux cuisses.")
add("SKI", "PNT", "Névé", 149.00, "CLW", "black white",
    "Névé Slope Ski Trousers - Women's",
    "Pantalon de ski Névé Slope - Femme",
    "Women's ski trousers with a 15,000 mm waterproof membrane, light insulation and a high, stretchy back panel for comfort on the chairlift. Boot gaiters and scuff guards at the hem.",
    "Un pantalon de ski femme avec membrane imperméable 15 000 mm, isolation légère et dos haut extensible pour le confort sur le télésiège. Guêtres pare-neige et renforts anti-frottement en bas de jambe.")
add("SKI", "GLV", "Névé", 49.90, ["S", "M", "L", "XL"], "black",
    "Névé Waterproof Ski Gloves",
    "Gants de ski imperméables Névé",
    "Insulated ski gloves with a waterproof, breathable insert, a goatskin leather palm for grip and long cuffs that close over your jacket sleeve. Touchscreen-compatible index finger.",
    "Des gants de ski isolés avec membrane imperméable et respirante, paume en cuir de chèvre pour l'adhérence et longues manchettes qui se ferment par-dessus la manche. Index compatible écrans tactiles.")
add("SKI", "SKN", "Adret", 159.00, None, "",
    "Adret Mohair Mix Climbing Skins - 120 mm",
    "Peaux de phoque Adret mohair mix - 120 mm",
    "Ski touring skins in a 70/30 mohair and nylon blend, 120 mm wide, for a good balance of glide and grip. Supplied with a trimming tool, tip and tail fixings and a storage bag; trim them to fit your skis.",
    "Des peaux de phoque en mélange mohair/nylon 70/30, largeur 120 mm, pour un bon équilibre entre glisse et accroche. Livrées avec outil de découpe, fixations de spatule et de talon et housse ; à découper à la taille de vos skis.")

# ---------------------------------------------------------------------------------------------------------
# Swimming
# ---------------------------------------------------------------------------------------------------------
add("SWM", "SWS", "Sillage", 29.90, "CLW", "navy black purple",
    "Sillage Pool Training Swimsuit - Women's",
    "Maillot de bain une pièce d'entraînement Sillage - Femme",
    "A chlorine-resistant one-piece swimsuit for lap swimming, with a racer back for freedom of movement and a fabric that keeps its shape and colour through hundreds of pool sessions. Quick-drying, UPF 50+.",
    "Un maillot une pièce résistant au chlore pour nager en bassin, avec dos nageur pour une grande liberté de mouvement et un tissu qui garde sa forme et sa couleur après des centaines de séances. Séchage rapide, UPF 50+.")
add("SWM", "JAM", "Sillage", 24.90, "CLM", "black navy blue",
    "Sillage Jammer Swim Shorts - Men's",
    "Jammer de natation Sillage - Homme",
    "Knee-length jammers for training and competition, in a chlorine-resistant fabric that holds its compression over time. Flat seams to prevent chafing and an internal drawcord.",
    "Un jammer long pour l'entraînement et la compétition, dans un tissu résistant au chlore qui garde son maintien dans le temps. Coutures plates anti-frottements et cordon de serrage intérieur.")
add("SWM", "BRF", "Sillage", 19.90, "CLM", "black blue red",
    "Sillage Swim Briefs - Men's",
    "Slip de bain Sillage - Homme",
    "Classic swim briefs in chlorine-resistant polyester for the pool, with a comfortable lined front and an internal drawcord. Compulsory in many French public pools, where loose swim shorts are not allowed.",
    "Un slip de bain classique en polyester résistant au chlore pour la piscine, avec devant doublé confortable et cordon de serrage intérieur. Obligatoire dans de nombreuses piscines municipales, où les shorts de bain sont interdits.")
add("SWM", "SHT", "Sillage", 24.90, "CLM", "navy orange green",
    "Sillage Beach Swim Shorts - Men's",
    "Short de bain Sillage - Homme",
    "Quick-drying beach swim shorts with a mesh brief lining, a back pocket that drains and an elasticated waist. For the beach, lakes and paddling, not for pools that require close-fitting swimwear.",
    "Un short de bain à séchage rapide avec slip intérieur en filet, poche arrière qui évacue l'eau et taille élastiquée. Pour la plage, les lacs et le paddle, pas pour les piscines qui exigent un maillot ajusté.")
add("SWM", "GOG", "Sillage", 14.90, None, "blue black pink",
    "Sillage Clear Anti-Fog Swimming Goggles",
    "Lunettes de natation antibuée Sillage Clear",
    "Pool goggles with clear anti-fog lenses, UV protection and soft silicone seals. Three interchangeable nose bridges for a leak-free fit.",
    "Des lunettes de natation pour la piscine avec verres clairs antibuée, protection UV et joints en silicone souple. Trois ponts de nez interchangeables pour une étanchéité parfaite.")
add("SWM", "GOG", "Sillage", 29.90, None, "black orange",
    "Sillage Open Water Mirrored Swimming Goggles",
    "Lunettes de natation eau libre Sillage à verres miroirs",
    "Wide-view goggles for open-water swimming and triathlon, with mirrored lenses against glare and a curved frame for peripheral vision when sighting. Quick-adjust split strap.",
    "Des lunettes à grand champ de vision pour la nage en eau libre et le triathlon, avec verres miroirs contre l'éblouissement et monture incurvée pour la vision périphérique. Sangle séparée à réglage rapide.")
add("SWM", "CAP", "Sillage", 9.90, None, "white black blue pink yellow",
    "Sillage Silicone Swim Cap",
    "Bonnet de bain en silicone Sillage",
    "A durable silicone swim cap that keeps hair in place and reduces drag. Comfortable with long hair, it doesn't pull like latex; required in most public pools.",
    "Un bonnet de bain en silicone résistant qui maintient les cheveux et réduit la traînée. Confortable même avec des cheveux longs, il ne tire pas comme le latex ; obligatoire dans la plupart des piscines publiques.")
add("SWM", "FIN", "Sillage", 24.90, ["36-37", "38-39", "40-41", "42-43", "44-45"], "blue yellow",
    "Sillage Short Blade Training Fins",
    "Palmes courtes d'entraînement Sillage",
    "Short-blade silicone fins for technique work and building kick strength without straining your ankles. Soft foot pockets won't rub during long sets.",
    "Des palmes courtes en silicone pour travailler la technique et renforcer le battement sans forcer sur les chevilles. Les chaussons souples ne frottent pas lors des longues séries.")
add("SWM", "WET", "Sillage", 349.00, "CLM", "black",
    "Sillage Triathlon Wetsuit - Men's",
    "Combinaison de triathlon Sillage - Homme",
    "A full-sleeve triathlon wetsuit with 5 mm buoyancy panels on the hips and legs and 2 mm shoulder panels for free arm rotation. Quick-release ankle cuffs and a reverse zip speed up transitions. Suitable for water between 14 and 22 °C.",
    "Une combinaison de triathlon à manches longues avec panneaux de 5 mm sur les hanches et les jambes pour la flottabilité et de 2 mm aux épaules pour la liberté de rotation. Chevilles à retrait rapide et zip inversé pour des transitions plus rapides. Adaptée aux eaux entre 14 et 22 °C.")
add("SWM", "WET", "Sillage", 349.00, "CLW", "black",
    "Sillage Triathlon Wetsuit - Women's",
    "Combinaison de triathlon Sillage - Femme",
    "A women's-fit triathlon wetsuit with 4 mm buoyancy panels through the legs, 1.5 mm stretch neoprene at the shoulders and a low neckline that doesn't choke. Easy to remove in transition; for open water between 14 and 22 °C.",
    "Une combinaison de triathlon coupe femme avec panneaux de 4 mm sur les jambes pour la flottabilité, néoprène stretch de 1,5 mm aux épaules et encolure basse qui ne serre pas. Facile à retirer en transition ; pour l'eau libre entre 14 et 22 °C.")
add("SWM", "TWL", "Sillage", 19.90, None, "blue grey green",
    "Sillage Microfibre Travel Towel - L",
    "Serviette microfibre de voyage Sillage - L",
    "A large 130 x 80 cm microfibre towel that absorbs several times its weight and dries much faster than cotton. It folds into a small zip pouch with a hanging loop.",
    "Une grande serviette microfibre de 130 x 80 cm qui absorbe plusieurs fois son poids et sèche bien plus vite que le coton. Elle se range dans une petite pochette zippée avec boucle de suspension.")
add("SWM", "TRN", "Sillage", 17.90, None, "blue",
    "Sillage Pull Buoy and Kickboard Set",
    "Kit pull-buoy et planche de natation Sillage",
    "A foam pull buoy and a kickboard for isolating arms and legs in training. Closed-cell EVA foam that doesn't absorb water.",
    "Un pull-buoy et une planche en mousse pour isoler le travail des bras et des jambes à l'entraînement. Mousse EVA à cellules fermées qui n'absorbe pas l'eau.")
add("SWM", "KID", "Sillage", 19.90, "KID", "pink blue yellow",
    "Sillage Kids' UV Swimsuit",
    "Maillot de bain anti-UV Sillage - Enfant",
    "A UPF 50+ swimsuit for children, with short sleeves to protect their shoulders at the beach and the pool. Chlorine- and salt-resistant fabric and a back zip that makes it easy to put on.",
    "Un maillot anti-UV UPF 50+ pour enfant, à manches courtes pour protéger les épaules à la plage et à la piscine. Tissu résistant au chlore et au sel, avec zip dans le dos pour l'enfiler facilement.")

# ---------------------------------------------------------------------------------------------------------
# Kayak & paddle
# ---------------------------------------------------------------------------------------------------------
add("KYK", "SUP", "Estran", 399.00, None, "blue",
    "Estran Glide 10'6 Inflatable SUP Board Pack",
    "Pack paddle gonflable Estran Glide 10'6",
    "An all-round inflatable paddleboard, 10'6\" x 32\" x 6\", stable enough for beginners and families on lakes and calm sea. The pack includes a 3-piece aluminium paddle, a double-action pump, a coiled leash and a backpack; maximum load 120 kg.",
    "Un paddle gonflable polyvalent de 10'6\" x 32\" x 6\", assez stable pour les débutants et les familles sur les lacs et la mer calme. Le pack comprend une pagaie aluminium en 3 parties, une pompe double action, un leash spiralé et un sac à dos ; charge maximale 120 kg.")
add("KYK", "SUP", "Estran", 599.00, None, "orange green",
    "Estran Touring 12'6 Inflatable SUP Board Pack",
    "Pack paddle gonflable de randonnée Estran Touring 12'6",
    "A long, narrow 12'6\" x 30\" touring board that tracks straight and glides further, for day trips along the coast and lake crossings. Double-layer drop-stitch construction, front and rear bungees for dry bags and a carbon-fibreglass paddle included. Maximum load 140 kg.",
    "Une planche de randonnée longue et étroite de 12'6\" x 30\" qui file droit et glisse plus loin, pour les balades à la journée le long de la côte et les traversées de lac. Construction drop-stitch double couche, sandows avant et arrière pour sacs étanches et pagaie carbone-fibre de verre incluse. Charge maximale 140 kg.")
add("KYK", "SUP", "Estran", 249.00, None, "yellow pink",
    "Estran Kids 8' Inflatable SUP Board",
    "Paddle gonflable Estran 8' - Enfant",
    "An 8' x 28\" inflatable board sized for children up to 50 kg, with a soft deck pad, a small fin and an adjustable kids' paddle. Light enough for young paddlers to carry themselves.",
    "Une planche gonflable de 8' x 28\" adaptée aux enfants jusqu'à 50 kg, avec pad de pont souple, petit aileron et pagaie enfant réglable. Assez légère pour que les jeunes la portent eux-mêmes.")
add("KYK", "IKY", "Estran", 299.00, None, "grey orange",
    "Estran Explorer 1 Inflatable Kayak - 1 Person",
    "Kayak gonflable Estran Explorer 1 - 1 place",
    "A one-person inflatable kayak for lakes, calm rivers and sheltered bays, with three air chambers, a removable skeg for tracking and an adjustable high-back seat. It packs into a backpack with the pump; 11 kg.",
    "Un kayak gonflable une place pour les lacs, les rivières calmes et les baies abritées, avec trois chambres à air, un aileron amovible pour la tenue de cap et un siège réglable à dossier haut. Il se range dans un sac à dos avec la pompe ; 11 kg.")
add("KYK", "IKY", "Estran", 449.00, None, "orange green",
    "Estran Explorer 2 Inflatable Kayak - 2 Person",
    "Kayak gonflable Estran Explorer 2 - 2 places",
    "A two-person inflatable kayak (also paddleable solo) with a high-pressure drop-stitch floor for stiffness, two adjustable seats and a skeg. 16 kg, maximum load 200 kg; two paddles and a pump are included.",
    "Un kayak gonflable deux places (utilisable en solo) avec fond drop-stitch haute pression pour la rigidité, deux sièges réglables et un aileron. 16 kg, charge maximale 200 kg ; deux pagaies et une pompe sont incluses.")
add("KYK", "SOT", "Estran", 549.00, None, "yellow red blue",
    "Estran Rando 1 Sit-on-Top Kayak",
    "Kayak sit-on-top Estran Rando 1",
    "A rigid polyethylene sit-on-top kayak for one paddler, stable and unsinkable, for exploring coastlines and lakes. Moulded footrests, a rear tank well with bungee and two sealed hatches; 2.9 m, 22 kg.",
    "Un kayak rigide sit-on-top en polyéthylène pour un pagayeur, stable et insubmersible, pour explorer les côtes et les lacs. Cale-pieds moulés, baquet arrière avec sandow et deux trappes étanches ; 2,90 m, 22 kg.")
add("KYK", "SOT", "Estran", 699.00, None, "green yellow",
    "Estran Duo 2+1 Sit-on-Top Kayak",
    "Kayak sit-on-top Estran Duo 2+1",
    "A family sit-on-top kayak with seats for two adults and a moulded middle seat for a child up to 30 kg. Wide, stable hull in rigid polyethylene; 3.7 m, 32 kg, maximum load 250 kg.",
    "Un kayak familial sit-on-top avec deux places adultes et un siège central moulé pour un enfant jusqu'à 30 kg. Coque large et stable en polyéthylène rigide ; 3,70 m, 32 kg, charge maximale 250 kg.")
add("KYK", "PDL", "Estran", 149.00, None, "black",
    "Estran Carbon Adjustable SUP Paddle - 3-Piece",
    "Pagaie de paddle carbone réglable Estran - 3 parties",
    "A 3-piece SUP paddle with a full carbon shaft and a nylon-fibreglass blade, adjustable from 170 to 220 cm. At 720 g it is much lighter than an aluminium paddle on long outings.",
    "Une pagaie de paddle en 3 parties avec manche tout carbone et pale en nylon-fibre de verre, réglable de 170 à 220 cm. Avec 720 g, elle est bien plus légère qu'une pagaie aluminium sur les longues sorties.")
add("KYK", "PDL", "Estran", 49.90, None, "blue",
    "Estran Aluminium Kayak Paddle 4-Piece - 220 cm",
    "Pagaie de kayak aluminium Estran 4 parties - 220 cm",
    "A four-piece double-bladed kayak paddle, 220 cm long, with an aluminium shaft and asymmetric polypropylene blades. It splits small enough to fit in an inflatable kayak bag, and the blade angle is adjustable.",
    "Une pagaie double de kayak en quatre parties, 220 cm, avec manche aluminium et pales asymétriques en polypropylène. Elle se démonte pour tenir dans le sac d'un kayak gonflable, et l'angle des pales est réglable.")
add("KYK", "PFD", "Estran", 59.90, ["S", "M", "L", "XL"], "orange yellow red",
    "Estran 50N Buoyancy Aid",
    "Aide à la flottabilité Estran 50N",
    "A 50-newton buoyancy aid for kayaking, SUP and sailing, with large armholes, adjustable side straps and a zipped front pocket. Certified ISO 12402-5 for users over 40 kg.",
    "Une aide à la flottabilité de 50 newtons pour le kayak, le paddle et la voile, avec larges emmanchures, sangles latérales réglables et poche frontale zippée. Certifiée ISO 12402-5 pour les utilisateurs de plus de 40 kg.")
add("KYK", "PFD", "Estran", 39.90, ["15-25 kg", "25-40 kg"], "yellow orange",
    "Estran Kids Buoyancy Aid",
    "Aide à la flottabilité Estran - Enfant",
    "A children's buoyancy aid with a crotch strap that stops it riding up, a head-support collar and a grab handle. Sized by the child's weight.",
    "Une aide à la flottabilité pour enfant avec sangle d'entrejambe qui l'empêche de remonter, col de soutien de la tête et poignée de récupération. Tailles selon le poids de l'enfant.")
add("KYK", "DRY", "Estran", 19.90, None, "yellow blue red",
    "Estran Dry Bag - 20 L",
    "Sac étanche Estran - 20 L",
    "A 20-litre roll-top dry bag in welded PVC tarpaulin that keeps clothes, food and phones dry on the water. Clip its D-ring to your kayak or SUP bungees.",
    "Un sac étanche de 20 litres à fermeture enroulable en bâche PVC soudée, pour garder vêtements, vivres et téléphone au sec sur l'eau. Accrochez son anneau en D aux sandows de votre kayak ou paddle.")
add("KYK", "SHO", "Estran", 24.90, [str(n) for n in range(36, 48)], "black",
    "Estran Neoprene Water Shoes",
    "Chaussons aquatiques en néoprène Estran",
    "Slip-on water shoes in 3 mm neoprene with a thin rubber sole that protects against rocks, shells and hot sand while keeping a good feel on the board. For SUP, kayaking, canyoning and snorkelling.",
    "Des chaussons en néoprène de 3 mm à semelle caoutchouc fine qui protègent des rochers, des coquillages et du sable brûlant tout en gardant de bonnes sensations sur la planche. Pour le paddle, le kayak, le canyoning et le snorkeling.")
add("KYK", "PMP", "Estran", 39.90, None, "black",
    "Estran Double-Action SUP Pump",
    "Pompe double action pour paddle Estran",
    "A double-action hand pump with a pressure gauge that inflates on both the up- and down-stroke, then switches to single action for the last few psi. It fits the standard H3 valves of SUPs and inflatable kayaks and pumps up to 20 psi.",
    "Une pompe manuelle double action avec manomètre qui gonfle à la montée comme à la descente, puis passe en simple action pour les derniers psi. Elle s'adapte aux valves H3 standard des paddles et kayaks gonflables et gonfle jusqu'à 20 psi.")

# ---------------------------------------------------------------------------------------------------------
# T-shirts & base layers
# ---------------------------------------------------------------------------------------------------------
add("TEE", "MER", "Brume", 59.90, "CLM", "grey navy green black",
    "Brume Merino 150 Short-Sleeve T-Shirt - Men's",
    "T-shirt manches courtes mérinos Brume 150 - Homme",
    "A 150 g/m² merino wool T-shirt that regulates temperature, dries fast and stays odour-free for days on the trail. Flatlock seams and a slightly longer back for wearing under a pack.",
    "Un T-shirt en laine mérinos 150 g/m² qui régule la température, sèche vite et reste sans odeur plusieurs jours de suite sur le sentier. Coutures plates et dos légèrement rallongé pour le port du sac.")
add("TEE", "MER", "Brume", 59.90, "CLW", "grey purple pink blue",
    "Brume Merino 150 Short-Sleeve T-Shirt - Women's",
    "T-shirt manches courtes mérinos Brume 150 - Femme",
    "Soft, non-itchy 150 g/m² merino wool in a women's cut, for hiking, travel and everyday wear. Naturally odour-resistant, so you can pack fewer tops for a long trek.",
    "Une laine mérinos 150 g/m² douce et non irritante en coupe femme, pour la randonnée, le voyage et le quotidien. Naturellement anti-odeurs : vous emportez moins de hauts pour un long trek.")
add("TEE", "MER", "Brume", 79.90, "CLM", "black navy",
    "Brume Merino 200 Long-Sleeve Base Layer - Men's",
    "Sous-couche manches longues mérinos Brume 200 - Homme",
    "A 200 g/m² merino base layer for skiing, winter hiking and cold bivouacs, warm even when damp and odour-free on multi-day trips. Raglan sleeves sit comfortably under pack straps.",
    "Une première couche en mérinos 200 g/m² pour le ski, la randonnée hivernale et les bivouacs froids, chaude même humide et sans odeur sur plusieurs jours. Les manches raglan restent confortables sous les bretelles du sac.")
add("TEE", "MER", "Brume", 79.90, "CLW", "black purple",
    "Brume Merino 200 Long-Sleeve Base Layer - Women's",
    "Sous-couche manches longues mérinos Brume 200 - Femme",
    "A women's-fit 200 g/m² merino wool long-sleeve top with a crew neck and thumb loops, warm under a ski jacket or on its own on cool autumn hikes. Soft against the skin and machine washable at 30 °C.",
    "Un haut manches longues en laine mérinos 200 g/m² coupe femme, col rond et passe-pouces, chaud sous une veste de ski ou seul lors des randonnées fraîches d'automne. Doux sur la peau et lavable en machine à 30 °C.")
add("TEE", "LEG", "Brume", 74.90, "CLM", "black",
    "Brume Merino 250 Base Layer Leggings - Men's",
    "Collant sous-couche mérinos Brume 250 - Homme",
    "Warm 250 g/m² merino wool long johns for skiing, ski touring and winter camping, with a wide, comfortable waistband and a gusset for freedom of movement. Wear them under ski trousers or to sleep in a cold tent.",
    "Un collant chaud en mérinos 250 g/m² pour le ski, le ski de randonnée et le camping d'hiver, avec large ceinture confortable et entrejambe à soufflet pour la liberté de mouvement. À porter sous le pantalon de ski ou pour dormir dans une tente froide.")
add("TEE", "LEG", "Brume", 74.90, "CLW", "black grey",
    "Brume Merino 250 Base Layer Leggings - Women's",
    "Collant sous-couche mérinos Brume 250 - Femme",
    "Women's 250 g/m² merino leggings cut for a close fit under ski trousers, with a high waistband and flat seams that won't rub in ski boots. Warm, breathable and odour-resistant.",
    "Un collant femme en mérinos 250 g/m² ajusté sous le pantalon de ski, avec taille haute et coutures plates qui ne frottent pas dans les chaussures de ski. Chaud, respirant et anti-odeurs.")
add("TEE", "TEC", "Vallon", 9.90, "CLM", "blue grey red green",
    "Vallon Tech 100 Hiking T-Shirt - Men's",
    "T-shirt de randonnée Vallon Tech 100 - Homme",
    "A light, breathable polyester T-shirt that wicks sweat and dries quickly on summer hikes. Simple, soft and very affordable.",
    "Un T-shirt léger et respirant en polyester qui évacue la transpiration et sèche vite lors des randonnées estivales. Simple, doux et très abordable.")
add("TEE", "TEC", "Vallon", 9.90, "CLW", "pink purple blue white",
    "Vallon Tech 100 Hiking T-Shirt - Women's",
    "T-shirt de randonnée Vallon Tech 100 - Femme",
    "A quick-dry polyester hiking T-shirt in a women's cut, soft to the touch with an easy fit for summer walks, camping and the gym. Machine washable at 40 °C.",
    "Un T-shirt de randonnée en polyester à séchage rapide en coupe femme, doux au toucher et ample pour les balades d'été, le camping et la salle de sport. Lavable en machine à 40 °C.")
add("TEE", "RUN", "Trailhead", 29.90, "CLM", "orange blue black",
    "Trailhead Breeze Running T-Shirt - Men's",
    "T-shirt de running Trailhead Breeze - Homme",
    "An ultralight 95 g running tee with laser-cut ventilation panels and reflective details, for hot trail runs and races. Seamless shoulders avoid chafing under a hydration vest.",
    "Un T-shirt de course ultraléger de 95 g avec zones d'aération découpées au laser et détails réfléchissants, pour les trails par forte chaleur et les courses. Les épaules sans coutures évitent les frottements sous un gilet d'hydratation.")
add("TEE", "RUN", "Trailhead", 27.90, "CLW", "pink black yellow",
    "Trailhead Breeze Running Tank Top - Women's",
    "Débardeur de running Trailhead Breeze - Femme",
    "A breathable racerback running tank with a quick-dry mesh back and a small zipped pocket for a key. Light and airy for summer training and trail races.",
    "Un débardeur de course dos nageur respirant, avec dos en mesh à séchage rapide et petite poche zippée pour une clé. Léger et aéré pour l'entraînement estival et les trails.")
add("TEE", "THR", "Vallon", 19.90, "CLM", "black grey",
    "Vallon Thermal Base Layer Top - Men's",
    "Haut sous-couche thermique Vallon - Homme",
    "A brushed synthetic long-sleeve base layer that traps warmth and wicks moisture, for skiing, winter walks and cold commutes. A budget-friendly alternative to merino; machine washable.",
    "Une première couche manches longues synthétique à l'intérieur gratté, qui retient la chaleur et évacue l'humidité, pour le ski, les balades d'hiver et les trajets par temps froid. Une alternative économique au mérinos ; lavable en machine.")
add("TEE", "KID", "Vallon", 19.90, "KID", "blue pink",
    "Vallon Kids Thermal Base Layer Set",
    "Ensemble sous-couche thermique Vallon - Enfant",
    "A warm two-piece base layer set (top and leggings) for children on the ski slopes and on winter outings. Soft, brushed fabric that wicks sweat and dries quickly.",
    "Un ensemble première couche deux pièces (haut et collant) pour les enfants sur les pistes et en sortie hivernale. Tissu doux et gratté qui évacue la transpiration et sèche vite.")
add("TEE", "MER", "Brume", 89.90, "CLW", "navy purple",
    "Brume Merino Quarter-Zip Top - Women's",
    "Haut col zippé mérinos Brume - Femme",
    "A 230 g/m² merino wool quarter-zip that works as a warm mid layer on the slopes or a base layer on winter hikes. The zip neck opens wide to dump heat on climbs.",
    "Un haut en laine mérinos 230 g/m² à col zippé, qui sert de couche intermédiaire chaude sur les pistes ou de première couche en randonnée hivernale. Le col s'ouvre largement pour évacuer la chaleur dans les montées.")
add("TEE", "SUN", "Crête", 39.90, "CLM", "white blue khaki",
    "Crête UV50 Long-Sleeve Sun Hoodie - Men's",
    "Haut anti-UV manches longues à capuche Crête UV50 - Homme",
    "A lightweight long-sleeve top with UPF 50+ sun protection and a hood, for high-altitude summer hikes and desert treks. Cooling, quick-drying fabric with mesh underarm vents.",
    "Un haut manches longues léger avec protection solaire UPF 50+ et capuche, pour les randonnées estivales en altitude et les treks dans le désert. Tissu rafraîchissant à séchage rapide avec aérations en mesh sous les bras.")
add("TEE", "COT", "Vallon", 19.90, "CLU", "white navy green grey",
    "Vallon Organic Cotton Logo T-Shirt - Unisex",
    "T-shirt logo en coton bio Vallon - Mixte",
    "A relaxed-fit T-shirt in 100% organic cotton with a small mountain logo on the chest. For travel, the campsite and everyday wear, not for sweaty hikes, where a technical fabric dries faster.",
    "Un T-shirt coupe décontractée en coton 100 % biologique avec un petit logo montagne sur la poitrine. Pour le voyage, le camping et le quotidien, pas pour les randonnées où l'on transpire, car une matière technique sèche plus vite.")
add("TEE", "RUN", "Trailhead", 44.90, "CLW", "purple black",
    "Trailhead Seamless Long-Sleeve Running Top - Women's",
    "Haut de running manches longues sans coutures Trailhead - Femme",
    "A seamless knitted long-sleeve running top with zoned ventilation and thumb holes, for cool morning runs and winter trail races. Soft, close-fitting and chafe-free.",
    "Un haut de course manches longues en maille sans coutures avec ventilation ciblée et passe-pouces, pour les sorties fraîches du matin et les trails d'hiver. Doux, près du corps et sans frottements.")

# ---------------------------------------------------------------------------------------------------------
# Trousers & shorts
# ---------------------------------------------------------------------------------------------------------
add("TRO", "ZIP", "Crête", 59.90, "CLM", "khaki grey black",
    "Crête Trek 500 Zip-Off Trousers - Men's",
    "Pantalon de randonnée convertible Crête Trek 500 - Homme",
    "Convertible hiking trousers whose legs zip off into shorts, in a light stretch polyamide with a water-repellent finish. Five pockets including a zipped thigh pocket, and the fabric dries quickly after a shower.",
    "Un pantalon de randonnée convertible dont les jambes se détachent pour former un short, en polyamide stretch léger avec traitement déperlant. Cinq poches dont une poche cuisse zippée, et le tissu sèche vite après une averse.")
add("TRO", "ZIP", "Crête", 59.90, "CLW", "khaki grey navy",
    "Crête Trek 500 Zip-Off Trousers - Women's",
    "Pantalon de randonnée convertible Crête Trek 500 - Femme",
    "Women's convertible trekking trousers with zip-off legs, a stretch fabric for high steps and an adjustable waist. UPF 40+ and quick-drying for hot summer treks.",
    "Un pantalon de trek convertible femme à jambes détachables, dans un tissu stretch pour les grandes enjambées, avec taille réglable. UPF 40+ et séchage rapide pour les treks d'été.")
add("TRO", "SFT", "Crête", 99.90, "CLM", "black grey",
    "Crête Softshell Mountain Trousers - Men's",
    "Pantalon softshell de montagne Crête - Homme",
    "Windproof, water-repellent softshell trousers for autumn and winter hiking, ski touring and mountaineering. Reinforced inner ankles, a gaiter hook and thigh vents for the climbs.",
    "Un pantalon softshell coupe-vent et déperlant pour la randonnée d'automne et d'hiver, le ski de randonnée et l'alpinisme. Chevilles intérieures renforcées, crochet pour guêtres et aérations aux cuisses pour les montées.")
add("TRO", "SFT", "Crête", 99.90, "CLW", "black navy",
    "Crête Softshell Mountain Trousers - Women's",
    "Pantalon softshell de montagne Crête - Femme",
    "A women's softshell mountain trouser with four-way stretch, a brushed inner face for warmth and a water-repellent finish. Scree gaiters at the hem and a zipped thigh pocket.",
    "Un pantalon softshell de montagne femme, extensible dans les quatre sens, avec intérieur brossé pour la chaleur et traitement déperlant. Guêtres pare-cailloux en bas de jambe et poche cuisse zippée.")
add("TRO", "HIK", "Vallon", 19.90, "CLM", "grey khaki navy",
    "Vallon Hike 100 Trousers - Men's",
    "Pantalon de randonnée Vallon Hike 100 - Homme",
    "Simple, comfortable hiking trousers in a light polyester fabric with an elasticated back waist and two zipped pockets. Good value for day hikes and camping.",
    "Un pantalon de randonnée simple et confortable dans un tissu polyester léger, avec taille élastiquée au dos et deux poches zippées. Un bon rapport qualité-prix pour les randonnées à la journée et le camping.")
add("TRO", "RAI", "Vallon", 29.90, "CLU", "black navy",
    "Vallon Rain Waterproof Overtrousers - Unisex",
    "Surpantalon imperméable Vallon Rain - Mixte",
    "Waterproof overtrousers with a 10,000 mm membrane and taped seams that pull on over hiking trousers. Side zips to the knee let you put them on without taking your boots off, and they pack into their own pocket.",
    "Un surpantalon imperméable avec membrane 10 000 mm et coutures étanchées, qui s'enfile par-dessus le pantalon de randonnée. Les zips latéraux jusqu'au genou permettent de l'enfiler sans retirer ses chaussures, et il se range dans sa poche.")
add("TRO", "RAI", "Crête", 179.00, "CLU", "black",
    "Crête Storm GTX Waterproof Overtrousers - Unisex",
    "Surpantalon imperméable Crête Storm GTX - Mixte",
    "Three-layer Gore-Tex overtrousers with full-length side zips, so you can put them on over boots and crampons. For mountaineering, winter hiking and days when the weather is about to turn.",
    "Un surpantalon trois couches en Gore-Tex avec zips latéraux intégraux, à enfiler par-dessus les chaussures et les crampons. Pour l'alpinisme, la randonnée hivernale et les journées où la météo va tourner.")
add("TRO", "RSH", "Trailhead", 39.90, "CLM", "black blue",
    "Trailhead 2-in-1 Trail Running Shorts - Men's",
    "Short de trail 2 en 1 Trailhead - Homme",
    "Trail running shorts with built-in compression liner shorts, a 5-inch outer and a waistband with four stretch pockets for gels and a phone. Quick-drying and chafe-free.",
    "Un short de trail avec cuissard de compression intégré, short extérieur de 13 cm et ceinture à quatre poches extensibles pour gels et téléphone. Séchage rapide et sans frottements.")
add("TRO", "RSH", "Trailhead", 37.90, "CLW", "black purple",
    "Trailhead Trail Running Shorts - Women's",
    "Short de trail Trailhead - Femme",
    "Lightweight women's running shorts with a brief liner, a wide, soft waistband and a zipped pocket at the back. Designed to stay put under a race vest.",
    "Un short de course léger pour femme, avec slip intérieur, ceinture large et douce et poche zippée à l'arrière. Conçu pour rester en place sous un gilet de course.")
add("TRO", "TGT", "Trailhead", 44.90, "CLW", "black navy",
    "Trailhead Winter Running Tights - Women's",
    "Collant de running hiver Trailhead - Femme",
    "Full-length running tights in a warm, brushed fabric for winter runs, with a high waist, a side phone pocket and reflective details. Compression zones support the calves.",
    "Un collant de course long dans un tissu gratté et chaud pour courir en hiver, avec taille haute, poche latérale pour téléphone et détails réfléchissants. Des zones de compression soutiennent les mollets.")
add("TRO", "CLB", "Cordée", 64.90, "CLU", "khaki grey navy",
    "Cordée Boulder Climbing Trousers - Unisex",
    "Pantalon d'escalade Cordée Boulder - Mixte",
    "Relaxed climbing trousers in stretch organic cotton with a gusseted crotch, a drawcord waist and cuffs that roll up so you can see your footwork. Chalk-bag loop at the back.",
    "Un pantalon d'escalade décontracté en coton biologique stretch, avec entrejambe à soufflet, ceinture à cordon et bas de jambe retroussables pour bien voir ses pieds. Passant pour sac à magnésie au dos.")
add("TRO", "BIB", "Braquet", 69.90, "CLM", "black",
    "Braquet Padded Bib Shorts - Men's",
    "Cuissard à bretelles Braquet - Homme",
    "Cycling bib shorts with a multi-density chamois pad for rides of three hours and more, breathable mesh bibs and silicone leg grippers. Flatlock seams throughout.",
    "Un cuissard à bretelles avec peau de chamois multi-densité pour les sorties de trois heures et plus, bretelles en mesh respirant et bandes de silicone en bas de jambe. Coutures plates partout.")
add("TRO", "BIB", "Braquet", 59.90, "CLW", "black navy",
    "Braquet Padded Cycling Shorts - Women's",
    "Cuissard de vélo Braquet - Femme",
    "Women's cycling shorts with a women-specific chamois pad, a wide, high waistband instead of bibs and silicone leg grippers. For road rides, commuting and spin classes.",
    "Un cuissard femme sans bretelles avec peau de chamois spécifique, ceinture haute et large et bandes de silicone en bas de jambe. Pour la route, le vélotaf et les cours de biking.")
add("TRO", "SHT", "Vallon", 14.90, "CLM", "khaki navy grey",
    "Vallon Hiking Shorts - Men's",
    "Short de randonnée Vallon - Homme",
    "Light, quick-drying hiking shorts with an elasticated waist, two hand pockets and a zipped back pocket. Great value for summer walks and camping.",
    "Un short de randonnée léger à séchage rapide, avec taille élastiquée, deux poches et une poche arrière zippée. Un excellent rapport qualité-prix pour les balades d'été et le camping.")
add("TRO", "KID", "Vallon", 17.90, "KID", "navy grey khaki",
    "Vallon Kids Convertible Hiking Trousers",
    "Pantalon de randonnée convertible Vallon - Enfant",
    "Zip-off hiking trousers for children that turn into shorts when the sun comes out. Tough, quick-drying fabric with reinforced knees and an adjustable waist that grows with them.",
    "Un pantalon de randonnée convertible pour enfant qui se transforme en short quand le soleil revient. Tissu résistant à séchage rapide, genoux renforcés et taille réglable qui grandit avec eux.")

# ---------------------------------------------------------------------------------------------------------
# Headlamps & electronics
# ---------------------------------------------------------------------------------------------------------
add("ELC", "HLP", "Luciole", 19.90, None, "black blue red",
    "Luciole Pix 200 Headlamp",
    "Lampe frontale Luciole Pix 200",
    "A simple 200-lumen headlamp powered by three AAA batteries (included), with white and red light modes and a tilting head. It weighs 78 g with batteries and is IPX4 splash-proof.",
    "Une lampe frontale simple de 200 lumens fonctionnant avec trois piles AAA (fournies), avec modes lumière blanche et rouge et tête orientable. Elle pèse 78 g avec piles et résiste aux projections d'eau (IPX4).")
add("ELC", "HLP", "Luciole", 34.90, None, "black orange",
    "Luciole Pix 350R Rechargeable Headlamp",
    "Lampe frontale rechargeable Luciole Pix 350R",
    "A 350-lumen headlamp with a built-in battery that charges over USB-C in 3 hours, a red night mode and a lock that stops it switching on in your pack. Up to 60 hours on the lowest setting.",
    "Une frontale de 350 lumens avec batterie intégrée rechargeable en USB-C en 3 heures, mode rouge de nuit et verrouillage pour éviter qu'elle s'allume dans le sac. Jusqu'à 60 heures d'autonomie en mode le plus faible.")
add("ELC", "HLP", "Luciole", 89.00, None, "black yellow",
    "Luciole Trail 900 Running Headlamp",
    "Lampe frontale de trail Luciole Trail 900",
    "A 900-lumen headlamp for night trail running and ultras, with reactive lighting that adjusts brightness to what you are looking at, a rear battery for balance and a red rear safety light. Rechargeable by USB-C; about 10 hours in standard mode.",
    "Une frontale de 900 lumens pour le trail de nuit et les ultras, avec éclairage réactif qui adapte la puissance à ce que vous regardez, batterie à l'arrière pour l'équilibre et feu rouge de sécurité. Rechargeable en USB-C ; environ 10 heures en mode standard.")
add("ELC", "HLP", "Luciole", 21.90, None, "pink blue green",
    "Luciole Kids Headlamp",
    "Lampe frontale Luciole - Enfant",
    "A 50-lumen headlamp designed for children, with a soft stretchy headband, a single-button interface and a safety buckle that releases if it snags. Rechargeable by USB.",
    "Une frontale de 50 lumens conçue pour les enfants, avec bandeau élastique doux, bouton unique et boucle de sécurité qui s'ouvre en cas d'accroche. Rechargeable en USB.")
add("ELC", "HLP", "Luciole", 49.90, None, "black green",
    "Luciole Hybrid 450 Headlamp",
    "Lampe frontale Luciole Hybrid 450",
    "A 450-lumen headlamp that runs on its rechargeable pack or, as a backup, on three AAA batteries, which makes it ideal for long treks far from a socket. Wide and spot beams, red light and IPX7 waterproofing.",
    "Une frontale de 450 lumens qui fonctionne avec sa batterie rechargeable ou, en secours, avec trois piles AAA : idéale pour les longs treks loin des prises. Faisceaux large et concentré, lumière rouge et étanchéité IPX7.")
add("ELC", "PWR", "Luciole", 29.90, None, "black grey",
    "Luciole PowerCell 10000 Power Bank",
    "Batterie externe Luciole PowerCell 10000",
    "A 10,000 mAh power bank that recharges a smartphone two to three times, with a USB-C input/output and a USB-A port. At 190 g it fits in a pocket for hiking and travel.",
    "Une batterie externe de 10 000 mAh qui recharge un smartphone deux à trois fois, avec port USB-C entrée/sortie et port USB-A. Avec 190 g, elle tient dans une poche pour la randonnée et le voyage.")
add("ELC", "PWR", "Luciole", 49.90, None, "black orange",
    "Luciole PowerCell 20000 Rugged Power Bank",
    "Batterie externe renforcée Luciole PowerCell 20000",
    "A shockproof 20,000 mAh power bank, waterproof to IP67, with 20 W fast charging and a built-in torch. Enough for a week of GPS and phone use on a trek.",
    "Une batterie externe de 20 000 mAh antichoc et étanche IP67, avec charge rapide 20 W et lampe torche intégrée. De quoi tenir une semaine de GPS et de téléphone en trek.")
add("ELC", "SOL", "Luciole", 89.00, None, "black",
    "Luciole Foldable Solar Panel 21 W",
    "Panneau solaire pliable Luciole 21 W",
    "A foldable 21 W solar panel with two USB ports that charges phones, headlamps and power banks straight from the sun. It hangs from a backpack or tent by its corner loops; 620 g.",
    "Un panneau solaire pliable de 21 W avec deux ports USB, qui recharge téléphones, frontales et batteries externes directement au soleil. Il s'accroche au sac ou à la tente par ses boucles d'angle ; 620 g.")
add("ELC", "LTN", "Luciole", 29.90, None, "green grey",
    "Luciole Camp 300 Rechargeable Lantern",
    "Lanterne de camping rechargeable Luciole Camp 300",
    "A 300-lumen camping lantern with warm, dimmable light, a hanging hook and a power-bank function to top up your phone. Up to 40 hours on low; recharges by USB-C.",
    "Une lanterne de camping de 300 lumens à lumière chaude réglable, avec crochet de suspension et fonction batterie externe pour recharger le téléphone. Jusqu'à 40 heures en mode faible ; rechargeable en USB-C.")
add("ELC", "WCH", "Luciole", 299.00, None, "black grey",
    "Luciole Summit GPS Multisport Watch",
    "Montre GPS multisport Luciole Summit",
    "A multisport GPS watch with topographic maps, a barometric altimeter, a compass and up to 40 hours of GPS tracking. It records hiking, trail running, ski touring, cycling and swimming, with breadcrumb navigation back to your start.",
    "Une montre GPS multisport avec cartes topographiques, altimètre barométrique, boussole et jusqu'à 40 heures de suivi GPS. Elle enregistre la randonnée, le trail, le ski de randonnée, le vélo et la natation, avec navigation retour au point de départ.")
add("ELC", "WCH", "Luciole", 149.00, None, "black white pink",
    "Luciole Tempo GPS Running Watch",
    "Montre GPS de running Luciole Tempo",
    "A light GPS running watch with wrist heart rate, interval workouts, recovery advice and 15 hours of GPS. Simple to use and comfortable enough to wear every day.",
    "Une montre GPS de course légère avec cardio au poignet, séances de fractionné, conseils de récupération et 15 heures de GPS. Simple à utiliser et assez confortable pour être portée tous les jours.")
add("ELC", "GPS", "Luciole", 249.00, None, "orange",
    "Luciole Trekker Handheld GPS",
    "GPS de randonnée Luciole Trekker",
    "A rugged handheld GPS with preloaded European topographic maps, a 3-inch screen that stays readable in sunlight and 25 hours of battery life on AA cells. Waterproof to IPX7 and usable with gloves.",
    "Un GPS de randonnée portable et robuste avec cartes topographiques européennes préchargées, écran de 3 pouces lisible au soleil et 25 heures d'autonomie sur piles AA. Étanche IPX7 et utilisable avec des gants.")
add("ELC", "RAD", "Luciole", 59.90, None, "black yellow",
    "Luciole Talk 10 PMR Two-Way Radios - Pair",
    "Talkies-walkies PMR Luciole Talk 10 - Paire",
    "A pair of licence-free PMR446 walkie-talkies with a range of up to 10 km in open terrain, rechargeable batteries and a hands-free VOX mode. For ski groups, climbing teams and family hikes.",
    "Une paire de talkies-walkies PMR446 sans licence, portée jusqu'à 10 km en terrain dégagé, batteries rechargeables et mode mains libres VOX. Pour les groupes de ski, les cordées et les randonnées en famille.")
add("ELC", "DVA", "Luciole", 299.00, None, "orange",
    "Luciole Three-Antenna Avalanche Transceiver",
    "DVA détecteur de victimes d'avalanche Luciole 3 antennes",
    "A digital three-antenna avalanche transceiver with a 60 m search range, multiple-burial marking and a clear direction-and-distance display. Supplied with a harness; essential kit for ski touring and off-piste skiing.",
    "Un détecteur de victimes d'avalanche (DVA) numérique à trois antennes, avec portée de recherche de 60 m, marquage des ensevelis multiples et affichage clair de la direction et de la distance. Livré avec son harnais ; indispensable en ski de randonnée et en hors-piste.")

# ---------------------------------------------------------------------------------------------------------
# Water bottles & cooking
# ---------------------------------------------------------------------------------------------------------
add("CKG", "INS", "Kerbos", 29.90, None, "black blue green white",
    "Kerbos Insulated Stainless Steel Bottle - 0.75 L",
    "Gourde isotherme en inox Kerbos - 0,75 L",
    "A double-wall vacuum-insulated bottle in 18/8 stainless steel that keeps drinks hot for 12 hours or cold for 24. Leak-proof screw cap with a carry loop; 380 g.",
    "Une gourde isotherme à double paroi sous vide en inox 18/8, qui garde les boissons chaudes 12 heures ou froides 24 heures. Bouchon vissé étanche avec anse de transport ; 380 g.")
add("CKG", "INS", "Kerbos", 24.90, None, "red navy pink",
    "Kerbos Insulated Stainless Steel Bottle - 0.5 L",
    "Gourde isotherme en inox Kerbos - 0,5 L",
    "A compact 0.5 L version of our vacuum-insulated bottle, 12 hours hot and 24 hours cold, small enough for a jacket pocket or a child's backpack. The powder coating gives a good grip.",
    "La version compacte 0,5 L de notre gourde isotherme, 12 heures chaud et 24 heures froid, assez petite pour une poche de veste ou un sac d'enfant. Son revêtement poudré assure une bonne prise en main.")
add("CKG", "ALU", "Vallon", 12.90, None, "red blue grey",
    "Vallon Aluminium Water Bottle - 1 L",
    "Gourde en aluminium Vallon - 1 L",
    "A light 1-litre aluminium bottle with a food-grade inner coating and a screw cap with a carabiner loop. Not insulated; fine for water and cold drinks on day hikes.",
    "Une gourde légère d'un litre en aluminium avec revêtement intérieur alimentaire et bouchon vissé avec anneau pour mousqueton. Non isotherme ; parfaite pour l'eau et les boissons froides en randonnée.")
add("CKG", "TRI", "Vallon", 9.90, None, "blue green pink",
    "Vallon Tritan Water Bottle - 1 L",
    "Gourde en Tritan Vallon - 1 L",
    "A BPA-free Tritan bottle with a wide mouth for ice cubes and easy cleaning, and a flip-top lid you can drink from with one hand. Dishwasher safe and shatter-resistant.",
    "Une gourde en Tritan sans BPA à large goulot pour les glaçons et un nettoyage facile, avec bouchon à clapet pour boire d'une main. Elle résiste au lave-vaisselle et aux chocs.")
add("CKG", "FLK", "Trailhead", 19.90, None, "",
    "Trailhead Soft Flask - 500 ml",
    "Flasque souple Trailhead - 500 ml",
    "A collapsible 500 ml soft flask that shrinks as you drink so it doesn't slosh, with a bite valve. It fits the chest pockets of most running vests; BPA-free.",
    "Une flasque souple de 500 ml qui se rétracte à mesure que vous buvez pour ne pas ballotter, avec valve à mordre. Elle s'adapte aux poches poitrine de la plupart des gilets de course ; sans BPA.")
add("CKG", "FLT", "Kerbos", 39.90, None, "blue grey",
    "Kerbos Filter Water Bottle - 0.6 L",
    "Gourde filtrante Kerbos - 0,6 L",
    "A 0.6 L squeeze bottle with a built-in hollow-fibre filter that removes 99.9999% of bacteria and 99.9% of protozoa from streams and lakes. Each filter treats up to 1,000 litres.",
    "Une gourde souple de 0,6 L avec filtre à fibres creuses intégré, qui élimine 99,9999 % des bactéries et 99,9 % des protozoaires de l'eau des ruisseaux et des lacs. Chaque filtre traite jusqu'à 1 000 litres.")
add("CKG", "FLT", "Kerbos", 34.90, None, "",
    "Kerbos Squeeze Water Filter",
    "Filtre à eau Kerbos Squeeze",
    "A pocket-sized 85 g water filter that screws onto the 1 L pouch supplied or onto standard bottles, or works inline with a hydration bladder. It removes bacteria and protozoa and can be backflushed for a long life.",
    "Un filtre à eau de poche de 85 g qui se visse sur la poche souple d'un litre fournie ou sur des bouteilles standard, ou s'installe en ligne sur une poche à eau. Il élimine bactéries et protozoaires et se nettoie par rétrolavage pour durer longtemps.")
add("CKG", "STV", "Kerbos", 34.90, None, "",
    "Kerbos Compact Gas Stove",
    "Réchaud à gaz compact Kerbos",
    "A 75 g folding stove that screws onto standard threaded gas cartridges and boils a litre of water in about 4 minutes. Piezo ignition and three pot supports for stability; cartridge sold separately.",
    "Un réchaud pliable de 75 g qui se visse sur les cartouches de gaz à valve filetée standard et fait bouillir un litre d'eau en 4 minutes environ. Allumage piézo et trois supports de casserole pour la stabilité ; cartouche vendue séparément.")
add("CKG", "STV", "Kerbos", 129.00, None, "",
    "Kerbos Integrated Stove System - 1 L",
    "Système de cuisson intégré Kerbos - 1 L",
    "An all-in-one stove system with a 1-litre pot that has a built-in heat exchanger, boiling 0.5 L in 100 seconds even in a breeze. The burner and a 100 g cartridge nest inside the pot (cartridge not included).",
    "Un système de cuisson tout-en-un avec popote d'un litre à échangeur de chaleur intégré, qui fait bouillir 0,5 L en 100 secondes même par vent léger. Le brûleur et une cartouche de 100 g se rangent dans la popote (cartouche non fournie).")
add("CKG", "STV", "Kerbos", 169.00, None, "",
    "Kerbos Multi-Fuel Expedition Stove",
    "Réchaud multicombustible d'expédition Kerbos",
    "A robust expedition stove that burns white gas, kerosene, unleaded petrol and gas cartridges, for remote treks and cold-weather trips where cartridges are hard to find. Supplied with a fuel pump, maintenance kit and windscreen; fuel bottle sold separately.",
    "Un réchaud d'expédition robuste qui fonctionne à l'essence C, au kérosène, à l'essence sans plomb et aux cartouches de gaz, pour les treks isolés et les voyages par grand froid où l'on trouve difficilement des cartouches. Livré avec pompe, kit d'entretien et pare-vent ; bouteille de combustible vendue séparément.")
add("CKG", "GAS", "Kerbos", 6.90, None, "",
    "Kerbos Gas Cartridge - 230 g",
    "Cartouche de gaz Kerbos - 230 g",
    "A 230 g threaded cartridge with a butane/propane/isobutane mix for better performance in the cold, compatible with Kerbos stoves and most screw-on burners. Click and collect only: gas cartridges cannot be shipped.",
    "Une cartouche filetée de 230 g au mélange butane/propane/isobutane pour de meilleures performances par temps froid, compatible avec les réchauds Kerbos et la plupart des brûleurs à visser. Uniquement en retrait en magasin : les cartouches de gaz ne peuvent pas être expédiées.")
add("CKG", "POT", "Kerbos", 44.90, None, "",
    "Kerbos Titanium Cook Pot - 750 ml",
    "Popote en titane Kerbos - 750 ml",
    "A 105 g titanium pot with folding handles and a lid, sized to hold a 100 g gas cartridge and a small stove inside. It doubles as a mug for ultralight hikers.",
    "Une popote en titane de 105 g avec poignées repliables et couvercle, dimensionnée pour contenir une cartouche de gaz de 100 g et un petit réchaud. Elle fait aussi office de tasse pour les randonneurs ultralégers.")
add("CKG", "POT", "Kerbos", 29.90, None, "",
    "Kerbos Aluminium Cook Set - 2 Person",
    "Batterie de cuisine aluminium Kerbos - 2 personnes",
    "A hard-anodised aluminium cook set for two: a 1.5 L pot, a 1 L pot, a frying pan that doubles as a lid, two bowls and a pot grip, all nesting in a mesh bag. The smaller pot holds a 230 g cartridge and a compact stove.",
    "Une batterie de cuisine en aluminium anodisé dur pour deux : une casserole de 1,5 L, une de 1 L, une poêle qui sert de couvercle, deux bols et une pince, le tout s'emboîtant dans un filet. La petite casserole accueille une cartouche de 230 g et un réchaud compact.")
add("CKG", "UTN", "Kerbos", 9.90, None, "grey orange",
    "Kerbos Titanium Spork",
    "Cuillère-fourchette en titane Kerbos",
    "A 17 g titanium spork with a fork at one end and a spoon at the other. Strong, rustproof and free of any metallic taste.",
    "Une cuillère-fourchette en titane de 17 g, avec fourchette d'un côté et cuillère de l'autre. Solide, inoxydable et sans goût métallique.")
add("CKG", "STV", "Orée", 69.90, None, "",
    "Orée Two-Burner Family Camping Stove",
    "Réchaud de camping familial deux feux Orée",
    "A two-burner camping stove with wind shields and a carry case, for campsite cooking with large pans. It runs on standard gas cartridges (sold separately), with an adjustable flame on each burner.",
    "Un réchaud de camping à deux feux avec pare-vent et mallette de transport, pour cuisiner au camping avec de grandes casseroles. Il fonctionne avec des cartouches de gaz standard (vendues séparément), avec une flamme réglable sur chaque brûleur.")
add("CKG", "MUG", "Kerbos", 17.90, None, "green grey orange",
    "Kerbos Insulated Camp Mug - 350 ml",
    "Tasse isotherme de camping Kerbos - 350 ml",
    "A double-wall stainless steel mug with a sliding lid that keeps coffee hot through a cold morning at camp. 350 ml, with a folding handle.",
    "Une tasse en inox à double paroi avec couvercle coulissant qui garde le café chaud pendant les matinées froides au camp. 350 ml, avec anse repliable.")
add("CKG", "BWL", "Kerbos", 16.90, None, "green orange blue",
    "Kerbos Collapsible Silicone Bowl and Cup Set",
    "Set bol et tasse pliables en silicone Kerbos",
    "A silicone bowl and cup that collapse flat to 2 cm for packing, with rigid rims and measuring marks. Heat-resistant and dishwasher safe.",
    "Un bol et une tasse en silicone qui se replient à plat sur 2 cm pour le rangement, avec bords rigides et graduations. Résistants à la chaleur et au lave-vaisselle.")
add("CKG", "HYD", "Vallon", 24.90, None, "",
    "Vallon Hydration Bladder - 2 L",
    "Poche à eau Vallon - 2 L",
    "A 2-litre hydration reservoir with a wide slide-top opening for easy filling and cleaning, an insulated drinking tube and a bite valve with shut-off. BPA-free and taste-free.",
    "Une poche à eau de 2 litres à large ouverture coulissante pour la remplir et la nettoyer facilement, avec tuyau isolé et valve à mordre avec robinet d'arrêt. Sans BPA et sans goût.")

# fmt: on

# ---------------------------------------------------------------------------------------------------------
# Building the catalogue
# ---------------------------------------------------------------------------------------------------------


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = text.lower().replace("'", "").replace('"', "-inch")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def size_code(size: str) -> str:
    code = size.upper().replace(" CM", "").replace("REGULAR", "REG").replace("LONG", "LNG")
    return re.sub(r"[^A-Z0-9]", "", code)


def product_stock(rng: random.Random, products: list[dict]) -> list[int]:
    """About 12 % out of stock, about 10 % with 1-3 left, the rest 4-120 (fewer for big-ticket items)."""
    order = list(range(len(products)))
    rng.shuffle(order)
    n_out = round(len(products) * 0.12)
    n_low = round(len(products) * 0.10)
    stock = [0] * len(products)
    for rank, index in enumerate(order):
        price = products[index]["price"]
        if rank < n_out:
            stock[index] = 0
        elif rank < n_out + n_low:
            stock[index] = rng.randint(1, 3)
        else:
            cap = 18 if price >= 500 else 40 if price >= 150 else 120
            stock[index] = rng.randint(4, cap)
    return stock


def split_stock(rng: random.Random, total: int, sizes: list, colours: list) -> list[int]:
    """Spread a product's stock over its variants: middle sizes sell best, some variants run out."""
    n_sizes, n_colours = max(len(sizes), 1), max(len(colours), 1)
    weights = []
    for s in range(n_sizes):
        centre = (n_sizes - 1) / 2
        size_weight = 1.0 / (1.0 + abs(s - centre)) if n_sizes > 1 else 1.0
        for c in range(n_colours):
            colour_weight = 1.0 / (1.0 + 0.6 * c)  # the first colour listed is the main one
            weights.append(size_weight * colour_weight * rng.uniform(0.4, 1.0))
    if len(weights) > 2 and total > 0 and rng.random() < 0.35:
        weights[rng.randrange(len(weights))] = 0.0  # one size/colour sold out
    if total == 0 or sum(weights) == 0:
        return [0] * len(weights)
    raw = [total * w / sum(weights) for w in weights]
    counts = [int(r) for r in raw]
    by_remainder = sorted(range(len(raw)), key=lambda i: (raw[i] - counts[i], rng.random()), reverse=True)
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def build(rng: random.Random) -> list[dict]:
    stock = product_stock(rng, PRODUCTS)
    counters: dict[str, int] = {}
    slugs: set[str] = set()
    catalogue = []
    for number, (spec, total) in enumerate(zip(PRODUCTS, stock, strict=True), start=1):
        counters[spec["cat"]] = counters.get(spec["cat"], 0) + 1
        sku = f"{spec['cat']}-{spec['typ']}-{BRANDS[spec['brand']]}-{counters[spec['cat']]:03d}"
        slug = slugify(spec["title"])
        assert slug not in slugs, slug
        slugs.add(slug)
        sizes, colours = spec["sizes"], spec["colours"]
        split = split_stock(rng, total, sizes, colours)
        variants = []
        for i, (size, colour) in enumerate((s, c) for s in (sizes or [None]) for c in (colours or [None])):
            parts = [sku] + ([size_code(size)] if size else []) + ([COLOURS[colour]] if colour else [])
            variants.append({"sku": "-".join(parts), "size": size, "colour": colour, "stock": split[i]})
        en_cat, fr_cat = CATEGORIES[spec["cat"]]
        product_id = f"SS-{number:04d}"
        catalogue.append(
            {
                "id": product_id,
                "sku": sku,
                "title": spec["title"],
                "title_fr": spec["title_fr"],
                "description": spec["description"],
                "description_fr": spec["description_fr"],
                "category": en_cat,
                "category_fr": fr_cat,
                "brand": spec["brand"],
                "price": round(spec["price"], 2),
                "currency": "EUR",
                "stock": total,
                "variants": variants,
                "url": f"{SHOP}/p/{slug}",
                "image_url": f"{PICTURES}/{product_id}.svg",
            }
        )
    return catalogue


def check(catalogue: list[dict]) -> None:
    sentence_end = re.compile(r"[.!?](?:\s|$)")
    for product in catalogue:
        assert sum(v["stock"] for v in product["variants"]) == product["stock"], product["id"]
        for key in ("description", "description_fr"):
            sentences = len(sentence_end.findall(product[key]))
            assert 2 <= sentences <= 4, (product["id"], key, sentences, product[key])
    assert sum("onerror=" in p["description"] for p in catalogue) == 1
    assert len({p["sku"] for p in catalogue}) == len(catalogue)
    assert len({v["sku"] for p in catalogue for v in p["variants"]}) == sum(len(p["variants"]) for p in catalogue)


def main() -> None:
    catalogue = build(random.Random(7))
    check(catalogue)
    text = json.dumps(catalogue, ensure_ascii=False, indent=2)
    # Prices always with two decimals (json writes 229.0).
    text = re.sub(r'"price": (\d+(?:\.\d+)?)', lambda m: f'"price": {float(m[1]):.2f}', text)
    # One line per variant keeps the file readable.
    text = re.sub(
        r'\{\s+"sku": ("[^"]*"),\s+"size": ([^,]+),\s+"colour": ([^,]+),\s+"stock": (\d+)\s+\}',
        r'{"sku": \1, "size": \2, "colour": \3, "stock": \4}',
        text,
    )
    OUT.write_text(text + "\n", encoding="utf-8")
    out_of_stock = sum(p["stock"] == 0 for p in catalogue)
    low = sum(1 <= p["stock"] <= 3 for p in catalogue)
    print(f"{len(catalogue)} products written to {OUT} ({out_of_stock} out of stock, {low} with 1-3 left)")


if __name__ == "__main__":
    main()
