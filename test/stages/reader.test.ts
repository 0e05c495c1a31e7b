/**
 * The fast input reader and the valibot schema agree: the reader never accepts what valibot
 * rejects (it would skip the error messages), and it accepts valid inputs (else every call
 * would take the slow path). Checked on generated valid inputs and on mutations of them.
 */
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { inputJsonSchema, inputSchema } from '../../src/schema/index.ts';
import { inputReader, rowReader } from '../../src/schema/reader.ts';
import { groupReader, rowGroupReader } from '../../src/schema/group-reader.ts';
import { columnTypeOf } from '../../src/backend/columns/index.ts';
import { BOOL, ENUM, newColumn } from '../../src/backend/columns/lanes.ts';
import { generateInputs, rng } from '../generate.ts';
import { compileText, seed, SEED_IDS } from '../helpers.ts';

const junk: unknown[] = [null, -1, 1.5, 1e9, 'x', '', true, [], {}, ['pass', 3], 0.001, Number.NaN, '2024-02-30', 100.005, -0.01, 2 ** 53, -(2 ** 53)];

describe.each([...SEED_IDS, 'money-fixture'])('reader vs valibot on %s', (id) => {
  const rs = id === 'money-fixture'
    ? compileText('ruleset m\nenum five { a b c d e }\ninput pay: money in 0..50000\ninput day: date\ninput pays: list of money max_items 3\ninput tags: list of five max_items 4\ndef d: money cite "t" = pay + sum(pays)\ndef e: bool cite "t" = day > 2024-01-01 and count(tags, c) > 0\noutput d, e').ruleset!
    : seed(id);
  it('agree on valid and mutated inputs', () => {
    const required = rs.requiredInputs();
    const read = inputReader(rs.inputs, required);
    const schema = inputSchema(rs.inputs, required);
    const r = rng(99);
    const slots: unknown[] = [];
    for (const input of generateInputs(rs.inputs, 400, 5)) {
      expect(read(input, slots)).toBe(true);
      expect(v.safeParse(schema, input).success).toBe(true);
      for (let m = 0; m < 6; m++) {
        const bad: Record<string, unknown> = { ...input };
        const names = Object.keys(bad);
        const k = names[Math.floor(r() * names.length)]!;
        if (m === 0) delete bad[k];
        else if (m === 1) bad[k.slice(0, -1)] = 1;
        else if (m === 2) bad[k] = undefined; // from code, not JSON: not given
        else bad[k] = junk[Math.floor(r() * junk.length)];
        const fast = read(bad, slots);
        if (fast) {
          expect(v.safeParse(schema, bad).success, `${id}: ${JSON.stringify(bad)}`).toBe(true);
        }
      }
    }
    expect(read(JSON.parse('{"__proto__": {}}'), slots)).toBe(false);
  });
  it('accepts valid inputs that leave out, or give as undefined, fields the outputs asked for do not need', () => {
    // The output that needs the fewest inputs.
    const [output] = [...rs.outputNames].sort((a, b) => rs.requiredInputs([a]).size - rs.requiredInputs([b]).size);
    const required = rs.requiredInputs([output!]);
    const optional = rs.inputs.filter((f) => !required.has(f.name)).map((f) => f.name);
    // cn's one output needs both its inputs: nothing to leave out there.
    expect(optional.length > 0).toBe(id !== 'cn');
    const read = inputReader(rs.inputs, required);
    const schema = inputSchema(rs.inputs, required);
    const r = rng(5);
    const slots: unknown[] = [];
    for (const input of optional.length ? generateInputs(rs.inputs, 200, 6) : []) {
      const partial: Record<string, unknown> = { ...input };
      for (const k of optional) if (r() < 0.5) delete partial[k];
      else if (r() < 0.5) partial[k] = undefined;
      expect(v.safeParse(schema, partial).success).toBe(true);
      expect(read(partial, slots), `${id}: ${JSON.stringify(partial)}`).toBe(true);
    }
  });
});

