// Byte helpers shared by the protocol code: b64u is base64url without padding (wire.md §1).
import { base64urlnopad } from '@scure/base';
import { bytesToHex, hexToBytes, randomBytes } from '@noble/hashes/utils.js';
import { sha256 } from '@noble/hashes/sha2.js';

export { bytesToHex, hexToBytes, randomBytes, sha256 };

export const b64u = {
  encode: (b: Uint8Array): string => base64urlnopad.encode(b),
  /** Decodes strictly: only the base64url alphabet, no padding; throws on anything else. */
  decode: (s: string): Uint8Array => base64urlnopad.decode(s),
};

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
export const utf8 = (s: string): Uint8Array => encoder.encode(s);
export const fromUtf8 = (b: Uint8Array): string => decoder.decode(b);

export const equalBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** The b64u of SHA-256 over some bytes (the auth object's `body`, chat.md §2). */
export const sha256b64u = (b: Uint8Array): string => b64u.encode(sha256(b));
