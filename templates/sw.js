// Sunnemodellen's service worker: the facilitator's pages work with no network. Cache {{ cache }}.
// It takes over at once (the first page that registers it is served by it on its next load);
// the files are kept here, the user's pages by the pages themselves (static/js/offline.js), so
// that only the pages of the user now logged in are kept.
const CACHE = "{{ cache|escapejs }}";
const ASSETS = [{% for url in assets %}"{{ url|escapejs }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
// A kept page is found whatever the request's Vary headers (Cookie, Accept-Language) say.
const ANY = { ignoreVary: true };

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(ASSETS)).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith("sunnemodellen-") && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim())
  );
});

function remember(request, response) {
  if (response.ok && !response.redirected) {
    const copy = response.clone();
    caches.open(CACHE).then((cache) => cache.put(request, copy));
  }
  return response;
}

// The pages kept for use with no network: a facilitator's entry pages and My events (which of
// them, and for whom, offline.js decides). Each is stored again whenever the network answers it.
const PAGES = ["/entry/", "/my-events/"];

async function refresh(request, response) {
  if (!response.ok || response.redirected) return;
  const cache = await caches.open(CACHE);
  await cache.put(request.url, response); // by its address alone, as offline.js keeps it
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && PAGES.some((end) => url.pathname.endsWith(end))) {
    // The newest page when the network answers, the kept one when it does not.
    event.respondWith(
      fetch(request).then((response) => {
        event.waitUntil(refresh(request, response.clone()));
        return response;
      }).catch(() => caches.match(request, ANY).then((hit) => hit || Response.error()))
    );
    return;
  }
  if (ASSETS.includes(url.pathname) && url.search) {
    // The site's look, asked for with its version: the newest when the network answers, the
    // kept one (under its path) when it does not.
    event.respondWith(
      fetch(request).catch(() => caches.match(url.pathname, ANY).then((hit) => hit || Response.error()))
    );
    return;
  }
  if (ASSETS.includes(url.pathname)) {
    event.respondWith(
      caches.match(request, ANY).then((hit) => hit || fetch(request).then((response) => remember(request, response)))
    );
  }
});
