import { sql as initial } from './001-initial.ts';
import { sql as uploadUrls } from './002-upload-urls.ts';
import { sql as consultations } from './003-consultations.ts';

/**
 * One module per schema version, in order. TypeScript modules exporting SQL (rather than .sql
 * files) so they travel inside the esbuild bundle of the core without any file lookup.
 * Never edit a released migration: add the next version.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  { version: 1, name: 'initial', sql: initial },
  { version: 2, name: 'upload-urls', sql: uploadUrls },
  { version: 3, name: 'consultations', sql: consultations },
];
