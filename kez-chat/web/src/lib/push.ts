// Web Push in the page (chat.md §5, §7): the VAPID key from the server, a browser
// subscription, and signed subscribe/unsubscribe requests bound to its endpoint. The payload
// the server sends is metadata only; the service worker shows it, the page decrypts.
import type { Account, Api } from './api';
import { b64u } from './bytes';

export type PushState = 'unsupported' | 'ios-needs-install' | 'denied' | 'on' | 'off';

/** What push.ts needs from the browser, injectable for tests. */
export interface PushEnv {
  navigator: Navigator;
  Notification?: { permission: NotificationPermission; requestPermission(): Promise<NotificationPermission> };
  matchMedia?: (q: string) => { matches: boolean };
  PushManager?: unknown;
}

const browserEnv = (): PushEnv => ({
  navigator: globalThis.navigator,
  Notification: (globalThis as any).Notification,
  matchMedia: globalThis.matchMedia?.bind(globalThis),
  PushManager: (globalThis as any).PushManager,
});

/** iPhone/iPad Safari outside an installed (Home Screen) app, where Web Push cannot work. */
export function isIosOutsidePwa(env: PushEnv = browserEnv()): boolean {
  const ua = env.navigator.userAgent ?? '';
  const ios = /iPhone|iPad|iPod/.test(ua) || (/Macintosh/.test(ua) && (env.navigator.maxTouchPoints ?? 0) > 1);
  if (!ios) return false;
  const standalone = (env.navigator as any).standalone === true || env.matchMedia?.('(display-mode: standalone)').matches === true;
  return !standalone;
}

const supported = (env: PushEnv) =>
  !!env.navigator.serviceWorker && !!env.PushManager && !!env.Notification;

async function subscription(env: PushEnv): Promise<PushSubscription | null> {
  const reg = await env.navigator.serviceWorker.ready;
  return reg.pushManager.getSubscription();
}

export async function isPushSubscribed(env: PushEnv = browserEnv()): Promise<boolean> {
  if (!supported(env)) return false;
  return (await subscription(env)) !== null;
}

/** The state the Settings toggle shows. */
export async function pushState(env: PushEnv = browserEnv()): Promise<PushState> {
  if (isIosOutsidePwa(env)) return 'ios-needs-install';
  if (!supported(env)) return 'unsupported';
  if (env.Notification!.permission === 'denied') return 'denied';
  return (await isPushSubscribed(env)) && env.Notification!.permission === 'granted' ? 'on' : 'off';
}

/** Asks for permission, subscribes with the server's VAPID key and registers the subscription. */
export async function enablePush(api: Api, account: Account, env: PushEnv = browserEnv()): Promise<PushState> {
  if (isIosOutsidePwa(env)) return 'ios-needs-install';
  if (!supported(env)) return 'unsupported';
  const permission = await env.Notification!.requestPermission();
  if (permission === 'denied') return 'denied';
  if (permission !== 'granted') return 'off';
  const vapid = b64u.decode(await api.vapidKey());
  const reg = await env.navigator.serviceWorker.ready;
  let sub = await reg.pushManager.getSubscription();
  const current = sub?.options?.applicationServerKey;
  if (sub && current && b64u.encode(new Uint8Array(current)) !== b64u.encode(vapid)) {
    await sub.unsubscribe(); // made for another server key: the push service would refuse our JWTs
    sub = null;
  }
  sub ??= await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: vapid as BufferSource });
  const json = sub.toJSON();
  if (!json.endpoint || !json.keys?.p256dh || !json.keys?.auth) throw new Error('The browser gave a push subscription without keys.');
  await api.subscribePush(account, { endpoint: json.endpoint, keys: { p256dh: json.keys.p256dh, auth: json.keys.auth } });
  return 'on';
}

/** Tells the server to forget the subscription, then drops it in the browser. */
export async function disablePush(api: Api, account: Account, env: PushEnv = browserEnv()): Promise<PushState> {
  if (!supported(env)) return isIosOutsidePwa(env) ? 'ios-needs-install' : 'unsupported';
  const sub = await subscription(env);
  if (sub) {
    await api.unsubscribePush(account, sub.endpoint);
    await sub.unsubscribe();
  }
  return env.Notification!.permission === 'denied' ? 'denied' : 'off';
}
