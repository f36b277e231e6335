// SPDX-License-Identifier: Apache-2.0
// Browser tests of the dashboard: Debian's chromium (playwright-core) against a real
// `tandem serve --simulate` this script starts on a free port with a temporary database.
// TANDEM_BIN names the tandem binary (default ../build/rel/tandem). Exit 77 = skipped.
// Screenshots go to web/test-results/; the numbers (first meaningful paint, JS size) are printed.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const SKIP = 77;
const webDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repo = resolve(webDir, '..');
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const tandem = resolve(process.env.TANDEM_BIN ?? join(repo, 'build/rel/tandem'));
const results = join(webDir, 'test-results');

function skip(why) {
  console.log(`SKIPPED: ${why}`);
  process.exit(SKIP);
}
if (!existsSync(chromiumPath)) skip(`no chromium at ${chromiumPath} (apt-get install chromium)`);
if (!existsSync(join(webDir, 'node_modules'))) skip('web/node_modules is missing (run npm ci in web/)');
if (!existsSync(tandem)) skip(`no tandem binary at ${tandem} (set TANDEM_BIN)`);
const { chromium } = await import('playwright-core');
if (!existsSync(join(webDir, 'dist/index.html'))) {
  console.log('web/dist is missing: building it');
  execFileSync('npm', ['run', 'build'], { cwd: webDir, stdio: 'inherit' });
}
mkdirSync(results, { recursive: true });

const freePort = () =>
  new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });

