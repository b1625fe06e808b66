import { describe, expect, it } from 'vitest';
import { nationalPack } from '../../../domain/legal-aid/testing/packs.ts';
import { err, ok } from '../../../domain/result.ts';
import type { CitizenStatus } from '../../../domain/centre/console-api.ts';
import type { KioskEvent } from '../api/contract.ts';
import type { PersonApplication } from '../store/kiosk-store.ts';
import { silentLogger } from './logger.ts';
import { mergeStatuses, StatusLookupService, UNKNOWN_MATERIAL_LABEL, type StatusCentre } from './status-lookup.ts';
import { statusSlipView } from './status-lookup-printing.ts';

const ID = '110105199001011234';
const pack = nationalPack();

const atCentre = (over: Partial<CitizenStatus> = {}): CitizenStatus => ({
  acceptanceNumber: 'FY2026-000123',
  localNumber: 'LA20261120-0001',
  receivedOn: '2026-11-20',
  status: 'received',
  matterId: 'labour_pay',
  decisionDueOn: '2026-11-27',
  requestedMaterials: null,
  materialsDueOn: null,
  lawyerName: null,
  updatedAt: '2026-11-20T10:00:00+08:00',
  ...over,
});

const onKiosk = (over: Partial<PersonApplication> = {}): PersonApplication => ({
  applicationId: '6f1c1b1e-0000-4000-8000-000000000001',
  localNumber: 'LA20261123-0002',
  submittedAt: '2026-11-23T09:30:00+08:00',
  matterId: 'work_injury',
  decisionDueBy: '2026-11-30',
  uploadedAt: null,
  acceptanceNumber: null,
  ...over,
});

/** A session holder and an event hub in memory, like the core's. */
const setup = (centre: StatusCentre | null, local: PersonApplication[] = []) => {
  let session: { id: string; idNumber: string; verified: boolean } | null = { id: 's1', idNumber: ID, verified: true };
  const listeners = new Set<(event: KioskEvent) => void>();
  const asked: string[] = [];
  const service = new StatusLookupService({
    session: () => session,
    subscribe: (listener) => (listeners.add(listener), () => listeners.delete(listener)),
    centre: centre && { lookup: (idNumber) => (asked.push(idNumber), centre.lookup(idNumber)) },
    localApplications: (idNumber) => (idNumber === ID ? local : []),
    pack,
    logger: silentLogger,
  });
  return {
    service,
    asked,
    setSession: (next: typeof session) => (session = next),
    endSession: () => {
      session = null;
      for (const l of listeners) l({ type: 'session.ended', reason: 'idle' });
    },
  };
};

