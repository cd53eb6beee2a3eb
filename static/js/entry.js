// The facilitator's entry page: opinions are kept in IndexedDB on the device and sent to the
// server whenever the network answers. Every item carries a client UUID, so sending twice
// stores once. Nothing is dropped: an item the server refuses stays, with its reason shown.

const setup = JSON.parse(document.getElementById("entry-setup").textContent);
const text = setup.strings;
const RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const $ = (id) => document.getElementById(id);

// ---- IndexedDB ------------------------------------------------------------------------------

function openDatabase() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open("sunnemodellen", 1);
    request.onupgradeneeded = () => {
      const store = request.result.createObjectStore("items", { keyPath: "client_uuid" });
      store.createIndex("event", "event");
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

const database = openDatabase();

async function storeItems(items) {
  const db = await database;
  return new Promise((resolve, reject) => {
    const tx = db.transaction("items", "readwrite");
    items.forEach((item) => tx.objectStore("items").put(item));
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
}

// Everything of this user's on the device, from every event (the key starts with the user).
async function userItems() {
  const owner = setup.event.slice(0, setup.event.indexOf(":") + 1);
  const db = await database;
  return new Promise((resolve, reject) => {
    const request = db.transaction("items").objectStore("items").getAll();
    request.onsuccess = () => {
      // In the order they were registered: the server numbers them in the order they arrive.
      const mine = request.result.filter((item) => item.event.startsWith(owner));
      resolve(mine.sort((a, b) => a.created.localeCompare(b.created)));
    };
    request.onerror = () => reject(request.error);
  });
}

async function eventItems() {
  const db = await database;
  return new Promise((resolve, reject) => {
    const request = db.transaction("items").objectStore("items").index("event").getAll(setup.event);
    request.onsuccess = () => resolve(request.result.sort((a, b) => a.created.localeCompare(b.created)));
    request.onerror = () => reject(request.error);
  });
}

// Sent opinions stay listed for the rest of the day, then leave the device; what waits or was
// refused stays until it is sent.
const KEEP_SENT_MS = 24 * 60 * 60 * 1000;

async function forgetItems(ids) {
  const db = await database;
  if (!ids.length) return;
  await new Promise((resolve, reject) => {
    const tx = db.transaction("items", "readwrite");
    ids.forEach((id) => tx.objectStore("items").delete(id));
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
}

async function forgetOldSent() {
  const cutoff = new Date(Date.now() - KEEP_SENT_MS).toISOString();
  const old = (await eventItems()).filter((item) => item.status === "stored" && item.created < cutoff);
  await forgetItems(old.map((item) => item.client_uuid));
}

// ---- The respondent -------------------------------------------------------------------------

function receiptCode() {
  const random = crypto.getRandomValues(new Uint32Array(8));
  return Array.from(random, (value) => RECEIPT_ALPHABET[value % RECEIPT_ALPHABET.length]).join("");
}

function drawQr(code) {
  const holder = $("receipt-qr");
  holder.replaceChildren();
  if (typeof qrcode !== "function") return;
  const qr = qrcode(0, "M");
  qr.addData(setup.receiptUrl.replace("CODE", code));
  qr.make();
  const count = qr.getModuleCount();
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `-2 -2 ${count + 4} ${count + 4}`);
  svg.setAttribute("width", "96");
  svg.setAttribute("height", "96");
  svg.setAttribute("aria-hidden", "true");
  const background = document.createElementNS(ns, "rect");
  for (const [name, value] of [["x", -2], ["y", -2], ["width", count + 4], ["height", count + 4], ["fill", "#fff"]]) {
    background.setAttribute(name, value);
  }
  svg.appendChild(background);
  let path = "";
  for (let row = 0; row < count; row += 1) {
    for (let col = 0; col < count; col += 1) {
      if (qr.isDark(row, col)) path += `M${col} ${row}h1v1h-1z`;
    }
  }
  const dark = document.createElementNS(ns, "path");
  dark.setAttribute("d", path);
  dark.setAttribute("fill", "#000");
  svg.appendChild(dark);
  holder.appendChild(svg);
}

let respondent = null;
// The respondent being registered stays the same through a reload of the page (this tab's, for
// this user and event): the participant may already hold the receipt code.
const CURRENT = `current-respondent:${setup.event}`;

function startRespondent(kept = null) {
  respondent = kept || { client_uuid: crypto.randomUUID(), receipt_code: receiptCode(), saved: false };
  sessionStorage.setItem(CURRENT, JSON.stringify(respondent));
  for (const input of document.querySelectorAll("input[name=age_band], input[name=gender], input[name=role]")) {
    input.checked = false;
  }
  if ($("area")) $("area").value = "";
  $("contact-email").value = "";
  $("contact-phone").value = "";
  $("receipt-code").textContent = respondent.receipt_code;
  drawQr(respondent.receipt_code);
  $("given-list").replaceChildren();
  const none = document.createElement("li");
  none.className = "text-body-secondary list-unstyled";
  none.textContent = text.none_yet;
  $("given-list").appendChild(none);
}

// After a reload: the profile as it was stored with the respondent's first opinion.
async function restoreProfile() {
  const stored = (await eventItems()).find((item) => item.client_uuid === respondent.client_uuid);
  if (!stored) return;
  const saved = stored.payload;
  for (const name of ["age_band", "gender", "role"]) {
    const input = saved[name] && document.querySelector(`input[name=${name}][value="${CSS.escape(saved[name])}"]`);
    if (input) input.checked = true;
  }
  if ($("area") && saved.area) $("area").value = String(saved.area);
  $("contact-email").value = saved.email || "";
  $("contact-phone").value = saved.phone || "";
}

function kept() {
  try {
    const value = JSON.parse(sessionStorage.getItem(CURRENT) || "null");
    return value && value.client_uuid && value.receipt_code ? value : null;
  } catch {
    return null;
  }
}

function checked(name) {
  const input = document.querySelector(`input[name=${name}]:checked`);
  return input ? input.value : "";
}

const profileInputs = () =>
  document.querySelectorAll("input[name=age_band], input[name=gender], input[name=role], #area, #contact-email, #contact-phone");

// The profile goes with the respondent's first opinion: changed while that waits on the device,
// the change goes with it; once it is sent, the profile is the server's and cannot be changed
// from here (the page says so) until the next respondent.
async function keepProfile() {
  const stored = (await eventItems()).find((item) => item.client_uuid === respondent.client_uuid);
  if (stored && stored.status === "waiting") await storeItems([{ ...stored, payload: profile() }]);
}

function profile() {
  const area = $("area") ? $("area").value : "";
  return {
    client_uuid: respondent.client_uuid,
    receipt_code: respondent.receipt_code,
    age_band: checked("age_band"),
    gender: checked("gender"),
    role: checked("role"),
    area: area ? Number(area) : null,
    email: $("contact-email").value.trim(),
    phone: $("contact-phone").value.trim(),
  };
}

// ---- Saving an opinion ----------------------------------------------------------------------

function say(message, kind = "info") {
  const box = $("entry-message");
  box.className = `alert alert-${kind} py-2`;
  box.textContent = message;
}

async function saveOpinion(event) {
  event.preventDefault();
  if (setup.closed) return; // the dialogue has closed: the page only sends what waits
  const field = $("opinion-text");
  const words = field.value.trim();
  if (!words) {
    say(text.empty, "warning");
    field.focus();
    return;
  }
  const now = new Date().toISOString();
  const question = checked("question");
  const session = $("session") ? $("session").value : "";
  const items = [];
  // The profile goes with the respondent's first opinion; until it is sent it may still change.
  const stored = (await eventItems()).find((item) => item.client_uuid === respondent.client_uuid);
  if (!stored || stored.status !== "stored") {
    items.push({
      client_uuid: respondent.client_uuid, kind: "respondent", event: setup.event, sync: setup.syncUrl,
      status: "waiting", reason: "", created: stored ? stored.created : now, payload: profile(),
    });
  }
  items.push({
    client_uuid: crypto.randomUUID(), kind: "opinion", event: setup.event, sync: setup.syncUrl, status: "waiting",
    reason: "", created: now, respondent: respondent.client_uuid,
    payload: {
      respondent: respondent.client_uuid,
      question: question ? Number(question) : null,
      open_space_session: session ? Number(session) : null,
      text: words,
      consent_to_publish: $("consent").checked,
      recorded_at: now,
    },
  });
  await storeItems(items);
  field.value = "";
  $("consent").checked = false;
  field.focus();
  say(text.saved, "success");
  await render();
  sync();
}

// ---- Sending --------------------------------------------------------------------------------

function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

let sending = false;
let sendAgain = false; // something was saved while a send was under way
// Why the last send did not go, though the phone says it is online (a Wi-Fi without internet,
// a server down): the badge says so until a send goes through.
let trouble = null;

// Sends one event's items to its address; false when the rest cannot go either (logged out).
async function sendBatch(url, items) {
  const body = {
    respondents: items.filter((i) => i.kind === "respondent").map((i) => i.payload),
    opinions: items.filter((i) => i.kind === "opinion").map((i) => ({ client_uuid: i.client_uuid, ...i.payload })),
  };
  const response = await fetch(url, {
    method: "POST",
    credentials: "same-origin",
    // The API answers in the page's language (core/middleware.py: ApiLanguageMiddleware).
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(), "Accept-Language": document.documentElement.lang },
    body: JSON.stringify(body),
  });
  if (response.status === 401) {
    say(text.login_again, "warning");
    return false;
  }
  if (response.status === 403) {
    const problem = await response.json().catch(() => ({}));
    say(problem.detail || text.server_error, "danger");
    return true;
  }
  if (!response.ok) {
    trouble = "server_busy";
    say(text.server_error, "warning");
    return false;
  }
  const answer = await response.json();
  if (trouble) say(text.sent_after_trouble, "success"); // the warning above is no longer true
  trouble = null;
  const results = new Map([...answer.respondents, ...answer.opinions].map((r) => [r.client_uuid, r]));
  for (const item of items) {
    const result = results.get(item.client_uuid);
    if (!result) continue;
    item.status = result.status === "rejected" ? "rejected" : "stored";
    item.reason = result.status === "rejected" ? result.reason : "";
  }
  await storeItems(items);
  return true;
}

// A day's items kept offline can be more than the server takes in one request (setup.maxBytes):
// they go in parts of at most half that and PART_ITEMS items, in the order they were
// registered, a respondent before the opinions that name it.
const PART_ITEMS = 200;
const encoder = new TextEncoder();

function parts(items) {
  const ordered = [...items].sort(
    (a, b) => a.created.localeCompare(b.created) || (a.kind === "respondent" ? -1 : 0) - (b.kind === "respondent" ? -1 : 0),
  );
  const most = setup.maxBytes / 2;
  const all = [];
  let part = [];
  let bytes = 0;
  for (const item of ordered) {
    const size = encoder.encode(JSON.stringify(item.payload)).length + 100;
    if (part.length && (part.length >= PART_ITEMS || bytes + size > most)) {
      all.push(part);
      part = [];
      bytes = 0;
    }
    part.push(item);
    bytes += size;
  }
  if (part.length) all.push(part);
  return all;
}

// What waits is sent from whichever entry page has the network, for each of the user's events
// to its own address (opinions registered offline on another event's page go too); "send
// everything again" sends all of this event's. The server stores each item once, by its UUID.
async function sync({ everything = false } = {}) {
  if (!navigator.onLine) return;
  if (sending) {
    sendAgain = true; // goes as soon as this send is answered, not at the next timer
    return;
  }
  const items = everything
    ? await eventItems()
    : (await userItems()).filter((item) => item.status === "waiting");
  const batches = new Map();
  for (const item of items) {
    const url = item.sync || (item.event === setup.event ? setup.syncUrl : null);
    if (url) batches.set(url, [...(batches.get(url) || []), item]);
  }
  if (!batches.size) return;
  sending = true;
  // The profile on its way cannot be changed: the answer would store it as it left and lock
  // it, while the screen showed the change. It opens again if the send fails (render).
  if (items.some((item) => item.client_uuid === respondent.client_uuid)) {
    for (const input of profileInputs()) input.disabled = true;
  }
  try {
    each: for (const [url, batch] of batches) {
      for (const part of parts(batch)) {
        if (!(await sendBatch(url, part))) break each; // logged out: the rest cannot go either
      }
    }
  } catch (error) {
    // No answer (the network went away, or never reached the server): everything stays
    // waiting and goes at the next try.
    if (trouble !== "unreachable") say(text.unreachable, "warning");
    trouble = "unreachable";
  } finally {
    sending = false;
    await render();
    if (sendAgain) {
      sendAgain = false;
      sync();
    }
  }
}

// A refused item can be corrected (an opinion's text) and sent again, or, on purpose and after
// a question, thrown away: nothing leaves the device unless someone chooses so.
function rejectedItem(item) {
  const li = document.createElement("li");
  li.className = "mb-2";
  const what = document.createElement("span");
  what.className = "rejected-what";
  const words = item.kind === "opinion" ? item.payload.text : item.payload.receipt_code;
  what.textContent = `${words.slice(0, 80)}: ${item.reason}`;
  li.append(what);
  const controls = document.createElement("div");
  controls.className = "d-flex flex-wrap gap-2 mt-1";
  if (item.kind === "opinion") {
    const id = `fix-${item.client_uuid}`;
    const label = document.createElement("label");
    label.className = "visually-hidden";
    label.htmlFor = id;
    label.textContent = text.fix_label;
    const field = document.createElement("textarea");
    field.id = id;
    field.className = "form-control form-control-sm";
    field.rows = 2;
    field.value = item.payload.text;
    controls.append(label, field);
    // A question or an Open Space session removed meanwhile: the opinion can go without it.
    let without = null;
    if (item.payload.question || item.payload.open_space_session) {
      const box = document.createElement("div");
      box.className = "form-check";
      without = document.createElement("input");
      without.type = "checkbox";
      without.className = "form-check-input";
      without.id = `without-${item.client_uuid}`;
      const boxLabel = document.createElement("label");
      boxLabel.className = "form-check-label";
      boxLabel.htmlFor = without.id;
      boxLabel.textContent = text.fix_without_question;
      box.append(without, boxLabel);
      controls.append(box);
    }
    const resend = document.createElement("button");
    resend.type = "button";
    resend.className = "btn btn-sm btn-outline-primary";
    resend.textContent = text.fix_send;
    resend.addEventListener("click", () => fixRejected(item, field.value, without && without.checked));
    controls.append(resend);
  }
  const drop = document.createElement("button");
  drop.type = "button";
  drop.className = "btn btn-sm btn-outline-danger";
  drop.textContent = text.drop;
  drop.addEventListener("click", () => dropRejected(item));
  controls.append(drop);
  li.append(controls);
  return li;
}

async function fixRejected(item, words, withoutQuestion) {
  if (!words.trim()) {
    say(text.empty, "warning");
    return;
  }
  item.payload.text = words.trim();
  if (withoutQuestion) {
    item.payload.question = null;
    item.payload.open_space_session = null;
  }
  item.status = "waiting";
  item.reason = "";
  await storeItems([item]);
  await render();
  sync();
}

async function dropRejected(item) {
  if (!window.confirm(text.drop_confirm)) return;
  await forgetItems([item.client_uuid]);
  say(text.dropped, "info");
  await render();
}

async function retryRejected() {
  const rejected = (await eventItems()).filter((item) => item.status === "rejected");
  rejected.forEach((item) => { item.status = "waiting"; item.reason = ""; });
  await storeItems(rejected);
  await render();
  sync();
}

// ---- Showing the state ----------------------------------------------------------------------

async function render() {
  const items = await eventItems();
  const opinions = items.filter((item) => item.kind === "opinion");
  $("waiting-count").textContent = opinions.filter((item) => item.status === "waiting").length;
  $("sent-count").textContent = opinions.filter((item) => item.status === "stored").length;

  const rejected = items.filter((item) => item.status === "rejected");
  $("rejected").classList.toggle("d-none", rejected.length === 0);
  $("rejected-list").replaceChildren(...rejected.map(rejectedItem));

  const mine = opinions.filter((item) => item.respondent === respondent.client_uuid);
  if (mine.length) {
    $("given-list").replaceChildren(...mine.map((item) => {
      const li = document.createElement("li");
      const state = item.status === "stored" ? text.sent : item.status === "rejected" ? text.rejected : text.waiting;
      li.textContent = `${item.payload.text} (${state})`;
      return li;
    }));
  }
  const sent = items.some((item) => item.client_uuid === respondent.client_uuid && item.status === "stored");
  for (const input of profileInputs()) input.disabled = sent;
  $("profile-sent").classList.toggle("d-none", !sent);
  const status = $("network-status");
  const [state, colour] = !navigator.onLine
    ? [text.offline, "warning"]
    : trouble ? [text[`${trouble}_badge`], "warning"] : [text.online, "success"];
  status.textContent = state;
  status.className = `badge text-bg-${colour}`;
}

// ---- Wiring ---------------------------------------------------------------------------------

$("opinion-form").addEventListener("submit", saveOpinion);
$("opinion-text").addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) $("opinion-form").requestSubmit();
});
$("new-respondent").addEventListener("click", () => {
  startRespondent();
  say(text.new_respondent.replace("%(code)s", respondent.receipt_code));
  render();
  $("opinion-text").focus();
});
for (const input of profileInputs()) input.addEventListener("change", keepProfile);
$("retry-rejected").addEventListener("click", retryRejected);
$("resend-all").addEventListener("click", () => sync({ everything: true }));
window.addEventListener("online", () => { render(); sync(); });
window.addEventListener("offline", render);
setInterval(() => sync(), 30000);

startRespondent(kept());
forgetOldSent().then(restoreProfile).then(render).then(() => sync());
