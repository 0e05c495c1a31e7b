/**
 * Reading a row or an input object from its JSON text (the stream's fast path) gives what
 * `JSON.parse` and the row or input reader give: whenever the text reader accepts a record,
 * the text is valid JSON, the other reader accepts the parsed record too, and both leave the
 * same values in the slots. It must also accept valid records written plainly, or streams
 * would never take the fast path. Checked on generated records of every seed, written in
 * several styles, on hand-picked texts at the edges of JSON's grammar, and on random
 * one-character mutations.
 */
import { describe, expect, it } from 'vitest';
import type { Field } from '../../src/schema/index.ts';
import { inputReader, rowReader } from '../../src/schema/reader.ts';
import { objectTextReader, rowTextReader } from '../../src/schema/text-reader.ts';
import { generateInputs, rng } from '../generate.ts';
import { compileText, seed, SEED_IDS } from '../helpers.ts';

const FIXTURE = 'ruleset m\nenum lvl { a "A" b "B" }\ninput pay: money in 0..50000\ninput day: date\ninput pays: list of money max_items 3\ninput code: text\ninput n: integer in -5..5\ninput r: decimal\ninput levels: list of lvl max_items 2\ninput flag: bool\ndef d: money cite "t" = pay + sum(pays)\ndef e: bool cite "t" = day > 2024-01-01 and flag and n > 0 and r > 0 and code = "x" and count(levels) > 0\noutput d, e';

/** What `JSON.parse` and then `read` (the row or input reader) make of `text`: undefined if either refuses it. */
function parsedBy(read: (value: unknown, slots: unknown[]) => boolean, text: string): unknown[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const slots: unknown[] = [];
  return read(value, slots) ? slots : undefined;
}

/** Checks the text reader against the parser and row reader on `text`; returns whether the text reader accepted it. */
function agree(fields: readonly Field[], required: ReadonlySet<string>, columns: readonly string[], text: string): boolean {
  const slots: unknown[] = [];
  const fast = rowTextReader(fields, required, columns)(text, slots, 0, text.length);
  if (fast) expect(slots, text).toEqual(parsedBy(rowReader(fields, required, columns), text));
  return fast;
}

/** 20 texts, each `text` with one character replaced, inserted (from `alphabet`) or deleted, at random. */
function mutations(text: string, r: () => number, alphabet: readonly string[]): string[] {
  return Array.from({ length: 20 }, (_, m) => {
    const at = Math.floor(r() * text.length);
    const ch = alphabet[Math.floor(r() * alphabet.length)]!;
    return m % 3 === 0 ? text.slice(0, at) + ch + text.slice(at + 1) : m % 3 === 1 ? text.slice(0, at) + ch + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
  });
}

/** Python's `json.dumps` style: a space after each comma. */
const spaced = (row: unknown[]) => JSON.stringify(row).replace(/,/g, ', ');