const tmp = mkdtempSync(join(tmpdir(), 'tandem-web-'));
const db = `sqlite:${join(tmp, 't.db')}`;
const tokenFile = join(tmp, 'token');
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const serverLog = [];
const server = spawn(
  tandem,
  ['serve', join(repo, 'scenarios/northbank.yaml'), '--simulate', '--speed', '600', '--db', db, '--listen', `127.0.0.1:${port}`, '--admin-token-file', tokenFile, '--web-root', join(webDir, 'dist')],
  { stdio: ['ignore', 'pipe', 'pipe'] },
);
server.stdout.on('data', (d) => serverLog.push(String(d)));
server.stderr.on('data', (d) => serverLog.push(String(d)));
let browser = null;
const cleanup = async () => {
  await browser?.close().catch(() => {});
  server.kill('SIGTERM');
  await new Promise((r) => (server.exitCode !== null ? r() : server.once('exit', r)));
  rmSync(tmp, { recursive: true, force: true });
};

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(what, fn, ms = 20000) {
  const end = Date.now() + ms;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch {
      /* not yet */
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

let passed = 0;
let failed = 0;
async function test(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    passed++;
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e?.stack ?? e}`);
  }
}
function expect(cond, message) {
  if (!cond) throw new Error(message);
}

const numbers = {};
try {
  await until('the server to be ready', async () => (await fetch(`${base}/readyz`)).ok && existsSync(tokenFile));
  const admin = readFileSync(tokenFile, 'utf8').trim();
  const apiGet = async (path, token = admin) => {
    const r = await fetch(`${base}/api/v1${path}`, { headers: { Authorization: `Bearer ${token}` } });
    return { status: r.status, body: await r.json() };
  };
  const { body: queueList } = await apiGet('/queues');
  const realTime = queueList.queues.filter((q) => q.real_time);
  const { body: agentList } = await apiGet('/agents');
  const me = agentList.agents[0].id;
  const other = agentList.agents[1].id;
  const agentToken = execFileSync(tandem, ['token', 'create', '--db', db, '--role', 'agent', '--agent', me, '--label', 'browser test'], { encoding: 'utf8' }).trim();

  // The site's clock (simulated): the time of the latest record on the stream.
  async function siteNow() {
    const metrics = await (await fetch(`${base}/metrics`)).text();
    const last = Number(/tandem_live_last_seq (\d+)/.exec(metrics)?.[1] ?? 0);
    const ctl = new AbortController();
    const r = await fetch(`${base}/api/v1/stream?after=${Math.max(0, last - 1)}`, { headers: { Authorization: `Bearer ${admin}` }, signal: ctl.signal });
    const reader = r.body.getReader();
    let text = '';
    const decoder = new TextDecoder();
    let record;
    while (!(record = /^data: (.*)\n/m.exec(text))) {
      const { value, done } = await reader.read();
      if (done) throw new Error('the stream ended');
      text += decoder.decode(value, { stream: true });
    }
    ctl.abort();
    return JSON.parse(record[1]).event.time;
  }
  // Posts one event stamped with the site's clock. The simulated feed moves the engine's clock
  // on meanwhile (10 simulated minutes a second), so an event can land just behind it ("time
  // goes backwards"): stamp it again, a little further ahead each time (5 simulated seconds).
  async function postEvent(event) {
    let last;
    for (let attempt = 0; attempt < 10; attempt++) {
      const time = new Date(Date.parse(await siteNow()) + attempt * 5000).toISOString().replace(/\.\d+Z$/, 'Z');
      const r = await fetch(`${base}/api/v1/events`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...event, time }),
      });
      last = `${r.status} ${await r.text()}`;
      const body = JSON.parse(last.slice(4));
      if (r.ok && body.results[0].status === 'applied') return body.results[0];
      if (!/goes backwards/.test(last)) break;
    }
    throw new Error(`POST /events: ${last}`);
  }

  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'], // playwright gives each launch a fresh temporary --user-data-dir,
  });
  const consoleErrors = [];
  const newPage = async (token, agent) => {
    const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    if (token) {
      await ctx.addInitScript(
        ([t, a]) => {
          sessionStorage.setItem('tandem.token', t);
          sessionStorage.setItem('tandem.access', a ? 'agent' : 'operations');
          sessionStorage.setItem('tandem.agent', a ?? '');
        },
        [token, agent],
      );
    }
    const page = await ctx.newPage();
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(`${m.text()} (${m.location().url})`));
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    return page;
  };

  await test('login with the admin token opens Operations with Northbank\'s queues', async () => {
    const page = await newPage();
    await page.goto(base);
    await page.waitForSelector('#token');
    await page.screenshot({ path: join(results, 'login.png') });
    await page.fill('#token', 'tdm_0000000000000000_wrong');
    await page.click('button[type=submit]');
    await page.waitForSelector('.notice.error');
    expect((await page.textContent('.notice.error')).includes('401'), 'a wrong token says 401');
    await page.fill('#token', admin);
    await page.click('button[type=submit]');
    await page.waitForSelector('.queue');
    const names = await page.$$eval('.queue h3', (h) => h.map((x) => x.textContent));
    expect(names.length === realTime.length, `${names.length} queue cards, want ${realTime.length}`);
    for (const q of realTime) expect(names.some((n) => n.includes(q.name)), `card of ${q.name}`);
    const strip = await page.$$eval('.backoffice .cell', (c) => c.length);
    expect(strip === queueList.queues.length - realTime.length, `back-office strip has ${strip} cells`);
    await page.close();
  });

  let opsPage;
  await test('Operations paints its queues fast, shows agents and the blending chart', async () => {
    opsPage = await newPage(admin);
    const t0 = Date.now();
    await opsPage.goto(`${base}/#/ops`);
    const paint = await opsPage.waitForFunction(() => document.querySelectorAll('.queue').length > 0 && performance.now());
    numbers.first_meaningful_paint_ms = Math.round(await paint.jsonValue());
    numbers.first_meaningful_paint_wall_ms = Date.now() - t0;
    await opsPage.waitForSelector('.agents-by-mode');
    await opsPage.waitForSelector('#blend-chart canvas');
    const text = await opsPage.textContent('.queues');
    expect(/SL today/.test(text) && /\d+ s|–/.test(text), 'queue cards have SL and waits with units');
    await sleep(3500); // a second poll adds a point to the blending line
    await opsPage.screenshot({ path: join(results, 'operations.png') });
  });

  const item = `web-${Date.now()}`;
  const customer = `cust-web-${Date.now()}`;
  await test('a work item posted through the API appears on Operations within 2 s', async () => {
    await postEvent({ type: 'work_item_created', item, process: 'mortgage-application', customer });
    const t0 = Date.now(); // the event is durably stored and answered: from here, 2 s
    await opsPage.waitForFunction((id) => document.querySelector('.new-items')?.textContent.includes(id), item, { timeout: Number(process.env.WEB_POST_TIMEOUT_MS ?? 2000) });
    numbers.posted_event_to_screen_ms = Date.now() - t0;
  });

  await test('the item tracker finds the posted item with its ETA, step and journey', async () => {
    await opsPage.click('a[href="#/tracker"]');
    await opsPage.fill('input[name=q]', item);
    await opsPage.click('form.search button');
    await opsPage.waitForSelector(`.item[data-item="${item}"]`);
    const eta = await opsPage.textContent('[data-testid=eta]');
    expect(/^expected (today|tomorrow|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|\d+ \w{3}) \d\d:\d\d/.test(eta) || eta === 'no estimate yet', `ETA wording: "${eta}"`);
    const place = await opsPage.textContent('.item .place');
    expect(/step \d+ of \d+/.test(place), `place: ${place}`);
    await opsPage.waitForSelector('.journey');
    const journey = await opsPage.textContent('.journey');
    expect(journey.includes(item) && journey.includes(customer), 'the journey lists the item');
    await opsPage.screenshot({ path: join(results, 'tracker.png') });
    // The customer's id finds it too.
    await opsPage.fill('input[name=q]', customer);
    await opsPage.click('form.search button');
    await opsPage.waitForSelector(`.item[data-item="${item}"]`);
  });

  await test('an agent sees My work and cannot see Operations or other agents (403)', async () => {
    const api = await apiGet('/queues', agentToken);
    expect(api.status === 403, `GET /queues with an agent token: ${api.status}`);
    const page = await newPage();
    await page.goto(base);
    await page.fill('#token', agentToken);
    await page.fill('#agent', me);
    await page.click('button[type=submit]');
    await page.waitForSelector('.me');
    const nav = await page.textContent('header nav');
    expect(!nav.includes('Operations'), 'no Operations link for an agent');
    await page.screenshot({ path: join(results, 'mywork.png') });
    await page.goto(`${base}/#/ops`);
    await page.waitForSelector('.notice.error');
    expect((await page.textContent('.notice.error')).includes('403'), 'Operations says 403');
    await page.screenshot({ path: join(results, 'agent-forbidden.png') });
    const page2 = await newPage(agentToken, other);
    await page2.goto(`${base}/#/mywork`);
    await page2.waitForFunction((a) => document.querySelector('.notice')?.textContent.includes(`may not see agent ${a} (403)`), other);
  });

  await test('an agent sets their state from My work', async () => {
    const page = await newPage(agentToken, me);
    await page.goto(`${base}/#/mywork`);
    await page.waitForSelector('.me');
    const before = (await apiGet(`/agents/${me}`)).body;
    if (!before.logged_in) {
      await postEvent({ type: 'agent_logged_in', agent: me });
      await page.waitForSelector('.me button');
    }
    const target = (await apiGet(`/agents/${me}`)).body.state === 'break' ? 'training' : 'break';
    await page.click(`.me button:has-text("${target}")`);
    await page.waitForFunction((s) => document.querySelector('.me .state')?.textContent.trim() === s, target);
    expect((await apiGet(`/agents/${me}`)).body.state === target, 'the server has the new state');
  });

  await test('no console errors', async () => {
    // The 401 and 403 answers the tests provoke are logged by the browser as failed loads.
    const real = consoleErrors.filter((e) => !/favicon/.test(e) && !/status of (401|403)/.test(e));
    expect(real.length === 0, real.join('\n'));
  });

  const assets = join(webDir, 'dist/assets');
  const js = readdirSync(assets).filter((f) => f.endsWith('.js'));
  numbers.js_bytes = js.reduce((n, f) => n + statSync(join(assets, f)).size, 0);
  numbers.js_gzip_bytes = js.reduce((n, f) => n + gzipSync(readFileSync(join(assets, f)), { level: 9 }).length, 0);
} catch (e) {
  failed++;
  console.log(`FAIL setup: ${e?.stack ?? e}\n--- server log ---\n${serverLog.join('')}`);
} finally {
  await cleanup();
}
console.log(`numbers: ${JSON.stringify(numbers)}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
