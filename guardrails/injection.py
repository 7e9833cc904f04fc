"""Prompt injection: instruction-like and role-change attempts, in any phrasing.

Two readers: patterns over a normalised text (spaced letters, leetspeak, accents and invisible characters undone),
read as written and as an attack may hide it (hyphenated, ROT13, reversed, base64), in English and French; and a
learned judge (a logistic regression over the text's sentence embedding and words, trained by
``tools/injection/train.py`` on public labelled attacks and ordinary messages) that reads the intent of phrasings no
pattern was written for, in other languages too. Shopper messages and catalog text are data; this only decides what
to refuse or set aside, nothing here obeys them.
"""

from __future__ import annotations

import base64
import codecs
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from guardrails.flags import GuardrailFlag, detailed

INJECTION_MODEL_PATH = Path(__file__).with_name("injection_model.json.gz")
"""The learned judge's weights, shipped with the package."""

_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"})
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]")
_SPACED = re.compile(r"\b(?:\w[ ._\-*]){3,}\w\b")

_OVERRIDE_VERB = (
    r"ignore|ignores|ignorez|ignoring|disregard|forget|forgets|override|overrule|bypass|skip|drop|discard|"
    r"abandon|cancel|erase|delete|reset|oublie|oubliez|oublier|annule|annulez|efface|effacez|contourne|contourner|"
    r"contournez|outrepasse|outrepasser|ignorer|laisse tomber|ne (?:tiens|tenez) (?:pas|plus) compte|fais abstraction|"
    r"nevermind|never mind|screw|ditch|disable|deactivate|turn off|switch off|lift|remove|desactive|desactiver|"
    r"desactivez|supprime|supprimez|leve|levez|"
    r"faites abstraction|neglect|set aside|throw away"
)
_RULES = (
    r"instructions?|rules?|guidelines?|directives?|prompts?|constraints?|restrictions?|polic(?:y|ies)|"
    r"programming|training|filters?|safeguards?|guardrails?|consignes?|regles?|directives?|contraintes?|"
    r"filtres?|limites?|programmation|system message|message systeme|everything (?:above|before|you were told)|"
    r"tout ce qui precede|tout ce qu on t a dit|what you were told|ce qu on t a dit|context|contexte|the above|"
    r"ci-dessus|message systeme|system message|safety|securite"
)
_SECRETS = (
    r"system prompt|initial prompt|hidden prompt|original prompt|prompt systeme|prompt initial|your prompt|ton prompt|"
    r"votre prompt|your instructions|tes instructions|vos instructions|tes consignes|vos consignes|your rules|tes regles|"
    r"(?:your|ta|votre|the system|server|system|complete|full|entire) (?:configuration|config|settings)|configuration complete|"
    r"api ?keys?|cles? api|secret (?:keys?|codes?|passwords?|prompts?|instructions|rules|data|tokens?)|your secrets|tes secrets|"
    r"(?<!wifi )(?<!wi-fi )(?:passwords?|mots? de passe)(?! du wifi)(?! wifi)|credentials|system message|"
    r"message systeme|jetons?(?: d acces)?|access tokens?|logs|chat history|historique des conversations|"
    r"identifiants|environment variables?|variables? d environnement|env file|\.env|database url|connection string|"
    r"token|tokens|source code|code source|internal (?:notes|data|margins|prices)|admin password|"
    r"what you were told|ce qu on t a dit|the text above|le texte (?:au-dessus|ci-dessus|precedent)|"
    r"(?:text|words|message) (?:above|before)|tool definitions?|function definitions?|raw prompt|dump_context|"
    r"(?:(?:hidden|secret|internal|employee|staff)\s+){1,2}(?:discount |promo )?(?:codes?|coupons?)|"
    r"codes? (?:de reduction |promo )?(?:secrets?|caches?|internes?)|notes? internes?|internal notes?|"
    r"commentaires? (?:du|internes?)"
)
_HIDDEN_RULES = (
    r"\b(?:initial|original|hidden|secret|confidential|internal|system|complete|full|exact|starting|underlying)\s+"
    r"(?:instructions|prompt|rules|guidelines|directives)\b"
    r"|\b(?:instructions|consignes|regles|directives)\s+(?:secretes|cachees|initiales|confidentielles|completes|"
    r"internes|systeme|d origine)\b"
    r"|\b(?:instructions|consignes|regles)\b[^.?!\n]{0,30}\b(?:as-tu recues|avez-vous recues|tu as recues|on t a donnees|"
    r"you (?:received|were given|got)|you have been given)\b"
)
_PATTERNS: list[tuple[str, str]] = [
    ("override", rf"\b(?:{_OVERRIDE_VERB})\b[^.?!\n]{{0,60}}\b(?:{_RULES})\b"),
    (
        "override",
        r"\b(?:all|your|tes|vos|toutes (?:les|tes|vos))\s+(?:previous|prior|above|earlier|preceding)?\s*(?:instructions|directives|consignes|rules|regles)\s+(?:precedentes?|anterieures?|above|before)"
        r"|\b(?:all|your|toutes? (?:les|tes|vos)|tes|vos)\s+(?:previous|prior|above|earlier|preceding)\s+(?:instructions|directives|rules)\b",
    ),
    (
        "override",
        r"(?:^|[.!?\n\]>]\s*|voici (?:les |tes |vos )?|here are (?:your |the )?)(?:the\s+|les\s+|tes\s+|your\s+)?(?:new|updated|nouvelles?|real|true|vraies?)\s+(?:system\s+)?(?:instructions|consignes|directives|rules|regles|task|mission|tache)\s*(?::|are|sont|follow|suivent)"
        r"|\b(?:begin|start|end|debut|fin)\s+(?:of\s+)?(?:the\s+)?(?:des\s+)?(?:new\s+|nouvelles?\s+)?(?:system\s+)?(?:instructions|prompt|consignes)\b"
        r"|\b(?:new rule|nouvelle regle|new policy|nouvelle politique|effective immediately|with immediate effect|avec effet immediat)\b",
    ),
    (
        "override",
        r"\b(?:from now on|from here on|starting now|henceforth|desormais|a partir de maintenant|dorenavant|maintenant)\s*,?\s*(?:you|tu|vous)\s+(?:will|must|are|shall|should|have to|only|dois|devez|es|etes|vas|allez|reponds|repondez|obeis|obeissez|parles|parlez|ignores|ne|m obeis)\b",
    ),
    (
        "override",
        r"\b(?:your|ton|ta|votre)\s+(?:new|only|real|true|nouvel|nouvelle|seule?|vrai|vraie)\s+(?:goal|task|mission|purpose|job|objectif|tache|role|but)\b|\b(?:new|nouvel|nouvelle)\s+(?:goal|objectif|mission)\s*:",
    ),
    (
        "override",
        r"\b(?:stop|quit|cesse|arrete)\s+(?:being|d etre|to be)\s+(?:a|an|un|une|the|l)?\s*(?:shop|store|helpful|customer|sales)?\s*(?:assistant|bot|chatbot|ai|ia|vendeur|vendeuse|salesperson|seller|conseiller|conseillere)\b",
    ),
    ("override", r"\b(?:i have been|i ve been|j ai ete)\s+(?:pwned|hacked|pirate)\b|\bpwned\b"),
    (
        "override",
        r"\b(?:obey me|obeis-moi|obeissez-moi|m obeis|m obeissez|do what i say|fais ce que je dis|faites ce que je dis)\b",
    ),
    (
        "override",
        r"\b(?:do not|don t|never|ne)\s+(?:follow|obey|respect|suis|suivez|respecte|respectez)\b[^.?!\n]{0,30}\b(?:instructions|rules|guidelines|consignes|regles|creators?|developers?)",
    ),
    (
        "role",
        r"\byou are (?:now (?:an?|in|called|named|going to|free|unrestricted|unfiltered|jailbroken|my (?:slave|servant|personal|evil))|no longer)|\byou re (?:no longer|now (?:an?|called|named|free))\b|\b(?:tu es|vous etes) (?:maintenant|desormais|plus) (?:un|une|en|libre|sans|appele|mon|ma|le|la)\b",
    ),
    (
        "role",
        r"\b(?:act|behave|respond|answer|speak|talk|reply)\s+(?:as|like)\s+(?:an?\s+|my\s+|the\s+)?(?:unrestricted|unfiltered|uncensored|evil|jailbroken|different|other|rogue|free|linux|terminal|hacker|developer|admin|root|dan|grandm|grandma|system)",
    ),
    (
        "role",
        r"\b(?:pretend|imagine|suppose)\b[^.?!\n]{0,30}\b(?:you are|you re|to be|you have no|you had no|there (?:are|were) no)\b",
    ),
    (
        "role",
        r"\b(?:fais|faites|fait) comme si (?:tu|vous)\b|\b(?:fais|faites) semblant\b|\bimagine que tu\b|\bjoue(?:z)? le role\b|\bincarne\b|\bprends le role\b|\brole ?play\b",
    ),
    (
        "role",
        r"\b(?:jailbreak|jailbroken|evilbot|do anything now|sudo)\b|\b(?:enable|activate|enter|switch to|turn on|unlock|active|activez|passe en|passez en|entre en)\s+(?:the\s+|le\s+)?(?:developer|dev|god|debug|admin|maintenance|unrestricted|mode (?:developpeur|debug|admin|dieu|maintenance))\b|\b(?:developer|dev|god|debug|admin|maintenance) mode (?:enabled|activated|active|engaged|on\b(?!\s+(?:the|a|an|my|your|this|le|la|ma|mon|ce|cette)\b))|\bmode (?:developpeur|debug|admin|dieu|maintenance) (?:active|enclenche|on)\b",
    ),
    (
        "role",
        r"\b(?:unrestricted|unfiltered|uncensored|no (?:rules|restrictions|filters|limits|guidelines|content policy)|without (?:any )?(?:ethical |moral )?(?:rules|restrictions|filters|limits|guidelines|ethics|morals|boundaries|censorship)|sans (?:aucune? )?(?:limites?|restrictions?|filtres?|regles|censure|ethique|morale))\b",
    ),
    (
        "role",
        r"\b(?:hypothetically|hypothetiquement|in a fictional world|dans un monde fictif)\b[^.?!\n]{0,60}\b(?:no|without|sans|aucune?)\b",
    ),
    (
        "extract",
        rf"\b(?:print|show|reveal|repeat|display|output|leak|dump|tell|give|share|list|write|spell|recite|copy|paste|send|read|expose|what (?:is|are|were)|what s|affiche|affichez|montre|montrez|revele|revelez|repete|repetez|donne|donnez|dis|dites|ecris|ecrivez|recopie|envoie|partage|liste|quel est|quels sont|quelle est|quelles sont|c est quoi)\b[^.?!\n]{{0,50}}\b(?:{_SECRETS})\b",
    ),
    ("extract", r"\b(?:word for word|verbatim|mot pour mot|mot a mot)\b"),
    ("extract", _HIDDEN_RULES),
    (
        "extract",
        r"(?:^|\s)(?:cat|type|less|more|print|show)\s+(?:your\s+|the\s+)?(?:\.env|/etc/\w+|config\.\w+|settings\.py)\b",
    ),
    (
        "extract",
        r"\b(?:what|which|quelles?|quels?)\b[^.?!\n]{0,30}\b(?:were you told|were you given|were you instructed|on t a (?:dit|donne)|t a-t-on dit|tu as recu)\b",
    ),
    (
        "others",
        r"\b(?:other|another|previous|last|prior|earlier|all|every)\s+(?:customer|client|shopper|user|buyer|person|people)s?\b[^.?!\n]{0,40}\b(?:data|conversations?|chats?|messages?|e ?mails?|address(?:es)?|orders?|details|phone|names?|history|information|info|card)",
    ),
    (
        "others",
        r"\b(?:e ?mails?|address(?:es)?|names?|phone numbers?|details|orders|conversations?|historique|adresses?|coordonnees|commandes|messages|noms)\b[^.?!\n]{0,40}\b(?:of|from|des|du|de l|d)\s+(?:the\s+)?(?:other|previous|last|all|autres?|precedents?|dernier|derniere|tous les|people|clients?|customers|users|utilisateurs)\b",
    ),
    (
        "others",
        r"\b(?:client|utilisateur|acheteur|cliente)s?\s+(?:precedente?s?|d avant|suivante?s?)\b[^.?!\n]{0,60}\b(?:adresse|nom|numero|telephone|email|e mail|commande|conversation|donnees|historique)",
    ),
    (
        "others",
        r"\b(?:who|whoever|which customers?|what customers?|the (?:person|customer|shopper|user) (?:before|after) me|qui|quels? clients?|la personne (?:avant|apres) moi|le client (?:avant|apres) moi)\b[^.?!\n]{0,60}\b(?:bought|ordered|purchased|have|has|ask(?:ed)?|a achete|a commande|ont achete|ont commande|ont|a demande)\b[^.!\n]{0,60}\b(?:names?|address(?:es)?|phone|numbers?|emails?|details|cards?|digits|nom|noms|adresses?|numeros?|telephone|coordonnees|cartes?)\b",
    ),
    (
        "others",
        r"\b(?:neighbou?r|friend|colleague|wife|husband|voisin|voisine|ami|amie|collegue)(?: s)?\s+(?:order|commande)\b[^.?!\n]{0,80}\b(?:bought|address|delivered|achete|adresse|livre)|\b(?:commande|order) (?:de|of) (?:mon|ma|my) (?:voisin|voisine|neighbou?r)\b",
    ),
    (
        "others",
        r"\b(?:address(?:es)?|phone(?: number)?s?|names?|e ?mails?|details|nom|adresse|numero|telephone|coordonnees)\b[^.?!\n]{0,40}\b(?:of|de|du)\s+(?:whoever|the (?:person|customer|shopper|people|one) who|la personne qui|celui qui|celle qui|ceux qui|la cliente qui|le client qui)\b",
    ),
    (
        "others",
        r"\b(?:chat|conversation|order|purchase) (?:history|logs?) of (?:all|every|other)|\b(?:personnes|gens|clients) qui ont (?:commande|achete)\b",
    ),
    (
        "authority",
        r"(?:^|\n)\s*(?:system|systeme|admin|administrator|developer|developpeur|assistant|root)\s*:|\[/?inst\]|<\|?im_(?:start|end)\|?>|<\|?(?:system|endoftext)\|?>|###\s*(?:instruction|system|response)|</?(?:system|user|assistant)>|\bend of (?:user )?input\b|\bfin de (?:l )?entree\b|\"role\"\s*:\s*\"system\"",
    ),
    (
        "authority",
        r"\b(?:i am|i m|this is|je suis|c est|ici)\s+(?:the|your|a|an|l|le|la|votre|ton|un|une)?\s*(?:shop |store |site )?(?:admin|administrator|administrateur|administratrice|developer|developpeur|developpeuse|owner|proprietaire|creator|createur|engineer|ingenieur|ceo|pdg|gerant|gerante|openai|anthropic)\b[^.?!\n]{0,60}\b(?:enable|activate|disable|unlock|give|show|grant|override|ignore|bypass|reveal|active|desactive|debloque|donne|montre|ignore|contourne|revele|autorise|authorize|access|acces)",
    ),
    (
        "authority",
        r"\b(?:message|note|instruction|ordre|order) (?:from|de|du) (?:the |la |le |l )?(?:developer|developpeur|admin|administrator|administrateur|system|systeme|openai|management|direction|manager|responsable)\b",
    ),
    (
        "authority",
        r"\b(?:je t autorise|je vous autorise|i authori[sz]e you|you are authori[sz]ed|tu es autorise|dans le cadre d un audit|as part of an? (?:audit|security test))\b",
    ),
    (
        "authority",
        r"\b(?:service informatique|it department|it team|equipe technique|security team|equipe securite)\b[^.?!\n]{0,120}\b(?:configuration|config|jetons?|tokens?|keys?|cles?|passwords?|mots? de passe|logs|transmettre|send us|envoie)",
    ),
    (
        "subvert",
        r"\b(?:say|tell (?:me|them|everyone)|confirm|write|state|claim|affirm|declare|dis|dites|confirme|confirmez|ecris|affirme|declare)\b[^.?!\n]{0,30}\b(?:that\s+)?(?:the\s+|le\s+|la\s+)?(?:price|prix|return period|delai de retour|warranty|garantie|discount|remise|reduction|promo)\b[^.?!\n]{0,20}\b(?:is|est|will be|sera|costs?|coute|now|maintenant)\b",
    ),
    (
        "subvert",
        r"\b(?:write|ecris|ecrivez|say|dis|dites|reponds|repondez|answer|reply)\s*[\"«“][^\"»”]{1,60}[\"»”]\s*,?\s*(?:and nothing else|et rien d autre|sans poser de questions?|sans discuter|without (?:asking|any questions?|question))",
    ),
    (
        "subvert",
        r"\b(?:confirm|state|write|declare|promise|affirm|guarantee|tell|say|confirme|confirmez|ecris|ecrivez|affirme|declare|promets|garantis|dis|dites)\b[^.?!\n]{0,80}\b(?:officially|in writing|screenshot|on behalf of|officiellement|par ecrit|capture d ecran|au nom de)\b|\b(?:officially|officiellement)\b[^.?!\n]{0,40}\b(?:covers|couvre|free|gratuit|refund|rembours)",
    ),
    (
        "subvert",
        r"\b(?:generate|create|make|give me|issue|genere|cree|fais-moi|donne-moi|emets)\b[^.?!\n]{0,20}\b(?:a |an |un |une )?(?:valid |free |valable )?(?:voucher|coupon|discount code|promo code|gift card|bon d achat|code promo|code de reduction|carte cadeau|avoir)\b[^.?!\n]{0,60}\b(?:worth|de \d|valable|valid|no checks|sans verification|ordre|order|employee|employe|vip|100)",
    ),
    (
        "subvert",
        r"\b(?:just write|write only|reply only|answer only|reponds uniquement|ecris juste|ecris seulement|reponds seulement)\b[^.?!\n]{0,40}[\"«“]",
    ),
    (
        "subvert",
        r"\b(?:skip|bypass|ignore|saute|contourne|sans) (?:the |la |le )?(?:verification|checks?|validation|controle)\b|\bevery product costs\b|\btous les produits coutent\b",
    ),
    (
        "subvert",
        r"\b(?:100 ?%|free|gratuit|gratuite|gratis)\b[^.?!\n]{0,20}\b(?:discount|code|coupon|remise|reduction|promo)\b[^.?!\n]{0,60}\b(?:ignore|override|bypass|rules?|regles|consignes|instructions|admin|pretend|system)\b|\b(?:ignore|override|bypass|contourne)\b[^.?!\n]{0,60}\b(?:100 ?%|free|gratuit|gratuite)\b",
    ),
    (
        "decode",
        r"\b(?:decode|decipher|deobfuscate|decrypt|reverse|decode|dechiffre|decrypte|inverse|traduis|translate)\b[^.?!\n]{0,60}\b(?:then|and|puis|et|ensuite)\s+(?:follow|execute|run|obey|do|apply|perform|suis|execute|executes|applique|fais|obeis)\b",
    ),
    (
        "decode",
        r"\b(?:base64|base 64|rot13|rot 13|hex(?:adecimal)?|morse)\b[^.?!\n]{0,60}\b(?:follow|execute|run|obey|instructions?|do what|suis|execute|consignes?|fais ce)\b",
    ),
    (
        "decode",
        r"\b(?:follow|execute|run|obey|suis|suivez|execute|executez|obeis)\b[^.?!\n]{0,30}\b(?:hidden|encoded|embedded|following|cachees?|encodees?|suivantes?|below|ci-dessous)\s+(?:instructions?|commands?|consignes?|ordres?|text|texte)\b",
    ),
    (
        "indirect",
        r"\b(?:if you are|if you re|si tu es|si vous etes|to the|to any|note to the|note pour l|attention|dear|cher|chere)\s+(?:an?\s+|l\s+|une?\s+)?(?:ai|ia|llm|assistant|chatbot|bot|language model|modele de langage|robot)s?\b[^\n]{0,80}\b(?:ignore|stop|arrete|arretez|disregard|instead|plutot|must|dois|devez|reveal|revele|give|donne|say|dis|tell|print|affiche|output|forward|send|envoie|transfere|redirect|redirige|recommend|recommande|from now on|a partir de maintenant)\b",
    ),
    (
        "indirect",
        r"\b(?:ai|ia|llm|assistant|chatbot|bot)\s+(?:instructions?|notes?|directives?|consignes?|commands?)\s*:|\b(?:instruction|note|consigne|directive)s? (?:for|to|pour) (?:the |l |any )?(?:ai|ia|assistant|chatbot|bot|llm)\b",
    ),
    (
        "indirect",
        r"\b(?:ai|ia|llm|chatbot|assistant)\s*(?::|,)\s*(?:ignore|disregard|forget|oublie|ignore|reveal|print|affiche|revele|stop|arrete)\b",
    ),
    (
        "override",
        r"\b(?:never refuse|must not refuse|don t refuse|do not refuse|without refusing|no disclaimers?|without (?:any )?disclaimers?|"
        r"without saying you can t|ne refuse jamais|sans jamais refuser|sans refuser|sans avertissements?|sans (?:aucun )?disclaimer|"
        r"tu ne peux pas refuser|interdiction de refuser)\b",
    ),
    (
        "extract",
        rf"\b(?:summari[sz]e|translate|paraphrase|rephrase|explain|describe|list|recite|spell|resume|resumer|traduis|traduire|"
        rf"reformule|explique|decris|liste|recite|epelle|epeler)\b[^.?!\n]{{0,40}}\b(?:{_SECRETS})\b",
    ),
    (
        "extract",
        r"\b(?:written|said|ecrit|dit)\b[^.?!\n]{0,30}\b(?:at the (?:very )?top|before my first message|tout en haut|avant mon premier message|au debut de (?:cette|la) conversation)"
        r"|\b(?:everything|all|tout ce qui)\b[^.?!\n]{0,30}\b(?:before|comes before|precede|avant)\s+(?:the\s+)?[\"'«“]?\s*(?:user|system|utilisateur)\s*:?"
        r"|\b(?:not allowed to|pas le droit de|n as pas le droit de|interdit de)\s+(?:say|tell|reveal|share|dire|reveler|divulguer|partager)\b"
        r"|\b(?:system prompt|prompt systeme|prompt initial|initial prompt)\b",
    ),
    (
        "extract",
        rf"\b(?:{_SECRETS})\b[^.?!\n]{{0,50}}\b(?:print|show|give|reveal|tell|share|paste|copy|dump|output|affiche|donne|montre|revele|copie|colle|partage)\b",
    ),
    (
        "subvert",
        r"\b(?:generate|create|make up|invent|issue|genere|generer|cree|creer|invente|inventer|emets)\b[^.?!\n]{0,30}\b(?:discount|promo|coupon|voucher|reduction|bon d achat|avoir|gift card|carte cadeau)\b",
    ),
    (
        "authority",
        r"\[/?(?:system|systeme|admin|developer|developpeur|assistant|tool|sys|root)\]|\"role\"\s*:\s*\"(?:system|tool|developer|function)\""
        r"|\b(?:you are|you re|tu es|vous etes)\s+(?:now\s+|maintenant\s+)?(?:authori[sz]ed|allowed|habilitee?|autorisee?|permitted)\s+(?:to|a)\b"
        r"|\b(?:shop|store) owner here\b|\b(?:c est|ici) (?:la |le )?(?:proprietaire|gerante?|directrice|directeur)\b"
        r"|\b(?:apply|use|enforce|applique|appliquez|utilise)\s+(?:this|that|the new|cette|la nouvelle)\s+(?:policy|rule|politique|regle)\b",
    ),
    (
        "others",
        r"\b(?:show|give|list|tell|send|dump|export|donne|montre|liste|affiche|envoie|exporte)\b[^.?!\n]{0,30}\b(?:orders?|commandes?)\b[^.?!\n]{0,60}\b(?:customer names?|names? of (?:the )?customers?|noms? des clients|delivery addresses|adresses de livraison|their (?:names|addresses))\b",
    ),
    (
        "subvert",
        r"\b(?:say|write|tell|state|dis|dites|ecris|ecrivez|affirme)\b[^.?!\n]{0,20}\b(?:that|que|qu)\b[^.?!\n]{0,60}\b(?:scam|thieves|crooks|rubbish|garbage|crap|escrocs?|arnaque|arnaqueurs|camelote|voleurs|pourris?)\b"
        r"|\b(?:insult|insulte|insulter|swear at|gros mots|swear words|vulgaire|vulgar|offensive|racist|raciste)\b",
    ),
    (
        "role",
        r"\b(?:let s play a game|let us play a game|jouons a un jeu|on joue a un jeu)\b"
        r"|\byou re\s+[\"'«“]?[a-z]+[\"'»”]?\s*,\s*an?\s+(?:[a-z-]+\s+){0,3}(?:ai|assistant|chatbot|bot)\b"
        r"|\b(?:grand-mere|grandma|grandmother|granny|mamie)\b[^.!\n]{0,80}\b(?:codes?|passwords?|mots? de passe|secrets?|keys?|cles?|windows)\b",
    ),
    (
        "indirect",
        r"\b(?:ai|ia|assistant|bot|llm|chatbot)\s+(?:reading|processing|that reads|who reads|qui lit|qui traite|lisant)\b"
        r"|\bp\.?s\.?\s+(?:to|for|pour|a)\s+(?:the |l )?(?:ai|ia|assistant|bot)\b"
        r"|display\s*:\s*none|visibility\s*:\s*hidden|<!--",
    ),
]
_COMPILED = [(kind, re.compile(pattern)) for kind, pattern in _PATTERNS]


