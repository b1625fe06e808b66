/** The five citizen services on the home screen (kiosk-ux.md), in the order people look for them. */
export const serviceTiles = [
  { id: 'legal-aid', label: 'tiles.legalAid' },
  { id: 'video', label: 'tiles.video' },
  { id: 'status', label: 'tiles.status' },
  { id: 'documents', label: 'tiles.documents' },
  { id: 'education', label: 'tiles.education' },
] as const;

export type ServiceId = (typeof serviceTiles)[number]['id'];

export function isServiceId(value: unknown): value is ServiceId {
  return serviceTiles.some((tile) => tile.id === value);
}

export function tileLabel(id: ServiceId): string {
  return serviceTiles.find((tile) => tile.id === id)?.label ?? '';
}
