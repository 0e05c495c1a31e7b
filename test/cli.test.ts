/**
 * The `rules` command as a user runs it: exit codes (0 clean, 1 errors, 2 usage), the test
 * summary line, JSON from eval and compile, and `diff`: what a fork changes relative to a base,
 * and which rule set of the chain made each change.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s), stdin: async () => '{"households": 4321}' });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('rules check', () => {
  it('passes on the seed rule sets', async () => {
    const r = await run('check', 'rules/');
    expect(r.code).toBe(0);
    expect(r.out).toBe('checked 5 file(s): 0 error(s), 0 warning(s)');
  });
  it('exits 1 and prints file:line:col, the source line and a caret for a bad file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    writeFileSync(join(dir, 'bad.rules'), 'ruleset bad\ninput n: integer\ndef d: integer cite "x" = n + tru\noutput d\n');
    const r = await run('check', dir, '--lang', 'en');
    expect(r.code).toBe(1);
    expect(r.err).toContain('bad.rules:3:31: error[E-NAME-UNKNOWN]: unknown name `tru`');
    expect(r.err).toContain('3 | def d: integer cite "x" = n + tru\n  |                               ^^^');
  });
  it('reports an example that does not hold, with every result that differs, as the API does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    writeFileSync(join(dir, 'ex.rules'), 'ruleset ex\ninput n: integer\ndef a: integer cite "x" = n + 1\ndef b: integer cite "x" = n + 2\noutput a, b\nexample "both wrong" {\n  given n = 1\n  expect a = 3, b = 4\n}\n');
    const r = await run('check', dir, '--lang', 'en');
    expect(r.code).toBe(1);
    expect(r.err).toContain('error[E-EXAMPLE-FAILED]: example "both wrong" does not hold: a: expected 3, got 2; b: expected 4, got 3');
    expect(r.out).toBe('checked 1 file(s): 1 error(s), 0 warning(s)');
  });
  it('is an error when two files of a folder declare one rule set id, naming both files, and warns of a file not named after its id', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    for (const f of ['cn', 'jilin', 'jilin-example']) cpSync(`rules/${f}.rules`, join(dir, `${f}.rules`));
    cpSync('rules/jilin-example.rules', join(dir, 'jilin-copy.rules'));
    const r = await run('check', dir, '--rules', dir, '--lang', 'en');
    expect(r.code).toBe(1);
    expect(r.out).toBe('checked 4 file(s): 2 error(s), 1 warning(s)');
    // The file name matters only in the rules folder: a draft elsewhere may be named anyhow.
    const draft = join(mkdtempSync(join(tmpdir(), 'draft-')), 'my-draft.rules');
    cpSync('rules/cn.rules', draft);
    expect((await run('check', draft, '--lang', 'en')).out).toBe('checked 1 file(s): 0 error(s), 0 warning(s)');
    const copy = join(dir, 'jilin-copy.rules').replace(/^.*(?=rules-)/, '');
    const real = join(dir, 'jilin-example.rules').replace(/^.*(?=rules-)/, '');
    expect(r.err).toMatch(new RegExp(`${copy}:4:9: error\\[E-RULESET-DUPLICATE\\]: rule set \`jilin-example\` is also declared in \`[^\`]*${real}\``));
    expect(r.err).toMatch(new RegExp(`${real}:4:9: error\\[E-RULESET-DUPLICATE\\]: rule set \`jilin-example\` is also declared in \`[^\`]*${copy}\``));
    expect(r.err).toContain('warning[W-RULESET-FILE-NAME]: `jilin-copy.rules` declares rule set `jilin-example`, but `extends jilin-example` looks for `jilin-example.rules`');
    expect((await run('check', dir, '--lang', 'zh')).err).toContain('错误[E-RULESET-DUPLICATE]: 规则集 `jilin-example` 也在');
    const t = await run('test', dir, '--lang', 'en');
    expect(t.code).toBe(1);
    expect(t.out).toContain('jilin-copy.rules: its rule set id is declared by another file too');
    const d = await run('diff', 'jilin-example', '--rules', dir, '--lang', 'en');
    expect([d.code, d.out]).toEqual([1, '']);
    expect(d.err).toContain('error[E-RULESET-DUPLICATE]');
  });
  it('names a missing file in words, in the chosen language', async () => {
    const missing = join(tmpdir(), 'no-such-dir-for-rules', 'x.rules');
    expect(await run('check', missing, '--lang', 'en')).toEqual({ code: 2, out: '', err: `rules: no such file or directory: ${missing}` });
    expect((await run('check', missing, '--lang', 'zh')).err).toBe(`rules: 找不到文件或目录: ${missing}`);
  });
  it('exits 2 on usage errors', async () => {
    expect((await run('check')).code).toBe(2);
    expect((await run('frobnicate')).code).toBe(2);
    expect((await run('check', '--lang', 'fr', 'rules')).code).toBe(2);
  });
  it('says an unknown command, a missing argument and the usage in the language of --lang, or else of LANG', async () => {
    const zh = await run('frobnicate', '--lang', 'zh');
    expect([zh.code, zh.err.split('\n').slice(0, 3)]).toEqual([2, ['rules: 未知命令 `frobnicate`', '', '用法：rules <命令> [选项]']]);
    expect((await run('frobnicate', '--lang=zh-CN')).err.split('\n')[0]).toBe('rules: 未知命令 `frobnicate`');
    expect((await run('check', '--lang', 'zh')).err.split('\n')[0]).toBe('rules check: 缺少路径');
    expect((await run('compile', 'jilin', '--lang', 'zh')).err.split('\n')[0]).toBe('rules compile: --target 应为 json-logic 或 json-schema');
    expect((await run('check', '--bogus', '--lang', 'zh')).err).toContain('用法：rules <命令> [选项]');
    // Options written before the command (`rules --lang zh --help`, `rules --lang zh check rules/`) work too.
    expect((await run('--lang', 'zh', '--help')).out.split('\n')[0]).toBe('用法：rules <命令> [选项]');
    expect((await run('--lang', 'zh', 'check')).err.split('\n')[0]).toBe('rules check: 缺少路径');
    const before = await run('--lang', 'zh', 'check', 'rules/cn.rules');
    expect([before.code, before.out.trim().split('\n').at(-1)]).toEqual([0, '检查了 1 个文件：0 个错误，0 个警告']);
    const was = { LC_ALL: process.env['LC_ALL'], LC_MESSAGES: process.env['LC_MESSAGES'], LANG: process.env['LANG'] };
    try {
      delete process.env['LC_ALL'];
      delete process.env['LC_MESSAGES'];
      process.env['LANG'] = 'zh_CN.UTF-8';
      expect((await run('frobnicate')).err.split('\n')[0]).toBe('rules: 未知命令 `frobnicate`');
      expect((await run('frobnicate', '--lang', 'en')).err.split('\n').slice(0, 3)).toEqual(['rules: unknown command `frobnicate`', '', 'usage: rules <command> [options]']);
    } finally {
      for (const [k, v] of Object.entries(was)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
  it('takes --lang as a language tag, as the API does (zh-CN, zh-Hans, en-US), and refuses others in words', async () => {
    const missing = join(tmpdir(), 'no-such-rules-dir');
    for (const tag of ['zh-CN', 'zh-Hans', 'ZH']) expect((await run('check', missing, '--lang', tag)).err, tag).toBe(`rules: 找不到文件或目录: ${missing}`);
    expect((await run('check', missing, '--lang', 'en-US')).err).toBe(`rules: no such file or directory: ${missing}`);
    // The refusal is in the system language, as --lang is what is wrong.
    const was = process.env['LC_ALL'];
    try {
      process.env['LC_ALL'] = 'zh_CN.UTF-8';
      const zh = await run('check', '--lang', 'fr', 'rules');
      expect([zh.code, zh.err.split('\n')[0]]).toEqual([2, 'rules: --lang 应为 zh 或 en，或 zh-CN、en-US 等语言标记（而不是 `fr`）']);
      process.env['LC_ALL'] = 'C';
      expect((await run('check', '--lang', 'fr', 'rules')).err.split('\n')[0]).toBe('rules: --lang must be zh or en, or a tag such as zh-CN or en-US (not `fr`)');
    } finally {
      if (was === undefined) delete process.env['LC_ALL'];
      else process.env['LC_ALL'] = was;
    }
  });
});

describe('rules token', () => {
  it('speaks --lang, given before or after the command, in its usage and errors', async () => {
    // Before: `rules --lang zh token …` was "unknown command `token`", and token spoke English only.
    for (const argv of [['--lang', 'zh', 'token', '--role', 'owner', '--tenant', 'jilin'], ['token', '--lang=zh-CN', '--tenant', 'jilin', '--role', 'owner']]) {
      const r = await run(...argv);
      expect([r.code, r.err.split('\n')[0]], argv.join(' ')).toEqual([2, 'rules token: --role 应为 viewer、editor、publisher、admin 之一']);
      expect(r.err).toContain('用法：rules token --tenant <编号|*>');
    }
    const en = await run('--lang', 'en', 'token', '--tenant', 'a b', '--role', 'viewer');
    expect([en.code, en.err.split('\n')[0]]).toEqual([2, 'rules token: --tenant must be a jurisdiction id such as `jilin` (or `*`)']);
    // A bad --lang is refused in the system language.
    const was = process.env['LC_ALL'];
    try {
      process.env['LC_ALL'] = 'C';
      const bad = await run('token', '--lang', 'fr', '--help');
      expect([bad.code, bad.err.split('\n')[0]]).toEqual([2, 'rules token: --lang must be zh or en, or a tag such as zh-CN or en-US (not `fr`)']);
    } finally {
      if (was === undefined) delete process.env['LC_ALL'];
      else process.env['LC_ALL'] = was;
    }
    expect((await run('--lang', 'zh', 'token', '--help')).out).toContain('向服务数据库签发一个 API 令牌');
  });
});

describe('rules test', () => {
  it('ends with the N passed, M failed line', async () => {
    const r = await run('test', 'rules/');
    expect(r.code).toBe(0);
    expect(r.out.split('\n').at(-1)).toMatch(/^\d+ passed, 0 failed$/);
  });
  it('writes true and false as 是 and 否 in Chinese, as the rule text does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    writeFileSync(join(dir, 'b.rules'), 'ruleset b\ninput n: integer\ndef big: bool cite "x" = n > 2\noutput big\nexample "wrong" { given n = 3 expect big = false }\n');
    expect((await run('test', dir, '--lang', 'zh')).out).toContain('big：预期 否，实际 是');
    expect((await run('test', dir, '--lang', 'en')).out).toContain('big: expected false, got true');
  });
  it('speaks Chinese when LC_ALL says so, even with LANG in English (POSIX order)', async () => {
    const saved = { LC_ALL: process.env['LC_ALL'], LANG: process.env['LANG'] };
    try {
      process.env['LC_ALL'] = 'zh_CN.UTF-8';
      process.env['LANG'] = 'en_US.UTF-8';
      expect((await run('eval', 'no-such-ruleset', '--input', '-')).err).toContain('找不到规则集 `no-such-ruleset`');
    } finally {
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
    }
  });
  it('fails when an example is wrong', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    writeFileSync(join(dir, 'x.rules'), 'ruleset x\ninput n: integer\ndef d: integer cite "x" = n * 2\noutput d\nexample "wrong" { given n = 2 expect d = 5 }\n');
    const r = await run('test', dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain('FAIL x › wrong');
    expect(r.out).toContain('d: expected 5, got 4');
    expect(r.out.split('\n').at(-1)).toBe('0 passed, 1 failed');
    const zh = await run('test', dir, '--lang', 'zh');
    expect(zh.out).toContain('失败 x › wrong');
    expect(zh.out).toContain('d：预期 5，实际 4');
    expect(zh.out.split('\n').at(-1)).toBe('0 passed, 1 failed');
  });
});

describe('rules eval, compile', () => {
  it('eval reads JSON from stdin and prints outputs', async () => {
    const r = await run('eval', 'jilin-example', '--input', '-', '--outputs', 'posts_min,local_posts', '--as-of', '2024-06-01');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ ruleset: 'jilin-example', as_of: '2024-06-01', outputs: { posts_min: 12, local_posts: 15 } });
  });
  it('eval reports input errors as JSON and exits 1', async () => {
    const r = await run('eval', 'jilin', '--input', '-', '--outputs', 'pay_grade');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).errors.map((e: { field: string }) => e.field)).toEqual(['post', 'years_of_service', 'education']);
  });
  it('compile emits JSON Logic and JSON Schema', async () => {
    const jl = JSON.parse((await run('compile', 'huangshi', '--target', 'json-logic')).out);
    expect(jl.format).toBe('shegong-rules/json-logic@1');
    expect(Object.keys(jl.outputs)).toContain('career_allowance');
    const schema = JSON.parse((await run('compile', 'huangshi', '--target', 'json-schema')).out);
    expect(schema.input.properties.social_work_title.enum).toEqual(['none', 'junior', 'intermediate', 'senior']);
    expect((await run('compile', 'huangshi', '--target', 'wasm')).code).toBe(2);
  });
  it('fmt --check passes on the seeds', async () => {
    expect((await run('fmt', '--check', 'rules/')).code).toBe(0);
  });
});

/** A rules folder holding the seeds and the given extra files (`id` → text). */
function rulesWith(extra: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rules-diff-'));
  cpSync('rules', dir, { recursive: true });
  for (const [id, text] of Object.entries(extra)) writeFileSync(join(dir, `${id}.rules`), text);
  return dir;
}

