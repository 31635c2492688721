// HPKE (RFC 9180) base mode with the kez-chat suite, chat.md §4:
// DHKEM(X25519, HKDF-SHA256) / HKDF-SHA256 / ChaCha20-Poly1305, from the vetted @hpke/* packages.
import { CipherSuite, HkdfSha256 } from '@hpke/core';
import { DhkemX25519HkdfSha256 } from '@hpke/dhkem-x25519';
import { Chacha20Poly1305 } from '@hpke/chacha20poly1305';
import { x25519 } from '@noble/curves/ed25519.js';
import { utf8 } from './bytes';

export const suite = new CipherSuite({
  kem: new DhkemX25519HkdfSha256(),
  kdf: new HkdfSha256(),
  aead: new Chacha20Poly1305(),
});

/** `info` of every kez-chat seal: the ASCII bytes `kez-chat/v1`. */
export const CHAT_INFO = utf8('kez-chat/v1');

export interface DeviceKey {
  readonly secret: Uint8Array;
  readonly public: Uint8Array;
}

export function newDeviceKey(): DeviceKey {
  const secret = x25519.utils.randomSecretKey();
  return { secret, public: x25519.getPublicKey(secret) };
}

export const deviceKeyFrom = (secret: Uint8Array): DeviceKey => ({ secret, public: x25519.getPublicKey(secret) });

/** Seals one plaintext to one X25519 public key; `ekm` (an ephemeral seed) only for test vectors. */
export async function seal(
  recipientPublic: Uint8Array, plaintext: Uint8Array, aad: Uint8Array,
  info: Uint8Array = CHAT_INFO, ekm?: Uint8Array,
): Promise<{ enc: Uint8Array; ct: Uint8Array }> {
  const sender = await suite.createSenderContext({
    recipientPublicKey: await suite.kem.deserializePublicKey(recipientPublic),
    info,
    ...(ekm ? { ekm } : {}),
  });
  const ct = new Uint8Array(await sender.seal(plaintext, aad));
  return { enc: new Uint8Array(sender.enc), ct };
}

/** Opens a sealed message; throws when the key, `enc`, `aad` or ciphertext do not match. */
export async function open(
  recipientSecret: Uint8Array, enc: Uint8Array, ct: Uint8Array, aad: Uint8Array,
  info: Uint8Array = CHAT_INFO,
): Promise<Uint8Array> {
  const recipient = await suite.createRecipientContext({
    recipientKey: await suite.kem.deserializePrivateKey(recipientSecret),
    enc,
    info,
  });
  return new Uint8Array(await recipient.open(ct, aad));
}
