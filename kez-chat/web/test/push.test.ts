import { describe, expect, it, vi } from 'vitest';
import { Api } from '../src/lib/api';
import { b64u, utf8 } from '../src/lib/bytes';
import { authObject, digestOf } from '../src/lib/chat';
import { generateKey, verifyDigest } from '../src/lib/keys';
import { disablePush, enablePush, isIosOutsidePwa, isPushSubscribed, pushState, type PushEnv } from '../src/lib/push';

const vapid = b64u.encode(Uint8Array.from({ length: 65 }, (_, i) => (i === 0 ? 4 : i)));
const key = generateKey('nostr');
const account = { handle: 'alice', key };

/** A fake browser: a service worker registration whose pushManager remembers one subscription. */
function env(opts: { permission?: NotificationPermission; answer?: NotificationPermission; ua?: string; standalone?: boolean; noPush?: boolean } = {}) {
  let sub: any = null;
  const calls: string[] = [];
  const makeSub = (appKey: Uint8Array) => ({
    endpoint: 'https://push.example/send/abc',
    options: { applicationServerKey: appKey.buffer },
    toJSON: () => ({ endpoint: 'https://push.example/send/abc', keys: { p256dh: 'BP256', auth: 'AUTH' } }),
    unsubscribe: async () => { calls.push('unsubscribe'); sub = null; return true; },
  });
  const Notification = { permission: opts.permission ?? 'default', requestPermission: vi.fn(async () => { Notification.permission = opts.answer ?? 'granted'; return Notification.permission; }) };
  const e: PushEnv = {
    navigator: {
      userAgent: opts.ua ?? 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156',
      maxTouchPoints: 0,
      serviceWorker: {
        ready: Promise.resolve({
          pushManager: {
            getSubscription: async () => sub,
            subscribe: async (o: { applicationServerKey: Uint8Array }) => { calls.push('subscribe'); sub = makeSub(o.applicationServerKey); return sub; },
          },
        }),
      },
      standalone: opts.standalone,
    } as any,
    Notification: opts.noPush ? undefined : Notification,
    PushManager: opts.noPush ? undefined : function PushManager() {},
    matchMedia: () => ({ matches: !!opts.standalone }),
  };
  return { e, calls, get sub() { return sub; }, Notification };
}

/** A fake server that checks each X-KEZ-Auth header the way chat.md §2 says. */
function server() {
  const seen: { method: string; path: string; body: string; ok: boolean }[] = [];
  const fetchFn = vi.fn(async (url: string, init: RequestInit) => {
    const path = url;
    const body = (init.body as string) ?? '';
    if (path === '/v1/push/vapid-public-key') return new Response(JSON.stringify({ key: vapid }), { status: 200 });
    const [ts, sig] = String((init.headers as Record<string, string>)['X-KEZ-Auth']).split(':');
    const endpoint = JSON.parse(body).endpoint;
    const digest = digestOf(authObject({ handle: 'alice', key: key.key, method: init.method!, path, body: utf8(body), endpoint, ts: Number(ts) }));
    const ok = verifyDigest(key.key, digest, b64u.decode(sig));
    seen.push({ method: init.method!, path, body, ok });
    return new Response(ok ? '{}' : '{"error":"unauthorized"}', { status: ok ? 201 : 401 });
  });
  return { api: new Api('', fetchFn as any), seen };
}

describe('push.ts', () => {
  it('enablePush asks permission, subscribes with the VAPID key and registers with an endpoint-bound signature', async () => {
    const b = env(), s = server();
    expect(await pushState(b.e)).toBe('off');
    expect(await enablePush(s.api, account, b.e)).toBe('on');
    expect(b.Notification.requestPermission).toHaveBeenCalled();
    expect(b64u.encode(new Uint8Array(b.sub.options.applicationServerKey))).toBe(vapid);
    expect(s.seen).toEqual([{ method: 'POST', path: '/v1/push/subscribe/alice', ok: true,
      body: JSON.stringify({ endpoint: 'https://push.example/send/abc', keys: { p256dh: 'BP256', auth: 'AUTH' } }) }]);
    expect(await isPushSubscribed(b.e)).toBe(true);
    expect(await pushState(b.e)).toBe('on');
  });
  it('disablePush unsubscribes at the server, then in the browser', async () => {
    const b = env(), s = server();
    await enablePush(s.api, account, b.e);
    expect(await disablePush(s.api, account, b.e)).toBe('off');
    expect(s.seen.at(-1)).toEqual({ method: 'POST', path: '/v1/push/unsubscribe/alice', body: '{"endpoint":"https://push.example/send/abc"}', ok: true });
    expect(b.calls).toEqual(['subscribe', 'unsubscribe']);
    expect(await isPushSubscribed(b.e)).toBe(false);
  });
  it('reports a denied permission without subscribing', async () => {
    const b = env({ answer: 'denied' }), s = server();
    expect(await enablePush(s.api, account, b.e)).toBe('denied');
    expect(b.calls).toEqual([]);
    expect(s.seen).toEqual([]);
    expect(await pushState(env({ permission: 'denied' }).e)).toBe('denied');
  });
  it('reports a browser without Push as unsupported', async () => {
    const b = env({ noPush: true });
    expect(await pushState(b.e)).toBe('unsupported');
    expect(await enablePush(server().api, account, b.e)).toBe('unsupported');
  });
  it('detects iOS Safari outside the installed app, and not inside it', async () => {
    const iphone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Version/18.0 Mobile/15E148 Safari/604.1';
    expect(isIosOutsidePwa(env({ ua: iphone }).e)).toBe(true);
    expect(await pushState(env({ ua: iphone }).e)).toBe('ios-needs-install');
    expect(isIosOutsidePwa(env({ ua: iphone, standalone: true }).e)).toBe(false);
    const ipadAsMac = env({ ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Safari/605.1.15' });
    (ipadAsMac.e.navigator as any).maxTouchPoints = 5;
    expect(isIosOutsidePwa(ipadAsMac.e)).toBe(true);
    expect(isIosOutsidePwa(env().e)).toBe(false);
  });
  it('replaces a subscription made for another server key', async () => {
    const b = env(), s = server();
    await b.e.navigator.serviceWorker.ready.then((r) => r.pushManager.subscribe({ applicationServerKey: new Uint8Array(65) }));
    await enablePush(s.api, account, b.e);
    expect(b.calls).toEqual(['subscribe', 'unsubscribe', 'subscribe']);
  });
});
