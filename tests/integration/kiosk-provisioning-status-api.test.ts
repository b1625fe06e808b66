/**
 * The real kiosk core over its loopback API: the provisioning and status look-up commands refuse
 * what they must (no technician token, a region code that is not a county, a device path that is
 * not one, a look-up before the identity check, a slip of someone else's look-up) and the station
 * the technician saves is what the provisioning file and the status then hold.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startKioskCore, type KioskCoreHandle } from '../support/kiosk-core.ts';

let core: KioskCoreHandle;
beforeAll(async () => {
  core = await startKioskCore({ KIOSK_SIM_READ_DELAY_MS: '20' });
});
afterAll(async () => {
  await core?.stop();
});

const post = async (name: string, body: unknown) => {
  const response = await core.request(`/api/cmd/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const parsed = (await response.json()) as { ok: boolean; error?: { code: string } };
  return { status: response.status, code: parsed.ok ? 'ok' : parsed.error!.code };
};

const until = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 200 && !(await check()); i += 1) await new Promise((r) => setTimeout(r, 50));
};

it('the technician commands want a token and valid input; the saved station is what the kiosk then reports', async () => {
  expect(await post('technician.setStation', { token: 'x'.repeat(32), stationName: '天河站', regionCode: '440106' })).toEqual({ status: 401, code: 'technician_required' });
  const { token } = await core.call('technician.unlock', { pin: '2468' });
  for (const regionCode of ['990101', '440100', '44010x', '4401066']) {
    expect((await post('technician.setStation', { token, stationName: '天河站', regionCode })).code).toBe('invalid_input');
  }
  expect((await post('technician.setStation', { token, stationName: ' ', regionCode: '440106' })).code).toBe('invalid_input');
  expect((await post('technician.setDevices', { token, readerPort: '../../etc/passwd', receiptQueue: 'KIOSK_RECEIPT', a4Queue: 'KIOSK_A4' })).code).toBe('invalid_input');
  expect((await post('technician.setDevices', { token, readerPort: null, receiptQueue: 'bad queue;rm', a4Queue: 'KIOSK_A4' })).code).toBe('invalid_input');

  expect(await core.call('technician.setStation', { token, stationName: '石牌街法律服务站', regionCode: '440106' })).toEqual({ restartRequired: true });
  expect((await core.call('technician.status', { token })).station).toEqual({ stationName: '石牌街法律服务站', regionCode: '440106' });
  const file = JSON.parse(readFileSync(join(core.dataDir, 'kiosk-config.json'), 'utf8')) as Record<string, unknown>;
  expect(file).toMatchObject({ stationName: '石牌街法律服务站', legalAid: { regionCode: '440106' } });
  // Not enrolled: nothing to check against, said as such.
  expect(await core.call('technician.checkCentre', { token })).toEqual({ enrolled: false, health: false, heartbeat: null, lastSyncAt: null });
  await core.call('technician.lock', { token });
});

it('the status look-up needs a person whose identity step is done, and prints only from their own look-up', async () => {
  expect((await post('status.lookup', {})).code).toBe('no_session');
  expect((await post('status.lookup', { idNumber: '110105200103159997' })).code).toBe('invalid_input');
  await core.call('sim.placeCard', { cardId: 'resident-young-man' });
  await until(async () => (await core.call('session.get', {})).session !== null);
  expect((await post('status.lookup', {})).code).toBe('no_session');
  await core.call('identity.record', { method: 'card_only', consent: false, fallbackReason: 'declined', distance: null, threshold: null, liveness: 'not_run', attempts: 0, durationMs: null });
  const answer = await core.call('status.lookup', {});
  expect(answer).toEqual({ centre: 'not_enrolled', applications: [] });
  expect((await post('status.print', { key: 'LA20261123-0001' })).code).toBe('no_session');
  await core.call('session.end', { reason: 'user' });
  expect(core.logLines.join('\n')).not.toContain('110105200103159997');
});
