"""The turn room: answering one shopper message. The chat service stores it (redacted), the pipeline reads its
language, screens it, classifies it, retrieves what it needs (catalog, policies, tools), asks the responder
and checks the answer; the hand-over policy then decides whether a person takes over.

It imports the records room and the leaf packages, never the staff, compliance or web rooms."""

from assistant.turn.answers import Answer, Retrieved, TurnContext
from assistant.turn.chat import DISCLOSURE, ChatService, Memory, MessageRefused, ModelInfo, TakenOver
from assistant.turn.customers import TokenRefused, customer_id
from assistant.turn.intents import Intent, IntentClassifier, IntentResult
from assistant.turn.language import detect_language
from assistant.turn.pipeline import Retriever, TurnPipeline, TurnResult
from assistant.turn.privacy import PrivacyService, catalog_words
from assistant.turn.responders import RESPONDERS, Responder, make_responder
from assistant.turn.tools import TOOLS, Tool, ToolRow, make_tools

__all__ = [
    "DISCLOSURE",
    "RESPONDERS",
    "TOOLS",
    "Answer",
    "ChatService",
    "Intent",
    "IntentClassifier",
    "IntentResult",
    "Memory",
    "MessageRefused",
    "ModelInfo",
    "PrivacyService",
    "Responder",
    "Retrieved",
    "Retriever",
    "TakenOver",
    "TokenRefused",
    "Tool",
    "ToolRow",
    "TurnContext",
    "TurnPipeline",
    "TurnResult",
    "catalog_words",
    "customer_id",
    "detect_language",
    "make_responder",
    "make_tools",
]
