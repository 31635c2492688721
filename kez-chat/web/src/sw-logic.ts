// The service worker's push and notification-click logic as plain functions, so they can be
// tested with a fake registration and fake `clients`; sw.ts only wires them to events.

/** The push payload (chat.md §7): exactly {"seq":N,"to":"<handle>","type":"message"}. */
export interface PushPayload { type: 'message'; to: string; seq: number }

export function parsePushPayload(text: string | null | undefined): PushPayload | null {
  if (!text) return null;
  try {
    const p = JSON.parse(text);
    if (p && p.type === 'message' && typeof p.to === 'string' && /^[a-z0-9_-]{3,32}$/.test(p.to) &&
        Number.isSafeInteger(p.seq) && p.seq > 0) return { type: 'message', to: p.to, seq: p.seq };
  } catch { /* not JSON: shown as the generic notification */ }
  return null;
}

export interface NotificationSpec {
  title: string;
  options: NotificationOptions & { data: { hash: string; seq?: number } };
}

/**
 * What to show for a push: metadata only. The payload never holds the text; the page fetches
 * and decrypts it. A payload that is not ours still gets a notification, because a push with
 * userVisibleOnly must show one.
 */
export function notificationFor(p: PushPayload | null): NotificationSpec {
  const base = { icon: '/icons/icon-192.png', badge: '/icons/badge-96.png' };
  if (!p) return { title: 'kez-chat', options: { ...base, body: 'You have a new message.', tag: 'kez-chat', data: { hash: '#/' } } };
  return {
    title: 'New message',
    options: {
      ...base,
      body: `An end-to-end encrypted message for @${p.to}. Open kez-chat to read it.`,
      tag: `kez-chat:${p.to}`,
      data: { hash: '#/', seq: p.seq },
    },
  };
}

export async function onPush(registration: Pick<ServiceWorkerRegistration, 'showNotification'>, data: { text(): string } | null): Promise<void> {
  let text: string | null = null;
  try { text = data?.text() ?? null; } catch { /* undecodable payload */ }
  const n = notificationFor(parsePushPayload(text));
  await registration.showNotification(n.title, n.options);
}

export interface ClientLike { url: string; focused?: boolean; focus(): Promise<unknown>; postMessage(m: unknown): void }
export interface ClientsLike {
  matchAll(o: { type: 'window'; includeUncontrolled: boolean }): Promise<readonly ClientLike[]>;
  openWindow(url: string): Promise<unknown>;
}

/** The message a page's main.ts understands: go to a hash route. */
export interface NavigateMessage { type: 'navigate'; hash: string }

const safeHash = (h: unknown): string => (typeof h === 'string' && /^#\/[\w\-/?=&.%]*$/.test(h) ? h : '#/');

/** Focuses an open tab of the app and tells it where to go, or opens a new window there. */
export async function onNotificationClick(notification: { data?: any; close(): void }, clients: ClientsLike, origin: string): Promise<void> {
  notification.close();
  const hash = safeHash(notification.data?.hash);
  const windows = (await clients.matchAll({ type: 'window', includeUncontrolled: true }))
    .filter((c) => { try { return new URL(c.url).origin === origin; } catch { return false; } });
  const target = windows.find((c) => c.focused) ?? windows[0];
  if (target) {
    await target.focus();
    target.postMessage({ type: 'navigate', hash } satisfies NavigateMessage);
    return;
  }
  await clients.openWindow('/' + hash);
}

/** For the page: the router path a service worker message asks for, or null. */
export function navigatePath(data: unknown): string | null {
  const m = data as NavigateMessage | null;
  if (!m || m.type !== 'navigate' || typeof m.hash !== 'string') return null;
  const h = safeHash(m.hash);
  return h === m.hash ? h.slice(1) : null;
}
