// The web client in Chromium against a loopback server (e2e/server.ts): two people register,
// chat live, catch up after being away, queue while offline; the service worker controls the
// page, serves the shell offline but never /v1/*, and shows a push as metadata only; Settings
// shows every push state; axe finds nothing on any page; screenshots go to test-results/.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { kezCli, realServerWanted, startServer, startSigServer, webDir, type TestServer } from './server';
import { startGitHub } from './github';

const shots = join(webDir, 'test-results');
const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const desktop = { viewport: { width: 1280, height: 800 } };
const IPHONE_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1';

let server: TestServer;
let sig: Awaited<ReturnType<typeof startSigServer>>;
let github: Awaited<ReturnType<typeof startGitHub>>;
let browser: Browser;
const run = Date.now().toString(36).slice(-5);
const alice = `alice-${run}`, bob = `bob-${run}`;
let aliceCtx: BrowserContext, bobCtx: BrowserContext;
let a: Page, b: Page;

async function axe(page: Page, name: string) {
  const result = await new AxeBuilder({ page }).analyze();
  const summary = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, `axe on ${name}`).toEqual([]);
}

async function register(page: Page, handle: string, opts: { passphrase?: string } = {}) {
  await page.goto(server.url + '/');
  await page.getByLabel('Choose a handle').fill(handle);
  if (opts.passphrase) await page.getByLabel('Passphrase for this device (optional)').fill(opts.passphrase);
  await page.getByRole('button', { name: 'Start chatting' }).click();
  await page.getByRole('heading', { name: 'Chats' }).first().waitFor();
}

async function openChat(page: Page, peer: string) {
  await page.getByLabel('Start a chat with a handle').fill(peer);
  await page.getByRole('button', { name: 'Chat', exact: true }).click();
  await page.getByRole('heading', { name: `@${peer}` }).waitFor();
}

async function send(page: Page, text: string) {
  await page.getByLabel(/^Message to @/).fill(text);
  await page.keyboard.press('Enter');
}

// hasText is a case-insensitive substring that also sees the sender's label: a message
// text must not be able to occur inside a handle (random [a-z0-9-]), hence 'ok.' not 'ok'.
const bubble = (page: Page, text: string) => page.locator('.bubble', { hasText: text });

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  // the real chat server checks contacts' identities: sigchains on a real sig-server, github accounts on a double
  github = await startGitHub();
  sig = await startSigServer();
  server = await startServer({ sigServer: sig?.url, env: { KEZ_GITHUB_API: github.url } });
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  aliceCtx = await browser.newContext(phone);
  bobCtx = await browser.newContext(desktop);
  a = await aliceCtx.newPage();
  b = await bobCtx.newPage();
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state !== 'fail') return;
  const name = ctx.task.name.replace(/\W+/g, '-').slice(0, 40);
  for (const [who, p] of [['a', a], ['b', b]] as const) {
    await p?.screenshot({ path: join(shots, `failed-${name}-${who}.png`), timeout: 5000 }).catch((e) => console.log(`screenshot ${who}: ${e}`));
    console.log(`page ${who} at ${p?.url()}: ${await p?.locator('body').innerText({ timeout: 2000 }).catch(() => '?')}`);
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await sig?.close();
  await github?.close();
});

