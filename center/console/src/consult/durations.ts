/** Call and answer times in words the console shows: seconds under a minute, else minutes and seconds. */
export type DurationWords = { key: 'history.seconds'; n: number } | { key: 'history.minutes'; m: number; s: number };

export const durationWords = (ms: number): DurationWords => {
  const total = Math.max(0, Math.round(ms / 1000));
  if (total < 60) return { key: 'history.seconds', n: total };
  return { key: 'history.minutes', m: Math.floor(total / 60), s: total % 60 };
};

/** Recording size in MB with one decimal. */
export const megabytes = (bytes: number): string => (bytes / (1024 * 1024)).toFixed(1);

/** The words for a duration with the console's translate function. */
export const durationText = (t: (key: string, values: Record<string, number>) => string, ms: number): string => {
  const w = durationWords(ms);
  return w.key === 'history.seconds' ? t(w.key, { n: w.n }) : t(w.key, { m: w.m, s: w.s });
};
