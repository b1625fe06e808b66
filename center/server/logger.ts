/**
 * JSON-line logs for the centre. Fields are codes, ids and counts; there is no free-text message
 * argument, so applicants' names and ID numbers have no natural way in.
 */
export type LogFields = Readonly<Record<string, string | number | boolean | null>>;
export type LogLevel = 'info' | 'warn' | 'error';
export type CentreLogger = (level: LogLevel, event: string, fields?: LogFields) => void;

export const jsonLinesLogger =
  (write: (line: string) => void): CentreLogger =>
  (level, event, fields = {}) =>
    write(`${JSON.stringify({ t: new Date().toISOString(), level, event, ...fields })}\n`);

export const quietLogger: CentreLogger = () => {};
