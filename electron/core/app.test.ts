/**
 * buildCore wired with the memory fake reader and a fixed clock, served on a real loopback port:
 * reader events become kiosk events over the WebSocket, refusals and errors are codes, and the
 * photo decoder's absence is reported rather than fatal.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { findDemoCard } from './devices/id-card/demo-cards.ts';
import { createMemoryReader, type MemoryReader } from './devices/id-card/memory-fake.ts';
import { noPhotoDecoder } from './devices/id-card/native-photo-decoder.ts';
import { KioskEventSchema, type KioskEvent } from './api/contract.ts';
import { buildCore, type Core } from './app.ts';
import { silentLogger } from './services/logger.ts';
import { createMemoryVoice } from './services/voice.ts';

const SECRET = 'c'.repeat(64);
let core: Core | null = null;
let sockets: WebSocket[] = [];

afterEach(async () => {
  for (const ws of sockets) ws.close();
  sockets = [];
  await core?.stop();
  core = null;
});

const start = async (today = '2026-11-23') => {
  const fake: MemoryReader = createMemoryReader();
  const voice = createMemoryVoice();
  core = await buildCore({
    voice,
    kiosk: { version: 't', locale: 'zh-CN', simulator: true, idleSeconds: 60, countdownSeconds: 10, technicianLongPressMs: 1000, stationName: 't', face: { threshold: 0.5, borderline: 0.6, maxAttempts: 3, cameraDeviceId: null }, documentCameraDeviceId: null },
    legalAid: null,
    api: { secret: SECRET, port: 0, allowedOrigins: [], rendererDir: null },
    technicianPin: '1234',
    reader: fake.reader,
    photoDecoder: noPhotoDecoder,
    simulator: null,
    settings: { setCameraDeviceId: async () => undefined, setCentreUrl: async () => undefined },
    clock: { now: () => Date.parse(`${today}T08:00:00Z`), today: () => today },
    logger: silentLogger,
  });
  const ws = new WebSocket(`${core.apiBase.replace('http', 'ws')}/api/events`);
  sockets.push(ws);
  const events: KioskEvent[] = [];
  ws.on('message', (data) => events.push(KioskEventSchema.parse(JSON.parse(String(data)))));
  await new Promise((r) => ws.once('open', r));
  ws.send(JSON.stringify({ type: 'auth', secret: SECRET }));
  const next = async (type: KioskEvent['type']) => {
    for (let i = 0; i < 200; i++) {
      const found = events.find((e) => e.type === type);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`no ${type} event; saw ${events.map((e) => e.type).join(',')}`);
  };
  await next('hello');
  return { fake, events, next, core, voice };
};

describe('buildCore with the memory reader', () => {
  it('a valid card becomes a session; the photo is reported missing, not fatal', async () => {
    const { fake, next } = await start();
    fake.insertCard({ data: findDemoCard('resident-elderly-woman')!.data });
    const read = await next('card.read');
    if (read.type !== 'card.read') throw new Error('unreachable');
    expect(read.session.citizen).toMatchObject({ name: '王秀示', maskedIdNumber: '330106********9988', age: 78, photoStatus: 'no_decoder', photo: null });
    expect(core!.sessions.active).toBe(true);
  });

  it('the same card is refused as expired once its validity has passed (the clock decides)', async () => {
    const { fake, next } = await start('2099-01-01');
    fake.insertCard({ data: findDemoCard('resident-young-man')!.data });
    expect(await next('card.refused')).toEqual({ type: 'card.refused', reason: 'expired' });
    expect(core!.sessions.active).toBe(false);
  });

  it('a garbled text block is refused as malformed, and a reader failure is a card.error', async () => {
    const { fake, next, events } = await start();
    fake.insertCard({ text: new Uint8Array(256).fill(0x41) });
    expect((await next('card.refused')).type).toBe('card.refused');
    fake.removeCard();
    fake.failNext('read_failed');
    fake.insertCard({ data: findDemoCard('resident-young-man')!.data });
    expect(await next('card.error')).toEqual({ type: 'card.error', code: 'read_failed' });
    expect(events.some((e) => e.type === 'card.read')).toBe(false);
  });

  it('a pulled cable reaches the screen as a device status', async () => {
    const { fake, events } = await start();
    fake.unplug();
    await new Promise((r) => setTimeout(r, 50));
    const statuses = events.filter((e) => e.type === 'device.status');
    expect(statuses.at(-1)).toMatchObject({ type: 'device.status', reader: { state: 'disconnected' } });
  });

  it('forgets cached speech when the session ends (a render may be a name read aloud)', async () => {
    const { fake, next, voice } = await start();
    fake.insertCard({ data: findDemoCard('resident-elderly-woman')!.data });
    await next('card.read');
    expect(voice.forgets).toBe(0);
    core!.sessions.end('user');
    await next('session.ended');
    expect(voice.forgets).toBe(1);
  });
});
