// Interop with the Java client (kez-chat-protocol): an entry sealed and signed by Java opens
// here, and an entry sealed here (js-sealed-entry.json) is what InteropFixtures.java opens.
// Keys: alice and bob are the claims.json keys; their device keys are fixed below.
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hexToBytes, sha256, utf8 } from '../src/lib/bytes';
import { innerMessage, openEntry, sealEnvelope, type LogEntry } from '../src/lib/chat';
import { deviceKeyFrom } from '../src/lib/hpke';
import { secretKey } from '../src/lib/keys';
import { readJson, vectorsDir } from './vectors';

const keys = readJson('claims.json').keys;
const alice = secretKey(keys[0].alg, hexToBytes(keys[0].secret_hex));
const bob = secretKey(keys[1].alg, hexToBytes(keys[1].secret_hex));
export const aliceDevice = deviceKeyFrom(sha256(utf8('kez-chat interop: alice device')));
export const bobDevice = deviceKeyFrom(sha256(utf8('kez-chat interop: bob device')));
const keyOf = async (h: string) => ({ alice: alice.key, bob: bob.key } as Record<string, string>)[h];
const fixtures = vectorsDir + '../../kez-chat/web/test/fixtures/';

describe('interop with kez-chat-protocol (Java)', () => {
  it('opens a message that Java sealed and signed (bob → alice)', async () => {
    const entry: LogEntry = readJson('../../kez-chat/web/test/fixtures/java-sealed-entry.json');
    const r = await openEntry(entry, aliceDevice, keyOf);
    expect(r.ok && r.msg.body.text).toBe('hello from Java (kez-chat-protocol) ✓');
    expect(r.ok && r.msg.key).toBe(bob.key);
  });

  it('the message sealed here for Java (alice → bob) opens with bob’s device', async () => {
    if (process.env.WRITE_FIXTURES) {
      const inner = innerMessage(alice, 'alice', 'bob', 'hello from the browser ✓', 'AAECAwQFBgcICQoLDA0ODw', 1764150000);
      const env = await sealEnvelope(inner, [bobDevice.public]);
      writeFileSync(fixtures + 'js-sealed-entry.json', JSON.stringify({ ...env, seq: 1, from: 'alice', received_at: 1764150001 }, null, 2) + '\n');
    }
    const entry: LogEntry = readJson('../../kez-chat/web/test/fixtures/js-sealed-entry.json');
    const r = await openEntry(entry, bobDevice, keyOf);
    expect(r.ok && r.msg.body.text).toBe('hello from the browser ✓');
  });
});