REFUSAL = {
    "en": "I can only help with our products, orders and shop policies, and I can't change how I work or share "
    "anything about my setup or other customers. What are you looking for in the shop?",
    "fr": "Je peux seulement vous aider sur nos produits, vos commandes et les conditions de la boutique, et je ne "
    "peux ni changer mon fonctionnement ni partager quoi que ce soit sur ma configuration ou sur d'autres "
    "clients. Que cherchez-vous dans la boutique ?",
}


@dataclass(frozen=True)
class InjectionVerdict:
    """Whether a text reads as an attempt to instruct the assistant, and what gave it away."""

    attack: bool
    reasons: tuple[str, ...] = ()

    @property
    def flags(self) -> tuple[str, ...]:
        """The audit flags of a refused message: the attempt, then each reason (``injection:<reason>``)."""
        if not self.attack:
            return ()
        reasons = (detailed(GuardrailFlag.INJECTION, reason) for reason in self.reasons)
        return (GuardrailFlag.INJECTION_ATTEMPT, *reasons)


_HOMOGLYPHS = str.maketrans(
    "АВЕКМНОРСТХаеорсухіІјЈѕЅԁɡһӏոօрԛѵԝхуᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢ",
    "ABEKMHOPCTXaeopcyxiIjJsSdghlnopqvwxyabcdefghijklmnoprstuvwyz",
)


