import { describe, expect, it, vi } from 'vitest';
import { navigatePath, notificationFor, onNotificationClick, onPush, parsePushPayload, type ClientLike } from '../src/sw-logic';
import { bridgeServiceWorker } from '../src/lib/bridge';

const origin = 'https://chat.example';

function fakeRegistration() {
  const shown: { title: string; options: NotificationOptions }[] = [];
  return { shown, showNotification: async (title: string, options: NotificationOptions = {}) => { shown.push({ title, options }); } };
}

function fakeClient(url: string, focused = false) {
  const c = { url, focused, posted: [] as unknown[], focus: vi.fn(async () => c), postMessage: (m: unknown) => { c.posted.push(m); } };
  return c;
}

function fakeClients(list: ClientLike[]) {
  const opened: string[] = [];
  return { opened, matchAll: vi.fn(async () => list), openWindow: vi.fn(async (u: string) => { opened.push(u); return null; }) };
}

describe('push payload (chat.md §7)', () => {
  it('accepts exactly the metadata payload', () => {
    expect(parsePushPayload('{"seq":7,"to":"alice","type":"message"}')).toEqual({ type: 'message', to: 'alice', seq: 7 });
  });
  it('rejects anything else', () => {
    for (const bad of [null, '', 'hi', '{}', '{"seq":0,"to":"alice","type":"message"}', '{"seq":1.5,"to":"alice","type":"message"}',
      '{"seq":1,"to":"Alice!","type":"message"}', '{"seq":1,"to":"alice","type":"other"}']) {
      expect(parsePushPayload(bad), String(bad)).toBeNull();
    }
  });
});

describe('push handler', () => {
  it('shows a notification with metadata only: the handle, never a message text', async () => {
    const reg = fakeRegistration();
    await onPush(reg, { text: () => '{"seq":42,"to":"bob","type":"message","text":"secret words"}' });
    expect(reg.shown).toHaveLength(1);
    const { title, options } = reg.shown[0];
    expect(title).toBe('New message');
    expect(options.body).toContain('@bob');
    expect(JSON.stringify(reg.shown)).not.toContain('secret words');
    expect(options.tag).toBe('kez-chat:bob');
    expect(options.data).toEqual({ hash: '#/', seq: 42 });
  });
  it('still shows a generic notification for a payload it cannot read (userVisibleOnly)', async () => {
    for (const data of [null, { text: () => 'garbage' }, { text: (): string => { throw new Error('bad utf-8'); } }]) {
      const reg = fakeRegistration();
      await onPush(reg, data);
      expect(reg.shown).toEqual([{ title: 'kez-chat', options: expect.objectContaining({ body: 'You have a new message.' }) }]);
    }
  });
  it('notificationFor gives icon and badge', () => {
    expect(notificationFor(null).options.icon).toBe('/icons/icon-192.png');
  });
});

describe('notificationclick handler', () => {
  it('focuses an open tab of the app and posts where to go', async () => {
    const other = fakeClient('https://elsewhere.example/');
    const tab = fakeClient(origin + '/#/settings');
    const clients = fakeClients([other, tab]);
    const close = vi.fn();
    await onNotificationClick({ data: { hash: '#/' }, close }, clients, origin);
    expect(close).toHaveBeenCalled();
    expect(tab.focus).toHaveBeenCalled();
    expect(tab.posted).toEqual([{ type: 'navigate', hash: '#/' }]);
    expect(other.focus).not.toHaveBeenCalled();
    expect(clients.opened).toEqual([]);
    expect(clients.matchAll).toHaveBeenCalledWith({ type: 'window', includeUncontrolled: true });
  });
  it('prefers the focused tab', async () => {
    const a = fakeClient(origin + '/'), b = fakeClient(origin + '/', true);
    await onNotificationClick({ data: { hash: '#/chat/bob' }, close() {} }, fakeClients([a, b]), origin);
    expect(b.posted).toEqual([{ type: 'navigate', hash: '#/chat/bob' }]);
    expect(a.posted).toEqual([]);
  });
  it('opens a new window when no tab of the app is open', async () => {
    const clients = fakeClients([fakeClient('https://elsewhere.example/')]);
    await onNotificationClick({ data: { hash: '#/chat/bob' }, close() {} }, clients, origin);
    expect(clients.opened).toEqual(['/#/chat/bob']);
  });
  it('never navigates to a hash it did not make (a script URL becomes the chat list)', async () => {
    const clients = fakeClients([]);
    await onNotificationClick({ data: { hash: 'javascript:alert(1)' }, close() {} }, clients, origin);
    expect(clients.opened).toEqual(['/#/']);
  });
});

describe('service worker → router bridge', () => {
  it('routes a navigate message and ignores everything else', () => {
    let listener: ((e: Event) => void) | undefined;
    const go = vi.fn();
    bridgeServiceWorker({ addEventListener: ((_: string, l: (e: Event) => void) => { listener = l; }) as any }, go);
    listener!(new MessageEvent('message', { data: { type: 'navigate', hash: '#/chat/bob' } }));
    listener!(new MessageEvent('message', { data: { type: 'navigate', hash: 'https://evil.example/' } }));
    listener!(new MessageEvent('message', { data: 'hello' }));
    expect(go.mock.calls).toEqual([['/chat/bob']]);
    expect(navigatePath({ type: 'navigate', hash: '#/' })).toBe('/');
  });
});
