"""The extractive responder, the default: answers from catalog rows, policy passages and tool rows with fixed
sentences in English and French. It needs no language model and sends nothing anywhere."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from assistant.config import Settings
from assistant.turn.answers import (
    Act,
    Answer,
    Deltas,
    TurnContext,
    passage_source,
    product_card,
    product_source,
    tool_source,
)
from assistant.turn.intents import Intent
from retrieval import Hit, PolicyPassage, Product, fold

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        Intent.GREETING: "Hello! I'm the AI assistant of {shop}. I can help you find products and answer questions "
        "about delivery, returns, warranty and payment. What are you looking for?",
        Intent.SMALL_TALK: "I'm the AI assistant of {shop}, not a person. I can search the catalog and explain our "
        "policies. What can I help you find?",
        "thanks": "You're welcome! Anything else I can help you with?",
        Intent.OUT_OF_SCOPE: "I'm the AI assistant of {shop}, so I can only help with our products, orders, delivery, "
        "returns and other shop policies. Is there something from the shop I can help you with?",
        "found": "Here is what I found for you:",
        "found_filters": "Here is what I found {filters}:",
        "none_filtered": "I found nothing matching {filters}. These are the closest products I have:",
        "nothing": "I couldn't find a product matching that in our catalog. Could you describe it "
        "differently, for example with the type of product or the activity?",
        "price": "The {title} costs {price}.",
        "variant_prices": "Prices depend on the variant, from {low} to {high}.",
        "in_stock": "The {title} is in stock.",
        "low_stock": "The {title} is in stock, with {stock} left.",
        "out_of_stock": "The {title} is currently out of stock.",
        "sizes": "The {title} comes in sizes {sizes}.",
        "no_sizes": "The {title} comes in one size.",
        "colours": "The {title} comes in {colours}.",
        "unclear": "I'm not sure I understood. I'm the AI assistant of {shop}: I can find products and answer "
        "questions about delivery, returns, warranty and payment. Could you say it another way?",
        "material": "From the product description: “{sentence}”",
        "no_material": "The product page doesn't say more about that: “{description}”",
        "policy": "Our {title} page:",
        "yes": "Yes.",
        "no": "No.",
        "policy_missing": "I couldn't find that in our shop policies. Our customer service can answer it.",
        "human": "I'm an AI assistant. To reach a person from our customer service:",
        Intent.ORDER: "I'm an AI assistant and I cannot see orders here, so I'm passing your question to a person "
        "from our customer service, who will look your order up. If you haven't yet, please give your order number "
        "(it is in your confirmation e-mail).",
        Intent.ORDER_CHANGE: "Only a person from our customer service can change, cancel or take back an order, so "
        "I'm passing your request on to them now. If you haven't yet, please give your order number.",
        Intent.ORDER_PROBLEM: "I'm sorry about this. I'm passing your message to a person from our customer "
        "service, first in line; they will answer you here.",
        "link_password": "You can choose a new password here: {url}",
        "link_account": "You can create or manage your account here: {url}",
        "link_newsletter": "You can subscribe to or leave the newsletter here: {url}",
        "link_none": "I'm an AI assistant and cannot change your account myself. Here is what our pages say:",
        Intent.DATA_REQUEST: "You can ask for a copy of your data, or for its erasure, from this chat: under the "
        'first message, choose "Your data". The data-protection team of {shop} answers within one month.',
        "human_nopolicy": "I'm an AI assistant. Our customer service team can help you further.",
        "compare": "The {a} and the {b} side by side:",
        "compare_line": "• {field}: {a} / {b}",
        "compare_same": "Both are {category}; they differ in what is listed above.",
        "field_price": "price",
        "field_weight": "weight",
        "field_sizes": "sizes",
        "field_colours": "colours",
        "field_stock": "availability",
        "clarify_shown": "Which one do you mean: {titles}?",
        "ask_use": "To narrow it down: what will it be for, and what budget do you have in mind?",
        "clarify": "Which product do you mean? Tell me its name or what it is for, and I'll look it up.",
        "variant_in": "The {title} in {variant}: {stock}.",
        "variant_missing": "The {title} doesn't come in {variant}. It comes in {options}.",
        "left": "in stock, {n} left",
        "none_left": "out of stock",
        "weight": "The {title} weighs {weight}.",
        "filters_price_max": "under {amount}",
        "filters_cheaper": "cheaper than {amount}",
        "filters_around": "around {amount}",
        "filters_price_min": "over {amount}",
        "filters_in_stock": "in stock",
        "filters_size": "in size {size}",
        "filters_colour": "in {colour}",
        "and": "and",
    },
    "fr": {
        Intent.GREETING: "Bonjour ! Je suis l'assistant IA de {shop}. Je peux vous aider à trouver un produit et "
        "répondre à vos questions sur la livraison, les retours, la garantie et le paiement. Que cherchez-vous ?",
        Intent.SMALL_TALK: "Je suis l'assistant IA de {shop}, pas une personne. Je peux chercher dans le catalogue "
        "et expliquer nos conditions. Que puis-je trouver pour vous ?",
        "thanks": "Avec plaisir ! Puis-je vous aider pour autre chose ?",
        Intent.OUT_OF_SCOPE: "Je suis l'assistant IA de {shop} : je ne peux vous aider que sur nos produits, vos "
        "commandes, la livraison, les retours et nos autres conditions. Que puis-je faire pour vous côté boutique ?",
        "found": "Voici ce que j'ai trouvé pour vous :",
        "found_filters": "Voici ce que j'ai trouvé {filters} :",
        "none_filtered": "Je n'ai rien trouvé {filters}. Voici les produits les plus proches :",
        "nothing": "Je n'ai pas trouvé de produit correspondant dans notre catalogue. Pouvez-vous le décrire "
        "autrement, par exemple avec le type de produit ou l'activité ?",
        "price": "{title} coûte {price}.",
        "variant_prices": "Le prix dépend de la variante, de {low} à {high}.",
        "in_stock": "{title} : en stock.",
        "low_stock": "{title} : en stock, il en reste {stock}.",
        "out_of_stock": "{title} : actuellement en rupture de stock.",
        "sizes": "{title} existe en tailles {sizes}.",
        "no_sizes": "{title} existe en taille unique.",
        "colours": "{title} existe en {colours}.",
        "unclear": "Je ne suis pas sûr d'avoir compris. Je suis l'assistant IA de {shop} : je peux trouver des "
        "produits et répondre sur la livraison, les retours, la garantie et le paiement. Pouvez-vous reformuler ?",
        "material": "D'après la fiche produit : « {sentence} »",
        "no_material": "La fiche produit n'en dit pas plus : « {description} »",
        "policy": "Notre page « {title} » :",
        "yes": "Oui.",
        "no": "Non.",
        "policy_missing": "Je n'ai pas trouvé cela dans nos conditions. Notre service client pourra vous répondre.",
        "human": "Je suis un assistant IA. Pour joindre une personne de notre service client :",
        Intent.ORDER: "Je suis un assistant IA et je ne vois pas les commandes ici : je transmets votre question à "
        "une personne de notre service client, qui retrouvera votre commande. Si ce n'est pas déjà fait, donnez "
        "votre numéro de commande (il figure dans l'e-mail de confirmation).",
        Intent.ORDER_CHANGE: "Seule une personne de notre service client peut modifier, annuler ou reprendre une "
        "commande : je lui transmets votre demande. Si ce n'est pas déjà fait, donnez votre numéro de commande.",
        Intent.ORDER_PROBLEM: "Je suis désolé. Je transmets votre message en priorité à une personne de notre "
        "service client, qui vous répondra ici.",
        "link_password": "Vous pouvez choisir un nouveau mot de passe ici : {url}",
        "link_account": "Vous pouvez créer ou gérer votre compte ici : {url}",
        "link_newsletter": "Vous pouvez vous inscrire à la newsletter ou vous en désinscrire ici : {url}",
        "link_none": "Je suis un assistant IA et je ne peux pas modifier votre compte moi-même. Voici ce que disent "
        "nos pages :",
        Intent.DATA_REQUEST: "Vous pouvez demander une copie de vos données, ou leur effacement, depuis cette "
        "discussion : sous le premier message, choisissez « Vos données ». L'équipe de protection des données de "
        "{shop} répond sous un mois.",
        "human_nopolicy": "Je suis un assistant IA. Notre service client pourra vous aider.",
        "compare": "{a} et {b} côte à côte :",
        "compare_line": "• {field} : {a} / {b}",
        "compare_same": "Les deux sont dans {category} ; ils diffèrent par ce qui est listé ci-dessus.",
        "field_price": "prix",
        "field_weight": "poids",
        "field_sizes": "tailles",
        "field_colours": "coloris",
        "field_stock": "disponibilité",
        "clarify_shown": "Lequel voulez-vous dire : {titles} ?",
        "ask_use": "Pour affiner : ce sera pour quel usage, et quel budget avez-vous en tête ?",
        "clarify": "De quel produit parlez-vous ? Donnez-moi son nom ou son usage et je le cherche.",
        "variant_in": "{title} en {variant} : {stock}.",
        "variant_missing": "{title} n'existe pas en {variant}. Il existe en {options}.",
        "left": "en stock, il en reste {n}",
        "none_left": "en rupture de stock",
        "weight": "{title} pèse {weight}.",
        "filters_price_max": "à moins de {amount}",
        "filters_cheaper": "moins cher que {amount}",
        "filters_around": "autour de {amount}",
        "filters_price_min": "à plus de {amount}",
        "filters_in_stock": "en stock",
        "filters_size": "en taille {size}",
        "filters_colour": "en {colour}",
        "and": "et",
    },
}

_COLOUR_FR = {
    "black": "noir", "blue": "bleu", "red": "rouge", "green": "vert", "grey": "gris", "orange": "orange",
    "yellow": "jaune", "white": "blanc", "navy": "bleu marine", "purple": "violet", "khaki": "kaki", "pink": "rose",
}  # fmt: skip

_ASPECTS = {
    "price": r"\b(price|cost|how much|expensive|cheap|prix|coute|combien|tarif)",
    "stock": r"\b(stock|available|availability|left|dispo|disponible|rupture|en reserve)",
    "sizes": r"\b(sizes?|tailles?|pointures?|fit|length|long)\b",
    "colours": r"\b(colou?rs?|couleurs?|coloris)\b",
    "weight": r"\b(weight|weigh\w*|heavy|heavier|lighter|poids|pese|peser|lourde?)\b",
    "material": r"\b(made of|material|fabric|waterproof|matiere|tissu|composition|impermeable|membrane|laine|wool|"
    r"down|duvet)",
}
UNCLEAR_BELOW = 0.45
DECLINE_CONFIDENCE = 0.8
_THANKS = re.compile(
    r"\b(thanks?|thank you|merci|cheers|perfect|parfait|super|great|bye|goodbye|au revoir|bonne journee)\b"
)


def format_price(amount: str, currency: str, lang: str, *, whole_if_round: bool = False) -> str:
    """An amount the way a shopper reads it: ``€129.90`` or ``129,90 €``."""
    value = Decimal(amount)
    symbol = "€" if currency == "EUR" else currency
    digits = f"{value:,.0f}" if value == value.to_integral_value() and whole_if_round else f"{value:,.2f}"
    if lang == "fr":
        return digits.replace(",", "\u202f").replace(".", ",") + f"\u00a0{symbol}"
    return f"{symbol}{digits}"


class CatalogResponder:
    """Answers from catalog rows and policy passages only, with fixed sentences in EN and FR."""

    name = "catalog-templates"
    version = "1.0"
    method = "templates filled from retrieved catalog and policy items"

    def __init__(
        self,
        shop_name: str,
        *,
        products_per_answer: int = 3,
        low_stock_threshold: int = 3,
        links: dict[str, str] | None = None,
    ):
        self.shop_name = shop_name
        self.links = {kind: url for kind, url in (links or {}).items() if url}
        """The shop's pages for ``password``, ``account`` and ``newsletter`` (``COMPTOIR_LINKS__*``)."""
        self.products_per_answer = products_per_answer
        self.low_stock_threshold = low_stock_threshold

    def respond(self, context: TurnContext, deltas: Deltas | None = None) -> Answer:
        """Route by intent to the answer builder for it (the whole answer at once: nothing is streamed)."""
        intent = context.intent.intent
        if context.retrieved.tools:
            return self._tool_rows(context)
        if context.follow == "clarify":
            return self._clarify(context)
        if context.follow == "compare" and len(context.retrieved.products) >= 2:
            return self._compare(context)
        if context.follow == "broad" and context.retrieved.products:
            return self._broad(context)
        if intent in (Intent.GREETING, Intent.SMALL_TALK, Intent.OUT_OF_SCOPE):
            return self._canned(context)
        if intent is Intent.HUMAN:
            return self._human(context)
        if intent in (Intent.ORDER, Intent.ORDER_CHANGE, Intent.ORDER_PROBLEM):
            return self._passed_on(context)
        if intent is Intent.ACCOUNT:
            return self._account(context)
        if intent is Intent.DATA_REQUEST:
            return self._data_request(context)
        if intent is Intent.POLICY:
            return self._policy(context)
        if intent is Intent.PRODUCT_QUESTION and context.retrieved.products:
            return self._product_question(context)
        return self._product_search(context)

    # -- builders ---------------------------------------------------------------------------------------------

    def _canned(self, context: TurnContext) -> Answer:
        texts = TEXTS[context.lang]
        key = context.intent.intent.value
        confidence = context.intent.confidence
        if context.intent.intent is Intent.SMALL_TALK and _THANKS.search(fold(context.text)):
            key = "thanks"
        elif context.intent.intent is Intent.OUT_OF_SCOPE:
            confidence = max(confidence, DECLINE_CONFIDENCE)  # sure of declining: no hand-over for it alone
        elif context.intent.confidence < UNCLEAR_BELOW:
            key = "unclear"
        act = {Intent.GREETING.value: Act.GREETING, Intent.OUT_OF_SCOPE.value: Act.DECLINE, "thanks": Act.THANKS}
        return Answer(texts[key].format(shop=self.shop_name), confidence=confidence, act=act.get(key, Act.ANSWER))

    def _tool_rows(self, context: TurnContext) -> Answer:
        """What the tools looked up, as they phrased it, each row cited; a row asking the shopper for something
        makes the reply a question back."""
        rows = context.retrieved.tools
        text = " ".join(row.text for row in rows)
        act = Act.DETAILS if any(row.asks for row in rows) else Act.TOOLS
        return Answer(text, confidence=0.9, sources=[tool_source(row) for row in rows], act=act)

    def _product_search(self, context: TurnContext) -> Answer:
        texts = TEXTS[context.lang]
        hits = context.retrieved.products[: self.products_per_answer]
        if not hits:
            return Answer(texts["nothing"], confidence=round(0.3 * context.intent.confidence, 3), act=Act.NOTHING)
        filters = self._describe_filters(context)
        if context.retrieved.relaxed:
            text = texts["none_filtered"].format(filters=filters)
        elif filters:
            text = texts["found_filters"].format(filters=filters)
        else:
            text = texts["found"]
        lines = [text]
        for hit in hits:
            product = hit.item
            assert isinstance(product, Product)
            price = format_price(product.price, product.currency, context.lang)
            lines.append(f"• {product.text('title', context.lang)} — {price}")
        answer = self._with_products(
            context, "\n".join(lines), hits, self._search_confidence(context, hits), act=Act.PRODUCTS
        )
        search = {"query": context.retrieved.query or context.text, "filters": context.retrieved.filters.to_json()}
        return replace(answer, search={**search, "relaxed": context.retrieved.relaxed})

    def _broad(self, context: TurnContext) -> Answer:
        """A few products for a very broad request, and one question on use and budget."""
        hits = context.retrieved.products[:BROAD_PRODUCTS]
        answer = self._product_search(replace(context, retrieved=replace(context.retrieved, products=hits)))
        question = TEXTS[context.lang]["ask_use"]
        return replace(answer, text=f"{answer.text}\n{question}", act=Act.CLARIFY)

    def _product_question(self, context: TurnContext) -> Answer:
        hit = context.retrieved.products[0]
        product = hit.item
        assert isinstance(product, Product)
        texts = TEXTS[context.lang]
        folded = fold(context.text)
        wanted = self._variant_wanted(context)
        aspects = [name for name, pattern in _ASPECTS.items() if re.search(pattern, folded)]
        if not aspects and not wanted:
            aspects = ["feature"] if context.follow == "focus" else ["price", "stock", "sizes"]
        title = product.text("title", context.lang)
        sentences = self._variant(product, title, wanted, context.lang, texts) if wanted else []
        for aspect in aspects:
            sentences.extend(self._aspect(aspect, product, title, context.lang, texts, folded))
        confidence = self._search_confidence(context, [hit]) * (1.0 if hit.coverage >= 0.5 else 0.8)
        return self._with_products(context, " ".join(sentences), [hit], confidence, act=Act.PRODUCT)

    def _aspect(
        self, aspect: str, product: Product, title: str, lang: str, texts: dict[str, str], query: str
    ) -> list[str]:
        if aspect == "price":
            out = [texts["price"].format(title=title, price=format_price(product.price, product.currency, lang))]
            prices = sorted({Decimal(v.price) for v in product.variants if v.price})
            if len(prices) > 1:
                low, high = (format_price(str(p), product.currency, lang) for p in (prices[0], prices[-1]))
                out.append(texts["variant_prices"].format(low=low, high=high))
            return out
        if aspect == "stock":
            availability = product.availability(self.low_stock_threshold)
            return [texts[availability].format(title=title, stock=product.stock)]
        if aspect == "sizes":
            sizes = ", ".join(product.sizes)
            return [texts["sizes"].format(title=title, sizes=sizes) if sizes else texts["no_sizes"].format(title=title)]
        if aspect == "weight":
            weight = weight_of(product)
            if weight:
                return [texts["weight"].format(title=title, weight=weight)]
        if aspect == "colours":
            names = [_COLOUR_FR.get(c, c) if lang == "fr" else c for c in product.colours]
            return [texts["colours"].format(title=title, colours=", ".join(names))] if names else []
        description = product.text("description", lang)
        sentence = _best_sentence(description, query)
        if sentence:
            return [texts["material"].format(sentence=sentence)]
        return [texts["no_material"].format(description=description)] if description else []

    @staticmethod
    def _variant_wanted(context: TurnContext) -> tuple[str | None, str | None] | None:
        """The size and colour the message asks for, if any."""
        from retrieval.filters import COLOURS, size_named

        folded = fold(context.text)
        colour = next((COLOURS[w] for w in re.findall(r"[a-z]+", folded) if w in COLOURS), None)
        size = size_named(folded) or next(
            (m.upper() for m in re.findall(r"\b(xxs|xs|xl|xxl|s|m|l|\d{2}(?:[.,]5)?)\s*\??$", folded)), None
        )
        return (size, colour) if size or colour else None

    def _variant(
        self, product: Product, title: str, wanted: tuple[str | None, str | None], lang: str, texts: dict[str, str]
    ) -> list[str]:
        """Whether the product comes in the size and colour asked, and how many are left."""
        size, colour = wanted
        colour_name = (_COLOUR_FR.get(colour, colour) if lang == "fr" else colour) if colour else None
        label = ", ".join(v for v in (size, colour_name) if v)
        matching = [
            v
            for v in product.variants
            if (size is None or (v.size or "").casefold() == size.casefold()) and (colour is None or v.colour == colour)
        ]
        if not matching:
            options = (
                ", ".join(
                    product.sizes if size else [(_COLOUR_FR.get(c, c) if lang == "fr" else c) for c in product.colours]
                )
                or "—"
            )
            return [texts["variant_missing"].format(title=title, variant=label, options=options)]
        left = sum(v.stock or 0 for v in matching)
        if left <= 0:
            stock = texts["none_left"]
        elif len(matching) == 1:
            stock = texts["left"].format(n=left)
        else:
            stock = texts["filters_in_stock"]
        return [texts["variant_in"].format(title=title, variant=label, stock=stock)]

    def _clarify(self, context: TurnContext) -> Answer:
        """Which product? Listing the candidates (the line a name covers, or the last ones shown) when there are."""
        texts = TEXTS[context.lang]
        hits = [h for h in context.retrieved.products if isinstance(h.item, Product)][:4]
        if not hits:
            return Answer(texts["clarify"], confidence=0.6, act=Act.CLARIFY)
        titles = "; ".join(h.item.text("title", context.lang) for h in hits if isinstance(h.item, Product))
        return self._with_products(context, texts["clarify_shown"].format(titles=titles), hits, 0.6, act=Act.CLARIFY)

    def _compare(self, context: TurnContext) -> Answer:
        texts = TEXTS[context.lang]
        hits = context.retrieved.products[:2]
        a, b = (h.item for h in hits)
        assert isinstance(a, Product) and isinstance(b, Product)
        lang = context.lang
        lines = [texts["compare"].format(a=a.text("title", lang), b=b.text("title", lang))]
        fields = [
            ("field_price", format_price(a.price, a.currency, lang), format_price(b.price, b.currency, lang)),
            ("field_weight", weight_of(a) or "—", weight_of(b) or "—"),
            ("field_sizes", ", ".join(a.sizes) or "—", ", ".join(b.sizes) or "—"),
            ("field_colours", ", ".join(a.colours) or "—", ", ".join(b.colours) or "—"),
            (
                "field_stock",
                texts[a.availability(self.low_stock_threshold)].format(title=a.text("title", lang), stock=a.stock),
                texts[b.availability(self.low_stock_threshold)].format(title=b.text("title", lang), stock=b.stock),
            ),
        ]
        for key, left, right in fields:
            if left != right:
                lines.append(texts["compare_line"].format(field=texts[key], a=left, b=right))
        return self._with_products(context, "\n".join(lines), list(hits), 0.8, act=Act.COMPARE)

    def _policy(self, context: TurnContext) -> Answer:
        """The answer first, in a sentence or two taken from the best passage ("Yes"/"No" first for a yes-or-no
        question the sentence settles), then a short quote and the page."""
        texts = TEXTS[context.lang]
        passages = context.retrieved.passages
        if not passages:
            return Answer(
                texts["policy_missing"], confidence=round(0.2 * context.intent.confidence, 3), act=Act.NOTHING
            )
        best = passages[0]
        assert isinstance(best.item, PolicyPassage)
        quoted = _same_page(passages, best)
        sentences = [s for hit in quoted if isinstance(hit.item, PolicyPassage) for s in _sentences(hit.item.text)]
        chosen = _best_sentences(sentences, context.text)
        item = _list_item(chosen[0], quoted) if chosen else None
        if item is not None:  # "PayPal." alone says little: the list's heading says what it is one of
            chosen = chosen[:1]
            lead = f"{item}: {chosen[0]}"
        else:
            lead = " ".join(chosen)
        verdict = _yes_no(context.text, lead, context.lang)
        if verdict:
            lead = f"{texts[verdict]} {lead}"
        quote = _shorten(" ".join(s for s in sentences if s not in chosen) or best.item.text, QUOTE_CHARS)
        lines = [lead, f"{texts['policy'].format(title=best.item.title)} “{quote}”", best.item.url]
        confidence = self._passage_confidence(context, best)
        return Answer(
            "\n".join(line for line in lines if line),
            confidence=confidence,
            sources=[passage_source(hit) for hit in quoted],
            act=Act.POLICY,
        )

    def _human(self, context: TurnContext) -> Answer:
        texts = TEXTS[context.lang]
        passages = context.retrieved.passages
        if not passages:
            return Answer(texts["human_nopolicy"], confidence=context.intent.confidence, act=Act.HUMAN)
        quoted = _same_page(passages, passages[0])
        quotes = "\n".join(f"“{hit.item.text}”" for hit in quoted if isinstance(hit.item, PolicyPassage))
        text = f"{texts['human']}\n{quotes}"
        return Answer(
            text, confidence=context.intent.confidence, sources=[passage_source(hit) for hit in quoted], act=Act.HUMAN
        )

    def _passed_on(self, context: TurnContext) -> Answer:
        """An order nobody can look up here, a change to one, a problem with one: a person takes it."""
        text = TEXTS[context.lang][context.intent.intent].format(shop=self.shop_name)
        return Answer(text, confidence=context.intent.confidence, act=Act.HUMAN)

    def _account(self, context: TurnContext) -> Answer:
        """The shop's link for a password, an account or the newsletter; without one, what its pages say."""
        texts = TEXTS[context.lang]
        kind = account_request(context.text)
        url = self.links.get(kind)
        if url:
            return Answer(texts[f"link_{kind}"].format(url=url), confidence=context.intent.confidence, act=Act.LINK)
        passages = context.retrieved.passages
        if not passages:
            return Answer(texts["human_nopolicy"], confidence=context.intent.confidence, act=Act.HUMAN)
        quoted = _same_page(passages, passages[0])
        quotes = "\n".join(f"“{hit.item.text}”" for hit in quoted if isinstance(hit.item, PolicyPassage))
        return Answer(
            f"{texts['link_none']}\n{quotes}",
            confidence=context.intent.confidence,
            sources=[passage_source(hit) for hit in quoted],
            act=Act.LINK,
        )

    def _data_request(self, context: TurnContext) -> Answer:
        """Where the chat takes a copy or erasure request (the shopper's rights, filed from the widget)."""
        text = TEXTS[context.lang][Intent.DATA_REQUEST].format(shop=self.shop_name)
        return Answer(text, confidence=context.intent.confidence, act=Act.LINK)

    # -- helpers ------------------------------------------------------------------------------------------------

    def _with_products(
        self, context: TurnContext, text: str, hits: list[Hit], confidence: float, *, act: Act
    ) -> Answer:
        cards = [
            product_card(h.item, context.lang, self.low_stock_threshold) for h in hits if isinstance(h.item, Product)
        ]
        return Answer(
            text=text,
            confidence=round(min(max(confidence, 0.0), 1.0), 3),
            products=cards,
            sources=[product_source(h, context.lang) for h in hits],
            act=act,
        )

    def _search_confidence(self, context: TurnContext, hits: list[Hit]) -> float:
        top = hits[0]
        relevance = _squash(top.dense, centre=0.42, width=0.08)
        evidence = 0.55 * relevance + 0.45 * top.coverage
        if context.retrieved.relaxed:
            evidence *= 0.6
        return 0.35 * context.intent.confidence + 0.65 * evidence

    def _passage_confidence(self, context: TurnContext, hit: Hit) -> float:
        relevance = _squash(hit.dense, centre=0.38, width=0.08)
        evidence = 0.6 * relevance + 0.4 * hit.coverage
        return round(min(1.0, 0.35 * context.intent.confidence + 0.65 * evidence), 3)

    def _describe_filters(self, context: TurnContext) -> str:
        texts = TEXTS[context.lang]
        filters = context.retrieved.filters
        parts = []
        if filters.around is not None:
            amount = format_price(str(filters.around), "EUR", context.lang, whole_if_round=True)
            parts.append(texts["filters_around"].format(amount=amount))
        elif filters.max_price is not None:
            parts.append(
                texts["filters_price_max"].format(
                    amount=format_price(str(filters.max_price), "EUR", context.lang, whole_if_round=True)
                )
            )
        if filters.cheaper_than is not None:
            amount = format_price(str(filters.cheaper_than), "EUR", context.lang, whole_if_round=True)
            parts.append(texts["filters_cheaper"].format(amount=amount))
        if filters.min_price is not None and filters.around is None:
            parts.append(
                texts["filters_price_min"].format(
                    amount=format_price(str(filters.min_price), "EUR", context.lang, whole_if_round=True)
                )
            )
        if filters.in_stock:
            parts.append(texts["filters_in_stock"])
        if filters.size:
            parts.append(texts["filters_size"].format(size=filters.size))
        if filters.colour:
            colour = _COLOUR_FR.get(filters.colour, filters.colour) if context.lang == "fr" else filters.colour
            parts.append(texts["filters_colour"].format(colour=colour))
        if len(parts) > 1:
            return f"{', '.join(parts[:-1])} {texts['and']} {parts[-1]}"
        return parts[0] if parts else ""


