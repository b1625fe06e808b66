import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ok } from '../../../domain/result.ts';
import { silentLogger } from '../services/logger.ts';
import type { DeviceIdentity } from '../upload/device-identity.ts';
import { createEducationUpdater } from './centre-updates.ts';
import { EducationLibrary } from './library.ts';
import { STARTER_BUNDLE_DIR, derivedBundle, toWire } from './testing.ts';

let root: string;
let library: EducationLibrary;
const requests: Array<{ url: string; headers: Record<string, string> }> = [];
const identity = {
  sign: ({ method, pathWithQuery }: { method: string; pathWithQuery: string }) => ok({ 'x-kiosk-id': 'k', 'x-kiosk-time': '1', 'x-kiosk-signature': `${method} ${pathWithQuery}` }),
} as unknown as DeviceIdentity;
const answering = (respond: () => Response | Promise<Response>) =>
  (async (url: URL | string, init?: RequestInit) => {
    requests.push({ url: String(url), headers: init?.headers as Record<string, string> });
    return respond();
  }) as typeof fetch;
const updater = (fetchFn: typeof fetch, enrolled = true) =>
  createEducationUpdater({ library, centre: () => (enrolled ? { baseUrl: 'http://centre.test', identity } : null), logger: silentLogger, now: () => 0, fetch: fetchFn });

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'education-updates-'));
  library = new EducationLibrary({ builtInDir: STARTER_BUNDLE_DIR, dataDir: join(root, 'education'), logger: silentLogger, now: () => 0 });
  library.load();
  requests.length = 0;
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('education updates from the centre', () => {
  it('asks with a signed GET for anything newer than the version shown, and installs it', async () => {
    const check = await updater(answering(() => Response.json(toWire(derivedBundle(2))))).check();
    expect(check.outcome).toBe('installed');
    expect(library.current()).toMatchObject({ source: 'centre', bundle: { version: 2 } });
    expect(requests[0]).toMatchObject({ url: 'http://centre.test/api/kiosk/education/bundle?after=1', headers: { 'x-kiosk-signature': 'GET /api/kiosk/education/bundle?after=1' } });
  });

  it('keeps the bundle shown when the centre has nothing newer, is unreachable, answers garbage or sends a bad bundle', async () => {
    expect((await updater(answering(() => new Response(null, { status: 204 }))).check()).outcome).toBe('up_to_date');
    expect((await updater(answering(() => Promise.reject(new TypeError('fetch failed')))).check()).outcome).toBe('network');
    expect((await updater(answering(() => new Response('<html>', { status: 200 }))).check()).outcome).toBe('centre_error');
    expect((await updater(answering(() => new Response('{}', { status: 500 }))).check()).outcome).toBe('centre_error');
    const tampered = toWire(derivedBundle(2));
    tampered.files.find((f) => f.name === 'family.svg')!.base64 = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>').toString('base64');
    expect((await updater(answering(() => Response.json(tampered))).check()).outcome).toBe('refused');
    expect(library.current()).toMatchObject({ source: 'built-in', bundle: { version: 1 } });
  });

  it('does not ask when the kiosk is not enrolled', async () => {
    const check = await updater(answering(() => new Response(null, { status: 204 })), false).check();
    expect(check).toMatchObject({ outcome: 'not_enrolled', version: 1 });
    expect(requests).toEqual([]);
  });

  it('runs one check at a time', async () => {
    let release!: () => void;
    const u = updater(answering(() => new Promise<Response>((resolve) => (release = () => resolve(new Response(null, { status: 204 }))))));
    const a = u.check();
    const b = u.check();
    await new Promise((r) => setTimeout(r, 10));
    release();
    expect(await a).toBe(await b);
    expect(requests).toHaveLength(1);
  });
});
