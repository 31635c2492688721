// The device's local state in IndexedDB: the account (keys stay on this device), the log
// position, every message (decrypted text, or why it is not a message) and per-conversation
// summaries for the list. Opened messages are kept, so older ones page in from here.
export type MessageState = 'sending' | 'sent' | 'failed' | 'received' | 'bad';

export interface StoredMessage {
  /** `${from}/${id}`: (from, id) is unique on the server (chat.md §4). */
  uid: string;
  peer: string;
  id: string;
  from: string;
  to: string;
  text: string;
  sentAt: number;
  seq?: number;
  state: MessageState;
  /** Why an entry is not shown as a message (state 'bad'). */
  reason?: string;
  /** Sort key within one second: the seq in this device's log (arrival order), unsent last. */
  order?: number;
  /** The sealed envelope of an outgoing message, kept so that a retry posts the same bytes. */
  envelope?: unknown;
}

export interface Conversation {
  peer: string;
  lastText: string;
  lastAt: number;
  lastFromMe: boolean;
  lastState: MessageState;
  unread: number;
}

const req = <T>(r: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
const done = (tx: IDBTransaction): Promise<void> =>
  new Promise((resolve, reject) => { tx.oncomplete = () => resolve(); tx.onerror = tx.onabort = () => reject(tx.error); });

export const uidOf = (from: string, id: string) => `${from}/${id}`;
/** A message's key in the byPeer index. */
const keyOf = (m: StoredMessage) => [m.peer, m.sentAt, m.order ?? Number.MAX_SAFE_INTEGER, m.uid];

export class ChatStore {
  private constructor(private readonly db: IDBDatabase, readonly me: () => string) {}

  static async open(name: string, me: () => string, factory: IDBFactory = indexedDB): Promise<ChatStore> {
    const r = factory.open(name, 1);
    r.onupgradeneeded = () => {
      const db = r.result;
      db.createObjectStore('kv');
      const m = db.createObjectStore('messages', { keyPath: 'uid' });
      m.createIndex('byPeer', ['peer', 'sentAt', 'order', 'uid']);
      m.createIndex('byState', 'state');
      db.createObjectStore('convs', { keyPath: 'peer' });
    };
    return new ChatStore(await req(r), me);
  }

  close() { this.db.close(); }

  async get<T>(key: string): Promise<T | undefined> {
    return req(this.db.transaction('kv').objectStore('kv').get(key));
  }

  async set(key: string, value: unknown): Promise<void> {
    const tx = this.db.transaction('kv', 'readwrite');
    tx.objectStore('kv').put(value, key);
    await done(tx);
  }

  async message(uid: string): Promise<StoredMessage | undefined> {
    return req(this.db.transaction('messages').objectStore('messages').get(uid));
  }

  /**
   * Stores a message and updates its conversation. An incoming message counts as unread
   * unless `read` (its conversation is open). Returns false when it was already stored
   * with the same state (a replayed log entry).
   */
  async put(m: StoredMessage, read = false): Promise<boolean> {
    const tx = this.db.transaction(['messages', 'convs'], 'readwrite');
    const messages = tx.objectStore('messages'), convs = tx.objectStore('convs');
    const old = await req<StoredMessage | undefined>(messages.get(m.uid));
    if (old && old.state === m.state && old.seq === m.seq) { tx.abort(); return false; }
    const merged = { ...old, ...m };
    merged.order = merged.seq ?? Number.MAX_SAFE_INTEGER;
    messages.put(merged);
    const conv = (await req<Conversation | undefined>(convs.get(m.peer))) ??
      { peer: m.peer, lastText: '', lastAt: 0, lastFromMe: false, lastState: m.state, unread: 0 };
    const fromMe = m.from === this.me();
    if (!old && !fromMe && !read) conv.unread++;
    if (m.sentAt >= conv.lastAt) {
      Object.assign(conv, { lastText: m.state === 'bad' ? 'Undecryptable message' : m.text, lastAt: m.sentAt, lastFromMe: fromMe, lastState: m.state });
    }
    convs.put(conv);
    await done(tx);
    return true;
  }

  async markRead(peer: string): Promise<void> {
    const tx = this.db.transaction('convs', 'readwrite');
    const conv = await req<Conversation | undefined>(tx.objectStore('convs').get(peer));
    if (conv && conv.unread) tx.objectStore('convs').put({ ...conv, unread: 0 });
    await done(tx);
  }

  async conversations(): Promise<Conversation[]> {
    const all = await req<Conversation[]>(this.db.transaction('convs').objectStore('convs').getAll());
    return all.sort((a, b) => b.lastAt - a.lastAt);
  }

  /** Up to `limit` messages of a conversation before `before` (another message), oldest first. */
  async page(peer: string, limit: number, before?: StoredMessage): Promise<StoredMessage[]> {
    const upper = before ? keyOf(before) : [peer, Infinity, Infinity, '\uffff'];
    return (await this.scan(IDBKeyRange.bound([peer, -Infinity, -Infinity, ''], upper, false, true), 'prev', limit)).reverse();
  }

  /** Up to `limit` messages of a conversation after `after` (or from it, `inclusive`), oldest first. */
  async pageAfter(peer: string, limit: number, after: StoredMessage, inclusive = false): Promise<StoredMessage[]> {
    return this.scan(IDBKeyRange.bound(keyOf(after), [peer, Infinity, Infinity, '\uffff'], !inclusive, true), 'next', limit);
  }

  private scan(range: IDBKeyRange, dir: IDBCursorDirection, limit: number): Promise<StoredMessage[]> {
    const out: StoredMessage[] = [];
    const cursor = this.db.transaction('messages').objectStore('messages').index('byPeer').openCursor(range, dir);
    return new Promise((resolve, reject) => {
      cursor.onerror = () => reject(cursor.error);
      cursor.onsuccess = () => {
        const c = cursor.result;
        if (!c || out.length >= limit) return resolve(out);
        out.push(c.value);
        c.continue();
      };
    });
  }

  /** Outgoing messages not yet accepted by the server (queued while offline, or failed). */
  async unsent(): Promise<StoredMessage[]> {
    const idx = this.db.transaction('messages').objectStore('messages').index('byState');
    const [sending, failed] = await Promise.all([req(idx.getAll('sending')), req(idx.getAll('failed'))]);
    return [...sending, ...failed].sort((a, b) => a.sentAt - b.sentAt);
  }

  async clear(): Promise<void> {
    const tx = this.db.transaction(['kv', 'messages', 'convs'], 'readwrite');
    for (const s of ['kv', 'messages', 'convs']) tx.objectStore(s).clear();
    await done(tx);
  }
}
