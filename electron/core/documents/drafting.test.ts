import { describe, expect, it, vi } from 'vitest';
import wages from '../../../resources/documents/civil-complaint-wages.json';
import { DocumentTemplateSchema } from '../../../domain/documents/template.ts';
import { joinQrParts } from '../../../domain/documents/qr-text.ts';
import type { IdCardData } from '../../../domain/idcard/types.ts';
import { DEMO_CARDS } from '../devices/id-card/demo-cards.ts';
import { silentLogger } from '../services/logger.ts';
import type { DraftedDocumentView } from '../printing/document-template.ts';
import { DocumentDrafting } from './drafting.ts';

/** The simulator's demo card of a young man: the person whose card the kiosk read. */
const card: IdCardData = DEMO_CARDS.find((c) => c.id === 'resident-young-man')!.data;

const answers = {
  court: '北京市朝阳区人民法院',
  'defendant.kind': 'person',
  'defendant.name': '老板示例',
  'defendant.sex': 'male',
  'defendant.address': '北京市朝阳区样本路2号',
  job: '木工',
  startDate: '2025-03-01',
  amount: '32000',
  facts: '被告拖欠工资。',
};

const make = (opts: { card?: IdCardData | null; print?: (view: DraftedDocumentView) => Promise<'completed'> } = {}) =>
  new DocumentDrafting({
    templates: [DocumentTemplateSchema.parse(wages)],
    card: () => (opts.card === undefined ? card : opts.card),
    today: () => '2026-11-23',
    qrSvg: async (text) => `<svg data-text="${encodeURIComponent(text)}"/>`,
    print: opts.print ?? (async () => 'completed'),
    logger: silentLogger,
  });

describe('document drafting in the core', () => {
  it('previews with the citizen from the card, ID number masked, and the claim for the fee calculator', () => {
    const preview = make().preview('civil-complaint-wages', answers);
    expect(preview.ok).toBe(true);
    if (!preview.ok) return;
    expect(preview.value.issues).toEqual([]);
    expect(preview.value.text).toContain('原告：陈子演，男，汉族，2001年3月15日出生，住北京市朝阳区演示路1号示例小区2号楼301室');
    expect(preview.value.text).not.toContain(card.idNumber);
    expect(preview.value.feeClaimFen).toBe(3_200_000);
    expect(preview.value.qrCodes).toBeGreaterThanOrEqual(1);
  });

  it('answers with the issues instead of a document when an answer does not pass', () => {
    const preview = make().preview('civil-complaint-wages', { ...answers, amount: '-1' });
    expect(preview).toMatchObject({ ok: true, value: { document: null, issues: [{ key: 'amount', problem: 'notMoney' }] } });
  });

  it('prints the full ID number on paper and the masked one in the QR text', async () => {
    const print = vi.fn(async (_view: DraftedDocumentView) => 'completed' as const);
    const printed = await make({ print }).print('civil-complaint-wages', answers);
    expect(printed).toEqual({ ok: true, value: 'completed' });
    const view = print.mock.calls[0]![0];
    expect(view.document.parties[0]!.text).toContain(card.idNumber);
    const qrText = joinQrParts(view.qrCodes.map((svg) => decodeURIComponent(/data-text="([^"]*)"/.exec(svg)![1]!)));
    expect(qrText).toContain('民事起诉状');
    expect(qrText).toContain('陈子演');
    expect(qrText).not.toContain(card.idNumber);
    expect(qrText).toContain(card.idNumber.slice(0, 4));
  });

  it('refuses without a session, for an unknown template, and for answers that do not pass', async () => {
    expect(make({ card: null }).preview('civil-complaint-wages', answers)).toEqual({ ok: false, error: 'no_session' });
    expect(make().preview('../../etc/passwd', answers)).toEqual({ ok: false, error: 'unknown_template' });
    expect(await make().print('civil-complaint-wages', { ...answers, court: '' })).toEqual({ ok: false, error: 'invalid_answers' });
  });
});
