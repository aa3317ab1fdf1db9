// The service worker of Web Push. The server sends { title, body, url, tag } (url relative to the tenant's
// address); the worker shows it unless a Platform page of this tenant is in front of the person, where the
// bell shows it already. The tag is the notification's id, so the same notification shown by an open tab
// (notify.js) and by a push replaces itself instead of appearing twice.

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("push", (event) => {
  event.waitUntil(
    (async () => {
      let message;
      try {
        message = event.data ? event.data.json() : null;
      } catch {
        message = null;
      }
      if (!message || !message.title) {
        return;
      }
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      if (windows.some((w) => w.visibilityState === "visible" && w.focused)) {
        return;
      }
      await self.registration.showNotification(message.title, {
        body: message.body || "",
        tag: message.tag || undefined,
        data: { url: new URL(message.url || "app/notifications", self.registration.scope).href },
      });
    })(),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = event.notification.data && event.notification.data.url;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      const open = windows.find((w) => w.url.startsWith(self.registration.scope));
      if (open) {
        await open.focus();
        if (url) {
          await open.navigate(url);
        }
      } else if (url) {
        await self.clients.openWindow(url);
      }
    })(),
  );
});
