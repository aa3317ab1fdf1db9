// Inside the embeddable booking page (/embed/book): tells the page that frames it how tall the booking
// content is, so the host's booking-embed.js can size the <iframe> without a scroll bar.

const message = "platform-booking:height";
let observer = null;

/** Starts posting the height of the element matching the selector to the parent window; false when not framed. */
export function reportHeight(selector) {
  if (window.parent === window) {
    return false;
  }
  const element = document.querySelector(selector);
  if (!element) {
    return false;
  }
  observer?.disconnect();
  let last = 0;
  const post = () => {
    const height = Math.ceil(element.getBoundingClientRect().height);
    if (height !== last) {
      last = height;
      // Only a height leaves the frame, so any host may hear it.
      window.parent.postMessage({ type: message, height }, "*");
    }
  };
  observer = new ResizeObserver(post);
  observer.observe(element);
  post();
  return true;
}
