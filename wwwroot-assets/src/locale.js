// What the browser knows about where its user is; the server cannot know it.

/** The IANA time zone of the browser, e.g. "Europe/Berlin". */
export function timeZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

/** The browser's preferred language and region, e.g. "de-DE" ("" when it does not say). */
export function language() {
  return navigator.language || "";
}
