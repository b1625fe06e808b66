import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isRegionCode, StationSchema } from '../api/contract.ts';
import { createProvisioning, listPrinterQueues, listSerialPorts } from './provisioning.ts';
import { updateSettingsFile } from './settings-file.ts';

const running = { stationName: '演示服务站', regionCode: '440106', readerPort: null, receiptQueue: 'KIOSK_RECEIPT', a4Queue: 'KIOSK_A4' };

const setup = () => {
  const path = join(mkdtempSync(join(tmpdir(), 'provisioning-')), 'kiosk-config.json');
  writeFileSync(path, JSON.stringify({ centreUrl: 'http://centre.example', legalAid: { retentionDays: 30 }, idCard: { baudRate: 9600 } }));
  const provisioning = createProvisioning({
    running,
    update: (patch) => updateSettingsFile(path, patch),
    listSerialPorts: async () => ['/dev/ttyUSB0'],
    listPrinterQueues: async () => ['KIOSK_A4', 'KIOSK_RECEIPT'],
  });
  return { path, provisioning, file: () => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown> };
};

describe('provisioning', () => {
  it('saves the station into the provisioning file, keeps the rest, and says a restart applies it', async () => {
    const { provisioning, file } = setup();
    expect(await provisioning.setStation({ stationName: '石牌街法律服务站', regionCode: '440106' })).toEqual({ restartRequired: true });
    expect(file()).toEqual({ centreUrl: 'http://centre.example', stationName: '石牌街法律服务站', legalAid: { retentionDays: 30, regionCode: '440106' }, idCard: { baudRate: 9600 } });
    // Enrolment sends what was saved, at once.
    expect(provisioning.station()).toEqual({ stationName: '石牌街法律服务站', regionCode: '440106' });
    expect(await provisioning.setStation({ stationName: running.stationName, regionCode: running.regionCode })).toEqual({ restartRequired: false });
  });

  it('saves the device choices; the simulator (no port) removes a saved port', async () => {
    const { provisioning, file } = setup();
    expect(await provisioning.setDevices({ readerPort: '/dev/ttyUSB0', receiptQueue: 'KIOSK_RECEIPT', a4Queue: 'OFFICE_A4' })).toEqual({ restartRequired: true });
    expect(file()).toMatchObject({ idCard: { baudRate: 9600, port: '/dev/ttyUSB0' }, printing: { receiptQueue: 'KIOSK_RECEIPT', a4Queue: 'OFFICE_A4' } });
    expect(await provisioning.devices()).toEqual({ readerPort: '/dev/ttyUSB0', receiptQueue: 'KIOSK_RECEIPT', a4Queue: 'OFFICE_A4', serialPorts: ['/dev/ttyUSB0'], printerQueues: ['KIOSK_A4', 'KIOSK_RECEIPT'] });
    expect(await provisioning.setDevices({ readerPort: null, receiptQueue: 'KIOSK_RECEIPT', a4Queue: 'KIOSK_A4' })).toEqual({ restartRequired: false });
    expect((file().idCard as Record<string, unknown>).port).toBeUndefined();
  });

  it('lists serial ports (USB first) and CUPS queues', async () => {
    const dev = mkdtempSync(join(tmpdir(), 'dev-'));
    for (const name of ['ttyS1', 'ttyUSB0', 'null', 'ttyACM0', 'ttyS0', 'ttyS10']) mkdirSync(join(dev, name));
    expect(await listSerialPorts(dev)).toEqual(['ttyUSB0', 'ttyACM0', 'ttyS0', 'ttyS1', 'ttyS10'].map((n) => `${dev}/${n}`));
    expect(await listPrinterQueues(async () => ({ code: 0, stdout: 'KIOSK_RECEIPT\nKIOSK_A4\nbad name\n', stderr: '' }))).toEqual(['KIOSK_A4', 'KIOSK_RECEIPT']);
    expect(await listPrinterQueues(async () => ({ code: 127, stdout: '', stderr: 'not found' }))).toEqual([]);
  });

  it('accepts county-level GB/T 2260 codes only', () => {
    expect(['440106', '110101', '650102'].every(isRegionCode)).toBe(true);
    expect(['440100', '990101', '44010', '4401066', 'abcdef', '000000'].some(isRegionCode)).toBe(false);
    expect(StationSchema.safeParse({ stationName: ' ', regionCode: '440106' }).success).toBe(false);
  });
});