describe.each([...SEED_IDS, 'money-fixture'])('the group reader on %s', (id) => {
  const rs = id === 'money-fixture'
    ? compileText('ruleset m\ninput pay: money in 0..50000\ninput day: date\ninput pays: list of money max_items 3\ninput level: lvl\nenum lvl { a b c d e f g h i }\ndef d: money cite "t" = pay + sum(pays)\ndef e: bool cite "t" = day > 2024-01-01 and level = b\noutput d, e').ruleset!
    : seed(id);
  // Keys in the fields' order; all in one other order (the reader learns it after a group);
  // each input in an order of its own (every key looked up).
  it.each(['declared', 'one other', 'each its own'] as const)('refuses the inputs the input reader refuses, and gives the values it gives, field by field (keys in %s order)', (order) => {
    const required = rs.requiredInputs();
    const read = inputReader(rs.inputs, required);
    const width = 64;
    const group = groupReader(rs.inputs, required, width);
    const r = rng(7);
    const other = rs.inputs.map((f) => f.name).sort(() => r() - 0.5);
    const reorder = (x: Record<string, unknown>): Record<string, unknown> => {
      if (order === 'declared') return x;
      const keys = order === 'one other' ? other : Object.keys(x).sort(() => r() - 0.5);
      return Object.fromEntries(keys.filter((k) => Object.hasOwn(x, k)).map((k) => [k, x[k]]));
    };
    // Valid inputs, and each broken one way or another (a field left out, an unknown key, junk).
    const inputs: unknown[] = generateInputs(rs.inputs, 300, 3).map(reorder).flatMap((input) => {
      const bad: Record<string, unknown> = { ...input };
      const names = Object.keys(bad);
      const k = names[Math.floor(r() * names.length)]!;
      const m = Math.floor(r() * 6);
      const t = rs.inputs.find((f) => f.name === k)!.type as { min?: number; max?: number };
      if (m === 0) delete bad[k];
      else if (m === 1) bad[k.slice(0, -1)] = 1;
      else if (m === 5) bad[k] = undefined; // from code, not JSON: not given
      else if (m === 2) bad[k] = junk[Math.floor(r() * junk.length)];
      // Just inside or just outside a declared range.
      else bad[k] = m === 3 ? (t.max ?? 7) + Math.floor(r() * 2) : (t.min ?? -7) - Math.floor(r() * 2);
      return [input, bad];
    });
    inputs.push(null, [], 'x', Object.create({ inherited: 1 }));
    const types = rs.inputs.map((f) => columnTypeOf(f.type));
    const columns = types.map((t) => ({ ...t, col: newColumn(t.kind, width) }));
    let refused = 0;
    for (let from = 0; from < inputs.length; from += width) {
      const n = Math.min(width, inputs.length - from);
      const failed = new Uint8Array(width);
      failed[5] = 1; // failed already (a date that is not one): not read
      group((i) => inputs[from + i], n, failed, (slot) => columns[slot]);
      for (let i = 0; i < n; i++) {
        if (i === 5) continue;
        const slots: unknown[] = [];
        const ok = read(inputs[from + i], slots);
        expect(!failed[i], JSON.stringify(inputs[from + i])).toBe(ok);
        refused += +!ok;
        if (!ok) continue;
        slots.forEach((v, s) => {
          if (v === undefined) return;
          const t = types[s]!;
          expect(columns[s]!.col[i], rs.inputs[s]!.name).toEqual(t.kind === BOOL ? +(v as boolean) : t.kind === ENUM ? t.members!.indexOf(v as string) : v);
        });
      }
      expect(failed[5]).toBe(1);
    }
    expect(refused).toBeGreaterThan(100);
  });
});

