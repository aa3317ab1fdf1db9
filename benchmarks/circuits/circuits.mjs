// Managed heap per idle Blazor circuit: opens one page (the app warms up with it), reads the heap after a forced GC,
// opens N more pages of the same address in one browser context (one circuit each, all left open and idle), waits until
// each is interactive, reads the heap again and prints the growth per circuit. scripts/bench-circuits.sh runs it.
//   node circuits.mjs --heap <url> --page <url> --ready <css selector> [--count 40]
//        [--sign-in <tenant root url> --email <e-mail> --password <password> [--totp <base32 secret>]]
// CHROMIUM (default /usr/bin/chromium) is the browser; playwright-core never downloads one. *.localhost resolves to 127.0.0.1.
// The last line is machine-readable: RESULT circuits=… before=… after=… perCircuitKB=…
import { launch, signIn } from './session.mjs';

const options = {};
for (let i = 2; i < process.argv.length; i += 2) options[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const count = Number(options.count ?? 40);
if (!options.heap || !options.page || !options.ready) {
  console.error('usage: node circuits.mjs --heap <url> --page <url> --ready <selector> [--count 40] [--sign-in <url> --email <e> --password <p> [--totp <secret>]]');
  process.exit(2);
}

async function heap() {
  const response = await fetch(options.heap);
  if (!response.ok) throw new Error(`${options.heap} answered ${response.status}`);
  return Number(await response.text());
}

async function open(context) {
  const page = await context.newPage();
  await page.goto(options.page, { waitUntil: 'domcontentloaded', timeout: 120000 });
  await page.waitForSelector(options.ready, { state: 'attached', timeout: 120000 });
  return page;
}

const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  if (options['sign-in']) {
    const login = await context.newPage();
    await signIn(login, options['sign-in'], options.email, options.password, options.totp);
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
