/**
 * Fetching a newer legal-education bundle from the centre: a signed GET asks for anything newer
 * than the version shown; the answer's files are verified and installed by the library (which
 * refuses a bad bundle and keeps the old one). Runs at start and on an interval; a technician can
 * ask for a check at once. One check at a time.
 */
import { KIOSK_EDUCATION_PATH, BundleWireSchema } from '../../../domain/education/protocol.ts';
import { describeProblems } from '../../../domain/education/bundle.ts';
import type { Logger } from '../services/logger.ts';
import type { DeviceIdentity } from '../upload/device-identity.ts';
import type { EducationLibrary } from './library.ts';

export type UpdateOutcome = 'installed' | 'up_to_date' | 'not_enrolled' | 'network' | 'refused' | 'centre_error' | 'storage_error';

export interface UpdateCheck {
  readonly outcome: UpdateOutcome;
  /** The version shown after the check. */
  readonly version: number;
  readonly at: string;
}

export interface CentreAccess {
  readonly baseUrl: string;
  readonly identity: DeviceIdentity;
}

export interface EducationUpdaterOptions {
  readonly library: EducationLibrary;
  /** The enrolled centre and this kiosk's identity; null while not enrolled. */
  readonly centre: () => CentreAccess | null;
  readonly logger: Logger;
  readonly now: () => number;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
  /** Told when a signed request was answered (the technician's "last sync"). */
  readonly onAnswered?: () => void;
}

export interface EducationUpdater {
  check(): Promise<UpdateCheck>;
  lastCheck(): UpdateCheck | null;
  /** Checks now and then every `everyMs`; returns the stop function. */
  start(everyMs: number): () => void;
}

export const createEducationUpdater = (opts: EducationUpdaterOptions): EducationUpdater => {
  const fetchFn = opts.fetch ?? fetch;
  let last: UpdateCheck | null = null;
  let running: Promise<UpdateCheck> | null = null;

  const finish = (outcome: UpdateOutcome): UpdateCheck => {
    last = { outcome, version: opts.library.version(), at: new Date(opts.now()).toISOString() };
    if (outcome !== 'up_to_date') opts.logger.info('education.update_checked', { outcome, version: last.version });
    return last;
  };

  const run = async (): Promise<UpdateCheck> => {
    const centre = opts.centre();
    if (!centre) return finish('not_enrolled');
    const url = new URL(`${KIOSK_EDUCATION_PATH}?after=${opts.library.version()}`, centre.baseUrl);
    const signed = centre.identity.sign({ method: 'GET', pathWithQuery: url.pathname + url.search, body: null });
    if (!signed.ok) return finish('not_enrolled');
    let status: number;
    let text: string;
    try {
      const response = await fetchFn(url, { method: 'GET', headers: signed.value, signal: AbortSignal.timeout(opts.timeoutMs ?? 60_000) });
      status = response.status;
      text = await response.text();
    } catch {
      return finish('network');
    }
    if (status === 204) {
      opts.onAnswered?.();
      return finish('up_to_date');
    }
    if (status !== 200) return finish(status === 502 || status === 503 || status === 504 ? 'network' : 'centre_error');
    opts.onAnswered?.();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return finish('centre_error');
    }
    const wire = BundleWireSchema.safeParse(body);
    if (!wire.success) return finish('centre_error');
    const installed = opts.library.install(wire.data.files.map((f) => ({ name: f.name, bytes: new Uint8Array(Buffer.from(f.base64, 'base64')) })));
    if (installed.ok) return finish('installed');
    if (installed.error.code === 'not_newer') return finish('up_to_date');
    if (installed.error.code === 'refused') {
      opts.logger.warn('education.centre_bundle_refused', { problems: describeProblems(installed.error.problems) });
      return finish('refused');
    }
    return finish('storage_error');
  };

  const check = () => {
    running ??= run().finally(() => {
      running = null;
    });
    return running;
  };

  return {
    check,
    lastCheck: () => last,
    start(everyMs) {
      void check();
      const timer = setInterval(() => void check(), everyMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
};
