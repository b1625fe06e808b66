/** Test data for the centre's citizen-status shapes, shared by the kiosk's and the centre's tests. */
import type { CitizenStatus } from './console-api.ts';

/** A status as the centre reports it for a wage claim just received, with the given fields changed. */
export const sampleCitizenStatus = (changes: Partial<CitizenStatus> = {}): CitizenStatus => ({
  acceptanceNumber: '440106-2026-000001',
  localNumber: 'LA20261123-0001',
  receivedOn: '2026-11-23',
  status: 'received',
  matterId: 'labour_pay',
  decisionDueOn: '2026-11-30',
  requestedMaterials: null,
  materialsDueOn: null,
  lawyerName: null,
  updatedAt: '2026-11-23T02:00:00.000Z',
  ...changes,
});
