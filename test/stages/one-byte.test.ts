/**
 * Names and codes of a rule file that has Chinese in it are stored one byte per
 * character: V8 keeps ASCII text cut from a two-byte source at two bytes per character, and
 * results keyed by such names left the one-byte fast paths of JSON.stringify and socket writes
 * (an HTTP evaluate answer took ~2.5 µs more to serialise). Checked in a child V8 with
 * `%DebugPrint`, which names each string's representation.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

/** The representation V8 reports for each string the script passes to `show`. */
async function representations(body: string): Promise<string[]> {
  const script = `
    import { compile } from ${JSON.stringify(join(ROOT, 'src/ruleset.ts'))};
    import { oneByte } from ${JSON.stringify(join(ROOT, 'grammar/index.ts'))};
    const show = new Function('s', '%DebugPrint(s)');
    ${body}`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', script], { maxBuffer: 1 << 24 });
  return [...stdout.matchAll(/- type: (\w+)/g)].map((m) => m[1]!);
}

describe('strings of a rule file with Chinese in it', () => {
  it('oneByte copies ASCII cut from Chinese text to one byte per character, and leaves Chinese alone', async () => {
    // (V8 copies a short cut, under 13 characters, and then checks; a longer one shares the text.)
    const types = await representations(`const s = '中文 labor_contract_required'.slice(3); show(s); show(oneByte(s)); show(oneByte('非农户数'));`);
    expect(types).toEqual([expect.stringMatching(/TWO_BYTE/), expect.stringMatching(/ONE_BYTE/), expect.stringMatching(/TWO_BYTE/)]);
  });

  it('become one-byte output keys and output codes', async () => {
    const types = await representations(`
      const r = compile({ name: 'c.rules', text: 'ruleset c\\n  title "城市"\\nenum reason { far_from_the_street "远" near "近" }\\ninput households_count: integer "户数"\\nparam p: integer "参数" = 1\\ndef admission_reason: reason "原因" cite "X" = if households_count > p then far_from_the_street otherwise near\\noutput admission_reason\\n' });
      const out = r.ruleset.evaluate({ households_count: 5 });
      for (const k of Object.keys(out.outputs)) show(k);
      show(out.outputs.admission_reason);`);
    // Names and codes of 13 characters or more: before, TWO_BYTE.
    expect(types).toHaveLength(2);
    for (const t of types) expect(t).toMatch(/ONE_BYTE/);
  });
});
