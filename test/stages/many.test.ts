/**
 * `evaluator().many`: many inputs computed a step of the plan at a time give, in order, exactly
 * the answers of the evaluator called on each — values, errors of invalid inputs and dates, and
 * failures of the evaluation itself — across the groups it runs them in.
 */
import { describe, expect, it } from 'vitest';
import { generateInputs } from '../generate.ts';
import type { TableEvaluator } from '../../src/ruleset.ts';
import { batchOf } from '../../src/service/batch.ts';
import { compileText, seed, SEED_IDS, SUMS_PAST_SAFE } from '../helpers.ts';
import { OPS_SOURCE } from '../ops-source.ts';

/** Lines joined by `sep` into one text, with the place of each (none, -1, for line `noPlace`). */
function placed(lines: readonly string[], sep: string, noPlace: number) {
  const starts: number[] = [];
  const ends: number[] = [];
  for (let at = 0, i = 0; i < lines.length; at += lines[i]!.length + sep.length, i++) {
    starts.push(at);
    ends.push(i === noPlace ? -1 : at + lines[i]!.length);
  }
  return { text: lines.join(sep), starts, ends };
}

/** The evaluator's answer for each input alone. */
const oneByOne = (run: (input: unknown, asOf?: string) => unknown, inputs: readonly unknown[], dates: readonly (string | undefined)[] | string | undefined) =>
  inputs.map((x, i) => run(x, typeof dates === 'object' ? dates[i] : dates));

