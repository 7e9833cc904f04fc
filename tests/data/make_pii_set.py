"""Writes tests/data/pii.jsonl: shopper chat messages to Sommet Sports with labelled PII spans (seeded, deterministic).

Run from the repo root: .venv/bin/python tests/data/make_pii_set.py. Ids en-/fr-, mx- = mixed French/English.
"""

import json
import random
import re
import unicodedata
from collections import Counter
from pathlib import Path

from faker import Faker

SEED = 20240611
OUT = Path(__file__).with_name("pii.jsonl")
rng = random.Random(SEED)
FK = {"en": Faker("en_US"), "fr": Faker("fr_FR")}
FK["en"].seed_instance(SEED)
FK["fr"].seed_instance(SEED + 1)
TOK = re.compile(r"\{(\w+?)(?::([fm]))?\}")  # {KEY}, {KEY2}: 2nd value of a kind, same key = same value; {NAME:f}

# fmt: off
PII = {"NAME": "PERSON", "name": "PERSON", "FIRST": "PERSON", "SURNAME": "PERSON", "EMAIL": "EMAIL_ADDRESS",
       "PHONE": "PHONE_NUMBER", "CARD": "CREDIT_CARD", "IBAN": "IBAN_CODE", "NIR": "FR_NIR", "IP": "IP_ADDRESS",
       "DOB": "DATE_OF_BIRTH", "ADDR": "ADDRESS"}  # name = lowercased full name, SURNAME follows a title (Mme, Mr)
MONTHS = {"en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                 "November", "December"],
          "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
                 "novembre", "décembre"]}
