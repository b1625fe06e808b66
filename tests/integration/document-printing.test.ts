/**
 * A drafted 民事起诉状 on paper: the core's drafting service fills the template with a card's data,
 * the A4 template lays it out, headless Chromium makes the PDF and the real CUPS A4 queue prints it.
 * Checked as a person holding the paper would: the text of every section (pdftotext on Chromium's
 * PDF, whose text layer is intact), A4 pages, and the QR codes read back from the pixels give the
 * document's text, without the full ID number.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import wages from '../../resources/documents/civil-complaint-wages.json';
import { DocumentTemplateSchema } from '../../domain/documents/template.ts';
import { joinQrParts } from '../../domain/documents/qr-text.ts';
import type { IdCardData } from '../../domain/idcard/types.ts';
import { DEMO_CARDS } from '../../electron/core/devices/id-card/demo-cards.ts';
import { DocumentDrafting } from '../../electron/core/documents/drafting.ts';
import { renderDraftedDocumentHtml, type DraftedDocumentView } from '../../electron/core/printing/document-template.ts';
import { ChromiumPdfRenderer } from '../../electron/core/printing/pdf-renderer.ts';
import { CupsPrinter } from '../../electron/core/printing/cups-printer.ts';
import { createPrintService, type PrintService } from '../../electron/core/printing/print-service.ts';
import { qrSvg } from '../../electron/core/printing/qr.ts';
import { silentLogger } from '../../electron/core/services/logger.ts';
import { A4_QUEUE, RECEIPT_QUEUE, darkPixelRatio, ensureCups, pdfInfo, waitForNewPdf } from '../support/cups.ts';
import { decodePdfQrCodes } from '../support/qr-codes.ts';

/** The simulator's demo card of a young man: the person whose card the kiosk read. */
const card: IdCardData = DEMO_CARDS.find((c) => c.id === 'resident-young-man')!.data;

const HOSTILE = '<script>document.body.innerHTML=""</script></style><b>粗</b>';
const answers = {
  court: '北京市朝阳区人民法院',
  'defendant.kind': 'organisation',
  'defendant.name': '北京示例建筑劳务有限公司',
  'defendant.code': '91110105MA01XXXX0K',
  'defendant.representative': '赵示例',
  'defendant.address': '北京市朝阳区样本路2号',
  job: '木工',
  startDate: '2025-03-01',
  amount: '32000',
  iouDate: '2026-01-20',
  // Long enough that the text needs several QR codes.
  facts: `${'原告在被告承建的工地从事木工工作，每月工资八千元，被告自2025年9月起未再发放工资。'.repeat(12)}${HOSTILE}`,
  evidence: '1.欠条一份，来源于被告；2.考勤记录；3.证人李示例，住北京市朝阳区样本路3号。',
};

const dir = mkdtempSync(join(tmpdir(), 'kiosk-documents-'));
let renderer: ChromiumPdfRenderer;
let view: DraftedDocumentView;
let maskedText: string;

const drafting = (print: (v: DraftedDocumentView) => Promise<'completed'>) =>
  new DocumentDrafting({ templates: [DocumentTemplateSchema.parse(wages)], card: () => card, today: () => '2026-11-23', qrSvg, print, logger: silentLogger });

beforeAll(async () => {
  renderer = new ChromiumPdfRenderer();
  const d = drafting(async (v) => {
    view = v;
    return 'completed';
  });
  const preview = d.preview('civil-complaint-wages', answers);
  if (!preview.ok || preview.value.text === null) throw new Error('preview failed');
  maskedText = preview.value.text;
  expect(await d.print('civil-complaint-wages', answers)).toEqual({ ok: true, value: 'completed' });
});

afterAll(async () => {
  await renderer?.close();
  rmSync(dir, { recursive: true, force: true });
});

const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');

describe('a drafted 民事起诉状 rendered to PDF', () => {
  it('has every section in order, the full ID number on paper, and hostile text printed as typed', async () => {
    const file = join(dir, 'complaint.pdf');
    writeFileSync(file, await renderer.render(await renderDraftedDocumentHtml(view), { kind: 'a4' }));
    const info = await pdfInfo(file);
    expect([Math.round(info.widthMm), Math.round(info.heightMm)]).toEqual([210, 297]);
    const text = pdfText(file);
    const parts = ['民事起诉状', '（追索劳动报酬纠纷）', '原告：陈子演', card.idNumber, '被告：北京示例建筑劳务有限公司', '统一社会信用代码：91110105MA01XXXX0K', '诉讼请求：', '1.判令被告向原告支付拖欠的劳动报酬人民币32,000元（大写：叁万贰仟元整）；', '2.本案诉讼费用由被告承担。', '事实与理由：', '证据和证据来源，证人姓名和住所：', '此致', '北京市朝阳区人民法院', '具状人（签名）：', '二〇二六年十一月二十三日', '附：本诉状副本1份'];
    const at = parts.map((p) => text.indexOf(p));
    parts.forEach((p, i) => expect(at[i], p).toBeGreaterThanOrEqual(0));
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(text).toContain(HOSTILE.replace(/\s+/g, ''));
  });

  it('ends with a page of QR codes that give the whole text back, with the ID number masked', async () => {
    expect(view.qrCodes.length).toBeGreaterThan(1);
    const file = join(dir, 'complaint-qr.pdf');
    writeFileSync(file, await renderer.render(await renderDraftedDocumentHtml(view), { kind: 'a4' }));
    const { pages } = await pdfInfo(file);
    const codes = await decodePdfQrCodes(file, Array.from({ length: pages }, (_, i) => i + 1));
    expect(codes).toHaveLength(view.qrCodes.length);
    const text = joinQrParts(codes);
    expect(text).toBe(maskedText);
    for (const p of ['民事起诉状', '陈子演', '诉讼请求', '事实与理由', '此致']) expect(text).toContain(p);
    expect(text).not.toContain(card.idNumber);
    // The first page, handed to the court, carries no code.
    expect(await decodePdfQrCodes(file, [1])).toEqual([]);
  });
});

describe('a drafted document through the real CUPS A4 queue', () => {
  let service: PrintService;
  beforeAll(() => {
    expect(ensureCups(), 'CUPS setup failed: run `node scripts/setup-cups.mjs` as root').toBe(true);
    service = createPrintService({ renderer, receiptPrinter: new CupsPrinter({ queue: RECEIPT_QUEUE }), a4Printer: new CupsPrinter({ queue: A4_QUEUE }), now: Date.now, jobTimeoutMs: 20_000 });
  });

  it('comes out of KIOSK_A4 as A4 pages with ink, and its QR codes still read back from the printed pixels', async () => {
    const since = Date.now();
    const [result] = await service.print([{ kind: 'document', view }]);
    expect(result).toMatchObject({ kind: 'document', outcome: 'completed' });
    const file = await waitForNewPdf(since, 30_000, result!.jobId!);
    expect(file).toMatch(/document/);
    const info = await pdfInfo(file);
    expect([Math.round(info.widthMm), Math.round(info.heightMm)]).toEqual([210, 297]);
    expect(info.pages).toBeGreaterThanOrEqual(2);
    expect(await darkPixelRatio(file, 1)).toBeGreaterThan(0.01);
    const codes = await decodePdfQrCodes(file, Array.from({ length: info.pages }, (_, i) => i + 1));
    expect(joinQrParts(codes)).toBe(maskedText);
  });
});
