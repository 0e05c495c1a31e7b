/**
 * @module lru
 * A bounded cache.
 */

/**
 * A small least-recently-used map: caches keyed by what clients send stay bounded.
 * @example const c = new Lru<number>(2); c.set('a', 1); c.set('b', 2); c.set('c', 3); c.get('a') // undefined
 */
export class Lru<V> {
  private readonly map = new Map<string, V>();
  private readonly max: number;
  constructor(max: number) {
    this.max = max;
  }
  /** The most recently used key (already last in `map`: no need to move it again). */
  private newest: string | undefined;
  get(k: string): V | undefined {
    const v = this.map.get(k);
    if (v !== undefined && k !== this.newest) {
      this.map.delete(k);
      this.map.set(k, v);
      this.newest = k;
    }
    return v;
  }
  set(k: string, v: V): void {
    this.map.delete(k);
    this.map.set(k, v);
    this.newest = k;
    while (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }
  get size(): number {
    return this.map.size;
  }
  delete(k: string): void {
    if (k === this.newest) this.newest = undefined;
    this.map.delete(k);
  }
}
