/**
 * The `rules` command as a user runs it: exit codes (0 clean, 1 errors, 2 usage), the test
 * summary line, JSON from eval and compile, and the diff of a fork.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
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
  it('diff speaks Chinese with --lang zh', async () => {
    expect((await run('diff', 'jilin-example', '--lang', 'zh')).out).toContain('jilin-example 与 jilin 的差异');
  });
});

describe('rules eval, compile, diff', () => {
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
  it('diff shows what the city fork changes', async () => {
    const r = await run('diff', 'jilin-example');
    expect(r.code).toBe(0);
    expect(r.out).toContain('jilin-example compared with jilin');
    expect(r.out).toContain('~ param households_per_post');
    expect(r.out).toContain('+ param households_per_post: integer[household] "3000户以上每增设一个岗位的户数" illustrative = 400');
    expect(r.out).toContain('~ table pay_grade');
    expect(r.out).toContain('~ example "薪酬：社区正职10年以上为1级" (overridden)');
  });
  it('fmt --check passes on the seeds', async () => {
    expect((await run('fmt', '--check', 'rules/')).code).toBe(0);
  });
});
