// The coding workbench by keyboard. A category's key toggles it; j/k (or the arrows) move to
// the next or previous opinion; x and m go to the exclusion reason and the memo; u undoes;
// a and r accept or reject the first suggestion;
// / searches; Esc leaves a text field. Each key clicks the button or link that a mouse would,
// so the page does exactly the same with and without the keyboard.

function bench() {
  return document.getElementById("workbench");
}

function activate(selector) {
  const element = bench()?.querySelector(selector);
  if (!element || element.disabled) return false;
  element.click();
  return true;
}

function focus(selector) {
  const element = document.querySelector(selector);
  if (!element) return false;
  element.focus();
  return true;
}

// On the list: j and k walk the opinions' links, Enter opens one, / searches.
function walkList(key) {
  const links = [...document.querySelectorAll("[data-opinion-link]")];
  if (!links.length) return false;
  const at = links.indexOf(document.activeElement);
  const next = key === "j" ? Math.min(at + 1, links.length - 1) : Math.max(at - 1, 0);
  links[next].focus();
  return true;
}

// After htmx replaces the workbench, keep the keyboard where it was: on the button just
// pressed if it is still there, else on the opinion itself.
let focusedId = null;
document.addEventListener("htmx:beforeSwap", () => {
  focusedId = document.activeElement?.id || null;
});
document.addEventListener("htmx:afterSettle", () => {
  const again = focusedId && document.getElementById(focusedId);
  if (again && again.tagName !== "BODY") again.focus();
  focusedId = null;
});

// A key pressed while the server is still answering the last one, or while htmx is still
// settling its answer in (the new buttons work only once it has), waits its turn: a fast
// coder's keys apply, in order, to the opinion on the screen.
//
// A request the server could not answer (a 5xx such as a locked database, a dropped
// connection, a timeout) is sent again until it is answered, and the keys behind it wait; the
// workbench stays, and the page says how many keys are not saved yet. Each step carries an id
// of its own (`step`), the same when sent again, so that a step the server stored but whose
// answer was lost is not applied twice.
const text = JSON.parse(document.getElementById("coding-strings")?.textContent || "{}");
let pending = 0; // requests sent and not answered
let settling = false; // an answer swapped in, its new buttons not yet live
let failed = null; // the element whose request waits to be sent again, and how often it failed
let retryTimer = null;
const waiting = [];
const busy = () => pending > 0 || settling || failed !== null;

function next() {
  while (!busy() && waiting.length) {
    const key = waiting.shift();
    if (typeof key === "function") {
      key(); // a click that waited (below)
      continue;
    }
    // After x, m or /, the keys typed ahead are the reason, the memo or the search.
    const field = document.activeElement?.closest("input[type=text], input[type=search], textarea");
    if (field && key.length === 1) field.setRangeText(key, field.selectionStart, field.selectionEnd, "end");
    else shortcut(key);
  }
  tell();
}

// What the page says about keys not saved yet (a polite live region above the workbench).
let saidWaiting = false;
function tell() {
  const region = document.getElementById("coding-unsaved");
  if (!region) return;
  // Once a request has failed, the count goes down as the keys behind it are saved.
  const count = (failed ? 1 : pending) + waiting.length;
  if (failed || (saidWaiting && count)) {
    const message = (count === 1 ? text.unsaved_one : text.unsaved_other) || "";
    region.innerHTML = '<p class="alert alert-warning py-2 mb-2"></p>';
    region.firstChild.textContent = message.replace("%(count)s", count);
    saidWaiting = true;
  } else if (saidWaiting && !busy()) {
    region.innerHTML = '<p class="alert alert-success py-2 mb-2"></p>';
    region.firstChild.textContent = text.saved || "";
    saidWaiting = false;
  }
}

function stepId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// Each step on the workbench gets its id the first time it is sent and keeps it when sent again.
document.addEventListener("htmx:configRequest", (event) => {
  const element = event.detail.elt;
  if (event.detail.verb !== "post" || !bench()?.contains(element)) return;
  element.dataset.step ||= stepId();
  event.detail.parameters.step = element.dataset.step;
});

// The server could not answer: a 5xx, or no answer at all (status 0), or too many requests.
const notAnswered = (xhr) => !xhr || xhr.status === 0 || xhr.status >= 500 || xhr.status === 429;

