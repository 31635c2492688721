// The app's state and actions: the account on this device, the live connection, sending with
// an outbox (the same envelope on every retry, so a retry is idempotent, chat.md §4), and the
// conversation list. Views read the $state fields and call the methods.
import { Api, ApiError, type Account } from './api';
import { bytesToHex, hexToBytes } from './bytes';
import { ChatError, chatKeyRecord, innerMessage, newMessageId, normalizeHandle, openEntry, sealEnvelope, usableEncKeys, type Envelope, type LogEntry } from './chat';
import { deviceKeyFrom, newDeviceKey, type DeviceKey } from './hpke';
import { KeyError, openSecret, sealSecret, secretKey, type Alg, type SecretKey } from './keys';
import { Live, wsOrigin, type LiveState } from './live';
import { ChatStore, uidOf, type Conversation, type StoredMessage } from './store';

/** The account as kept in IndexedDB: the secrets in the clear, or sealed under a passphrase. */
export interface StoredAccount {
  handle: string;
  alg: Alg;
  key: string;
  secret?: string;
  device?: string;
  sealedSecret?: string;
  sealedDevice?: string;
}

export const now = () => Math.floor(Date.now() / 1000);

/** A readable sentence for any failure. */
export function explain(e: unknown): string {
  if (e instanceof ApiError || e instanceof KeyError || e instanceof ChatError) return e.message;
  return 'Something went wrong: ' + (e instanceof Error && e.message ? e.message : String(e));
}

export class ChatApp {
  stored = $state<StoredAccount | null>(null);
  unlocked = $state(false);
  loaded = $state(false);
  conversations = $state<Conversation[]>([]);
  live = $state<LiveState>('offline');
  /** Bumped whenever messages of `changedPeer` change, so an open conversation reloads. */
  changes = $state(0);
  changedPeer = '';
  notice = $state('');

  readonly api: Api;
  private store: ChatStore | null = null;
  private key: SecretKey | null = null;
  private device: DeviceKey | null = null;
  private conn: Live | null = null;
  private lastSeq = 0;
  private activePeer: string | null = null;
  private flushing: Promise<void> | null = null;
  private retryTimer: ReturnType<typeof setInterval> | null = null;
  private keys = new Map<string, Promise<{ key: string; encKeys: Uint8Array[] }>>();
  /** The last good answer per handle: offline, a message is still sealed and queued with these. */
  private known = new Map<string, { key: string; encKeys: Uint8Array[] }>();

  constructor(private readonly dbName = 'kez-chat', api = new Api()) {
    this.api = api;
  }

  get handle(): string { return this.stored?.handle ?? ''; }
  get account(): Account { return { handle: this.handle, key: this.key! }; }

  async init(): Promise<void> {
    this.store = await ChatStore.open(this.dbName, () => this.handle);
    const stored = (await this.store.get<StoredAccount>('account')) ?? null;
    this.stored = stored;
    if (stored?.secret && stored.device) {
      await this.begin(secretKey(stored.alg, hexToBytes(stored.secret)), deviceKeyFrom(hexToBytes(stored.device)));
    }
    this.loaded = true;
  }

  /** Unlocks a passphrase-protected account; a wrong passphrase throws a KeyError. */
  async unlock(passphrase: string): Promise<void> {
    const s = this.stored!;
    const secret = await openSecret(s.sealedSecret!, 'kezsec', passphrase);
    const device = await openSecret(s.sealedDevice!, 'kezdev', passphrase);
    await this.begin(secretKey(s.alg, secret), deviceKeyFrom(device));
  }

  /**
   * Registers `handle` for `key` (201 new, 200 the same key again), makes this device's X25519
   * key, publishes its signed chat_key record and keeps everything in IndexedDB.
   */
  async create(handleInput: string, key: SecretKey, passphrase: string): Promise<void> {
    const handle = normalizeHandle(handleInput);
    await this.api.register(handle, key);
    const device = newDeviceKey();
    await this.api.addEncKey({ handle, key }, chatKeyRecord(key, handle, device.public, now()));
    const stored: StoredAccount = { handle, alg: key.alg, key: key.key };
    if (passphrase) {
      stored.sealedSecret = await sealSecret(key.secret, 'kezsec', passphrase);
      stored.sealedDevice = await sealSecret(device.secret, 'kezdev', passphrase);
    } else {
      stored.secret = bytesToHex(key.secret);
      stored.device = bytesToHex(device.secret);
    }
    await this.store!.set('account', stored);
    this.stored = stored;
    await this.begin(key, device);
  }

  private async begin(key: SecretKey, device: DeviceKey): Promise<void> {
    this.key = key;
    this.device = device;
    this.lastSeq = (await this.store!.get<number>('lastSeq')) ?? 0;
    this.unlocked = true;
    await this.refresh();
    this.conn = new Live({
      url: wsOrigin(),
      account: this.account,
      after: () => this.lastSeq,
      onEntry: (e) => this.receive(e),
      onState: (s) => {
        this.live = s;
        if (s === 'online') void this.flush();
      },
    });
    this.conn.start();
    // Queued messages go out as soon as the network is back, and are retried now and then.
    globalThis.addEventListener?.('online', () => void this.flush());
    this.retryTimer ??= setInterval(() => void this.flush(), 15000);
  }

  /** Forgets the account on this device (the key is gone unless it was exported). */
  async signOut(): Promise<void> {
    this.conn?.stop();
    this.conn = null;
    if (this.retryTimer) clearInterval(this.retryTimer);
    this.retryTimer = null;
    await this.store!.clear();
    this.key = null;
    this.device = null;
    this.stored = null;
    this.unlocked = false;
    this.conversations = [];
    this.lastSeq = 0;
  }

