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
let pending = 0; // requests sent and not answered
let settling = false; // an answer swapped in, its new buttons not yet live
const waiting = [];
const busy = () => pending > 0 || settling;

function next() {
  while (!busy() && waiting.length) {
    const key = waiting.shift();
    // After x, m or /, the keys typed ahead are the reason, the memo or the search.
    const field = document.activeElement?.closest("input[type=text], input[type=search], textarea");
    if (field && key.length === 1) field.setRangeText(key, field.selectionStart, field.selectionEnd, "end");
    else shortcut(key);
  }
}
document.addEventListener("htmx:beforeRequest", () => {
  pending += 1;
});
document.addEventListener("htmx:afterRequest", (event) => {
  pending = Math.max(0, pending - 1);
  settling = event.detail.successful !== false && !!bench();
  if (!settling) next();
});
document.addEventListener("htmx:afterSettle", (event) => {
  // The workbench, or its coding after a category key; the status line settles on its own.
  if (event.target.id !== "workbench" && event.target.id !== "coding") return;
  settling = false;
  next();
});
for (const name of ["htmx:sendError", "htmx:timeout"]) {
  document.addEventListener(name, () => {
    pending = Math.max(0, pending - 1);
    next();
  });
}

document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
  if (event.target.closest("input, textarea, select, [contenteditable]")) {
    if (event.key === "Escape") event.target.blur();
    return;
  }
  if (bench() && busy()) {
    if (event.key.length === 1 || event.key.startsWith("Arrow")) {
      waiting.push(event.key);
      event.preventDefault();
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
  if (key === "j" || key === "ArrowRight") done = activate("[data-shortcut=next]");
  else if (key === "k" || key === "ArrowLeft") done = activate("[data-shortcut=previous]");
  else if (key === "x") done = focus("#workbench #id_reason");
  else if (key === "m") done = focus("#workbench #id_memo");
  else if (key === "u") done = activate("[data-shortcut=undo]");
  else if (key === "a") done = activate("[data-shortcut=accept]");
  else if (key === "r") done = activate("[data-shortcut=reject]");
  else if (key === "/") done = focus("#workbench [data-shortcut=search]");
  else if (key.length === 1) done = activate(`[data-key="${CSS.escape(key.toLowerCase())}"]`);
  return done;
}

// A key that settles an opinion (or unsettles it) moves the progress bar by one; the server
// says so in an event rather than counting the whole process on every key.
document.body.addEventListener("codingProgress", (event) => {
  const bar = document.querySelector("[data-progress=bar]");
  const done = document.querySelector("[data-progress=done]");
  const percent = document.querySelector("[data-progress=percent]");
  if (!bar || !done || !percent) return;
  const value = Math.max(0, Math.min(bar.max, Number(bar.value) + event.detail.change));
  bar.value = value;
  done.textContent = value;
  percent.textContent = bar.max ? Math.round((100 * value) / bar.max) : 0;
});
