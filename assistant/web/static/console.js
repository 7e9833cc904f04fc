/*
 * Comptoir agent console (assistant/web/static/console.js), loaded by templates/console/index.html.
 *
 * Plain ES2020, no dependencies, no build step. It opens one WebSocket to /ws/agent on the page's own
 * origin (the session cookie authenticates it) and speaks the protocol in docs/console.md:
 *
 *   - the left column mirrors the latest `queue` frame: waiting conversations (waiting time ticking
 *     live), conversations held by agents (mine first) and live conversations with the assistant;
 *   - choosing one sends `open`; the `conversation` answer fills the view (hand-over packet, transcript,
 *     suggestion) and live frames for it are appended as they come;
 *   - the actions (claim, take over, reply, note, hand back, close) follow the conversation's state and
 *     holder; `typing` frames are sent while the agent writes a reply;
 *   - `error` frames are shown in the status area (role="alert"); the socket reconnects with backoff,
 *     and a refused socket whose session has expired sends the agent back to /console/login.
 *
 * Server text (shopper, assistant, agents) is only ever inserted with textContent / text nodes.
 *
 * Test hooks: body[data-socket="open"|"closed"]; data-testid on queue items ("queue-item", "held-item",
 * "live-item", each with data-conversation), transcript entries ("entry" with data-kind), buttons,
 * textareas and the status area (see index.html).
 */
