/** Deterministic random inputs for a rule set's declared input fields (for differential tests). */
import type { Field, FieldType } from '../src/ruleset.ts';

/** mulberry32: a small seeded PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function value(t: FieldType, r: () => number, texts: readonly string[]): unknown {
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  switch (t.k) {
    case 'money': {
      const lo = t.min ?? 0;
      const hi = t.max ?? 2_000_000;
      return int(lo, hi) / 100;
    }
    case 'integer': {
      const lo = t.min ?? 0;
      const hi = t.max ?? lo + 20_000;
      // Favour boundaries: they are where rules change.
      return r() < 0.2 ? [lo, hi, Math.min(hi, lo + 1)][int(0, 2)] : int(lo, hi);
    }
    case 'decimal':
      return Math.round(((t.min ?? 0) + r() * ((t.max ?? 100) - (t.min ?? 0))) * 1000) / 1000;
    case 'bool':
      return r() < 0.5;
    case 'date':
      return `20${String(int(15, 30)).padStart(2, '0')}-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}`;
    case 'text':
      return r() < 0.7 && texts.length ? texts[int(0, texts.length - 1)] : `x${int(0, 99)}`;
    case 'enum': {
      const ms = t.allowed ?? t.members;
      return ms[int(0, ms.length - 1)];
    }
    case 'list':
      return Array.from({ length: int(0, Math.min(8, t.maxItems ?? 8)) }, () => value(t.of, r, texts));
  }
}

/** `n` input objects covering every field, from a fixed seed. `texts` are likely text values. */
export function generateInputs(fields: readonly Field[], n: number, seed = 42, texts: readonly string[] = []): Record<string, unknown>[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => Object.fromEntries(fields.map((f) => [f.name, value(f.type, r, texts)])));
}