/** jilin ← jilin-example ← district (sets base_posts again); shenyang ← sy-district ← sy-street (list items). */
const CHAINS = {
  district: 'ruleset district\n  extends jilin-example\n  title "某区"\n\noverride param base_posts = 13\n',
  'sy-district': 'ruleset sy-district\n  extends shenyang\n\noverride list ledger_items "台账清单" open {\n  item veteran_roster "退役军人台账"\n  item low_income_roster "低保对象台账（含低边）"\n}\n',
  'sy-street': 'ruleset sy-street\n  extends sy-district\n\noverride list ledger_items "台账清单" {\n  remove item elderly_roster\n  remove item veteran_roster\n  item party_roster "党员台账"\n}\n',
};

describe('rules diff', () => {
  it('shows each overridden param as its old and new value, naming the rule set that overrode it', async () => {
    const r = await run('diff', 'jilin-example');
    expect(r.code).toBe(0);
    expect(r.out).toContain('jilin-example compared with jilin');
    expect(r.out).toContain('~ param base_posts = 10 → 12 (overridden in jilin-example; cite JL-W §2(2))');
    expect(r.out).toContain('~ param allowance_assistant (overridden in jilin-example; cite JL-W §2(4))\n  - = 200\n  + = 300\n  + from 2025-01-01 = 350');
    expect(r.out).toContain('~ param relaxed_age_limit = 45 → 48 (overridden in jilin-example; cite JL-W §2(3))\n  - "放宽后的年龄上限（由各地确定）"\n  + "放宽后的年龄上限"');
    // The override leaves out `in` and `cite`, which it keeps from jilin: they are not changes.
    expect(r.out).not.toMatch(/- .*in 10\.\.15/);
    expect(r.out).toContain('~ table pay_grade (overridden in jilin-example; cite JL-W §2(4))\n  - table pay_grade:');
    expect(r.out).toContain('~ example "薪酬：社区正职10年以上为1级" (overridden in jilin-example)');
    expect(r.out).toContain('+ example "薪酬：普通工作人员8年以上研究生为4级" (new in jilin-example)');
  });

  it('against a grandparent, attributes each difference to the rule set that introduced it and shows the value in effect', async () => {
    const r = await run('diff', 'jilin-example', 'cn');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('jilin-example compared with cn (through jilin)');
    expect(lines).toContain('+ param base_posts = 12 (new in jilin; overridden in jilin-example)');
    expect(lines).toContain('+ param party_building_posts = 2 (new in jilin)');
    expect(r.out).toContain('+ param allowance_assistant (new in jilin; overridden in jilin-example)\n    = 300\n    from 2025-01-01 = 350');
    expect(lines).toContain('+ table pay_grade (new in jilin; overridden in jilin-example)');
    expect(lines).toContain('+ def local_posts (new in jilin)');
    expect(lines).toContain('+ example "员额：恰好3000户" (new in jilin; overridden in jilin-example)');
    // Only what jilin-example itself adds is new in it: its four own examples.
    expect(lines.filter((l) => l.endsWith('(new in jilin-example)'))).toEqual([
      '+ example "招聘：社会学毕业生49岁，超过本市放宽上限" (new in jilin-example)',
      '+ example "薪酬：2025年起助理社工师津贴提高到350元" (new in jilin-example)',
      '+ example "薪酬：普通工作人员8年以上研究生为4级" (new in jilin-example)',
      '+ example "薪酬：普通工作人员不满8年研究生为6级" (new in jilin-example)',
    ]);
  });

  it('through two levels, shows the net change and every rule set that overrode it', async () => {
    const dir = rulesWith(CHAINS);
    const r = await run('diff', 'district', 'jilin', '--rules', dir);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe('district compared with jilin (through jilin-example)');
    expect(r.out).toContain('~ param base_posts = 10 → 13 (overridden in jilin-example, district; cite JL-W §2(2))');
    expect(r.out).toContain('~ param households_per_post = 500 → 400 (overridden in jilin-example; cite JL-W §2(2))');
    expect((await run('diff', 'district', '--rules', dir)).out).toContain('~ param base_posts = 12 → 13 (overridden in district; cite JL-W §2(2))');
  });

  it('names the rule set that added, changed or removed each list item, leaving out an item added and removed again', async () => {
    const r = await run('diff', 'sy-street', 'shenyang', '--rules', rulesWith(CHAINS));
    expect(r.code).toBe(0);
    expect(r.out).toContain([
      '~ list ledger_items (overridden in sy-district, sy-street; cite SY §1(1))',
      '  ~ item low_income_roster (changed in sy-district)',
      '  - item elderly_roster (removed in sy-street)',
      '  + item party_roster (new in sy-street)',
    ].join('\n'));
    expect(r.out).not.toContain('veteran_roster');
  });

  it('shows the outputs and sources a fork adds, even when it changes nothing else', async () => {
    const dir = rulesWith({
      'only-outputs': 'ruleset only-outputs\n  extends jilin\n  title "吉林省城市社区专职工作者队伍建设规则"\n  jurisdiction "吉林省"\n  source "CC" "长春市文件"\n\noutput relaxed_group\n',
      changchun: 'ruleset changchun\n  extends jilin\n  title "长春市"\n  jurisdiction "吉林省长春市"\n  source "CC" "长春市文件"\n\nparam local_subsidy: money "本市补贴" cite "CC §1" = 200\ndef total_pay: money "月薪合计" cite "CC §1" = monthly_pay + local_subsidy\noutput local_subsidy, total_pay\n',
    });
    expect((await run('diff', 'only-outputs', '--rules', dir)).out).toBe([
      'only-outputs compared with jilin',
      '',
      '+ source "CC" "长春市文件" (new in only-outputs)',
      '',
      '+ output relaxed_group (new in only-outputs)',
    ].join('\n'));
    const r = await run('diff', 'changchun', '--rules', dir);
    expect(r.out).toContain('~ title "吉林省城市社区专职工作者队伍建设规则" → "长春市"\n\n~ jurisdiction "吉林省" → "吉林省长春市"');
    expect(r.out).toContain('+ output local_subsidy, total_pay (new in changchun)');
    expect(r.out).toContain('+ param local_subsidy = 200 (new in changchun)');
    const zh = await run('diff', 'changchun', '--rules', dir, '--lang', 'zh');
    expect(zh.out).toContain('+ output local_subsidy, total_pay（changchun 新增）');
  });

  it('shows a title or jurisdiction the fork leaves out, since it has none of its own', async () => {
    const dir = rulesWith({ untitled: 'ruleset untitled\n  extends jilin\n\noverride param base_posts = 12\n' });
    const r = await run('diff', 'untitled', '--rules', dir);
    expect(r.out).toContain('- title "吉林省城市社区专职工作者队伍建设规则" (not in untitled)');
    expect(r.out).toContain('- jurisdiction "吉林省" (not in untitled)');
  });

  it('against a grandparent, names the rule set that added each source and output', async () => {
    const r = await run('diff', 'jilin-example', 'cn');
    expect(r.out).toContain('~ title "全国社区工作者队伍建设基本规则" → "吉林省示例市社区工作者规则（示意）"');
    expect(r.out).toContain('+ source "JL-W" "吉林省《关于进一步加强全省城市社区专职工作者队伍建设的意见》（2020-04-30）" (new in jilin)');
    expect(r.out).toContain('+ output posts_min, posts_max, local_posts, party_building_posts_min, grids_min, grids_max, local_grids, recruit_eligible,');
  });

  it('says (no differences) only when the header, outputs, declarations and examples are all the same', async () => {
    const dir = rulesWith({ same: 'ruleset same\n  extends jilin\n  title "吉林省城市社区专职工作者队伍建设规则"\n  jurisdiction "吉林省"\n' });
    expect((await run('diff', 'same', '--rules', dir)).out).toBe('same compared with jilin\n\n(no differences)');
  });

  it('refuses a base the fork does not extend, and says which bases it has', async () => {
    const dir = rulesWith({ changchun: 'ruleset changchun\n  extends jilin\n\noverride param base_posts = 12\n' });
    const r = await run('diff', 'changchun', 'huangshi', '--rules', dir);
    expect(r).toEqual({
      code: 2,
      out: '',
      err: 'rules diff: `huangshi` is not a base of `changchun`; diff compares a fork with a rule set it extends (changchun → jilin → cn)\n'
        + '  = help: name one of its bases (jilin, cn), or leave the base out to compare with `jilin`',
    });
    const zh = await run('diff', 'changchun', 'huangshi', '--rules', dir, '--lang', 'zh');
    expect(zh.err).toBe('rules diff: `huangshi` 不是 `changchun` 的上级规则集；diff 只对比派生规则集与它所继承的规则集（changchun → jilin → cn）\n'
      + '  = 提示: 请指定它的上级之一（jilin、cn），或省略上级，与 `jilin` 对比');
  });

  it('refuses the rule sets the wrong way round, the fork itself, and a fork that extends nothing', async () => {
    const swapped = await run('diff', 'jilin', 'jilin-example');
    expect(swapped.code).toBe(2);
    expect(swapped.err).toContain('= help: `jilin-example` extends `jilin`: did you mean `rules diff jilin-example jilin`?');
    expect((await run('diff', 'jilin-example', 'jilin-example')).err).toContain('rules diff: `jilin-example` is the fork itself');
    expect(await run('diff', 'cn', '--lang', 'zh')).toEqual({ code: 2, out: '', err: 'rules diff: `cn` 没有继承任何规则集，没有可对比的上级' });
  });

  it('compares with the version of the base the fork extends, and refuses a file of that id with other text', async () => {
    expect((await run('diff', 'jilin-example', 'rules/jilin.rules')).code).toBe(0);
    const other = join(mkdtempSync(join(tmpdir(), 'rules-')), 'jilin.rules');
    writeFileSync(other, readFileSync('rules/jilin.rules', 'utf8').replace('illustrative = 10', 'illustrative = 11'));
    const r = await run('diff', 'jilin-example', other);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`rules diff: \`${other}\` is not the \`jilin\` that \`jilin-example\` extends (rules/jilin.rules)`);
  });

  it('speaks Chinese with --lang zh', async () => {
    const r = await run('diff', 'jilin-example', 'cn', '--lang', 'zh');
    expect(r.out.split('\n')[0]).toBe('jilin-example 与 cn 的差异（经由 jilin）');
    expect(r.out).toContain('+ param base_posts = 12（jilin 新增；jilin-example 覆盖）');
    expect((await run('diff', 'jilin-example', '--lang', 'zh')).out).toContain('~ param base_posts = 10 → 12（jilin-example 覆盖；出处 JL-W §2(2)）');
  });
});

describe('the rules command in a pipe', () => {
  it('stops quietly when the reader closes early (`rules diff … | head`), without an EPIPE crash', async () => {
    const child = spawn(process.execPath, [join(import.meta.dirname, '..', 'src', 'cli', 'bin.ts'), 'diff', 'jilin-example', 'cn'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    // Read one chunk, then close our end, as `head -1` does.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(err).not.toContain('EPIPE');
    expect(code).toBe(0);
  });
});
