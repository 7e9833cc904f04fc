"""One turn, one way: read the language, classify, retrieve, respond."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace

from assistant.orders.access import order_numbers
from assistant.turn.answers import Act, Answer, ConversationState, Deltas, PastTurn, Retrieved, TurnContext
from assistant.turn.followups import Follow, FollowUps, Reading
from assistant.turn.intents import REQUEST_INTENTS, Intent, IntentClassifier, IntentResult
from assistant.turn.language import detect_language
from assistant.turn.responders import Responder
from assistant.turn.scope import TextModel
from assistant.turn.steps import Laps
from assistant.turn.tools import Tool
from assistant.turn.tools.orders import PROOF
from escalation.policy import NEEDS_PERSON_FLAG
from guardrails import SAFE_ANSWER, GroundingCheck, InjectionDetector
from guardrails.injection import REFUSAL
from retrieval import Filters, Hit, HybridSearch
from retrieval.index import POLICIES
from retrieval.policies import PolicyPassage
from retrieval.search import ShopIndex

_CONTACT_QUERY = {
    "en": "contact customer service opening hours phone",
    "fr": "contacter le service client horaires d'ouverture téléphone",
}
TOPIC_WEIGHT = 0.5
"""How much a page's topic counts next to the hybrid score of its passages (the fused score lies in 0..1)."""
TOPIC_CANDIDATES = 20
"""Passages the topic reranks."""
REQUEST_AT_LEAST = 0.6
"""How likely the request model must find a request about the shopper's order or account for the turn to be one
(chosen on tests/data/routes_dev.jsonl)."""
REQUEST_OVER_PRODUCTS = 0.75
"""The same when the nearest examples read a product search or question ("avez-vous une tente <word> pour deux
personnes ?" must not become a problem with an order because of a word the model never saw)."""
DETAILS_WORDS = 5
"""A bare number answers the look-up question only in a message this short ("a tent under 300" asks for a tent)."""
NEEDS_PERSON = NEEDS_PERSON_FLAG
"""The flag of a turn only a person can settle (an order to change, a problem with one, an order nobody can look
up here): the hand-over policy hands the conversation over for its intent."""


def _details(text: str, history: Sequence[PastTurn]) -> IntentResult | None:
    """A message answering the look-up question the last answer asked (an order number, an e-mail address, a
    postcode) continues the request that asked it."""
    last = history[-1] if history else None
    if last is None or last.act != Act.DETAILS or last.intent not in {i.value for i in _ORDER_INTENTS}:
        return None
    short = len(text.split()) <= DETAILS_WORDS  # "10482", "c'est le 10482": a bare number is the one asked for
    if not (order_numbers(text) or PROOF.search(text) or (short and order_numbers(text, bare=True))):
        return None
    return IntentResult(Intent(last.intent), 1.0, {})


def _needs_person(intent: Intent, retrieved: Retrieved) -> bool:
    """Whether only a person can settle the turn: what the look-up says (a change, a problem, a refused look-up),
    or, with nothing looked up, an order request of any kind."""
    if intent not in _ORDER_INTENTS:
        return False
    if retrieved.tools:
        return any(row.needs_person for row in retrieved.tools)
    return True


def _steps(laps: Laps) -> tuple[tuple[str, float], ...]:
    return tuple((step, round(ms, 3)) for step, ms in laps.ms.items())


def _page(hit: Hit) -> str:
    """The policy page a passage hit comes from ("" for anything else)."""
    return hit.item.page if isinstance(hit.item, PolicyPassage) else ""


_PRODUCT_INTENTS = (Intent.PRODUCT_SEARCH, Intent.PRODUCT_QUESTION)
_UNSURE_INTENTS = (Intent.GREETING, Intent.SMALL_TALK, Intent.OUT_OF_SCOPE)
_PERSON_INTENTS = (Intent.ORDER_CHANGE, Intent.ORDER_PROBLEM)
_ORDER_INTENTS = frozenset({Intent.ORDER, *_PERSON_INTENTS})
_ORDER_REQUESTS = ("order", "change", "problem")
"""The request model's classes about an order the shopper placed."""
_REQUEST_QUERIES = {
    Intent.ORDER: {"en": "where is my order delivery tracking", "fr": "où est ma commande livraison suivi"},
    Intent.ORDER_CHANGE: {"en": "cancel change order return item", "fr": "annuler modifier commande retourner article"},
    Intent.ORDER_PROBLEM: {"en": "contact customer service", "fr": "contacter le service client"},
    Intent.ACCOUNT: {"en": "customer account password newsletter", "fr": "compte client mot de passe newsletter"},
    Intent.DATA_REQUEST: {
        "en": "your rights personal data access erasure",
        "fr": "vos droits données personnelles accès effacement",
    },
}
"""What to read in the shop's policies for a request when there is nothing to look up: the page that says how."""


