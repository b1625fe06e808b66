/**
 * The centre's staff console end to end: a real centre on loopback (SQLite file, the Vite-built
 * console served at /console/), applications committed by a signed test kiosk, Debian Chromium.
 *
 * One centre for the file; the tests run in order because each continues the story of the one
 * before (reviewed → granted → the lawyer sees it). Every test signs in on a fresh browser context.
 */
import type { Page } from '@playwright/test';
import { addDays } from '../../domain/legal-aid/index.ts';
import { applicant, sampleRecord, statementClaim, wageClaim } from '../../domain/legal-aid/testing/answers.ts';
import { CONSOLE_API, CaseDetailSchema } from '../../domain/centre/console-api.ts';
import type { HeartbeatRequest } from '../../domain/centre/protocol.ts';
import { chinaDateOf } from '../../center/server/services/case-clocks.ts';
import { DEFAULT_RULE_PACKS_DIR, loadRulePacks } from '../../center/server/services/rule-packs.ts';
import {
  ADMIN_PASSWORD,
  ADMIN_USERNAME,
  createTestAccount,
  enrolKiosk,
  loginAs,
  startTestCentre,
  type TestAccount,
  type TestCentre,
  type TestKiosk,
} from '../../center/server/testing/harness.ts';
import { commitApplication, renderImage, requireConsoleBuild, sendHeartbeat } from '../support/centre-console.ts';
import { expectNoSeriousAxeViolations } from './audit.ts';
import { expect, test } from './fixtures.ts';

test.describe.configure({ mode: 'serial' });

const HOSTILE_FACTS = '<img src=x onerror="window.__pwned=1">';
const HOSTILE_PARTY = '<script>window.__pwned=1</script>';

let centre: TestCentre;
let kiosk: TestKiosk;
let staff: TestAccount;
let lawyer: TestAccount;
let technician: TestAccount;
const numbers = { wage: '', urgent: '', hostile: '', contested: '' };
let contestedId = '';

/** A healthy kiosk's heartbeat, with the given parts changed. */
const health = (changes: Partial<HeartbeatRequest> = {}): HeartbeatRequest => ({
  version: '0.1.0-e2e',
  uptimeSeconds: 3600,
  reader: 'ready',
  printers: { receipt: 'ready', a4: 'ready' },
  diskFreeBytes: 50_000_000_000,
  outbox: { pending: 0, oldestCreatedAt: null },
  ...changes,
});

