/**
 * A value the core must not inspect: it is only known later (a Pulumi Output, for instance) and
 * is copied into the rendered object as it is. Validation skips it; rendering passes it through.
 */
const BRAND = Symbol.for('calico-ebpf-constructs.Deferred');

export class Deferred<T = unknown> {
  public static isDeferred(x: unknown): x is Deferred {
    return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[BRAND] === true;
  }

  /** The framework value to place in the output, untouched. */
  public readonly value: T;

  public constructor(value: T) {
    this.value = value;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** A value that is either known now or deferred. */
export type Deferrable<T> = T | Deferred;