_WEIGHT = re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)?)\s?(kg|g)\b")


def weight_of(product: Product) -> str | None:
    """The weight the product's description gives (``1.2 kg``, ``850 g``), as written."""
    for lang in ("en", "fr"):
        match = _WEIGHT.search(product.description.get(lang, ""))
        if match:
            return f"{match[1]} {match[2]}"
    return None


QUOTE_CHARS = 300
"""About how long the quote under a policy answer is."""
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9À-Ý«“\"(])|\n+")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+\.)\s+")
SHORT_ITEM_WORDS = 5
BROAD_PRODUCTS = 3
"""How many products a very broad request is shown, with its question."""
"""A list item of at most this many words is answered with the list's heading ("Accepted payment methods: PayPal.")."""
_YES_NO_EN = re.compile(r"^(?:can|could|do|does|did|is|are|was|will|would|should|may|must|have|has)\b")
_YES_NO_FR = re.compile(
    r"^(?:est-ce que|est ce que|puis-je|peut-on|pouvez-vous|peut-il|peut-elle|dois-je|faut-il|y a-t-il|"
    r"acceptez-vous|livrez-vous|vous (?:acceptez|livrez|prenez|faites|proposez|remboursez|gardez)|"
    r"on peut|je peux|c'est possible)\b"
)
_NEGATION = re.compile(r"\b(?:not|no|never|cannot|can't|won't|isn't|aren't|don't|doesn't|ne|n'|pas|jamais|aucune?)\b")