describe('the group reader, on inputs only code can make', () => {
  const rs = seed('jilin-example');
  const required = rs.requiredInputs();
  const names = rs.inputs.map((f) => f.name);
  const valid = generateInputs(rs.inputs, 64, 31);
  const columns = rs.inputs.map((f) => ({ ...columnTypeOf(f.type), col: newColumn(columnTypeOf(f.type).kind, 64) }));
  const readGroup = (group: ReturnType<typeof groupReader>, inputs: readonly unknown[]) => {
    const failed = new Uint8Array(64);
    group((i) => inputs[i], inputs.length, failed, (slot) => columns[slot]);
    return failed;
  };

  it('refuses what the input reader refuses, without throwing: big integers, symbols, functions, a `__proto__` key, getters', () => {
    const read = inputReader(rs.inputs, required);
    const group = groupReader(rs.inputs, required, 64);
    const fn = Object.assign(() => 0, valid[0]);
    Object.setPrototypeOf(fn, Object.prototype);
    const getters = Object.defineProperties({}, Object.fromEntries(names.map((k) => [k, { get: () => valid[1]![k], enumerable: true }])));
    const odd: unknown[] = [
      { ...valid[2], households: 10n, typo: 1 },
      { ...valid[3], households: 10n },
      { ...valid[4], post: Symbol('head') },
      fn,
      JSON.parse(`{"__proto__": {}, ${JSON.stringify(valid[5]).slice(1)}`),
      getters,
      valid[6],
    ];
    const failed = readGroup(group, odd);
    odd.forEach((x, i) => expect(!failed[i], String(i)).toBe(read(x, [])));
    expect([...failed.subarray(0, odd.length)]).toEqual([1, 1, 1, 1, 1, 0, 0]);
  });

  it('learns the key order most inputs of a group have, and not one a few have', () => {
    // Keys in the declared order but the last two swapped: an input in an order the reader does
    // not expect is read again by key from where it goes out of order, so its getters run twice.
    const swapped = [...names.slice(0, -2), names.at(-1)!, names.at(-2)!];
    const reads = new Map<string, number>();
    const counted = (keys: readonly string[], from: Record<string, unknown>) =>
      Object.defineProperties({}, Object.fromEntries(keys.map((k) => [k, { get: () => (reads.set(k, (reads.get(k) ?? 0) + 1), from[k]), enumerable: true }])));
    const inOrder = (keys: readonly string[], from: Record<string, unknown>) => Object.fromEntries(keys.map((k) => [k, from[k]]));
    const readsOf = (group: ReturnType<typeof groupReader>, keys: readonly string[]) => {
      reads.clear();
      expect([...readGroup(group, valid.slice(0, 8).map((x) => counted(keys, x)))]).toEqual(new Array(64).fill(0));
      return Math.max(...reads.values()) / 8; // the most any key of the 8 inputs was read, per input
    };
    // Mostly swapped: the next group in that order is read once.
    const learning = groupReader(rs.inputs, required, 64);
    readGroup(learning, valid.map((x, i) => inOrder(i < 54 ? swapped : names, x)));
    expect(readsOf(learning, swapped)).toBe(1);
    // A few swapped, then a group of 8 in the declared order: still read once (not relearned).
    const keeping = groupReader(rs.inputs, required, 64);
    readGroup(keeping, valid.map((x, i) => inOrder(i < 10 ? swapped : names, x)));
    expect(readsOf(keeping, names)).toBe(1);
    // The other way round, the reader still in the declared order: read twice.
    expect(readsOf(keeping, swapped)).toBe(2);
  });
});

describe.each([...SEED_IDS])('the group reader of table rows on %s', (id) => {
  it('refuses the rows the row reader refuses, and gives the values it gives, with columns left out and cells not given', () => {
    const rs = seed(id);
    const required = rs.requiredInputs();
    const width = 64;
    const r = rng(23);
    // All columns in a shuffled order, then one left out (a required one: every row refused where it is needed).
    const all = rs.inputs.map((f) => f.name).sort(() => r() - 0.5);
    for (const columns of [all, all.slice(1)]) {
      const read = rowReader(rs.inputs, required, columns);
      const group = rowGroupReader(rs.inputs, required, columns, width);
      const rows: unknown[] = generateInputs(rs.inputs, 200, 4).map((x, i) => {
        const row: unknown[] = columns.map((c) => x[c]);
        const k = i % row.length;
        if (i % 5 === 1) row[k] = null;
        if (i % 5 === 2) row[k] = undefined;
        if (i % 5 === 3) row[k] = junk[i % junk.length];
        return i % 17 === 9 ? row.slice(1) : row;
      });
      rows.push(null, {}, 'x');
      const types = rs.inputs.map((f) => columnTypeOf(f.type));
      const cols = types.map((t) => ({ ...t, col: newColumn(t.kind, width) }));
      for (let from = 0; from < rows.length; from += width) {
        const n = Math.min(width, rows.length - from);
        const failed = new Uint8Array(width);
        group((i) => rows[from + i], n, failed, (slot) => cols[slot]);
        for (let i = 0; i < n; i++) {
          const slots: unknown[] = [];
          const ok = read(rows[from + i], slots);
          expect(!failed[i], JSON.stringify(rows[from + i])).toBe(ok);
          if (ok) slots.forEach((v, s) => v !== undefined && expect(cols[s]!.col[i]).toEqual(types[s]!.kind === BOOL ? +(v as boolean) : types[s]!.kind === ENUM ? types[s]!.members!.indexOf(v as string) : v));
        }
      }
    }
  });
});