def normalise(text: str) -> str:
    """Lower case without accents, with invisible characters, look-alike letters, spaced letters and leetspeak undone."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text)).translate(_HOMOGLYPHS)
    text = _SPACED.sub(lambda m: re.sub(r"[ ._\-*]", "", m.group()), text)
    text = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    text = text.casefold().replace("’", "'").replace("'", " ")
    words = [w.translate(_LEET) if re.search(r"[a-z]", w) and re.search(r"[0-9@$!]", w) else w for w in text.split()]
    return " ".join(words)


class Judge(Protocol):
    """A learned reader of intent: how likely a text is an attempt to instruct the assistant."""

    threshold: float

    def probability(self, text: str) -> float:
        """P(attack) for ``text``."""
        ...


class InjectionDetector:
    """Reads a text (as written and as it may be hidden) against instruction-like patterns, then, when no pattern
    matched, asks the learned ``judge`` (reason ``learned``) if there is one."""

    def __init__(self, judge: Judge | None = None):
        self.judge = judge

    def check(self, text: str) -> InjectionVerdict:
        """The verdict on one message or one piece of ingested text."""
        kinds = {kind for reading in _readings(text) for kind, pattern in _COMPILED if pattern.search(reading)}
        judge = self.judge
        if not kinds and judge is not None and text.strip():
            kinds |= {"learned"} if any(judge.probability(p) >= judge.threshold for p in _pieces(text)) else set()
        return InjectionVerdict(bool(kinds), tuple(sorted(kinds)))


_PIECE = re.compile(r"(?<=[.!?:|])\s+|\n+")
LONG_TEXT_WORDS = 40
"""A longer text is also judged sentence by sentence: one instruction slipped into an e-mail or a pasted page
weighs little in the whole text's embedding."""
MAX_PIECES = 24


def _pieces(text: str) -> list[str]:
    """The text, and when it is long, its sentences and lines (at most ``MAX_PIECES``)."""
    if len(text.split()) <= LONG_TEXT_WORDS:
        return [text]
    sentences = [p.strip() for p in _PIECE.split(text) if len(p.split()) >= 3]
    return [text, *sentences[:MAX_PIECES]]


def _readings(text: str) -> list[str]:
    """The ways an attack may be hidden in a text: as written, without hyphens, in ROT13, reversed, base64."""
    plain = normalise(text)
    readings = [plain, re.sub(r"(?<=\w)-(?=\w)", "", plain), codecs.decode(plain, "rot13"), plain[::-1]]
    for blob in re.findall(r"[A-Za-z0-9+/]{16,}={0,2}", text):
        try:
            decoded = base64.b64decode(blob + "=" * (-len(blob) % 4), validate=True).decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            continue
        readings.append(normalise(decoded))
    return readings