describe.each([...SEED_IDS, 'fixture'])('row text reader on %s', (id) => {
  const rs = id === 'fixture' ? compileText(FIXTURE).ruleset! : seed(id);
  const required = rs.requiredInputs();
  const names = rs.inputs.map((f) => f.name);

  it('reads generated rows, written plainly or with spaces, as the parser and row reader do', () => {
    const r = rng(7);
    for (const input of generateInputs(rs.inputs, 300, 11, ['x', 'société', '社工 😀'])) {
      // Columns in a random order, one of them sometimes left out (when not required).
      const columns = [...names].sort(() => r() - 0.5).filter((c, k) => k > 0 || required.has(c) || r() < 0.5);
      const row = columns.map((c) => input[c] ?? null);
      expect(agree(rs.inputs, required, columns, JSON.stringify(row)), JSON.stringify(row)).toBe(parsedBy(rowReader(rs.inputs, required, columns), JSON.stringify(row)) !== undefined);
      agree(rs.inputs, required, columns, spaced(row));
      agree(rs.inputs, required, columns, ` \t${JSON.stringify(row, null, 1)}  `);
    }
  });

  it('never accepts a one-character mutation the parser or the row reader refuses, nor reads one differently', () => {
    const r = rng(3);
    const alphabet = ['[', ']', '{', '}', ',', ':', '"', '\\', ' ', '\n', '0', '1', '9', '-', '+', '.', 'e', 'E', 't', 'f', 'n', 'u', 'l', 'a', '\u00a0', '\ufffd', '\u0001'];
    let accepted = 0;
    for (const input of generateInputs(rs.inputs, 150, 5, ['x'])) {
      const row = names.map((c) => input[c] ?? null);
      const text = JSON.stringify(row);
      for (const mutated of mutations(text, r, alphabet)) {
        const fast = agree(rs.inputs, required, names, mutated);
        if (fast) {
          accepted++;
          expect(parsedBy(rowReader(rs.inputs, required, names), mutated), mutated).toBeDefined();
        }
      }
    }
    // Some mutations keep the row valid (a digit for a digit): the check above ran on them.
    expect(accepted).toBeGreaterThan(0);
  });
});

/** Checks the object text reader against the parser and input reader on `text`; returns whether the text reader accepted it. */
function agreeOnObject(fields: readonly Field[], required: ReadonlySet<string>, text: string): boolean {
  const slots: unknown[] = [];
  const fast = objectTextReader(fields, required)(text, slots, 0, text.length);
  if (fast) expect(slots, text).toEqual(parsedBy(inputReader(fields, required), text));
  return fast;
}

describe.each([...SEED_IDS, 'fixture'])('object text reader on %s', (id) => {
  const rs = id === 'fixture' ? compileText(FIXTURE).ruleset! : seed(id);
  const required = rs.requiredInputs();

  it('reads generated input objects, keys in any order, as the parser and input reader do', () => {
    const r = rng(17);
    for (const input of generateInputs(rs.inputs, 300, 13, ['x', 'société', '社工 😀'])) {
      const shuffled = Object.fromEntries(Object.entries(input).sort(() => r() - 0.5));
      const text = JSON.stringify(shuffled);
      expect(agreeOnObject(rs.inputs, required, text), text).toBe(parsedBy(inputReader(rs.inputs, required), text) !== undefined);
      agreeOnObject(rs.inputs, required, JSON.stringify(shuffled, null, 2));
    }
  });

  it('never accepts a one-character mutation the parser or the input reader refuses, nor reads one differently', () => {
    const r = rng(5);
    const alphabet = ['{', '}', '[', ']', ',', ':', '"', '\\', ' ', '0', '1', '-', '.', 'e', 't', 'f', 'n', 'a', '_', '\ufffd'];
    let accepted = 0;
    for (const input of generateInputs(rs.inputs, 150, 7, ['x'])) {
      const text = JSON.stringify(input);
      for (const mutated of mutations(text, r, alphabet)) {
        if (agreeOnObject(rs.inputs, required, mutated)) {
          accepted++;
          expect(parsedBy(inputReader(rs.inputs, required), mutated), mutated).toBeDefined();
        }
      }
    }
    expect(accepted).toBeGreaterThan(0);
  });
});

describe('object text reader at the edges', () => {
  const rs = compileText(FIXTURE).ruleset!;
  const required = rs.requiredInputs();
  const plain = { pay: 100.5, day: '2025-01-01', pays: [1, 2.25], code: 'x', n: 3, r: 0.5, levels: ['a', 'b'], flag: true };
  const read = (text: string) => agreeOnObject(rs.inputs, required, text);

  it('reads a plain object', () => {
    expect(read(JSON.stringify(plain))).toBe(true);
    expect(read(` { "flag" : true , ${JSON.stringify({ ...plain, flag: undefined }).slice(1, -1)} } `)).toBe(true);
  });

  it('leaves to the parser a key twice, an unknown or escaped key, null, and what is not an object', () => {
    const body = JSON.stringify(plain).slice(1, -1);
    for (const text of [`{${body},"n":4}`, `{${body},"extra":1}`, `{${body},"__proto__":{}}`, `{${body.replace('"code"', '"\\u0063ode"')}}`, `{${body.replace('"n":3', '"n":null')}}`, `[${body}]`, `{${body}}x`, `{${body},}`, '{}', '']) {
      expect(read(text), text).toBe(false);
    }
  });
});

