// The kez-chat v1 wire objects (chat.md, SPEC.md): handles, signed objects, the X-KEZ-Auth
// object, chat_key records, inner messages and sealed envelopes.
import { canonicalize } from './jcs';
import { b64u, fromUtf8, randomBytes, sha256, sha256b64u, utf8 } from './bytes';
import { type SecretKey, signDigest, verifyDigest } from './keys';
import { open, seal, type DeviceKey } from './hpke';

export const KEZ = '0.2';

/** A problem a person should read: one sentence, no internals. */
export class ChatError extends Error {}

const HANDLE = /^[a-z0-9][a-z0-9_-]{1,30}[a-z0-9]$/;

/** chat.md §1: 3 to 32 of a-z 0-9 _ -, starting and ending with a letter or digit; lowercased. */
export function normalizeHandle(input: string): string {
  const h = input.trim().replace(/^@/, '').toLowerCase();
  if (!HANDLE.test(h))
    throw new ChatError('A handle is 3 to 32 letters, digits, _ or -, starting and ending with a letter or digit.');
  return h;
}

type Obj = Record<string, unknown>;

/** wire.md §1: SHA-256(JCS(object without "sig")). */
export function digestOf(obj: Obj): Uint8Array {
  const { sig: _sig, ...rest } = obj;
  return sha256(utf8(canonicalize(rest)));
}

export function signObject<T extends Obj>(k: SecretKey, obj: T, aux?: Uint8Array): T & { sig: string } {
  return { ...obj, sig: b64u.encode(signDigest(k, digestOf(obj), aux)) };
}

/** True when `sig` is a valid signature by `key` over the object's digest. */
export function verifyObject(obj: Obj, key: string): boolean {
  if (typeof obj.sig !== 'string') return false;
  let sig: Uint8Array;
  try {
    sig = b64u.decode(obj.sig);
  } catch {
    return false;
  }
  return verifyDigest(key, digestOf(obj), sig);
}

export interface AuthInput {
  handle: string;
  key: string;
  method: string;
  /** The request target exactly as sent: path and query. */
  path: string;
  body: Uint8Array;
  /** The push subscription's endpoint for the two push routes, else "". */
  endpoint?: string;
  ts: number;
}

/** chat.md §2: the object an X-KEZ-Auth header signs. */
export function authObject(a: AuthInput): Obj {
  return {
    body: sha256b64u(a.body),
    endpoint: a.endpoint ?? '',
    handle: a.handle,
    key: a.key,
    kez: KEZ,
    method: a.method.toUpperCase(),
    path: a.path,
    ts: a.ts,
    type: 'chat_auth',
  };
}

/** The X-KEZ-Auth header value `<ts>:<sig>`. */
export function authHeader(k: SecretKey, a: Omit<AuthInput, 'key'>, aux?: Uint8Array): string {
  const sig = signDigest(k, digestOf(authObject({ ...a, key: k.key })), aux);
  return `${a.ts}:${b64u.encode(sig)}`;
}

export interface ChatKeyRecord {
  created_at: number;
  enc_key: string;
  expires_at?: number;
  handle: string;
  key: string;
  kez: string;
  sig: string;
  type: 'chat_key';
}

/** chat.md §3: the signed record that publishes a device's X25519 public key. */
export function chatKeyRecord(k: SecretKey, handle: string, encPublic: Uint8Array, createdAt: number, expiresAt?: number, aux?: Uint8Array): ChatKeyRecord {
  const rec: Obj = { created_at: createdAt, enc_key: b64u.encode(encPublic), handle, key: k.key, kez: KEZ, type: 'chat_key' };
  if (expiresAt !== undefined) rec.expires_at = expiresAt;
  return signObject(k, rec, aux) as unknown as ChatKeyRecord;
}

