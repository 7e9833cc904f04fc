"""Reading a message in its conversation: what "it", "the second one", "and in blue?", "cheaper" or "what's the
difference?" refer to, from the conversation's state and the catalog's own words (EN and FR)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from assistant.turn.answers import ConversationState
from assistant.turn.intents import Intent, IntentResult
from assistant.turn.scope import TextModel
from retrieval import HybridSearch, Product, ShopIndex, fold, tokens
from retrieval.filters import COLOURS, Filters, without_amounts
from retrieval.index import POLICIES
from retrieval.terms import GENDERS


class Follow(StrEnum):
    """How a message relates to what came before."""

    NEW = "new"
    """Not a follow-up: answered on its own."""
    FOCUS = "focus"
    """About one product already in the conversation (an attribute, a size, a colour)."""
    COMPARE = "compare"
    REFINE = "refine"
    """The last search again, with changed wishes (cheaper, for women, under 100 instead, more)."""
    CLARIFY = "clarify"
    """Refers to a product the conversation does not name, or names a line of several: ask which (listing them)."""
    BROAD = "broad"
    """A new search so broad ("a jacket", "un cadeau") that a few products and one question on use or budget help."""


@dataclass(frozen=True)
class Reading:
    """What a message means in its conversation."""

    follow: Follow = Follow.NEW
    products: tuple[str, ...] = ()
    """The products it is about, in order (one for FOCUS, two for COMPARE)."""
    query: str | None = None
    """For REFINE: the words to search with; for a policy follow-up, the question it follows and itself."""
    cheaper_than: Decimal | None = None
    """For REFINE: "cheaper" than what was shown (its lowest price)."""
    budget: Filters | None = None
    """For REFINE: the price bounds the message itself states ("max 150", "my budget is 200 though"); they replace
    the earlier ones."""
    exclude: tuple[str, ...] = field(default_factory=tuple)
    """For REFINE: products already shown, when the shopper asked for more."""
    intent: Intent | None = None
    """For NEW: the intent the catalog's words settle, whatever the classifier made of it."""


