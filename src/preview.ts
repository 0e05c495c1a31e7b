/**
 * @module preview
 * A client's value or name as an error message quotes it: short JSON, or its start and `…`.
 * Safe for anything a client can send: the work is bounded by the length shown, not by how
 * large or how deeply nested the value is (`JSON.stringify` overflows the stack on a list
 * nested a few thousand levels deep, and copies a megabyte string only to cut it).
 */

/** Characters a preview shows at most (the `…` included). */
export const PREVIEW_MAX = 40;

/**
 * A value as JSON of at most {@link PREVIEW_MAX} characters; longer ones are cut, with `…`.
 * @example preview([1, [2, 3]]) // '[1,[2,3]]'
 * @example preview('x'.repeat(100)) // '"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…'
 */
export function preview(value: unknown, max = PREVIEW_MAX): string {
  let out = '';
  // Writes `x`; false once the budget is spent. Each step writes at least one character, so
  // neither the recursion nor the loops go on longer than the budget.
  const write = (x: unknown): boolean => {
    if (out.length > max) return false;
    if (typeof x === 'string') {
      out += JSON.stringify(x.length > max ? x.slice(0, max) : x);
      return x.length <= max;
    }
    if (typeof x !== 'object' || x === null) {
      out += typeof x === 'number' || typeof x === 'boolean' || x === null ? JSON.stringify(x) : String(x);
      return true;
    }
    if (typeof (x as { toJSON?: unknown }).toJSON === 'function') return write((x as { toJSON: () => unknown }).toJSON());
    if (Array.isArray(x)) {
      out += '[';
      for (let i = 0; i < x.length; i++) {
        if (i > 0) out += ',';
        if (!write(x[i])) return false;
      }
      out += ']';
      return true;
    }
    out += '{';
    let first = true;
    for (const k in x) {
      if (!Object.hasOwn(x, k)) continue;
      if (!first) out += ',';
      first = false;
      if (!write(k)) return false;
      out += ':';
      if (!write((x as Record<string, unknown>)[k])) return false;
    }
    out += '}';
    return true;
  };
  return write(value) && out.length <= max ? out : cut(out, max);
}

/**
 * A name (such as a key a client sent) shortened to {@link PREVIEW_MAX} characters, with `…`.
 * @example clip('households') // 'households'
 */
export function clip(name: string, max = PREVIEW_MAX): string {
  return name.length <= max ? name : cut(name, max);
}

/** The first `max - 1` characters and `…`, never splitting a surrogate pair. */
function cut(text: string, max: number): string {
  let end = Math.min(text.length, max - 1);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}