/** The records a sender may encrypt to (chat.md §3): signed by the handle's key, for that handle, not expired. */
export function usableEncKeys(records: unknown[], handle: string, key: string, now: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  const seen = new Set<string>();
  for (const r of records) {
    if (typeof r !== 'object' || r === null) continue;
    const rec = r as Obj;
    if (rec.type !== 'chat_key' || rec.kez !== KEZ || rec.handle !== handle || rec.key !== key) continue;
    if (typeof rec.expires_at === 'number' && rec.expires_at <= now) continue;
    if (typeof rec.enc_key !== 'string' || seen.has(rec.enc_key) || !verifyObject(rec, key)) continue;
    let pub: Uint8Array;
    try {
      pub = b64u.decode(rec.enc_key);
    } catch {
      continue;
    }
    if (pub.length !== 32) continue;
    seen.add(rec.enc_key);
    out.push(pub);
  }
  return out;
}

export interface InnerMessage {
  body: { text: string; type: 'text' };
  from: string;
  id: string;
  key: string;
  kez: string;
  sent_at: number;
  sig: string;
  to: string;
  type: 'chat_msg';
}

export const newMessageId = (): string => b64u.encode(randomBytes(16));

export function innerMessage(k: SecretKey, from: string, to: string, text: string, id: string, sentAt: number, aux?: Uint8Array): InnerMessage {
  return signObject(k, { body: { text, type: 'text' }, from, id, key: k.key, kez: KEZ, sent_at: sentAt, to, type: 'chat_msg' }, aux) as unknown as InnerMessage;
}

export interface Sealed { kid: string; enc: string; ct: string }
export interface Envelope { id: string; to: string; sealed: Sealed[] }
export interface LogEntry extends Envelope { seq: number; from: string; received_at: number }

/** chat.md §4: seals the inner message's JCS (with sig) once per device key, aad = the id. */
export async function sealEnvelope(inner: InnerMessage, deviceKeys: Uint8Array[]): Promise<Envelope> {
  if (deviceKeys.length === 0) throw new ChatError(`@${inner.to} has no device that can receive messages yet.`);
  const pt = utf8(canonicalize(inner));
  const aad = utf8(inner.id);
  const sealed: Sealed[] = [];
  for (const pub of deviceKeys) {
    const { enc, ct } = await seal(pub, pt, aad);
    sealed.push({ kid: b64u.encode(pub), enc: b64u.encode(enc), ct: b64u.encode(ct) });
  }
  return { id: inner.id, to: inner.to, sealed };
}

export type Opened =
  | { ok: true; msg: InnerMessage }
  | { ok: false; reason: string };

/**
 * Opens a log entry (chat.md §4): the copy for this device, the inner signature under the
 * sender handle's key, and inner from/to/id equal to the envelope's. Anything else is not a message.
 */
export async function openEntry(entry: LogEntry, device: DeviceKey, keyOf: (handle: string) => Promise<string>): Promise<Opened> {
  const kid = b64u.encode(device.public);
  const copy = Array.isArray(entry.sealed) ? entry.sealed.find((s) => s && s.kid === kid) : undefined;
  if (!copy) return { ok: false, reason: 'not encrypted for this device' };
  let inner: Obj;
  try {
    const pt = await open(device.secret, b64u.decode(copy.enc), b64u.decode(copy.ct), utf8(entry.id));
    inner = JSON.parse(fromUtf8(pt));
  } catch {
    return { ok: false, reason: 'cannot be decrypted' };
  }
  if (typeof inner !== 'object' || inner === null || inner.type !== 'chat_msg' || inner.kez !== KEZ)
    return { ok: false, reason: 'not a chat message' };
  if (inner.from !== entry.from || inner.to !== entry.to || inner.id !== entry.id)
    return { ok: false, reason: 'sender, recipient or id do not match the envelope' };
  const body = inner.body as Obj | undefined;
  if (!body || body.type !== 'text' || typeof body.text !== 'string' || typeof inner.sent_at !== 'number')
    return { ok: false, reason: 'unsupported message body' };
  let senderKey: string;
  try {
    senderKey = await keyOf(entry.from);
  } catch {
    return { ok: false, reason: "the sender's key cannot be looked up" };
  }
  if (inner.key !== senderKey || !verifyObject(inner, senderKey))
    return { ok: false, reason: 'bad signature' };
  return { ok: true, msg: inner as unknown as InnerMessage };
}
