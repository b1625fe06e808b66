/**
 * Legal education (普法) in the core: what the API handlers need, in one place. See README.md.
 */
import type { EducationStatus } from '../api/contract.ts';
import type { EducationUpdater } from './centre-updates.ts';
import type { EducationLibrary } from './library.ts';

export { EducationLibrary } from './library.ts';
export { createEducationUpdater, type CentreAccess, type EducationUpdater } from './centre-updates.ts';

export interface Education {
  readonly library: EducationLibrary;
  /** Null when the kiosk cannot reach a centre at all (tests); the built-in bundle is then shown. */
  readonly updater: EducationUpdater | null;
  readonly attract: { readonly afterSeconds: number; readonly everySeconds: number };
}

export const educationStatus = (education: Education): EducationStatus | null => {
  const current = education.library.current();
  if (!current) return null;
  const last = education.updater?.lastCheck() ?? null;
  return {
    version: current.bundle.version,
    published: current.bundle.published,
    source: current.source,
    installedAt: current.installedAt,
    lastCheck: last ? { outcome: last.outcome, at: last.at } : null,
  };
};
