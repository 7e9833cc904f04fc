"""What the shopper wants, by embedding similarity to example utterances in English and French."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from retrieval import ShopEmbeddings


class Intent(StrEnum):
    """The kinds of turn the assistant knows how to answer."""

    PRODUCT_SEARCH = "product_search"
    PRODUCT_QUESTION = "product_question"
    POLICY = "policy"
    GREETING = "greeting"
    SMALL_TALK = "small_talk"
    HUMAN = "wants_human"
    OUT_OF_SCOPE = "out_of_scope"
    ORDER = "order"
    """The shopper's own order looked up: where it is, when it comes, its refund, its return, its invoice."""
    ORDER_CHANGE = "order_change"
    """Cancel an order, change its address, return or exchange an item of it: a person acts."""
    ORDER_PROBLEM = "order_problem"
    """A payment gone wrong, a damaged, wrong or missing item, a complaint: a person, first in the queue."""
    ACCOUNT = "account"
    """Password, log-in, account, newsletter: a link to do it."""
    DATA_REQUEST = "data_request"
    """A copy or the erasure of one's data: the chat's data-request flow."""


REQUEST_INTENTS: dict[str, Intent] = {
    "order": Intent.ORDER,
    "change": Intent.ORDER_CHANGE,
    "problem": Intent.ORDER_PROBLEM,
    "account": Intent.ACCOUNT,
    "data": Intent.DATA_REQUEST,
}
"""The request model's classes (``assistant/turn/scope.py``) as the intents they are."""


EXAMPLES: dict[Intent, list[str]] = {
    Intent.GREETING: [
        "hi", "hello", "hey there", "good morning", "good evening", "hello, anyone here?", "hi there!",
        "bonjour", "salut", "bonsoir", "coucou", "bonjour, vous êtes là ?", "hello bonjour",
    ],
    Intent.SMALL_TALK: [
        "thanks", "thank you very much", "great, thanks!", "ok perfect", "bye", "goodbye", "have a nice day",
        "how are you?", "who are you?", "are you a robot?", "are you a real person?", "what can you do?",
        "merci", "merci beaucoup", "super merci", "parfait", "au revoir", "bonne journée", "ça va ?",
        "qui êtes-vous ?", "tu es un robot ?", "vous êtes une vraie personne ?", "que sais-tu faire ?",
    ],
    Intent.PRODUCT_SEARCH: [
        "I'm looking for a waterproof jacket", "do you have trail running shoes?", "show me tents for 4 people",
        "a warm sleeping bag for winter camping", "lightweight backpack for a day hike",
        "cheap headlamp under 30 euros", "what mountain bikes do you sell?", "gloves for skiing",
        "I need hiking boots size 42", "something for kayaking", "a gift for a climber",
        "recommend a good rain jacket for hiking", "which tent is best for bikepacking?",
        "black fleece in size M", "women's running shorts", "water bottle that keeps drinks cold",
        "do you have a 3-person tent for less than 300 euros?", "any waterproof boots under 120 euros?",
        "a two-person tent, as light as possible",
        "je cherche une veste imperméable", "avez-vous des chaussures de trail ?", "une tente pour 4 personnes",
        "un sac de couchage chaud pour l'hiver", "sac à dos léger pour la randonnée",
        "lampe frontale pas chère moins de 30 euros", "vous vendez des VTT ?", "des gants de ski",
        "il me faut des chaussures de randonnée en 42", "quelque chose pour faire du kayak",
        "un cadeau pour un grimpeur", "quelle veste de pluie me conseillez-vous ?", "polaire noire taille M",
        "avez-vous une tente 3 places à moins de 300 euros ?", "des chaussures imperméables à moins de 120 euros ?",
    ],
    Intent.PRODUCT_QUESTION: [
        "how much is the Trek 500 jacket?", "what is the price of this tent?", "is the Alpina jacket in stock?",
        "what sizes does the Summit boot come in?", "what is the Nomad backpack made of?",
        "is this sleeping bag available in long?", "which colours does the fleece come in?",
        "how heavy is the Trek 500 tent?", "is the Cordée harness still available?",
        "combien coûte la veste Trek 500 ?", "quel est le prix de cette tente ?",
        "la veste Alpina est-elle en stock ?", "quelles tailles pour la chaussure Summit ?",
        "en quelle matière est le sac Nomad ?", "ce sac de couchage existe en long ?",
        "quels coloris pour la polaire ?", "le baudrier Cordée est-il encore disponible ?",
    ],
    Intent.POLICY: [
        "what is your return policy?", "how long do I have to return an item?", "how do I get a refund?",
        "how much is shipping?", "when will my order arrive?", "do you deliver to Switzerland?",
        "what is the warranty on a tent?", "which payment methods do you accept?", "can I pay in instalments?",
        "what do you do with my personal data?", "what are your opening hours?", "how can I contact you?",
        "is return shipping free?", "can I exchange for another size?", "do you offer click and collect?",
        "can I return shoes I have already worn?", "can I send back a jacket that doesn't fit?",
        "my tent arrived damaged, what can I do?", "can I return an item bought on sale?",
        "quelle est votre politique de retour ?", "combien de temps pour retourner un article ?",
        "comment être remboursé ?", "combien coûte la livraison ?", "quand vais-je recevoir ma commande ?",
        "livrez-vous en Suisse ?", "quelle est la garantie sur une tente ?", "quels moyens de paiement acceptez-vous ?",
        "puis-je payer en plusieurs fois ?", "que faites-vous de mes données personnelles ?",
        "quels sont vos horaires d'ouverture ?", "comment vous contacter ?", "le retour est-il gratuit ?",
        "puis-je échanger contre une autre taille ?", "proposez-vous le retrait en magasin ?",
        "puis-je retourner des chaussures déjà portées ?", "je peux renvoyer une veste trop petite ?",
        "ma tente est arrivée abîmée, que faire ?", "peut-on retourner un article soldé ?",
    ],
    Intent.HUMAN: [
        "I want to talk to a person", "can I speak to a human?", "connect me with an agent please",
        "I'd like to speak to customer service", "real person please", "let me talk to someone",
        "je veux parler à un conseiller", "je voudrais parler à quelqu'un", "passez-moi un humain",
        "un vrai conseiller svp", "mettez-moi en relation avec le service client", "je veux un humain",
    ],
    Intent.OUT_OF_SCOPE: [
        "what's the weather tomorrow?", "tell me a joke", "who won the football match yesterday?",
        "write my essay about history", "what is the capital of Australia?", "give me a pancake recipe",
        "what is the bitcoin price?", "can you give me medical advice?", "who should I vote for?",
        "translate this letter into German", "solve this math equation", "book me a flight to Rome",
        "quel temps fera-t-il demain ?", "raconte-moi une blague", "qui a gagné le match hier ?",
        "écris ma dissertation", "quelle est la capitale de l'Australie ?", "une recette de crêpes",
        "quel est le cours du bitcoin ?", "pour qui dois-je voter ?", "réserve-moi un vol pour Rome",
    ],
}  # fmt: skip


