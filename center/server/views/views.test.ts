import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CitizenStatus } from '../../../domain/centre/console-api.ts';
import { sampleCitizenStatus } from '../../../domain/centre/testing.ts';
import { chineseDate } from './html-page.ts';
import { renderRefusalLetter } from './refusal-letter.ts';
import { renderStatusNotFoundPage, renderStatusPage, type StatusPageView } from './status-page.ts';

const HOSTILE = '</style><script>alert("x")</script><img src=x onerror=alert(1)>';

/** The policy must allow exactly the inline style sheet the page carries, by its hash. */
const expectCspMatchesStyle = (page: { html: string; csp: string }) => {
  const style = /<style>([\s\S]*?)<\/style>/.exec(page.html)?.[1] ?? '';
  const hash = createHash('sha256').update(style, 'utf8').digest('base64');
  expect(page.csp).toContain(`style-src 'sha256-${hash}'`);
  expect(page.csp).toContain("default-src 'none'");
  expect(page.csp).not.toMatch(/unsafe-inline|script-src/);
  expect(page.csp).toContain("frame-ancestors 'none'");
  // The meta copy holds the same policy but frame-ancestors, which browsers ignore there.
  expect(page.html).toContain(`content="${page.csp.replace("; frame-ancestors 'none'", '').replaceAll("'", '&#39;')}"`);
};

const status = (changes: Partial<CitizenStatus> = {}): CitizenStatus => sampleCitizenStatus({ localNumber: 'LA20261123-0007', ...changes });
const view = (changes: Partial<CitizenStatus> = {}, extra: Partial<StatusPageView> = {}): StatusPageView => ({
  status: status(changes),
  matterLabel: '被拖欠工资',
  materialLabels: [],
  assignmentDueOn: null,
  ...extra,
});

describe('the public status page', () => {
  it('says in plain words where the application is and what happens next', async () => {
    const received = await renderStatusPage(view());
    expect(received.html).toContain('已收到您的申请，正在审查');
    expect(received.html).toContain('决定期限：2026年11月30日');
    expect(received.html).toContain('name="viewport"');
    expect(received.html).toContain('lang="zh-CN"');
    expectCspMatchesStyle(received);

    const materials = await renderStatusPage(
      view({ status: 'materials_requested', decisionDueOn: null, materialsDueOn: '2026-12-08' }, { materialLabels: ['劳动合同', '工资条'] }),
    );
    expect(materials.html).toContain('<li>劳动合同</li><li>工资条</li>');
    expect(materials.html).toContain('2026年12月8日');
    expect((await renderStatusPage(view({ status: 'granted' }, { assignmentDueOn: '2026-11-26' }))).html).toContain('指派律师期限：2026年11月26日');
    expect((await renderStatusPage(view({ status: 'withdrawn' }))).html).toContain('这份申请已经撤回');
    expect((await renderStatusPage(view({ status: 'refused' }))).html).toContain('司法行政部门');
  });

  it('escapes every value (a lawyer name or label can never become markup)', async () => {
    const page = await renderStatusPage(view({ status: 'assigned', lawyerName: HOSTILE }, { matterLabel: HOSTILE }));
    expect(page.html).not.toContain('<script>');
    expect(page.html).not.toContain('<img');
    expect(page.html).toContain('&lt;script&gt;');
  });

  it('has a kind not-found page that points to 12348', async () => {
    const page = await renderStatusNotFoundPage();
    expect(page.html).toContain('还没有传到法律援助中心');
    expect(page.html).toContain('12348');
    expectCspMatchesStyle(page);
  });
});

describe('the refusal letter', () => {
  it('is an A4 letter with the reasons as text and the right to object within 5 days', async () => {
    const letter = await renderRefusalLetter({
      acceptanceNumber: '440106-2026-000001',
      applicantName: `李四${HOSTILE}`,
      matterLabel: '请求支付劳动报酬',
      receivedOn: '2026-11-23',
      reasons: `第一，${HOSTILE}\n第二，收入超过标准`,
      centreName: '广州市法律援助处',
      decidedOn: '2026-11-25',
    });
    expect(letter.html).toContain('不予法律援助决定书');
    expect(letter.html).toContain('@page { size: A4 portrait');
    expect(letter.html).not.toContain('name="viewport"');
    expect(letter.html).not.toContain('<script>');
    expect(letter.html).toContain('第二，收入超过标准');
    expect(letter.html).toContain('2026年11月23日向本中心申请法律援助');
    expect(letter.html).toContain('第四十九条');
    expect(letter.html).toContain('广州市法律援助处（盖章）');
    expect(letter.html).toContain('2026年11月25日');
    expectCspMatchesStyle(letter);
  });
});

describe('chineseDate', () => {
  it('writes ISO dates the way letters do, without leading zeros', () => {
    expect(chineseDate('2026-01-05')).toBe('2026年1月5日');
  });
});
