import { afterEach, describe, expect, it } from 'vitest';
import { err, ok } from '../../../domain/result';
import { MockBridge } from '../bridge/mock-bridge';
import type { SessionView, StatusItem } from '../bridge/contract';
import { useStatusStore } from '../stores/status';
import { citizenSession, mountKiosk, settle, type MountedKiosk } from '../testing/mount-kiosk';

let kiosk: MountedKiosk | null = null;
afterEach(() => {
  kiosk?.unmount();
  kiosk = null;
});

const item = (over: Partial<StatusItem> = {}): StatusItem => ({
  key: '440106-2026-000001',
  acceptanceNumber: '440106-2026-000001',
  localNumber: 'LA20261120-0001',
  submittedOn: '2026-11-20',
  state: 'assigned',
  matterLabel: '追索劳动报酬',
  decisionDueOn: null,
  requestedMaterials: [],
  materialsDueOn: null,
  lawyerName: '赵律师',
  ...over,
});

/** A person whose identity step is already done, on the status screen. */
const openStatus = async (bridge: MockBridge) => {
  kiosk = await mountKiosk({ bridge });
  const session: SessionView = {
    ...citizenSession(),
    verification: { method: 'card_only', consent: false, fallbackReason: 'declined', distance: null, threshold: null, liveness: 'not_run', attempts: 0, durationMs: null, at: '2025-03-01T09:01:00.000Z' },
  };
  kiosk.bridge.emit({ type: 'card.read', session });
  await settle();
  await kiosk.click('tile-status');
  await settle();
  return kiosk;
};

describe('status look-up screen', () => {
  it('asks the core for "my status" without sending anything identifying, and shows the lawyer once assigned', async () => {
    const bridge = new MockBridge().handle('status.lookup', () => ok({ centre: 'answered', applications: [item()] }));
    const k = await openStatus(bridge);
    expect(bridge.calls.filter((c) => c.name === 'status.lookup').map((c) => c.input)).toEqual([{}]);
    const card = k.get('status-item-440106-2026-000001');
    expect(card.textContent).toContain('已为您指派律师');
    expect(k.get('status-lawyer').textContent).toContain('赵律师');
    expect(k.find('status-unreachable')).toBeNull();
    // Decided already: no decision date to wait for.
    expect(k.find('status-decision-due')).toBeNull();
  });

  it('reads the materials asked for aloud with their due date (一次性告知), and each card reads itself on request', async () => {
    const asked = item({ state: 'materials_requested', lawyerName: null, decisionDueOn: '2026-11-27', requestedMaterials: ['进城务工的证明', '工资条'], materialsDueOn: '2026-12-05' });
    const older = item({ key: 'LA20261101-0001', acceptanceNumber: null, localNumber: 'LA20261101-0001', submittedOn: '2026-11-01', state: 'refused', lawyerName: null });
    const bridge = new MockBridge().handle('status.lookup', () => ok({ centre: 'answered', applications: [asked, older] }));
    const k = await openStatus(bridge);
    const spoken = () => bridge.calls.filter((c) => c.name === 'voice.render').map((c) => (c.input as { text: string }).text);
    // The screen's own prompt (the home screen before it had its own).
    const arrival = spoken().find((text) => text.startsWith('申请进度查询。'));
    expect(arrival).toContain('查到2份申请');
    expect(arrival).toContain('进城务工的证明；工资条');
    expect(arrival).toContain('补交期限：2026年12月5日前');
    expect(arrival).toContain('4 4 0 1 0 6');
    expect(arrival).not.toContain('决定不给予');
    await k.click('status-read-LA20261101-0001');
    expect(spoken().at(-1)).toContain('法律援助中心决定不给予法律援助');
  });

  it('says honestly when the centre cannot be reached and keeps what the kiosk holds', async () => {
    const uploading = item({ key: 'LA20261123-0002', acceptanceNumber: null, localNumber: 'LA20261123-0002', state: 'uploading', lawyerName: null, decisionDueOn: '2026-11-30' });
    const k = await openStatus(new MockBridge().handle('status.lookup', () => ok({ centre: 'unreachable', applications: [uploading] })));
    expect(k.get('status-unreachable').textContent).toContain('暂时无法连接法律援助中心，请稍后再试，或拨打12348');
    expect(k.get('status-item-LA20261123-0002').textContent).toContain('已在本机提交，正在上传到法律援助中心');
    expect(k.get('status-decision-due').textContent).toContain('2026年11月30日');
  });

  it('a failed look-up is a plain sentence, never a code', async () => {
    const k = await openStatus(new MockBridge().handle('status.lookup', () => err({ code: 'internal', message: 'boom' })));
    expect(k.get('status-failed').textContent).toBe('暂时无法查询。请稍后再试，或拨打12348。');
    expect(k.host.textContent).not.toContain('internal');
  });

  it('a printer problem is said in words; the session ending wipes the answer', async () => {
    const bridge = new MockBridge()
      .handle('status.lookup', () => ok({ centre: 'answered', applications: [item()] }))
      .handle('status.print', () => ok({ results: [{ document: 'status', outcome: 'out_of_paper' }] }));
    const k = await openStatus(bridge);
    await k.click('status-print');
    expect(bridge.calls.filter((c) => c.name === 'status.print').map((c) => c.input)).toEqual([{ key: '440106-2026-000001' }]);
    expect(k.get('status-print-problem').textContent).toContain('打印机暂时无法打印');
    k.bridge.emit({ type: 'session.ended', reason: 'idle' });
    await settle();
    expect(k.find('home')).not.toBeNull();
    expect(k.host.textContent).not.toContain('440106-2026-000001');
    expect(k.app.runWithContext(() => useStatusStore().answer)).toBeNull();
  });
});
