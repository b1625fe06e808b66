import { randomBytes } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import { openKioskStore, type KioskStore } from './kiosk-store.ts';
import { makeStoreDir, sampleInput, samplePerson } from './testing.ts';

/** 2026-11-23 10:00 in Beijing. */
const T0 = Date.UTC(2026, 10, 23, 2, 0, 0);
const open: KioskStore[] = [];
afterEach(() => open.splice(0).forEach((s) => s.close()));

const store = (clock: { t: number }) => {
  const opened = openKioskStore({ ...makeStoreDir(), key: randomBytes(32), now: () => clock.t });
  if (!opened.ok) throw new Error(opened.error.code);
  open.push(opened.value);
  return opened.value;
};

const forPerson = (idNumber: string) =>
  sampleInput({ buildPayload: (issued) => ({ ...issued, applicant: { ...samplePerson, idNumber } }) });

it("finds one person's applications by the applicant's ID number, with the acceptance number once uploaded; purged ones are gone", () => {
  const clock = { t: T0 };
  const s = store(clock);
  const first = s.submitApplication(forPerson(samplePerson.idNumber));
  s.submitApplication(forPerson('440106198502023456'));
  clock.t += 60_000;
  const second = s.submitApplication(forPerson(samplePerson.idNumber));
  if (!first.ok || !second.ok) throw new Error('submit failed');
  s.markOutboxDone(first.value.applicationId, 'FY2026-000001');

  const mine = s.applicationsOf(samplePerson.idNumber);
  expect(mine.map((a) => [a.localNumber, a.acceptanceNumber, a.uploadedAt !== null])).toEqual([
    [second.value.localNumber, null, false],
    [first.value.localNumber, 'FY2026-000001', true],
  ]);
  expect(mine[0]).toMatchObject({ matterId: 'wage_arrears', decisionDueBy: '2026-12-01' });
  expect(s.listRecent(5).find((r) => r.applicationId === first.value.applicationId)?.acceptanceNumber).toBe('FY2026-000001');
  expect(s.applicationsOf('000000000000000000')).toEqual([]);

  clock.t += 40 * 86_400_000;
  s.purgeExpired(30);
  expect(s.applicationsOf(samplePerson.idNumber).map((a) => a.localNumber)).toEqual([second.value.localNumber]);
});
