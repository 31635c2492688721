import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../src/lib/jcs';
import { b64u, bytesToHex, hexToBytes, utf8 } from '../src/lib/bytes';
import { decryptSecret, encryptSecret, generateKey, importKey, KeyError, parsePublicKey, secretKey, signDigest, toNsec, verifyDigest } from '../src/lib/keys';
import { authHeader, authObject, digestOf, signObject, verifyObject } from '../src/lib/chat';
import { readJson, vectorsDir } from './vectors';

const zeroAux = new Uint8Array(32);

describe('JCS, RFC 8785 (cyberphone test data)', () => {
  const files = readdirSync(vectorsDir + 'third-party/jcs/input');
  it('has the test files', () => expect(files.length).toBeGreaterThanOrEqual(6));
  for (const f of files) {
    it(f, () => {
      const input = JSON.parse(readFileSync(`${vectorsDir}third-party/jcs/input/${f}`, 'utf8'));
      const expected = readFileSync(`${vectorsDir}third-party/jcs/output/${f}`, 'utf8');
      expect(canonicalize(input)).toBe(expected);
    });
  }
  it('refuses a lone surrogate', () => expect(() => canonicalize({ a: '\ud800' })).toThrow(/lone surrogate/));
});

describe('KEZ keys and signatures (testdata/vectors/claims.json)', () => {
  const claims = readJson('claims.json');
  it('derives the public keys of the vector keys', () => {
    for (const k of claims.keys) {
      expect(secretKey(k.alg, hexToBytes(k.secret_hex)).key).toBe(k.public);
      if (k.nsec) expect(toNsec(secretKey(k.alg, hexToBytes(k.secret_hex)))).toBe(k.nsec);
    }
  });
  it('reproduces every valid claim: JCS, digest and (BIP-340 zero aux, Ed25519) signature', () => {
    expect(claims.valid.length).toBeGreaterThan(0);
    for (const c of claims.valid) {
      const k = claims.keys.find((x: any) => x.public === c.claim.key);
      const { sig, ...unsigned } = c.claim;
      if (c.jcs) expect(canonicalize(unsigned), c.name).toBe(c.jcs);
      if (c.digest_hex) expect(bytesToHex(digestOf(c.claim)), c.name).toBe(c.digest_hex);
      if (!k) continue;
      expect(signObject(secretKey(k.alg, hexToBytes(k.secret_hex)), unsigned, zeroAux).sig, c.name).toBe(sig);
      expect(verifyObject(c.claim, c.claim.key), c.name).toBe(true);
    }
  });
  it('rejects the claims signed wrongly', () => {
    for (const c of claims.invalid.filter((x: any) => /signature|tampered|other-key/.test(x.name))) {
      const obj = JSON.parse(c.input);
      expect(verifyObject(obj, obj.key), c.name).toBe(false);
    }
  });
  it('verifies fresh signatures of both algorithms and rejects a flipped bit', () => {
    for (const alg of ['nostr', 'ed25519'] as const) {
      const k = generateKey(alg);
      const d = hexToBytes('11'.repeat(32));
      const sig = signDigest(k, d);
      expect(verifyDigest(k.key, d, sig)).toBe(true);
      sig[5] ^= 4;
      expect(verifyDigest(k.key, d, sig)).toBe(false);
      expect(parsePublicKey(k.key).alg).toBe(alg);
    }
  });
});

describe('key import', () => {
  const nostr = readJson('third-party/nostr.json');
  it('decrypts the NIP-49 example ncryptsec', async () => {
    const k = await importKey(nostr.nip49.ncryptsec, nostr.nip49.password, 'nostr');
    expect(bytesToHex(k.secret)).toBe(nostr.nip49.hex_secret);
  });
  it('says "Wrong passphrase" for a wrong passphrase', async () => {
    await expect(importKey(nostr.nip49.ncryptsec, 'nostr!', 'nostr')).rejects.toThrow(/Wrong passphrase/);
  });
  it('round-trips an Ed25519 seed through edcryptsec', async () => {
    const k = generateKey('ed25519');
    const enc = await encryptSecret(k, 'pässword', 4);
    expect(enc.startsWith('edcryptsec1')).toBe(true);
    expect((await decryptSecret(enc, 'pa\u0308ssword')).key).toBe(k.key); // NFKC: the same passphrase
  });
  it('reads nsec and hex, and explains every malformed input in a sentence', async () => {
    const v = nostr.nip19.find((x: any) => x.nsec);
    if (v) expect((await importKey(v.nsec, '', 'nostr')).key.startsWith('npub1')).toBe(true);
    const seed = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
    expect((await importKey(seed, '', 'ed25519')).key).toBe('ed25519:' + b64u.encode(hexToBytes('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a')));
    for (const [input, msg] of [
      ['nsec1qqqq', /damaged/], ['npub15353f7jc29lx92zumgkjjk2mt26zjk626apt8szw0e5nmflufvtsy2xgqr', /public key/],
      ['hello', /Not a secret key/], [nostr.nip49.ncryptsec, /passphrase/], ['ff'.repeat(32), /not a valid secp256k1/],
    ] as const) {
      await expect(importKey(input, '', 'nostr'), input).rejects.toThrow(KeyError);
      await expect(importKey(input, '', 'nostr'), input).rejects.toThrow(msg);
    }
  });
});

describe('kez-chat objects agree with kez-core (Java)', () => {
  const fx = readJson('../../kez-chat/web/test/fixtures/chat-objects-java.json');
  const keys = readJson('claims.json').keys;
  const keyFor = (alg: string) => { const k = keys.find((x: any) => x.alg === alg); return secretKey(k.alg, hexToBytes(k.secret_hex)); };
  it('has the six fixed objects', () => expect(fx.cases.length).toBe(6));
  for (const c of fx.cases) {
    it(`${c.alg} ${c.object.type}: same JCS, digest and signature`, () => {
      expect(canonicalize(c.object)).toBe(c.jcs);
      expect(bytesToHex(digestOf(c.object))).toBe(c.digest_hex);
      expect(signObject(keyFor(c.alg), c.object, zeroAux).sig).toBe(c.sig);
      expect(verifyObject({ ...c.object, sig: c.sig }, c.object.key)).toBe(true);
    });
  }
  it('builds the same auth object and header from the request', () => {
    const c = fx.cases.find((x: any) => x.alg === 'nostr' && x.object.type === 'chat_auth');
    const a = { handle: 'alice', method: 'post', path: '/v1/messages/alice', body: utf8(fx.body_utf8), ts: 1764150000 };
    expect(canonicalize(authObject({ ...a, key: c.object.key }))).toBe(c.jcs);
    expect(authHeader(keyFor('nostr'), a, zeroAux)).toBe(`1764150000:${c.sig}`);
  });
  it('rejects a signature made for another object', () => {
    const [a, b] = fx.cases;
    expect(verifyObject({ ...b.object, sig: a.sig }, b.object.key)).toBe(false);
  });
  it('KeyError is what import throws', () => expect(new KeyError('x')).toBeInstanceOf(Error));
});
