import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSettingsFile } from './settings-file.ts';

describe('settings file', () => {
  it('writes the camera choice and keeps the rest of the provisioning file', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'settings-')), 'kiosk-config.json');
    writeFileSync(path, JSON.stringify({ stationName: '东城站', face: { threshold: 0.48 } }));
    await createSettingsFile(path).setCameraDeviceId('cam-2', 'face');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ stationName: '东城站', face: { threshold: 0.48, cameraDeviceId: 'cam-2' } });
    await createSettingsFile(path).setCameraDeviceId(null, 'face');
    expect(JSON.parse(readFileSync(path, 'utf8')).face.cameraDeviceId).toBeNull();
    // The document camera is its own setting, beside the face camera.
    await createSettingsFile(path).setCameraDeviceId('doc-cam', 'document');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ documentCameraDeviceId: 'doc-cam', face: { cameraDeviceId: null } });
  });

  it('creates the file when there is none, and refuses to clobber a corrupt one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'settings-'));
    await createSettingsFile(join(dir, 'new.json')).setCameraDeviceId('cam-1', 'face');
    expect(JSON.parse(readFileSync(join(dir, 'new.json'), 'utf8'))).toEqual({ face: { cameraDeviceId: 'cam-1' } });
    writeFileSync(join(dir, 'bad.json'), '{ not json');
    await expect(createSettingsFile(join(dir, 'bad.json')).setCameraDeviceId('x', 'face')).rejects.toThrow();
    expect(readFileSync(join(dir, 'bad.json'), 'utf8')).toBe('{ not json');
  });
});
