"""When a conversation should go to a person, and why: each decision names its reasons.

A turn escalates when the shopper asks for a person (in English or French), when the answer's confidence is
under the threshold (or under the threshold plus a margin twice in a row), when the shopper is frustrated (anger, shouting,
the same question again), when the topic needs a person (a complaint, a disputed refund, a legal threat,
a data-protection request, a safety problem), or when the grounding check replaced the answer.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

# The words of other rooms the policy reads on a turn. This package imports neither the assistant (where the
# intents are named) nor the guardrails (whose package pulls in Presidio and spaCy), so it names them here,
# once; tests/escalation/test_vocabulary.py holds each equal to its owner's enum.
HUMAN_INTENT = "wants_human"
"""The intent of a shopper asking for a person (the assistant's ``Intent.HUMAN``)."""
UNSCORED_INTENTS = frozenset({HUMAN_INTENT, "greeting"})
"""Intents whose confidence says nothing about the answer (``Intent.HUMAN``, ``Intent.GREETING``)."""
REFUSED_FLAG = "injection_attempt"
"""The flag of a message refused as an attempt to instruct the assistant (``GuardrailFlag.INJECTION_ATTEMPT``)."""
NEEDS_PERSON_FLAG = "needs_person"
"""The flag of a turn only a person can settle (the pipeline's ``NEEDS_PERSON``): its intent says why."""
UNGROUNDED_FLAG = "grounding_failed"
"""The flag of an answer the grounding check replaced (``GuardrailFlag.GROUNDING_FAILED``)."""


class Reason(StrEnum):
    """Why a conversation goes to a person."""

    REQUEST = "request"
    LOW_CONFIDENCE = "low_confidence"
    LOW_CONFIDENCE_TWICE = "low_confidence_twice"
    FRUSTRATION = "frustration"
    REPEATED_QUESTION = "repeated_question"
    COMPLAINT = "complaint"
    REFUND_DISPUTE = "refund_dispute"
    LEGAL = "legal"
    GDPR = "gdpr"
    SAFETY = "safety"
    GROUNDING_FAILED = "grounding_failed"
    ORDER = "order"
    ORDER_CHANGE = "order_change"
    ORDER_PROBLEM = "order_problem"


REASON_LABELS: dict[str, str] = {
    Reason.REQUEST: "asked for a person",
    Reason.LOW_CONFIDENCE: "low confidence",
    Reason.LOW_CONFIDENCE_TWICE: "low confidence twice",
    Reason.FRUSTRATION: "frustration",
    Reason.REPEATED_QUESTION: "same question again",
    Reason.COMPLAINT: "complaint",
    Reason.REFUND_DISPUTE: "refund dispute",
    Reason.LEGAL: "legal threat",
    Reason.GDPR: "GDPR request",
    Reason.SAFETY: "safety problem",
    Reason.GROUNDING_FAILED: "failed grounding",
    Reason.ORDER: "order to look up",
    Reason.ORDER_CHANGE: "order to change",
    Reason.ORDER_PROBLEM: "problem with an order",
}
"""How staff pages name each reason (the agents' console, the compliance console, the KPIs)."""

SENSITIVE = frozenset(
    {Reason.COMPLAINT, Reason.REFUND_DISPUTE, Reason.LEGAL, Reason.GDPR, Reason.SAFETY, Reason.ORDER_PROBLEM}
)
"""Topics that jump the queue."""

_TOPICS: dict[Reason, str] = {
    Reason.REQUEST: (
        r"\b(?:talk|speak|chat)\s+(?:to|with)\s+(?:a|an|some|your|the)?\s*(?:real\s+|actual\s+|live\s+)?(?:person|human|agent|someone|somebody|people|adviser|advisor|representative|operator|staff|manager)\b"
        r"|\b(?:real|actual|live)\s+(?:person|human|agent)\b|\bhuman\s+(?:agent|being|please|pls)\b|\b(?:an?\s+)?agent\s+(?:please|pls|now)\b"
        r"|\b(?:get|put|transfer|connect|pass)\s+me\s+(?:to|through to|with)\b|\bcustomer (?:service|support) (?:agent|rep|person)\b"
        r"|\b(?:parler|discuter)\s+(?:a|avec)\s+(?:un|une|quelqu un|le|la|vos?)\s*(?:vrai|vraie|vrais)?\s*(?:conseiller|conseillere|humain|personne|agent|vendeur|vendeuse|operateur|responsable|service client|quelqu un)"
        r"|\b(?:un|une)\s+(?:vrai|vraie)?\s*(?:humain|personne|conseiller|conseillere)\s+(?:svp|s il vous plait|stp|please|merci)\b"
        r"|\bpassez[- ]moi\b|\bmettez[- ]moi en (?:relation|contact)\b|\bje veux (?:un|une) (?:humain|conseiller|conseillere|personne|agent)\b"
        r"|\bappelez[- ]moi\b|\bcall me back\b|\brappelez[- ]moi\b|\betre rappelee? par\b|\b(?:echanger|parler) avec (?:un|une) (?:agent|humain|conseiller|conseillere|personne)\b"
        r"|\b(?:rather than|instead of|not) (?:a|an|this|the) (?:bot|robot|machine|ai)\b|\bplutot qu (?:avec )?(?:un|une|a un) (?:robot|bot|machine|ia)\b"
    ),
    Reason.COMPLAINT: (
        r"\b(?:(?:want|wish|like|going|need) to (?:complain|make a complaint|file a complaint|lodge a complaint)|formal complaint|unacceptable|disgrace|disgusting|worst (?:\w+ )?(?:service|shop|experience|delivery)|never (?:again|ordering)|(?:very |really |so )?(?:disappointed|disapointed|unhappy|dissatisfied)|fed up|not acceptable|poor service|terrible service|nobody (?:answered|replied|responds|got back)|no one (?:answered|replied)|not how you treat|i don t accept|(?:this|it) (?:chat |bot )?is a joke|so annoying|so anoying|just answer)\b"
        r"|\b(?:third|3rd|fourth|second) time\b|\b(?:still|always) (?:late|not (?:arrived|here|delivered))\b"
        r"|\b(?:(?:faire|deposer|porter|adresser) (?:une )?(?:reclamation|plainte)|inadmissible|inacceptable|scandaleux|scandale|honteux|lamentable|(?:tres |vraiment )?(?:decu|decue|mecontent|mecontente|insatisfait|insatisfaite)|ras le bol|marre|j en ai assez|jamais plus|plus jamais|pire (?:service|boutique|experience)|(?:troisieme|quatrieme|deuxieme|3e|4e|2e) fois|toujours pas (?:recu|arrive|livre)|sans nouvelles|personne ne (?:repond|m a repondu)|gache|gachees?|arretez de|je ne suis pas d accord|rendez[- ]moi mon argent)\b"
    ),
    Reason.REFUND_DISPUTE: (
        r"\b(?:charged (?:me )?twice|double charged|charged (?:me )?again|wrong amount|refused (?:my )?refund|refund (?:was )?(?:refused|denied|rejected)|still (?:no|not|haven t (?:got|received)) (?:my )?refund|never (?:got|received) (?:my )?refund|dispute|disputing|overcharged|unauthori[sz]ed (?:charge|payment)|(?:don t|do not) recogni[sz]e|want it reversed|(?:refund|refunded) (?:was |is )?(?:\S+ )?short|refunded only|rest of my money|my money back|contest (?:this|the) charge|billed for)\b"
        r"|\b(?:conteste|contester|contestation|preleve deux fois|debite deux fois|double prelevement|double debit|remboursement (?:refuse|rejete|jamais recu|toujours pas)|toujours pas (?:ete )?rembourse|jamais (?:ete )?rembourse|trop preleve|prelevement (?:injustifie|non autorise)|remboursement (?:est |a ete )?(?:incomplet|partiel|refuse)|paiement que je n ai jamais fait|n ai jamais (?:fait|autorise) (?:ce|cet) (?:paiement|achat)|il manque \d+|garde l acompte)\b"
    ),
    Reason.LEGAL: (
        r"\b(?:(?:contact|call|see|consult|involve|get|hire|through|to) (?:my|a) (?:lawyer|attorney|solicitor)|my (?:lawyer|attorney|solicitor) (?:will|is|has)|legal action|sue|suing|take you to court|court|small claims|trading standards|consumer protection|chargeback|formal notice|ombudsman|report you)\b"
        r"|\b(?:(?:contacter|consulter|prendre|saisir) (?:mon|un) avocat|mon avocat (?:va|sera|a)|(?:saisir|saisis|saisirai) (?:le|la|les) (?:mediateur|justice|tribunal)|mediateur|porter plainte|je porte plainte|plainte contre|tribunal|mise en demeure|dgccrf|ufc|que choisir|litige|action en justice)\b"
    ),
    Reason.GDPR: (
        r"\b(?:gdpr|rgpd|cnil|data protection|dpo|delete (?:all )?(?:my|the) (?:personal )?(?:data|information|account|details)|erase my (?:data|account)|right to (?:be forgotten|erasure|access)|copy of (?:all )?(?:the |my )?(?:personal )?data|what (?:personal )?data (?:do )?you (?:hold|have|keep|store)|erase my (?:profile|details)|stop using my (?:data|details|email)|never consented|who has (?:my|it))\b"
        r"|\b(?:supprimez (?:mon compte|mes donnees|toutes mes)|suppression de (?:mes donnees|mon compte)|droit (?:d acces|a l oubli|a l effacement|de rectification|d opposition)|effacer mes donnees|effaciez|copie de (?:mes|toutes mes) donnees|quelles donnees (?:personnelles )?(?:avez|detenez|gardez|conservez)|m oppose au traitement|d ou tenez[- ]vous|jamais (?:consenti|accepte) (?:la|les|a)|utilisation de mes donnees|effacement de (?:toutes )?mes donnees)\b"
    ),
    Reason.SAFETY: (
        r"\b(?:caught fire|on fire|burn(?:ed|t)|exploded|explosion|smoke|electric shock|injur(?:ed|y)|hurt|wounded|bleeding|hospital|cracked|snapped|broke (?:during|while|on)|brake(?:s)? (?:failed|failure|don t work)|failed while|dangerous|unsafe|recall|accident|swell(?:ed)? up|overheat(?:ed|ing)?|opened by itself|came apart)\b"
        r"|\b(?:a pris feu|prend feu|brule|brulure|explose|explosion|fumee|electrocute|blesse|blessee|blessure|hopital|fissure|casse (?:en|pendant|lors)|s est casse|freins? (?:a lache|ont lache|ne marchent? plus|defaillant)|dangereux|dangereuse|rappel produit|lache|fendu|fendue|s est ouvert tout seul|chauffe au point|accident|gonfle)\b"
    ),
    Reason.FRUSTRATION: (
        r"\b(?:useless|stupid|idiot|dumb|ridiculous|pathetic|rubbish|garbage|not listening|you don t understand|doesn t understand|wtf|fuck|fucking|shit|damn|for god s sake|are you kidding|joke of a)\b"
        r"|\b(?:nul|nulle|inutile|debile|stupide|ridicule|n importe quoi|tu (?:ne )?comprends rien|vous (?:ne )?comprenez rien|comprend rien|merde|putain|bordel|c est pas possible|j hallucine|vous vous foutez)\b"
    ),
}
_COMPILED = {reason: re.compile(pattern) for reason, pattern in _TOPICS.items()}
_PERSON_REASONS = {"order": Reason.ORDER, "order_change": Reason.ORDER_CHANGE, "order_problem": Reason.ORDER_PROBLEM}
"""Why a turn flagged for a person goes to one, by its intent (the assistant's ``Intent.ORDER``...)."""


@dataclass(frozen=True)
class TurnSignal:
    """What the policy reads of one turn: the (redacted) text, the answer's intent and confidence, its flags."""

    text: str
    intent: str = ""
    confidence: float = 1.0
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Decision:
    """Whether to hand over, why, and with which priority (1 for sensitive topics)."""

    escalate: bool
    reasons: tuple[str, ...] = ()
    priority: int = 0

    def to_dict(self) -> dict[str, object]:
        """For the audit record."""
        return {"escalate": self.escalate, "reasons": list(self.reasons), "priority": self.priority}


def plain(text: str) -> str:
    """Lower case, accents and apostrophes gone, for the topic patterns."""
    text = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return " ".join(text.casefold().replace("’", "'").replace("'", " ").split())


def shouting(text: str) -> bool:
    """Most letters in capitals over a real sentence (not "GORE-TEX OR NOT?")."""
    letters = [ch for ch in text if ch.isalpha()]
    words = [w for w in re.findall(r"[^\W\d_]{2,}", text)]
    if text.rstrip().endswith("?") or re.search(r"(?i)\b(?:thanks?|thank you|merci)\b", text):
        return False  # a question or thanks in capitals is emphasis, not anger
    return len(letters) >= 16 and len(words) >= 4 and sum(ch.isupper() for ch in letters) >= 0.7 * len(letters)


class EscalationPolicy:
    """Reads a turn and the turns before it; ``threshold`` is the confidence under which an answer is unsure."""

    LOOK_BACK = 3
    """How many earlier turns a decision reads."""

    def __init__(self, threshold: float = 0.25, *, unsure_margin: float = 0.15, repeat_overlap: float = 0.8):
        self.threshold = threshold
        self.unsure = threshold + unsure_margin
        self.repeat_overlap = repeat_overlap

    def topics(self, text: str) -> list[Reason]:
        """The reasons the words alone give."""
        normalised = plain(text)
        found = [reason for reason, pattern in _COMPILED.items() if pattern.search(normalised)]
        if Reason.FRUSTRATION not in found and shouting(text):
            found.append(Reason.FRUSTRATION)
        return found

    def decide(self, turn: TurnSignal, previous: Sequence[TurnSignal] = ()) -> Decision:
        """The decision for ``turn``, given the conversation's earlier turns (oldest first)."""
        reasons = self.topics(turn.text)
        if turn.intent == HUMAN_INTENT and Reason.REQUEST not in reasons:
            reasons.append(Reason.REQUEST)
        if UNGROUNDED_FLAG in turn.flags:
            reasons.append(Reason.GROUNDING_FAILED)
        if NEEDS_PERSON_FLAG in turn.flags and turn.intent in _PERSON_REASONS:
            reasons.append(_PERSON_REASONS[turn.intent])
        if self._counts(turn) and turn.confidence < self.threshold:
            reasons.append(Reason.LOW_CONFIDENCE)
        elif self._counts(turn) and turn.confidence < self.unsure and previous:
            last = previous[-1]
            if self._counts(last) and last.confidence < self.unsure:
                reasons.append(Reason.LOW_CONFIDENCE_TWICE)
        if any(self._same_question(turn.text, earlier.text) for earlier in previous[-self.LOOK_BACK :]):
            reasons.append(Reason.REPEATED_QUESTION)
        priority = 1 if any(reason in SENSITIVE for reason in reasons) else 0
        return Decision(bool(reasons), tuple(dict.fromkeys(str(r) for r in reasons)), priority)

    @staticmethod
    def _counts(turn: TurnSignal) -> bool:
        """Whether the answer's confidence says anything: not for greetings, refusals or a request for a person."""
        return turn.intent not in UNSCORED_INTENTS and REFUSED_FLAG not in turn.flags

    def _same_question(self, text: str, earlier: str) -> bool:
        a, b = set(re.findall(r"\w+", plain(text))), set(re.findall(r"\w+", plain(earlier)))
        if len(a) < 3 or len(b) < 3:
            return False
        return len(a & b) / len(a | b) >= self.repeat_overlap
