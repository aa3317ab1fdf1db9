// What the browser benchmarks share: Debian's chromium through playwright-core (never a downloaded browser), and signing
// in through a tenant's form with the demo authenticator's code.
import { createHmac } from 'node:crypto';
import { chromium } from 'playwright-core';

/** Headless chromium (CHROMIUM, default /usr/bin/chromium) with *.localhost mapped to 127.0.0.1 and nothing throttled. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--host-resolver-rules=MAP *.localhost 127.0.0.1',
      // Idle tabs in the background must keep their circuits, not be throttled into disconnecting.
      '--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows',
    ],
  });
}

/** The authenticator's 6-digit code (RFC 6238: SHA-1, 30 s) for a base32 secret, `steps` steps from now. */
export function totp(secret, steps = 0) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30000) + steps));
  const hmac = createHmac('sha1', key).update(counter).digest();
  const offset = hmac[hmac.length - 1] & 0xf;
  return String((hmac.readUInt32BE(offset) & 0x7fffffff) % 1000000).padStart(6, '0');
}

/** Signs in through the tenant's sign-in form at `root`, answering the second step with the authenticator code of `secret`. */
export async function signIn(page, root, email, password, secret) {
  root = root.replace(/\/?$/, '/');
  await page.goto(root + 'Account/Login');
  await page.fill("input[name='Input.Email']", email);
  await page.fill("input[name='Input.Password']", password);
  await Promise.all([page.waitForURL((url) => !/Account\/Login(\?|$)/i.test(url.toString())), page.press("input[name='Input.Password']", 'Enter')]);
  for (let attempt = 0; /LoginWith2fa/i.test(page.url()) && attempt < 3; attempt++) {
    if (!secret) throw new Error(`${email} needs a second step: give its authenticator secret`);
    await page.fill("input[name='Input.Code']", totp(secret, attempt));
    await page.check("input[name='Input.RememberDevice']");
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && /LoginWith2fa/i.test(r.url())),
      page.press("input[name='Input.Code']", 'Enter'),
    ]);
    // Accepted, the answer redirects away; refused (the code was used a moment ago), the form is shown again.
    await page.waitForURL((url) => !/LoginWith2fa/i.test(url.toString()), { timeout: 5000 }).catch(() => {});
  }
  if (/Account\/Login/i.test(page.url())) throw new Error(`${email} could not sign in (at ${page.url()})`);
}
