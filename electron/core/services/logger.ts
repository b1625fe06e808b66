/**
 * Structured, privacy-safe log lines. Callers pass an event name and a small record of
 * non-personal fields (codes, counts, durations); there is deliberately no free-text message
 * parameter, so names and ID numbers have no natural way in.
 */
export type LogFields = Readonly<Record<string, string | number | boolean | null>>;

export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

export const createJsonLogger = (write: (line: string) => void): Logger => {
  const emit = (level: string, event: string, fields: LogFields = {}) =>
    write(`${JSON.stringify({ t: new Date().toISOString(), level, event, ...fields })}\n`);
  return {
    info: (event, fields) => emit('info', event, fields),
    warn: (event, fields) => emit('warn', event, fields),
    error: (event, fields) => emit('error', event, fields),
  };
};

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
