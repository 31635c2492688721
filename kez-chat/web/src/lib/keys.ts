// KEZ signing keys in the browser (wire.md §1): nostr keys (secp256k1, BIP-340) written npub1…/nsec1…,
// Ed25519 keys written ed25519:<b64u>. Every KEZ object is signed over its 32-byte digest.
import { schnorr } from '@noble/curves/secp256k1.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { bech32 } from '@scure/base';
import { b64u, bytesToHex, hexToBytes, randomBytes, utf8 } from './bytes';

export type Alg = 'nostr' | 'ed25519';

/** A person's KEZ key: the algorithm, its public key string and its 32 secret bytes. */
export interface SecretKey {
  readonly alg: Alg;
  readonly key: string;
  readonly secret: Uint8Array;
}

/** A clear, one-sentence problem with something the person typed or the server sent. */
export class KeyError extends Error {}

const BECH32_LIMIT = 1000;

function bech32Encode(prefix: string, data: Uint8Array): string {
  return bech32.encode(prefix, bech32.toWords(data), BECH32_LIMIT);
}

function bech32Decode(text: string, prefix: string): Uint8Array {
  let decoded;
  try {
    decoded = bech32.decode(text as `${string}1${string}`, BECH32_LIMIT);
  } catch {
    throw new KeyError(`That ${prefix}1… string is damaged (its checksum or characters are wrong).`);
  }
  if (decoded.prefix !== prefix) throw new KeyError(`Expected a ${prefix}1… string, got ${decoded.prefix}1….`);
  return bech32.fromWords(decoded.words);
}

export function publicKeyOf(alg: Alg, secret: Uint8Array): string {
  return alg === 'nostr'
    ? bech32Encode('npub', schnorr.getPublicKey(secret))
    : 'ed25519:' + b64u.encode(ed25519.getPublicKey(secret));
}

export function secretKey(alg: Alg, secret: Uint8Array): SecretKey {
  if (secret.length !== 32) throw new KeyError(`A secret key has 32 bytes, this one has ${secret.length}.`);
  let key: string;
  try {
    key = publicKeyOf(alg, secret);
  } catch {
    throw new KeyError('That is not a valid secp256k1 secret key.');
  }
  return Object.freeze({ alg, key, secret: Uint8Array.from(secret) });
}

export function generateKey(alg: Alg): SecretKey {
  return secretKey(alg, alg === 'nostr' ? schnorr.utils.randomSecretKey() : ed25519.utils.randomSecretKey());
}

/**
 * Signs a 32-byte digest. BIP-340 takes fresh auxiliary randomness; a fixed aux is only for
 * reproducible test vectors (wire.md §1).
 */
export function signDigest(k: SecretKey, digest: Uint8Array, aux: Uint8Array = randomBytes(32)): Uint8Array {
  return k.alg === 'nostr' ? schnorr.sign(digest, k.secret, aux) : ed25519.sign(digest, k.secret);
}

/** The algorithm and raw bytes of a public key string; throws KeyError on anything malformed. */
export function parsePublicKey(key: string): { alg: Alg; bytes: Uint8Array } {
  if (key.startsWith('npub1')) {
    const bytes = bech32Decode(key, 'npub');
    if (bytes.length !== 32) throw new KeyError('An npub holds 32 bytes.');
    return { alg: 'nostr', bytes };
  }
  if (key.startsWith('ed25519:')) {
    let bytes: Uint8Array;
    try {
      bytes = b64u.decode(key.slice(8));
    } catch {
      throw new KeyError('An ed25519: key is 32 bytes in base64url without padding.');
    }
    if (bytes.length !== 32) throw new KeyError('An ed25519: key holds 32 bytes.');
    return { alg: 'ed25519', bytes };
  }
  throw new KeyError('A KEZ key starts with npub1 or ed25519:.');
}

/** Strict verification (wire.md §1): BIP-340 as in the BIP; Ed25519 without ZIP-215 leniency. */
export function verifyDigest(key: string, digest: Uint8Array, sig: Uint8Array): boolean {
  if (sig.length !== 64) return false;
  try {
    const { alg, bytes } = parsePublicKey(key);
    return alg === 'nostr'
      ? schnorr.verify(sig, digest, bytes)
      : ed25519.verify(sig, digest, bytes, { zip215: false });
  } catch {
    return false;
  }
}

