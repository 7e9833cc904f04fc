/*
 * Comptoir shopper chat widget (widget/static/widget.js).
 *
 * Plain ES2020, no dependencies, no build step: served as it is. A merchant embeds it with one tag:
 *
 *   <script src="https://assist.shop.example/widget.js" data-locale="fr" data-position="right"
 *           data-accent="#1f6f4a" data-title="Sommet Sports" async></script>
 *
 *   data-locale    "fr" or "en"; default: the page's <html lang> when it is fr/en, else "en"
 *   data-position  "right" (default) or "left"
 *   data-accent    any CSS colour for the launcher, header and shopper bubbles
 *   data-title     the name shown in the chat header
 *   data-customer-token  a short-lived token (JWT, HS256) the shop signs to tie the chat to its customer id;
 *                  refused (expired, badly signed) the server says why and the chat goes on as a guest
 *
 * The widget talks only to the origin it was loaded from, over the WebSocket protocol described in
 * docs/protocol.md (ws(s)://<that host>/ws/chat). It renders inside an open Shadow DOM and builds every
 * node with createElement/textContent: server text is never parsed as HTML.
 *
 * Public API: window.Comptoir = { open(), close(), send(text) }.
 * Host element <comptoir-widget> attributes for tests: data-connection="open|connecting|offline",
 * data-panel="open|closed", data-typing="true|false", data-typing-from="assistant|agent" (while typing),
 * data-handoff="none|queued|assigned|returned|closed" (talking to a person) and data-queue-position="N"
 * (while queued and the server gave a position). data-position on the host is the launcher's side.
 *
 * Under the disclosure, "Your data" lets the shopper ask for a copy of their data or its erasure (confirmed
 * first), and a known customer choose to be remembered across conversations; a known customer who chose so
 * is welcomed back in a new conversation with the topics they asked about, and may say "Forget me".
 */
