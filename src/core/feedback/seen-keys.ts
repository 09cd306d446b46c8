import { createHash } from 'node:crypto';

/**
 * The keys an import has seen, as 64-bit fingerprints in one typed array (open addressing, linear
 * probing, at most half full): a file of 5 million rows costs a 128 MB array (192 MB while it grows)
 * that the garbage collector never walks. A `Set` of
 * the key strings held one string per row, which every major collection marked again, so an import's
 * rate fell as the file went on (issue #13). Two keys share a fingerprint with probability ~n²/2⁶⁵
 * (7 × 10⁻⁷ for 5 million rows); such a row would be counted as repeated, and still ingested.
 *
 * @example
 * const seen = new SeenKeys();
 * seen.add('twitter\u0000123'); // true: new
 * seen.add('twitter\u0000123'); // false: seen before
 */
export class SeenKeys {
  #slots = new Uint32Array(2 * 1024);
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** Adds the key; false when it was there already. */
  add(key: string): boolean {
    const digest = createHash('sha256').update(key).digest();
    // 0/0 marks an empty slot: the fingerprint is never that.
    const hi = digest.readUInt32LE(0) || 1;
    const lo = digest.readUInt32LE(4);
    if ((this.#size + 1) * 2 > this.#slots.length / 2) this.#grow();
    return this.#insert(hi, lo);
  }

  #insert(hi: number, lo: number): boolean {
    const capacity = this.#slots.length / 2;
    for (let i = ((hi ^ lo) >>> 0) % capacity; ; i = (i + 1) % capacity) {
      const h = this.#slots[2 * i] as number;
      if (h === 0) {
        this.#slots[2 * i] = hi;
        this.#slots[2 * i + 1] = lo;
        this.#size++;
        return true;
      }
      if (h === hi && this.#slots[2 * i + 1] === lo) return false;
    }
  }

  #grow(): void {
    const old = this.#slots;
    this.#slots = new Uint32Array(old.length * 2);
    this.#size = 0;
    for (let i = 0; i < old.length; i += 2)
      if (old[i] !== 0) this.#insert(old[i] as number, old[i + 1] as number);
  }
}
