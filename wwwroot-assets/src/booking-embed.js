// For a business's own website: sizes the booking <iframe> to its content. Include it once, with
//   <iframe src="https://<booking site>/embed/book" data-platform-booking ...></iframe>
//   <script src="https://<booking site>/js/booking-embed.js" async></script>
// The frame (booking-frame.js) posts its height; this script sets it on the iframe that sent it, and only
// when the message comes from the frame's own origin. It works as a classic script: it exports nothing.
(() => {
  const message = "platform-booking:height";

  function frameOf(source) {
    for (const frame of document.querySelectorAll("iframe[data-platform-booking]")) {
      if (frame.contentWindow === source) {
        return frame;
      }
    }
    return null;
  }

  window.addEventListener("message", (event) => {
    const data = event.data;
    if (!data || data.type !== message || typeof data.height !== "number" || !(data.height > 0)) {
      return;
    }
    const frame = frameOf(event.source);
    if (!frame || new URL(frame.src, document.baseURI).origin !== event.origin) {
      return;
    }
    frame.style.height = `${Math.min(Math.ceil(data.height), 10000)}px`;
  });
})();