describe('status look-up', () => {
  it("asks the centre with the session's ID number and shows its answer in words", async () => {
    const { service, asked } = setup({
      lookup: async () => ok([atCentre({ status: 'materials_requested', requestedMaterials: ['labour_evidence', 'no_such_thing'], materialsDueOn: '2026-12-05' })]),
    });
    const answer = await service.lookup();
    expect(asked).toEqual([ID]);
    expect(answer.ok && answer.value.centre).toBe('answered');
    const [item] = answer.ok ? answer.value.applications : [];
    expect(item).toMatchObject({
      key: 'FY2026-000123',
      acceptanceNumber: 'FY2026-000123',
      state: 'materials_requested',
      requestedMaterials: ['劳动关系和欠薪的证据', UNKNOWN_MATERIAL_LABEL],
      materialsDueOn: '2026-12-05',
    });
    expect(item?.matterLabel).not.toBe('labour_pay');
  });

  it('adds what this kiosk has not uploaded yet, and keeps the local list when the centre is down', async () => {
    const uploaded = onKiosk({ localNumber: 'LA20261120-0001', submittedAt: '2026-11-20T09:00:00+08:00', uploadedAt: '2026-11-20T09:01:00+08:00', acceptanceNumber: 'FY2026-000123' });
    const pending = onKiosk();
    const up = setup({ lookup: async () => ok([atCentre()]) }, [pending, uploaded]);
    const answered = await up.service.lookup();
    expect(answered.ok && answered.value.applications.map((a) => [a.key, a.state])).toEqual([
      ['LA20261123-0002', 'uploading'],
      ['FY2026-000123', 'received'],
    ]);

    const down = setup({ lookup: async () => err({ code: 'network' }) }, [pending, uploaded]);
    const local = await down.service.lookup();
    expect(local.ok && local.value.centre).toBe('unreachable');
    expect(local.ok && local.value.applications.map((a) => [a.key, a.state])).toEqual([
      ['LA20261123-0002', 'uploading'],
      ['FY2026-000123', 'sent'],
    ]);

    const notEnrolled = setup(null, [pending]);
    const answer = await notEnrolled.service.lookup();
    expect(answer.ok && answer.value.centre).toBe('not_enrolled');
    expect(answer.ok && answer.value.applications).toHaveLength(1);
  });

  it('a committed application whose answer was not stored yet is shown once, as the centre has it', () => {
    const items = mergeStatuses([atCentre({ localNumber: 'LA20261123-0002', receivedOn: '2026-11-23' })], [onKiosk()], pack);
    expect(items.map((i) => i.key)).toEqual(['FY2026-000123']);
  });

  it('answers nothing before the identity check or without a session', async () => {
    const { service, asked, setSession } = setup({ lookup: async () => ok([atCentre()]) });
    setSession({ id: 's1', idNumber: ID, verified: false });
    expect((await service.lookup()).ok).toBe(false);
    setSession(null);
    expect((await service.lookup()).ok).toBe(false);
    expect(asked).toEqual([]);
  });

  it('forgets the answer when the session ends (nothing left to print)', async () => {
    const { service, endSession, setSession } = setup({ lookup: async () => ok([atCentre()]) });
    await service.lookup();
    expect(service.item('FY2026-000123')?.acceptanceNumber).toBe('FY2026-000123');
    expect(service.item('FY2026-999999')).toBeNull();
    endSession();
    setSession({ id: 's2', idNumber: ID, verified: true });
    expect(service.item('FY2026-000123')).toBeNull();
  });

  it('answers nothing about a person whose session ended while the centre was asked', async () => {
    let release: () => void = () => undefined;
    const { service, endSession } = setup({ lookup: () => new Promise((resolve) => (release = () => resolve(ok([atCentre()])))) });
    const pending = service.lookup();
    endSession();
    release();
    expect((await pending).ok).toBe(false);
  });
});

describe('status slip', () => {
  it('carries the acceptance number, the status in words and the requested materials, never an ID number', () => {
    const [item] = mergeStatuses([atCentre({ status: 'materials_requested', requestedMaterials: ['labour_evidence'], materialsDueOn: '2026-12-05', lawyerName: null })], [], pack);
    const view = statusSlipView(item!, '天河区法律服务站', '2026-11-23T10:15:00+08:00');
    expect(view.number).toEqual({ label: '受理编号', value: 'FY2026-000123' });
    expect(view.status.what).toContain('补交材料');
    expect(view.materials).toEqual({ label: '请补交以下材料', items: ['劳动关系和欠薪的证据'], due: '补交期限：2026年12月5日前（请一次交齐）' });
    expect(view.decisionDue?.value).toBe('2026年11月27日前');
    expect(view.printedAt).toBe('打印时间：2026年11月23日 10:15');
    expect(JSON.stringify(view)).not.toContain(ID);
  });

  it('uses the local number while the application is still uploading, and names the lawyer once assigned', () => {
    const [uploading] = mergeStatuses([], [onKiosk()], pack);
    expect(statusSlipView(uploading!, '站', '2026-11-23T10:15:00+08:00').number).toEqual({ label: '申请编号', value: 'LA20261123-0002' });
    const [assigned] = mergeStatuses([atCentre({ status: 'assigned', decisionDueOn: null, lawyerName: '李律师' })], [], pack);
    const view = statusSlipView(assigned!, '站', '2026-11-23T10:15:00+08:00');
    expect(view.rows).toContainEqual({ label: '承办律师', value: '李律师' });
    expect(view.decisionDue).toBeNull();
  });
});
