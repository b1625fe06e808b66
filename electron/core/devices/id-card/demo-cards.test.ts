import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { acceptCard } from '../../../../domain/idcard/validity.ts';
import { DEMO_CARDS, demoCardBlocks, faceFixtureCards, simulatorPhotoField } from './demo-cards.ts';
import { createSimulatorPhotoDecoder, parsePhotoMarker } from './simulator-photo-decoder.ts';

const imageDir = fileURLToPath(new URL('../../../../resources/demo-cards/', import.meta.url));
const TODAY = '2026-01-15';

describe('demo card catalogue', () => {
  it('covers the card kinds the kiosk must handle', () => {
    const types = new Set(DEMO_CARDS.map((c) => c.data.cardType));
    expect(types).toEqual(new Set(['resident', 'hmt_residence', 'foreign_pr_2017', 'foreign_pr_2023']));
    expect(DEMO_CARDS.map((c) => c.expect)).toEqual(expect.arrayContaining(['valid', 'expired', 'invalid_id_number']));
    expect(new Set(DEMO_CARDS.map((c) => c.id)).size).toBe(DEMO_CARDS.length);
  });

  it.each(DEMO_CARDS.map((c) => [c.id, c] as const))('%s is accepted or refused as intended', (_id, card) => {
    const result = acceptCard(demoCardBlocks(card).text, TODAY);
    if (card.expect === 'valid') {
      expect(result.ok ? 'valid' : result.error.code).toBe('valid');
      expect(result.ok && result.value.idNumber).toBe(card.data.idNumber);
    } else {
      expect(result.ok ? 'valid' : result.error.code).toBe(card.expect);
    }
  });

  it.each(DEMO_CARDS.map((c) => [c.id] as const))('%s has a placeholder photo', (id) => {
    const file = join(imageDir, `${id}.svg`);
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).toMatch(/^<svg /);
  });

  it('labels expired and bad-checksum cards so tools can leave them out', () => {
    for (const card of DEMO_CARDS) {
      expect(/过期|校验/.test(card.label)).toBe(card.expect !== 'valid');
    }
  });
});

describe('simulator photo decoder', () => {
  it('maps the marker to the placeholder image', async () => {
    const decoder = createSimulatorPhotoDecoder({ imageDir });
    expect(decoder.kind).toBe('simulator');
    const result = await decoder.decode(simulatorPhotoField('resident-elderly-woman'));
    if (!result.ok) throw new Error(result.error);
    expect(result.value.mime).toBe('image/svg+xml');
    expect(Buffer.from(result.value.data).toString('utf8')).toBe(readFileSync(join(imageDir, 'resident-elderly-woman.svg'), 'utf8'));
  });

  it('falls back to png and jpg through the injected reader', async () => {
    const asked: string[] = [];
    const decoder = createSimulatorPhotoDecoder({
      imageDir: '/photos',
      readFile: async (path) => {
        asked.push(path);
        return path.endsWith('.png') ? Uint8Array.of(0x89, 0x50) : null;
      },
    });
    const result = await decoder.decode(simulatorPhotoField('card-1'));
    expect(result).toEqual({ ok: true, value: { mime: 'image/png', data: Uint8Array.of(0x89, 0x50) } });
    expect(asked).toEqual(['/photos/card-1.svg', '/photos/card-1.png']);
  });

  it('refuses WLT data, unknown cards and path tricks', async () => {
    const decoder = createSimulatorPhotoDecoder({ imageDir });
    expect(await decoder.decode(new Uint8Array(1024).fill(0x57))).toEqual({ ok: false, error: 'decode_failed' });
    expect(await decoder.decode(simulatorPhotoField('no-such-card'))).toEqual({ ok: false, error: 'decode_failed' });
    expect(parsePhotoMarker(simulatorPhotoField('../../etc/passwd'))).toBeNull();
    expect(parsePhotoMarker(simulatorPhotoField('Upper'))).toBeNull();
    expect(parsePhotoMarker(simulatorPhotoField('ok-id'))).toBe('ok-id');
  });
});

describe('face fixture cards', () => {
  it('are valid, distinct identities named after their photo files', () => {
    const cards = faceFixtureCards(['person-a-1', 'person-b-1', 'person-c-1']);
    expect(cards.map((c) => c.id)).toEqual(['person-a-1', 'person-b-1', 'person-c-1']);
    expect(new Set(cards.map((c) => c.data.idNumber)).size).toBe(3);
    for (const card of cards) {
      const accepted = acceptCard(demoCardBlocks(card).text, '2026-11-23');
      expect(accepted.ok, card.id).toBe(true);
      expect(card.label).toContain('测试人像');
    }
  });
});
