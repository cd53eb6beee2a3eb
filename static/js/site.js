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
