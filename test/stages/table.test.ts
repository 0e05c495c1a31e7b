/**
 * The tabular evaluator answers a row exactly as `evaluate` answers the same input as an
 * object: the same values (in the order of its outputs) for valid rows, the same errors for
 * invalid ones, whatever the column order and with `null` cells for values not given. Mistakes
 * of the table itself (columns) are reported once, for the call.
 */
import { describe, expect, it } from 'vitest';
import { inputReader, rowReader } from '../../src/schema/reader.ts';
import { generateInputs, rng } from '../generate.ts';
import { compileText, seed, SEED_IDS } from '../helpers.ts';

const junk: unknown[] = [-1, 1.5, 1e9, 'x', true, [], {}, ['pass', 3], Number.NaN, '2024-02-30', 100.005];
const AS_OF = ['2024-06-01', '2025-06-01'];

describe.each(SEED_IDS)('rows of %s', (id) => {
  const rs = seed(id);
  it('give what evaluate gives for the same input object, valid or not', () => {
    const r = rng(7);
    const names = rs.inputs.map((f) => f.name);
    // Columns in a shuffled order, so row positions and input slots differ.
    const columns = [...names].sort(() => r() - 0.5);
    const t = rs.tableEvaluator(columns);
    if (!t.ok) throw new Error(JSON.stringify(t.errors));
    expect(t.outputs).toEqual(rs.outputNames);
    let valid = 0;
    let invalid = 0;
    generateInputs(rs.inputs, 300, 11).forEach((input, n) => {
      const row: unknown[] = columns.map((c) => input[c]);
      const m = n % 4;
      // Every other row is changed: a cell blanked (null: not given), or a wrong value.
      if (m === 1) row[Math.floor(r() * row.length)] = null;
      if (m === 3) row[Math.floor(r() * row.length)] = junk[Math.floor(r() * junk.length)];
      const object = Object.fromEntries(columns.flatMap((c, i) => (row[i] === null ? [] : [[c, row[i]]])));
      const asOf = AS_OF[n % 2]!;
      const want = rs.evaluate(object, { asOf });
      const got = t.run(row, asOf);
      if (want.ok) {
        valid++;
        expect(got).toEqual({ ok: true, values: rs.outputNames.map((o) => want.outputs[o]) });
      } else {
        invalid++;
        expect(got).toEqual(want);
      }
    });
    // Both kinds of rows were exercised.
    expect(valid).toBeGreaterThan(100);
    if (rs.inputs.length > 0) expect(invalid).toBeGreaterThan(20);
  });
});

describe.each(SEED_IDS)('the row reader on %s', (id) => {
  const rs = seed(id);
  it('accepts every valid row (no fallback to the slow path) and fills the slots the object reader fills', () => {
    const required = rs.requiredInputs();
    const columns = rs.inputs.map((f) => f.name).reverse();
    const readRow = rowReader(rs.inputs, required, columns);
    const readObject = inputReader(rs.inputs, required);
    for (const input of generateInputs(rs.inputs, 200, 3)) {
      const fromRow: unknown[] = [];
      const fromObject: unknown[] = [];
      expect(readRow(columns.map((c) => input[c]), fromRow)).toBe(true);
      expect(readObject(input, fromObject)).toBe(true);
      expect(fromRow).toEqual(fromObject);
    }
  });
});

describe('a table of rows', () => {
  const rs = compileText(
    'ruleset t\ninput households: integer in 0..100000\ninput pay: money in 0..50000\ninput remark: text\n' +
      'def posts: integer cite "t" = floor(households / 500) + 1\ndef double_pay: money cite "t" = pay * 2\noutput posts, double_pay',
  ).ruleset!;

  it('answers only the outputs asked for, in their order, from the columns they need', () => {
    const t = rs.tableEvaluator(['pay'], { outputs: ['double_pay'] });
    if (!t.ok) throw new Error('columns refused');
    expect(t.outputs).toEqual(['double_pay']);
    expect(t.run([1234.56], '2025-01-01')).toEqual({ ok: true, values: [2469.12] });
  });

  it('refuses unknown, repeated and missing columns for the whole call', () => {
    const t = rs.tableEvaluator(['housholds', 'pay', 'pay']);
    expect(t.ok).toBe(false);
    if (t.ok) return;
    expect(t.errors).toEqual([
      expect.objectContaining({ field: 'columns.0', code: 'E-COLUMN-UNKNOWN', message: 'column `housholds` is not an input of this rule set; did you mean `households`?' }),
      expect.objectContaining({ field: 'columns.2', code: 'E-COLUMN-REPEATED' }),
      expect.objectContaining({ field: 'columns', code: 'E-COLUMN-MISSING', message: 'no column for the input `households`: the outputs asked for need it' }),
    ]);
    const zh = rs.tableEvaluator(['pay'], { locale: 'zh', outputs: ['nothing'] });
    expect(zh.ok ? [] : zh.errors).toEqual([
      expect.objectContaining({ field: 'outputs', code: 'E-OUTPUT-UNKNOWN' }),
    ]);
    // All missing columns in one error, whatever their number.
    expect(rs.tableEvaluator([], { locale: 'zh' })).toEqual({ ok: false, errors: [expect.objectContaining({ code: 'E-COLUMN-MISSING', message: '缺少列 `households`、`pay`：所求的输出需要这些输入', expected: 'households, pay' })] });
  });

  it('words a row that is not an array, or of the wrong width, and a blank required cell', () => {
    const t = rs.tableEvaluator(['households', 'pay', 'remark']);
    if (!t.ok) throw new Error('columns refused');
    expect(t.run({ households: 1 })).toEqual({ ok: false, errors: [expect.objectContaining({ field: '(row)', code: 'E-ROW-ARRAY', message: 'a row must be a JSON array with one value per column (3 columns)' })] });
    expect(t.run([1, 2])).toEqual({ ok: false, errors: [expect.objectContaining({ field: '(row)', code: 'E-ROW-LENGTH', message: 'this row has 2 values; the table has 3 columns' })] });
    expect(t.run([null, 2, null])).toEqual({ ok: false, errors: [expect.objectContaining({ field: 'households', code: 'E-INPUT-MISSING' })] });
    // A blank optional cell is fine, and so is the next row after a bad one.
    expect(t.run([4000, 10, null], '2025-01-01')).toEqual({ ok: true, values: [9, 20] });
    expect(t.run([4000, 10, 'x'], 'not a date')).toEqual({ ok: false, errors: [expect.objectContaining({ field: 'as_of' })] });
  });
});