_GREETING_LEAD = re.compile(
    r"^\s*(?:(?:hi|hello|hey|hiya|howdy|yo|greetings|good (?:morning|afternoon|evening|day)|bonjour|bonsoir|bjr|"
    r"salut|slt|coucou|hello bonjour)"
    r"(?:\s+(?:there|all|everyone|madame|monsieur|tout le monde))?\s*[,.!;:-]*\s*)+",
    re.IGNORECASE,
)
"""A greeting at the start of a message (a closed class of words, like colours)."""


@dataclass(frozen=True)
class IntentResult:
    """The intent chosen, how sure we are, and the similarity of each intent."""

    intent: Intent
    confidence: float
    scores: dict[str, float]


class IntentClassifier:
    """Nearest example utterances, averaged over the best few per intent."""

    def __init__(self, embeddings: ShopEmbeddings, examples: dict[Intent, list[str]] | None = None, *, top: int = 3):
        self.embeddings = embeddings
        self.top = top
        examples = examples or EXAMPLES
        labels = [intent for intent, texts in examples.items() for _ in texts]
        self._groups = {i: np.array([n for n, label in enumerate(labels) if label == i]) for i in examples}
        self._matrix = embeddings.embed_many([text for texts in examples.values() for text in texts])

    def classify(self, text: str) -> IntentResult:
        """The most similar intent for ``text``; a greeting followed by a request is read as the request
        ("bonjour. à ce jour je n'ai pas reçu ma commande"); a message is a greeting only when it opens with one."""
        greeted = bool(_GREETING_LEAD.match(text))
        rest = _GREETING_LEAD.sub("", text, count=1).strip()
        if rest != text.strip() and len(rest.split()) >= 2:
            text = rest
        similarities = self._matrix @ self.embeddings.query_vector(text)
        scores: dict[str, float] = {}
        for intent, rows in self._groups.items():
            scores[intent.value] = float(np.sort(similarities[rows])[-self.top :].mean())
        ranked = sorted(scores.items(), key=lambda item: -item[1])
        if not greeted:  # "combien ?", "la rouge alors ?" read like a greeting but greet no one
            ranked = [row for row in ranked if row[0] != Intent.GREETING.value]
        (best, first), (_, second) = ranked[0], ranked[1]
        confidence = float(np.clip(0.45 * first + 2.5 * (first - second) + 0.2, 0.0, 1.0))
        return IntentResult(Intent(best), round(confidence, 3), {k: round(v, 4) for k, v in scores.items()})
