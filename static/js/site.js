// On every page: logging out forgets the offline copy of the user's pages (so the next person on
// a shared phone does not get them), after a warning if opinions on the device wait to be sent;
// with no network it waits, and says so.

function waitingOnDevice() {
  return new Promise((resolve) => {
    if (!("indexedDB" in window)) return resolve(0);
    const request = indexedDB.open("sunnemodellen", 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore("items", { keyPath: "client_uuid" }).createIndex("event", "event");
    };
    request.onerror = () => resolve(0);
    request.onsuccess = () => {
      const all = request.result.transaction("items").objectStore("items").getAll();
      all.onsuccess = () => resolve(all.result.filter((item) => item.status === "waiting").length);
      all.onerror = () => resolve(0);
    };
  });
}

async function forgetOfflinePages() {
  if (!("caches" in window)) return;
  const keys = await caches.keys();
  await Promise.all(keys.filter((key) => key.startsWith("sunnemodellen-")).map((key) => caches.delete(key)));
}

const logout = document.getElementById("logout-form");
if (!logout) {
  // No one is logged in (logged out some other way, or the session ran out): no one's pages stay.
  forgetOfflinePages();
} else {
  logout.addEventListener("submit", async (event) => {
    event.preventDefault();
    // Offline the logout cannot reach the server: the copy would be gone and the user still
    // logged in, on the browser's error page. Nothing is dropped until it can go.
    if (!navigator.onLine) {
      window.alert(logout.dataset.offlineWarning);
      return;
    }
    if ((await waitingOnDevice()) > 0 && !window.confirm(logout.dataset.unsentWarning)) return;
    await forgetOfflinePages();
    logout.submit();
  });
}

// The brochure's print button.
for (const button of document.querySelectorAll("[data-print]")) {
  button.addEventListener("click", () => window.print());
}

// A table wider than the screen scrolls sideways inside its box (.table-responsive): a line
// above the box says so, and the box is a named region the keyboard can reach to scroll it.
function markWideTables() {
  const hint = document.body.dataset.wideTable;
  for (const box of document.querySelectorAll(".table-responsive")) {
    const wide = box.scrollWidth > box.clientWidth + 1;
    const said = box.previousElementSibling?.classList.contains("wide-table-hint");
    if (wide && !said && hint) {
      const note = document.createElement("p");
      note.className = "wide-table-hint small text-body-secondary mb-1";
      note.textContent = hint;
      box.before(note);
    } else if (!wide && said) {
      box.previousElementSibling.remove();
    }
    if (wide && !box.hasAttribute("tabindex")) {
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      if (!box.hasAttribute("aria-label") && !box.hasAttribute("aria-labelledby")) {
        const caption = box.querySelector("caption")?.textContent.trim();
        box.setAttribute("aria-label", caption || hint);
      }
    }
  }
}
let wideTablesTimer = null;
markWideTables();
window.addEventListener("resize", () => {
  clearTimeout(wideTablesTimer);
  wideTablesTimer = setTimeout(markWideTables, 200);
});
document.addEventListener("htmx:afterSettle", markWideTables);

// The public online form keeps what a resident writes in this tab (sessionStorage, gone when
// the tab is closed) until the server has it: pressing Send with no network says so and sends
// nothing, and a send lost on the way gives the words back when the form is opened again.
// The receipt page, reached only once the opinions are stored, forgets the words sent.
const SENT = ":sent";

function keepDraft(form) {
  const key = "draft:" + location.pathname;
  const answers = () => [...form.querySelectorAll("textarea[name]")];
  const save = () => {
    const values = Object.fromEntries(answers().map((field) => [field.name, field.value]));
    if (Object.values(values).some((value) => value.trim())) {
      sessionStorage.setItem(key, JSON.stringify(values));
    } else {
      sessionStorage.removeItem(key);
    }
  };
  const kept = sessionStorage.getItem(key + SENT) || sessionStorage.getItem(key);
  sessionStorage.removeItem(key + SENT);
  // A page the server drew with the words (a refusal) has them already: those are the ones.
  if (kept && !answers().some((field) => field.value.trim())) {
    const values = JSON.parse(kept);
    for (const field of answers()) field.value = values[field.name] || "";
    const restored = form.querySelector("[data-draft-restored]");
    restored.textContent = form.dataset.restoredMessage;
    restored.hidden = false;
  }
  save();
  form.addEventListener("input", save);
  form.addEventListener("submit", (event) => {
    const offline = form.querySelector("[data-offline]");
    if (!navigator.onLine) {
      event.preventDefault();
      offline.textContent = form.dataset.offlineMessage;
      offline.hidden = false;
      return;
    }
    offline.hidden = true;
    save();
    const sending = sessionStorage.getItem(key);
    if (sending) sessionStorage.setItem(key + SENT, sending);
    sessionStorage.removeItem(key);
  });
}

try {
  for (const form of document.querySelectorAll("form[data-keep-draft]")) keepDraft(form);
  if (document.querySelector("[data-opinions-received]")) {
    for (const key of Object.keys(sessionStorage)) {
      if (key.startsWith("draft:") && key.endsWith(SENT)) sessionStorage.removeItem(key);
    }
  }
} catch (error) {
  // sessionStorage refused (a browser's strict privacy mode): the form works as it always did.
}

// A page that comes back with a mistake in a form puts the focus on the first field that has
// one (or on the form's message, data-form-errors), in view: on a phone the page otherwise
// opens at its top with the message out of sight, and a screen reader starts from the top.
function showFirstMistake() {
  const mistake = document.querySelector("main .is-invalid, main [data-form-errors]");
  if (!mistake) return;
  let target = mistake;
  if (!mistake.matches("input, select, textarea")) {
    target = mistake.matches("[data-form-errors]") ? mistake : mistake.querySelector("input, select, textarea") || mistake;
  }
  if (!target.matches("input, select, textarea, button, a[href]")) target.tabIndex = -1;
  target.focus({ preventScroll: true });
  target.scrollIntoView({ block: "center" });
}
showFirstMistake();