describe('many inputs at once', () => {
  it.each(SEED_IDS)('%s: the same answers as one by one, valid and not, across groups of inputs', (id) => {
    const rs = seed(id);
    const valid = generateInputs(rs.inputs, 700, 20261205);
    // Every seventh input is broken one way or another; every fifth date is not a date.
    const inputs: unknown[] = valid.map((x, i) => {
      if (i % 7 !== 3) return x;
      const broken: Record<string, unknown> = { ...x };
      const first = rs.inputs[i % rs.inputs.length]!.name;
      if (i % 2) delete broken[first];
      else broken[first] = { nested: true };
      return broken;
    });
    inputs.push(null, [], 'text');
    const dates = inputs.map((_, i) => (i % 5 === 4 ? '2024-02-30' : i % 2 ? '2020-06-01' : undefined));
    const run = rs.evaluator();
    const many = run.many(inputs, dates);
    expect(many).toEqual(oneByOne(run, inputs, dates));
    expect(many.filter((r) => r.ok).length).toBeGreaterThan(400);
    expect(many.filter((r) => !r.ok).length).toBeGreaterThan(100);
  });

  it.each(SEED_IDS)('%s: input objects given as lines of one text get what runText answers for each', (id) => {
    const rs = seed(id);
    const inputs = generateInputs(rs.inputs, 400, 5);
    // Key orders vary; one object has an unknown key, one is spaced out, one is cut short, one has no place (-1).
    const lines = inputs.map((x, i) => (i % 13 === 1 ? JSON.stringify(Object.fromEntries(Object.entries(x).reverse())) : i === 20 ? JSON.stringify({ ...x, extra: 1 }) : i === 21 ? ` ${JSON.stringify(x)}\t` : i === 22 ? JSON.stringify(x).slice(0, -1) : JSON.stringify(x)));
    const { text, starts, ends } = placed(lines, '\r\n', 23);
    const run = rs.evaluator();
    for (const asOf of ['2020-06-01', undefined, '2024-13-01']) {
      const many = run.runTextMany(text, starts, ends, asOf);
      expect(many).toEqual(lines.map((_, i) => (ends[i]! < 0 ? undefined : run.runText(text, asOf, starts[i], ends[i]))));
      expect(many[20]).toBeUndefined();
      if (asOf !== '2024-13-01') expect(many.filter((r) => r?.ok).length).toBeGreaterThan(300);
    }
  });

  it('every core operation: the same answers as one by one, also where operations without a loop read the inputs from the register files', () => {
    const rs = compileText(OPS_SOURCE).ruleset!;
    const inputs = generateInputs(rs.inputs, 1500, 12);
    const dates = inputs.map((_, i) => (i % 3 ? '2024-06-01' : '2025-06-01'));
    const run = rs.evaluator();
    const many = run.many(inputs, dates);
    expect(many).toEqual(oneByOne(run, inputs, dates));
    expect(many.filter((r) => r.ok).length).toBe(inputs.length);
    // `last` and `sum` run through the closures, on each input's register file.
    const tail = rs.evaluator({ outputs: ['tail', 'total', 'tail_n'] });
    expect(tail.many(inputs, dates)).toEqual(oneByOne(tail, inputs, dates));
  });

  it('a value written undefined is not given, read one at a time or a group at a time, whatever the group before held', () => {
    const rs = compileText('ruleset u\ninput pay: money in 0..100000\ninput day: date\ninput flag: bool\ndef twice: money cite "t" = pay * 2\ndef late: bool cite "t" = day > 2024-01-01 and flag\noutput twice, late').ruleset!;
    const run = rs.evaluator();
    run.many([{ pay: 4321.5, day: '2025-05-05', flag: true }], '2025-01-01');
    const inputs = [{ pay: undefined, day: undefined, flag: true }, { pay: 1, day: '2025-05-05', flag: undefined }, { pay: 1, day: '2025-05-05', flag: false }];
    const many = run.many(inputs, '2025-01-01');
    expect(many).toEqual(oneByOne(run, inputs, '2025-01-01'));
    expect(many.map((r) => (r.ok ? 'ok' : r.errors.map((e) => `${e.field} ${e.code}`).join(', ')))).toEqual(['pay E-INPUT-MISSING, day E-INPUT-MISSING', 'flag E-INPUT-MISSING', 'ok']);
  });

  it('takes one date for all, or none (today), and answers nothing for no inputs', () => {
    const rs = seed('jilin-example');
    const inputs = generateInputs(rs.inputs, 300, 7);
    const run = rs.evaluator();
    expect(run.many(inputs, '2020-06-01')).toEqual(oneByOne(run, inputs, '2020-06-01'));
    expect(run.many(inputs)).toEqual(oneByOne(run, inputs, undefined));
    expect(run.many([], '2020-06-01')).toEqual([]);
  });

  it('answers only the outputs asked for, and an unknown output as an error of each input', () => {
    const rs = seed('jilin');
    const inputs = [{ households: 4321 }, { households: 800 }, { households: -1 }];
    const answers = rs.evaluator({ outputs: ['posts_min'] }).many(inputs);
    expect(answers[0]).toEqual({ ok: true, outputs: { posts_min: 12 } });
    expect(answers).toEqual(inputs.map((x) => rs.evaluate(x, { outputs: ['posts_min'] })));
    expect(answers[2]!.ok).toBe(false);
    const unknown = rs.evaluator({ outputs: ['local_post'] });
    expect(unknown.many(inputs)).toEqual(oneByOne(unknown, inputs, undefined));
    expect(unknown.many(inputs).every((r) => !r.ok)).toBe(true);
  });

  it('computes the inputs of a group together: each valid input is read once, not again alone', () => {
    const rs = seed('jilin');
    let reads = 0;
    // A getter counts the reads of each input (the one-input path would read it a second time).
    const inputs = Array.from({ length: 300 }, (_, i) => Object.defineProperty({}, 'households', { enumerable: true, get: () => (reads++, 1000 + i) }));
    const answers = rs.evaluator({ outputs: ['posts_min'] }).many(inputs);
    expect(answers.every((r) => r.ok)).toBe(true);
    expect(reads).toBe(300);
  });

  it('an input whose values fail only the straight run (one it does not use) is answered by the lazy run', () => {
    const text = ['ruleset o', 'input d: decimal', 'input y: bool', 'def whole: integer cite "X" = floor(d)', 'def b: integer cite "X" = if y then whole otherwise 0', 'output b'].join('\n');
    const inputs = Array.from({ length: 300 }, (_, i) => ({ d: i % 3 === 0 ? 2.5 : 1e300, y: i % 3 !== 1 }));
    const answers = compileText(text).ruleset!.evaluator().many(inputs);
    // Answered as a rule set that never ran a group answers each input.
    const fresh = compileText(text).ruleset!;
    expect(answers).toStrictEqual(inputs.map((x) => fresh.evaluate(x)));
    expect(answers.slice(0, 2)).toStrictEqual([{ ok: true, outputs: { b: 2 } }, { ok: true, outputs: { b: 0 } }]);
    expect(answers[2]).toMatchObject({ ok: false, errors: [{ field: 'whole', code: 'E-EVAL-RANGE' }] });
  });

  it('an evaluation that fails part way fails alone, with its own error, and the others go on', () => {
    const rs = compileText(SUMS_PAST_SAFE).ruleset!;
    const max = Number.MAX_SAFE_INTEGER;
    // Past the safe integers in a step (`whole`) or only in the check after all steps (`s`).
    const inputs = Array.from({ length: 600 }, (_, i) => (i % 3 === 0 ? { n: i, m: 1, d: 2.5 } : i % 3 === 1 ? { n: max, m: 1, d: 0 } : { n: 0, m: 0, d: 1e300 }));
    const run = rs.evaluator();
    const many = run.many(inputs);
    expect(many).toEqual(oneByOne(run, inputs, undefined));
    expect(many.slice(0, 3).map((r) => (r.ok ? 'ok' : r.errors[0]!.field))).toEqual(['ok', 's', 'whole']);
  });
});