_COMPARE = re.compile(
    r"\b(difference|differences|different|differ|compare|comparer|compare[rsz]?|comparing|comparaison|compared|"
    r"versus|vs|hesit\w*|which one|which is|which has|which of|lequel|laquelle|lesquel\w*|par rapport|between|"
    r"entre|diff|ecart|mieux que|moins bien que|better than|worse than|change quoi|(?:la )?meme chose|same thing|"
    r"vaut (?:vraiment )?le coup|worth (?:it|paying|the)|justifie\w*|what extra|(?:plus|moins) \w+ que|"
    r"(?:more|less) \w+ than|\w+er than)\b"
)
_COMPARATIVE = re.compile(
    r"\b(?:(?:la|le|les|the)\s+)?(?:plus|moins|more|less|most|least)\s+[a-z]+|\b(?:lighter|heavier|warmer|"
    r"cooler|cheaper|dearer|bigger|smaller|longer|shorter|easier|harder|better|stronger|brighter|quieter)\b"
)
"""A comparison by an attribute ("is the titanium pot lighter?", "laquelle est la plus chaude ?"): the words name
no product."""
_BOTH = re.compile(
    r"\b(?:(?:entre |de |parmi )?(?:les|des|ces) deux|(?:of |between )?(?:the|these|those) two|both(?: of them)?|"
    r"l'un ou l'autre|either)\b"
)
"""The two products the conversation is about ("lequel est le plus léger des deux ?"): no product is named by "deux"."""
_ORDINALS = {
    "first": 0, "1st": 0, "premier": 0, "premiere": 0, "1er": 0, "1ere": 0,
    "second": 1, "2nd": 1, "deuxieme": 1, "seconde": 1, "2e": 1, "2eme": 1,
    "third": 2, "3rd": 2, "troisieme": 2, "3e": 2, "3eme": 2,
    "last": -1, "dernier": -1, "derniere": -1,
}  # fmt: skip
_CHEAPER_ONE = re.compile(r"\b(?:the|la|le|l')\s*(?:cheaper|cheapest|moins chere?)\b")
_DEARER_ONE = re.compile(r"\b(?:the|la|le|l')\s*(?:more expensive|most expensive|plus chere?)\b")
_CHEAPER = re.compile(r"\b(cheaper|less expensive|moins chere?s?|trop cher|too expensive|pas si cher)\b")
_MORE = re.compile(r"\b(show me more|more options|any others?|anything else|something else|d'autres|d autres|autres)\b")
_REFINE = re.compile(
    r"\b(instead|plutot|rather|warmer|lighter|longer|shorter|smaller|bigger|plus chaude?s?|plus legere?s?|"
    r"plus longue?s?|plus petite?s?|plus grande?s?|a la place|something|anything|quelque chose|un truc)\b"
)
_PRONOUN = re.compile(
    r"\b(it|its|they|them|this one|that one|this|that|these|those|il|elle|ils|elles|celui\w*|celle\w*|ca|"
    r"l|le|la|les)\b"
)
_ASPECT = re.compile(
    r"\b(price|cost|how much|expensive|prix|coute|combien|tarif|stock|available|availability|dispo\w*|sizes?|"
    r"tailles?|pointures?|colou?rs?|couleurs?|coloris|weigh\w*|heavy|pese|poids|lourde?|waterproof|impermeable|"
    r"made of|material|matiere|long|lengths?|battery|autonomie|range|capacity|capacite|volume)\b"
)
_SIZE = re.compile(
    r"\b(?:size|taille|pointure|en|in)\s+(xxs|xs|s|m|l|xl|xxl|xxxl|\d{2}(?:[.,]5)?)\b|\b(xxs|xs|xl|xxl|xxxl)\b"
)
NAMES_A_PRODUCT = 0.5
"""A message at least this share of whose words one product's title holds names that product: never declined."""
NAMED_BAR = 0.80
"""How sure the scope model must be to decline a message that uses words of the catalog's titles."""
POLICY_SURE = 0.70
"""An intent this sure that a message asks about the shop's policies makes the scope model need ``NAMED_BAR``."""
TOPIC_SURE = 0.6
"""A short question after a policy answer is read with that answer's question unless the topic model is this sure of
its own topic."""
LEANS_POLICY = 0.5
"""A word of the policy pages makes a message a policy question when the policy model gives it at least this share of
its threshold ("à part la contenance" is no policy question, "elle est garantie 3 ans ?" is)."""
POLICY_NEAR = 0.40
"""A message at least this similar to a policy passage is a question for the shop, even naming no product."""
_COURTESY = re.compile(
    r"^\W*(thanks?|thank you|thx|ty|merci+|cheers|perfect|parfait|super|great|ok|okay|bye|goodbye|au revoir|bonne journee|"
    r"have a nice day|d'accord|top|cool)\b|\b(thanks?|thank you|thx|ty|merci+|cheers|bye|goodbye|au revoir|bonne journee|"
    r"have a nice day|d'accord)\W*$"
)
"""Thanks or goodbye opening or closing a message; in the middle ("write a goodbye email") it is not courtesy."""
_COURTESY_LEAD = re.compile(
    r"^\s*(?:(?:thanks?|thank you|thx|merci(?: beaucoup)?|ok(?:ay)?|super|parfait|perfect|great|cool|top|bon|"
    r"d'accord|nice)\s*[,.!;:-]*\s*)+",
    re.IGNORECASE,
)
"""Thanks or an "ok" before what the shopper asks next: the scope model reads what follows."""
_REFERS = re.compile(
    r"\b(it|its|they|them|this one|that one|is this|is that|are these|are those|il|elle|ils|elles|celui\w*|celle\w*|"
    r"c'est|c est|cette|cet|ces|l'(?:a|ai|avez|as)|"
    r"(?:la|le|les) (?:prends|prend|veux|voudrais|avez|as))\b"
)
"""Words that point at a product without naming it (French articles alone do not)."""
_ANOTHER = re.compile(
    r"^(?:(?:and|et|also|aussi|plus)\s+)?(?:a|an|some|un|une|des|du)\s|\b(?:too|as well|aussi)\s*\??$"
)
"""Asking for another product next to the one in focus: "and a helmet for her?", "et un casque vélo pour lui"."""
_ABOUT_IT = re.compile(
    r"^(?:(?:and|so|ok|et|alors|donc)\s+)?(?:is|does|do|are|can|will|has|would)\s+(?:it|they|this|that|this one|that one)\b"
    r"|^(?:(?:et|alors|donc)\s+)?(?:est[- ]ce qu(?:'|e )\s*(?:il|elle)s?|(?:il|elle)s?\s+(?:est|a|sont|ont)|c'est|c est|"
    r"est[- ](?:il|elle)|a[- ]t[- ](?:il|elle))\b"
)
"""A yes-or-no question about the product in focus ("is it down?", "elle est doublée ?"), whatever else it names."""
_SOMETHING = re.compile(r"\b(?:something|anything|quelque chose|un truc|autre chose)\b")
"""A new search, not a comparison: "anything cheaper for hiking?", "something warmer for winter?"."""
_HIM_OR_HER = re.compile(r"\b(?:him|her|lui|elle)\b")
_AND = re.compile(r"\s*(?:and|et|also|aussi|plus)\s")
_OTHER = re.compile(r"\b(?:the other|other one|l'autre|l autre)\b")
_MATCHING = re.compile(r"\b(?:to go with|goes with|matching|that matches|assortie?s?|qui va avec|pour aller avec)\b")
_GIFT = {"gift", "present", "cadeau", "idee", "idea"}
"""Words of a request for a gift (a closed class, like colours): what to give is left open."""
BROAD_MOST = 8
"""A kind of product the catalog has at least this many of is broad enough to ask what for and what budget."""
LINE_MOST = 8
"""A name shared by at most this many products (a model in its versions) is a line to choose in."""
SHORT = 6
"""A message of at most this many words, naming no product, is read against the product in focus."""


