// The coding workbench by keyboard. A category's key toggles it; j/k (or the arrows) move to
// the next or previous opinion; x and m go to the exclusion reason and the memo; u undoes;
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

document.addEventListener("keydown", (event) => {
  if (!bench() || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
  if (event.target.closest("input, textarea, select, [contenteditable]")) {
    if (event.key === "Escape") event.target.blur();
    return;
  }
  const key = event.key;
  let done = false;
  if (key === "j" || key === "ArrowRight") done = activate("[data-shortcut=next]");
  else if (key === "k" || key === "ArrowLeft") done = activate("[data-shortcut=previous]");
  else if (key === "x") done = focus("#workbench #id_reason");
  else if (key === "m") done = focus("#workbench #id_memo");
  else if (key === "u") done = activate("[data-shortcut=undo]");
  else if (key === "/") done = focus("#workbench [data-shortcut=search]");
  else if (key.length === 1) done = activate(`[data-key="${CSS.escape(key.toLowerCase())}"]`);
  if (done) event.preventDefault();
});

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