export const toNsec = (k: SecretKey): string => bech32Encode('nsec', k.secret);

// Passphrase containers as kez-core's EncryptedSecret: NIP-49 (ncryptsec) for nostr keys and
// the same 91 bytes under edcryptsec for Ed25519 seeds, so keys move between the CLI and here.
const VERSION = 2, KEY_SECURITY_UNKNOWN = 2, CONTAINER = 91, MAX_LOG_N = 22;

// scryptAsync yields to the event loop, so the page stays responsive for the half second it takes.
const derive = (pass: string, salt: Uint8Array, logN: number): Promise<Uint8Array> =>
  scryptAsync(utf8(pass.normalize('NFKC')), salt, { N: 2 ** logN, r: 8, p: 1, dkLen: 32, maxmem: 2 ** (logN + 11) });

/** Seals 32 secret bytes under a passphrase in the 91-byte container, bech32 under `prefix`. */
export async function sealSecret(secret: Uint8Array, prefix: string, passphrase: string, logN = 16): Promise<string> {
  if (!passphrase) throw new KeyError('Choose a passphrase that is not empty.');
  const salt = randomBytes(16), nonce = randomBytes(24);
  const ct = xchacha20poly1305(await derive(passphrase, salt, logN), nonce, Uint8Array.of(KEY_SECURITY_UNKNOWN)).encrypt(secret);
  const out = new Uint8Array(CONTAINER);
  out.set([VERSION, logN]); out.set(salt, 2); out.set(nonce, 18); out[42] = KEY_SECURITY_UNKNOWN; out.set(ct, 43);
  return bech32Encode(prefix, out);
}

export async function openSecret(text: string, prefix: string, passphrase: string): Promise<Uint8Array> {
  const data = bech32Decode(text.trim(), prefix);
  if (data.length !== CONTAINER || data[0] !== VERSION) throw new KeyError('That encrypted key has an unknown layout.');
  const logN = data[1];
  if (logN < 1 || logN > MAX_LOG_N) throw new KeyError('That encrypted key asks for an unreasonable amount of memory.');
  const symmetric = await derive(passphrase, data.slice(2, 18), logN);
  try {
    return xchacha20poly1305(symmetric, data.slice(18, 42), data.slice(42, 43)).decrypt(data.slice(43));
  } catch {
    throw new KeyError('Wrong passphrase (or the encrypted key is damaged).');
  }
}

const prefixOf = (alg: Alg) => (alg === 'nostr' ? 'ncryptsec' : 'edcryptsec');

export const encryptSecret = (k: SecretKey, passphrase: string, logN = 16): Promise<string> =>
  sealSecret(k.secret, prefixOf(k.alg), passphrase, logN);

export async function decryptSecret(text: string, passphrase: string): Promise<SecretKey> {
  const alg: Alg = text.trim().startsWith('ncryptsec1') ? 'nostr' : 'ed25519';
  return secretKey(alg, await openSecret(text, prefixOf(alg), passphrase));
}

/**
 * Reads a key someone pasted: nsec1…, 64 hex characters (a nostr secret, or an Ed25519 seed
 * when `hexAlg` says so), or ncryptsec1…/edcryptsec1… with its passphrase.
 */
export async function importKey(text: string, passphrase: string, hexAlg: Alg): Promise<SecretKey> {
  const t = text.trim();
  if (t.startsWith('nsec1')) return secretKey('nostr', bech32Decode(t, 'nsec'));
  if (t.startsWith('ncryptsec1') || t.startsWith('edcryptsec1')) {
    if (!passphrase) throw new KeyError('This key is encrypted: type its passphrase.');
    return decryptSecret(t, passphrase);
  }
  if (/^[0-9a-fA-F]{64}$/.test(t)) return secretKey(hexAlg, hexToBytes(t.toLowerCase()));
  if (t.startsWith('npub1') || t.startsWith('ed25519:'))
    throw new KeyError('That is a public key; importing needs the secret key.');
  throw new KeyError('Not a secret key: expected nsec1…, ncryptsec1…, edcryptsec1… or 64 hex characters.');
}

export const secretHex = (k: SecretKey): string => bytesToHex(k.secret);