_PASSWORD = re.compile(r"\b(?:password|passwort|mot de passe|mdp|log ?in|sign ?in|connect\w*|identifiant)")
_NEWSLETTER = re.compile(
    r"\b(?:newsletter|unsubscribe|subscribe|desabonn\w*|desinscri\w*|abonn\w*|e-?mails? (?:promo|market)\w*|mails? (?:promo|pub)\w*|marketing)"
)


def account_request(text: str) -> str:
    """Which of the shop's account links a request wants: ``password``, ``newsletter`` or ``account``."""
    folded = fold(text)
    if _PASSWORD.search(folded):
        return "password"
    if _NEWSLETTER.search(folded):
        return "newsletter"
    return "account"


def _sentences(text: str) -> list[str]:
    """A passage's sentences and list items, without their bullets or bold marks."""
    out = []
    for part in _SENTENCE_END.split(text):
        part = _BULLET.sub("", part.replace("**", "")).strip()
        if len(part) > 3:
            out.append(part)
    return out


def _list_item(sentence: str, passages: list[Hit]) -> str | None:
    """What ``sentence`` is one item of when it is a short line of a list ("PayPal."): the passage's heading, with
    the list's own sub-heading when it has one ("Accepted payment methods (online)"); else ``None``."""
    if len(sentence.split()) > SHORT_ITEM_WORDS:
        return None
    for hit in passages:
        passage = hit.item
        if not isinstance(passage, PolicyPassage) or not passage.heading or passage.heading == passage.title:
            continue
        lines = [_BULLET.sub("", line.replace("**", "")).strip() for line in passage.text.splitlines()]
        if sentence not in lines:
            continue
        above = lines[: lines.index(sentence)]
        sub = next((line for line in reversed(above) if line and line[-1] not in ".!?;:,"), None)
        if sub is not None and len(sub.split()) <= SHORT_ITEM_WORDS:
            return f"{passage.heading} ({sub[0].lower()}{sub[1:]})"
        return passage.heading
    return None


