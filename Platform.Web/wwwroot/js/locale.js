// Built from wwwroot-assets/src/locale.js: edit the source, then run npm run build.
// What the browser knows about where its user is; the server cannot know it.

/** The IANA time zone of the browser, e.g. "Europe/Berlin". */
export function timeZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}
