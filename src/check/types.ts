/**
 * @module check/types
 * Semantic types of the language. Numbers carry an optional unit (`integer[household]`);
 * money is its own kind (exact yuan, computed in fen). A bare numeric literal has type `num`
 * until its context settles it (`households <= 3000` makes `3000` households).
 */
export type Ty =
  | { k: 'money' }
  | { k: 'int'; unit?: string }
  | { k: 'dec'; unit?: string }
  | { k: 'num'; integral: boolean }
  | { k: 'bool' }
  | { k: 'date' }
  | { k: 'text' }
  | { k: 'enum'; name: string }
  | { k: 'list'; of: Ty }
  | { k: 'any' };

export const T = {
  money: { k: 'money' } as Ty,
  int: (unit?: string): Ty => (unit ? { k: 'int', unit } : { k: 'int' }),
  dec: (unit?: string): Ty => (unit ? { k: 'dec', unit } : { k: 'dec' }),
  bool: { k: 'bool' } as Ty,
  date: { k: 'date' } as Ty,
  text: { k: 'text' } as Ty,
  any: { k: 'any' } as Ty,
  list: (of: Ty): Ty => ({ k: 'list', of }),
  enumOf: (name: string): Ty => ({ k: 'enum', name }),
};

export const isNumeric = (t: Ty) => t.k === 'int' || t.k === 'dec' || t.k === 'num' || t.k === 'money';
export const unitOf = (t: Ty): string | undefined => (t.k === 'int' || t.k === 'dec' ? t.unit : t.k === 'money' ? 'yuan' : undefined);

/** How a type reads in a message, e.g. `integer[household]`, `list of assessment`. */
export function showType(t: Ty, locale: 'en' | 'zh' = 'en'): string {
  const zh = locale === 'zh';
  switch (t.k) {
    case 'money': return zh ? '金额(元)' : 'money (yuan)';
    case 'int': return (zh ? '整数' : 'integer') + (t.unit ? `[${t.unit}]` : '');
    case 'dec': return (zh ? '小数' : 'decimal') + (t.unit ? `[${t.unit}]` : '');
    case 'num': return zh ? '数字' : 'a number';
    case 'bool': return zh ? '布尔' : 'bool';
    case 'date': return zh ? '日期' : 'date';
    case 'text': return zh ? '文本' : 'text';
    case 'enum': return `\`${t.name}\``;
    case 'list': return (zh ? '列表 ' : 'list of ') + showType(t.of, locale);
    case 'any': return zh ? '任意' : 'anything';
  }
}

/** Exact type equality (units included); `any` matches everything. */
export function sameType(a: Ty, b: Ty): boolean {
  if (a.k === 'any' || b.k === 'any') return true;
  if (a.k !== b.k) return false;
  switch (a.k) {
    case 'int':
    case 'dec': return a.unit === (b as typeof a).unit;
    case 'enum': return a.name === (b as typeof a).name;
    case 'list': return sameType(a.of, (b as typeof a).of);
    default: return true;
  }
}

/**
 * Whether a value of type `from` may be used where `to` is declared: exact match, a literal
 * number anywhere a number or money fits (integral for integers), an integer as a decimal,
 * and a unitless count where a unit is declared (`posts_min: integer[post] = 10 + …`).
 */
export function assignable(from: Ty, to: Ty): boolean {
  if (sameType(from, to)) return true;
  if (from.k === 'num') return to.k === 'money' || to.k === 'dec' || (to.k === 'int' && from.integral);
  if (from.k === 'int' && to.k === 'dec') return !from.unit || from.unit === to.unit;
  if ((from.k === 'int' || from.k === 'dec') && !from.unit && (to.k === 'int' || to.k === 'dec')) return from.k === 'int' || to.k === 'dec';
  if (from.k === 'list' && to.k === 'list') return assignable(from.of, to.of);
  return false;
}
