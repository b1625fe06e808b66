import { describe, expect, it } from 'vitest';
import { fetchVerified, sha256Hex, TamperedFileError, verifyPinned } from './verified-fetch.ts';

const bytes = (text: string): ArrayBuffer => new TextEncoder().encode(text).buffer as ArrayBuffer;
const respond = (body: ArrayBuffer, status = 200): typeof fetch => async () => new Response(body, { status });

describe('verified fetch', () => {
  it('hashes like sha256sum', async () => {
    expect(await sha256Hex(bytes('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('accepts the pinned bytes and refuses a changed, resized or unknown file', async () => {
    const files = { 'w.bin': { sha256: await sha256Hex(bytes('weights')), size: 7 } };
    await expect(fetchVerified('http://k/face/', 'w.bin', files, respond(bytes('weights')))).resolves.toHaveProperty('byteLength', 7);
    await expect(fetchVerified('http://k/face/', 'w.bin', files, respond(bytes('weightz')))).rejects.toThrow(TamperedFileError);
    await expect(verifyPinned('w.bin', bytes('weights!'), files)).rejects.toThrow(/size/);
    await expect(verifyPinned('other.bin', bytes('weights'), files)).rejects.toThrow(/not in the manifest/);
    await expect(fetchVerified('http://k/face/', 'w.bin', files, respond(bytes(''), 404))).rejects.toThrow(/404/);
  });

  it('pins every file the engine loads', async () => {
    const { PINNED_FILES } = await import('./verified-fetch.ts');
    const { MODEL_FILES, WASM_FILES } = await import('./model-files.ts');
    for (const name of [...MODEL_FILES.flatMap((m) => [`${m}-weights_manifest.json`, `${m}.bin`]), ...WASM_FILES]) {
      expect(PINNED_FILES[name], name).toMatchObject({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    }
  });
});
