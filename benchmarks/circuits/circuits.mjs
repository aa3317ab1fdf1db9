// Managed heap per idle Blazor circuit: opens one page (the app warms up with it), reads the heap after a forced GC,
// opens N more pages of the same address in one browser context (one circuit each, all left open and idle), waits until
// each is interactive, reads the heap again and prints the growth per circuit. scripts/bench-circuits.sh runs it.
//   node circuits.mjs --heap <url> --page <url> --ready <css selector> [--count 40]
//        [--sign-in <tenant root url> --email <e-mail> --password <password> [--totp <base32 secret>]]
// CHROMIUM (default /usr/bin/chromium) is the browser; playwright-core never downloads one. *.localhost resolves to 127.0.0.1.
// The last line is machine-readable: RESULT circuits=… before=… after=… perCircuitKB=…
import { createHmac } from 'node:crypto';
import { chromium } from 'playwright-core';

const options = {};
for (let i = 2; i < process.argv.length; i += 2) options[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const count = Number(options.count ?? 40);
if (!options.heap || !options.page || !options.ready) {
  console.error('usage: node circuits.mjs --heap <url> --page <url> --ready <selector> [--count 40] [--sign-in <url> --email <e> --password <p> [--totp <secret>]]');
  process.exit(2);
}

/** The authenticator's 6-digit code (RFC 6238: SHA-1, 30 s) for a base32 secret, `steps` steps from now. */
function totp(secret, steps = 0) {
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

async function heap() {
  const response = await fetch(options.heap);
  if (!response.ok) throw new Error(`${options.heap} answered ${response.status}`);
  return Number(await response.text());
}

/** Signs in through the tenant's sign-in form, answering the second step with the authenticator code. */
async function signIn(page) {
  const root = options['sign-in'].replace(/\/?$/, '/');
  await page.goto(root + 'Account/Login');
  await page.fill("input[name='Input.Email']", options.email);
  await page.fill("input[name='Input.Password']", options.password);
  await Promise.all([page.waitForURL((url) => !/Account\/Login(\?|$)/i.test(url.toString())), page.press("input[name='Input.Password']", 'Enter')]);
  for (let attempt = 0; /LoginWith2fa/i.test(page.url()) && attempt < 3; attempt++) {
    if (!options.totp) throw new Error(`${options.email} needs a second step: give --totp`);
    await page.fill("input[name='Input.Code']", totp(options.totp, attempt));
    await page.check("input[name='Input.RememberDevice']");
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && /LoginWith2fa/i.test(r.url())),
      page.press("input[name='Input.Code']", 'Enter'),
    ]);
    // Accepted, the answer redirects away; refused (the code was used a moment ago), the form is shown again.
    await page.waitForURL((url) => !/LoginWith2fa/i.test(url.toString()), { timeout: 5000 }).catch(() => {});
  }
  if (/Account\/Login/i.test(page.url())) throw new Error(`${options.email} could not sign in (at ${page.url()})`);
}

async function open(context) {
  const page = await context.newPage();
  await page.goto(options.page, { waitUntil: 'domcontentloaded', timeout: 120000 });
  await page.waitForSelector(options.ready, { state: 'attached', timeout: 120000 });
  return page;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--host-resolver-rules=MAP *.localhost 127.0.0.1',
    // Idle tabs in the background must keep their circuits, not be throttled into disconnecting.
    '--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows',
  ],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  if (options['sign-in']) {
    const login = await context.newPage();
    await signIn(login);
    await login.close();
  }

  // The first circuit warms the app up (JIT, caches, the tenant's data): it stays open and counts in "before".
  await open(context);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const before = await heap();
  for (let i = 0; i < count; i++) await open(context);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const after = await heap();
  const perCircuitKB = (after - before) / count / 1024;
  console.log(`${count} idle circuits of ${options.page}: heap ${(before / 1048576).toFixed(1)} MB before, ${(after / 1048576).toFixed(1)} MB after, ${perCircuitKB.toFixed(0)} KB per circuit`);
  console.log(`RESULT circuits=${count} before=${before} after=${after} perCircuitKB=${perCircuitKB.toFixed(1)}`);
} finally {
  await browser.close();
}