  secretKey(): SecretKey | null { return this.key; }

  setActive(peer: string | null) {
    this.activePeer = peer;
    if (peer) void this.store?.markRead(peer).then(() => this.refresh());
  }

  async refresh(): Promise<void> {
    this.conversations = await this.store!.conversations();
  }

  private changed(peer: string) {
    this.changedPeer = peer;
    this.changes++;
  }

  page(peer: string, limit: number, before?: StoredMessage) {
    return this.store!.page(peer, limit, before);
  }

  pageAfter(peer: string, limit: number, after: StoredMessage, inclusive = false) {
    return this.store!.pageAfter(peer, limit, after, inclusive);
  }

  /** A handle's key and usable device keys; the key is pinned on first sight (trust on first use). */
  lookup(handle: string, fresh = false): Promise<{ key: string; encKeys: Uint8Array[] }> {
    let p = fresh ? undefined : this.keys.get(handle);
    if (!p) {
      p = (async () => {
        const info = await this.api.handle(handle);
        const pinned = await this.store!.get<string>(`key:${handle}`);
        if (pinned && pinned !== info.key) throw new ChatError(`The server now gives another key for @${handle}; not trusting it.`);
        if (!pinned) await this.store!.set(`key:${handle}`, info.key);
        const found = { key: info.key, encKeys: usableEncKeys(info.enc_keys ?? [], handle, info.key, now()) };
        this.known.set(handle, found);
        return found;
      })();
      p.catch(() => this.keys.delete(handle));
      this.keys.set(handle, p);
    }
    return p;
  }

  /** Handles one log entry: our own sent message is confirmed, anything else is opened. */
  async receive(entry: LogEntry): Promise<void> {
    const store = this.store!;
    if (typeof entry?.seq !== 'number' || typeof entry.from !== 'string' || typeof entry.id !== 'string') return;
    const me = this.handle;
    const peer = entry.from === me ? entry.to : entry.from;
    const uid = uidOf(entry.from, entry.id);
    const known = await store.message(uid);
    if (known && known.from === me) {
      await store.put({ ...known, seq: entry.seq, state: 'sent', envelope: undefined });
    } else if (!known || known.state === 'bad') {
      const opened = await openEntry(entry, this.device!, async (h) => (await this.lookup(h)).key);
      const base = { uid, peer, id: entry.id, from: entry.from, to: entry.to, seq: entry.seq };
      const read = peer === this.activePeer && globalThis.document?.visibilityState !== 'hidden';
      await store.put(opened.ok
        ? { ...base, text: opened.msg.body.text, sentAt: opened.msg.sent_at, state: entry.from === me ? 'sent' : 'received' }
        : { ...base, text: '', sentAt: entry.received_at ?? now(), state: 'bad', reason: opened.reason }, read);
    }
    if (entry.seq > this.lastSeq) {
      this.lastSeq = entry.seq;
      await store.set('lastSeq', entry.seq);
    }
    this.changed(peer);
    await this.refresh();
  }

  /** Seals a message for the peer's devices and this account's other devices, then queues it. */
  async send(peerInput: string, text: string): Promise<void> {
    const peer = normalizeHandle(peerInput);
    const me = this.handle;
    const current = async (h: string) => {
      try {
        return await this.lookup(h, true);
      } catch (e) {
        const last = this.known.get(h);
        if (e instanceof ApiError && e.status === 0 && last) return last;
        throw e;
      }
    };
    const [them, mine] = await Promise.all([current(peer), peer === me ? null : current(me)]);
    const own = this.device!.public;
    const others = (mine?.encKeys ?? []).filter((k) => bytesToHex(k) !== bytesToHex(own));
    const id = newMessageId();
    const sentAt = now();
    const inner = innerMessage(this.key!, me, peer, text, id, sentAt);
    const envelope = await sealEnvelope(inner, [...them.encKeys, ...others]);
    await this.store!.put({ uid: uidOf(me, id), peer, id, from: me, to: peer, text, sentAt, state: 'sending', envelope });
    this.changed(peer);
    await this.refresh();
    await this.flush();
  }

  /** Posts every unsent envelope; offline ones stay queued, refused ones are marked failed. */
  flush(): Promise<void> {
    this.flushing ??= (async () => {
      try {
        for (const m of await this.store!.unsent()) {
          if (m.state !== 'sending' || !m.envelope) continue;
          try {
            const res = await this.api.postMessage(this.account, m.envelope as Envelope);
            const cur = await this.store!.message(m.uid);
            if (cur?.state === 'sending') await this.store!.put({ ...cur, state: 'sent', seq: res.seq });
          } catch (e) {
            if (e instanceof ApiError && (e.status === 0 || e.status >= 500 || e.status === 429)) break;
            await this.store!.put({ ...m, state: 'failed', reason: explain(e) });
          }
          this.changed(m.peer);
        }
        await this.refresh();
      } finally {
        this.flushing = null;
      }
    })();
    return this.flushing;
  }

  /** Tap to retry: the stored envelope again, so the server stores it at most once. */
  async retry(uid: string): Promise<void> {
    const m = await this.store!.message(uid);
    if (!m || m.state !== 'failed') return;
    await this.store!.put({ ...m, state: 'sending', reason: undefined });
    this.changed(m.peer);
    await this.flush();
  }
}

export const app = new ChatApp();