describe('date inputs', () => {
  it('must be real calendar dates, in the fast reader and in the schema alike', () => {
    const r = compileText('ruleset d\ninput d: date\ndef late: bool cite "x" = d >= 2025-01-01\noutput late').ruleset!;
    expect(r.evaluate({ d: '2025-02-28' }, { asOf: '2025-06-01' })).toEqual({ ok: true, outputs: { late: true } });
    const bad = r.evaluate({ d: '2025-02-30' }, { asOf: '2025-06-01' });
    expect(bad).toEqual({ ok: false, errors: [expect.objectContaining({ field: 'd', code: 'E-INPUT-TYPE' })] });
    expect(r.evaluator()({ d: '2025-02-30' }, '2025-06-01')).toEqual(bad);
  });
});

describe('integer inputs', () => {
  const rs = compileText('ruleset i\ninput n: integer\ninput m: integer in 0..\ninput k: list of integer\ndef x: integer cite "x" = n + m + count(k)\noutput x').ruleset!;
  const all = new Set(['n', 'm', 'k']);

  it('beyond the safe integers are refused by the fast reader, the row reader and the schema alike', () => {
    // 2 ** 53 is what 9007199254740993 becomes in JSON.parse.
    const read = inputReader(rs.inputs, all);
    const rows = rowReader(rs.inputs, all, ['n', 'm', 'k']);
    const schema = inputSchema(rs.inputs, all);
    const slots: unknown[] = [];
    for (const bad of [{ n: 2 ** 53, m: 0, k: [] }, { n: -(2 ** 53), m: 0, k: [] }, { n: 1e300, m: 0, k: [] }, { n: 0, m: 2 ** 53, k: [] }, { n: 0, m: 0, k: [1, 2 ** 53] }]) {
      expect(read(bad, slots), JSON.stringify(bad)).toBe(false);
      expect(rows([bad.n, bad.m, bad.k], slots), JSON.stringify(bad)).toBe(false);
      expect(v.safeParse(schema, bad).success, JSON.stringify(bad)).toBe(false);
    }
    const edge = { n: -Number.MAX_SAFE_INTEGER, m: Number.MAX_SAFE_INTEGER, k: [Number.MAX_SAFE_INTEGER] };
    expect(read(edge, slots)).toBe(true);
    expect(rows([edge.n, edge.m, edge.k], slots)).toBe(true);
    expect(v.safeParse(schema, edge).success).toBe(true);
  });

  it('beyond the safe integers are named with the safe range, inside any declared one', () => {
    const r = rs.evaluator()({ n: 2 ** 53, m: 2 ** 53, k: [-(2 ** 53)] }, '2025-01-01');
    expect(r).toEqual({ ok: false, errors: [
      { field: 'n', code: 'E-INPUT-RANGE', message: 'input `n` = 9007199254740992 is invalid: expected an integer -9007199254740991..9007199254740991 (integers beyond these are not exact in JSON)', expected: 'an integer -9007199254740991..9007199254740991' },
      { field: 'm', code: 'E-INPUT-RANGE', message: 'input `m` = 9007199254740992 is invalid: expected an integer 0..9007199254740991 (integers beyond these are not exact in JSON)', expected: 'an integer 0..9007199254740991' },
      { field: 'k.0', code: 'E-INPUT-RANGE', message: 'input `k.0` = -9007199254740992 is invalid: expected an integer -9007199254740991..9007199254740991 (integers beyond these are not exact in JSON)', expected: 'an integer -9007199254740991..9007199254740991' },
    ] });
    // A declared range is told first when the value is outside it as well.
    const small = compileText('ruleset j\ninput n: integer in 0..100\ndef x: integer cite "x" = n\noutput x').ruleset!;
    expect(small.evaluate({ n: 2 ** 60 })).toEqual({ ok: false, errors: [expect.objectContaining({ field: 'n', code: 'E-INPUT-RANGE', expected: 'an integer 0..100' })] });
  });

  it('carry the safe range in JSON Schema', () => {
    const props = inputJsonSchema(rs.inputs, all)['properties'] as Record<string, unknown>;
    expect(props).toEqual({
      n: { type: 'integer', minimum: -Number.MAX_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER },
      m: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
      k: { type: 'array', items: { type: 'integer', minimum: -Number.MAX_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER }, maxItems: 1000 },
    });
  });
});

