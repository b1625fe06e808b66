import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSettingsFile } from './settings-file.ts';

describe('settings file', () => {
  it('writes the camera choice and keeps the rest of the provisioning file', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'settings-')), 'kiosk-config.json');
    writeFileSync(path, JSON.stringify({ stationName: '东城站', face: { threshold: 0.48 } }));
    await createSettingsFile(path).setCameraDeviceId('cam-2');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ stationName: '东城站', face: { threshold: 0.48, cameraDeviceId: 'cam-2' } });
    await createSettingsFile(path).setCameraDeviceId(null);
    expect(JSON.parse(readFileSync(path, 'utf8')).face.cameraDeviceId).toBeNull();
  });

  it('creates the file when there is none, and refuses to clobber a corrupt one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'settings-'));
    await createSettingsFile(join(dir, 'new.json')).setCameraDeviceId('cam-1');
    expect(JSON.parse(readFileSync(join(dir, 'new.json'), 'utf8'))).toEqual({ face: { cameraDeviceId: 'cam-1' } });
    writeFileSync(join(dir, 'bad.json'), '{ not json');
    await expect(createSettingsFile(join(dir, 'bad.json')).setCameraDeviceId('x')).rejects.toThrow();
    expect(readFileSync(join(dir, 'bad.json'), 'utf8')).toBe('{ not json');
  });
});
