/**
 * A legal-aid application through the real core process: card read -> pages and signature held in
 * the session -> submit into the encrypted store -> print (PDFs into a directory printer). Also
 * what a hostile caller gets: clear 4xx answers and nothing stored.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApplicationAnswers } from '../../domain/legal-aid/application.ts';
import { wageClaim as sampleWageClaim } from '../../domain/legal-aid/testing/answers.ts';
import { startKioskCore, type KioskCoreHandle } from '../support/kiosk-core.ts';
import { loadStoreKey, openKioskStore } from '../../electron/core/store/index.ts';

let core: KioskCoreHandle;
const PERSON = { name: '陈子演', idNumber: '110105200103159997', address: '北京市朝阳区演示路1号' };
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Array.from({ length: 2000 }, (_, i) => i % 251), 0xff, 0xd9]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Array.from({ length: 500 }, (_, i) => i % 13)]);
const HOSTILE = `<script>alert(1)</script>'; DROP TABLE applications; -- 😀 ${'欠薪'.repeat(4960)}`;

/** A migrant worker's wage claim (第四十二条); the materials are what the core counts, not what is claimed. */
const wageClaim = (facts: string): ApplicationAnswers => sampleWageClaim({ facts, placeCentreCode: null, materials: [] });

const post = (name: string, body: unknown) =>
  core.request(`/api/cmd/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

const liftCard = async () => {
  await core.call('sim.removeCard', {});
  for (let i = 0; i < 200 && (await core.call('device.status', {})).reader.state !== 'ready'; i += 1) await new Promise((r) => setTimeout(r, 25));
};

const startSession = async () => {
  // Lift any card first: the reader only reads a card that arrives.
  await liftCard();
  await core.call('sim.placeCard', { cardId: 'resident-young-man' });
  for (let i = 0; i < 200; i += 1) {
    if ((await core.call('session.get', {})).session) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('no session');
};

/** Every file under a directory, recursively. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });

beforeAll(async () => {
  core = await startKioskCore({ KIOSK_SIM_READ_DELAY_MS: '50', KIOSK_PRINTING: 'directory' });
});
afterAll(async () => {
  await core?.stop();
});

describe('legal-aid application through the core', () => {
  it('submits a wage claim with pages and a signature, prints it, and keeps nothing readable on disk', async () => {
    await startSession();
    const rules = await core.call('legalAid.rules', {});
    expect(rules.pack.version).toMatch(/^cn-national@.+\+44@/);

    const page = await core.call('application.putAttachment', { kind: 'material', materialId: 'labour_evidence', mime: 'image/jpeg', base64: JPEG.toString('base64') });
    expect(page.page).toBe(1);
    await core.call('application.putAttachment', { kind: 'signature', materialId: null, mime: 'image/png', base64: PNG.toString('base64') });

    const submitted = await core.call('application.submit', { answers: wageClaim(HOSTILE) });
    expect(submitted.receipt.localNumber).toMatch(/^LA\d{8}-\d{4}$/);
    expect(submitted.receipt.statusUrl).not.toContain(PERSON.idNumber);
    expect(submitted.receipt.qrSvg).toMatch(/^<svg/);
    // The migrant worker's proof was not photographed: listed at once (一次性告知).
    expect(submitted.receipt.missingMaterials).toEqual(['进城务工的证明']);

    const printed = await core.call('application.print', { applicationId: submitted.applicationId });
    expect(printed.results.map((r) => [r.document, r.outcome])).toEqual([
      ['receipt', 'completed'],
      ['form', 'completed'],
    ]);
    const pdfs = readdirSync(join(core.dataDir, 'printed')).filter((f) => f.endsWith('.pdf'));
    expect(pdfs).toHaveLength(2);
    for (const pdf of pdfs) expect(readFileSync(join(core.dataDir, 'printed', pdf)).subarray(0, 5).toString()).toBe('%PDF-');

    // A different session may not print it (it is someone else's application).
    await core.call('session.end', { reason: 'user' });
    const foreign = await post('application.print', { applicationId: submitted.applicationId });
    expect(foreign.status).toBe(409);

    // Byte search of the database, its WAL and the attachment files for the person's data.
    const stored = filesUnder(core.dataDir).filter((f) => /kiosk\.db|attachments/.test(f));
    expect(stored.length).toBeGreaterThan(1);
    for (const file of stored) {
      const bytes = readFileSync(file);
      for (const secret of [PERSON.name, PERSON.idNumber, PERSON.address, '某某建筑劳务有限公司']) {
        expect(bytes.includes(Buffer.from(secret, 'utf8')), `${secret} in ${file}`).toBe(false);
        expect(bytes.includes(Buffer.from(secret, 'utf16le')), `${secret} (UTF-16) in ${file}`).toBe(false);
      }
    }
    const log = core.logLines.join('\n');
    expect(log).not.toContain(PERSON.name);
    expect(log).not.toContain(PERSON.idNumber);
    expect(log).not.toContain('DROP TABLE');
  });

  it('refuses hostile input with a clear 4xx and stores nothing', async () => {
    await core.call('session.end', { reason: 'user' });
    expect((await post('application.submit', { answers: wageClaim('x') })).status).toBe(409); // nobody there
    await startSession();
    // A "PNG" that is not one, a JPEG for an unknown material, a path trick as the material id.
    expect((await post('application.putAttachment', { kind: 'signature', materialId: null, mime: 'image/png', base64: JPEG.toString('base64') })).status).toBe(400);
    expect((await post('application.putAttachment', { kind: 'material', materialId: 'no_such_thing', mime: 'image/jpeg', base64: JPEG.toString('base64') })).status).toBe(400);
    expect((await post('application.putAttachment', { kind: 'material', materialId: '../../etc/passwd', mime: 'image/jpeg', base64: JPEG.toString('base64') })).status).toBe(400);
    // A body over the command's limit is refused before it is parsed.
    const huge = await post('session.activity', { pad: 'x'.repeat(64 * 1024) });
    expect(huge.status).toBe(413);
    // Answers that do not fit the pack, or the touch signature that was never given.
    expect((await post('application.submit', { answers: { ...wageClaim('x'), matterId: 'no_such_matter' } })).status).toBe(400);
    expect((await post('application.submit', { answers: wageClaim('x') })).status).toBe(400);
    // An SQL-looking phone number is not a phone number.
    expect((await post('application.submit', { answers: { ...wageClaim('x'), phone: "1' OR '1'='1" } })).status).toBe(400);
    const technician = await core.call('technician.unlock', { pin: '2468' });
    const printing = await core.call('technician.printing', { token: technician.token });
    expect(printing.recent).toHaveLength(1);
    expect(JSON.stringify(printing)).not.toContain(PERSON.name);
    await core.call('technician.lock', { token: technician.token });
  });

  it('on behalf (第四十条): the applicant from their own card, the agent from theirs, with the relationship', async () => {
    await core.call('session.end', { reason: 'user' });
    await startSession();
    await core.call('session.expectApplicantCard', { expect: true });
    await liftCard();
    await core.call('sim.placeCard', { cardId: 'resident-elderly-woman' });
    for (let i = 0; i < 200 && !(await core.call('session.get', {})).session?.applicant; i += 1) await new Promise((r) => setTimeout(r, 25));
    const { session } = await core.call('session.get', {});
    expect(session?.citizen.name).toBe(PERSON.name);
    expect(session?.applicant?.maskedIdNumber).toBe('330106********9988');

    const answers: ApplicationAnswers = {
      ...wageClaim('母亲的赡养费，子女都不给。'),
      onBehalf: { relationship: 'close_relative', note: '' },
      matterId: 'maintenance',
      branch: 'statement',
      statusId: null,
      groups: ['elderly', 'woman'],
      aidForm: 'civil_litigation',
      household: { members: 1, monthlyIncome: 800, property: '' },
      pledge: { accepted: true, readAloud: true },
      signature: { method: 'paper' },
    };
    const submitted = await core.call('application.submit', { answers });

    // Read back what was stored, with the kiosk's key, as the upload will.
    const key = loadStoreKey(join(core.dataDir, 'keys', 'store.key'));
    if (!key.ok) throw new Error(key.error.code);
    const store = openKioskStore({ dbFile: join(core.dataDir, 'kiosk.db'), attachmentsDir: join(core.dataDir, 'attachments'), key: key.value, now: Date.now });
    if (!store.ok) throw new Error(store.error.code);
    const record = store.value.getApplication(submitted.applicationId)?.payload as Record<string, { name?: string; relationship?: string } | null> & { answers: ApplicationAnswers; configVersion: string };
    store.value.close();
    expect(record.applicant?.name).toBe('王秀示');
    expect(record.agent?.name).toBe(PERSON.name);
    expect(record.answers.onBehalf?.relationship).toBe('close_relative');
    expect(record.configVersion).toMatch(/\+44@/);
  });
});
