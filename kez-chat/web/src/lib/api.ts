// The chat server's HTTP API (chat.md §5), with X-KEZ-Auth signing (§2). Every failure becomes
// an ApiError whose message a person can read; `status` 0 means the server was not reached.
import { utf8 } from './bytes';
import { authHeader, type ChatKeyRecord, type Envelope, type LogEntry } from './chat';
import type { SecretKey } from './keys';

export class ApiError extends Error {
  constructor(message: string, readonly status: number, readonly code = '') {
    super(message);
  }
}

export interface HandleInfo { handle: string; key: string; enc_keys: unknown[] }
export interface IdentityAccount { account: string; status: string; reason?: string | null }
/** SPEC.md §17.6: the verified identity graph of the handle's key (as `kez verify id --json`), or null and why. */
export interface Identity {
  handle: string;
  key: string;
  identity: { account: string; status: string; reason?: string | null; accounts: IdentityAccount[] } | null;
  detail?: string;
}

export interface Account { handle: string; key: SecretKey }

type Fetch = typeof fetch;

const MESSAGES: Record<number, string> = {
  400: 'The server refused the request as malformed.',
  401: 'The server did not accept this key’s signature (is the device clock right?).',
  404: 'No such handle on this server.',
  409: 'That handle is already taken by another key.',
  413: 'That is too large for the server.',
  429: 'Too many requests; wait a moment and try again.',
};

export class Api {
  /** ts last used per request, so a repeat within a second signs another ts (chat.md §8 Replay). */
  private lastTs = new Map<string, number>();

  constructor(private readonly base = '', private readonly fetchFn: Fetch = (...a) => fetch(...a),
              private readonly now = () => Math.floor(Date.now() / 1000)) {}

  private ts(requestKey: string): number {
    const last = this.lastTs.get(requestKey) ?? 0;
    const ts = Math.max(this.now(), last + 1);
    this.lastTs.set(requestKey, ts);
    if (this.lastTs.size > 500) this.lastTs.delete(this.lastTs.keys().next().value!);
    return ts;
  }

  async request<T>(method: string, path: string, opts: { body?: unknown; as?: Account; endpoint?: string } = {}): Promise<{ status: number; data: T }> {
    const bodyText = opts.body === undefined ? '' : JSON.stringify(opts.body);
    const headers: Record<string, string> = {};
    if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
    if (opts.as) {
      const body = utf8(bodyText);
      const a = { handle: opts.as.handle, method, path, body, endpoint: opts.endpoint ?? '' };
      headers['X-KEZ-Auth'] = authHeader(opts.as.key, { ...a, ts: this.ts(`${method} ${path} ${bodyText} ${a.endpoint}`) });
    }
    let res: Response;
    try {
      res = await this.fetchFn(this.base + path, { method, headers, body: opts.body === undefined ? undefined : bodyText, cache: 'no-store' });
    } catch {
      throw new ApiError('The chat server cannot be reached. Check the connection; nothing you typed is lost.', 0, 'offline');
    }
    let data: any = null;
    const text = await res.text();
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      if (res.ok) throw new ApiError('The server answered with something that is not JSON.', res.status, 'bad_response');
    }
    if (!res.ok) {
      const detail = typeof data?.detail === 'string' && data.detail ? data.detail : '';
      const message = MESSAGES[res.status] ?? `The server answered ${res.status}.`;
      throw new ApiError(detail && res.status !== 401 ? `${message} (${detail})` : message, res.status, data?.error ?? '');
    }
    return { status: res.status, data: data as T };
  }

  register(handle: string, key: SecretKey) {
    return this.request<unknown>('POST', `/v1/handles/${handle}`, { body: { key: key.key }, as: { handle, key } });
  }
  async handle(handle: string): Promise<HandleInfo> {
    return (await this.request<HandleInfo>('GET', `/v1/handles/${handle}`)).data;
  }
  async identity(handle: string): Promise<Identity> {
    return (await this.request<Identity>('GET', `/v1/handles/${handle}/identity`)).data;
  }
  addEncKey(as: Account, record: ChatKeyRecord) {
    return this.request<unknown>('POST', `/v1/handles/${as.handle}/enc-keys`, { body: record, as });
  }
  async postMessage(as: Account, envelope: Envelope): Promise<{ id: string; to: string; seq: number }> {
    return (await this.request<{ id: string; to: string; seq: number }>('POST', `/v1/messages/${as.handle}`, { body: envelope, as })).data;
  }
  async messages(as: Account, after: number, limit = 100): Promise<{ entries: LogEntry[]; head: number }> {
    return (await this.request<{ entries: LogEntry[]; head: number }>('GET', `/v1/messages/${as.handle}?after=${after}&limit=${limit}`, { as })).data;
  }
  async vapidKey(): Promise<string> {
    return (await this.request<{ key: string }>('GET', '/v1/push/vapid-public-key')).data.key;
  }
  subscribePush(as: Account, sub: { endpoint: string; keys: { p256dh: string; auth: string } }) {
    return this.request<unknown>('POST', `/v1/push/subscribe/${as.handle}`, { body: sub, as, endpoint: sub.endpoint });
  }
  unsubscribePush(as: Account, endpoint: string) {
    return this.request<unknown>('POST', `/v1/push/unsubscribe/${as.handle}`, { body: { endpoint }, as, endpoint });
  }
}