describe('row text reader at the edges of JSON', () => {
  const rs = compileText(FIXTURE).ruleset!;
  const required = rs.requiredInputs();
  const columns = ['pay', 'day', 'pays', 'code', 'n', 'r', 'levels', 'flag'];
  const row = (cells: Record<string, string>) => `[${columns.map((c) => cells[c] ?? { pay: '100.5', day: '"2025-01-01"', pays: '[1,2.25]', code: '"x"', n: '3', r: '0.5', levels: '["a","b"]', flag: 'true' }[c]).join(',')}]`;
  const read = (text: string) => agree(rs.inputs, required, columns, text);

  it('reads a plain row, with null for a value not given', () => {
    expect(read(row({}))).toBe(true);
    // Every input of the fixture is needed: a row without one is refused, by both readers.
    expect(read(row({ code: 'null' }))).toBe(false);
    expect(read(row({ n: '-0' }))).toBe(true);
    expect(read(row({ n: '-5', r: '1e-2', pay: '0' }))).toBe(true);
  });

  it('leaves to the parser what is not plain or not JSON', () => {
    const refused = [
      row({ code: '"\\u0078"' }), row({ code: '"a\\"b"' }), row({ code: '"\u0001"' }), row({ code: '"\ufffd"' }), row({ code: '"x\n"' }),
      row({ n: '3.0' }), row({ n: '3e0' }), row({ n: '03' }), row({ n: '+3' }), row({ n: '-' }), row({ r: '.5' }), row({ r: '1.' }), row({ r: '1e' }), row({ r: '1e+' }),
      row({ flag: 'tru' }), row({ flag: 'True' }), row({ flag: '"true"' }), row({ levels: '["a","c"]' }), row({ levels: '["a","a","a"]' }), row({ levels: '[["a"]]' }), row({ pays: '[[1]]' }), row({ pays: '[1,]' }),
      `${row({})}x`, `${row({})},`, row({}).slice(0, -1), `[${row({})}]`, `{"pay":1}`, '[]', '', ' ',
      row({ n: '6' }), row({ n: '1234567890123456' }), row({ day: '"2025-02-30"' }), row({ pay: '100.001' }),
    ];
    for (const text of refused) expect(read(text), text).toBe(false);
  });

});

describe('row text reader on a line of a longer text', () => {
  const rs = compileText('ruleset l\ninput a: bool\ninput b: integer\ndef x: bool cite "t" = a and b > 0\noutput x').ruleset!;
  const read = (text: string, from: number, to: number) => {
    const slots: unknown[] = [];
    return rowTextReader(rs.inputs, new Set(['a', 'b']), ['a', 'b'])(text, slots, from, to) ? slots : undefined;
  };

  it('reads the line alone, and nothing past its end', () => {
    const lines = ['[true,1]', '[false,2]\r', '[true,', '3]', '[true,4] ', ' ['];
    const text = lines.join('\n');
    const at = (k: number) => lines.slice(0, k).join('\n').length + (k ? 1 : 0);
    const line = (k: number) => read(text, at(k), at(k) + lines[k]!.replace(/\r$/, '').length);
    expect(line(0)).toEqual([true, 1]);
    expect(line(1)).toEqual([false, 2]);
    // `[true,` then `3]` on the next line: JSON would read the two as one row, a line may not.
    expect(line(2)).toBeUndefined();
    // Trailing whitespace is left to the parser (the reader would run on into the next line).
    expect(line(4)).toBeUndefined();
    expect(JSON.parse(lines[4]!)).toEqual([true, 4]);
  });
});