DOMAINS = {"en": ["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "hotmail.co.uk"],
           "fr": ["gmail.com", "orange.fr", "free.fr", "outlook.fr", "laposte.net", "sfr.fr"]}
FILLERS = {  # distractors, never labelled: str.format patterns over the fields drawn in filler()
    "ORDER": ["CMD-2024-{o:05d}", "CMD-{o5}", "CMD-2025-{o:05d}"], "SKU": ["SS-{sku:04d}"], "TRACK": ["6A{d9}{c:02d}",
              "XS{d9}FR", "1Z{d3}E{sku:03d}{d9}"],
    "PRICE": {"en": ["€{e}.{c:02d}", "{e} euros", "{e}.{c:02d}€", "EUR {e}"],
              "fr": ["{e},{c:02d} €", "{e} euros", "{e}€", "{e},{c:02d}€"]},
    "SIZE": {"en": ["size {n}", "EU {n}", "{l}", "size {l}", "UK {uk}"],
             "fr": ["taille {l}", "taille {n}", "pointure {n}", "{l}", "EU {n}"]},
    "DDATE": {"en": ["{mn} {d}", "{d} {mn}", "{d:02d}/{m:02d}", "Friday", "Monday"], "fr": ["{d1} {mn}", "{d:02d}/{m:02d}", "{d} {mn}"]},
    "BRAND": ["Salomon", "Millet", "Vaude", "Lafuma", "Crête", "Névé", "Kerbos", "Brume", "Cordée", "Ardoise", "Trailhead"],
    "PROD": {"en": ["Trail Runner GTX", "Arpenteur 3L jacket", "Crête Trek 500 jacket", "Névé Trek 0 sleeping bag",
                    "Kerbos 2 tent", "Braquet G2 gravel bike", "Luciole 400 headlamp", "Salomon X Ultra 4",
                    "Millet Trilogy backpack", "Vaude Brenta 35", "Brume fleece", "Cordée harness", "Lafuma Access 40"],
             "fr": ["la veste Arpenteur 3L", "les Trail Runner GTX", "la tente Kerbos 2", "le sac de couchage Névé Trek 0",
                    "le vélo gravel Braquet G2", "la frontale Luciole 400", "les Salomon X Ultra 4", "le sac Millet Trilogy",
                    "la polaire Brume", "le baudrier Cordée", "la doudoune Névé Light", "le Vaude Brenta 35"]},
}
EN = [
    "hi, i ordered the {PROD} last week ({ORDER}) but need to change the delivery address to {ADDR}",
    "can you send the invoice to {EMAIL} instead? thx", "my email changed, its now {EMAIL} (old one was {EMAIL2})",
    "Hello, this is {NAME}, I called yesterday about order {ORDER}. You can reach me on {PHONE}",
    "call me back on {PHONE} please, between 2 and 5pm", "i want to pay by card, number is {CARD} exp 09/27",
    "refund to my bank account pls: {IBAN}",
    "it's a gift for my friend {NAME:f}, can you ship it straight to her? {ADDR}",
    "The {PROD} in {SIZE} arrived damaged. Order {ORDER}. Please call {PHONE}. Thanks, {NAME}",
    "my husband {NAME:m} ordered a tent ({SKU}) on his account, can I change the delivery phone to {PHONE}?",
    "thanks for the help!! signed: {name}", "For the loyalty card you need my date of birth? its {DOB}",
    "Your website keeps blocking me, my IP is {IP}, I just want to checkout the {PROD}",
    "Do you deliver to {ADDR}? wanted to order {SKU} before {DDATE}",
    "email: {EMAIL}\nphone: {PHONE}\norder: {ORDER}",
    "{FIRST} here again 🙂 any news on my refund? order {ORDER}, the {PROD} was {PRICE}",
    "is it ok if my daughter {NAME:f} picks up the bike at the store? Her number is {PHONE}",
    "the card {CARD} was declined twice for {PRICE}, whats going on",
    "Could you refund the {PRICE} to IBAN {IBAN} rather than the card? the card is cancelled",
    "Mrs {SURNAME} here, my parcel {TRACK} shows delivered but nothing arrived",
    "please update my account email from {EMAIL} to {EMAIL2}",
    "i was born on {DOB} so i should get the birthday discount this month right?",
    "my DOB is {DOB}, name {NAME}, I can't log in since {DDATE}",
    "Hey, I placed order {ORDER} as a guest with {EMAIL}, can I still track it?",
    "shipping adress: {ADDR}. recipient: {NAME}. phone {PHONE}",
    "Trying to pay with {CARD} but it says invalid, its a visa",
    "login fails from {IP} and {IP2}, home and office. account is {EMAIL}",
    "Hello, I bought {SKU} ({PROD}, {SIZE}) and want to exchange for {SIZE2}. My number {PHONE}",
    "ship to {ADDR} not the billing one pls", "I'm {NAME} and I'd like to return the {PROD}, it's too small ({SIZE})",
    "Thanks for sorting the return so quickly.\n\nRegards,\n{NAME}\n{PHONE}",
    "can you text me at {PHONE} when the {PROD} is back in stock?",
    "its {name}, i ordered 2 of the {PROD} and only recieved 1. {ORDER}",
    "This is a present for {FIRST:f}, my sister - can you add a gift note and send to {ADDR}?",
    "bank details for the refund: {IBAN} / account holder {NAME}",
    "you charged my card twice!! {CARD}, {PRICE} on {DDATE} both times",
    "I already gave my email ({EMAIL}) to the guy at the store, but never got the receipt",
    "ok so the address is {ADDR}, and if nobody's home ring {PHONE}",
    "pls change recipient name to {NAME:m}, it's for his birthday",
    "{EMAIL} is my email, {PHONE} is my mobile. Order {ORDER}",
    "your chat gave me an error, IP {IP} if that helps, browser is chrome",
    "the guy in the bike workshop said to give you my date of birth for the warranty registration: {DOB}",
    "need the {PROD} by {DDATE} for a trek, can you deliver to my work address? {ADDR}",
    "Hi its {NAME} (member since 2019). I changed phone, new number {PHONE}, old was {PHONE2}",
    "can I pay the rest by card? {CARD}",
    "I'd rather get a bank transfer refund - IBAN {IBAN}, BIC not needed right?",
    "Hello I am writing on behalf of my friend {NAME:f}, born {DOB}, she can't use the chat",
    "where is my order {ORDER}?? tracking {TRACK} hasn't moved since {DDATE}. {name}",
    "I live in France, for the pro account they asked my numéro de sécu: {NIR}",
    "for the works council discount I was told to send my French social security number, {NIR}",
    "please leave it with my neighbour {NAME} at {ADDR} if I'm out",
    "Dear Sommet team, my name is {NAME} and I have a problem with the {PROD} I got on {DDATE}",
    "order confirmation never came to {EMAIL}, can you resend? I checked spam. again it's {EMAIL}",
    "can someone ring me, {PHONE}, about the bike fitting",
    "DOB {DOB} / email {EMAIL} / phone {PHONE} - that's everything for the club membership form?",
    "he's called {NAME:m}, he'll collect the tent in store with order {ORDER}",
    "Got a fraud alert from my bank about {CARD} right after ordering here, was it you?? {PRICE}",
    "my vpn exit is {IP}, is that why checkout fails?",
    "the account is under my wife's name, {NAME:f}, email {EMAIL}",
    "Hi, pls cancel {ORDER}. refund to {IBAN} since the card expired. Cheers {FIRST}",
    "can you send the repair quote for the {PROD} to {EMAIL} and cc {EMAIL2}", "cheers mate, {name}",
    "the courier needs a phone number: {PHONE}. and the address again, {ADDR}",
    "is {EMAIL} the right address to send the return label to? i used it for {ORDER}",
    "birthday discount - date of birth {DOB}, account {EMAIL}",
    "use {CARD} for the remaining {PRICE}, same as last time",
    "my IP got banned after too many password attempts: {IP}. user {EMAIL}",
    "Delivery for {NAME}, {ADDR}, tel {PHONE}", "mr {SURNAME} asked me to follow up on the return for {ORDER}",
    "i'm {FIRST}, the one who ordered the red {PROD} in {SIZE} 😅 can i still change colour?",
    "Refund IBAN: {IBAN}\nName on account: {NAME}\nOrder: {ORDER}",
    "can you confirm you have my correct number, {PHONE}, and email, {EMAIL}?",
    "the parcel went to {ADDR} but I moved!! new address is {ADDR2}",
    "I need to change the card on file, new one is {CARD}",
    "no one answered at {PHONE} yesterday?? try {PHONE} again after 6 please",
]
FR = [
    "bonjour, je voudrais changer l'adresse de livraison de ma commande {ORDER} : {ADDR}",
    "Bonjour, pouvez-vous m'envoyer la facture sur {EMAIL} svp",
    "c'est pour {NAME:f}, c'est un cadeau, vous pouvez l'envoyer directement chez elle ? {ADDR}",
    "Rappelez-moi au {PHONE} svp, je suis dispo après 18h", "ok super merci beaucoup !\n\nMerci, {NAME}",
    "mon mari {NAME:m} a commandé la tente {SKU} sur son compte mais c'est moi qui la récupère",
    "Je souhaite être remboursée par virement, voici mon IBAN : {IBAN}",
    "je paie par carte : {CARD}, expiration 11/26",
    "Mme {SURNAME}, commande {ORDER}, le colis {TRACK} n'avance plus depuis le {DDATE}",
    "bonjour je suis {NAME:f}, née le {DOB}, je n'arrive plus à me connecter à mon compte",
    "pour la carte fidélité il faut ma date de naissance ? c'est le {DOB}",
    "mon numéro de sécu c'est {NIR}, c'est demandé pour la remise CE", "le site me bloque, mon IP : {IP}",
    "nouvel email : {EMAIL} (l'ancien {EMAIL2} ne marche plus)",
    "Bonsoir, ma commande {ORDER} n'est pas arrivée. Mon numéro : {PHONE}. {NAME}",
    "vous livrez bien au {ADDR} ? c'est pour {PROD}",
    "je veux échanger {PROD} en {SIZE}, c'est possible ? mon tel {PHONE}",
    "c'est {FIRST}, on s'est parlé hier 😊 je peux retirer le vélo samedi ?",
    "pouvez vous rembourser les {PRICE} sur mon compte {IBAN} plutôt que sur la carte",
    "carte refusée deux fois : {CARD}. pourtant j'ai ce qu'il faut dessus",
    "Adresse de livraison : {ADDR}\nDestinataire : {NAME}\nTél : {PHONE}",
    "c'est pour {name:m}, son anniv est le 14, vous pouvez mettre un petit mot ?",
    "je suis née le {DOB}, j'ai droit à la réduction anniversaire ?",
    "mon adresse a changé : {ADDR}, merci de mettre à jour mon compte ({EMAIL})",
    "M. {SURNAME} passera chercher la commande {ORDER} en magasin",
    "pouvez vous me rappeler au {PHONE} ou sinon au {PHONE2}",
    "pour ma mutuelle il faut que la facture des semelles mentionne mon n° de sécu : {NIR}",
    "mon frère {NAME:m}, né le {DOB}, veut s'inscrire au club running, c'est ici ?",
    "l'ip de mon bureau c'est {IP}, je ne peux pas payer depuis là-bas",
    "Bonjour, je voudrais échanger {PROD} (commande {ORDER}).\nCordialement,\n{NAME}\n{PHONE}\n{EMAIL}",
    "Je confirme mon mail : {EMAIL}. je répète {EMAIL} car je ne reçois rien",
    "envoyez le bon de retour à {EMAIL} svp, merci d'avance",
    "c'est Mme {SURNAME}, je vous ai appelé ce matin pour la tente",
    "vous pouvez livrer chez ma voisine, {NAME:f}, {ADDR} ?", "la carte {CARD} a été débitée 2 fois de {PRICE} !!",
    "IBAN {IBAN} au nom de {NAME}", "bonjour, mon numéro a changé, c'est maintenant le {PHONE}",
    "j'ai passé commande avec l'adresse {EMAIL} mais je n'ai rien reçu, commande {ORDER}",
    "je suis {FIRST:f}, la cliente des Trail Runner GTX pointure 39",
    "merci de livrer au {ADDR}, digicode 4521B, 3e étage",
    "ma date de naissance : {DOB}. mon mail : {EMAIL}. ça suffit pour créer la carte club ?",
    "Pour le remboursement : {IBAN} (banque postale)",
    "Bonjour, c'est {name}, commande {ORDER}, toujours pas de nouvelles depuis le {DDATE}",
    "je veux payer en 3 fois avec la carte {CARD}, c'est possible pour {PRICE} ?",
    "j'habite {ADDR}, c'est dans votre zone de livraison express ?",
    "voici l'ip affichée sur le message d'erreur : {IP}",
    "mon conjoint {NAME:m} a un compte aussi ({EMAIL}), on peut fusionner les points ?",
    "pouvez-vous appeler {NAME} au {PHONE} quand le vélo est prêt",
    "le livreur dit qu'il n'a pas trouvé le {ADDR}, pourtant c'est bien là !",
    "j'ai mis mon numéro de sécu {NIR} par erreur dans le formulaire, vous pouvez le supprimer ?",
    "le remboursement doit aller sur {IBAN}, pas sur mon ancien compte {IBAN2}", "tél : {PHONE} / mail : {EMAIL}",
    "Bonjour Sommet Sports, je m'appelle {NAME} et j'ai un souci avec {PROD}",
    "coucou c'est {FIRST} (commande {ORDER}), vous l'avez en {SIZE} ?",
    "Je suis né le {DOB} et votre site me dit que je suis mineur ??",
    "c'est un cadeau pour ma nièce {FIRST:f}, elle fait du 38, vous avez encore les Trail Runner GTX ?",
    "plusieurs tentatives depuis {IP} et {IP2}, compte bloqué ({EMAIL})",
    "payé avec {CARD} le {DDATE}, toujours pas reçu de confirmation",
    "n° sécu {NIR}, née le {DOB} - c'est pour l'attestation Pass'Sport",
    "Madame, Monsieur, je soussigné {NAME:m}, demeurant {ADDR}, demande le retour de l'article {SKU}.",
    "ma fille {NAME:f} viendra retirer la commande, son portable : {PHONE}",
    "j'ai un nouveau mail {EMAIL} pouvez vous le mettre a jour svp", "Envoyer à : {NAME}, {ADDR}",
    "mon mail c'est {EMAIL} et mon tel {PHONE}, rappelez moi pour le devis vélo",
    "je préfère un virement, IBAN : {IBAN}. Merci, {NAME}",
    "bonjour, pourquoi mon ip {IP} est bannie ? j'ai juste rechargé la page",
    "c'est bien la carte {CARD} qui sera débitée ? pas celle enregistrée ?",
    "livraison au nom de {NAME} svp, pas au mien", "je vous laisse mon numéro : {PHONE}",
    "Bonjour,\nJe n'ai jamais reçu mon colis {TRACK}.\n{NAME}\n{ADDR}",
    "mon numéro de sécurité sociale est {NIR}, vous en avez besoin pour la prime vélo ?",
    "hello, c'est {name} (commande {ORDER}), merci de me rappeler au {PHONE}",
    "carte : {CARD}\nnom : {NAME}\nadresse de facturation : {ADDR}",
    "numéro de sécu {NIR} (je le remets au cas où : {NIR})",
    "merci de noter que mon n° de sécu est {NIR} pour la facture, Mme {SURNAME}",
]
MIX = [  # (shopper locale, text) mixing French and English
    ("fr", "hello, je voudrais changer my delivery address to {ADDR} please, merci"),
    ("en", "sorry my french is bad - je m'appelle {NAME}, my order {ORDER} est en retard"),
    ("fr", "bonjour! can you call me au {PHONE}? thanks"),
    ("en", "merci for the help, my email is {EMAIL} if you need"),
    ("fr", "refund sur mon IBAN {IBAN} please, la carte a expiré"), ("fr", "ok c'est noté, thanks a lot! {NAME}"),
    ("en", "salut, I'm {NAME}, la commande {ORDER} est arrivée but the {SIZE} is wrong"),
    ("fr", "my wife {NAME:f} a commandé {PROD}, can I return it in store?"),
    ("fr", "date de naissance / date of birth : {DOB}"),
    ("fr", "hi, mon numéro de sécu for the mutuelle invoice: {NIR}"),
    ("en", "bonjour, the site bloque my IP {IP}, help"),
    ("fr", "please envoyer la facture à {EMAIL}, merci beaucoup"), ("fr", "bonjour, is {PROD} dispo en {SIZE}?"),
    ("en", "hi, ma commande {ORDER} is late, merci de checker"), ("fr", "thanks! j'ai bien reçu le colis {TRACK}"),
    ("en", "is the {SKU} en promo? it says {PRICE}"),
]
NOPII = {"en": [
    "hi, is the {PROD} available in {SIZE}?",
    "where's my order {ORDER}? tracking {TRACK} says in transit since {DDATE}",
    "do you have {SKU} in stock? need it by {DDATE}",
    "how much is the {BRAND} tent for 3 people, is it still {PRICE}?",
    "i bought 2 x {SKU} but want to return one, order {ORDER}", "is the {PROD} waterproof? doing the GR20 in june",
    "my order {ORDER} was supposed to arrive on {DDATE}, still nothing",
    "can I exchange {SIZE} for {SIZE2}? bought it on {DDATE}",
    "does {BRAND} run small? I'm usually {SIZE} in most brands", "promo code SUMMER15 doesn't work on {SKU}",
    "what's the difference between {SKU} and {SKU2}?", "your site shows {PRICE} but the cart says {PRICE2}??",
    "ordered on {DDATE}, order no {ORDER}, 3 items, only 2 arrived",
    "hi do you ship to Belgium? and how long for the {PROD}", "thanks, received the {PROD} today, fits perfectly",
    "can i pick up {ORDER} at the Lyon store on {DDATE}?", "is the {BRAND} down jacket ok for -10°C?",
    "how many days do I have to return? I've had the {PROD} since {DDATE}",
    "need 4 pairs of trekking poles, any discount for a group of 12?",
    "the bike ({SKU}) came with a bent derailleur hanger, order {ORDER}",
    "what's your phone number? I prefer to call", "how do i change the email on my account",
    "my date of birth is wrong on my account, how do I fix it?",
    "reference {SKU}, colour khaki, {SIZE}, qty 2 - can you confirm stock?",
    "is the black friday price of {PRICE} still valid for the {PROD}?",
    "tracking {TRACK} says delivered at 14:32 but nothing at the door", "hi!! do u have kids helmets size 52-56?",
    "the zip on my {BRAND} jacket broke after 3 weeks, it cost {PRICE}, is that covered by warranty?",
    "Order {ORDER}: I'd like to add a {SKU} before it ships", "what time does the Annecy store close on saturday?",
    "invoice for {ORDER} shows {PRICE} but I paid {PRICE2}",
    "hello, is the Trail Runner GTX true to size? I'm EU 44 in most brands",
], "fr": [
    "bonjour, vous avez {PROD} en {SIZE} ?", "ma commande {ORDER} devait arriver le {DDATE}, toujours rien",
    "vous avez encore la réf {SKU} ? il me la faut avant le {DDATE}",
    "combien coûte la tente {BRAND} 3 places ? toujours {PRICE} ?",
    "je voudrais retourner 1 des 2 {SKU}, commande {ORDER}", "suivi {TRACK}, bloqué depuis le {DDATE}",
    "est-ce que {BRAND} taille petit ? je fais du 42 d'habitude", "le code promo ETE15 ne marche pas sur {SKU}",
    "quelle différence entre {SKU} et {SKU2} ?",
    "sur le site c'est {PRICE} mais dans le panier {PRICE2}, c'est normal ?",
    "commandé le {DDATE}, n° {ORDER}, il manque un article",
    "vous livrez en Belgique ? et en combien de temps pour {PROD}", "reçu aujourd'hui, la taille est nickel, merci !",
    "je peux retirer {ORDER} au magasin de Lyon le {DDATE} ?", "la doudoune {BRAND} tient jusqu'à -10°C ?",
    "j'ai acheté {PROD} le {DDATE}, c'est encore retournable ?",
    "le vélo {SKU} est arrivé avec la patte de dérailleur tordue, commande {ORDER}",
    "c'est quoi votre numéro de téléphone ? je préfère appeler",
    "comment je change mon adresse mail sur mon compte ?",
    "ma date de naissance est fausse sur mon compte, comment la corriger ?",
    "réf {SKU}, coloris kaki, {SIZE}, quantité 2, vous confirmez le stock ?",
    "le prix black friday à {PRICE} est encore valable ?",
    "colis {TRACK} marqué livré à 14h32 mais rien devant la porte", "vous avez des casques enfant taille 52-56 ?",
    "la fermeture éclair a lâché au bout de 3 semaines, {PRICE} quand même... c'est sous garantie ?",
    "commande {ORDER} : je peux rajouter un {SKU} avant l'expédition ?",
    "le magasin d'Annecy ferme à quelle heure samedi ?",
    "la facture de {ORDER} indique {PRICE} mais j'ai payé {PRICE2}",
    "bjr la Trail Runner GTX chausse grand ou petit ? je fais du 44",
    "les chaussures {BRAND} en pointure 43 sont dispo en magasin ?", "merci pour la réponse rapide, bonne journée !",
    "j'ai reçu un mail de Sommet Sports pour la commande {ORDER}, c'est bien vous ?",
]}
# fmt: on


def digits(n):
    return "".join(str(rng.randrange(10)) for _ in range(n))


def group(s, n=4, sep=" "):
    return sep.join(s[i : i + n] for i in range(0, len(s), n))


def valid(kind, v):
    """Checksums: Luhn for cards, mod 97 for IBANs, NIR key = 97 - (first 13 digits mod 97)."""
    s = re.sub(r"[ -]", "", v)
    if kind == "CREDIT_CARD":
        return s.isdigit() and sum(sum(divmod(int(c) * (1 + i % 2), 10)) for i, c in enumerate(s[::-1])) % 10 == 0
    if kind == "IBAN_CODE":
        return int("".join(str(int(c, 36)) for c in s[4:] + s[:4])) % 97 == 1
    return kind != "FR_NIR" or (len(s) == 15 and int(s[13:]) == 97 - int(s[:13]) % 97)


def pii(kind, lang, g, vals):
    """A PII value of `kind` as shoppers type it; g = "f"/"m" for gendered names, vals = values already in the text."""
    f, r = FK[lang], rng.random()
    if kind in ("NAME", "name", "FIRST", "SURNAME"):
        first, last = {"f": f.first_name_female, "m": f.first_name_male}.get(g, f.first_name)(), f.last_name()
        return {"FIRST": first, "SURNAME": last, "name": f"{first} {last}".lower()}.get(kind, f"{first} {last}")
    if kind == "EMAIL":
        names = [v for k, v in vals.items() if k.rstrip("0123456789") in ("NAME", "name")]
        if not names or r < 0.5:
            return rng.choice([f.free_email, f.email, f.free_email])()
        # people often build the address from their own name
        first, last = (re.sub(r"[^a-z]", "", x) for x in unicodedata.normalize("NFKD", names[0].lower()).split(" ", 1))
        return f"{first}{rng.choice(['.', '', '_'])}{last}{rng.choice(['', '', str(rng.randint(1, 99))])}@{rng.choice(DOMAINS[lang])}"
    if kind == "PHONE" and lang == "fr":
        n = "0" + rng.choice("67") + digits(8)
        fmts = [group(n, 2), group(n, 2, "."), f"+33 {n[1]} {group(n[2:], 2)}", n, f"+33{n[1:]}"]
        return f.phone_number() if r < 0.4 else rng.choice(fmts)
    if kind == "PHONE":
        if r < 0.75:  # Faker en_US, usually without its "x123" extension
            return f.phone_number().split("x")[0] if rng.random() < 0.85 else f.phone_number()
        intl = [f"+44 7{digits(3)} {digits(6)}", f"+49 15{digits(1)} {digits(8)}", f"+33 6 {group(digits(8), 2)}"]
        return rng.choice([*intl, f"+44 20 {digits(4)} {digits(4)}"])
    if kind == "CARD":
        n = f.credit_card_number(card_type=rng.choice(["visa16", "mastercard"] * 2 + ["amex", "discover"]))
        if len(n) == 15:  # amex is printed 4-6-5
            return n if r < 0.5 else f"{n[:4]} {n[4:10]} {n[10:]}"
        return n if r < 0.35 else group(n, 4, " " if r < 0.8 else "-")
    if kind == "IBAN":
        if lang == "fr" or r < 0.15:
            s = FK["fr"].iban()
        elif r < 0.55:
            s = FK["en"].iban()  # the en_US provider gives GB ibans
        else:  # a few other countries, check digits computed here
            cc, bban = rng.choice([("DE", digits(18)), ("BE", digits(12)), ("ES", digits(20))])
            s = f"{cc}{98 - int(''.join(str(int(c, 36)) for c in bban + cc + '00')) % 97:02d}{bban}"
        return group(s) if rng.random() < 0.4 else s
    if kind == "NIR":  # sex, year, month, département (no Corsica), commune, order, key
        dept = rng.choice([*range(1, 20), *range(21, 96)])
        body = f"{rng.choice('12')}{rng.randint(0, 99):02d}{rng.randint(1, 12):02d}{dept:02d}{rng.randint(1, 999):03d}"
        s = body + f"{rng.randint(1, 999):03d}"
        s += f"{97 - int(s) % 97:02d}"
        return " ".join([s[0], s[1:3], s[3:5], s[5:7], s[7:10], s[10:13], s[13:]]) if r < 0.5 else s
    if kind == "IP":
        return f.ipv6() if r < 0.2 else f.ipv4_public()
    if kind == "DOB":
        d = f.date_of_birth(minimum_age=16, maximum_age=80)
        m, day = MONTHS[lang][d.month - 1], ("1er" if d.day == 1 and lang == "fr" else d.day)
        if lang == "en":
            return rng.choice([d.strftime("%m/%d/%Y"), d.isoformat(), f"{m} {day}, {d.year}", f"{day} {m} {d.year}"])
        return rng.choice([d.strftime("%d/%m/%Y"), f"{day} {m} {d.year}", d.strftime("%d.%m.%Y")])
    # ADDR
    if lang == "en":
        s = f.street_address() + (f", {f.city()}, {f.state_abbr()} {f.zipcode()}" if r < 0.75 else "")
    else:
        s = f"{f.building_number()}{rng.choice(['', '', '', ' bis'])}{rng.choice([' ', ' ', ', '])}{f.street_name()}"
        s += (rng.choice([", ", " ", " - "]) + f"{f.postcode()} {f.city()}") if r < 0.8 else ""
    return s.lower() if rng.random() < 0.12 else s


def filler(kind, lang):
    d, m, n = rng.randint(1, 28), rng.randint(1, 12), rng.randint(36, 47)
    fields = dict(d=d, m=m, d1="1er" if d == 1 else d, mn=MONTHS[lang][m - 1], n=n, uk=n - 33, e=rng.randint(15, 399))
    fields.update(l=rng.choice(["S", "M", "L", "XL", "XXL"]), c=rng.choice([0, 0, 50, 90, 99]), o=rng.randint(1, 99999))
    fields.update(o5=rng.randint(10000, 99999), sku=rng.randint(1, 120), d3=digits(3), d9=digits(9))
    opts = FILLERS[kind][lang] if isinstance(FILLERS[kind], dict) else FILLERS[kind]
    return rng.choice(opts).format(**fields)


def render(tpl, lang):
    out, spans, vals, pos = [], [], {}, 0
    for m in TOK.finditer(tpl):
        out.append(tpl[pos : m.start()])
        pos, key, kind = m.end(), m.group(1), m.group(1).rstrip("0123456789")
        if key not in vals:
            vals[key] = pii(kind, lang, m.group(2), vals) if kind in PII else filler(kind, lang)
            assert vals[key] not in [v for k, v in vals.items() if k != key], (tpl, vals)
        start = sum(map(len, out))
        out.append(vals[key])
        if kind in PII:
            spans.append({"start": start, "end": start + len(vals[key]), "type": PII[kind]})
    out.append(tpl[pos:])
    text, last = "".join(out), 0
    for s in spans:  # exact slice, word boundaries, no surrounding space/punctuation, no overlap, valid checksum
        v = text[s["start"] : s["end"]]
        assert v == v.strip() and v[-1] not in ".,;:!?" and s["start"] >= last and valid(s["type"], v), (text, s)
        assert not (text[s["start"] - 1 : s["start"]] + text[s["end"] : s["end"] + 1]).isalnum(), (text, s)
        last = s["end"]
    return text, spans


def main():
    assert min(len(EN), len(FR)) >= 70 and len(set(EN + FR)) == len(EN + FR)
    jobs = [(lg, lg, t, 2) for lg, ts in (("en", EN), ("fr", FR)) for t in ts] + [("mx", lg, t, 1) for lg, t in MIX]
    jobs += [(lg, lg, t, 1) for lg in ("en", "fr") for t in NOPII[lg]]
    rows = {"en": [], "fr": [], "mx": []}
    for prefix, lang, tpl, times in jobs:
        for _ in range(times):
            text, spans = render(tpl, lang)
            rows[prefix].append({"lang": lang, "text": text, "spans": spans})
    lines, types, per_lang = [], Counter(), Counter()
    for prefix, rs in rows.items():
        rng.shuffle(rs)
        for i, r in enumerate(rs, 1):
            lines.append({"id": f"{prefix}-{i:03d}", **r})
            per_lang[(r["lang"], bool(r["spans"]))] += 1
            types.update((s["type"], r["lang"]) for s in r["spans"])
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), encoding="utf-8")
    tot = Counter({t: types[(t, "en")] + types[(t, "fr")] for t in set(PII.values())})
    print(f"wrote {len(lines)} lines to {OUT}\n{'type':15} {'en':>5} {'fr':>5} {'total':>6}")
    for t in sorted(tot):
        print(f"{t:15} {types[(t, 'en')]:>5} {types[(t, 'fr')]:>5} {tot[t]:>6}")
    for lang in ("en", "fr"):
        print(f"lang={lang}: {per_lang[(lang, True)]} lines with PII, {per_lang[(lang, False)]} without")
    print(f"(mixed French/English, ids mx-*: {len(rows['mx'])})")
    assert sum(per_lang[(lg, True)] for lg in ("en", "fr")) >= 260, per_lang
    assert sum(per_lang[(lg, False)] for lg in ("en", "fr")) >= 60, per_lang
    assert min(tot.values()) >= 20 and min(tot["EMAIL_ADDRESS"], tot["PHONE_NUMBER"], tot["PERSON"]) >= 50, tot


if __name__ == "__main__":
    main()
