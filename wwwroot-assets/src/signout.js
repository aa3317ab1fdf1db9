// Signing out stops Web Push to this browser: before a sign-out form posts, this browser's push
// subscription (if any) is cancelled and its endpoint sent along, so the server forgets it too and
// the next person at this computer does not get the previous one's notifications.

const supported = "serviceWorker" in navigator && "PushManager" in window;

async function cancelPush() {
  const registration = await navigator.serviceWorker.getRegistration(new URL("./", document.baseURI).href);
  const subscription = registration ? await registration.pushManager.getSubscription() : null;
  if (!subscription) {
    return "";
  }
  const endpoint = subscription.endpoint;
  await subscription.unsubscribe();
  return endpoint;
}

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!supported || !(form instanceof HTMLFormElement) || !form.classList.contains("pf-logout-form") || form.dataset.pushDone) {
    return;
  }
  event.preventDefault();
  const timeout = new Promise((resolve) => setTimeout(() => resolve(""), 2000));
  Promise.race([cancelPush().catch(() => ""), timeout]).then((endpoint) => {
    form.dataset.pushDone = "true";
    const field = form.querySelector("input[name=PushEndpoint]");
    if (field) {
      field.value = endpoint;
    }
    form.submit();
  });
}, true);