describe(`kez-chat web client`, () => {
  it('onboards two people, and the service worker controls the page', async () => {
    await a.goto(server.url + '/');
    await a.getByRole('heading', { name: 'kez-chat' }).waitFor();
    await a.screenshot({ path: join(shots, 'onboarding-phone.png') });
    await axe(a, 'onboarding');
    // bad input first: a malformed imported key keeps everything typed
    await a.getByLabel('Choose a handle').fill(alice);
    await a.getByText('Import a key').click();
    await a.getByLabel('Secret key').fill('nsec1notakey');
    await a.getByRole('button', { name: 'Start chatting' }).click();
    await expect.poll(() => a.getByRole('alert').textContent()).toMatch(/damaged/);
    expect(await a.getByLabel('Choose a handle').inputValue()).toBe(alice);
    expect(await a.getByLabel('Secret key').inputValue()).toBe('nsec1notakey');
    await a.getByText('Create a new key').click();
    await a.getByRole('button', { name: 'Start chatting' }).click();
    await a.getByRole('heading', { name: 'Chats' }).first().waitFor();
    await register(b, bob);
    for (const p of [a, b]) {
      await p.evaluate(() => navigator.serviceWorker.ready);
      await p.reload();
      await p.getByRole('heading', { name: 'Chats' }).first().waitFor();
      expect(await p.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
    }
  });

  it('exchanges messages live, decrypted on each side', async () => {
    await openChat(a, bob);
    await send(a, 'Hi Bob! This is end-to-end encrypted.');
    await bubble(a, 'Hi Bob!').locator('.tick.sent').waitFor({ state: 'attached' });
    // Bob's list shows the new conversation with an unread count, live over the WebSocket
    await b.getByRole('link', { name: new RegExp(`@${alice}`) }).getByLabel('1 unread').waitFor();
    await b.getByRole('link', { name: new RegExp(`@${alice}`) }).click();
    await bubble(b, 'Hi Bob! This is end-to-end encrypted.').waitFor();
    await send(b, 'Hello Alice 👋');
    await bubble(a, 'Hello Alice 👋').waitFor();
    await send(a, 'ok.');
    await bubble(b, 'ok.').waitFor();
    await send(b, 'A longer message, to see that a bubble wraps its text at three quarters of the width of the conversation and no more.');
    await bubble(a, 'A longer message').waitFor();
    // bubbles shrink-wrap: a short message's bubble is far narrower than the conversation
    const short = (await bubble(a, 'ok.').boundingBox())!;
    const chat = (await a.locator('.chat').boundingBox())!;
    expect(short.width).toBeLessThan(chat.width * 0.4);
    const long = (await bubble(a, 'A longer message').boundingBox())!;
    expect(long.width).toBeLessThanOrEqual(chat.width * 0.76);
    // own messages on the right, the other's on the left
    expect(short.x + short.width).toBeGreaterThan(chat.x + chat.width * 0.8);
    expect(long.x).toBeLessThan(chat.x + chat.width * 0.2);
    await axe(a, 'conversation');
    await axe(b, 'conversation (desktop)');
  });

  it('catches up after being away, and queues while offline', async () => {
    await b.close();
    await send(a, 'sent while Bob was away');
    await bubble(a, 'sent while Bob was away').locator('.tick.sent').waitFor({ state: 'attached' });
    await aliceCtx.setOffline(true);
    try {
      await send(a, 'queued while offline');
      await bubble(a, 'queued while offline').locator('.tick.sending').waitFor({ state: 'attached' });
    } finally {
      await aliceCtx.setOffline(false);
    }
    await a.evaluate(() => window.dispatchEvent(new Event('online')));
    await bubble(a, 'queued while offline').locator('.tick.sent').waitFor({ state: 'attached', timeout: 20000 });
    b = await bobCtx.newPage();
    await b.goto(`${server.url}/#/chat/${alice}`);
    await bubble(b, 'sent while Bob was away').waitFor();
    await bubble(b, 'queued while offline').waitFor();
    expect(await b.locator('.bubble', { hasText: 'queued while offline' }).count()).toBe(1);
  });

  it('takes screenshots of the list and the conversation, light and dark, phone and desktop', async () => {
    await a.screenshot({ path: join(shots, 'conversation-phone-light.png') });
    await b.screenshot({ path: join(shots, 'conversation-desktop-light.png') });
    await a.emulateMedia({ colorScheme: 'dark' });
    await b.emulateMedia({ colorScheme: 'dark' });
    await a.screenshot({ path: join(shots, 'conversation-phone-dark.png') });
    await b.screenshot({ path: join(shots, 'conversation-desktop-dark.png') });
    await axe(a, 'conversation (dark)');
    await a.emulateMedia({ colorScheme: 'light' });
    await b.emulateMedia({ colorScheme: 'light' });
    await a.goto(server.url + '/#/');
    await a.getByRole('link', { name: new RegExp(`@${bob}`) }).waitFor();
    await a.screenshot({ path: join(shots, 'chats-phone.png') });
    await axe(a, 'chat list');
    // the double can hand out an identity graph (the real one needs a sig-server): statuses show as chips
    server.double?.identities.set(bob, [
      { account: `github:${bob}`, status: 'valid', reason: 'the proof verifies' },
      { account: 'dns:bob.example', status: 'revoked', reason: 'revoked in the sigchain' },
    ]);
    await a.goto(`${server.url}/#/contact/${bob}`);
    await a.getByRole('heading', { name: 'Verified accounts' }).waitFor();
    await a.getByText(/device can receive/).waitFor();
    if (server.double) {
      await a.getByText(`github:${bob}`).waitFor();
      expect(await a.locator('.chip.valid').textContent()).toBe('verified');
      expect(await a.locator('.chip.revoked').textContent()).toBe('revoked');
    } else {
      await a.getByText(/No verified accounts/).waitFor();
    }
    await axe(a, 'contact');
    await a.screenshot({ path: join(shots, 'contact-phone.png') });
  });

  it('scrolls a conversation of 10,000 messages rendering a bounded window of them', async () => {
    // 10,000 opened messages straight into this device's store, where the page reads them from
    const zed = `zed-${run}`, N = 10000;
    await a.goto(server.url + '/#/');
    await a.evaluate(({ me, peer, n }) => new Promise<void>((resolve, reject) => {
      const open = indexedDB.open('kez-chat');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const tx = open.result.transaction(['messages', 'convs'], 'readwrite');
        const start = Math.floor(Date.now() / 1000) - n * 600; // one every 10 minutes: about 70 days
        for (let i = 0; i < n; i++) {
          const from = i % 3 ? peer : me;
          tx.objectStore('messages').put({ uid: `${from}/${i}`, peer, id: String(i), from, to: from === me ? peer : me,
            text: `message ${i}` + (i % 7 ? '' : ' — a longer one, to wrap over a few lines in its bubble on a phone'),
            sentAt: start + i * 600, seq: 100000 + i, order: 100000 + i, state: from === me ? 'sent' : 'received' });
        }
        tx.objectStore('convs').put({ peer, lastText: `message ${n - 1}`, lastAt: start + (n - 1) * 600, lastFromMe: false, lastState: 'received', unread: 0 });
        tx.oncomplete = () => { open.result.close(); resolve(); };
        tx.onerror = () => reject(tx.error);
      };
    }), { me: alice, peer: zed, n: N });
    const cdp = await aliceCtx.newCDPSession(a);
    await cdp.send('Performance.enable');
    const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m: any) => [m.name, m.value]));
    await a.goto(`${server.url}/#/chat/${zed}`);
    await bubble(a, `message ${N - 1}`).waitFor();
    const opened = await a.locator('.bubble').count();
    expect(opened).toBeLessThanOrEqual(150);
    // Scrolls to the very first message and back to the newest, page by page, as a finger would
    // reach each end; records the most bubbles ever in the DOM and the frame intervals meanwhile.
    const trip = (toTop: boolean) => a.evaluate(async ({ toTop, goal }) => {
      const s = document.querySelector<HTMLElement>('.chat')!;
      const edge = () => (toTop ? s.querySelector('[data-uid]') : [...s.querySelectorAll('[data-uid]')].pop())?.getAttribute('data-uid');
      const frames: number[] = [];
      let last = performance.now(), going = true, most = 0;
      const took: number[] = []; // ms from the scroll to the page in, per page
      const tick = (t: number) => { frames.push(t - last); last = t; if (going) requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
      const t0 = performance.now();
      while (!s.querySelector(`[data-uid="${goal}"]`)) {
        const before = edge();
        s.scrollTop = toTop ? 0 : s.scrollHeight;
        const since = performance.now();
        while (edge() === before) {
          if (performance.now() - since > 10000) throw new Error(`no page came in after ${before}`);
          await new Promise((r) => requestAnimationFrame(r));
        }
        most = Math.max(most, document.querySelectorAll('.bubble').length);
        took.push(performance.now() - since);
      }
      going = false;
      frames.sort((x, y) => x - y);
      const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
      // the window keeps a page's cost flat: the last 20 pages against the first 20 (1 = flat)
      const flat = median(took.slice(-20)) / median(took.slice(0, 20));
      return { ms: performance.now() - t0, pages: took.length, most, flat, p50: frames[frames.length >> 1], p95: frames[Math.floor(frames.length * 0.95)], max: frames[frames.length - 1], frames: frames.length };
    }, { toTop, goal: toTop ? `${alice}/0` : `${(N - 1) % 3 ? zed : alice}/${N - 1}` });
    const m0 = await metrics();
    const up = await trip(true);
    const m1 = await metrics();
    await a.getByRole('button', { name: 'Jump to the newest messages' }).waitFor();
    await a.locator('.chat').evaluate((s) => { s.scrollTop = 0; });
    await bubble(a, 'message 0').waitFor();
    await a.screenshot({ path: join(shots, 'conversation-10000-oldest.png') });
    await axe(a, 'conversation of 10,000 at its start');
    const down = await trip(false);
    const m2 = await metrics();
    expect(up.pages).toBeGreaterThanOrEqual((N - opened) / 50);
    for (const t of [up, down]) expect(t.most, 'bubbles in the DOM at any time').toBeLessThanOrEqual(150);
    expect(await a.getByRole('button', { name: 'Jump to the newest messages' }).count()).toBe(0);
    expect(await a.evaluate(() => document.getElementsByTagName('*').length), 'elements in the document').toBeLessThan(3000);
    await cdp.send('HeapProfiler.collectGarbage');
    const m3 = await metrics();
    const per = (x: any, y: any, k: string, n: number) => ((y[k] - x[k]) * 1000 / n).toFixed(1);
    console.log(`10,000 messages: ${opened} bubbles on opening; ` + [['to the first', up, m0, m1], ['back to the newest', down, m1, m2]].map(([name, t, x, y]: any) =>
      `${name}: ${t.pages} pages in ${(t.ms / 1000).toFixed(1)} s (last 20 / first 20: ${t.flat.toFixed(2)}), at most ${t.most} bubbles, frames p50 ${t.p50.toFixed(0)} / p95 ${t.p95.toFixed(0)} / max ${t.max.toFixed(0)} ms, ` +
      `per page: script ${per(x, y, 'ScriptDuration', t.pages)} ms, layout ${per(x, y, 'LayoutDuration', t.pages)} ms, style ${per(x, y, 'RecalcStyleDuration', t.pages)} ms, task ${per(x, y, 'TaskDuration', t.pages)} ms`).join('; ') +
      `; after a garbage collection: DOM nodes ${m3.Nodes}, JS heap ${(m3.JSHeapUsedSize / 1048576).toFixed(1)} MiB`);
    await cdp.detach();
  }, 240000);

  it('says what is wrong for an unknown handle', async () => {
    await a.goto(server.url + '/#/');
    await a.getByLabel('Start a chat with a handle').fill(`nobody-${run}`);
    await a.getByRole('button', { name: 'Chat', exact: true }).click();
    await expect.poll(() => a.getByRole('alert').textContent()).toMatch(/No such handle/);
    expect(await a.getByLabel('Start a chat with a handle').inputValue()).toBe(`nobody-${run}`);
  });

  it('offline, serves the app shell and deep links from the precache, never /v1/*', async () => {
    await aliceCtx.setOffline(true);
    try {
      await a.goto(server.url + '/#/settings');
      await a.getByRole('heading', { name: 'Settings' }).waitFor();
      await a.goto(server.url + '/some/deep/link');
      expect(await a.locator('#app').count()).toBe(1);
      const api = await a.evaluate(() => fetch('/v1/push/vapid-public-key').then((r) => `status ${r.status}`, (e) => `failed: ${e.name}`));
      expect(api).toBe('failed: TypeError');
    } finally {
      await aliceCtx.setOffline(false);
    }
  });

  it('shows a push delivered to the service worker as a notification with metadata only', async () => {
    await a.goto(server.url + '/#/');
    await aliceCtx.grantPermissions(['notifications'], { origin: server.url });
    const cdp = await aliceCtx.newCDPSession(a);
    const registrationId = new Promise<string>((resolve) => {
      cdp.on('ServiceWorker.workerRegistrationUpdated', (e: any) => {
        const r = e.registrations.find((x: any) => x.scopeURL === server.url + '/' && !x.isDeleted);
        if (r) resolve(r.registrationId);
      });
    });
    await cdp.send('ServiceWorker.enable');
    const data = JSON.stringify({ seq: 9, to: alice, type: 'message' });
    await cdp.send('ServiceWorker.deliverPushMessage', { origin: server.url + '/', registrationId: await registrationId, data });
    const read = () => a.evaluate(async () => (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag })));
    await expect.poll(read, { timeout: 10000 }).toHaveLength(1);
    const [n] = await read();
    expect(n).toEqual({ title: 'New message', body: `An end-to-end encrypted message for @${alice}. Open kez-chat to read it.`, tag: `kez-chat:${alice}` });
  });

  it('Settings shows the push toggle states and turns push on with a signed subscription', async () => {
    // a real pushManager.subscribe() cannot reach a push service here: hand out a loopback endpoint
    await a.addInitScript(() => {
      const fake = {
        endpoint: 'http://127.0.0.1:9/push/e2e',
        options: { applicationServerKey: null },
        toJSON: () => ({ endpoint: 'http://127.0.0.1:9/push/e2e', keys: { p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM', auth: 'tBHItJI5svbpez7KI4CCXg' } }),
        unsubscribe: async () => { (window as any).__sub = null; return true; },
      };
      (window as any).__sub = null;
      PushManager.prototype.subscribe = async function () { (window as any).__sub = fake; return fake as any; };
      PushManager.prototype.getSubscription = async function () { return (window as any).__sub; };
    });
    await a.goto(server.url + '/#/settings');
    await a.reload(); // the init script runs on a new document, not on a hash change
    const toggle = a.getByRole('switch', { name: 'Notify me of new messages' });
    await expect.poll(() => a.locator('#push-state').getAttribute('data-state')).toBe('off');
    await a.screenshot({ path: join(shots, 'settings-phone.png') });
    await axe(a, 'settings');
    await toggle.check();
    await expect.poll(() => a.locator('#push-state').getAttribute('data-state')).toBe('on');
    if (server.double) expect([...server.double.accounts.get(alice)!.subs.keys()]).toEqual(['http://127.0.0.1:9/push/e2e']);
    await toggle.uncheck();
    await expect.poll(() => a.locator('#push-state').getAttribute('data-state')).toBe('off');
    if (server.double) expect(server.double.accounts.get(alice)!.subs.size).toBe(0);

    const denied = await browser.newContext(phone);
    await denied.addInitScript(() => Object.defineProperty(Notification, 'permission', { get: () => 'denied' }));
    const d = await denied.newPage();
    await register(d, `carol-${run}`);
    await d.goto(server.url + '/#/settings');
    await expect.poll(() => d.locator('#push-state').getAttribute('data-state')).toBe('denied');
    expect(await d.getByRole('switch').isDisabled()).toBe(true);
    await denied.close();

    const ios = await browser.newContext({ ...phone, userAgent: IPHONE_UA });
    const i = await ios.newPage();
    await register(i, `dave-${run}`);
    await i.goto(server.url + '/#/settings');
    await i.getByText('Add kez-chat to your Home Screen').waitFor();
    expect(await i.getByRole('switch').count()).toBe(0);
    await i.screenshot({ path: join(shots, 'settings-ios-nudge.png') });
    await axe(i, 'settings (iOS)');
    await ios.close();
  });

  it('asks for the passphrase of a protected key and says when it is wrong', async () => {
    const ctx = await browser.newContext(desktop);
    const p = await ctx.newPage();
    await register(p, `erin-${run}`, { passphrase: 'correct horse' });
    await p.reload();
    await p.getByRole('heading', { name: `Unlock @erin-${run}` }).waitFor();
    await axe(p, 'unlock');
    await p.getByLabel('Passphrase').fill('wrong horse');
    await p.getByRole('button', { name: 'Unlock' }).click();
    await expect.poll(() => p.getByRole('alert').textContent(), { timeout: 20000 }).toMatch(/Wrong passphrase/);
    await p.getByLabel('Passphrase').fill('correct horse');
    await p.getByRole('button', { name: 'Unlock' }).click();
    await p.getByRole('heading', { name: 'Chats' }).first().waitFor({ timeout: 20000 });
    await ctx.close();
  });

  // Interop with the Java client and verified identities need the real server and a kez CLI with `kez chat`.
  const cli = realServerWanted() ? kezCli() : null;
  /** The kez CLI of one person (a KEZ_HOME of its own); asynchronous, as the front that passes its requests on runs in this process. */
  const person = () => {
    // With the real server these tests must run: a kez CLI that does not build fails them, never skips them.
    if (!cli) throw new Error('the kez CLI did not run: `./kez chat --help` in the repository shows why');
    const home = mkdtempSync(join(tmpdir(), 'kez-chat-cli-'));
    return (...args: string[]) => new Promise<string>((resolve, reject) => {
      execFile(cli![0], [...cli![1], ...args], { env: { ...process.env, KEZ_HOME: home }, timeout: 60000 }, (err, stdout, stderr) =>
        err ? reject(new Error(`kez ${args.join(' ')}: ${stderr || err.message}`)) : resolve(stdout));
    });
  };
  it.skipIf(!realServerWanted())('a browser message opens in kez chat read, and a kez chat send opens in the browser', async () => {
    const kez = person();
    const carl = `carl-${run}`;
    await kez('identity', 'new');
    await kez('chat', 'register', '--server', server.url, carl);
    await a.goto(server.url + '/#/');
    await openChat(a, carl);
    await send(a, 'from the browser to the CLI');
    await bubble(a, 'from the browser to the CLI').locator('.tick.sent').waitFor({ state: 'attached' });
    expect(await kez('chat', 'read', '--server', server.url, '--json')).toContain('from the browser to the CLI');
    await kez('chat', 'send', '--server', server.url, alice, 'from the CLI to the browser');
    await bubble(a, 'from the CLI to the browser').waitFor();
  });

  it.skipIf(!realServerWanted())('shows a contact’s KEZ identity as the real server verifies it, each account with its status', async () => {
    // fay uses the CLI: her chain (github:fay valid, dns:fay.example added then revoked) goes to
    // the sig-server, her proof to her gist; the chat server verifies both on loopback.
    const kez = person(), fay = `fay-${run}`;
    await kez('identity', 'new');
    await kez('chat', 'register', '--server', server.url, fay);
    const proof = await kez('sigchain', 'add', `github:${fay}`);
    await kez('sigchain', 'add', `dns:${fay}.example`);
    await kez('sigchain', 'revoke', `dns:${fay}.example`);
    await kez('sigchain', 'publish', '--server', sig!.url, '--allow-private');
    github.gists.set(fay, { 'kez.md': proof });
    await a.goto(`${server.url}/#/contact/${fay}`);
    const row = (account: string) => a.locator('.accounts li', { hasText: account });
    await row(`github:${fay}`).waitFor({ timeout: 30000 });
    expect(await a.locator('.accounts li .acct').allTextContents()).toEqual(expect.arrayContaining([`github:${fay}`, `dns:${fay}.example`]));
    expect(await a.locator('.accounts li').count()).toBe(2);
    expect(await row(`github:${fay}`).locator('.chip.valid').textContent()).toBe('verified');
    expect(await row(`dns:${fay}.example`).locator('.chip.revoked').textContent()).toBe('revoked');
    expect(await row(`dns:${fay}.example`).locator('.reason').textContent()).toMatch(/revoked/);
    await axe(a, 'contact (verified identity)');
    await a.screenshot({ path: join(shots, 'contact-verified-phone.png') });
    // her proof gone, the server says so: not found, and the page shows it
    github.gists.set(fay, {});
    await a.reload();
    await row(`github:${fay}`).locator('.chip.not_found').waitFor({ timeout: 30000 });
  });

  it('says the server cannot be reached when it is down, and keeps the text', async () => {
    await a.goto(`${server.url}/#/chat/${bob}`);
    await bubble(a, 'ok.').waitFor();
    await server.close();
    await send(a, 'typed while the server is down');
    // the message is sealed already (keys were fetched) or the lookup fails: either way nothing is lost
    const state = await Promise.race([
      bubble(a, 'typed while the server is down').locator('.tick.sending').waitFor({ state: 'attached' }).then(() => 'queued'),
      a.getByRole('alert').filter({ hasText: 'cannot be reached' }).waitFor().then(() => 'error'),
    ]);
    if (state === 'error') expect(await a.getByLabel(/^Message to @/).inputValue()).toBe('typed while the server is down');
    server = { ...server, close: async () => {} };
  });
});
