// Built from wwwroot-assets/src/push.js: edit the source, then run npm run build.
// Web Push for the notification preferences page: registers the service worker (push-sw.js, beside
// <base href>, so each tenant at /t/{slug}/ has its own) and subscribes this browser with the server's
// VAPID key. The server stores the subscription and pushes to it; the worker shows what arrives.

const supported = "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;

function scope() {
  return new URL("./", document.baseURI);
}

async function registration() {
  return await navigator.serviceWorker.register(new URL("push-sw.js", document.baseURI), { scope: scope().pathname });
}

function keyBytes(base64Url) {
  const base64 = base64Url.replace(/-/g, "+").replace(/_/g, "/");
  const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}

function sameBytes(a, b) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** What this browser can do and has: { supported, permission, endpoint } (endpoint null when not subscribed). */
export async function state() {
  if (!supported) {
    return { supported: false, permission: "unsupported", endpoint: null };
  }
  const existing = await navigator.serviceWorker.getRegistration(scope().href);
  const subscription = existing ? await existing.pushManager.getSubscription() : null;
  return { supported: true, permission: Notification.permission, endpoint: subscription ? subscription.endpoint : null };
}

/**
 * Asks permission if needed (call from a click), subscribes, and returns { subscription, userAgent } with
 * the subscription's JSON, or { error } with a sentence for the person.
 */
export async function subscribe(publicKey) {
  if (!supported) {
    return { error: "This browser cannot receive push notifications." };
  }
  const permission = Notification.permission === "default" ? await Notification.requestPermission() : Notification.permission;
  if (permission !== "granted") {
    return { error: "Notifications are blocked for this site. Allow them in your browser's site settings, then try again." };
  }
  const key = keyBytes(publicKey);
  try {
    const worker = await registration();
    await navigator.serviceWorker.ready;
    let subscription = await worker.pushManager.getSubscription();
    if (subscription) {
      // Subscribed with another server key earlier (keys were rotated): start again with this one.
      const current = subscription.options && subscription.options.applicationServerKey;
      if (current && !sameBytes(new Uint8Array(current), key)) {
        await subscription.unsubscribe();
        subscription = null;
      }
    }
    subscription ??= await worker.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
    return { subscription: JSON.stringify(subscription), userAgent: navigator.userAgent };
  } catch (error) {
    return { error: `This browser could not reach its push service (${error && error.message ? error.message : error}). Try again later.` };
  }
}

/** Unsubscribes this browser; returns the endpoint it had, or null. */
export async function unsubscribe() {
  if (!supported) {
    return null;
  }
  const existing = await navigator.serviceWorker.getRegistration(scope().href);
  const subscription = existing ? await existing.pushManager.getSubscription() : null;
  if (!subscription) {
    return null;
  }
  const endpoint = subscription.endpoint;
  await subscription.unsubscribe();
  return endpoint;
}