describe('evaluator on input object text', () => {
  it('answers as it answers the parsed object, and leaves what it cannot read to it', () => {
    const rs = seed('jilin-example');
    const run = rs.evaluator();
    for (const input of generateInputs(rs.inputs, 200, 19)) {
      const text = JSON.stringify(input);
      const parsed = run(JSON.parse(text), '2025-01-01');
      const fromText = run.runText(text, '2025-01-01');
      expect(fromText ?? parsed, text).toEqual(parsed);
      if (parsed.ok) expect(fromText).toBeDefined();
    }
    expect(run.runText('{"households": -1}', '2025-01-01')).toBeUndefined();
    expect(rs.evaluator({ outputs: ['nope'] }).runText('{}', '2025-01-01')).toBeUndefined();
  });
});

describe('table evaluator on row text', () => {
  it('answers as it answers the parsed row, and leaves what it cannot read to it', () => {
    const rs = seed('jilin-example');
    const columns = rs.inputs.map((f) => f.name);
    const t = rs.tableEvaluator(columns);
    if (!t.ok) throw new Error('columns refused');
    for (const input of generateInputs(rs.inputs, 200, 9)) {
      const text = JSON.stringify(columns.map((c) => input[c] ?? null));
      const fromText = t.runText(text, '2025-01-01');
      const parsed = t.run(JSON.parse(text), '2025-01-01');
      expect(fromText ?? parsed, text).toEqual(parsed);
      if (parsed.ok) expect(fromText).toBeDefined();
    }
    expect(t.runText('[1]', '2025-01-01')).toBeUndefined();
    expect(t.runText(JSON.stringify(columns.map(() => null)), 'not a date')).toBeUndefined();
  });
});

describe('enum members matched in place', () => {
  // Members that share their first letter, one a prefix of another: each is matched whole.
  const rs = compileText('ruleset p\nenum e { a ab abc b }\ninput x: e\ninput xs: list of e max_items 4\ndef n: integer cite "t" = count(xs)\ndef y: bool cite "t" = x = ab\noutput n, y').ruleset!;
  const required = rs.requiredInputs();
  it.each([
    ['["ab", ["a", "abc", "ab", "b"]]', true],
    ['["abc", []]', true],
    ['["a", ["abc"]]', true],
    ['["abd", []]', false],
    ['["ac", []]', false],
    ['["abcd", []]', false],
    ['["a", ["ab", "abx"]]', false],
    ['["", []]', false],
    // A first letter outside ASCII with the low bits of `a`: compared whole, not by its bucket.
    ['["\u00e1b", []]', false],
    ['["a", ["\u0161"]]', false],
  ] as const)('%s: read in place %s, as the parser and row reader read it', (text, accepted) => {
    expect(agree(rs.inputs, required, ['x', 'xs'], text)).toBe(accepted);
    if (!accepted) expect(parsedBy(rowReader(rs.inputs, required, ['x', 'xs']), text)).toBeUndefined();
  });

  // Members outside the BMP: compared by UTF-16 code units, a surrogate pair being two of them.
  const astral = compileText('ruleset q\nenum e { \u{20BB7}a \u{20BB7} c }\ninput x: e\ninput xs: list of e max_items 4\ndef n: integer cite "t" = count(xs)\noutput n').ruleset!;
  it.each([
    ['["\u{20BB7}", ["\u{20BB7}a", "c"]]', true],
    ['["\u{20BB7}a", []]', true],
    ['["\ud842", []]', false],
    ['["c", ["\u{20BB7}b"]]', false],
  ] as const)('%s: read in place %s, as the parser and row reader read it', (text, accepted) => {
    expect(agree(astral.inputs, astral.requiredInputs(), ['x', 'xs'], text)).toBe(accepted);
    if (!accepted) expect(parsedBy(rowReader(astral.inputs, astral.requiredInputs(), ['x', 'xs']), text)).toBeUndefined();
  });
});
