import { readFile, rename, writeFile } from 'node:fs/promises';
import type { SettingsStore } from '../api/handlers.ts';

/**
 * Technician choices written back into the provisioning file (`<dataDir>/kiosk-config.json`),
 * keeping every other key as it was. Written to a temporary file and renamed, so a power cut
 * leaves either the old or the new file, never half of one.
 */
export const updateSettingsFile = async (path: string, patch: (config: Record<string, unknown>) => void): Promise<void> => {
  let config: Record<string, unknown> = {};
  try {
    config = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  patch(config);
  const temporary = `${path}.tmp`;
  await writeFile(temporary, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, path);
};

export const createSettingsFile = (path: string): SettingsStore => {
  const update = (patch: (config: Record<string, unknown>) => void) => updateSettingsFile(path, patch);
  return {
    setCameraDeviceId: (deviceId, purpose) =>
      update((config) => {
        if (purpose === 'document') config.documentCameraDeviceId = deviceId;
        else config.face = { ...(config.face as object | undefined), cameraDeviceId: deviceId };
      }),
    setCentreUrl: (url) =>
      update((config) => {
        config.centreUrl = url;
      }),
  };
};