// Seen before htmx (and, under DEBUG, django-htmx's script that would put Django's error page
// in place of the whole page) handles the answer: an answer that is not one keeps the workbench.
document.body.addEventListener("htmx:beforeOnLoad", (event) => {
  if (!bench()?.contains(event.detail.elt) || !notAnswered(event.detail.xhr)) return;
  event.detail.notAnswered = true;
  event.preventDefault();
  event.stopPropagation();
});

function sendAgain() {
  retryTimer = null;
  const element = failed?.element;
  if (!element || !document.contains(element)) {
    failed = null; // the workbench moved on; nothing left to send
    next();
    return;
  }
  htmx.trigger(element, element.tagName === "FORM" ? "submit" : "click");
}

function retryLater(element) {
  const times = failed?.element === element ? failed.times + 1 : 1;
  failed = { element, times };
  tell();
  clearTimeout(retryTimer);
  retryTimer = setTimeout(sendAgain, Math.min(500 * 2 ** (times - 1), 8000));
}
window.addEventListener("online", () => {
  if (failed && retryTimer) {
    clearTimeout(retryTimer);
    sendAgain();
  }
});

document.addEventListener("htmx:beforeRequest", (event) => {
  pending += 1;
  // htmx tells of the answer on the element's parent when the element was swapped out.
  event.detail.source = event.detail.elt;
});
document.addEventListener("htmx:afterRequest", (event) => {
  const detail = event.detail;
  if (detail.counted) return;
  detail.counted = true;
  pending = Math.max(0, pending - 1);
  const source = detail.source || detail.elt;
  const unanswered = detail.notAnswered || (detail.failed === undefined && notAnswered(detail.xhr));
  if (unanswered && bench()?.contains(source)) {
    // No answer to swap in: a 5xx (stopped above) or a network error (htmx sets no outcome).
    retryLater(source);
    return;
  }
  if (failed?.element === source) failed = null;
  if (source?.dataset) delete source.dataset.step;
  settling = detail.successful === true && !!bench();
  if (settling) {
    // Should htmx not say it has settled (an answer whose target has gone), the keys behind
    // it are not kept waiting for ever.
    clearTimeout(settleTimer);
    settleTimer = setTimeout(settled, 1000);
  } else next();
});
let settleTimer = null;
function settled() {
  clearTimeout(settleTimer);
  settling = false;
  next();
}
document.addEventListener("htmx:afterSettle", (event) => {
  // The workbench, or its coding after a category key; the status line settles on its own.
  if (event.target.id !== "workbench" && event.target.id !== "coding") return;
  if (event.target.id === "workbench") memoWarned = false;
  settled();
});

// A click on the workbench while the server is still answering (a mouse, or a finger on a
// phone, as quick as keys) waits its turn as a key does, and then clicks the same button in
// the workbench as it is by then: sent at once, its answer could come before the earlier
// one's and be overwritten by it, and a click before htmx has made the new buttons live would
// send the whole page.
document.addEventListener(
  "click",
  (event) => {
    // A person's click (htmx's own retry of a failed step is a CustomEvent, and must go).
    if (!(event instanceof MouseEvent)) return;
    const element = event.target.closest?.("button, a[data-shortcut]");
    if (!element || !bench()?.contains(element) || !busy()) return;
    const again = element.id ? `#${CSS.escape(element.id)}` : element.dataset.shortcut
      ? `[data-shortcut="${element.dataset.shortcut}"]` : null;
    if (!again) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    waiting.push(() => bench()?.querySelector(again)?.click());
    tell();
  },
  true,
);

document.addEventListener("keydown", (event) => {
  // Ctrl+Enter in the workbench's memo or exclusion reason sends it, as on the entry page.
  if ((event.ctrlKey || event.metaKey) && event.key === "Enter" && event.target.matches?.("#workbench textarea")) {
    event.preventDefault();
    event.target.form?.requestSubmit();
    return;
  }
  if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
  if (event.target.closest("input, textarea, select, [contenteditable]")) {
    if (event.key === "Escape") event.target.blur();
    return;
  }
  if (bench() && busy()) {
    if (event.key.length === 1 || event.key.startsWith("Arrow")) {
      waiting.push(event.key);
      event.preventDefault();
      tell();
    }
    return;
  }
  if (shortcut(event.key)) event.preventDefault();
});