def _best_sentences(sentences: list[str], question: str, most: int = 2) -> list[str]:
    """The sentence that shares the most telling words with the question (a word few of the sentences use tells
    more: "cash" more than "pay" on a page about paying), and the next one when the first is short."""
    import math

    from retrieval import tokens

    wanted = set(tokens(question))
    if not sentences:
        return []
    words = [set(tokens(s)) for s in sentences]
    spread = {w: sum(w in ws for ws in words) for w in wanted}
    weight = {w: math.log(1 + len(sentences) / n) for w, n in spread.items() if n}
    scored = [(round(sum(weight.get(w, 0.0) for w in wanted & ws), 6), -n) for n, ws in enumerate(words)]
    first = -max(scored)[1]
    chosen = [sentences[first]]
    if len(chosen[0]) < 80 and first + 1 < len(sentences) and most > 1:
        chosen.append(sentences[first + 1])
    return chosen


def _yes_no(question: str, answer: str, lang: str) -> str | None:
    """``yes`` or ``no`` when ``question`` asks one and ``answer`` shares its subject; ``None`` otherwise."""
    from retrieval import tokens

    folded = fold(question).strip(" ¿?!.,").replace("’", "'")
    folded = re.sub(r"^(?:and|et|so|alors|ok|hi|hello|bonjour)[, ]+", "", folded)
    if not (_YES_NO_EN if lang == "en" else _YES_NO_FR).match(folded):
        return None
    if not set(tokens(question)) & set(tokens(answer)):
        return None
    return "no" if _NEGATION.search(fold(answer)) else "yes"


