// The workflow designer's responsiveness over a slow network: imports a workflow of N steps (default 200) as an admin,
// opens its designer through the delaying proxy (delay-proxy.mjs) and measures
//   - the render: from navigation until the prerendered canvas shows every step, and until it is interactive;
//   - a drag: 120 pointer moves over one step; for each, whether the step stood where the pointer put it in the next
//     animation frame (js/designer.js records it), the time from the event to the step moved, and the frame times
//     (requestAnimationFrame intervals) while dragging;
//   - a second editor (another browser context, also through the proxy) on the same draft: for 10 drops by the first,
//     the time from the release until the second one's canvas shows the step moved (both pages' clocks are this
//     machine's).
// scripts/bench-designer.sh starts the app and the proxy and runs it.
//   node designer.mjs --root <tenant root url through the proxy> --email <e-mail> --password <p> --totp <secret> [--steps 200]
//        [--second-email <e-mail> --second-totp <secret>] (the second editor; by default the same account in another context)
//        [--second-root <tenant root url>] (the second editor on another node; by default the same root)
// The last line is machine-readable: RESULT steps=… firstRenderMs=… interactiveMs=… moves=… inFrame=… eventToMovedP95=… handlerP95=…
// frameP50=… frameP95=… frameMax=… reachP50=… reachMax=…
import { launch, signIn } from './session.mjs';

