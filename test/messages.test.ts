/**
 * Input validation and the service word nothing themselves: what an input or a request field
 * accepts, what is wrong with it, and the service's own errors are worded in src/messages.ts,
 * in Chinese and English alike.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requestRuleText, RequestRule } from '../src/messages.ts';
import { accepts, type FieldType } from '../src/schema/index.ts';
import * as schemas from '../src/server/schemas.ts';

const SRC = join(import.meta.dirname, '../src');
const VALIDATION = ['schema/index.ts', 'schema/reader.ts', 'schema/chars.ts', 'server/schemas.ts', 'server/http.ts'];

describe('input validation wording', () => {
  it.each(VALIDATION)('%s holds no Chinese text and picks no language by hand', (file) => {
    const text = readFileSync(join(SRC, file), 'utf8');
    expect(text.match(/[\u3400-\u9fff\uff00-\uffef]+/g)).toBeNull();
    expect(text.match(/locale === 'zh' \?|zh \? /g)).toBeNull();
  });

  // The service words nothing either; rules.ts spells the header keywords (`规则集`, `继承`) in a pattern.
  it.each(['service/batch.ts', 'service/rules.ts', 'service/auth.ts', 'service/result.ts'])('%s holds no Chinese text but keywords and picks no language by hand', (file) => {
    const text = readFileSync(join(SRC, file), 'utf8');
    expect((text.match(/[\u3400-\u9fff\uff00-\uffef]+/g) ?? []).filter((w) => w !== '规则集' && w !== '继承')).toEqual([]);
    expect(text.match(/locale === 'zh' \?|zh \? /g)).toBeNull();
  });

  it('says what each kind of field accepts, in both languages', () => {
    const cases: [FieldType, string, string][] = [
      [{ k: 'money', min: 0, max: 500000 }, 'an amount in yuan with at most 2 decimals 0..5000', '金额（元，最多两位小数）0..5000'],
      // No space after the closing bracket, as after an integer's unit: 整数（年）16..80.
      [{ k: 'money', min: 0 }, 'an amount in yuan with at most 2 decimals ≥ 0', '金额（元，最多两位小数）≥ 0'],
      [{ k: 'money', allowed: [10000, 20050] }, 'one of 100, 200.5', '其中之一：100, 200.5'],
      [{ k: 'integer', unit: 'year', unitLabel: '年', min: 16, max: 80 }, 'an integer[year] 16..80', '整数（年）16..80'],
      [{ k: 'integer', unit: 'post', min: 0 }, 'an integer[post] ≥ 0', '整数[post] ≥ 0'],
      [{ k: 'decimal', max: 1 }, 'a number ≤ 1, at most 6 decimal places', '数字 ≤ 1，最多 6 位小数'],
      [{ k: 'bool' }, 'true or false', 'true 或 false'],
      [{ k: 'date' }, 'a date YYYY-MM-DD', '日期 YYYY-MM-DD'],
      [{ k: 'text' }, 'text of at most 10000 characters', '文本（最多 10000 个字符）'],
      [{ k: 'enum', name: 'e', members: ['a', 'b'], labels: {} }, 'one of a, b', '其中之一：a, b'],
      [{ k: 'enum', name: 'e', members: ['a', 'b'], labels: { a: '甲' } }, 'one of a (甲), b', '其中之一：a（甲）, b'],
      [{ k: 'list', of: { k: 'bool' }, maxItems: 3 }, 'a list of at most 3 items, each true or false', '列表（最多 3 项），每项为true 或 false'],
    ];
    for (const [type, en, zh] of cases) expect(accepts(type), JSON.stringify(type)).toEqual({ en, zh });
  });

  it('words in Chinese every rule the server’s request schemas state in their own words', () => {
    // Every validation message in the schemas (a regex, a check, a custom type) is one of RequestRule's.
    const messages = new Set<string>();
    const seen = new Set<unknown>();
    const visit = (x: unknown) => {
      if (typeof x !== 'object' || x === null || seen.has(x)) return;
      seen.add(x);
      const s = x as Record<string, unknown>;
      if ((s['kind'] === 'validation' || s['type'] === 'custom') && typeof s['message'] === 'string') messages.add(s['message']);
      for (const v of Object.values(s)) if (typeof v === 'object') visit(v);
    };
    Object.values(schemas).forEach(visit);
    const ours = Object.values(RequestRule).map((r) => r.en);
    expect([...messages].sort()).toEqual([...new Set(ours)].sort());
    for (const r of Object.values(RequestRule)) expect(requestRuleText('regex', undefined, r.en)).toEqual({ en: `expected ${r.en}`, zh: `应为${r.zh}` });
  });
});
