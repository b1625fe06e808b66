/** Time as the core sees it; injected so tests can move it. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Local calendar date `YYYY-MM-DD` (card validity is a calendar question, in the kiosk's zone). */
  today(): string;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  today: () => {
    const d = new Date();
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  },
};