function shortcut(key) {
  if (!bench()) {
    if (key === "j" || key === "k") return walkList(key);
    if (key === "/") return focus("[data-shortcut=search]");
    return false;
  }
  let done = false;
  const moving = ["j", "k", "ArrowRight", "ArrowLeft"].includes(key);
  if (moving && memoUnsaved() && !memoWarned) {
    memoWarned = true; // said once: the same key again moves on without the memo
    return say(text.memo_unsaved);
  }
  if (key === "j" || key === "ArrowRight") done = activate("[data-shortcut=next]");
  else if (key === "k" || key === "ArrowLeft") done = activate("[data-shortcut=previous]");
  else if (key === "x") done = focus("#workbench #id_reason");
  else if (key === "m") done = focus("#workbench #id_memo");
  else if (key === "u") done = activate("[data-shortcut=undo]");
  else if (key === "a") done = activate("[data-shortcut=accept]");
  else if (key === "r") done = activate("[data-shortcut=reject]");
  else if (key === "/") done = focus("#workbench [data-shortcut=search]");
  else if (key.length === 1) {
    const category = `[data-key="${CSS.escape(key.toLowerCase())}"]`;
    if (bench().querySelector(category)?.disabled) done = sayWhyNot();
    else done = activate(category);
  }
  return done;
}

// A category's key where it cannot code (coding closed, or the opinion excluded) says why,
// where the page tells of keys, rather than doing nothing a coder could see.
function sayWhyNot() {
  return say(document.getElementById("coding-why-not")?.textContent.trim() || text.excluded);
}

function say(message) {
  const region = document.getElementById("coding-unsaved");
  if (!region || !message) return false;
  region.innerHTML = '<p class="alert alert-info py-2 mb-2"></p>';
  region.firstChild.textContent = message;
  return true;
}

// A memo typed and not saved is not dropped by moving to the next opinion unannounced.
let memoWarned = false;

function memoUnsaved() {
  const memo = bench()?.querySelector("#id_memo");
  return Boolean(memo) && memo.value !== memo.defaultValue;
}

// A key that settles an opinion (or unsettles it) moves the progress bar by one; the server
// says so in an event rather than counting the whole process on every key. In a large process
// a new count waits for the worker, so the next opinion comes with a count begun before some
// of the coder's own keys: those keys are kept for the tab, each with when the server took it,
// and shown on top of any count begun before them (data-began), until a count holds them.
function progressBar() {
  return document.querySelector("[data-progress=bar]");
}

function progressShow(bar, value) {
  const done = document.querySelector("[data-progress=done]");
  const percent = document.querySelector("[data-progress=percent]");
  if (!done || !percent) return;
  value = Math.max(0, Math.min(bar.max, value));
  bar.value = value;
  done.textContent = value;
  percent.textContent = bar.max ? Math.floor((100 * value) / bar.max) : 0; // as the server rounds
}

function progressKeys(bar) {
  const key = `coding-progress:${bar.dataset.process}`;
  let keys = [];
  try {
    keys = JSON.parse(sessionStorage.getItem(key)) || [];
  } catch {
    // No storage (a private window), or something else in it: start from the count.
  }
  if (!Array.isArray(keys)) keys = [];
  return {
    keys,
    save(kept) {
      try {
        sessionStorage.setItem(key, JSON.stringify(kept));
      } catch {
        // The bar still moves with each key; only a later count shown may lag behind.
      }
    },
  };
}

document.body.addEventListener("codingProgress", (event) => {
  const bar = progressBar();
  if (!bar) return;
  progressShow(bar, Number(bar.value) + event.detail.change);
  const kept = progressKeys(bar);
  kept.save([...kept.keys, { at: event.detail.at, change: event.detail.change }]);
});

function progressCarried() {
  const bar = progressBar();
  if (!bar || bar.dataset.carried) return;
  bar.dataset.carried = "1";
  const kept = progressKeys(bar);
  // A current count holds every key so far; else the keys taken after the count began.
  const after = bar.dataset.fresh === "1" ? [] : kept.keys.filter((k) => k.at > Number(bar.dataset.began));
  const change = after.reduce((sum, k) => sum + k.change, 0);
  if (change) progressShow(bar, Number(bar.value) + change);
  kept.save(after);
}
progressCarried();
document.addEventListener("htmx:afterSettle", progressCarried);
