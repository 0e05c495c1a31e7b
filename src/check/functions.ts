/**
 * @module check/functions
 * The built-in functions, with their Chinese names. Each is total and runs in time linear in
 * its arguments; there are no user-defined functions, loops or recursion.
 */
export type Builtin =
  | 'min' | 'max' | 'floor' | 'ceil' | 'round' | 'abs'
  | 'count' | 'contains' | 'all' | 'sum' | 'length' | 'consecutive' | 'last';

/** Spellings accepted for each builtin (English first). */
export const builtinNames: Record<Builtin, readonly string[]> = {
  min: ['min', '最小值'],
  max: ['max', '最大值'],
  floor: ['floor', '向下取整'],
  ceil: ['ceil', '向上取整'],
  round: ['round', '四舍五入'],
  abs: ['abs', '绝对值'],
  count: ['count', '计数'],
  contains: ['contains', 'any', '包含'],
  all: ['all', '全部为'],
  sum: ['sum', '求和'],
  length: ['length', '个数'],
  consecutive: ['consecutive', '连续'],
  last: ['last', '最近'],
};

const byName = new Map<string, Builtin>();
for (const [id, names] of Object.entries(builtinNames)) for (const n of names) byName.set(n, id as Builtin);

export function lookupBuiltin(name: string): Builtin | undefined {
  return byName.get(name);
}
export const allBuiltinNames = [...byName.keys()];
