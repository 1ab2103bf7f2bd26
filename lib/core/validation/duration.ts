import { show } from './errors';

const UNIT_MS = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 } as const;

/**
 * A length of time, rendered the way Calico's duration fields accept it.
 *
 * The FelixConfiguration CRD pattern for durations accepts whole numbers with a unit only:
 * `"1.5s"` and a bare `"0"` are rejected by the API server, so this type keeps whole
 * milliseconds and renders the largest unit that divides evenly (`1500ms`, `2m`, `0s`).
 */
export class Duration {
  public static millis(amount: number): Duration {
    return new Duration(amount);
  }

  public static seconds(amount: number): Duration {
    return new Duration(amount * UNIT_MS.s);
  }

  public static minutes(amount: number): Duration {
    return new Duration(amount * UNIT_MS.m);
  }

  public static hours(amount: number): Duration {
    return new Duration(amount * UNIT_MS.h);
  }

  /**
   * Parses a Go-style duration such as `"1s"`, `"1500ms"`, `"1m30s"` or `"1.5s"`.
   * Throws a plain Error with the reason; resolvers turn it into a validation problem.
   */
  public static parse(text: string): Duration {
    const trimmed = text.trim();
    if (trimmed === '0') {
      throw new Error(`${show(text)} has no unit; write "0s"`);
    }
    const part = /(\d+(?:\.\d+)?)(ms|h|m|s)/y;
    let ms = 0;
    let pos = 0;
    while (pos < trimmed.length) {
      part.lastIndex = pos;
      const m = part.exec(trimmed);
      if (!m) {
        throw new Error(`${show(text)} is not a duration; use a whole number with a unit ms, s, m or h, e.g. "1s" or "1500ms"`);
      }
      ms += Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
      pos = part.lastIndex;
    }
    if (trimmed.length === 0) {
      throw new Error('an empty string is not a duration; use e.g. "1s"');
    }
    return new Duration(ms);
  }

  private readonly ms: number;

  private constructor(ms: number) {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new Error(`a duration must be zero or positive, got ${ms}ms`);
    }
    if (Math.abs(ms - Math.round(ms)) > 1e-9) {
      throw new Error(`a duration must be a whole number of milliseconds, got ${ms}ms`);
    }
    this.ms = Math.round(ms);
  }

  public toMilliseconds(): number {
    return this.ms;
  }

  /** The string Calico's CRD pattern accepts, e.g. `1s`, `1500ms`, `0s`. */
  public toCalicoString(): string {
    if (this.ms === 0) return '0s';
    for (const unit of ['h', 'm', 's'] as const) {
      if (this.ms % UNIT_MS[unit] === 0) return `${this.ms / UNIT_MS[unit]}${unit}`;
    }
    return `${this.ms}ms`;
  }
}
