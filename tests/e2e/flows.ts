/**
 * Walks shared by the accessibility audit and the usability budget: the face check declined (the
 * card-only way) and a 民事起诉状 for unpaid wages drafted to its preview, answering the required
 * questions and skipping the optional ones, on the on-screen keyboard and pads.
 */
import type { Page } from '@playwright/test';
import { digits, pinyin } from './interview.ts';
import { expect } from './fixtures.ts';

/** The face check offered by services that touch one's own records, declined; on to the service. */
export const declineFaceCheck = async (kiosk: Page) => {
  const decline = kiosk.getByTestId('face-consent-no');
  await expect(decline.or(kiosk.getByTestId('face-alternative')).first()).toBeVisible();
  if (await decline.isVisible()) await decline.click();
  await kiosk.getByTestId('face-alt-continue').click();
};

/**
 * From the documents screen's list to the preview of a wage claim. `atQuestion` runs when a
 * question shows, before it is answered (an audit, for instance).
 */
export const draftWageClaimToPreview = async (kiosk: Page, atQuestion: (key: string) => Promise<void> = async () => undefined) => {
  const question = async (key: string) => {
    await expect(kiosk.getByTestId('document-question')).toHaveAttribute('data-question', key);
    await atQuestion(key);
  };
  const nextQuestion = () => kiosk.getByTestId('document-next').click();
  const skip = async (key: string) => {
    await question(key);
    await kiosk.getByTestId('document-skip').click();
  };
  const write = async (key: string, words: Array<[string, string]>) => {
    await question(key);
    for (const [letters, word] of words) await pinyin(kiosk, letters, word);
    await nextQuestion();
  };
  await expect(kiosk.getByTestId('documents-screen')).toHaveAttribute('data-phase', 'choose');
  await kiosk.getByTestId('document-type-civil-complaint-wages').click();
  await kiosk.getByTestId('document-start').click();
  await write('court', [['chaoyang', '朝阳'], ['fayuan', '法院']]);
  await question('defendant.kind');
  await kiosk.getByTestId('choice-organisation').click();
  await write('defendant.name', [['gongsi', '公司']]);
  await skip('defendant.code');
  await skip('defendant.representative');
  await write('defendant.address', [['chaoyang', '朝阳']]);
  await write('job', [['gongren', '工人']]);
  await question('startDate');
  await digits(kiosk, 'date', '20250301');
  await nextQuestion();
  await question('amount');
  await digits(kiosk, 'dp', '32000');
  await nextQuestion();
  await skip('iouDate');
  await write('facts', [['qianxin', '欠薪']]);
  await skip('evidence');
  await expect(kiosk.getByTestId('document-paper')).toContainText('民事起诉状');
};
