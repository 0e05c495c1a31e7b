/**
 * `rules diff` compares declarations line by line as if typed in English and ASCII: a fork written
 * in Chinese keywords (or full-width punctuation) shows only what it changes, not every line of
 * every table and example it overrides.
 */
import { describe, expect, it } from 'vitest';
import { typedInEnglish } from '../../grammar/index.ts';
import { lineDiff } from '../../src/cli/diff.ts';

describe('line diff', () => {
  it('shows only the row a fork in Chinese keywords changes, lines both have as the fork writes them', () => {
    const base = 'table t: integer "t" cite "x"\n  hit first\n  given a, b\n  | 1 | - | 2 |\n  | - | - | 3 |';
    const fork = '决策表 t：整数 "t" 出处 "x"\n  命中 首条\n  已知 a，b\n  | １ | - | 2 |\n  | - | - | 4 |';
    expect(lineDiff(base, fork)).toEqual(['  决策表 t：整数 "t" 出处 "x"', '    命中 首条', '    已知 a，b', '    | １ | - | 2 |', '-   | - | - | 3 |', '+   | - | - | 4 |']);
  });

  it('still shows a changed keyword (hit unique → hit first) and a changed name', () => {
    expect(lineDiff('  hit unique\n  given a', '  命中 首条\n  已知 b')).toEqual(['-   hit unique', '-   given a', '+   命中 首条', '+   已知 b']);
  });

  it('reads keywords, punctuation, digits and quotes in English and ASCII, and names, strings and comments as written', () => {
    expect(typedInEnglish('定义 月薪：金额 “工资” 出处 "x" = 基数 × １２．５％ # 注释')).toBe('def 月薪:money "工资" cite "x" = 基数 * 12.5% # 注释');
  });
});