describe('enum inputs with a range', () => {
  // Members compare in declared order: `z..a` is z and a, not m (after a, though before z as text).
  const rs = compileText('ruleset e\nenum lvl { z "Z" a "A" m "M" }\ninput x: lvl "x" in z..a\ninput y: lvl in [a, m]\ninput w: lvl\ndef e: lvl cite "X" = x\noutput e').ruleset!;
  const all = new Set(['x', 'y', 'w']);

  it('refuse a member outside the range in the fast reader, the row reader and the schema alike, naming the input', () => {
    const read = inputReader(rs.inputs, all);
    const rows = rowReader(rs.inputs, all, ['x', 'y', 'w']);
    const schema = inputSchema(rs.inputs, all);
    const slots: unknown[] = [];
    for (const bad of [{ x: 'm', y: 'a', w: 'z' }, { x: 'z', y: 'z', w: 'z' }]) {
      expect(read(bad, slots), JSON.stringify(bad)).toBe(false);
      expect(rows([bad.x, bad.y, bad.w], slots), JSON.stringify(bad)).toBe(false);
      expect(v.safeParse(schema, bad).success, JSON.stringify(bad)).toBe(false);
    }
    const ok = { x: 'a', y: 'm', w: 'm' };
    expect(read(ok, slots)).toBe(true);
    expect(rows([ok.x, ok.y, ok.w], slots)).toBe(true);
    // Before: `m` was accepted and evaluated.
    expect(rs.evaluate({ x: 'm', y: 'a', w: 'z' })).toEqual({ ok: false, errors: [
      { field: 'x', code: 'E-INPUT-RANGE', message: 'input `x` = "m" is invalid: expected one of z (Z), a (A)', expected: 'one of z (Z), a (A)' },
    ] });
    expect(rs.evaluate({ x: 'q', y: 'z', w: 'z' }, { locale: 'zh' })).toEqual({ ok: false, errors: [
      { field: 'x', code: 'E-INPUT-TYPE', message: '输入 `x` 的值 "q" 无效，应为其中之一：z（Z）, a（A）', expected: '其中之一：z（Z）, a（A）' },
      { field: 'y', code: 'E-INPUT-RANGE', message: '输入 `y` 的值 "z" 无效，应为其中之一：a（A）, m（M）', expected: '其中之一：a（A）, m（M）' },
    ] });
  });

  it('name members called like Object.prototype properties without a label as they are', () => {
    // Before: `constructor` had the label `function Object() { [native code] }`.
    const odd = compileText('ruleset o\nenum k { constructor toString "T" plain }\ninput k: k\ndef e: k cite "X" = k\noutput e').ruleset!;
    expect(odd.evaluate({ k: 'q' })).toMatchObject({ ok: false, errors: [{ field: 'k', expected: 'one of constructor, toString (T), plain' }] });
  });

  it('list only the allowed members in JSON Schema and the field type', () => {
    const props = inputJsonSchema(rs.inputs, all)['properties'] as Record<string, { enum: string[] }>;
    expect([props['x']!.enum, props['y']!.enum, props['w']!.enum]).toEqual([['z', 'a'], ['a', 'm'], ['z', 'a', 'm']]);
    expect(rs.inputs[0]!.type).toMatchObject({ k: 'enum', members: ['z', 'a', 'm'], allowed: ['z', 'a'] });
  });
});

describe('text inputs', () => {
  const rs = compileText('ruleset t\ninput code: text\ndef known: bool cite "x" = code = "a"\noutput known').ruleset!;
  const all = new Set(['code']);

  it('take 10,000 characters, counted as characters: emoji and rare CJK characters are one each', () => {
    const read = inputReader(rs.inputs, all);
    const schema = inputSchema(rs.inputs, all);
    const slots: unknown[] = [];
    for (const code of ['𠀀'.repeat(10_000), '😀'.repeat(5_001), 'x'.repeat(10_000)]) {
      expect(read({ code }, slots)).toBe(true);
      expect(v.safeParse(schema, { code }).success).toBe(true);
    }
    for (const code of ['𠀀'.repeat(10_001), 'x'.repeat(10_001), `${'😀'.repeat(9_999)}ab`]) {
      expect(read({ code }, slots)).toBe(false);
      expect(v.safeParse(schema, { code }).success).toBe(false);
    }
  });

  it('say their limit in characters when refused, and carry it in JSON Schema', () => {
    expect(rs.evaluate({ code: '😀'.repeat(10_001) })).toEqual({ ok: false, errors: [{ field: 'code', code: 'E-INPUT-RANGE', message: `input \`code\` = "${'😀'.repeat(19)}… is invalid: expected text of at most 10000 characters`, expected: 'text of at most 10000 characters' }] });
    expect(rs.evaluate({ code: 5 }, { locale: 'zh' })).toEqual({ ok: false, errors: [expect.objectContaining({ code: 'E-INPUT-TYPE', expected: '文本（最多 10000 个字符）' })] });
    expect(inputJsonSchema(rs.inputs, all)['properties']).toEqual({ code: { type: 'string', maxLength: 10_000 } });
  });
});
