/**
 * Legal education (普法, issue 7) in real Chromium against a real core: the attract loop between
 * visitors, the topic menu (点单式), an item read aloud with its citations, the way to a service,
 * and the bundle's version on the technician page.
 */
import { expect, openPinPad, placeCard, test } from './fixtures.ts';

// Short waits so the loop shows within a test: 5 s untouched (longer than the technician's 3 s press), 2 s per item.
test.use({ coreEnv: { KIOSK_ATTRACT_SECONDS: '5', KIOSK_ATTRACT_CYCLE_SECONDS: '2' } });

test('between visitors the attract loop cycles items silently; a touch returns to the home screen', async ({ kiosk }) => {
  const loop = kiosk.getByTestId('attract-loop');
  await expect(loop).toBeVisible({ timeout: 15_000 });
  await expect(loop).toContainText('轻触屏幕开始');
  const item = kiosk.getByTestId('attract-item');
  const first = await item.getAttribute('data-item-id');
  expect(first).toBe('labour-written-contract');
  await expect(item.locator('h2')).toHaveText('上班一个月内要签合同');
  await expect(item.locator('img')).toHaveAttribute('src', /^data:image\/svg\+xml;base64,/);
  // It moves on by itself.
  await expect.poll(() => item.getAttribute('data-item-id'), { timeout: 10_000 }).not.toBe(first);
  // No sound without a person: nothing was spoken while the loop ran.
  expect(await kiosk.evaluate(() => document.getElementById('kiosk-speech')?.dataset.state ?? 'idle')).not.toMatch(/loading|playing/);

  await loop.click();
  await expect(loop).toBeHidden();
  await expect(kiosk.getByTestId('home')).toBeVisible();
  await expect(kiosk.getByTestId('tile-education')).toBeVisible();
  // The tap that ended the loop did not open a service underneath it.
  await expect(kiosk).toHaveURL(/#\/$|\/$/);
});

test('the loop never shows over a person\'s session and comes back after the wipe', async ({ kiosk, core }) => {
  await placeCard(kiosk, core, 'resident-young-man');
  await kiosk.waitForTimeout(7000);
  await expect(kiosk.getByTestId('attract-loop')).toBeHidden();
  await kiosk.getByTestId('end-session').click();
  await expect(kiosk.getByTestId('home')).toBeVisible();
  await core.call('sim.removeCard', {});
  const loop = kiosk.getByTestId('attract-loop');
  await expect(loop).toBeVisible({ timeout: 15_000 });
  // Nothing personal: only bundle text is on it.
  await expect(loop).not.toContainText('张');
});

test('the education tile opens the topic menu; an item shows its citations, is read aloud and leads to its service', async ({ kiosk }) => {
  await kiosk.getByTestId('tile-education').click();
  const screen = kiosk.getByTestId('education-screen');
  await expect(screen).toHaveAttribute('data-level', 'topics');
  for (const id of ['labour', 'family', 'support', 'traffic', 'consumer', 'fraud', 'legal-aid']) {
    await expect(kiosk.getByTestId(`education-topic-${id}`)).toBeVisible();
  }
  await expect(kiosk.getByTestId('education-topic-labour')).toContainText('劳动用工');

  await kiosk.getByTestId('education-topic-labour').click();
  await expect(screen).toHaveAttribute('data-level', 'topic');
  await expect(kiosk.getByRole('heading', { level: 1 })).toHaveText('劳动用工');
  await kiosk.getByTestId('education-item-labour-unpaid-wages').click();
  await expect(screen).toHaveAttribute('data-level', 'item');
  await expect(kiosk.getByTestId('education-item-title')).toHaveText('工资被拖欠怎么办');
  await expect(kiosk.getByTestId('education-item-body')).toContainText('按时、足额发工资');
  await expect(kiosk.getByTestId('education-citations')).toContainText('《劳动合同法》第三十条');
  await expect(kiosk.getByTestId('education-citations')).toContainText('《法律援助法》第三十一条第五项');

  // The item is read aloud when it opens (core-rendered audio playing), and again on 朗读全文.
  const speech = () =>
    kiosk.evaluate(() => {
      const audio = document.getElementById('kiosk-speech') as HTMLAudioElement | null;
      return audio ? { state: audio.dataset.state ?? '', src: audio.src.slice(0, 22) } : null;
    });
  await expect.poll(speech, { timeout: 15_000 }).toEqual({ state: 'playing', src: 'data:audio/wav;base64,' });
  await kiosk.getByTestId('education-read-aloud').click();
  await expect.poll(speech, { timeout: 15_000 }).toEqual({ state: 'playing', src: 'data:audio/wav;base64,' });

  const related = kiosk.getByTestId('education-related-service');
  await expect(related).toHaveText('申请法律援助');
  await related.click();
  // Legal aid asks for the card first.
  await expect(kiosk.getByTestId('card-prompt')).toBeVisible();
});

test('back goes up one level at a time, then home; drafting items offer 起草法律文书', async ({ kiosk }) => {
  await kiosk.getByTestId('tile-education').click();
  await kiosk.getByTestId('education-topic-traffic').click();
  await kiosk.getByTestId('education-item-traffic-time-limit').click();
  await expect(kiosk.getByTestId('education-related-service')).toHaveText('起草法律文书');
  await expect(kiosk.getByTestId('education-related-service')).toHaveAttribute('data-service', 'documents');
  await kiosk.getByTestId('education-back').click();
  await expect(kiosk.getByTestId('education-screen')).toHaveAttribute('data-level', 'topic');
  await kiosk.getByTestId('education-back').click();
  await expect(kiosk.getByTestId('education-screen')).toHaveAttribute('data-level', 'topics');
  await kiosk.getByTestId('education-back').click();
  await expect(kiosk.getByTestId('home')).toBeVisible();
});

test('the technician page shows the bundle version, date and source', async ({ kiosk }) => {
  await openPinPad(kiosk);
  for (const digit of '2468') await kiosk.getByTestId(`pin-digit-${digit}`).click();
  await kiosk.getByTestId('pin-ok').click();
  await expect(kiosk.getByTestId('tech-panel')).toBeVisible();
  await expect(kiosk.getByTestId('tech-education-version')).toHaveText('1');
  await expect(kiosk.getByTestId('tech-education-published')).toHaveText('2026-11-20');
  await expect(kiosk.getByTestId('tech-education-source')).toHaveText('内置');
  // Not enrolled with a centre: a check says so and keeps the bundle.
  await kiosk.getByTestId('tech-education-check').click();
  await expect(kiosk.getByTestId('tech-education-last-check')).toContainText('未接入中心');
  await expect(kiosk.getByTestId('tech-education-version')).toHaveText('1');
  await kiosk.getByTestId('tech-exit').click();
  await expect(kiosk.getByTestId('home')).toBeVisible();
});