const options = {};
for (let i = 2; i < process.argv.length; i += 2) options[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const stepCount = Number(options.steps ?? 200);
const root = options.root.replace(/\/?$/, '/');

/** A definition of n steps: a chain of waits and notes, with a condition every tenth step whose false branch stops. */
function definition(n) {
  const steps = [];
  const edges = [];
  let previous = null;
  const link = (to) => previous && edges.push({ from: previous.id, port: previous.port, to });
  for (let i = 0; steps.length < n - 1; i++) {
    const id = `s${i}`;
    if (i % 10 === 0 && steps.length < n - 2) {
      steps.push({ id, type: 'condition', name: `Check ${i}`, expression: `${i} > 0` }, { id: `x${i}`, type: 'end', name: `Stop ${i}` });
      edges.push({ from: id, port: 'false', to: `x${i}` });
      link(id);
      previous = { id, port: 'true' };
    } else {
      steps.push(i % 2 === 0
        ? { id, type: 'delay', name: `Wait ${i}`, duration: 'PT1M' }
        : { id, type: 'setVariable', name: `Note ${i}`, variable: `v${i}`, expression: `${i}` });
      link(id);
      previous = { id, port: 'next' };
    }
  }
  steps.push({ id: 'done', type: 'end', name: 'Done' });
  link('done');
  return { name: `Benchmark of ${n} steps ${Date.now()}`, trigger: { type: 'manual' }, start: 's0', steps, edges };
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await signIn(page, root, options.email, options.password, options.totp);
  // From the page, with its cookie: node does not resolve *.localhost as the browser is told to.
  const id = await page.evaluate(async ([url, body]) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    if (!response.ok) throw new Error(`import answered ${response.status}: ${await response.text()}`);
    return (await response.json()).workflow.id;
  }, [root + 'api/v1/workflows/import', JSON.stringify(definition(stepCount))]);
  const design = `${root}app/workflows/${id}/design`;

  // Once to warm the app up (JIT, the tenant's caches), then measured.
  await page.goto(design);
  await page.waitForSelector('[data-designer-ready=true]', { timeout: 60000 });
  const started = Date.now();
  await page.goto(design, { waitUntil: 'commit' });
  await page.waitForFunction((n) => document.querySelectorAll('.wf-step').length >= n, stepCount, { timeout: 60000, polling: 'raf' });
  const firstRenderMs = Date.now() - started;
  await page.waitForSelector('[data-designer-ready=true]', { timeout: 60000 });
  const interactiveMs = Date.now() - started;

  const step = page.locator('.wf-step[data-step="s5"] .wf-step-name');
  await step.scrollIntoViewIfNeeded();
  const box = await step.boundingBox();
  await page.evaluate(async () => {
    const module = await import(new URL('js/designer.js', document.baseURI).href);
    module.clearDragSamples();
    window.__frames = [];
    let last = performance.now();
    window.__recording = true;
    const tick = (now) => {
      window.__frames.push(now - last);
      last = now;
      if (window.__recording) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 1; i <= 120; i++) {
    await page.mouse.move(x + i * 2, y + Math.sin(i / 10) * 40);
    await page.waitForTimeout(8);
  }
  await page.mouse.up();
  await page.waitForTimeout(500);
  const { samples, frames } = await page.evaluate(async () => {
    window.__recording = false;
    const module = await import(new URL('js/designer.js', document.baseURI).href);
    return { samples: module.dragSamples(), frames: window.__frames.slice(2) };
  });
  // A second editor in another context: how long after the first one's drop the second one's canvas shows the move.
  const other = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const second = await other.newPage();
  const secondRoot = (options['second-root'] ?? root).replace(/\/?$/, '/');
  await signIn(second, secondRoot, options['second-email'] ?? options.email, options.password, options['second-totp'] ?? options.totp);
  await second.goto(`${secondRoot}app/workflows/${id}/design`);
  await second.waitForSelector('[data-designer-ready=true]', { timeout: 60000 });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=people] .wf-person').length >= 2, null, { timeout: 30000 });
  const reach = [];
  for (let i = 0; i < 10; i++) {
    const target = page.locator('.wf-step[data-step="s7"] .wf-step-name');
    await target.scrollIntoViewIfNeeded();
    const at = await target.boundingBox();
    const before = await second.locator('.wf-step[data-step="s7"]').getAttribute('data-x');
    await page.mouse.move(at.x + at.width / 2, at.y + at.height / 2);
    await page.mouse.down();
    await page.mouse.move(at.x + at.width / 2 + (i % 2 === 0 ? 48 : -48), at.y + at.height / 2, { steps: 4 });
    // The time of the release, on the first page's clock, and the time the second page saw the step move, on its own.
    const dropped = await page.evaluate(() => performance.timeOrigin + performance.now());
    await page.mouse.up();
    const seen = await second.evaluate(async (old) => {
      const step = document.querySelector('.wf-step[data-step="s7"]');
      while (step.getAttribute('data-x') === old) {
        await new Promise((resolve) => requestAnimationFrame(resolve));
      }
      return performance.timeOrigin + performance.now();
    }, before);
    reach.push(seen - dropped);
    await page.waitForTimeout(200);
  }
  await other.close();

  const moved = samples.filter((s) => s.ok !== null);
  const inFrame = moved.filter((s) => s.ok).length / Math.max(1, moved.length);
  const eventToMoved = moved.map((s) => s.applied - s.event);
  const handler = moved.map((s) => s.applied - s.begun);
  const result = {
    steps: stepCount,
    firstRenderMs,
    interactiveMs,
    moves: moved.length,
    inFrame: inFrame.toFixed(3),
    eventToMovedP95: percentile(eventToMoved, 0.95).toFixed(2),
    handlerP95: percentile(handler, 0.95).toFixed(2),
    frameP50: percentile(frames, 0.5).toFixed(1),
    frameP95: percentile(frames, 0.95).toFixed(1),
    frameMax: Math.max(...frames).toFixed(1),
    reachP50: percentile(reach, 0.5).toFixed(0),
    reachMax: Math.max(...reach).toFixed(0),
  };
  console.log(`${stepCount} steps: shown ${firstRenderMs} ms after navigating, interactive after ${interactiveMs} ms; ` +
    `${moved.length} pointer moves, ${(inFrame * 100).toFixed(1)} % in the next frame, event to step moved p95 ${result.eventToMovedP95} ms ` +
    `(the handler ${result.handlerP95} ms, the rest is the browser lining input up with frames); ` +
    `frames p50 ${result.frameP50} ms, p95 ${result.frameP95} ms, max ${result.frameMax} ms; ` +
    `a drop reached the second editor's canvas after ${result.reachP50} ms at the median, ${result.reachMax} ms at most (10 drops)`);
  console.log('RESULT ' + Object.entries(result).map(([k, v]) => `${k}=${v}`).join(' '));
} finally {
  await browser.close();
}
