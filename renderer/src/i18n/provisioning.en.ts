import type { MessageShape } from './shape';
import type zhProvisioning from './provisioning.zh-CN';

/** English words of the technician's provisioning wizard: the same keys as provisioning.zh-CN.ts. */
const provisioning: MessageShape<typeof zhProvisioning> = {
  open: 'Setup wizard',
  title: 'Setup wizard',
  close: 'Back to maintenance',
  progress: 'Step {n} of {total}',
  next: 'Next',
  back: 'Back',
  done: 'Finish',
  steps: {
    station: 'Station',
    enrol: 'Connect to the legal-aid centre',
    devices: 'Devices',
    selfTests: 'Device self-tests',
    network: 'Network and centre',
  },
  glance: {
    station: 'Station',
    region: 'Region code',
    lastSync: 'Last contact with the centre',
    never: 'not since this start',
  },
  station: {
    hint: 'The station name and region code are sent to the centre when connecting.',
    name: 'Station name',
    region: 'Region code (6-digit administrative division code)',
    badRegion: 'Wrong region code: enter the 6-digit county-level code, e.g. 440106.',
    badName: 'Enter the station name (at least 2 characters).',
    save: 'Save station',
    saved: 'Saved',
    savedRestart: 'Saved; used for printing and routing after a restart.',
    failed: 'Could not save, please try again.',
  },
  devices: {
    reader: 'ID card reader port',
    simulator: 'Simulated reader (demo)',
    receiptQueue: 'Receipt printer queue',
    a4Queue: 'A4 printer queue',
    save: 'Save devices',
    saved: 'Saved',
    savedRestart: 'Saved; takes effect after a restart.',
    failed: 'Could not save, please try again.',
    loading: 'Looking for devices…',
  },
  readerTest: {
    title: 'Card read test',
    start: 'Test reading a card',
    place: 'Place an ID card (a simulated card in demo mode).',
    passed: 'Card read',
    failed: 'Card read failed: {code}',
  },
  network: {
    title: 'Network and centre check',
    run: 'Run the check',
    running: 'Checking…',
    health: 'Network and centre address (health check)',
    heartbeat: 'Centre recognises this kiosk (signed heartbeat)',
    notEnrolled: 'Not connected to a centre yet; nothing to check.',
    pass: 'passed',
    fail: 'failed',
    lastSync: 'Last contact with the centre: {time}',
  },
};

export default provisioning;