test.beforeAll(async ({ browser }) => {
  requireConsoleBuild();
  centre = await startTestCentre();
  staff = await createTestAccount(centre, { role: 'staff', username: 'reviewer', displayName: '王审查' });
  lawyer = await createTestAccount(centre, { role: 'lawyer', username: 'lawyer.zhao', displayName: '赵律师' });
  await createTestAccount(centre, { role: 'lawyer', username: 'lawyer.qian', displayName: '钱律师' });
  technician = await createTestAccount(centre, { role: 'technician', username: 'tech.sun', displayName: '孙运维' });
  kiosk = await enrolKiosk(centre.baseUrl);

  const evidence1 = await renderImage(browser, '工资条 第1页');
  const evidence2 = await renderImage(browser, '考勤记录 第2页');
  const signature = await renderImage(browser, '李四', 'image/png');
  const today = chinaDateOf(Date.now());

  // A wage claim with its evidence photographed and the migrant-worker proof still missing.
  numbers.wage = (
    await commitApplication(
      centre.baseUrl,
      kiosk,
      sampleRecord({
        localNumber: 'LA-E2E-0001',
        shortCode: 'E2E001',
        answers: wageClaim({ materials: [{ materialId: 'labour_evidence', pages: 2 }] }),
        missingMaterialIds: ['proof_migrant_worker'],
      }),
      [
        { kind: 'material', materialId: 'labour_evidence', page: 1, image: evidence1 },
        { kind: 'material', materialId: 'labour_evidence', page: 2, image: evidence2 },
        { kind: 'signature', materialId: null, page: 1, image: signature },
      ],
    )
  ).acceptanceNumber;
  // Urgent (第四十四条): a limitation period runs out in three days.
  numbers.urgent = (
    await commitApplication(
      centre.baseUrl,
      kiosk,
      sampleRecord({
        localNumber: 'LA-E2E-0002',
        shortCode: 'E2E002',
        applicant: { ...applicant, name: '张三' },
        answers: wageClaim({ urgent: { deadline: addDays(today, 3), reason: 'limitation' } }),
      }),
      [],
    )
  ).acceptanceNumber;
  // Hostile text in the facts and the opposing party; received long ago, so its 7 days have run out
  // (the case's due date moved back in the centre's database, as if the days had passed).
  const hostile = await commitApplication(
    centre.baseUrl,
    kiosk,
    sampleRecord({
      localNumber: 'LA-E2E-0003',
      shortCode: 'E2E003',
      applicant: { ...applicant, name: '王五' },
      answers: wageClaim({ facts: HOSTILE_FACTS, opposingParty: { kind: 'person', name: HOSTILE_PARTY } }),
    }),
    [],
  );
  numbers.hostile = hostile.acceptanceNumber;
  await centre.db.updateTable('cases').set({ decision_due_on: addDays(today, -3) }).where('application_id', '=', hostile.applicationId).execute();
  // By statement (第四十一条, with the pledge read aloud); decided by a colleague while a reviewer
  // has it open (the stale-version test).
  const contested = await commitApplication(
    centre.baseUrl,
    kiosk,
    sampleRecord({ localNumber: 'LA-E2E-0004', shortCode: 'E2E004', applicant: { ...applicant, name: '赵六' }, answers: statementClaim() }),
    [],
  );
  numbers.contested = contested.acceptanceNumber;
  contestedId = contested.applicationId;

  // The kiosk reports in: receipt printer out of paper, two applications waiting to upload.
  const beat = await sendHeartbeat(
    centre.baseUrl,
    kiosk,
    health({ printers: { receipt: 'out_of_paper', a4: 'ready' }, outbox: { pending: 2, oldestCreatedAt: new Date(Date.now() - 5 * 60_000).toISOString() } }),
  );
  expect(beat.status).toBe(200);
});

test.afterAll(async () => {
  await centre?.close();
});

const signIn = async (page: Page, account: TestAccount) => {
  await page.goto(`${centre.baseUrl}/console/`);
  await expect(page.getByRole('heading', { name: '登录工作台' })).toBeVisible();
  await page.getByLabel('用户名').fill(account.username);
  await page.getByLabel('密码').fill(account.password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByTestId('signed-in-as')).toContainText(account.displayName);
};

/** The words the centre's own rule pack has for a material of the sample application. */
const materialLabel = (id: string) => loadRulePacks(DEFAULT_RULE_PACKS_DIR).packFor(sampleRecord()).materials.find((m) => m.id === id)?.label ?? id;

const row = (page: Page, acceptanceNumber: string) => page.locator(`[data-testid=application-row][data-number="${acceptanceNumber}"]`);

const openApplication = async (page: Page, acceptanceNumber: string) => {
  await page.getByRole('link', { name: acceptanceNumber }).click();
  await expect(page.getByTestId('detail-title')).toContainText(acceptanceNumber);
};

test('a wrong password gets one generic answer; the login page passes axe', async ({ page }) => {
  await page.goto(`${centre.baseUrl}/console/`);
  await expect(page.getByRole('heading', { name: '登录工作台' })).toBeVisible();
  await expectNoSeriousAxeViolations(page, 'console login');
  await page.getByLabel('用户名').fill(staff.username);
  await page.getByLabel('密码').fill('not-the-password');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByTestId('login-error')).toHaveText(/用户名或密码不正确/);
  await expect(page.getByTestId('signed-in-as')).toHaveCount(0);
});