describe('many table rows at once', () => {
  it.each(SEED_IDS)('%s: rows and rows given as lines of one text get the answers of each alone', (id) => {
    const rs = seed(id);
    const columns = rs.inputs.map((f) => f.name);
    const rows: unknown[] = generateInputs(rs.inputs, 600, 99).map((x, i) => {
      const row: unknown[] = columns.map((c) => x[c] ?? null);
      // A missing value, a value of the wrong type, a short row, now and then.
      if (i % 9 === 2) row[i % row.length] = null;
      if (i % 9 === 5) row[i % row.length] = 'wrong';
      return i % 31 === 7 ? row.slice(1) : row;
    });
    const t = rs.tableEvaluator(columns) as TableEvaluator;
    for (const asOf of ['2020-06-01', undefined, 'not a date']) {
      expect(t.runMany(rows, asOf)).toEqual(rows.map((row) => t.run(row, asOf)));
      // The same rows as lines, one spaced out, one too long (-1), one not JSON at all.
      const lines = rows.map((row, i) => (i === 10 ? ` ${JSON.stringify(row)} ` : i === 11 ? '[1,' : JSON.stringify(row)));
      const { text, starts, ends } = placed(lines, '\n', 12);
      const many = t.runTextMany(text, starts, ends, asOf);
      expect(many).toEqual(lines.map((_, i) => (ends[i]! < 0 ? undefined : t.runText(text, asOf, starts[i], ends[i]))));
      if (asOf !== 'not a date') expect(many.filter((r) => r?.ok).length).toBeGreaterThan(300);
      expect(many[11]).toBeUndefined();
    }
  });
});

describe('a batch whose group throws', () => {
  it('is answered record by record, the record that throws getting an internal error of its own', () => {
    const rs = seed('jilin');
    const inputs: unknown[] = Array.from({ length: 5 }, (_, i) => ({ households: 1000 * (i + 1) }));
    // Not an evaluation failure: something no rule set makes (here, a getter that throws).
    inputs[2] = Object.defineProperty({}, 'households', { enumerable: true, get: () => { throw new Error('boom'); } });
    const batch = batchOf(rs, { ruleset: 'jilin', version: 1 }, { inputs, outputs: ['posts_min'] }, '2024-06-01', 'en');
    if (!batch.ok) throw new Error(JSON.stringify(batch.errors));
    const results = batch.value.next(0, 5);
    expect(results.map((r) => (r.ok ? r.outputs['posts_min'] : r.errors[0]!.code))).toEqual([10, 10, 'E-INTERNAL', 12, 14]);
    expect(batch.value.failed).toBe(1);
  });
});
