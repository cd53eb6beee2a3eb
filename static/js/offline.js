// On staff pages: the phone is made ready for a day with no network. The service worker is
// registered at once; then the pages the user needs offline (My events and the entry page of
// each of their events, listed by the server for this user only) are fetched and kept with
// every file they need, in the service worker's cache. Pages no longer on the list, such as
// another user's on a shared phone, are dropped from it; logging out drops it all (site.js).
// Where the page has room for it (#offline-status), it says when everything is really kept,
// and My events tells beside each event how many opinions on the phone wait to be sent.

(() => {
  const source = document.body.dataset.offlinePages;
  if (!source || !("serviceWorker" in navigator) || !("caches" in window)) return;
  const registered = navigator.serviceWorker.register("/sw.js").catch(() => null);
  const status = document.getElementById("offline-status");
  const ANY = { ignoreVary: true };
  const absolute = (url) => new URL(url, window.location.href).href;

  function show(state) {
    if (!status) return;
    status.textContent = state ? status.dataset[state] : "";
    status.className = `small mb-2 ${{ ready: "text-success fw-semibold", failed: "text-danger" }[state] || "text-body-secondary"}`;
  }

  // The list of what to keep: fresh from the server, or the one kept when there is no network.
  // With no network it is not asked for: the failure would only fill the console.
  async function pageList() {
    try {
      if (!navigator.onLine) throw new Error("offline");
      const response = await fetch(source, { credentials: "same-origin", cache: "no-store" });
      if (response.ok && !response.redirected) return { list: await response.clone().json(), response };
    } catch (error) {
      // No network: what was kept is all there is.
    }
    const kept = await caches.match(source, ANY);
    return kept ? { list: await kept.json(), response: null } : null;
  }

  async function keep(cache, url) {
    const response = await fetch(url, { credentials: "same-origin", cache: "no-store" });
    if (!response.ok || response.redirected) throw new Error(`${url}: ${response.status}`);
    await cache.put(url, response); // replaces the kept one: never a moment without it
  }

  // Pages are fetched again every time (they change); files only when missing (their address
  // or the cache's name changes with their content). The list itself is kept for offline use.
  async function prepare(list, response) {
    const cache = await caches.open(list.cache);
    const missing = [];
    for (const asset of list.assets) {
      if (!(await cache.match(asset, ANY))) missing.push(asset);
    }
    await Promise.allSettled([...list.pages, ...missing].map((url) => keep(cache, url)));
    await cache.put(source, response);
    const wanted = new Set([source, ...list.pages, ...list.assets].map(absolute));
    for (const request of await cache.keys()) {
      if (!wanted.has(request.url)) await cache.delete(request);
    }
  }

  async function allKept(list) {
    const cache = await caches.open(list.cache);
    for (const url of [...list.pages, ...list.assets]) {
      if (!(await cache.match(url, ANY))) return false;
    }
    return true;
  }

  function waitingByEvent() {
    return new Promise((resolve) => {
      const request = indexedDB.open("sunnemodellen", 1);
      request.onupgradeneeded = () => {
        request.result.createObjectStore("items", { keyPath: "client_uuid" }).createIndex("event", "event");
      };
      request.onerror = () => resolve(new Map());
      request.onsuccess = () => {
        const all = request.result.transaction("items").objectStore("items").getAll();
        all.onerror = () => resolve(new Map());
        all.onsuccess = () => {
          const counts = new Map();
          for (const item of all.result) {
            if (item.kind === "opinion" && item.status === "waiting") counts.set(item.event, (counts.get(item.event) || 0) + 1);
          }
          resolve(counts);
        };
      };
    });
  }

  // Beside each event's link to its entry page (My events): what waits on the phone.
  async function showWaiting(list) {
    if (!status || !("indexedDB" in window)) return;
    const counts = await waitingByEvent();
    for (const event of list.events) {
      const count = counts.get(event.key);
      const link = document.querySelector(`li a[href="${CSS.escape(event.page)}"]`);
      if (!count || !link) continue;
      const note = document.createElement("div");
      note.className = "small fw-semibold";
      note.textContent = `${count} ${status.dataset.waiting}`;
      link.closest("li").firstElementChild.append(note);
    }
  }

  async function start() {
    const found = await pageList();
    if (!found || !found.list.pages.length) return show(found ? null : "failed");
    showWaiting(found.list);
    // The pages that say how ready the phone is fetch everything again; the others only when
    // something is missing (the first staff page after logging in, say).
    if (found.response && (status || !(await allKept(found.list)))) {
      show("preparing");
      await prepare(found.list, found.response);
    }
    const worker = await registered;
    if (worker) await navigator.serviceWorker.ready;
    show(worker && (await allKept(found.list)) ? "ready" : "failed");
  }

  start().catch(() => show("failed"));
})();
