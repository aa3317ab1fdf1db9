// Browser (system) notifications for the notification bell. The server decides what to show; this
// module only asks for permission when the person clicks "Enable browser notifications", and shows a
// notification only while the page is in a background tab (a visible page has the bell).

/** "granted", "denied", "default" or "unsupported". */
export function permission() {
  return "Notification" in window ? Notification.permission : "unsupported";
}

/** Asks the browser for permission; must run from a click. Returns the resulting permission. */
export async function requestPermission() {
  if (!("Notification" in window)) {
    return "unsupported";
  }
  return await Notification.requestPermission();
}

/** Shows a system notification when the page is hidden and permission was granted; true when shown. */
export function showIfHidden(title, body, href, tag) {
  if (!document.hidden || permission() !== "granted") {
    return false;
  }
  const notification = new Notification(title, { body: body || "", tag: tag || undefined });
  notification.onclick = () => {
    window.focus();
    if (href) {
      window.location.assign(new URL(href, document.baseURI).href);
    }
    notification.close();
  };
  return true;
}