def _shorten(text: str, limit: int) -> str:
    """``text`` cut at a word boundary near ``limit`` characters."""
    text = " ".join(text.replace("**", "").split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def _same_page(passages: list[Hit], best: Hit, *, most: int = 2, ratio: float = 0.6) -> list[Hit]:
    """The best passage and the next ones of its page that score nearly as well, in page order."""
    assert isinstance(best.item, PolicyPassage)
    page = best.item.page
    chosen = [
        h
        for h in passages
        if isinstance(h.item, PolicyPassage) and h.item.page == page and h.score >= ratio * best.score
    ]
    return sorted(chosen[:most], key=lambda h: int(h.key.rsplit("#", 1)[1]))


def _squash(value: float, *, centre: float, width: float) -> float:
    import math

    return 1.0 / (1.0 + math.exp(-(value - centre) / width))


def _best_sentence(description: str, query: str) -> str:
    """The description sentence that shares the most words with the question."""
    from retrieval import tokens

    wanted = set(tokens(query))
    best, best_overlap = "", 0
    for sentence in re.split(r"(?<=[.!?])\s+", description):
        overlap = len(wanted & set(tokens(sentence)))
        if overlap > best_overlap:
            best, best_overlap = sentence.strip(), overlap
    return best


def build(settings: Settings) -> CatalogResponder:
    """The extractive responder for these settings."""
    return CatalogResponder(
        settings.shop_name,
        products_per_answer=settings.chat.products_per_answer,
        low_stock_threshold=settings.retrieval.low_stock_threshold,
        links=settings.links.model_dump(),
    )