@dataclass(frozen=True)
class TurnResult:
    """What the pipeline made of one message."""

    lang: str
    intent: IntentResult
    retrieved: Retrieved
    answer: Answer
    latency_ms: float
    flags: tuple[str, ...] = ()
    steps: tuple[tuple[str, float], ...] = ()
    """Milliseconds per step, in the order they ran."""


class Retriever:
    """Fetches what an intent needs: products with the shopper's filters, or policy passages. With a topic model,
    a policy question's passages are ranked up when their page covers the topic the question is about."""

    def __init__(self, search: HybridSearch, *, k: int = 10, topics: TextModel | None = None):
        self.search = search
        self.k = k
        self.topics = topics
        self._pages: tuple[int, dict[str, str]] = (0, {})
        self._pages_lock = threading.Lock()

    def retrieve(self, text: str, lang: str, intent: Intent) -> Retrieved:
        """The sources for a turn of this intent."""
        if intent is Intent.POLICY:
            return Retrieved(passages=self.passages(text, lang, k=3))
        if intent is Intent.HUMAN:
            return Retrieved(passages=self.search.passages(_CONTACT_QUERY[lang], lang, k=3))
        if intent in _REQUEST_QUERIES:
            return Retrieved(passages=self.search.passages(_REQUEST_QUERIES[intent][lang], lang, k=3))
        if intent is Intent.PRODUCT_QUESTION:
            return Retrieved(products=self.search.products(text, None, self.k))
        if intent is Intent.PRODUCT_SEARCH:
            return self._products(text)
        return Retrieved()

    def passages(self, text: str, lang: str, k: int) -> list[Hit]:
        """The best policy passages for a question: the search's, each raised by ``TOPIC_WEIGHT`` times how likely
        the question is about the topic its page covers ("on peut le faire livrer en Belgique ?": delivery)."""
        if self.topics is None:
            return self.search.passages(text, lang, k=k)
        hits = self.search.passages(text, lang, k=max(k, TOPIC_CANDIDATES))
        asked = self.topics.probabilities(text, self.search.embeddings.query_vector(text))
        pages = self.page_topics()
        rescored = [
            replace(hit, score=round(hit.score + TOPIC_WEIGHT * asked.get(pages.get(_page(hit), ""), 0.0), 4))
            for hit in hits
        ]
        return sorted(rescored, key=lambda hit: (-hit.score, hit.key))[:k]

    def page_topics(self) -> dict[str, str]:
        """The topic each policy page covers: the topic model's mean over the page's passages, worked out once per
        index (a shop's pages are named as it likes: "livraison", "shipping-and-delivery")."""
        index = self.search.handle.current()
        if self._pages[0] == id(index) or self.topics is None:
            return self._pages[1]
        with self._pages_lock:  # the turns that arrive meanwhile wait for it rather than each embed every passage
            if self._pages[0] != id(index):
                self._pages = (id(index), self._topics_of(index))
            return self._pages[1]

    def _topics_of(self, index: ShopIndex) -> dict[str, str]:
        assert self.topics is not None
        by_page: dict[str, list[dict[str, float]]] = {}
        passages = [p for p in index.corpora[POLICIES].items if isinstance(p, PolicyPassage)]
        vectors = list(self.search.embeddings.embed_many([p.text for p in passages])) if passages else []
        for passage, vector in zip(passages, vectors, strict=True):
            by_page.setdefault(passage.page, []).append(self.topics.probabilities(passage.text, vector))
        return {
            page: max(self.topics.classes, key=lambda c: sum(row[c] for row in rows)) for page, rows in by_page.items()
        }

    def known(self, ids: Sequence[str]) -> Retrieved:
        """Products the conversation already refers to, by id, as retrieved rows."""
        products = self.search.handle.current().products
        return Retrieved(
            products=[
                Hit(key=pid, kind="product", score=1.0, dense=1.0, lexical=0.0, coverage=1.0, item=products[pid])
                for pid in ids
                if pid in products
            ]
        )

    def refined(self, reading: Reading) -> Retrieved:
        """The last search again with the shopper's new wishes; relaxed when nothing passes."""
        query = reading.query or ""
        filters = self.search.handle.current().vocabulary.parse(query)
        if reading.budget is not None:  # "max 150" after "around 200": the new bounds replace the old ones
            budget = reading.budget
            filters = replace(filters, min_price=budget.min_price, max_price=budget.max_price, around=budget.around)
        elif reading.cheaper_than is not None:
            filters = replace(filters, min_price=None, max_price=None, around=None, cheaper_than=reading.cheaper_than)
        return self._found(query, filters, frozenset(reading.exclude), query)

    def _products(self, text: str) -> Retrieved:
        return self._found(text, self.search.handle.current().vocabulary.parse(text))

    def _found(
        self, text: str, filters: Filters, exclude: frozenset[str] = frozenset(), query: str | None = None
    ) -> Retrieved:
        found = self.search.find(text, filters, self.k, exclude)
        return Retrieved(products=found.hits, filters=filters, relaxed=bool(found.relaxed), query=query)