(() => {
  "use strict";

  const WS_URL = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws/agent";
  const LOGIN_URL = "/console/login?next=" + encodeURIComponent("/console");
  const MIN_DELAY_MS = 500;
  const MAX_DELAY_MS = 15000;
  const TYPING_IDLE_MS = 3000;
  const REMOTE_TYPING_MS = 8000;
  const INFO_MS = 5000;
  const PING_MS = 25000;

  // How each hand-over reason is named, and which ones jump the queue: one table each on the server
  // (escalation/policy.py), given in the page.
  const REASONS = JSON.parse(document.getElementById("reason-labels")?.textContent || "{}");
  const SENSITIVE = new Set(JSON.parse(document.getElementById("sensitive-reasons")?.textContent || "[]"));
  const STATES = { ai: "With the assistant", queued: "Waiting", assigned: "Held", closed: "Closed" };
  const DONE = {
    claim: "Claimed: the conversation is yours.",
    take_over: "Taken over: the assistant stops answering.",
    hand_back: "Handed back to the assistant.",
    close: "Conversation closed.",
    note: "Note added.",
  };
  const ERRORS = {
    refused: "Not allowed",
    not_found: "Not found",
    empty_text: "Nothing to send",
    too_long: "Too long",
    frame_too_large: "Too long",
    bad_frame: "Rejected",
    bad_json: "Rejected",
    unknown_type: "Rejected",
  };

  const $ = (id) => document.getElementById(id);
  const body = document.body;
  const me = { name: body.dataset.agent || "", display: body.dataset.agentName || "" };

  let socket = null;
  let delay = MIN_DELAY_MS;
  let retryTimer = 0;
  let statusTimer = 0;
  let skew = 0; // client clock minus server clock, in ms, estimated from `wait_seconds`
  let queue = { waiting: [], held: [], live: [] };
  let openId = null; // the conversation chosen in the list
  let current = null; // the conversation shown: {id, state, holder, holderName, packet, suggestion, keys}
  const drafts = new Map(); // unsent reply per conversation
  const pending = { reply: null, note: null }; // last text sent, restored if the server rejects it
  let typingOn = false;
  let typingTimer = 0;
  let remoteTypingTimer = 0;

  /* ---------- small helpers ---------- */

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = String(value);
      else node.setAttribute(key, String(value));
    }
    for (const child of children) {
      if (child !== null && child !== undefined && child !== false) node.append(child); // strings become text nodes
    }
    return node;
  }

  const serverTime = (iso) => {
    const t = Date.parse(iso || "");
    return Number.isNaN(t) ? null : t + skew;
  };

  function duration(ms) {
    const s = Math.max(0, Math.floor(ms / 1000));
    if (s < 60) return `${s} s`;
    const m = Math.floor(s / 60);
    if (m < 60) return `${m} min ${String(s % 60).padStart(2, "0")} s`;
    return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, "0")} min`;
  }

  function clock(iso) {
    const t = Date.parse(iso || "");
    return Number.isNaN(t) ? "" : new Date(t).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  /** A span whose text is kept at `prefix + time since` by the ticker. */
  function since(iso, prefix = "", suffix = "") {
    const t = serverTime(iso);
    if (t === null) return null;
    const span = el("span", { class: "tick", "data-since": t, "data-prefix": prefix, "data-suffix": suffix });
    span.textContent = prefix + duration(Date.now() - t) + suffix;
    return span;
  }

  function tick() {
    const now = Date.now();
    for (const span of document.querySelectorAll(".tick")) {
      span.textContent = span.dataset.prefix + duration(now - Number(span.dataset.since)) + span.dataset.suffix;
    }
  }

  const reasonLabel = (r) => REASONS[r] || String(r).replace(/_/g, " ");
  const reasonChips = (reasons) =>
    (reasons || []).map((r) => el("span", { class: SENSITIVE.has(r) ? "chip chip-hot" : "chip", text: reasonLabel(r) }));
  const langBadge = (lang) => (lang ? el("span", { class: "badge", title: "Language", text: String(lang).toUpperCase() }) : null);
  const isMine = (c) => Boolean(c && c.state === "assigned" && c.holder === me.name);

  function newId() {
    if (window.crypto && typeof crypto.randomUUID === "function") return crypto.randomUUID();
    return Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
  }

  /* ---------- status and connection ---------- */

  function showStatus(text, level = "info") {
    const box = $("status");
    clearTimeout(statusTimer);
    box.textContent = text;
    box.dataset.level = level;
    if (level === "info") statusTimer = setTimeout(() => (box.textContent = ""), INFO_MS);
  }

  function setConnection(stateName) {
    const labels = { open: "Connected", connecting: "Connecting…", closed: "Offline — reconnecting…" };
    const pill = $("connection");
    pill.textContent = labels[stateName];
    pill.dataset.state = stateName;
    body.dataset.socket = stateName === "open" ? "open" : "closed";
  }

  function send(frame) {
    if (!socket || socket.readyState !== WebSocket.OPEN) {
      showStatus("Not connected: nothing was sent. Reconnecting…", "error");
      return false;
    }
    socket.send(JSON.stringify(frame));
    return true;
  }

  function connect() {
    clearTimeout(retryTimer);
    setConnection("connecting");
    let opened = false;
    const ws = new WebSocket(WS_URL);
    socket = ws;
    ws.addEventListener("open", () => {
      opened = true;
      delay = MIN_DELAY_MS;
      setConnection("open");
      if (openId) ws.send(JSON.stringify({ type: "open", conversation: openId }));
    });
    ws.addEventListener("message", (event) => {
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return;
      }
      if (frame && typeof frame.type === "string" && Object.hasOwn(handlers, frame.type)) handlers[frame.type](frame);
    });
    ws.addEventListener("close", (event) => {
      if (socket !== ws) return;
      socket = null;
      typingOn = false;
      clearTimeout(typingTimer);
      setConnection("closed");
      if (!opened || event.code === 1008 || event.code >= 4000) checkSession();
      else reconnectLater();
    });
  }

  function reconnectLater() {
    clearTimeout(retryTimer);
    const wait = delay * (0.75 + Math.random() * 0.5);
    delay = Math.min(delay * 2, MAX_DELAY_MS);
    retryTimer = setTimeout(connect, wait);
  }

  /** The socket was refused: back to the login page if the session is gone, else try again later. */
  async function checkSession() {
    try {
      const res = await fetch("/console", { credentials: "same-origin", redirect: "manual", cache: "no-store" });
      if (res.type === "opaqueredirect" || res.status === 401 || res.status === 403) {
        location.assign(LOGIN_URL);
        return;
      }
    } catch {
      /* the server is unreachable: keep trying */
    }
    reconnectLater();
  }

  /* ---------- the lists ---------- */

  function fillList(list, items, build) {
    const focused = document.activeElement && list.contains(document.activeElement)
      ? document.activeElement.dataset.conversation : null;
    list.replaceChildren(...items.map((item) => el("li", null, build(item))));
    document.querySelector(`[data-empty-for="${list.id}"]`).hidden = items.length > 0;
    $(`count-${list.id}`).textContent = items.length ? `(${items.length})` : "";
    if (focused) {
      const again = [...list.querySelectorAll("button")].find((b) => b.dataset.conversation === focused);
      if (again) again.focus();
    }
  }

  function itemButton(testid, id, extraClass, ...children) {
    const button = el("button", {
      type: "button", class: `item ${extraClass}`.trim(), "data-testid": testid, "data-conversation": id,
      "aria-current": id === openId ? "true" : null,
    }, ...children);
    button.addEventListener("click", () => openConversation(id));
    return button;
  }

  function waitingItem(w) {
    const priority = Number(w.priority) > 0;
    return itemButton("queue-item", w.conversation, priority ? "item-priority" : "",
      el("span", { class: "item-line" },
        el("span", { class: "position", text: `#${w.position}` }),
        priority ? el("span", { class: "chip chip-hot", text: "priority" }) : null,
        langBadge(w.lang),
        w.contact ? el("span", { class: "chip chip-contact", title: "The shopper left a way to reach them", text: "✉ left a contact" }) : null,
        el("span", { class: "grow" }),
        since(w.queued_at, "waiting ")),
      el("span", { class: "item-line chips" }, ...reasonChips(w.reasons)),
      el("span", { class: "preview", text: w.preview || "" }));
  }

  function heldItem(h) {
    const mine = h.agent === me.name;
    return itemButton("held-item", h.conversation, mine ? "item-mine" : "",
      el("span", { class: "item-line" },
        el("strong", { text: mine ? "You" : h.agent_name || h.agent }),
        langBadge(h.lang),
        el("span", { class: "grow" }),
        since(h.since, "for ")),
      el("span", { class: "preview", text: h.preview || "" }));
  }

  function liveItem(l) {
    return itemButton("live-item", l.conversation, "",
      el("span", { class: "item-line" },
        langBadge(l.lang),
        el("span", { class: "grow" }),
        since(l.last_at, "last message ", " ago")),
      el("span", { class: "preview", text: l.preview || "" }));
  }

  function renderLists() {
    const held = [...(queue.held || [])].sort((a, b) => (b.agent === me.name) - (a.agent === me.name));
    fillList($("waiting"), queue.waiting || [], waitingItem);
    fillList($("held"), held, heldItem);
    fillList($("live"), queue.live || [], liveItem);
    const n = Number(queue.agents_online) || 0;
    $("agents-online").textContent = `${n} agent${n === 1 ? "" : "s"} online`;
    const service = $("service");
    service.textContent = queue.open === false ? "Closed" : "Open";
    service.dataset.state = queue.open === false ? "closed" : "open";
    const waiting = (queue.waiting || []).length;
    document.title = (waiting ? `(${waiting}) ` : "") + document.title.replace(/^\(\d+\) /, "");
  }

  /* ---------- the conversation view ---------- */

  function openConversation(id) {
    if (id === openId) return;
    if (openId) drafts.set(openId, $("reply").value);
    stopTyping();
    openId = id;
    current = null;
    for (const b of document.querySelectorAll(".item")) {
      if (b.dataset.conversation === id) b.setAttribute("aria-current", "true");
      else b.removeAttribute("aria-current");
    }
    $("placeholder").hidden = true;
    $("view").hidden = false;
    $("view-title").textContent = "Loading…";
    $("view-state").textContent = "";
    $("view-holder").textContent = "";
    $("packet").replaceChildren();
    $("transcript").replaceChildren();
    $("reply").value = drafts.get(id) || "";
    $("note").value = "";
    showTyping(null);
    renderActions();
    send({ type: "open", conversation: id });
  }

  function renderConversation(f) {
    const again = current && current.id === f.conversation;
    current = {
      id: f.conversation, state: f.state, holder: f.holder || null, holderName: f.holder_name || null, lang: f.lang,
      packet: f.packet || null, summary: f.summary || "", suggestion: f.suggestion || "", keys: new Set(),
      suggestionByModel: Boolean(f.suggestion_by_model),
    };
    $("view-title").textContent = `Conversation ${String(f.conversation).slice(0, 8)}`;
    $("view-title").title = f.conversation;
    renderPacket();
    const list = $("transcript");
    list.replaceChildren();
    for (const entry of f.transcript || []) appendEntry(entry, false);
    list.scrollTop = list.scrollHeight;
    if (!again) $("reply").value = drafts.get(f.conversation) || "";
    renderActions();
  }

  function renderPacket() {
    const p = current.packet || {};
    const summary = p.summary || current.summary;
    const row = (label, ...value) => [el("dt", { text: label }), el("dd", null, ...value)];
    const handedOver = (p.reasons || []).length > 0 || Boolean(p.queued_at);
    const rows = [];
    if (handedOver) {
      rows.push(...row("Reasons", ...reasonChips(p.reasons),
        Number(p.priority) > 0 ? el("span", { class: "chip chip-hot", text: "priority" }) : null,
        p.contact ? el("span", { class: "chip chip-contact", text: "✉ left a contact" }) : null));
    }
    rows.push(...row("Summary", summary || "—",
      p.summary_by_model ? el("span", { class: "chip chip-ai", text: "written by the AI model" }) : null));
    rows.push(...row("Language", langBadge(p.lang || current.lang) || "—"));
    if (p.queued_at) rows.push(...row("Queued", clock(p.queued_at), " ", since(p.queued_at, "(", " ago)")));
    const proved = { customer: "signed-in customer", email: "e-mail on the order", postcode: "postcode on the order" };
    for (const order of p.orders || []) {
      rows.push(...row(`Order ${order.number}`,
        el("span", { class: "chip", text: order.status }),
        el("span", { class: "chip chip-contact", text: `✓ verified: ${proved[order.verified_by] || order.verified_by}` }),
        el("div", { class: "order-shown", "data-testid": "order-shown", text: order.shown })));
    }
    $("packet").replaceChildren(
      el("h3", { text: handedOver ? "Hand-over" : "Not handed over" }),
      el("dl", null, ...rows));
    $("packet").dataset.handover = String(handedOver);
  }

  function assistantDetails(e) {
    const details = el("div", { class: "entry-details" });
    const line = el("div", { class: "item-line" });
    if (typeof e.confidence === "number") {
      const low = e.confidence < 0.5;
      line.append(el("span", { class: low ? "chip chip-hot" : "chip", text: `confidence ${Math.round(e.confidence * 100)} %` }));
    }
    if (e.intent) line.append(el("span", { class: "chip", text: `intent: ${e.intent}` }));
    for (const flag of e.flags || []) line.append(el("span", { class: "chip chip-flag", text: String(flag).replace(/_/g, " ") }));
    if (e.escalation) {
      const esc = e.escalation;
      line.append(esc.escalate
        ? el("span", { class: "chip chip-hot", text: `escalated: ${(esc.reasons || []).map(reasonLabel).join(", ") || "yes"}${esc.priority ? " (priority)" : ""}` })
        : el("span", { class: "chip", text: "not escalated" }));
    }
    details.append(line);
    const sources = e.sources || [];
    if (sources.length) {
      details.append(el("details", { class: "sources" },
        el("summary", { text: `Sources (${sources.length})` }),
        el("ol", null, ...sources.map((s) => el("li", null,
          el("span", { class: "source-title", text: s.title || s.id }),
          " ", el("code", { text: s.id || "" }),
          s.kind ? el("span", { class: "muted", text: ` ${s.kind}` }) : null,
          typeof s.score === "number" ? el("span", { class: "score", text: ` score ${s.score.toFixed(2)}` }) : null)))));
    }
    return details;
  }

  function appendEntry(e, live = true) {
    const key = `${e.kind}:${e.turn || e.id || ""}`;
    if ((e.turn || e.id) && current.keys.has(key)) return;
    current.keys.add(key);
    const who = { shopper: "Shopper", assistant: "Assistant", agent: e.agent || "Agent", note: `Internal note · ${e.agent || ""}` };
    const li = el("li", { class: `entry entry-${e.kind}`, "data-testid": "entry", "data-kind": e.kind },
      el("div", { class: "entry-meta" },
        el("span", { class: "who", text: who[e.kind] || e.kind }),
        e.at ? el("time", { datetime: e.at, text: clock(e.at) }) : null),
      el("p", { class: "entry-text", text: e.text || "" }),
      e.kind === "assistant" ? assistantDetails(e) : null);
    const list = $("transcript");
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
    list.append(li);
    if (live && atBottom) list.scrollTop = list.scrollHeight;
  }

  function renderActions() {
    const c = current;
    const mine = isMine(c);
    $("claim").hidden = !(c && c.state === "queued");
    $("take-over").hidden = !(c && c.state === "ai");
    $("hand-back").hidden = !mine;
    $("close").hidden = !(mine || (c && c.state === "queued")); // a waiting conversation may be closed by any agent
    $("reply-form").hidden = !mine;
    $("note-form").hidden = !c || c.state === "closed";
    if ($("close").hidden) hideCloseForm();
    const holder = c && c.holder ? c.holderName || holderName(c.holder) : "";
    let heldBy = "";
    if (c && c.state === "assigned" && !mine) heldBy = `${holder} holds this conversation: only they can reply.`;
    else if (c && c.state === "closed") heldBy = "This conversation is closed.";
    $("held-by").textContent = heldBy;
    $("view-state").textContent = c ? STATES[c.state] || c.state : "";
    $("view-state").dataset.state = c ? c.state : "";
    $("view-holder").textContent = holder ? (mine ? "by you" : `by ${holder}`) : "";
    const suggestion = mine && c.suggestion ? c.suggestion : "";
    $("use-suggestion").hidden = !suggestion;
    $("suggestion-text").hidden = !suggestion;
    $("suggestion-text").textContent = suggestion
      ? `${c.suggestionByModel ? "Suggested (written by the AI model)" : "Suggested"}: ${suggestion}` : "";
  }

  function holderName(name) {
    const held = (queue.held || []).find((h) => h.agent === name);
    return (held && held.agent_name) || name || "another agent";
  }

  function showTyping(who) {
    clearTimeout(remoteTypingTimer);
    $("typing").textContent = who ? `${who} is typing…` : "";
    if (who) remoteTypingTimer = setTimeout(() => showTyping(null), REMOTE_TYPING_MS);
  }

  /* ---------- frames from the server ---------- */

  const forOpen = (f) => current && f.conversation === current.id;

  const handlers = {
    hello(f) {
      if (f.agent) {
        me.name = f.agent.name || me.name;
        me.display = f.agent.display_name || me.display;
        $("agent-name").textContent = me.display;
      }
    },
    queue(f) {
      queue = f;
      const first = (f.waiting || []).find((w) => w.queued_at && typeof w.wait_seconds === "number");
      if (first) skew = Date.now() - Date.parse(first.queued_at) - first.wait_seconds * 1000;
      renderLists();
    },
    conversation(f) {
      if (f.conversation === openId) renderConversation(f);
    },
    shopper_message(f) {
      if (!forOpen(f)) return;
      showTyping(null);
      appendEntry({ ...f, kind: "shopper" });
    },
    assistant_message(f) {
      if (forOpen(f)) appendEntry({ ...f, kind: "assistant", at: f.at || new Date().toISOString() });
    },
    agent_message(f) {
      if (pending.reply && pending.reply.conversation === f.conversation) pending.reply = null;
      if (forOpen(f)) appendEntry({ ...f, kind: "agent" });
    },
    note(f) {
      if (pending.note && pending.note.conversation === f.conversation) pending.note = null;
      if (forOpen(f)) appendEntry({ ...f, kind: "note" });
    },
    state(f) {
      if (!forOpen(f)) return;
      current.state = f.state;
      current.holder = f.holder || null;
      current.holderName = f.holder_name || null;
      if (!isMine(current)) stopTyping();
      renderActions();
    },
    typing(f) {
      if (!forOpen(f) || f.from === me.name) return;
      showTyping(f.state ? (f.from === "shopper" ? "The shopper" : f.name || f.from) : null);
    },
    done(f) {
      if (f.action === "message") pending.reply = null;
      if (f.action === "note") pending.note = null;
      if (DONE[f.action]) showStatus(DONE[f.action], "info");
    },
    error(f) {
      showStatus(`${ERRORS[f.code] || "Error"}: ${f.message || f.code || "the server refused this"}`, "error");
      for (const [kind, box] of [["reply", $("reply")], ["note", $("note")]]) {
        const p = pending[kind];
        if (p && (!f.conversation || p.conversation === f.conversation)) {
          if (current && current.id === p.conversation && !box.value) box.value = p.text;
          pending[kind] = null;
        }
      }
    },
  };

  /* ---------- what the agent does ---------- */

  function act(type, extra = {}) {
    if (!current) return false;
    $("status").textContent = "";
    return send({ type, conversation: current.id, ...extra });
  }

  function stopTyping() {
    clearTimeout(typingTimer);
    if (typingOn && current) send({ type: "typing", conversation: current.id, state: false });
    typingOn = false;
  }

  function typed() {
    if (!isMine(current)) return;
    if (!typingOn && $("reply").value.trim()) {
      typingOn = send({ type: "typing", conversation: current.id, state: true });
    }
    clearTimeout(typingTimer);
    typingTimer = setTimeout(stopTyping, TYPING_IDLE_MS);
  }

  function sendReply(event) {
    event.preventDefault();
    const box = $("reply");
    const text = box.value.trim();
    if (!text || !isMine(current)) return;
    stopTyping();
    const id = newId();
    if (act("message", { id, text })) {
      pending.reply = { id, conversation: current.id, text: box.value };
      box.value = "";
      drafts.delete(current.id);
    }
  }

  function addNote(event) {
    event.preventDefault();
    const box = $("note");
    const text = box.value.trim();
    if (!text) return;
    if (act("note", { text })) {
      pending.note = { conversation: current.id, text };
      box.value = "";
    }
  }

  function hideCloseForm() {
    $("close-form").hidden = true;
    $("close").setAttribute("aria-expanded", "false");
  }

  function wire() {
    $("claim").addEventListener("click", () => act("claim"));
    $("take-over").addEventListener("click", () => act("take_over"));
    $("hand-back").addEventListener("click", () => {
      stopTyping();
      act("hand_back");
    });
    $("close").addEventListener("click", () => {
      const form = $("close-form");
      form.hidden = !form.hidden;
      $("close").setAttribute("aria-expanded", String(!form.hidden));
      if (!form.hidden) $("resolution").focus();
    });
    $("close-cancel").addEventListener("click", hideCloseForm);
    $("close-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const resolution = $("resolution").value.trim();
      if (!resolution) {
        $("resolution").focus();
        return;
      }
      stopTyping();
      if (act("close", { resolution })) {
        $("resolution").value = "";
        hideCloseForm();
      }
    });
    $("use-suggestion").addEventListener("click", () => {
      const box = $("reply");
      box.value = current ? current.suggestion : "";
      box.focus();
      box.setSelectionRange(box.value.length, box.value.length);
    });
    $("reply-form").addEventListener("submit", sendReply);
    $("reply").addEventListener("input", typed);
    $("reply").addEventListener("blur", stopTyping);
    $("reply").addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        $("reply-form").requestSubmit();
      }
    });
    $("note-form").addEventListener("submit", addNote);
  }

  wire();
  setInterval(tick, 1000);
  // A ping now and then keeps an idle socket from being dropped by proxies on the way.
  setInterval(() => socket && socket.readyState === WebSocket.OPEN && socket.send(JSON.stringify({ type: "ping" })), PING_MS);
  connect();
})();
