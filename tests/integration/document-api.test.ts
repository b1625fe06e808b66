/**
 * The documents.* commands of a real core process on loopback: nothing without a card, hostile and
 * oversized answers refused with a code (never echoed), the citizen's block from the card with the
 * ID number masked on screen, and nothing personal in the core's log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKioskCore, type KioskCoreHandle } from '../support/kiosk-core.ts';

const CARD = { id: 'resident-elderly-woman', name: '王秀示', idNumber: '330106194806209988', address: '浙江省杭州市西湖区示例街道样本巷8号' };
const answers = {
  court: '杭州市西湖区人民法院',
  'defendant.name': '李示例',
  'defendant.sex': 'male',
  'defendant.address': '杭州市上城区示范路2号',
  relation: 'son',
  monthly: '800',
  medical: 'yes',
  facts: '被告两年未给生活费。',
};

let core: KioskCoreHandle;

const raw = async (name: string, body: unknown) => {
  const response = await core.request(`/api/cmd/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as { ok: boolean; value?: unknown; error?: { code: string; message: string } } };
};

beforeAll(async () => {
  core = await startKioskCore({ KIOSK_SIM_READ_DELAY_MS: '50' });
}, 60_000);

afterAll(async () => {
  await core?.stop();
});

const readCard = async () => {
  await core.call('sim.placeCard', { cardId: CARD.id });
  await expect.poll(async () => (await core.call('session.get', {})).session?.citizen.name, { timeout: 10_000 }).toBe(CARD.name);
};

describe('documents.* on a real core', () => {
  it('lists the six templates without a card, but drafts nothing without one', async () => {
    await core.call('session.end', { reason: 'user' });
    const { templates } = await core.call('documents.templates', {});
    expect(templates.map((t) => t.id)).toEqual(['civil-complaint-wages', 'labour-arbitration', 'civil-complaint-elderly-support', 'civil-complaint-child-support', 'civil-complaint-personal-injury', 'power-of-attorney']);
    const preview = await raw('documents.preview', { templateId: 'civil-complaint-elderly-support', answers });
    expect(preview.body).toMatchObject({ ok: false, error: { code: 'no_session' } });
  });

  it('previews the 赡养费 complaint with the card holder as 原告 (address from the card, ID number masked)', async () => {
    await readCard();
    const preview = await core.call('documents.preview', { templateId: 'civil-complaint-elderly-support', answers });
    expect(preview.issues).toEqual([]);
    expect(preview.text).toContain(`原告：${CARD.name}，女，汉族，1948年6月20日出生，住${CARD.address}`);
    expect(preview.text).toContain('1.判令被告自起诉之日起每月向原告支付赡养费人民币800元（大写：捌佰元整）');
    expect(preview.text).not.toContain(CARD.idNumber);
    expect(JSON.stringify(preview)).not.toContain(CARD.idNumber);
  });

  it('answers missing or wrong answers with their keys and problems, not with a document', async () => {
    const preview = await core.call('documents.preview', { templateId: 'civil-complaint-elderly-support', answers: { ...answers, monthly: '-3', court: '' } });
    expect(preview.document).toBeNull();
    expect(preview.issues).toEqual(expect.arrayContaining([{ key: 'court', problem: 'required' }, { key: 'monthly', problem: 'notMoney' }]));
  });

  it.each([
    ['an unknown template', { templateId: 'no-such-form', answers }],
    ['a path as template id', { templateId: '../../etc/passwd', answers }],
    ['an answer key that is no question', { templateId: 'civil-complaint-wages', answers: { ...answers, '__proto__.x': 'y' } }],
    ['a non-string answer', { templateId: 'civil-complaint-wages', answers: { court: 5 } }],
    ['an answer of 5,000 characters', { templateId: 'civil-complaint-wages', answers: { facts: '欠'.repeat(5000) } }],
    ['extra fields', { templateId: 'civil-complaint-wages', answers, admin: true }],
  ])('refuses %s with invalid_input, echoing nothing', async (_what, body) => {
    const result = await raw('documents.preview', body);
    expect(result.body).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(result.body.error!.message).not.toContain('欠欠');
  });

  it('refuses a body over the limit before reading it', async () => {
    const result = await raw('documents.print', { templateId: 'civil-complaint-wages', answers: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`q${i}`, '欠'.repeat(2900)])) });
    expect(result.status).toBe(413);
    expect(result.body).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('prints nothing for answers that do not pass, and the log never carries the person', async () => {
    const result = await raw('documents.print', { templateId: 'civil-complaint-elderly-support', answers: { ...answers, court: '' } });
    expect(result.body).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const log = core.logLines.join('\n');
    for (const secret of [CARD.name, CARD.idNumber, CARD.address, '李示例', '被告两年未给生活费']) expect(log).not.toContain(secret);
  });
});