test('staff sees the applications with the urgent one first and the running clocks', async ({ page }) => {
  await signIn(page, staff);
  await expect(page.getByRole('heading', { name: '申请列表' })).toBeVisible();
  const rows = page.getByTestId('application-row');
  await expect(rows).toHaveCount(4);
  await expect(rows.first()).toHaveAttribute('data-number', numbers.urgent);
  await expect(rows.first().getByTestId('urgent-badge')).toHaveText(/加急 · \d{4}-\d{2}-\d{2}前/);
  await expect(rows.first()).toContainText('张三');
  // Then the clock that runs out first: the overdue one, in red.
  await expect(rows.nth(1)).toHaveAttribute('data-number', numbers.hostile);
  const overdue = rows.nth(1).getByTestId('clock');
  await expect(overdue).toHaveText('已超期 3 天');
  await expect(overdue).toHaveCSS('color', 'rgb(163, 38, 28)');
  // Seven days to decide, counted from today: the clock reads in days left.
  await expect(row(page, numbers.wage).getByTestId('clock')).toHaveText(/还剩 \d+ 天/);
  await expect(row(page, numbers.wage).getByTestId('clock')).toHaveAttribute('data-tone', 'calm');
  await expect(row(page, numbers.wage)).toContainText('测试服务站');
  await expect(row(page, numbers.wage)).toContainText('支付劳动报酬');
  await expect(page.getByTestId('tab-received')).toHaveText('待审查（4）');

  await page.getByTestId('number-search').fill(numbers.hostile);
  await page.getByRole('button', { name: '查找' }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-number', numbers.hostile);
  await page.getByRole('button', { name: '清除' }).click();
  await expect(rows).toHaveCount(4);
  await expectNoSeriousAxeViolations(page, 'console application list');
});

test('staff reviews an application: answers, pictures, one-time request, materials received, grant with a lawyer', async ({ page }) => {
  await signIn(page, staff);
  await openApplication(page, numbers.wage);

  // What the applicant said, the photographed pages (really decoded) and the signature.
  await expect(page.getByTestId('answers-section').filter({ hasText: '申请人' }).first()).toContainText('李四');
  await expect(page.getByText('在工地干了八个月，老板欠我工资三万二千元，一直不给。')).toBeVisible();
  const group = page.locator('[data-testid=material-group][data-material=labour_evidence]');
  const evidence = materialLabel('labour_evidence');
  await expect(group.getByRole('heading')).toHaveText(evidence);
  const images = group.getByTestId('material-image');
  await expect(images).toHaveCount(2);
  await expect.poll(() => images.first().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  await expect(group).toContainText('第 2 页');
  await expect.poll(() => page.getByTestId('signature-image').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  await group.getByRole('button', { name: `放大查看 ${evidence} 第 1 页` }).click();
  const viewer = page.getByTestId('image-viewer');
  await expect(viewer).toBeVisible();
  await viewer.getByRole('button', { name: '关闭' }).click();
  await expect(viewer).toBeHidden();
  await expectNoSeriousAxeViolations(page, 'console application detail');

  // 一次性告知: the material missing at submission is already ticked.
  await page.getByTestId('action-request-materials').click();
  const request = page.getByTestId('dialog-request-materials');
  await expect(request.locator('input[data-material=proof_migrant_worker]')).toBeChecked();
  await expect(request.locator('input[data-material=labour_evidence]')).not.toBeChecked();
  await expectNoSeriousAxeViolations(page, 'console request-materials dialog');
  await request.getByTestId('materials-note').fill('请补充农民工身份证明，如工地出具的务工证明。');
  await request.getByTestId('materials-days').fill('2');
  await request.getByRole('button', { name: '发出告知' }).click();
  await expect(request).toBeHidden();
  await expect(page.getByTestId('detail-status')).toHaveText('待补充材料');
  await expect(page.getByTestId('requested-materials')).toContainText(materialLabel('proof_migrant_worker'));
  // Two days left is amber: the reviewer sees at a glance that it is close.
  const clock = page.getByTestId('clock');
  await expect(clock).toHaveText(/还剩 2 天/);
  await expect(clock).toHaveAttribute('data-tone', 'soon');
  await expect(clock).toHaveCSS('background-color', 'rgb(255, 241, 207)');
  await expect(page.getByTestId('action-withdraw')).toBeDisabled();
  await expect(page.locator('[data-testid=history-entry][data-action="case.materials_requested"]')).toContainText('王审查');

  await page.getByTestId('action-materials-received').click();
  await page.getByTestId('dialog-materials-received').getByRole('button', { name: '确认' }).click();
  await expect(page.getByTestId('detail-status')).toHaveText('待审查');
  // The one-time request is used up: the button stays, disabled, saying why.
  await expect(page.getByTestId('action-request-materials')).toBeDisabled();
  await expect(page.getByTestId('request-materials-used')).toContainText('已经一次性告知过补充材料');

  await page.getByTestId('action-grant').click();
  const grant = page.getByTestId('dialog-grant');
  await grant.getByTestId('lawyer-select').selectOption({ label: '赵律师' });
  await grant.getByRole('button', { name: '确认' }).click();
  await expect(page.getByTestId('detail-status')).toHaveText('已指派律师');
  await expect(page.getByTestId('detail-lawyer')).toHaveText('承办律师 赵律师');
  await expect(page.getByTestId('detail-decided')).toContainText('由 王审查 作出决定');
  await expect(page.locator('[data-testid=history-entry][data-action="case.assigned"]')).toContainText('王审查');

  // After a reload the page shows the same state: it came from the centre, not from the page.
  await page.reload();
  await expect(page.getByTestId('detail-status')).toHaveText('已指派律师');
});

test('the assigned lawyer sees only that case, read-only', async ({ page }) => {
  await signIn(page, lawyer);
  await expect(page.getByRole('heading', { name: '我的案件' })).toBeVisible();
  const rows = page.getByTestId('application-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-number', numbers.wage);
  await openApplication(page, numbers.wage);
  await expect(page.getByTestId('read-only')).toBeVisible();
  await expect(page.getByTestId('case-actions')).toHaveCount(0);
  await expect(page.getByTestId('nav-fleet')).toHaveCount(0);
});

test('a reviewer whose session ended signs in again and comes back to the same page', async ({ page, context }) => {
  await signIn(page, staff);
  await page.getByTestId('tab-received').click();
  await expect(page).toHaveURL(/\/console\/applications\?status=received$/);
  await context.clearCookies();
  await page.getByTestId('tab-assigned').click();
  await expect(page.getByTestId('login-error')).toHaveText('登录已过期，请重新登录。');
  await page.getByLabel('用户名').fill(staff.username);
  await page.getByLabel('密码').fill(staff.password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/console\/applications\?status=assigned$/);
  await expect(page.getByTestId('application-row')).toHaveCount(1);
});

test('the console can be used with the keyboard alone', async ({ page }) => {
  await page.goto(`${centre.baseUrl}/console/`);
  await expect(page.getByRole('heading', { name: '登录工作台' })).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: '跳到主要内容' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('用户名')).toBeFocused();
  await page.keyboard.type(staff.username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(staff.password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('signed-in-as')).toContainText(staff.displayName);

  await page.getByRole('link', { name: numbers.wage }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('detail-title')).toContainText(numbers.wage);
  const thumb = page.getByTestId('material-group').getByRole('button').first();
  await thumb.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('image-viewer')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('image-viewer')).toBeHidden();
  await expect(thumb).toBeFocused();
});

test('hostile applicant text is shown as text and never runs', async ({ page }) => {
  await signIn(page, staff);
  await openApplication(page, numbers.hostile);
  await expect(page.getByText(HOSTILE_FACTS, { exact: true })).toBeVisible();
  await expect(page.getByText(HOSTILE_PARTY, { exact: false })).toBeVisible();
  await expect(page.locator('main img[src="x"]')).toHaveCount(0);
  expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
});

test('a decision on an outdated page reloads the case and says someone else changed it', async ({ page }) => {
  await signIn(page, staff);
  await openApplication(page, numbers.contested);
  await expect(page.getByTestId('detail-status')).toHaveText('待审查');
  await expect(page.getByTestId('pledge-state')).toHaveText('申请人已同意告知承诺书，已为申请人朗读');

  // A colleague grants it meanwhile.
  const colleague = await loginAs(centre.baseUrl, staff.username, staff.password);
  const current = CaseDetailSchema.parse(await (await colleague.get(`${CONSOLE_API.applications}/${contestedId}`)).json());
  expect((await colleague.post(`${CONSOLE_API.applications}/${contestedId}/grant`, { version: current.version, lawyerId: null })).status).toBe(200);

  await page.getByTestId('action-refuse').click();
  const refuse = page.getByTestId('dialog-refuse');
  await refuse.getByTestId('refusal-reasons').fill('经审查，申请事项不属于法律援助范围。');
  await refuse.getByRole('button', { name: '确认' }).click();
  await expect(page.getByTestId('stale-notice')).toContainText('其他人刚刚修改了这份申请');
  await expect(page.getByTestId('detail-status')).toHaveText('已准予（待指派）');
  await expect(page.getByTestId('action-refuse')).toHaveCount(0);
});

test('staff refuses with reasons and opens the printable refusal letter', async ({ page, context }) => {
  await signIn(page, staff);
  await openApplication(page, numbers.urgent);
  await page.getByTestId('action-refuse').click();
  const refuse = page.getByTestId('dialog-refuse');
  // Too short a reason cannot be sent.
  await refuse.getByTestId('refusal-reasons').fill('不符');
  await expect(refuse.getByRole('button', { name: '确认' })).toBeDisabled();
  await refuse.getByTestId('refusal-reasons').fill('经审查，申请人的经济状况不符合本省经济困难标准。');
  await refuse.getByRole('button', { name: '确认' }).click();
  await expect(page.getByTestId('detail-status')).toHaveText('不予援助');
  await expect(page.getByText('经审查，申请人的经济状况不符合本省经济困难标准。')).toBeVisible();

  const [letter] = await Promise.all([context.waitForEvent('page'), page.getByTestId('refusal-letter').click()]);
  await letter.waitForLoadState();
  await expect(letter.locator('body')).toContainText('经审查，申请人的经济状况不符合本省经济困难标准。');
  await expect(letter.locator('body')).toContainText(numbers.urgent);
});

test('an administrator creates an account, which signs in and changes its password; then disables it', async ({ page, browser }) => {
  await signIn(page, { id: '', username: ADMIN_USERNAME, displayName: '', role: 'admin', password: ADMIN_PASSWORD });
  await page.getByTestId('nav-accounts').click();
  await expect(page.getByRole('heading', { name: '账户管理' })).toBeVisible();
  const form = page.getByTestId('create-account');
  await form.getByTestId('new-username').fill('tech.li');
  await form.getByTestId('new-display-name').fill('李运维');
  await form.getByTestId('new-role').selectOption({ label: '运维人员' });
  await form.getByTestId('new-password').fill('first-password-123');
  await form.getByRole('button', { name: '新建账户' }).click();
  await expect(form.getByRole('status')).toHaveText('账户已创建。');
  const created = page.locator('[data-testid=account-row][data-username="tech.li"]');
  await expect(created).toContainText('李运维');
  await expect(created).toContainText('运维人员');
  await expectNoSeriousAxeViolations(page, 'console accounts');

  // The new technician signs in elsewhere and changes the password.
  const other = await browser.newContext();
  const techPage = await other.newPage();
  const tech = { id: '', username: 'tech.li', displayName: '李运维', role: 'technician' as const, password: 'first-password-123' };
  await signIn(techPage, tech);
  await techPage.getByTestId('nav-password').click();
  await techPage.getByLabel('当前密码').fill(tech.password);
  await techPage.getByLabel(/^新密码/).fill('second-password-456');
  await techPage.getByLabel('再次输入新密码').fill('second-password-456');
  await techPage.getByRole('button', { name: '修改密码' }).click();
  await expect(techPage.getByRole('status')).toHaveText('密码已修改。');
  await techPage.getByTestId('logout').click();
  await signIn(techPage, { ...tech, password: 'second-password-456' });

  await created.getByTestId('disable-account').click();
  await page.getByTestId('dialog-disable').getByRole('button', { name: '停用' }).click();
  await expect(created).toContainText('已停用');
  // The disabled account's open session ends: its next page load asks it to sign in again.
  await techPage.reload();
  await expect(techPage.getByRole('heading', { name: '登录工作台' })).toBeVisible();
  await other.close();
});

test('an application whose materials did not come in time can be treated as withdrawn, not before', async ({ page }) => {
  const late = await commitApplication(centre.baseUrl, kiosk, sampleRecord({ localNumber: 'LA-E2E-0005', shortCode: 'E2E005', applicant: { ...applicant, name: '孙七' } }), []);
  const colleague = await loginAs(centre.baseUrl, staff.username, staff.password);
  const before = CaseDetailSchema.parse(await (await colleague.get(`${CONSOLE_API.applications}/${late.applicationId}`)).json());
  const asked = await colleague.post(`${CONSOLE_API.applications}/${late.applicationId}/request-materials`, { version: before.version, materialIds: ['labour_evidence'], dueInDays: 5 });
  expect(asked.status).toBe(200);

  await signIn(page, staff);
  await openApplication(page, late.acceptanceNumber);
  await expect(page.getByTestId('action-withdraw')).toBeDisabled();
  await expect(page.getByText(/补充期限（\d{4}-\d{2}-\d{2}）届满后才能视为撤回/)).toBeVisible();

  // The applicant's days pass without the materials (the due date moved back in the centre's database).
  await centre.db.updateTable('cases').set({ materials_due_on: addDays(chinaDateOf(Date.now()), -1) }).where('application_id', '=', late.applicationId).execute();
  await page.reload();
  await page.getByTestId('action-withdraw').click();
  await page.getByTestId('dialog-withdraw').getByRole('button', { name: '确认' }).click();
  await expect(page.getByTestId('detail-status')).toHaveText('视为撤回');
  await expect(page.locator('[data-testid=history-entry][data-action="case.withdrawn"]')).toContainText('王审查');
});

test('a technician sees the kiosk online with its faults, makes an enrolment code and revokes the kiosk', async ({ page }) => {
  await signIn(page, technician);
  await expect(page.getByRole('heading', { name: '设备管理' })).toBeVisible();
  await expect(page.getByTestId('nav-applications')).toHaveCount(0);
  const kioskRow = page.locator(`[data-testid=kiosk-row][data-kiosk="${kiosk.kioskId}"]`);
  await expect(kioskRow).toContainText('测试服务站');
  await expect(kioskRow.getByTestId('kiosk-state')).toHaveText('在线');
  await expect(kioskRow.getByTestId('kiosk-faults')).toHaveText('小票打印机缺纸');
  await expect(kioskRow).toContainText('2 件');
  await expect(kioskRow).toContainText('0.1.0-e2e');
  await expectNoSeriousAxeViolations(page, 'console fleet');

  await page.getByTestId('new-enrolment-code').click();
  await expect(page.getByTestId('enrolment-code-value')).toHaveText(/^[A-Z0-9]{8,16}$/);
  await expect(page.getByTestId('enrolment-code')).toContainText('有效期至');

  await kioskRow.getByTestId('revoke').click();
  const confirm = page.getByTestId('dialog-revoke');
  await expect(confirm).toContainText('测试服务站');
  await confirm.getByRole('button', { name: '吊销' }).click();
  await expect(kioskRow.getByTestId('kiosk-state')).toHaveText('已吊销');
  // The revoked kiosk's next signed request is refused.
  const beat = await sendHeartbeat(centre.baseUrl, kiosk, health());
  expect(beat.status).toBe(403);
});
