/**
 * The technician's provisioning choices (kiosk-ux.md, "The technician"): the station's name and
 * region code (sent to the centre at enrolment) and the device choices (reader port, printer
 * queues). Each is written into the provisioning file (`<dataDir>/kiosk-config.json`); what the
 * running kiosk was built with changes only at the next start, and the answer says so.
 */
import { readdir } from 'node:fs/promises';
import type { CommandOutput } from '../api/contract.ts';
import type { RunCommand } from '../printing/cups-printer.ts';

export interface Station {
  stationName: string;
  regionCode: string;
}

export interface DeviceChoice {
  /** Null = the simulated reader. */
  readerPort: string | null;
  receiptQueue: string;
  a4Queue: string;
}

export interface Provisioning {
  /** The station as it will be sent at the next enrolment (saved choices included). */
  station(): Station;
  setStation(station: Station): Promise<{ restartRequired: boolean }>;
  devices(): Promise<CommandOutput<'technician.devices'>>;
  setDevices(choice: DeviceChoice): Promise<{ restartRequired: boolean }>;
}

export interface ProvisioningDeps {
  /** What the running kiosk was built with. */
  readonly running: Station & DeviceChoice;
  /** Applies a patch to the provisioning file (settings-file.ts updateSettingsFile). */
  readonly update: (patch: (config: Record<string, unknown>) => void) => Promise<void>;
  readonly listSerialPorts: () => Promise<string[]>;
  readonly listPrinterQueues: () => Promise<string[]>;
}

const sameDevices = (a: DeviceChoice, b: DeviceChoice) => a.readerPort === b.readerPort && a.receiptQueue === b.receiptQueue && a.a4Queue === b.a4Queue;

export const createProvisioning = (deps: ProvisioningDeps): Provisioning => {
  const { running } = deps;
  let station: Station = { stationName: running.stationName, regionCode: running.regionCode };
  let devices: DeviceChoice = { readerPort: running.readerPort, receiptQueue: running.receiptQueue, a4Queue: running.a4Queue };
  const section = (config: Record<string, unknown>, key: string) => ({ ...(config[key] as Record<string, unknown> | undefined) });
  return {
    station: () => ({ ...station }),
    async setStation(next) {
      await deps.update((config) => {
        config.stationName = next.stationName;
        config.legalAid = { ...section(config, 'legalAid'), regionCode: next.regionCode };
      });
      station = { ...next };
      // Printed documents and routing were built with the old values.
      return { restartRequired: next.stationName !== running.stationName || next.regionCode !== running.regionCode };
    },
    async devices() {
      const [serialPorts, printerQueues] = await Promise.all([deps.listSerialPorts().catch(() => []), deps.listPrinterQueues().catch(() => [])]);
      return { ...devices, serialPorts, printerQueues };
    },
    async setDevices(next) {
      await deps.update((config) => {
        const idCard = section(config, 'idCard');
        if (next.readerPort === null) delete idCard.port;
        else idCard.port = next.readerPort;
        config.idCard = idCard;
        config.printing = { ...section(config, 'printing'), receiptQueue: next.receiptQueue, a4Queue: next.a4Queue };
      });
      devices = { ...next };
      return { restartRequired: !sameDevices(next, running) };
    },
  };
};

/** Serial devices a SAM reader may sit on (USB adapters first, then on-board ports). */
export const listSerialPorts = async (devDir = '/dev'): Promise<string[]> => {
  const names = await readdir(devDir);
  const rank = (name: string) => (name.startsWith('ttyUSB') ? 0 : name.startsWith('ttyACM') ? 1 : 2);
  return names
    .filter((name) => /^tty(USB|ACM|S)\d+$/.test(name))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b, 'en', { numeric: true }))
    .map((name) => `${devDir}/${name}`);
};

/** The CUPS queues on this machine (`lpstat -e`: one name a line); none when CUPS is absent. */
export const listPrinterQueues = async (run: RunCommand): Promise<string[]> => {
  const result = await run('lpstat', ['-e']);
  if (result.code !== 0) return [];
  return result.stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((name) => /^[A-Za-z0-9_-]{1,64}$/.test(name))
    .sort();
};
