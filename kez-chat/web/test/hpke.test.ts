import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes, utf8 } from '../src/lib/bytes';
import { newDeviceKey, open, seal, suite } from '../src/lib/hpke';
import { readVector } from './vectors';

// RFC 9180 A.2.1: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20Poly1305, base mode.
function baseVector() {
  const text = readVector('third-party/chat/rfc9180-A2-x25519-hkdfsha256-chacha20poly1305.md');
  const section = text.split('### Base Setup Information')[1].split('### PSK Setup Information')[0];
  const field = (src: string, name: string): string => {
    const m = src.match(new RegExp(`^${name}:\\s*([0-9a-f\\s]*?)(?=^[A-Za-z_ ]+:|~~~|(?![\\s\\S]))`, 'm'));
    if (!m) throw new Error(`vector field ${name} missing`);
    return m[1].replace(/\s+/g, '');
  };
  const setup = section.split('#### Encryptions')[0];
  const encryptions = section.split('#### Encryptions')[1].split('#### Exported')[0]
    .split('sequence number:').slice(1).map((block) => ({
      seq: Number(block.trim().split(/\s/)[0]),
      pt: field(block, 'pt'), aad: field(block, 'aad'), ct: field(block, 'ct'),
    }));
  return {
    mode: field(setup, 'mode'), info: field(setup, 'info'), ikmE: field(setup, 'ikmE'), pkEm: field(setup, 'pkEm'),
    ikmR: field(setup, 'ikmR'), pkRm: field(setup, 'pkRm'), skRm: field(setup, 'skRm'), enc: field(setup, 'enc'),
    encryptions,
  };
}

describe('HPKE, RFC 9180 A.2.1', () => {
  const v = baseVector();

  it('reads the base-mode vector with its six encryptions', () => {
    expect(v.mode).toBe('0');
    expect(v.encryptions.map((e) => e.seq)).toEqual([0, 1, 2, 4, 255, 256]);
  });

  it('derives the recipient and ephemeral keys of the vector', async () => {
    const r = await suite.kem.deriveKeyPair(hexToBytes(v.ikmR));
    expect(bytesToHex(new Uint8Array(await suite.kem.serializePublicKey(r.publicKey)))).toBe(v.pkRm);
    const e = await suite.kem.deriveKeyPair(hexToBytes(v.ikmE));
    expect(bytesToHex(new Uint8Array(await suite.kem.serializePublicKey(e.publicKey)))).toBe(v.pkEm);
  });

  it('seals every listed sequence number to the vector ciphertext, and opens them', async () => {
    const sender = await suite.createSenderContext({
      recipientPublicKey: await suite.kem.deserializePublicKey(hexToBytes(v.pkRm)),
      info: hexToBytes(v.info),
      ekm: hexToBytes(v.ikmE),
    });
    expect(bytesToHex(new Uint8Array(sender.enc))).toBe(v.enc);
    const recipient = await suite.createRecipientContext({
      recipientKey: await suite.kem.deserializePrivateKey(hexToBytes(v.skRm)),
      enc: hexToBytes(v.enc),
      info: hexToBytes(v.info),
    });
    let seq = 0;
    for (const e of v.encryptions) {
      for (; seq < e.seq; seq++) { // advance both contexts past the sequence numbers the vector skips
        const skipped = await sender.seal(hexToBytes(e.pt), hexToBytes(e.aad));
        await recipient.open(skipped, hexToBytes(e.aad));
      }
      const ct = new Uint8Array(await sender.seal(hexToBytes(e.pt), hexToBytes(e.aad)));
      expect(bytesToHex(ct), `sequence ${e.seq}`).toBe(e.ct);
      expect(bytesToHex(new Uint8Array(await recipient.open(hexToBytes(e.ct), hexToBytes(e.aad))))).toBe(e.pt);
      seq++;
    }
  });

  it('the app seal() with the vector ephemeral key gives the first vector ciphertext', async () => {
    const e = v.encryptions[0];
    const { enc, ct } = await seal(hexToBytes(v.pkRm), hexToBytes(e.pt), hexToBytes(e.aad), hexToBytes(v.info), hexToBytes(v.ikmE));
    expect(bytesToHex(enc)).toBe(v.enc);
    expect(bytesToHex(ct)).toBe(e.ct);
    expect(bytesToHex(await open(hexToBytes(v.skRm), enc, ct, hexToBytes(e.aad), hexToBytes(v.info)))).toBe(e.pt);
  });

  it('refuses a wrong aad, a wrong key and a flipped ciphertext bit', async () => {
    const me = newDeviceKey(), other = newDeviceKey();
    const { enc, ct } = await seal(me.public, utf8('hi'), utf8('id-1'));
    await expect(open(me.secret, enc, ct, utf8('id-2'))).rejects.toThrow();
    await expect(open(other.secret, enc, ct, utf8('id-1'))).rejects.toThrow();
    const flipped = ct.slice(); flipped[0] ^= 1;
    await expect(open(me.secret, enc, flipped, utf8('id-1'))).rejects.toThrow();
    expect(new TextDecoder().decode(await open(me.secret, enc, ct, utf8('id-1')))).toBe('hi');
  });
});
