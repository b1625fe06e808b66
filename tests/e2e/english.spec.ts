/**
 * English as a proven second language (issue 7): a person switches to English on the home screen
 * and walks home -> card -> welcome -> status -> a few interview steps, seeing no Chinese character
 * except their own name, the station's name and the switch back to 中文 — and hears the prompts in
 * English (voice.render with locale en, played by the shared <audio>).
 */
import { expect, test } from './fixtures.ts';
import { hanOnScreen, plays, recordRenders, recordSpeech } from './screen-checks.ts';

test.use({ coreEnv: { KIOSK_ATTRACT_SECONDS: '3600' } });

const ALLOWED = ['welcome-name', 'station-name', 'locale-toggle'];

test('in English the citizen flow shows and speaks no Chinese', async ({ kiosk, core }) => {
  await recordSpeech(kiosk);
  await kiosk.reload();
  const renders = recordRenders(kiosk);
  await expect(kiosk.getByTestId('home')).toBeVisible();
  expect(await hanOnScreen(kiosk, ALLOWED)).not.toEqual([]);

  await kiosk.getByTestId('locale-toggle').click();
  await expect(kiosk.locator('html')).toHaveAttribute('lang', 'en');
  await expect(kiosk.getByTestId('locale-toggle')).toHaveText('中文');
  expect(await hanOnScreen(kiosk, ALLOWED)).toEqual([]);

  // A service without a card: the card screen, naming the service the read goes on to.
  await kiosk.getByTestId('tile-status').click();
  await expect(kiosk.getByTestId('card-prompt')).toBeVisible();
  await expect(kiosk.getByRole('heading', { level: 1 })).toHaveText('Please place your ID card on the reader');
  await expect(kiosk.getByTestId('card-for-service')).toHaveText(/^Once it is read, you go straight on to: /);
  expect(await hanOnScreen(kiosk, ALLOWED)).toEqual([]);
  await expect.poll(() => plays(kiosk), { timeout: 15_000 }).toBeGreaterThan(0);

  // The status look-up, straight after the card, through the identity screens (declined, the alternative).
  const { cards } = await core.call('sim.catalogue', {});
  await core.call('sim.placeCard', { cardId: cards[0]!.id });
  await expect(kiosk.getByTestId('face-consent')).toBeVisible();
  expect(await hanOnScreen(kiosk, ALLOWED)).toEqual([]);
  await kiosk.getByTestId('face-consent-no').click();
  await expect(kiosk.getByTestId('face-alternative')).toBeVisible();
  expect(await hanOnScreen(kiosk, ALLOWED)).toEqual([]);
  await kiosk.getByTestId('face-alt-continue').click();
  await expect(kiosk.getByTestId('status')).toHaveAttribute('data-phase', /shown|failed/);
  expect(await hanOnScreen(kiosk, ALLOWED)).toEqual([]);
  await kiosk.getByTestId('status-back').click();
  await expect(kiosk.getByTestId('welcome-name')).toContainText('Hello, ');
  expect(await hanOnScreen(kiosk, ALLOWED)).toEqual([]);

  // The interview's first screens (the matter names after them come from the Chinese rule pack).
  await kiosk.getByTestId('tile-legal-aid').click();
  await expect(kiosk.getByTestId('apply')).toHaveAttribute('data-step', 'intro');
  expect(await hanOnScreen(kiosk, ALLOWED)).toEqual([]);
  const before = await plays(kiosk);
  await kiosk.getByTestId('apply-next').click();
  await expect(kiosk.getByTestId('apply')).toHaveAttribute('data-step', 'who');
  expect(await hanOnScreen(kiosk, ALLOWED)).toEqual([]);
  await expect.poll(() => plays(kiosk), { timeout: 15_000 }).toBeGreaterThan(before);

  // Everything spoken since the switch was asked for in English, and nothing of it in Chinese.
  const spoken = renders.filter((r) => r.locale === 'en');
  expect(spoken.map((r) => r.text)).toContain('Who are you applying for?');
  const chineseAfterSwitch = renders.slice(renders.findIndex((r) => r.locale === 'en')).filter((r) => r.locale !== 'en' || /\p{Script=Han}/u.test(r.text));
  expect(chineseAfterSwitch).toEqual([]);

  // 结束并清除 brings Chinese back for the next person.
  await kiosk.getByTestId('end-session').click();
  await expect(kiosk.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(kiosk.getByTestId('tile-legal-aid')).toContainText('法律援助申请');
});
