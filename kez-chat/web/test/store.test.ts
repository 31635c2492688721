import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ChatStore, type StoredMessage } from '../src/lib/store';

let n = 0;
const open = () => ChatStore.open(`test-${n++}`, () => 'alice');
const msg = (over: Partial<StoredMessage>): StoredMessage => ({
  uid: 'bob/1', peer: 'bob', id: '1', from: 'bob', to: 'alice', text: 'hi', sentAt: 1000, state: 'received', ...over,
});

describe('ChatStore (IndexedDB)', () => {
  it('counts unread incoming messages, not own ones, and marks a conversation read', async () => {
    const s = await open();
    expect(await s.put(msg({ uid: 'bob/1', id: '1', seq: 1 }))).toBe(true);
    expect(await s.put(msg({ uid: 'bob/2', id: '2', seq: 2, sentAt: 1001, text: 'there' }))).toBe(true);
    expect(await s.put(msg({ uid: 'alice/3', id: '3', from: 'alice', to: 'bob', text: 'yo', sentAt: 1002, state: 'sending' }))).toBe(true);
    let [c] = await s.conversations();
    expect(c).toMatchObject({ peer: 'bob', unread: 2, lastText: 'yo', lastFromMe: true, lastState: 'sending' });
    await s.markRead('bob');
    [c] = await s.conversations();
    expect(c.unread).toBe(0);
  });
  it('stores a replayed entry once and does not count it again', async () => {
    const s = await open();
    expect(await s.put(msg({ seq: 1 }))).toBe(true);
    expect(await s.put(msg({ seq: 1 }))).toBe(false);
    expect((await s.conversations())[0].unread).toBe(1);
  });
  it('a message read in an open conversation is not unread', async () => {
    const s = await open();
    await s.put(msg({ seq: 1 }), true);
    expect((await s.conversations())[0].unread).toBe(0);
  });
  it('updates an outgoing message in place (sending → sent) and lists unsent ones', async () => {
    const s = await open();
    await s.put(msg({ uid: 'alice/a', id: 'a', from: 'alice', to: 'bob', state: 'sending', envelope: { id: 'a' } }));
    await s.put(msg({ uid: 'alice/b', id: 'b', from: 'alice', to: 'bob', state: 'failed', sentAt: 1001 }));
    expect((await s.unsent()).map((m) => m.uid)).toEqual(['alice/a', 'alice/b']);
    await s.put({ ...(await s.message('alice/a'))!, state: 'sent', seq: 9 });
    expect((await s.unsent()).map((m) => m.uid)).toEqual(['alice/b']);
    expect(await s.message('alice/a')).toMatchObject({ state: 'sent', seq: 9, text: 'hi' });
  });
  it('pages a long conversation from the newest back, in order, without loading it all', async () => {
    const s = await open();
    for (let i = 0; i < 230; i++) {
      // two messages per second: within a second the log seq decides the order
      await s.put(msg({ uid: `bob/${i}`, id: String(i), seq: i + 1, sentAt: 5000 + Math.floor(i / 2), text: `m${i}` }));
    }
    await s.put(msg({ uid: 'carol/x', id: 'x', peer: 'carol', from: 'carol', seq: 999 }));
    const texts: string[] = [];
    let page = await s.page('bob', 100);
    expect(page.map((m) => m.text).slice(-2)).toEqual(['m228', 'm229']);
    while (page.length) {
      texts.unshift(...page.map((m) => m.text));
      page = await s.page('bob', 100, page[0]);
    }
    expect(texts).toEqual(Array.from({ length: 230 }, (_, i) => `m${i}`));
    // and forward again from the oldest, as a window scrolled back down pages newer ones in
    const first = (await s.page('bob', 1, (await s.page('bob', 1))[0]))[0];
    const oldest = await s.pageAfter('bob', 1, (await s.page('bob', 230))[0], true);
    expect(oldest.map((m) => m.text)).toEqual(['m0']);
    const forward: string[] = ['m0'];
    for (let p = await s.pageAfter('bob', 100, oldest[0]); p.length; p = await s.pageAfter('bob', 100, p[p.length - 1])) forward.push(...p.map((m) => m.text));
    expect(forward).toEqual(texts);
    expect((await s.pageAfter('bob', 5, first, true)).map((m) => m.text)).toEqual(['m228', 'm229']);
  });
  it('keeps key-value state and clears everything on sign-out', async () => {
    const s = await open();
    await s.set('lastSeq', 12);
    await s.put(msg({}));
    expect(await s.get('lastSeq')).toBe(12);
    await s.clear();
    expect(await s.get('lastSeq')).toBeUndefined();
    expect(await s.conversations()).toEqual([]);
  });
});