class TurnPipeline:
    """Composes the steps of a turn; each step is a small object that can be tested alone."""

    def __init__(
        self,
        classifier: IntentClassifier,
        retriever: Retriever,
        responder: Responder,
        grounding: GroundingCheck,
        injection: InjectionDetector,
        tools: Sequence[Tool] = (),
        scope: TextModel | None = None,
        policy: TextModel | None = None,
        requests: TextModel | None = None,
    ):
        self.classifier = classifier
        self.retriever = retriever
        self.responder = responder
        self.grounding = grounding
        self.injection = injection
        self.tools = tuple(tools)
        self.requests = requests
        self.followups = FollowUps(retriever.search, scope, policy, retriever.topics)

    def run(
        self,
        text: str,
        locale: str,
        *,
        history: Sequence[PastTurn] = (),
        customer_id: str | None = None,
        conversation_id: str | None = None,
        client: str | None = None,
        deltas: Deltas | None = None,
    ) -> TurnResult:
        """Answer one (redacted) shopper message, knowing the conversation's recent turns (oldest first); ``client``
        is the shopper's network address; ``deltas`` receives the answer's parts as a streaming responder releases
        them."""
        laps = Laps()
        lang = detect_language(text, locale)
        laps.lap("language")
        self.retriever.search.embeddings.query_vector(text)  # the one vector the judges, intents and search share
        laps.lap("embed")
        verdict = self.injection.check(text)
        laps.lap("injection")
        details = _details(text, history)  # the order number or e-mail the last answer asked for
        learned_only = verdict.reasons == ("learned",)
        if learned_only and details is None:
            # No pattern matched: the learned judge reads another job asked of the assistant ("write me an essay",
            # "act as a travel agent"): declined as out of scope, and flagged.
            declined = IntentResult(Intent.OUT_OF_SCOPE, 1.0, {})
            context = TurnContext(
                text=text,
                lang=lang,
                intent=declined,
                retrieved=Retrieved(),
                history=tuple(history),
                flags=verdict.flags,
            )
            answer = self.responder.respond(context)
            laps.lap("respond")
            return TurnResult(lang, declined, Retrieved(), answer, laps.total(), verdict.flags, _steps(laps))
        if verdict.attack and not learned_only:  # the learned judge alone does not refuse the look-up's answer
            refused = IntentResult(Intent.OUT_OF_SCOPE, 1.0, {})
            answer = Answer(REFUSAL[lang], confidence=1.0, act=Act.REFUSED)
            return TurnResult(lang, refused, Retrieved(), answer, laps.total(), verdict.flags, _steps(laps))
        state = ConversationState.derive(history)
        if details is not None:  # the look-up's answer: the order tool reads it, nothing else has to
            intent, reading, retrieved = details, Reading(Follow.NEW), Retrieved()
        else:
            intent = self.classifier.classify(text)
            laps.lap("classify")
            reading = self.followups.read(text, intent, state)
            laps.lap("follow-ups")
            # a message about the products on screen ("et une pagaie ?", "the blue one") is about them, not an order;
            # "elle est où ma commande ?" with nothing shown is no "which one?"
            about_shown = reading.follow not in (Follow.NEW, Follow.BROAD, Follow.CLARIFY) or bool(reading.products)
            asked = None if about_shown else self._request(text, intent)
            if asked is not None:
                intent, reading = asked, Reading(Follow.NEW)
                retrieved = self.retriever.retrieve(text, lang, intent.intent)
            elif reading.follow in (Follow.NEW, Follow.BROAD):
                if reading.intent is not None and reading.intent is not intent.intent:
                    intent = IntentResult(reading.intent, max(intent.confidence, 0.6), intent.scores)
                retrieved = self.retriever.retrieve(reading.query or text, lang, intent.intent)
                intent, retrieved = self._second_look(text, lang, intent, retrieved)
            elif reading.follow is Follow.REFINE:
                intent = IntentResult(Intent.PRODUCT_SEARCH, max(intent.confidence, 0.6), intent.scores)
                retrieved = self.retriever.refined(reading)
            else:
                retrieved = self.retriever.known(reading.products)
                if reading.follow is Follow.FOCUS:
                    intent = IntentResult(Intent.PRODUCT_QUESTION, max(intent.confidence, 0.6), intent.scores)
        context = TurnContext(
            text=text,
            lang=lang,
            intent=intent,
            retrieved=retrieved,
            history=tuple(history),
            state=state,
            customer_id=customer_id,
            conversation_id=conversation_id,
            follow=str(reading.follow),
            client=client,
            flags=verdict.flags,
        )
        laps.lap("retrieve")
        context = self._with_tools(context)
        laps.lap("tools")
        answer = self.responder.respond(context, deltas)
        laps.lap("respond")
        retrieved = context.retrieved
        answer, flags = self._grounded(context.said(), lang, retrieved, answer)
        flags = (*answer.flags, *flags)
        if _needs_person(intent.intent, retrieved):
            flags = (*flags, NEEDS_PERSON)
        laps.lap("grounding")
        return TurnResult(lang, intent, retrieved, answer, laps.total(), flags, _steps(laps))

    def _request(self, text: str, intent: IntentResult) -> IntentResult | None:
        """The turn as a request about the shopper's own order or account, when the request model reads one
        ("where is my parcel?", "cancel it", "forgot my password"); a shopper asking for a person is no request of
        these (the model reads them as none), whatever the nearest examples say ("je veux annuler ma commande" is
        near "je veux parler à un conseiller"). A message naming an order number is about that order: the most
        likely of the order requests, whatever else the words resemble ("invoice for CMD-2026-10590")."""
        if self.requests is None:
            return None
        vector = self.retriever.search.embeddings.query_vector(text)
        probabilities = self.requests.probabilities(text, vector)
        if order_numbers(text):
            best = max(_ORDER_REQUESTS, key=lambda name: probabilities.get(name, 0.0))
            return IntentResult(REQUEST_INTENTS[best], round(probabilities[best], 3), intent.scores)
        best = max(probabilities, key=lambda name: probabilities[name])
        least = REQUEST_OVER_PRODUCTS if intent.intent in _PRODUCT_INTENTS else REQUEST_AT_LEAST
        if best not in REQUEST_INTENTS or probabilities[best] < least:
            return None
        return IntentResult(REQUEST_INTENTS[best], round(probabilities[best], 3), intent.scores)

    def _with_tools(self, context: TurnContext) -> TurnContext:
        """The context with the rows of every enabled tool that serves the turn's intent."""
        rows = [row for tool in self.tools if context.intent.intent in tool.intents for row in tool.call(context)]
        if not rows:
            return context
        return replace(context, retrieved=replace(context.retrieved, tools=[*context.retrieved.tools, *rows]))

    def _grounded(self, text: str, lang: str, retrieved: Retrieved, answer: Answer) -> tuple[Answer, tuple[str, ...]]:
        """An answer with a claim its cited sources do not back, or invented urgency, is replaced by a safe one."""
        cited = {source["id"] for source in answer.sources}
        items = retrieved.evidence(cited)
        verdict = self.grounding.check(answer.text, shopper_text=text, sources=items, cards=answer.products)
        if verdict.grounded:
            return answer, ()
        return Answer(SAFE_ANSWER[lang], confidence=0.0, act=Act.REFUSED, flags=answer.flags), verdict.flags

    def _second_look(
        self, text: str, lang: str, intent: IntentResult, retrieved: Retrieved
    ) -> tuple[IntentResult, Retrieved]:
        """A message that names catalog words is a product search, whatever small talk it resembles."""
        if intent.intent not in _UNSURE_INTENTS or intent.confidence >= 0.6:
            return intent, retrieved
        products = self.retriever.retrieve(text, lang, Intent.PRODUCT_SEARCH)
        if products.products and products.products[0].coverage >= 0.6 and products.products[0].dense >= 0.3:
            return IntentResult(Intent.PRODUCT_SEARCH, intent.confidence, intent.scores), products
        return intent, retrieved
