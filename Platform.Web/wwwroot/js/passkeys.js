// Built from wwwroot-assets/src/passkeys.js: edit the source, then run npm run build.
// Passkey ceremonies for the statically rendered account forms. A <passkey-submit> element sits in a
// form beside a submit button named "__passkeySubmit": pressing the button asks the server for options,
// runs navigator.credentials.create() or .get(), and posts the form with the credential (or an error).
// Addresses are relative to <base href>, so a tenant at /t/{slug}/ talks to its own endpoints.

const supported =
  typeof navigator.credentials !== "undefined" &&
  typeof window.PublicKeyCredential !== "undefined" &&
  typeof window.PublicKeyCredential.parseCreationOptionsFromJSON === "function" &&
  typeof window.PublicKeyCredential.parseRequestOptionsFromJSON === "function";

async function fetchOptions(path, headers, signal) {
  const response = await fetch(new URL(path, document.baseURI), {
    method: "POST",
    credentials: "same-origin",
    headers,
    signal,
  });
  if (!response.ok) {
    throw new Error("The server could not start the passkey request. Reload the page and try again.");
  }
  return await response.json();
}

/** A message for the person, from what the browser threw. */
function describe(error) {
  switch (error?.name) {
    case "NotAllowedError":
      return "The passkey request was cancelled or timed out.";
    case "InvalidStateError":
      return "This device already holds a passkey for your account.";
    case "SecurityError":
      return "This address cannot use passkeys. Use the site's https address.";
    default:
      return error?.message || "The passkey request failed.";
  }
}

class PasskeySubmit extends HTMLElement {
  static formAssociated = true;

  connectedCallback() {
    this.internals ??= this.attachInternals();
    const form = this.internals.form;
    if (!form) {
      return;
    }

    this.onSubmit = (event) => {
      if (event.submitter?.name === "__passkeySubmit") {
        event.preventDefault();
        this.submitCredential();
      }
    };
    form.addEventListener("submit", this.onSubmit);
  }

  disconnectedCallback() {
    this.abortController?.abort();
    this.internals?.form?.removeEventListener("submit", this.onSubmit);
  }

  async obtainCredential(signal) {
    if (!supported) {
      throw new Error("This browser does not support passkeys. Update it, or sign in with your password.");
    }

    const headers = { [this.getAttribute("request-token-name")]: this.getAttribute("request-token-value") };
    if (this.getAttribute("operation") === "Create") {
      const options = await fetchOptions("Account/PasskeyCreationOptions", headers, signal);
      return await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options), signal });
    }

    const options = await fetchOptions("Account/PasskeyRequestOptions", headers, signal);
    return await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options), signal });
  }

  async submitCredential() {
    const form = this.internals.form;
    // The other fields (a passkey's name) are checked before the person is asked for their passkey.
    if (!form.reportValidity()) {
      return;
    }

    this.abortController?.abort();
    this.abortController = new AbortController();
    const name = this.getAttribute("name");
    const data = new FormData();
    try {
      const credential = await this.obtainCredential(this.abortController.signal);
      data.append(`${name}.CredentialJson`, JSON.stringify(credential));
    } catch (error) {
      if (error?.name === "AbortError") {
        return; // the page went away
      }
      console.error(error);
      data.append(`${name}.Error`, describe(error));
    }
    this.internals.setFormValue(data);
    form.submit();
  }
}

if (!customElements.get("passkey-submit")) {
  customElements.define("passkey-submit", PasskeySubmit);
}
