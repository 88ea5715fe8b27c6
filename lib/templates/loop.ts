/**
 * Jinja's `loop` variable: `loop.index`, `loop.first`, `loop.cycle('odd', 'even')`,
 * `loop.previtem`, `loop.changed(value)`… One object per loop; the loop sets `index0` each turn.
 */

/**
 * The state of a `{% for %}` loop as templates read it.
 *
 * @example
 * ```ts
 * const loop = new LoopContext(['a', 'b']);
 * loop.index0 = 1;
 * loop.last; // true
 * ```
 */
export class LoopContext {
  /** The position of the current item, from 0. */
  index0 = 0;
  /** The loop's depth: Phial's loops are not recursive, so always 1. */
  readonly depth = 1;
  /** The depth from 0. */
  readonly depth0 = 0;
  readonly #items: readonly unknown[];
  #last: unknown[] | undefined;

  constructor(items: readonly unknown[]) {
    this.#items = items;
  }

  /** The position of the current item, from 1. */
  get index(): number {
    return this.index0 + 1;
  }

  /** Items left, counting the current one. */
  get revindex(): number {
    return this.#items.length - this.index0;
  }

  /** Items left after the current one. */
  get revindex0(): number {
    return this.#items.length - this.index0 - 1;
  }

  /** Whether this is the first item. */
  get first(): boolean {
    return this.index0 === 0;
  }

  /** Whether this is the last item. */
  get last(): boolean {
    return this.index0 === this.#items.length - 1;
  }

  /** The number of items. */
  get length(): number {
    return this.#items.length;
  }

  /** The previous item (undefined on the first). */
  get previtem(): unknown {
    return this.index0 > 0 ? this.#items[this.index0 - 1] : undefined;
  }

  /** The next item (undefined on the last). */
  get nextitem(): unknown {
    return this.#items[this.index0 + 1];
  }

  /** One of the arguments, in turn: `loop.cycle('odd', 'even')`. */
  cycle(...values: unknown[]): unknown {
    if (values.length === 0) throw new TypeError('no items for cycling given');
    return values[this.index0 % values.length];
  }

  /** Whether the values differ from those of the previous call (true on the first call). */
  changed(...values: unknown[]): boolean {
    const previous = this.#last;
    this.#last = values;
    return (
      previous === undefined || previous.length !== values.length || previous.some((v, i) => v !== values[i])
    );
  }
}