class FollowUps:
    """Reads a message against the conversation's state."""

    def __init__(
        self,
        search: HybridSearch,
        scope: TextModel | None = None,
        policy: TextModel | None = None,
        topics: TextModel | None = None,
    ):
        self.search = search
        self.scope = scope
        self.policy = policy
        self.topics = topics

    def read(self, text: str, intent: IntentResult, state: ConversationState) -> Reading:
        """What ``text`` refers to; ``Follow.NEW`` when it stands on its own."""
        index = self.search.handle.current()
        terms = index.terms
        folded = fold(text)
        words = tokens(text, keep_stopwords=True)
        if intent.intent in (Intent.HUMAN, Intent.GREETING) and intent.confidence >= 0.5:
            return Reading()
        if self.scope is not None and self._outside(text, intent, index, state):
            return Reading(intent=Intent.OUT_OF_SCOPE)
        naming = terms.naming(without_amounts(text))  # "around 200" is a budget, not the Polar 200
        kinds = terms.type_words | terms.category_words
        names_kind = any(w in kinds and not w.isdigit() for w in naming)
        short = len(words) <= SHORT
        if not state.last_shown and short and not names_kind:
            refers = bool(_REFERS.search(folded)) or any(w in _ORDINALS for w in words)
            attribute = (any(w in COLOURS for w in words) or _SIZE.search(folded)) and not naming
            if (refers and state.last_act != "policy") or attribute:  # after a policy answer "elle" may be the policy
                return Reading(Follow.CLARIFY)  # "je la prends en M", "le deuxième", "la rouge ?" with nothing shown
        policy_named = any(w in terms.policy_words and w not in _GIFT for w in words)
        about_policy = policy_named and not _ASPECT.search(folded)
        only_products = names_kind and set(tokens(text)) <= set(naming)  # "vous avez des palmes ?"
        asks_of_it = (  # "elle coûte combien ?", "et elle est dispo en rouge ?", not "elle est garantie combien de temps ?"
            bool(_REFERS.search(folded))
            and not (policy_named and self._policy_likely(text, LEANS_POLICY))
            and bool(_ASPECT.search(folded) or _SIZE.search(folded) or any(w in COLOURS for w in words))
        )
        of_shown = bool(state.last_shown) and any(  # "laquelle est la plus chaude ?", "can it charge my phone?"
            p.search(folded) for p in (_COMPARE, _COMPARATIVE, _ABOUT_IT)
        )
        policy_said = intent.intent is Intent.POLICY and intent.confidence >= 0.6
        policy_said = policy_said or (not of_shown and self._asks_policy(text))
        if policy_said and not only_products and not asks_of_it:
            return Reading(intent=Intent.POLICY)  # "can I get the Trek 500 jacket delivered by tomorrow?"
        pointing = any(p.search(folded) for p in (_REFERS, _ASPECT, _COMPARE)) or bool(_ANOTHER.search(text.lower()))
        if state.last_act == "policy" and state.last_text and short and not names_kind and not pointing:
            if self._topic_said(text):  # "and which cards do you take?": a question of its own
                return Reading(intent=Intent.POLICY)
            return Reading(intent=Intent.POLICY, query=f"{state.last_text} {text}")  # "à partir de quel montant ?"
        comparing = bool(state.last_shown) and bool(_COMPARE.search(folded) or _COMPARATIVE.search(folded))
        if about_policy and not comparing and self._policy_likely(text, LEANS_POLICY):  # "elle est garantie 3 ans ?"
            return Reading()
        shown = [pid for pid in state.products_shown if pid in index.products]
        last = [pid for pid in state.last_shown if pid in index.products]
        new_kind = [w for w in naming if w in terms.type_words and not any(w in terms.titles[p] for p in shown)]
        unpriced = fold(without_amounts(text))  # "entre 100 et 150 €", "moins de 100" are budgets
        if _COMPARE.search(unpriced):
            return self._compare(text, state, index, last)
        if state.last_act == "clarify" and _COMPARE.search(fold(state.last_text or "")):
            pair = list(dict.fromkeys(pid for pid, _ in self._mentions(text, state, index)))
            if len(pair) >= 2:  # the answer to "which ones?" after "compare them"
                return Reading(Follow.COMPARE, (pair[0], pair[1]))
        another = _ANOTHER.search(text.lower())
        if (
            _COMPARATIVE.search(unpriced)
            and not another
            and not _SOMETHING.search(folded)
            and state.focus in index.products
        ):
            others = [pid for pid, _ in self._mentions(text, state, index) if pid != state.focus]
            if len(others) == 1:  # "is the titanium pot lighter?": than the one in focus
                return Reading(Follow.COMPARE, (str(state.focus), others[0]))
        picked = self._pick(folded, words, index, last)
        if picked is not None:
            return Reading(Follow.FOCUS, (picked,))
        if state.asked and state.last_search:  # the answer to "what for, what budget?"
            return Reading(Follow.REFINE, query=f"{state.last_search} {text}")
        focus = index.products.get(state.focus or "")
        wants = terms.gender(text)
        named = self._named_among(naming, shown, index, wants or (terms.product_gender(focus) if focus else None))
        if (
            named is not None
            and (another or _SOMETHING.search(folded))
            and not all(w in terms.titles[named] for w in naming)
        ):
            named = None  # "et un casque vélo pour lui" after a bike: another product, not the bike
        if named is not None and not new_kind:
            return Reading(Follow.FOCUS, (named,))
        if focus is not None and named is None and _ABOUT_IT.search(folded) and len(words) <= SHORT:
            return Reading(Follow.FOCUS, (focus.id,))
        for_whom = [pid for pid in last if wants and terms.product_gender(index.products[pid]) == wants]
        if len(for_whom) == 1 and len(last) > 1 and not new_kind and len(words) <= SHORT:  # "the women's one"
            return Reading(Follow.FOCUS, (for_whom[0],))
        if wants and focus is not None and not new_kind and terms.product_gender(focus) not in (None, wants):
            other = self._gendered(focus.id, wants, index)  # "et la version homme ?"
            if other != focus.id:
                return Reading(Follow.FOCUS, (other,))
        line = self._ambiguous_line(text, naming, index)
        if line and named is None:
            same = [p for p in line if focus and terms.product_gender(index.products[p]) == terms.product_gender(focus)]
            return Reading(Follow.FOCUS, (same[0],)) if len(same) == 1 else Reading(Follow.CLARIFY, line)
        fresh = [w for w in naming if focus is not None and w not in terms.titles[focus.id]]
        alongside = bool(_ANOTHER.search(text.lower())) and not new_kind  # "a tent for two" is a search of its own
        if focus is not None and fresh and (alongside or _MATCHING.search(folded)):
            return Reading(Follow.REFINE, query=self._alongside(text, focus, index))
        made_for = terms.product_gender(focus) if focus is not None else None
        if new_kind and made_for and not wants and _AND.match(text.lower()):  # "et un collant mérinos ?": for her too
            return Reading(Follow.REFINE, query=f"{text} {made_for}")
        if new_kind:  # a product search or a question on a product not shown yet, whatever else it resembles
            if intent.intent is not Intent.PRODUCT_QUESTION and self._broad(text, naming, index, state):
                return Reading(Follow.BROAD, intent=Intent.PRODUCT_SEARCH)
            return Reading(intent=None if intent.intent is Intent.PRODUCT_QUESTION else Intent.PRODUCT_SEARCH)
        stated = index.vocabulary.parse(text)
        budget = stated if stated.min_price is not None or stated.max_price is not None else None
        searched = state.last_search or (focus.text("title", state.lang or "en") if focus is not None else None)
        if searched and (_MORE.search(folded) or _CHEAPER.search(folded) or _REFINE.search(folded) or budget):
            cheaper = None
            if _CHEAPER.search(folded) and budget is None:  # than the one in focus, or the first shown
                than = focus if focus is not None and (focus.id in last or not last) else None
                than = than or (index.products[last[0]] if last else None)
                cheaper = Decimal(than.price) if than is not None else None
            query = f"{searched} {text}"
            comparative = _COMPARATIVE.search(unpriced)
            if comparative and focus is not None:  # "something warmer": another of the same kind, not these again
                query = f"{query} {' '.join(dict.fromkeys(focus.category.values()))}"
            exclude = tuple(shown) if _MORE.search(folded) or comparative else ()
            if comparative and focus is not None:  # nor the focus's other versions (the women's one of the same)
                exclude = (*exclude, *terms.versions.get(focus.id, ()))
            return Reading(Follow.REFINE, query=query, cheaper_than=cheaper, budget=budget, exclude=exclude)
        if state.last_search and wants and len(naming) == 0 and len(words) <= SHORT:
            return Reading(Follow.REFINE, query=f"{state.last_search} {text}")
        asks = bool(_ASPECT.search(folded) or _SIZE.search(folded) or _PRONOUN.search(folded))
        colour = any(w in COLOURS for w in words)
        spread_only = all(w in terms.spread_words for w in naming)
        if state.focus and state.focus in index.products and spread_only and (asks or colour or len(words) <= SHORT):
            return Reading(Follow.FOCUS, (state.focus,))
        refers = bool(_ASPECT.search(folded) or _SIZE.search(folded) or _REFERS.search(folded) or colour)
        vague = not naming or bool(_REFERS.search(folded))  # "in size 44?" vs "trail shoes in size 44"
        if not state.focus and spread_only and refers and vague and (intent.intent is not Intent.POLICY or asks_of_it):
            return Reading(Follow.CLARIFY, tuple(last[:4]))
        if self.scope is None and self._outside(text, intent, index, state):
            return Reading(intent=Intent.OUT_OF_SCOPE)
        asks_products = intent.intent in (Intent.PRODUCT_SEARCH, Intent.PRODUCT_QUESTION)
        if (asks_products or any(w in _GIFT for w in tokens(text))) and self._broad(text, naming, index, state):
            return Reading(Follow.BROAD, intent=Intent.PRODUCT_SEARCH)
        return Reading()

    @staticmethod
    def _alongside(text: str, focus: Product, index: ShopIndex) -> str:
        """The words to search for another product to go with the one in focus ("and a helmet for her?" after kids'
        skis): the message, the focus's category, whom it is for unless the message says, and its brand when the
        shopper asks for a matching one."""
        terms = index.terms
        category = next(iter(focus.category.values()), "")
        said = set(tokens(text))
        named = set(tokens(" ".join(focus.category.values())))
        words = [text] + ([category] if not said & named else [])  # "un casque vélo" says which
        made_for = terms.product_gender(focus)
        if made_for and not terms.gender(_HIM_OR_HER.sub(" ", text.lower()) if made_for == "kids" else text):
            words.append(made_for)  # "et un casque pour lui" after a kids' bike: "lui" is the child
        if _MATCHING.search(fold(text)) and focus.brand:
            words.append(focus.brand)
        return " ".join(w for w in words if w)

    @staticmethod
    def _ambiguous_line(text: str, naming: list[str], index: ShopIndex) -> tuple[str, ...]:
        """The products a size or colour question names by a name they share ("the Cirrus 600 in M?" when there are
        a men's and a women's Cirrus 600), when the shopper says not whose: a size means nothing until one is
        chosen. Empty when the name picks one product, or when no size or colour is asked."""
        folded = fold(text)
        if not (_SIZE.search(folded) or any(w in COLOURS for w in tokens(text))) or index.terms.gender(text):
            return ()
        terms = index.terms
        titles = terms.title_words
        line = [pid for pid in index.products if naming and all(w in titles[pid] for w in naming)]
        rare = [
            w for w in naming if w not in terms.category_words and sum(w in t for t in titles.values()) <= LINE_MOST
        ]
        return tuple(line[:4]) if rare and 2 <= len(line) <= LINE_MOST else ()

    @staticmethod
    def _broad(text: str, naming: list[str], index: ShopIndex, state: ConversationState) -> bool:
        """A request that names a kind of product and nothing more ("a jacket", "un cadeau pour mon frère"): no
        budget, size, colour, whom for, use or model. Never twice in a row (one question at a time)."""
        if state.last_act == "clarify":
            return False
        terms = index.terms
        filters = index.vocabulary.parse(text)
        if filters.constrains() or filters.gender or terms.gender(text):
            return False
        content = tokens(text)
        gift = any(w in _GIFT for w in content)
        kinds = [w for w in naming if w in terms.type_words or w in terms.category_words]
        if not (kinds or gift) or len(naming) > len(kinds):
            return False
        titles = terms.titles
        if kinds and sum(all(w in titles[pid] for w in kinds) for pid in index.products) < BROAD_MOST:
            return False  # "ski poles": few products to choose from, no question needed
        told = [w for w in content if w not in kinds and w not in _GIFT and w in terms.described_words]
        return not told and len(content) <= 4

    def _outside(self, text: str, intent: IntentResult, index: ShopIndex, state: ConversationState) -> bool:
        """Out of scope: neither a greeting, thanks nor a request for a person, and the scope model finds the message
        outside a shop's business, surely so when it uses words of the catalog's titles ("best ski resort in your
        opinion?"), reads most like a request for a person, or follows products shown with a question about them
        ("jusqu'à quel poids ?", "photochromique ou pas, ça change quoi ?"). Without the model: it names nothing the
        catalog sells and is not near the shop's policies."""
        if intent.intent in (Intent.HUMAN, Intent.GREETING) and intent.confidence >= 0.5:
            return False
        if intent.intent is Intent.SMALL_TALK and _COURTESY.search(fold(text)):
            return False
        terms = index.terms
        kinds = terms.type_words | terms.category_words
        names_kind = any(w in kinds and len(w) >= 3 and not w.isdigit() for w in terms.naming(text))
        vector = self.search.embeddings.query_vector(text)
        if self.scope is not None:
            folded = fold(text)
            of_shown = bool(state.last_shown) and any(
                p.search(folded) for p in (_ASPECT, _SIZE, _REFERS, _COMPARE, _COMPARATIVE, _ABOUT_IT)
            )
            sure = (  # a person asked for, however worded, a question surely about the shop's policies, or about
                names_kind  # the products just shown
                or of_shown
                or intent.intent is Intent.HUMAN
                or (intent.intent is Intent.POLICY and intent.confidence >= POLICY_SURE)
            )
            bar = max(self.scope.threshold, NAMED_BAR) if sure else self.scope.threshold
            rest = _COURTESY_LEAD.sub("", text, count=1).strip()  # "merci ! c'est quoi ton film préféré ?"
            if rest != text.strip() and len(rest.split()) >= 2:
                text, vector = rest, self.search.embeddings.query_vector(rest)
            if self.scope.probability(text, vector) < bar:
                return False
            # "a headlamp", "is the Alpine Light available in M?": half its words or more are one product's title
            # (a catalog scan, so only when declining); "photochromique ou pas ?": a word of a title just shown
            words = {w for w in tokens(text) if w not in GENDERS and w not in terms.spread_words}
            shown = [pid for pid in state.last_shown if pid in index.products]
            return not (_title_share(text, index) >= NAMES_A_PRODUCT or any(words & terms.titles[p] for p in shown))
        if names_kind:
            return False
        policy = max(index.dense(POLICIES, vector, 1, None).values(), default=0.0)
        return policy < POLICY_NEAR

    def _asks_policy(self, text: str) -> bool:
        """The policy model finds the message about the shop's policies, services or an order, whatever products it
        names."""
        return self.policy is not None and self._policy_likely(text, 1.0)

    def _topic_said(self, text: str) -> bool:
        """The topic model is sure which policy topic the message is about, on its own."""
        if self.topics is None:
            return False
        probabilities = self.topics.probabilities(text, self.search.embeddings.query_vector(text))
        return max(probabilities.values(), default=0.0) >= TOPIC_SURE

    def _policy_likely(self, text: str, share: float) -> bool:
        """The policy model gives the message at least ``share`` of its threshold (always so without the model)."""
        if self.policy is None:
            return True
        vector = self.search.embeddings.query_vector(text)
        return self.policy.probability(text, vector) >= share * self.policy.threshold

    def _pick(self, folded: str, words: list[str], index: ShopIndex, last: list[str]) -> str | None:
        """ "The second one", "le dernier", "the cheaper one", "the other one": one of the products the last
        answer showed."""
        if not last:
            return None
        if _OTHER.search(folded) and len(last) == 2:
            return last[1]
        if _CHEAPER_ONE.search(folded):
            return min(last, key=lambda p: Decimal(index.products[p].price))
        if _DEARER_ONE.search(folded):
            return max(last, key=lambda p: Decimal(index.products[p].price))
        for word in words:
            if word in _ORDINALS:
                position = _ORDINALS[word]
                if position < len(last):
                    return last[position]
        return None

    @staticmethod
    def _named_among(naming: list[str], shown: list[str], index: ShopIndex, gender: str | None = None) -> str | None:
        """The shown product whose title holds the most of the naming words that are not merely descriptive (in a
        tie, the one made for ``gender``, then the most recently shown); ``None`` when none is named, or when a
        product not shown has more of the words in its title (the message names that one)."""
        terms = index.terms
        specific = [w for w in naming if w not in terms.spread_words] or naming
        if not specific:
            return None
        best, best_count = None, 0.0
        for pid in reversed(shown):
            title = terms.titles[pid] | set(tokens(index.products[pid].text("description", "en")))
            count = sum(1 for w in specific if w in terms.titles[pid]) + 0.1 * sum(1 for w in specific if w in title)
            count += 0.01 if gender is not None and terms.product_gender(index.products[pid]) == gender else 0.0
            count += 0.05 * sum(1 for w in naming if w not in specific and w in terms.titles[pid])
            if count > best_count:
                best, best_count = pid, count
        if best is None or best_count < 1:
            return None
        held = int(best_count)
        if any(sum(1 for w in specific if w in terms.titles[pid]) > held for pid in index.products):
            return None  # "la veste hybride mérinos Brume": another product's title holds more of the words
        return best

    def _compare(self, text: str, state: ConversationState, index: ShopIndex, last: list[str]) -> Reading:
        """Two products to set side by side: those the message names; one named and "the cheaper one" (of the same
        line when the name covers several products, as "Trek 500" does, else of the last ones shown); one named and
        the one in focus; or the two the last answer showed first."""
        folded = fold(text)
        both = _BOTH.search(folded)
        if both:
            text = _BOTH.sub(" ", folded)
        mentions = self._mentions(text, state, index)
        named = list(dict.fromkeys(pid for pid, _ in mentions))
        if len(named) >= 2:
            return Reading(Follow.COMPARE, tuple(named[:2]))
        if both and len(named) < 2:  # "entre les deux, lequel choisir ?": the two the last answer showed, of a kind
            pair = self._both(state, index, last)
            if pair is not None:
                return Reading(Follow.COMPARE, pair)
        if len(named) == 1 and (_CHEAPER_ONE.search(folded) or _DEARER_ONE.search(folded)):
            line = [pid for pid in self._line(mentions[0][1], index) if pid != named[0]]
            other = self._pick(folded, [], index, line or [p for p in last if p != named[0]])
            if other is not None:
                return Reading(Follow.COMPARE, (named[0], other))
        if len(named) == 1 and state.focus and state.focus != named[0] and state.focus in index.products:
            return Reading(Follow.COMPARE, (state.focus, named[0]))
        focus = index.products.get(state.focus or "")
        wants = index.terms.gender(text)
        if not named and focus is not None and wants:  # "the difference with the women's one"
            other = self._gendered(focus.id, wants, index)
            if other != focus.id:
                return Reading(Follow.COMPARE, (focus.id, other))
        discussed = [pid for pid in state.discussed if pid in index.products]
        if not named and len(discussed) >= 2 and focus is not None:
            talked = discussed[-2:]  # the two last talked about, when of one kind ("compare the two" tents)
            if len({index.terms.categories[p] for p in talked}) == 1 and (len(last) < 2 or talked[-1] == last[0]):
                return Reading(Follow.COMPARE, (talked[0], talked[1]))
        if len(last) >= 2:
            return Reading(Follow.COMPARE, tuple(last[:2]))
        return Reading(Follow.CLARIFY, tuple(last[:4]))

    @staticmethod
    def _both(state: ConversationState, index: ShopIndex, last: list[str]) -> tuple[str, str] | None:
        """The two products "both" means: the two the last answer showed; of more, the first two of one kind;
        else the two last talked about."""
        if len(last) == 2:
            return last[0], last[1]
        categories = index.terms.categories
        for first, second in ((a, b) for n, a in enumerate(last) for b in last[n + 1 :]):
            if categories[first] == categories[second]:
                return first, second
        discussed = [pid for pid in state.discussed if pid in index.products]
        if len(discussed) >= 2:
            return discussed[-2], discussed[-1]
        return (last[0], last[1]) if len(last) >= 2 else None

    @staticmethod
    def _line(words: list[str], index: ShopIndex) -> list[str]:
        """The products whose titles hold all these words (a model name such as "Trek 500" names a line of them)."""
        titles = index.terms.titles
        return [pid for pid in index.products if words and all(w in titles[pid] for w in words)]

    def _mentions(self, text: str, state: ConversationState, index: ShopIndex) -> list[tuple[str, list[str]]]:
        """The product each part of a comparison names ("X and Y", "X vs Y", "entre X et Y"), with the words that
        name it. A name several products share resolves to the one of the product in focus's kind and gender."""
        terms = index.terms
        gender = terms.gender(text)
        parts = re.split(r"\b(?:and|et|vs|versus|with|avec|or|ou|to|au|a)\b|,|/", _COMPARATIVE.sub(" ", fold(text)))
        found: list[tuple[str, list[str]]] = []
        shown = [pid for pid in state.products_shown if pid in index.products]
        focus = index.products.get(state.focus) if state.focus else None
        kinds = terms.type_words | terms.category_words
        named_kinds = [w for part in parts for w in terms.naming(part) if w in kinds and not w.isdigit()]
        for part in parts:
            naming = [w for w in terms.naming(part) if w not in ("difference", "compare")]
            if not naming:
                continue
            several = bool(named_kinds) and len({terms.categories[p] for p in self._line(naming, index)}) > 1
            borrowed = [  # "entre la montre Tempo et la Summit": the Summit watch, not the Summit sleeping bag
                line[0]
                for kind in named_kinds
                if several and kind not in naming and (line := self._line([*naming, kind], index))
            ]
            if borrowed and borrowed[0] not in (f for f, _ in found):
                found.append((borrowed[0], naming))
                continue
            pid = self._named_among(naming, shown, index, gender or (terms.product_gender(focus) if focus else None))
            line = self._line(naming, index) if pid is None and focus is not None else []
            if pid is None and len(line) > 1 and focus is not None:
                like = (terms.categories[focus.id], gender or terms.product_gender(focus))
                pid = max(
                    line,
                    key=lambda p: (terms.categories[p] == like[0], terms.product_gender(index.products[p]) == like[1]),
                )
            if pid is None:
                hits = self.search.products(f"{part} {gender or ''}".strip(), None, 5)
                scored = [(sum(1 for w in naming if w in terms.titles[h.key]), -n, h.key) for n, h in enumerate(hits)]
                scored = [s for s in scored if s[0] > 0]
                pid = max(scored)[2] if scored else None
            if pid is not None and pid not in (f for f, _ in found):
                found.append((pid, naming))
        if gender:
            found = [(self._gendered(pid, gender, index), words) for pid, words in found]
        return found

    @staticmethod
    def _gendered(pid: str, gender: str, index: ShopIndex) -> str:
        """The same product line in the version for ``gender`` when the catalog has one; else the product of that kind
        for ``gender`` whose title shares most of the name, more than half of it (the men's Trek 45+10 for the
        women's Trek 40+10)."""
        terms = index.terms
        product = index.products[pid]
        if terms.product_gender(product) in (None, gender):
            return pid
        base = {w for w in terms.titles[pid] if w not in terms.spread_words or w.isdigit()}
        best, shared = pid, len(base) / 2  # the same line, else the one of that kind that shares most of its name
        for other_id, other in index.products.items():
            if terms.product_gender(other) == gender and terms.categories[other_id] == terms.categories[pid]:
                if base <= terms.titles[other_id]:
                    return other_id
                count = len(base & terms.titles[other_id])
                if count > shared:
                    best, shared = other_id, count
        return best


def _title_share(text: str, index: ShopIndex) -> float:
    """The largest share of the message's words that one product's title holds."""
    words = set(tokens(text))
    if not words:
        return 0.0
    return max((len(words & title) / len(words) for title in index.terms.title_words.values()), default=0.0)
