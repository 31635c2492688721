import { describe, expect, it } from 'vitest';
import { b64u, utf8 } from '../src/lib/bytes';
import { canonicalize } from '../src/lib/jcs';
import { chatKeyRecord, innerMessage, newMessageId, normalizeHandle, openEntry, sealEnvelope, usableEncKeys, type LogEntry } from '../src/lib/chat';
import { newDeviceKey, seal } from '../src/lib/hpke';
import { generateKey } from '../src/lib/keys';
import { Api, ApiError } from '../src/lib/api';

const alice = generateKey('nostr'), bob = generateKey('ed25519'), mallory = generateKey('nostr');
const keys: Record<string, string> = { alice: alice.key, bob: bob.key, mallory: mallory.key };
const keyOf = async (h: string) => { if (!keys[h]) throw new Error('unknown'); return keys[h]; };
const bobDevice = newDeviceKey(), bobPhone = newDeviceKey();

async function entry(over: Partial<LogEntry> = {}, text = 'hello bob'): Promise<LogEntry> {
  const id = newMessageId();
  const env = await sealEnvelope(innerMessage(alice, 'alice', 'bob', text, id, 1764150000), [bobDevice.public, bobPhone.public]);
  return { ...env, from: 'alice', seq: 3, received_at: 1764150001, ...over };
}

describe('handles (chat.md §1)', () => {
  it('lowercases and accepts 3..32 of a-z 0-9 _ -', () => {
    expect(normalizeHandle(' @Alice_1 ')).toBe('alice_1');
    expect(normalizeHandle('a'.repeat(32))).toBe('a'.repeat(32));
  });
  it('refuses the rest with a sentence', () => {
    for (const bad of ['ab', 'a'.repeat(33), '-abc', 'abc_', 'a b c', 'ålice', 'a%41b'])
      expect(() => normalizeHandle(bad), bad).toThrow(/A handle is 3 to 32/);
  });
});

describe('envelopes (chat.md §4)', () => {
  it('seals once per device, and every device opens the signed message', async () => {
    const e = await entry();
    expect(e.sealed.map((s) => s.kid)).toEqual([b64u.encode(bobDevice.public), b64u.encode(bobPhone.public)]);
    for (const d of [bobDevice, bobPhone]) {
      const r = await openEntry(e, d, keyOf);
      expect(r.ok && r.msg.body.text).toBe('hello bob');
    }
  });
  it('is not a message when not sealed for this device', async () => {
    expect(await openEntry(await entry(), newDeviceKey(), keyOf)).toEqual({ ok: false, reason: 'not encrypted for this device' });
  });
  it('is not a message when the envelope lies about sender, recipient or id', async () => {
    const e = await entry();
    for (const lie of [{ from: 'mallory' }, { to: 'carol' }]) {
      expect(await openEntry({ ...e, ...lie }, bobDevice, keyOf)).toMatchObject({ ok: false });
    }
    // another id changes the aad, so the copy does not even open
    expect(await openEntry({ ...e, id: newMessageId() }, bobDevice, keyOf)).toEqual({ ok: false, reason: 'cannot be decrypted' });
  });
  it('is not a message when signed by another key than the sender handle’s', async () => {
    const id = newMessageId();
    const forged = innerMessage(mallory, 'alice', 'bob', 'trust me', id, 1764150000);
    const env = await sealEnvelope({ ...forged, key: alice.key }, [bobDevice.public]);
    expect(await openEntry({ ...env, from: 'alice', seq: 1, received_at: 1 }, bobDevice, keyOf)).toEqual({ ok: false, reason: 'bad signature' });
  });
  it('is not a message when the ciphertext is altered', async () => {
    const e = await entry();
    const ct = b64u.decode(e.sealed[0].ct); ct[3] ^= 1;
    const tampered = { ...e, sealed: [{ ...e.sealed[0], ct: b64u.encode(ct) }] };
    expect(await openEntry(tampered, bobDevice, keyOf)).toEqual({ ok: false, reason: 'cannot be decrypted' });
  });
  it('is not a message when the plaintext is not a signed chat_msg', async () => {
    const id = newMessageId();
    const { enc, ct } = await seal(bobDevice.public, utf8(canonicalize({ type: 'note', from: 'alice', to: 'bob', id })), utf8(id));
    const e: LogEntry = { id, to: 'bob', from: 'alice', seq: 1, received_at: 1, sealed: [{ kid: b64u.encode(bobDevice.public), enc: b64u.encode(enc), ct: b64u.encode(ct) }] };
    expect(await openEntry(e, bobDevice, keyOf)).toEqual({ ok: false, reason: 'not a chat message' });
  });
  it('refuses to seal for nobody', async () => {
    await expect(sealEnvelope(innerMessage(alice, 'alice', 'bob', 'x', newMessageId(), 1), [])).rejects.toThrow(/no device/);
  });
});

describe('chat_key records (chat.md §3)', () => {
  it('uses only records signed by the handle key, for that handle, unexpired', () => {
    const d1 = newDeviceKey(), d2 = newDeviceKey(), d3 = newDeviceKey(), d4 = newDeviceKey();
    const good = chatKeyRecord(bob, 'bob', d1.public, 100);
    const records = [
      good, good,                                                   // a duplicate counts once
      chatKeyRecord(bob, 'bob', d2.public, 100, 150),               // expired at now = 200
      chatKeyRecord(mallory, 'bob', d3.public, 100),                // another key
      { ...chatKeyRecord(bob, 'bob', d4.public, 100), enc_key: b64u.encode(d3.public) }, // signature broken
      chatKeyRecord(bob, 'bobby', d4.public, 100),                  // another handle
      'junk', null,
    ];
    expect(usableEncKeys(records, 'bob', bob.key, 200).map(b64u.encode)).toEqual([b64u.encode(d1.public)]);
  });
});

describe('Api error messages', () => {
  const api = (status: number, body: string) => new Api('', (async () => new Response(body, { status })) as any);
  it('turns statuses into sentences and keeps 401 silent about which check failed', async () => {
    await expect(api(404, '{"error":"not_found","detail":"no handle bob"}').handle('bob')).rejects.toThrow('No such handle on this server. (no handle bob)');
    await expect(api(409, '{"error":"conflict"}').register('bob', bob)).rejects.toThrow(/already taken/);
    await expect(api(401, '{"error":"unauthorized","detail":"ts"}').messages({ handle: 'bob', key: bob }, 0)).rejects.toThrow(/did not accept this key’s signature \(is the device clock right\?\)\.$/);
  });
  it('says the server is down when it cannot be reached', async () => {
    const down = new Api('', (async () => { throw new TypeError('Failed to fetch'); }) as any);
    const err = await down.handle('bob').catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(0);
    expect(err.message).toMatch(/cannot be reached/);
  });
  it('signs a repeated request with another ts (chat.md §8 Replay)', async () => {
    const headers: string[] = [];
    const a = new Api('', (async (_u: string, init: RequestInit) => { headers.push((init.headers as any)['X-KEZ-Auth']); return new Response('{"entries":[],"head":0}'); }) as any, () => 1000);
    await a.messages({ handle: 'bob', key: bob }, 0);
    await a.messages({ handle: 'bob', key: bob }, 0);
    expect(headers.map((h) => h.split(':')[0])).toEqual(['1000', '1001']);
  });
});