(() => {
  "use strict";

  if (window.Comptoir && window.Comptoir.version) return;

  const script = findOwnScript();
  if (!script) return;
  const SERVER = new URL(script.src, document.baseURI);
  if (SERVER.protocol !== "https:" && SERVER.protocol !== "http:") return;

  const ORIGIN = SERVER.origin;
  const WS_URL = (SERVER.protocol === "https:" ? "wss://" : "ws://") + SERVER.host + "/ws/chat";
  const LOCALE = pickLocale(script.dataset.locale, document.documentElement.getAttribute("lang"));
  const CUSTOMER_TOKEN = typeof script.dataset.customerToken === "string" ? script.dataset.customerToken : null;
  const POSITION = script.dataset.position === "left" ? "left" : "right";
  const DEFAULT_ACCENT = "#1f6f4a";

  const MIN_DELAY_MS = 500;
  const MAX_DELAY_MS = 15000;
  // The server closes with 1012 (restarting) or 1013 (try again later): every widget of that server hears it at
  // the same moment, so the first try back is spread over this long rather than all coming back at once.
  const RESTART_CODES = new Set([1012, 1013]);
  const RESTART_SPREAD_MS = 5000;
  const HISTORY_WAIT_MS = 3000;
  const ACK_TIMEOUT_MS = 10000;
  const TYPING_REPEAT_MS = 2000;
  const TYPING_IDLE_MS = 3000;
  const AGENT_TYPING_STALE_MS = 20000;
  const HANDOFF_AFTER_HISTORY_MS = 3000;
  const HANDOFF_ANSWER_MS = 15000;
  const MAX_CONTACT_CHARS = 254;
  const WITH_PERSON = new Set(["queued", "assigned"]);
  const HANDOFF_REFUSED = new Set(["unknown_type", "bad_frame", "not_started", "internal", "rate_limited"]);
  const MAX_FRAME_BYTES = 16 * 1024;
  const MAX_PENDING = 20;
  const RESTORABLE = new Set(["too_long", "rate_limited", "frame_too_large"]);
  const FAILS_MESSAGE = new Set([...RESTORABLE, "empty_text", "bad_frame", "bad_json", "internal"]);
  const CHOICE_REFUSED = new Set(["no_customer", "bad_frame", "not_started", "unknown_type", "internal"]);
  const MAX_TOPICS = 5;

  const STRINGS = {
    en: {
      launcher: "Chat with the shopping assistant",
      defaultTitle: "Shopping assistant",
      badge: "AI assistant",
      dialog: "chat with an AI assistant",
      close: "Close chat",
      inputLabel: "Your message",
      placeholder: "Ask a question…",
      send: "Send",
      you: "You",
      assistant: "Assistant",
      ai: "AI",
      person: "Person",
      typing: "Assistant is typing…",
      typingAgent: "{name} is typing…",
      connecting: "Connecting…",
      reconnecting: "Reconnecting…",
      sending: "Sending…",
      sent: "Sent",
      notSent: "Not sent",
      inStock: "In stock",
      lowStock: "Only a few left",
      outOfStock: "Out of stock",
      sizes: "Sizes",
      colours: "Colours",
      colon: ": ",
      viewProduct: "View product",
      products: "Suggested products",
      sources: "Sources",
      rateUp: "Helpful answer",
      rateDown: "Unhelpful answer",
      rated: "Thanks for your feedback.",
      tooLarge: "This message is too long to send.",
      error: "Something went wrong.",
      disclosure: "You are chatting with an AI assistant, not a person.",
      masked: "Personal details hidden from our records",
      vaultOn: "If you type personal details (e-mail, address), they are hidden from our records and kept encrypted for our support team only.",
      vaultDecline: "Don't keep them",
      vaultOff: "Your personal details are not kept: only hidden placeholders are.",
      handoffButton: "Talk to a person",
      handoffAsking: "Asking for a person…",
      badgePerson: "With a person",
      typingPerson: "A person is typing…",
      someone: "A person",
      waiting: "Waiting for a person",
      queuePosition: "You are number {n} in line.",
      queuedHint: "A person will join you here. The AI assistant does not answer meanwhile; you can keep writing and they will read it.",
      joined: "{name} has joined the conversation.",
      withPerson: "You are chatting with a person, not the AI assistant.",
      returned: "You are back with the AI assistant.",
      closedStatus: "The conversation with a person has ended.",
      unavailable: "No one is available right now.",
      contactPrompt: "Leave an e-mail address or a phone number and we will reply there.",
      contactLabel: "E-mail or phone",
      contactSend: "Leave my contact",
      contactSaved: "Thank you: we will get back to you.",
      yourData: "Your data",
      dataCopy: "Get a copy of my data",
      dataErase: "Erase my data",
      eraseQuestion: "Erase your data? The shop's data-protection team will erase this conversation and what it holds about you. This cannot be undone.",
      eraseYes: "Yes, erase my data",
      eraseNo: "Cancel",
      requestSent: "Your request was passed to the shop's data-protection team.",
      downloadCopy: "Download my data",
      copyReady: "Your copy of your data is ready.",
      copySaved: "Your copy was downloaded.",
      erased: "This conversation was erased, as you asked.",
      notConnected: "Not connected; please try again in a moment.",
      remember: "Remember my preferences for my next visits",
      remembering: "We will remember your language and the topics you ask about.",
      forgotten: "Your preferences are forgotten.",
      welcomeBack: "Welcome back!",
      welcomeTopics: "Last time you looked at:",
      showMe: "Show me {topic}",
      forgetMe: "Forget me",
    },
    fr: {
      launcher: "Discuter avec l'assistant d'achat",
      defaultTitle: "Assistant d'achat",
      badge: "Assistant IA",
      dialog: "discussion avec un assistant IA",
      close: "Fermer la discussion",
      inputLabel: "Votre message",
      placeholder: "Posez votre question…",
      send: "Envoyer",
      you: "Vous",
      assistant: "Assistant",
      ai: "IA",
      person: "Conseiller",
      typing: "L'assistant écrit…",
      typingAgent: "{name} écrit…",
      connecting: "Connexion…",
      reconnecting: "Reconnexion…",
      sending: "Envoi…",
      sent: "Envoyé",
      notSent: "Non envoyé",
      inStock: "En stock",
      lowStock: "Plus que quelques articles",
      outOfStock: "En rupture de stock",
      sizes: "Tailles",
      colours: "Coloris",
      colon: "\u00a0: ",
      viewProduct: "Voir le produit",
      products: "Produits suggérés",
      sources: "Sources",
      rateUp: "Réponse utile",
      rateDown: "Réponse pas utile",
      rated: "Merci pour votre avis.",
      tooLarge: "Ce message est trop long pour être envoyé.",
      error: "Une erreur est survenue.",
      disclosure: "Vous discutez avec un assistant IA, pas avec une personne.",
      masked: "Données personnelles masquées dans nos enregistrements",
      vaultOn: "Si vous saisissez des données personnelles (e-mail, adresse), elles sont masquées dans nos enregistrements et conservées chiffrées pour notre service client seulement.",
      vaultDecline: "Ne pas les conserver",
      vaultOff: "Vos données personnelles ne sont pas conservées : seuls des marqueurs masqués le sont.",
      handoffButton: "Parler à une personne",
      handoffAsking: "Demande transmise…",
      badgePerson: "Avec une personne",
      typingPerson: "Une personne écrit…",
      someone: "Une personne",
      waiting: "En attente d'une personne",
      queuePosition: "Vous êtes numéro {n} dans la file d'attente.",
      queuedHint: "Une personne va vous rejoindre ici. L'assistant IA ne répond plus en attendant ; vous pouvez continuer à écrire, elle vous lira.",
      joined: "{name} a rejoint la conversation.",
      withPerson: "Vous discutez avec une personne, pas avec l'assistant IA.",
      returned: "Vous êtes de nouveau avec l'assistant IA.",
      closedStatus: "La conversation avec une personne est terminée.",
      unavailable: "Personne n'est disponible pour le moment.",
      contactPrompt: "Laissez une adresse e-mail ou un numéro de téléphone : nous vous répondrons.",
      contactLabel: "E-mail ou téléphone",
      contactSend: "Laisser mon contact",
      contactSaved: "Merci : nous vous recontacterons.",
      yourData: "Vos données",
      dataCopy: "Obtenir une copie de mes données",
      dataErase: "Effacer mes données",
      eraseQuestion: "Effacer vos données ? L'équipe de protection des données de la boutique effacera cette conversation et ce qu'elle contient sur vous. C'est irréversible.",
      eraseYes: "Oui, effacer mes données",
      eraseNo: "Annuler",
      requestSent: "Votre demande a été transmise à l'équipe de protection des données de la boutique.",
      downloadCopy: "Télécharger mes données",
      copyReady: "La copie de vos données est prête.",
      copySaved: "Votre copie a été téléchargée.",
      erased: "Cette conversation a été effacée, comme vous l'avez demandé.",
      notConnected: "Pas de connexion ; réessayez dans un instant.",
      remember: "Se souvenir de mes préférences pour mes prochaines visites",
      remembering: "Nous retiendrons votre langue et les sujets de vos questions.",
      forgotten: "Vos préférences sont oubliées.",
      welcomeBack: "Bon retour parmi nous !",
      welcomeTopics: "La dernière fois, vous avez regardé :",
      showMe: "Montrez-moi : {topic}",
      forgetMe: "M'oublier",
    },
  };
  const t = STRINGS[LOCALE];
  const TITLE = (script.dataset.title || "").trim() || t.defaultTitle;

  const STYLES = `
:host { all: initial; position: fixed; right: 0; bottom: 0; z-index: 2147483000;
  --cpt-accent: ${DEFAULT_ACCENT}; --cpt-on-accent: #ffffff; }
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
.cpt-root { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: #1a1a1a; text-align: left; letter-spacing: normal; word-spacing: normal; text-transform: none; }
button, textarea, input { font: inherit; color: inherit; margin: 0; }
p, ul, h2 { margin: 0; padding: 0; }
:focus { outline: none; }
:focus-visible { outline: 3px solid transparent; box-shadow: 0 0 0 2px #ffffff, 0 0 0 5px #14171a; }
.cpt-visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; border: 0; padding: 0; margin: -1px; }
.cpt-launcher { position: fixed; bottom: 20px; right: 20px; width: 56px; height: 56px; padding: 0;
  border: 0; border-radius: 50%; background: var(--cpt-accent); color: var(--cpt-on-accent); cursor: pointer;
  display: flex; align-items: center; justify-content: center; box-shadow: 0 4px 14px rgba(0, 0, 0, .28); }
.cpt-launcher svg { width: 26px; height: 26px; fill: currentColor; }
.cpt-panel { position: fixed; bottom: 88px; right: 20px; width: 380px; max-width: calc(100vw - 24px);
  height: 600px; max-height: calc(100vh - 112px); display: flex; flex-direction: column; overflow: hidden;
  background: #ffffff; border: 1px solid #c9cdd3; border-radius: 14px; box-shadow: 0 12px 40px rgba(0, 0, 0, .28); }
:host([data-position="left"]) .cpt-launcher, :host([data-position="left"]) .cpt-panel { right: auto; left: 20px; }
.cpt-header { display: flex; align-items: center; gap: 8px; padding: 10px 10px 10px 14px;
  background: var(--cpt-accent); color: var(--cpt-on-accent); }
.cpt-title { flex: 1; min-width: 0; font-size: 16px; font-weight: 600; overflow: hidden;
  text-overflow: ellipsis; white-space: nowrap; }
.cpt-badge { flex: none; font-size: 12px; font-weight: 700; padding: 2px 8px; border-radius: 999px;
  background: #ffffff; color: #1a1a1a; }
.cpt-close { flex: none; width: 36px; height: 36px; padding: 0; border: 0; border-radius: 8px;
  background: transparent; color: inherit; cursor: pointer; display: flex; align-items: center; justify-content: center; }
.cpt-close svg { width: 22px; height: 22px; fill: currentColor; }
.cpt-log { flex: 1; overflow-y: auto; overscroll-behavior: contain; padding: 14px; background: #f5f6f8;
  display: flex; flex-direction: column; gap: 12px; }
.cpt-disclosure { padding: 8px 10px; font-size: 13px; color: #2b2f36; background: #ffffff;
  border: 1px solid #d3d7dd; border-left: 4px solid var(--cpt-accent); border-radius: 8px; }
.cpt-privacy { font-size: 12px; color: #474c54; }
.cpt-privacy button { margin-left: 6px; padding: 1px 8px; border: 1px solid #8e949c; border-radius: 10px;
  background: #ffffff; color: #1a1a1a; font-size: 12px; cursor: pointer; }
.cpt-yourdata { display: flex; flex-direction: column; gap: 4px; margin-top: 6px; padding-top: 6px;
  border-top: 1px solid #e3e6ea; font-size: 12px; color: #474c54; }
.cpt-yourdata-title { font-weight: 700; color: #2b2f36; }
.cpt-data-actions, .cpt-erase-buttons { display: flex; flex-wrap: wrap; gap: 6px; }
.cpt-yourdata button, .cpt-chip { padding: 1px 8px; border: 1px solid #8e949c; border-radius: 10px;
  background: #ffffff; color: #1a1a1a; font-size: 12px; cursor: pointer; }
.cpt-yourdata button:disabled { cursor: default; color: #50555d; border-color: #b4b9c0; }
.cpt-erase-confirm { display: flex; flex-direction: column; gap: 4px; padding: 6px 8px; color: #5a1515;
  background: #fdf0f0; border: 1px solid #eec4c4; border-radius: 8px; }
.cpt-yourdata .cpt-erase-yes { border-color: #a11d1d; background: #a11d1d; color: #ffffff; font-weight: 600; }
.cpt-remember { display: flex; align-items: flex-start; gap: 6px; color: #2b2f36; cursor: pointer; }
.cpt-remember input { margin-top: 2px; accent-color: var(--cpt-accent); }
.cpt-remember-note:empty { display: none; }
.cpt-welcome-back { display: flex; flex-direction: column; gap: 6px; padding: 8px 10px; font-size: 13px;
  color: #2b2f36; background: #ffffff; border: 1px solid #d3d7dd; border-radius: 8px; }
.cpt-chips { display: flex; flex-wrap: wrap; gap: 6px; }
.cpt-data-ready { display: flex; flex-direction: column; align-items: center; gap: 4px; }
.cpt-data-ready p { margin: 0; }
.cpt-download { padding: 2px 10px; border: 1px solid var(--cpt-accent); border-radius: 10px; background: #ffffff;
  color: #1d3a5f; font: inherit; cursor: pointer; }
.cpt-download:disabled { cursor: default; opacity: .6; }
.cpt-chip { font-size: 13px; padding: 2px 10px; border-color: var(--cpt-accent); }
.cpt-forget { align-self: flex-start; padding: 0; border: 0; background: none; color: #0b4fa8;
  text-decoration: underline; font-size: 12px; cursor: pointer; }
.cpt-notice { align-self: center; max-width: 95%; padding: 6px 10px; font-size: 12px; color: #1d3a5f;
  background: #eef4fb; border: 1px solid #bfd3ea; border-radius: 8px; }
.cpt-msg { display: flex; flex-direction: column; align-items: flex-start; align-self: flex-start; max-width: 90%; }
.cpt-msg-shopper { align-self: flex-end; align-items: flex-end; }
.cpt-meta { display: flex; align-items: center; gap: 6px; margin-bottom: 3px; font-size: 12px; color: #474c54; }
.cpt-sender { font-weight: 600; }
.cpt-ai-label, .cpt-person-label { font-size: 11px; font-weight: 700; padding: 0 6px; border-radius: 4px;
  border: 1px solid #8e949c; color: #1a1a1a; background: #ffffff; }
.cpt-person-label { border-color: #9a6a00; color: #5a3d00; background: #fff6e0; }
.cpt-bubble { padding: 9px 12px; border-radius: 12px; background: #ffffff; border: 1px solid #d3d7dd;
  white-space: pre-wrap; overflow-wrap: anywhere; }
.cpt-msg-shopper .cpt-bubble { background: var(--cpt-accent); color: var(--cpt-on-accent); border-color: transparent; }
.cpt-msg-agent .cpt-bubble { background: #fffaf0; border-color: #e5cf96; }
.cpt-msg-status { margin-top: 2px; font-size: 11px; color: #50555d; }
.cpt-msg[data-status="failed"] .cpt-msg-status { color: #a11d1d; font-weight: 600; }
.cpt-products { list-style: none; margin-top: 8px; display: flex; flex-direction: column; gap: 8px; width: 100%; }
.cpt-product-card { display: flex; gap: 10px; padding: 8px; background: #ffffff; border: 1px solid #d3d7dd;
  border-radius: 10px; }
.cpt-product-image { flex: none; width: 64px; height: 64px; object-fit: cover; border-radius: 6px; background: #eceef1; }
.cpt-product-body { min-width: 0; display: flex; flex-direction: column; gap: 1px; font-size: 13px; }
.cpt-product-title { font-size: 14px; font-weight: 600; overflow-wrap: anywhere; }
.cpt-product-price { font-weight: 600; }
.cpt-availability[data-availability="in_stock"] { color: #1b5e20; }
.cpt-availability[data-availability="low_stock"] { color: #8a4b00; }
.cpt-availability[data-availability="out_of_stock"] { color: #a11d1d; }
.cpt-product-variants { color: #474c54; }
.cpt-product-link, .cpt-source { color: #0b4fa8; text-decoration: underline; border-radius: 2px; }
.cpt-sources { margin-top: 6px; font-size: 12px; color: #474c54; }
.cpt-rating { display: flex; gap: 4px; align-items: center; margin-top: 4px; font-size: 12px; color: #474c54; }
.cpt-rate { border: 1px solid #c9ccd1; background: #fff; border-radius: 12px; padding: 1px 8px; cursor: pointer;
  font-size: 13px; line-height: 18px; }
.cpt-rate[aria-pressed="true"] { background: #e6efe9; border-color: #1f6f4a; }
.cpt-rate:focus-visible { outline: 2px solid #1f6f4a; outline-offset: 1px; }
.cpt-source-list { list-style: none; display: flex; flex-wrap: wrap; gap: 2px 12px; }
.cpt-error { align-self: center; max-width: 95%; padding: 4px 10px; font-size: 12px; color: #8a1c1c;
  background: #fdf0f0; border: 1px solid #eec4c4; border-radius: 8px; }
.cpt-typing { display: flex; align-items: center; gap: 8px; padding: 4px 14px 8px; font-size: 13px;
  color: #474c54; background: #f5f6f8; }
.cpt-dots { display: inline-flex; gap: 3px; }
.cpt-dots span { width: 6px; height: 6px; border-radius: 50%; background: currentColor;
  animation: cpt-bounce 1.2s infinite ease-in-out both; }
.cpt-dots span:nth-child(2) { animation-delay: .15s; }
.cpt-dots span:nth-child(3) { animation-delay: .3s; }
@keyframes cpt-bounce { 0%, 80%, 100% { opacity: .3; transform: translateY(0); }
  40% { opacity: 1; transform: translateY(-3px); } }
.cpt-handoff { padding: 8px 14px; font-size: 13px; color: #3d2a00; background: #fff6e0;
  border-bottom: 1px solid #e5cf96; display: flex; flex-direction: column; gap: 4px; }
.cpt-handoff[data-state="returned"], .cpt-handoff[data-state="closed"] { color: #2b2f36; background: #eef1f4;
  border-bottom-color: #d3d7dd; }
.cpt-handoff-status { font-weight: 700; }
.cpt-handoff-notice { font-weight: 600; color: #5a3d00; }
.cpt-contact { display: flex; flex-direction: column; gap: 4px; margin-top: 2px; }
.cpt-contact-row { display: flex; gap: 6px; }
.cpt-contact-input { flex: 1; min-width: 0; height: 34px; padding: 4px 8px; font-size: 15px; color: #1a1a1a;
  background: #ffffff; border: 1px solid #767c85; border-radius: 8px; }
.cpt-contact-send { flex: none; height: 34px; padding: 0 10px; border: 0; border-radius: 8px; cursor: pointer;
  font-weight: 600; background: var(--cpt-accent); color: var(--cpt-on-accent); }
.cpt-contact-error { color: #8a1c1c; font-weight: 600; }
.cpt-contact-saved { font-weight: 600; color: #1b5e20; }
.cpt-event { align-self: center; max-width: 95%; padding: 4px 10px; font-size: 12px; text-align: center;
  color: #3d2a00; background: #fff6e0; border: 1px solid #e5cf96; border-radius: 8px; }
.cpt-actions { display: flex; justify-content: flex-start; padding: 8px 10px 0; background: #ffffff;
  border-top: 1px solid #d3d7dd; }
.cpt-actions:not([hidden]) + .cpt-composer { border-top: 0; }
.cpt-handoff-button { display: inline-flex; align-items: center; gap: 6px; padding: 4px 12px; font-size: 13px;
  font-weight: 600; color: #1a1a1a; background: #ffffff; border: 1px solid #767c85; border-radius: 999px;
  cursor: pointer; }
.cpt-handoff-button svg { width: 16px; height: 16px; fill: currentColor; }
.cpt-handoff-button:disabled { cursor: default; color: #50555d; border-color: #b4b9c0; }
:host([data-handoff="assigned"]) .cpt-badge { background: #fff6e0; color: #5a3d00; }
.cpt-connection { padding: 4px 10px; font-size: 12px; text-align: center; color: #5a3d00; background: #fff3d1; }
.cpt-composer { display: flex; align-items: flex-end; gap: 8px; padding: 10px; background: #ffffff;
  border-top: 1px solid #d3d7dd; }
.cpt-input { flex: 1; min-width: 0; height: 42px; min-height: 42px; max-height: 140px; resize: none;
  padding: 9px 10px; font-size: 16px; line-height: 1.4; color: #1a1a1a; background: #ffffff;
  border: 1px solid #767c85; border-radius: 10px; }
.cpt-input::placeholder { color: #6b7079; opacity: 1; }
.cpt-send { flex: none; height: 42px; padding: 0 14px; border: 0; border-radius: 10px; cursor: pointer;
  font-weight: 600; background: var(--cpt-accent); color: var(--cpt-on-accent); }
@media (max-width: 480px) {
  .cpt-panel, :host([data-position="left"]) .cpt-panel { top: 0; right: 0; bottom: 0; left: 0; width: 100%;
    max-width: none; height: 100%; max-height: none; border-radius: 0; border: 0; }
  :host([data-panel="open"]) .cpt-launcher { display: none; }
}
@media (prefers-reduced-motion: reduce) {
  .cpt-dots span { animation: none; opacity: .7; }
  .cpt-log { scroll-behavior: auto; }
}
`;

  const ICON_CHAT = "M20 2H4a2 2 0 0 0-2 2v18l4-4h14a2 2 0 0 0 2-2V4a2 2 0 0 0-2-2zM6 9h12v2H6zm8 5H6v-2h8zm4-6H6V6h12z";
  const ICON_PERSON = "M12 12a4.5 4.5 0 1 0 0-9 4.5 4.5 0 0 0 0 9zm0 2c-3.3 0-9 1.7-9 5v2h18v-2c0-3.3-5.7-5-9-5z";
  const ICON_CLOSE = "M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z";

  const store = {
    get(area, key) {
      try { return window[area].getItem(key); } catch (_) { return null; }
    },
    set(area, key, value) {
      try {
        if (value == null) window[area].removeItem(key);
        else window[area].setItem(key, value);
      } catch (_) { /* storage disabled or full: memory still works */ }
    },
  };
  const key = (name) => `comptoir:${ORIGIN}:${name}`;

  const state = {
    socket: null,
    welcomed: false,
    everWelcomed: false,
    awaitingHistory: false,
    attempt: 0,
    retryTimer: 0,
    historyTimer: 0,
    ackTimer: 0,
    started: false,
    open: false,
    session: store.get("localStorage", key("session")),
    pending: loadPending(),
    inFlight: null,
    sentHere: new Set(),
    timedOut: new Set(),
    lastSubmittedId: null,
    index: new Map(),
    disclosureEl: null,
    handoff: "none",
    agentName: "",
    queuePosition: null,
    handoffWanted: false,
    handoffSent: false,
    handoffTimer: 0,
    handoffText: "",
    unavailable: false,
    handoffCheckTimer: 0,
    awaitingHandoff: false,
    contactSaved: false,
    contactSending: false,
    typingFrom: null,
    streams: new Map(),
    agentTypingTimer: 0,
    shopperTyping: false,
    shopperTypingSentAt: 0,
    shopperIdleTimer: 0,
    customer: false,
    remember: false,
    rememberSending: false,
    dataPending: null,
    welcomeBackEl: null,
  };
  let ui = null;

  // ---- script, locale, ids ---------------------------------------------------------------------------

  function findOwnScript() {
    const current = document.currentScript;
    if (current && current.src) return current;
    const scripts = document.querySelectorAll("script[src]");
    for (let i = scripts.length - 1; i >= 0; i -= 1) {
      try {
        if (new URL(scripts[i].src, document.baseURI).pathname.endsWith("/widget.js")) return scripts[i];
      } catch (_) { /* unparsable src */ }
    }
    return null;
  }

  // Text cut by code points, never inside a surrogate pair, at most `max` of them; a surrogate already alone
  // (pasted from a broken source) becomes U+FFFD, since the server refuses text holding one.
  function wholeText(value, max = Infinity) {
    const points = [];
    for (const ch of String(value)) {
      if (points.length >= max) break;
      const code = ch.charCodeAt(0);
      points.push(ch.length === 1 && code >= 0xd800 && code <= 0xdfff ? "\ufffd" : ch);
    }
    return points.join("");
  }

  function pickLocale(...candidates) {
    for (const candidate of candidates) {
      const lang = String(candidate || "").trim().toLowerCase().split(/[-_]/)[0];
      if (lang === "fr" || lang === "en") return lang;
    }
    return "en";
  }

  function newId() {
    if (window.crypto && typeof crypto.randomUUID === "function") return crypto.randomUUID();
    const bytes = new Uint8Array(16);
    if (window.crypto && crypto.getRandomValues) crypto.getRandomValues(bytes);
    else for (let i = 0; i < 16; i += 1) bytes[i] = Math.floor(Math.random() * 256);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  function loadPending() {
    try {
      const list = JSON.parse(store.get("sessionStorage", key("pending")) || "[]");
      if (!Array.isArray(list)) return [];
      return list
        .filter((e) => e && typeof e.id === "string" && typeof e.text === "string")
        .slice(-MAX_PENDING)
        .map((e) => ({ id: e.id, text: e.text }));
    } catch (_) {
      return [];
    }
  }

  function savePending() {
    store.set("sessionStorage", key("pending"), state.pending.length ? JSON.stringify(state.pending) : null);
  }

  function takePending(id) {
    const i = state.pending.findIndex((e) => e.id === id);
    if (i < 0) return null;
    const [entry] = state.pending.splice(i, 1);
    savePending();
    return entry;
  }

  // ---- safe values -----------------------------------------------------------------------------------

  function safeUrl(value, allowServerPath) {
    if (typeof value !== "string" || !value.trim()) return null;
    let url;
    try {
      const relative = allowServerPath && value.startsWith("/") && !value.startsWith("//");
      url = relative ? new URL(value, ORIGIN) : new URL(value);
      if (relative && url.origin !== ORIGIN) return null;
    } catch (_) {
      return null;
    }
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  }

  function str(value) {
    return typeof value === "string" ? value : typeof value === "number" ? String(value) : "";
  }

  function formatPrice(price, currency) {
    const amount = typeof price === "number" ? price : typeof price === "string" && price.trim() ? Number(price) : NaN;
    if (!Number.isFinite(amount)) return str(price);
    if (typeof currency === "string" && /^[A-Za-z]{3}$/.test(currency)) {
      try {
        return new Intl.NumberFormat(LOCALE, { style: "currency", currency: currency.toUpperCase() }).format(amount);
      } catch (_) { /* unknown currency code */ }
    }
    const plain = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount);
    return currency ? `${plain} ${str(currency)}` : plain;
  }

  // ---- DOM helpers -----------------------------------------------------------------------------------

  function h(tag, opts = {}, children = []) {
    const node = document.createElement(tag);
    if (opts.class) node.className = opts.class;
    if (opts.text != null) node.textContent = String(opts.text);
    for (const [name, value] of Object.entries(opts.attrs || {})) node.setAttribute(name, value);
    for (const child of children) if (child) node.append(child);
    return node;
  }

  function icon(d) {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    const path = document.createElementNS(ns, "path");
    path.setAttribute("d", d);
    svg.append(path);
    return svg;
  }

  function link(href, text, className) {
    return h("a", { class: className, text, attrs: { href, target: "_blank", rel: "noopener noreferrer" } });
  }

  function placeAfter(anchor, node) {
    if (anchor && anchor.parentNode === ui.log) anchor.after(node);
    else ui.log.append(node);
  }

  function laterOf(a, b) {
    if (!a || a.parentNode !== ui.log) return b;
    return a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? b : a;
  }

  function scrollToEnd(force) {
    const log = ui.log;
    if (force || log.scrollHeight - log.scrollTop - log.clientHeight < 80) log.scrollTop = log.scrollHeight;
  }

  // ---- building the widget ---------------------------------------------------------------------------

  function buildUi() {
    const host = document.createElement("comptoir-widget");
    host.setAttribute("data-position", POSITION);
    host.setAttribute("data-connection", "offline");
    host.setAttribute("data-panel", "closed");
    host.setAttribute("data-typing", "false");
    host.setAttribute("data-handoff", "none");
    const root = host.attachShadow({ mode: "open" });
    addStyles(root);

    const launcher = h("button", {
      class: "cpt-launcher",
      attrs: { type: "button", "aria-expanded": "false", "aria-controls": "cpt-panel", "aria-label": t.launcher },
    }, [icon(ICON_CHAT)]);
    const close = h("button", { class: "cpt-close", attrs: { type: "button", "aria-label": t.close } }, [icon(ICON_CLOSE)]);
    const badge = h("span", { class: "cpt-badge", text: t.badge });
    const header = h("div", { class: "cpt-header" }, [
      h("h2", { class: "cpt-title", text: TITLE }),
      badge,
      close,
    ]);
    const handoffStatus = h("p", { class: "cpt-handoff-status" });
    const handoffDetail = h("p", { class: "cpt-handoff-detail" });
    const handoffNotice = h("p", { class: "cpt-handoff-notice", attrs: { hidden: "" } });
    const contactInput = h("input", {
      class: "cpt-contact-input",
      attrs: {
        id: "cpt-contact-input", type: "text", inputmode: "email", autocomplete: "email",
        maxlength: String(MAX_CONTACT_CHARS), placeholder: t.contactLabel,
      },
    });
    const contactSend = h("button", { class: "cpt-contact-send", text: t.contactSend, attrs: { type: "submit" } });
    const contactError = h("p", { class: "cpt-contact-error", attrs: { role: "alert", hidden: "" } });
    const contactForm = h("form", { class: "cpt-contact", attrs: { novalidate: "", hidden: "" } }, [
      h("label", { class: "cpt-contact-label", text: t.contactPrompt, attrs: { for: "cpt-contact-input" } }),
      h("div", { class: "cpt-contact-row" }, [contactInput, contactSend]),
      contactError,
    ]);
    const contactSaved = h("p", { class: "cpt-contact-saved", text: t.contactSaved, attrs: { role: "status", hidden: "" } });
    const handoff = h("div", { class: "cpt-handoff", attrs: { hidden: "", "data-state": "none" } }, [
      h("div", { attrs: { role: "status", "aria-live": "polite" } }, [handoffStatus, handoffDetail, handoffNotice]),
      contactForm,
      contactSaved,
    ]);
    const log = h("div", { class: "cpt-log", attrs: { role: "log", "aria-live": "polite", "aria-label": TITLE, tabindex: "0" } });
    const typingText = h("span", { text: t.typing });
    const typing = h("div", { class: "cpt-typing", attrs: { role: "status", hidden: "" } }, [
      h("span", { class: "cpt-dots", attrs: { "aria-hidden": "true" } }, [h("span"), h("span"), h("span")]),
      typingText,
    ]);
    const connection = h("p", { class: "cpt-connection", attrs: { role: "status", hidden: "" } });
    const handoffButton = h("button", { class: "cpt-handoff-button", attrs: { type: "button" } }, [
      icon(ICON_PERSON),
      h("span", { text: t.handoffButton }),
    ]);
    const actions = h("div", { class: "cpt-actions" }, [handoffButton]);
    const input = h("textarea", {
      class: "cpt-input",
      attrs: { id: "cpt-input", rows: "1", placeholder: t.placeholder, autocomplete: "off", enterkeyhint: "send" },
    });
    const send = h("button", { class: "cpt-send", text: t.send, attrs: { type: "submit" } });
    const form = h("form", { class: "cpt-composer", attrs: { novalidate: "" } }, [
      h("label", { class: "cpt-visually-hidden", text: t.inputLabel, attrs: { for: "cpt-input" } }),
      input,
      send,
    ]);
    const dataUi = yourDataNode();
    const panel = h("section", {
      class: "cpt-panel",
      attrs: { id: "cpt-panel", role: "dialog", "aria-label": `${TITLE} – ${t.dialog}`, lang: LOCALE, hidden: "" },
    }, [header, handoff, log, typing, connection, actions, form]);

    root.append(h("div", { class: "cpt-root", attrs: { lang: LOCALE } }, [panel, launcher]));
    document.body.append(host);
    ui = {
      host, root, launcher, close, badge, panel, log, typing, typingText, connection, input, send, form,
      handoff, handoffStatus, handoffDetail, handoffNotice, handoffButton, actions,
      contactForm, contactInput, contactSend, contactError, contactSaved, ...dataUi,
    };
    applyAccent();
    bindEvents();
  }

  // A constructed stylesheet is not blocked by a page's CSP style-src (an inline <style> is, and
  // reports a violation), so it is preferred; the <style> element serves older browsers.
  function addStyles(root) {
    try {
      if ("adoptedStyleSheets" in root && typeof CSSStyleSheet.prototype.replaceSync === "function") {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(STYLES);
        root.adoptedStyleSheets = [sheet];
        return;
      }
    } catch (_) { /* fall back to <style> */ }
    root.append(h("style", { text: STYLES }));
  }

  function applyAccent() {
    const wanted = (script.dataset.accent || "").trim();
    const valid = wanted && window.CSS && window.CSS.supports("color", wanted) && !/var\(|url\(/i.test(wanted);
    ui.host.style.setProperty("--cpt-accent", valid ? wanted : DEFAULT_ACCENT);
    const channels = (getComputedStyle(ui.launcher).backgroundColor.match(/[\d.]+/g) || []).map(Number);
    if (channels.length < 3) return;
    const [r, g, b] = channels.map((c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    ui.host.style.setProperty("--cpt-on-accent", luminance > 0.179 ? "#111111" : "#ffffff");
  }

  function bindEvents() {
    ui.launcher.addEventListener("click", () => (state.open ? closePanel(true) : openPanel(true)));
    ui.close.addEventListener("click", () => closePanel(true));
    ui.root.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && state.open) {
        event.preventDefault();
        closePanel(true);
      }
    });
    ui.input.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" || event.shiftKey || event.isComposing || event.keyCode === 229) return;
      event.preventDefault();
      submitDraft();
    });
    ui.input.addEventListener("input", () => {
      autosize();
      noteShopperTyping();
    });
    ui.input.addEventListener("blur", () => stopShopperTyping());
    ui.handoffButton.addEventListener("click", requestHandoff);
    ui.contactForm.addEventListener("submit", (event) => {
      event.preventDefault();
      submitContact();
    });
    ui.form.addEventListener("submit", (event) => {
      event.preventDefault();
      submitDraft();
    });
    window.addEventListener("online", () => {
      if (state.started && !state.socket) {
        state.attempt = 0;
        connect();
      }
    });
  }

  function autosize() {
    const input = ui.input;
    input.style.height = "auto";
    input.style.height = `${Math.min(Math.max(input.scrollHeight + 2, 42), 140)}px`;
  }

  // ---- panel -----------------------------------------------------------------------------------------

  function openPanel(focus) {
    state.open = true;
    ui.panel.hidden = false;
    ui.launcher.setAttribute("aria-expanded", "true");
    ui.launcher.replaceChildren(icon(ICON_CLOSE));
    ui.host.setAttribute("data-panel", "open");
    store.set("sessionStorage", key("open"), "1");
    start();
    scrollToEnd(true);
    if (focus) ui.input.focus();
  }

  function closePanel(returnFocus) {
    const focusInside = ui.root.activeElement != null;
    state.open = false;
    ui.panel.hidden = true;
    ui.launcher.setAttribute("aria-expanded", "false");
    ui.launcher.replaceChildren(icon(ICON_CHAT));
    ui.host.setAttribute("data-panel", "closed");
    store.set("sessionStorage", key("open"), null);
    if (returnFocus || focusInside) ui.launcher.focus();
  }

  function setConnection(value) {
    ui.host.setAttribute("data-connection", value);
    ui.connection.hidden = value === "open";
    ui.connection.textContent = state.everWelcomed || state.attempt > 0 ? t.reconnecting : t.connecting;
  }

  // One indicator, for whoever writes: the assistant or a person. Without a frame it is simply hidden;
  // a frame saying someone stopped hides it only if that someone is the one shown.
  function showTyping(on, frame) {
    const from = frame && frame.from === "agent" && frame.ai === false ? "agent" : "assistant";
    clearTimeout(state.agentTypingTimer);
    if (!on) {
      if (frame && state.typingFrom && state.typingFrom !== from) return;
      state.typingFrom = null;
      ui.typing.hidden = true;
      ui.host.setAttribute("data-typing", "false");
      ui.host.removeAttribute("data-typing-from");
      return;
    }
    const name = from === "agent" ? str(frame.agent).trim() : "";
    ui.typingText.textContent = from === "assistant" ? t.typing : name ? t.typingAgent.replace("{name}", name) : t.typingPerson;
    state.typingFrom = from;
    ui.typing.hidden = false;
    ui.host.setAttribute("data-typing", "true");
    ui.host.setAttribute("data-typing-from", from);
    // A person's indicator that is never turned off (their console went away) does not stay forever.
    if (from === "agent") state.agentTypingTimer = setTimeout(() => showTyping(false), AGENT_TYPING_STALE_MS);
    scrollToEnd(false);
  }

  // ---- talking to a person ---------------------------------------------------------------------------

  function requestHandoff() {
    if (WITH_PERSON.has(state.handoff)) return;
    state.handoffWanted = true;
    renderHandoff();
    start();
    flushHandoff();
  }

  function flushHandoff() {
    if (!state.handoffWanted || state.handoffSent || !state.welcomed || state.awaitingHistory) return;
    if (!sendFrame({ type: "handoff" })) return;
    state.handoffSent = true;
    clearTimeout(state.handoffTimer);
    state.handoffTimer = setTimeout(handoffUnanswered, HANDOFF_ANSWER_MS);
  }

  // The server answers a request with a handoff frame; without one the button comes back to be tried again.
  function handoffUnanswered() {
    if (!state.handoffWanted || !state.handoffSent) return;
    state.handoffWanted = false;
    state.handoffSent = false;
    renderHandoff();
  }

  function onHandoff(frame) {
    const next = ["queued", "assigned", "returned", "closed"].includes(frame.state) ? frame.state : null;
    if (!next) return;
    const previous = state.handoff;
    const previousAgent = state.agentName;
    clearTimeout(state.handoffCheckTimer);
    clearTimeout(state.handoffTimer);
    state.awaitingHandoff = false;
    state.handoffWanted = false;
    state.handoffSent = false;
    state.handoff = next;
    if (str(frame.agent).trim()) state.agentName = str(frame.agent).trim();
    state.queuePosition = next === "queued" && Number.isInteger(frame.position) && frame.position > 0 ? frame.position : null;
    state.unavailable = next === "queued" && (frame.agents_online === false || frame.open === false);
    state.handoffText = str(frame.text).trim();
    if (next !== "queued") state.contactSaved = false;
    if (!WITH_PERSON.has(next)) stopShopperTyping();
    // Nobody answers as the assistant while a person is expected; a person's indicator ends with them.
    if (WITH_PERSON.has(next) ? state.typingFrom === "assistant" : state.typingFrom === "agent") showTyping(false);
    if (next !== previous || (next === "assigned" && state.agentName !== previousAgent)) {
      eventLine(state.handoffText || fallbackText(next));
    }
    renderHandoff();
  }

  function fallbackText(value) {
    const name = state.agentName || t.someone;
    if (value === "queued") return t.waiting;
    if (value === "assigned") return t.joined.replace("{name}", name);
    if (value === "returned") return t.returned;
    return t.closedStatus;
  }

  function renderHandoff() {
    const value = state.handoff;
    const host = ui.host;
    host.setAttribute("data-handoff", value);
    if (value === "queued" && state.queuePosition) host.setAttribute("data-queue-position", String(state.queuePosition));
    else host.removeAttribute("data-queue-position");

    const withPerson = WITH_PERSON.has(value);
    ui.actions.hidden = withPerson;
    ui.handoffButton.disabled = state.handoffWanted;
    ui.handoffButton.lastChild.textContent = state.handoffWanted ? t.handoffAsking : t.handoffButton;
    ui.badge.textContent = value === "assigned" ? t.badgePerson : t.badge;

    ui.handoff.hidden = value === "none";
    ui.handoff.dataset.state = value;
    let status = "";
    let detail = "";
    if (value === "queued") {
      status = state.queuePosition ? t.queuePosition.replace("{n}", String(state.queuePosition)) : t.waiting;
      detail = t.queuedHint;
    } else if (value === "assigned") {
      status = t.joined.replace("{name}", state.agentName || t.someone);
      detail = t.withPerson;
    } else if (value === "returned" || value === "closed") {
      status = state.handoffText || fallbackText(value);
    }
    ui.handoffStatus.textContent = status;
    ui.handoffDetail.textContent = detail;
    ui.handoffDetail.hidden = !detail;

    // Nobody online or the shop closed: say so in the server's words, and offer to leave a contact.
    const unavailable = value === "queued" && state.unavailable;
    ui.handoffNotice.textContent = unavailable ? state.handoffText || t.unavailable : "";
    ui.handoffNotice.hidden = !unavailable;
    ui.contactForm.hidden = !unavailable || state.contactSaved;
    ui.contactSaved.hidden = !unavailable || !state.contactSaved;
    ui.contactSend.disabled = state.contactSending;
    if (ui.contactForm.hidden) ui.contactError.hidden = true;
  }

  function submitContact() {
    const contact = ui.contactInput.value.trim();
    if (!contact || state.contactSending) return;
    ui.contactError.hidden = true;
    if (!sendFrame({ type: "contact", contact: wholeText(contact, MAX_CONTACT_CHARS) })) {
      ui.contactError.textContent = ui.connection.textContent || t.error;
      ui.contactError.hidden = false;
      return;
    }
    state.contactSending = true;
    renderHandoff();
  }

  function onContact(frame) {
    if (frame.saved !== true) {
      contactRefused(frame.message);
      return;
    }
    state.contactSending = false;
    state.contactSaved = true;
    ui.contactInput.value = "";
    renderHandoff();
  }

  function contactRefused(message) {
    state.contactSending = false;
    ui.contactError.textContent = str(message).trim() || t.error;
    ui.contactError.hidden = false;
    renderHandoff();
    ui.contactInput.focus();
  }

  // The shopper's typing, for the person who reads them: only while a person is expected or there.
  // "true" at most every TYPING_REPEAT_MS while keys are pressed, "false" after TYPING_IDLE_MS idle or on send.
  function noteShopperTyping() {
    if (!WITH_PERSON.has(state.handoff)) return;
    if (!ui.input.value.trim()) {
      stopShopperTyping();
      return;
    }
    const now = Date.now();
    if (!state.shopperTyping || now - state.shopperTypingSentAt >= TYPING_REPEAT_MS) {
      if (sendFrame({ type: "typing", state: true })) {
        state.shopperTyping = true;
        state.shopperTypingSentAt = now;
      }
    }
    clearTimeout(state.shopperIdleTimer);
    state.shopperIdleTimer = setTimeout(stopShopperTyping, TYPING_IDLE_MS);
  }

  function stopShopperTyping() {
    clearTimeout(state.shopperIdleTimer);
    if (!state.shopperTyping) return;
    state.shopperTyping = false;
    state.shopperTypingSentAt = 0;
    sendFrame({ type: "typing", state: false });
  }

  // After a resume the server sends a handoff frame right after the history when a person is expected or
  // there; if none comes, the conversation went back to the assistant while this page was away.
  function expectHandoffAfterHistory() {
    clearTimeout(state.handoffCheckTimer);
    state.awaitingHandoff = WITH_PERSON.has(state.handoff);
    if (state.awaitingHandoff) state.handoffCheckTimer = setTimeout(noHandoffAfterHistory, HANDOFF_AFTER_HISTORY_MS);
  }

  function noHandoffAfterHistory() {
    clearTimeout(state.handoffCheckTimer);
    if (!state.awaitingHandoff) return;
    state.awaitingHandoff = false;
    if (!WITH_PERSON.has(state.handoff)) return;
    state.handoff = "returned";
    state.handoffText = "";
    state.queuePosition = null;
    stopShopperTyping();
    if (state.typingFrom === "agent") showTyping(false);
    eventLine(t.returned);
    renderHandoff();
  }

  function eventLine(text) {
    ui.log.append(h("p", { class: "cpt-event", text: str(text) }));
    scrollToEnd(false);
  }

  // ---- your data, and being remembered ---------------------------------------------------------------

  function yourDataNode() {
    const dataCopy = h("button", { class: "cpt-data-copy", text: t.dataCopy, attrs: { type: "button" } });
    const dataErase = h("button", {
      class: "cpt-data-erase",
      text: t.dataErase,
      attrs: { type: "button", "aria-expanded": "false", "aria-controls": "cpt-erase-confirm" },
    });
    const dataActions = h("div", { class: "cpt-data-actions" }, [dataCopy, dataErase]);
    const eraseYes = h("button", { class: "cpt-erase-yes", text: t.eraseYes, attrs: { type: "button" } });
    const eraseNo = h("button", { class: "cpt-erase-no", text: t.eraseNo, attrs: { type: "button" } });
    const eraseConfirm = h("div", {
      class: "cpt-erase-confirm",
      attrs: { id: "cpt-erase-confirm", role: "group", "aria-labelledby": "cpt-erase-question", hidden: "" },
    }, [
      h("p", { class: "cpt-erase-question", text: t.eraseQuestion, attrs: { id: "cpt-erase-question" } }),
      h("div", { class: "cpt-erase-buttons" }, [eraseYes, eraseNo]),
    ]);
    const rememberBox = h("input", { class: "cpt-remember-box", attrs: { type: "checkbox" } });
    const rememberLabel = h("label", { class: "cpt-remember", attrs: { hidden: "" } }, [
      rememberBox,
      h("span", { text: t.remember }),
    ]);
    const rememberNote = h("p", { class: "cpt-remember-note", attrs: { role: "status" } });
    const yourData = h("div", { class: "cpt-yourdata", attrs: { role: "group", "aria-labelledby": "cpt-yourdata-title" } }, [
      h("p", { class: "cpt-yourdata-title", text: t.yourData, attrs: { id: "cpt-yourdata-title" } }),
      dataActions,
      eraseConfirm,
      rememberLabel,
      rememberNote,
    ]);
    dataCopy.addEventListener("click", () => requestData("access"));
    dataErase.addEventListener("click", () => askErase(true));
    eraseNo.addEventListener("click", () => askErase(false));
    eraseYes.addEventListener("click", () => {
      askErase(false);
      requestData("erasure");
    });
    eraseConfirm.addEventListener("keydown", (event) => {
      if (event.key !== "Escape") return;
      event.preventDefault();
      event.stopPropagation();
      askErase(false);
    });
    rememberBox.addEventListener("change", () => chooseRemember(rememberBox.checked));
    return { yourData, dataActions, dataErase, eraseConfirm, eraseNo, rememberLabel, rememberBox, rememberNote };
  }

  // "Your data" sits in the disclosure of the conversation; the choice to be remembered is a known customer's.
  function showYourData(frame) {
    state.customer = frame.customer === true;
    state.remember = state.customer && !!frame.consent && frame.consent.remember === true;
    state.rememberSending = false;
    if (state.disclosureEl && ui.yourData.parentNode !== state.disclosureEl) state.disclosureEl.append(ui.yourData);
    renderYourData();
  }

  function renderYourData() {
    ui.yourData.setAttribute("aria-busy", String(state.dataPending !== null || state.rememberSending));
    ui.rememberLabel.hidden = !state.customer;
    ui.rememberBox.disabled = state.rememberSending;
    if (!state.rememberSending) ui.rememberBox.checked = state.remember;
  }

  // An erasure cannot be undone: it is asked for only once the shopper confirms it here.
  function askErase(open) {
    ui.eraseConfirm.hidden = !open;
    ui.dataActions.hidden = open;
    ui.dataErase.setAttribute("aria-expanded", String(open));
    (open ? ui.eraseNo : ui.dataErase).focus();
  }

  function requestData(kind) {
    if (state.dataPending) return;
    if (!state.welcomed || !sendFrame({ type: "data_request", kind })) {
      systemLine(t.notConnected);
      return;
    }
    state.dataPending = kind;
    renderYourData();
  }

  function onDataRequest(frame) {
    state.dataPending = null;
    renderYourData();
    noticeLine(str(frame.message).trim() || t.requestSent);
  }

  // The data-protection team made a copy of the shopper's data ready: it is fetched over this conversation's
  // own socket (the session proves who asks) and saved as a file; nothing of it is shown or kept here.
  function onDataReady(frame) {
    const id = str(frame.id);
    const button = h("button", { class: "cpt-download", text: t.downloadCopy, attrs: { type: "button" } });
    button.addEventListener("click", () => {
      if (!state.welcomed || !sendFrame({ type: "data_download", id })) systemLine(t.notConnected);
    });
    ui.log.append(h("div", { class: "cpt-notice cpt-data-ready" }, [
      h("p", { text: str(frame.message).trim() || t.copyReady }),
      button,
    ]));
    scrollToEnd(true);
  }

  function onDataCopy(frame) {
    const blob = new Blob([JSON.stringify(frame.document, null, 2)], { type: "application/json" });
    const link = h("a", { attrs: { href: URL.createObjectURL(blob), download: str(frame.filename) || "my-data.json" } });
    ui.root.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60000);
    for (const node of ui.log.querySelectorAll(".cpt-download")) node.disabled = true;
    noticeLine(t.copySaved);
  }

  // The shop erased this conversation at the shopper's request: its session is forgotten here too, and the
  // chat goes on in a new conversation (with its own disclosure). What is on screen stays on screen.
  function onErased(frame) {
    state.session = null;
    store.set("localStorage", key("session"), null);
    noticeLine(str(frame.message).trim() || t.erased);
    if (state.welcomed) {
      state.welcomed = false;
      sendFrame({
        type: "hello", session: null, locale: LOCALE, ...(CUSTOMER_TOKEN ? { customer: CUSTOMER_TOKEN } : {}),
      });
    }
  }

  function chooseRemember(remember) {
    if (!state.welcomed || !sendFrame({ type: "consent", remember })) {
      systemLine(t.notConnected);
      renderYourData();
      return;
    }
    state.rememberSending = true;
    renderYourData();
  }

  function onConsent(frame) {
    state.remember = frame.remember === true;
    state.rememberSending = false;
    ui.rememberNote.textContent = state.remember ? t.remembering : t.forgotten;
    if (!state.remember) showWelcomeBack(null);
    renderYourData();
  }

  // A known customer who chose to be remembered is welcomed back in a new conversation with what they
  // asked about, each topic a question they can send with one click; "Forget me" withdraws the choice.
  function showWelcomeBack(remembered) {
    if (state.welcomeBackEl) state.welcomeBackEl.remove();
    state.welcomeBackEl = null;
    if (!remembered || typeof remembered !== "object" || !state.disclosureEl) return;
    const topics = (Array.isArray(remembered.interests) ? remembered.interests : [])
      .map((topic) => str(topic).trim())
      .filter(Boolean)
      .slice(-MAX_TOPICS)
      .reverse();
    const chips = topics.map((topic) => {
      const question = t.showMe.replace("{topic}", () => lowerFirst(topic));
      const chip = h("button", { class: "cpt-chip", text: question, attrs: { type: "button" } });
      chip.addEventListener("click", () => submit(question));
      return chip;
    });
    const forget = h("button", { class: "cpt-forget", text: t.forgetMe, attrs: { type: "button" } });
    forget.addEventListener("click", () => chooseRemember(false));
    const node = h("div", { class: "cpt-welcome-back" }, [
      h("p", { class: "cpt-welcome-back-text", text: topics.length ? `${t.welcomeBack} ${t.welcomeTopics}` : t.welcomeBack }),
      chips.length ? h("div", { class: "cpt-chips" }, chips) : null,
      forget,
    ]);
    state.disclosureEl.after(node);
    state.welcomeBackEl = node;
  }

  // "Tents" reads "Show me tents"; an acronym ("GPS watches") keeps its capitals.
  function lowerFirst(text) {
    if (!/^\p{Lu}\p{Ll}/u.test(text)) return text;
    const [first] = text;
    return first.toLocaleLowerCase(LOCALE) + text.slice(first.length);
  }

  function noticeLine(text) {
    ui.log.append(h("p", { class: "cpt-notice", text: str(text) }));
    scrollToEnd(true);
  }

  // ---- rendering -------------------------------------------------------------------------------------

  function shopperNode(id, text, status) {
    const node = h("div", { class: "cpt-msg cpt-msg-shopper" }, [
      h("p", { class: "cpt-meta" }, [h("span", { class: "cpt-sender", text: t.you })]),
      h("p", { class: "cpt-bubble", text: str(text) }),
      h("p", { class: "cpt-msg-status", attrs: { "aria-live": "off" } }),
    ]);
    node.dataset.id = id || "";
    setStatus(node, status);
    return node;
  }

  function setStatus(node, status) {
    node.dataset.status = status;
    const label = node.querySelector(".cpt-msg-status");
    const masked = status === "sent" && node.dataset.masked === "true";
    label.textContent = status === "sending" ? t.sending : status === "failed" ? t.notSent : masked ? t.masked : "";
    label.hidden = status === "sent" && !masked;
  }

  function replyNode(frame) {
    const agent = frame.from === "agent" && frame.ai === false;
    const meta = h("p", { class: "cpt-meta" }, agent
      ? [h("span", { class: "cpt-sender", text: str(frame.agent).trim() || t.person }),
        h("span", { class: "cpt-person-label", text: t.person })]
      : [h("span", { class: "cpt-sender", text: t.assistant }),
        h("span", { class: "cpt-ai-label", text: t.ai })]);
    const bubble = h("p", { class: "cpt-bubble", text: str(frame.text) });
    if (frame.lang === "fr" || frame.lang === "en") bubble.lang = frame.lang;
    return h("div", { class: `cpt-msg ${agent ? "cpt-msg-agent" : "cpt-msg-assistant"}` }, [
      meta,
      bubble,
      productsNode(frame.products),
      sourcesNode(frame.sources),
      agent ? null : ratingNode(str(frame.turn), frame.rating),
    ]);
  }

  // A thumbs up or down on an answer of the assistant: sent as a rating frame; pressing again takes it back.
  function ratingNode(turn, current) {
    if (!turn) return null;
    const note = h("span", { class: "cpt-rating-note", attrs: { "aria-live": "polite" } });
    const buttons = [["up", "\u{1F44D}", t.rateUp], ["down", "\u{1F44E}", t.rateDown]].map(([value, glyph, label]) =>
      h("button", {
        class: "cpt-rate",
        text: glyph,
        attrs: { type: "button", "aria-label": label, title: label, "data-rating": value,
                 "aria-pressed": String(current === value) },
      }));
    for (const button of buttons) {
      button.addEventListener("click", () => {
        const value = button.getAttribute("aria-pressed") === "true" ? null : button.dataset.rating;
        if (!sendFrame({ type: "rating", turn, value })) return;
        for (const other of buttons) other.setAttribute("aria-pressed", String(other.dataset.rating === value));
        note.textContent = value ? t.rated : "";
      });
    }
    return h("div", { class: "cpt-rating", attrs: { "data-turn": turn } }, [...buttons, note]);
  }

  function productsNode(products) {
    if (!Array.isArray(products)) return null;
    const cards = products.filter((p) => p && typeof p === "object").map(productCard);
    if (!cards.length) return null;
    return h("ul", { class: "cpt-products", attrs: { "aria-label": t.products } }, cards);
  }

  function productCard(product) {
    const title = str(product.title);
    const image = safeUrl(product.image_url, true); // a server path is a picture Comptoir serves (the demo shop's)
    const href = safeUrl(product.url, false);
    const availability = { in_stock: t.inStock, low_stock: t.lowStock, out_of_stock: t.outOfStock }[product.availability];
    return h("li", { class: "cpt-product-card" }, [
      image && h("img", {
        class: "cpt-product-image",
        attrs: { src: image, alt: title, loading: "lazy", decoding: "async", width: "64", height: "64" },
      }),
      h("div", { class: "cpt-product-body" }, [
        h("p", { class: "cpt-product-title", text: title }),
        h("p", { class: "cpt-product-price", text: formatPrice(product.price, product.currency) }),
        availability && h("p", {
          class: "cpt-availability",
          text: availability,
          attrs: { "data-availability": product.availability },
        }),
        variantsNode(product),
        href && link(href, t.viewProduct, "cpt-product-link"),
      ]),
    ]);
  }

  function variantsNode(product) {
    const list = (values) => (Array.isArray(values) ? values.map(str).filter(Boolean).join(", ") : "");
    const parts = [];
    if (list(product.sizes)) parts.push(t.sizes + t.colon + list(product.sizes));
    if (list(product.colours)) parts.push(t.colours + t.colon + list(product.colours));
    return parts.length ? h("p", { class: "cpt-product-variants", text: parts.join(" · ") }) : null;
  }

  function sourcesNode(sources) {
    if (!Array.isArray(sources)) return null;
    const seen = new Set();
    const items = [];
    for (const source of sources) {
      if (!source || source.kind === "product" || !str(source.title).trim()) continue;
      const href = safeUrl(source.url, true);
      const dedupe = href || source.title;
      if (seen.has(dedupe)) continue;
      seen.add(dedupe);
      items.push(h("li", {}, [href ? link(href, source.title, "cpt-source") : h("span", { text: source.title })]));
    }
    if (!items.length) return null;
    return h("div", { class: "cpt-sources" }, [
      h("p", { class: "cpt-sources-title", text: t.sources }),
      h("ul", { class: "cpt-source-list" }, items),
    ]);
  }

  function systemLine(text) {
    ui.log.append(h("p", { class: "cpt-error", text: str(text) || t.error }));
    scrollToEnd(false);
  }

  // Where the vault is on, the shopper is told so and may refuse it at any moment.
  function showPrivacy(vaultOn) {
    if (!state.disclosureEl) return;
    let line = state.disclosureEl.querySelector(".cpt-privacy");
    if (!line) {
      line = h("p", { class: "cpt-privacy" });
      state.disclosureEl.querySelector(".cpt-disclosure-text").after(line);
    }
    if (!vaultOn) {
      line.textContent = state.vaultDeclined ? t.vaultOff : "";
      return;
    }
    const decline = h("button", { class: "cpt-vault-decline", text: t.vaultDecline, attrs: { type: "button" } });
    decline.addEventListener("click", () => {
      if (sendFrame({ type: "privacy", vault: false })) decline.disabled = true;
    });
    line.replaceChildren(document.createTextNode(t.vaultOn), decline);
  }

  function onPrivacy(frame) {
    state.vaultDeclined = frame.vault === false;
    showPrivacy(frame.vault === true);
  }

  function showDisclosure(text, newConversation) {
    const message = str(text).trim() || t.disclosure;
    if (state.disclosureEl && !newConversation) {
      state.disclosureEl.querySelector(".cpt-disclosure-text").textContent = message;
      return;
    }
    const node = h("div", { class: "cpt-disclosure" }, [h("p", { class: "cpt-disclosure-text", text: message })]);
    if (newConversation) {
      ui.log.append(node);
      for (const entry of state.pending) {
        const bubble = state.index.get(`s:${entry.id}`);
        if (bubble) ui.log.append(bubble);
      }
    } else {
      ui.log.prepend(node);
    }
    state.disclosureEl = node;
  }

  // ---- de-duplication index ----------------------------------------------------------------------------

  function indexNode(kind, node, id, turn) {
    if (id) state.index.set(`${kind}:${id}`, node);
    if (turn) state.index.set(`${kind}:t:${turn}`, node);
  }

  function findNode(kind, id, turn) {
    const node = (id && state.index.get(`${kind}:${id}`)) || (turn && state.index.get(`${kind}:t:${turn}`));
    return node && node.isConnected ? node : null;
  }

  // ---- connection ------------------------------------------------------------------------------------

  function start() {
    if (state.started) return;
    state.started = true;
    connect();
  }

  function connect() {
    if (state.socket) return;
    clearTimeout(state.retryTimer);
    setConnection("connecting");
    let socket;
    try {
      socket = new WebSocket(WS_URL);
    } catch (_) {
      dropSocket(null, 0);
      return;
    }
    state.socket = socket;
    state.sentHere = new Set();
    state.inFlight = null;
    state.handoffSent = false;
    socket.onopen = () => sendFrame({
      type: "hello", session: state.session || null, locale: LOCALE, ...(CUSTOMER_TOKEN ? { customer: CUSTOMER_TOKEN } : {}),
    });
    socket.onmessage = (event) => onFrame(event.data);
    socket.onclose = (event) => dropSocket(socket, event.code);
    socket.onerror = () => dropSocket(socket, 0);
  }

  function dropSocket(socket, code) {
    if (socket !== state.socket) return;
    state.socket = null;
    state.welcomed = false;
    state.awaitingHistory = false;
    clearTimeout(state.historyTimer);
    clearTimeout(state.ackTimer);
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
      try { socket.close(); } catch (_) { /* already closing */ }
    }
    if (code === 1009 && state.inFlight) {
      failMessage(state.inFlight, true);
      systemLine(t.tooLarge);
    }
    state.inFlight = null;
    dropStreams();
    clearTimeout(state.shopperIdleTimer);
    clearTimeout(state.handoffCheckTimer);
    state.shopperTyping = false;
    state.awaitingHandoff = false;
    state.rememberSending = false;
    state.dataPending = null;
    renderYourData();
    if (state.contactSending) {
      state.contactSending = false;
      renderHandoff();
    }
    showTyping(false);
    setConnection("offline");
    scheduleReconnect(RESTART_CODES.has(code));
  }

  // Exponential back-off with jitter; after a server restart, the first pause is anywhere in RESTART_SPREAD_MS.
  function scheduleReconnect(restarting) {
    clearTimeout(state.retryTimer);
    const base = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** Math.min(state.attempt, 10));
    state.attempt += 1;
    const spread = restarting ? Math.max(base, RESTART_SPREAD_MS) : base;
    const delay = restarting ? MIN_DELAY_MS / 2 + Math.random() * spread : base / 2 + Math.random() * (base / 2);
    state.retryTimer = setTimeout(connect, delay);
  }

  function sendFrame(frame) {
    const socket = state.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(JSON.stringify(frame));
    return true;
  }

  function canSend() {
    return state.welcomed && !state.awaitingHistory && !state.inFlight;
  }

  function flushPending() {
    if (!canSend()) return;
    const entry = state.pending.find((e) => !state.sentHere.has(e.id));
    if (!entry || !sendFrame({ type: "message", id: entry.id, text: entry.text })) return;
    state.sentHere.add(entry.id);
    state.inFlight = entry.id;
    const socket = state.socket;
    clearTimeout(state.ackTimer);
    state.ackTimer = setTimeout(() => onAckTimeout(socket, entry.id), ACK_TIMEOUT_MS);
  }

  // A missing ack first means a dead connection: reconnect once. If it happens again for the same
  // message, stop holding the queue for it (it stays pending and is resent after the next reconnect).
  function onAckTimeout(socket, id) {
    if (socket !== state.socket || state.inFlight !== id) return;
    if (!state.timedOut.has(id)) {
      state.timedOut.add(id);
      dropSocket(socket, 0);
      return;
    }
    state.inFlight = null;
    flushPending();
  }

  // ---- incoming frames -------------------------------------------------------------------------------

  function onFrame(data) {
    let frame;
    try {
      frame = JSON.parse(data);
    } catch (_) {
      return;
    }
    if (!frame || typeof frame !== "object") return;
    const handlers = {
      welcome: onWelcome, history: onHistory, ack: onAck, typing: onTyping, delta: onDelta, message: onMessage,
      error: onError,
      privacy: onPrivacy, handoff: onHandoff, contact: onContact, data_request: onDataRequest, consent: onConsent,
      data_ready: onDataReady, data_copy: onDataCopy, erased: onErased,
    };
    const handler = handlers[frame.type];
    if (handler) handler(frame);
  }

  function onWelcome(frame) {
    const resumed = frame.resumed === true;
    if (typeof frame.session === "string" && frame.session) {
      state.session = frame.session;
      store.set("localStorage", key("session"), frame.session);
    }
    state.welcomed = true;
    state.everWelcomed = true;
    state.attempt = 0;
    setConnection("open");
    showDisclosure(frame.disclosure, !resumed);
    showPrivacy(frame.privacy && frame.privacy.vault === true);
    showYourData(frame);
    if (!resumed) showWelcomeBack(frame.remembered);
    if (resumed) {
      state.awaitingHistory = true;
      state.historyTimer = setTimeout(finishResume, HISTORY_WAIT_MS);
    } else {
      if (state.handoff !== "none") resetHandoff();
      flushPending();
      flushHandoff();
    }
  }

  // A new conversation (the old one expired) starts with the assistant and nobody waiting.
  function resetHandoff() {
    state.handoff = "none";
    state.agentName = "";
    state.queuePosition = null;
    state.unavailable = false;
    state.handoffText = "";
    state.contactSaved = false;
    state.contactSending = false;
    stopShopperTyping();
    if (state.typingFrom === "agent") showTyping(false);
    renderHandoff();
  }

  function onHistory(frame) {
    let cursor = state.disclosureEl;
    for (const item of historyItems(frame)) {
      cursor = item.agent ? mergeAgentMessage(item.agent, cursor) : mergeTurn(item.turn, cursor);
    }
    scrollToEnd(true);
    expectHandoffAfterHistory();
    finishResume();
  }

  // The turns and the agents' messages, each list oldest first, merged by their time ("at"); an entry
  // whose time cannot be read keeps its place in its own list.
  function historyItems(frame) {
    const objects = (list) => (Array.isArray(list) ? list.filter((x) => x && typeof x === "object") : []);
    const turns = objects(frame.turns);
    const agents = objects(frame.agents);
    // A time without a zone is UTC (what the server stores), not the shopper's local time.
    const time = (value) => {
      if (typeof value !== "string") return null;
      const zoned = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value.trim()) ? `${value.trim()}Z` : value;
      const ms = Date.parse(zoned);
      return Number.isFinite(ms) ? ms : null;
    };
    const items = [];
    let i = 0;
    let j = 0;
    while (i < turns.length || j < agents.length) {
      const turnAt = i < turns.length ? time(turns[i].at) : null;
      const agentAt = j < agents.length ? time(agents[j].at) : null;
      const takeTurn = j >= agents.length || (i < turns.length && (turnAt == null || agentAt == null || turnAt <= agentAt));
      if (takeTurn) items.push({ turn: turns[i++] });
      else items.push({ agent: agents[j++] });
    }
    return items;
  }

  function mergeAgentMessage(message, cursor) {
    const id = str(message.id) || null;
    let node = findNode("g", id, null);
    if (node) return laterOf(cursor, node);
    node = replyNode({ ...message, from: "agent", ai: false });
    indexNode("g", node, id, null);
    placeAfter(cursor, node);
    return node;
  }

  function mergeTurn(turn, cursor) {
    const shopper = turn.shopper && typeof turn.shopper === "object" ? turn.shopper : null;
    const answer = turn.assistant && typeof turn.assistant === "object" ? turn.assistant : null;
    const id = shopper && typeof shopper.id === "string" ? shopper.id : null;
    const turnId = str(turn.turn) || null;
    if (shopper) {
      if (id) acknowledge(id);
      let node = findNode("s", id, turnId);
      if (node) {
        cursor = laterOf(cursor, node);
      } else {
        node = shopperNode(id, shopper.text, "sent");
        placeAfter(cursor, node);
        cursor = node;
      }
      indexNode("s", node, id, turnId);
    }
    if (answer) {
      let node = findNode("a", id, turnId);
      if (node) {
        cursor = laterOf(cursor, node);
      } else {
        node = replyNode({ ...answer, turn: turnId, from: "assistant", ai: true });
        placeAfter(cursor, node);
        cursor = node;
      }
      indexNode("a", node, id, turnId);
    }
    return cursor;
  }

  function finishResume() {
    clearTimeout(state.historyTimer);
    if (!state.awaitingHistory) return;
    state.awaitingHistory = false;
    flushPending();
    flushHandoff();
  }

  function onAck(frame) {
    if (typeof frame.id !== "string") return;
    acknowledge(frame.id);
    // The server stored the message with its personal data replaced: say so under the shopper's bubble.
    const node = Array.isArray(frame.redacted) && frame.redacted.length ? findNode("s", frame.id, null) : null;
    if (node) {
      node.dataset.masked = "true";
      setStatus(node, "sent");
    }
  }

  function acknowledge(id) {
    takePending(id);
    const node = findNode("s", id, null);
    if (node) setStatus(node, "sent");
    if (state.inFlight === id) {
      state.inFlight = null;
      clearTimeout(state.ackTimer);
      flushPending();
    }
  }

  function onTyping(frame) {
    if (frame.from === "assistant" && frame.state === false) dropStreams();  // no answer comes after all
    showTyping(frame.state === true, frame);
  }

  // An answer a language model is writing, one checked sentence at a time, shown as plain text; the message frame
  // that follows takes its place with the answer as stored (which may be another one, if the model's failed).
  function onDelta(frame) {
    const replyTo = typeof frame.reply_to === "string" ? frame.reply_to : null;
    if (!replyTo || findNode("a", replyTo, str(frame.turn) || null)) return;
    let node = state.streams.get(replyTo);
    if (!node || !node.isConnected) {
      const meta = h("p", { class: "cpt-meta" }, [h("span", { class: "cpt-sender", text: t.assistant }),
        h("span", { class: "cpt-ai-label", text: t.ai })]);
      const bubble = h("p", { class: "cpt-bubble", text: "" });
      if (frame.lang === "fr" || frame.lang === "en") bubble.lang = frame.lang;
      node = h("div", {
        class: "cpt-msg cpt-msg-assistant cpt-msg-streaming",
        attrs: { "data-streaming": "true", "data-reply-to": replyTo, "aria-busy": "true" },
      }, [meta, bubble]);
      state.streams.set(replyTo, node);
      ui.log.append(node);
    }
    node.querySelector(".cpt-bubble").textContent += str(frame.text);
    scrollToEnd(false);
  }

  function dropStreams(id) {
    for (const [key, node] of state.streams) {
      if (id && key !== id) continue;
      node.remove();
      state.streams.delete(key);
    }
  }

  function onMessage(frame) {
    const agent = frame.from === "agent" && frame.ai === false;
    const replyTo = typeof frame.reply_to === "string" ? frame.reply_to : null;
    const turn = str(frame.turn) || null;
    showTyping(false);
    if (agent) {
      const agentKey = str(frame.id) || null;
      if (agentKey && findNode("g", agentKey, null)) return;
      const node = replyNode(frame);
      indexNode("g", node, agentKey, null);
      ui.log.append(node);
    } else {
      if (replyTo) acknowledge(replyTo);
      const streamed = replyTo ? state.streams.get(replyTo) : null;
      if (streamed) state.streams.delete(replyTo);
      if (findNode("a", replyTo, turn)) {
        if (streamed) streamed.remove();
        return;
      }
      const node = replyNode(frame);
      indexNode("a", node, replyTo, turn);
      const shopper = findNode("s", replyTo, null);
      if (shopper) indexNode("s", shopper, null, turn);
      if (streamed && streamed.isConnected) streamed.replaceWith(node);
      else ui.log.append(node);
    }
    scrollToEnd(false);
  }

  function onError(frame) {
    const code = str(frame.code);
    if (code === "bad_contact") {
      contactRefused(frame.message);
      return;
    }
    if (typeof frame.reply_to !== "string" && CHOICE_REFUSED.has(code) && (state.rememberSending || state.dataPending)) {
      state.rememberSending = false;
      state.dataPending = null;
      renderYourData();
    }
    if (state.handoffSent && HANDOFF_REFUSED.has(code) && typeof frame.reply_to !== "string") {
      state.handoffWanted = false;
      state.handoffSent = false;
      renderHandoff();
    }
    let id = typeof frame.reply_to === "string" ? frame.reply_to : null;
    if (!id && FAILS_MESSAGE.has(code)) id = state.inFlight;
    if (id) showTyping(false);
    if (id) dropStreams(id);
    if (id && FAILS_MESSAGE.has(code)) failMessage(id, RESTORABLE.has(code));
    systemLine(frame.message);
    if (code === "rate_limited") setTimeout(flushPending, 1000);
    else flushPending();
  }

  // ---- outgoing messages -----------------------------------------------------------------------------

  function failMessage(id, restore) {
    const entry = takePending(id);
    const node = findNode("s", id, null);
    if (state.inFlight === id) {
      state.inFlight = null;
      clearTimeout(state.ackTimer);
    }
    if (entry && restore && id === state.lastSubmittedId && !ui.input.value.trim()) {
      ui.input.value = entry.text;
      autosize();
      if (node) node.remove();
      state.index.delete(`s:${id}`);
    } else if (entry && node) {
      setStatus(node, "failed");
    }
  }

  function submit(text) {
    const clean = wholeText(text == null ? "" : text).trim();
    if (!clean) return null;
    const id = newId();
    const frameBytes = new TextEncoder().encode(JSON.stringify({ type: "message", id, text: clean })).length;
    if (frameBytes > MAX_FRAME_BYTES) {
      systemLine(t.tooLarge);
      return null;
    }
    stopShopperTyping();
    state.pending.push({ id, text: clean });
    savePending();
    state.lastSubmittedId = id;
    const node = shopperNode(id, clean, "sending");
    indexNode("s", node, id, null);
    ui.log.append(node);
    scrollToEnd(true);
    start();
    flushPending();
    return id;
  }

  function submitDraft() {
    if (submit(ui.input.value)) {
      ui.input.value = "";
      autosize();
    }
  }

  // ---- start-up --------------------------------------------------------------------------------------

  function mount() {
    buildUi();
    for (const entry of state.pending) {
      const node = shopperNode(entry.id, entry.text, "sending");
      indexNode("s", node, entry.id, null);
      ui.log.append(node);
    }
    if (store.get("sessionStorage", key("open"))) openPanel(false);
    else if (state.pending.length) start();
  }

  function whenMounted(fn) {
    return (...args) => {
      if (!ui && document.body) mount();
      if (ui) return fn(...args);
      document.addEventListener("DOMContentLoaded", () => fn(...args), { once: true });
      return undefined;
    };
  }

  window.Comptoir = Object.freeze({
    version: "1",
    open: whenMounted(() => openPanel(true)),
    close: whenMounted(() => closePanel(false)),
    send: whenMounted((text) => {
      if (!state.open) openPanel(false);
      return submit(text);
    }),
  });

  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", () => { if (!ui) mount(); }, { once: true });
})();
