/** Where case logic reads the time: injected, so SLA breaches and escalations are tested without sleeping. */
export interface Clock {
  now(): Date;
}

/** The real time. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to: for tests. */
export class ManualClock implements Clock {
  private t: number;
  constructor(start: Date | string = '2026-01-05T09:00:00Z') {
    this.t = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.t);
  }
  /** Moves the clock forward by `minutes`. */
  advance(minutes: number): void {
    this.t += minutes * 60_000;
  }
  set(at: Date | string): void {
    this.t = new Date(at).getTime();
  }
}
