/**
 * @module cli/diff
 * What a fork changes relative to a base, textually: declarations added, overridden (with a
 * line diff of their source), list items added or removed, and examples added or changed.
 */
import type * as A from '../ast/nodes.ts';
import type { Program } from '../link/index.ts';

function text(p: Program, node: A.NodeBase): string {
  return p.files.get(node.span.file)?.text.slice(node.span.start, node.span.end) ?? '';
}

/** Line diff by longest common subsequence; lines prefixed `-`, `+` or ` `. */
export function lineDiff(a: string, b: string): string[] {
  const x = a.split('\n').map((l) => l.trimEnd());
  const y = b.split('\n').map((l) => l.trimEnd());
  const n = x.length;
  const m = y.length;
  const L: number[][] = Array.from({ length: n + 1 }, () => new Array(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) L[i]![j] = x[i] === y[j] ? L[i + 1]![j + 1]! + 1 : Math.max(L[i + 1]![j]!, L[i]![j + 1]!);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (x[i] === y[j]) { out.push(`  ${x[i]}`); i++; j++; }
    else if (L[i + 1]![j]! >= L[i]![j + 1]!) out.push(`- ${x[i++]}`);
    else out.push(`+ ${y[j++]}`);
  }
  while (i < n) out.push(`- ${x[i++]}`);
  while (j < m) out.push(`+ ${y[j++]}`);
  return out;
}

/**
 * @example diffPrograms(jilin, jilinExample)[0] // 'jilin-example compared with jilin'
 */
export function diffPrograms(base: Program, fork: Program, locale: 'en' | 'zh' = 'en'): string[] {
  const zh = locale === 'zh';
  const newIn = (id: string) => (zh ? `（${id} 新增）` : ` (new in ${id})`);
  const out = [zh ? `${fork.id} 与 ${base.id} 的差异` : `${fork.id} compared with ${base.id}`];
  let changes = 0;
  for (const [key, l] of fork.decls) {
    const b = base.decls.get(key);
    const d = l.decl;
    // Base and fork are linked separately: the same origin means the same (inherited) declaration.
    if (b && b.origin === l.origin) continue;
    changes++;
    if (!b) {
      out.push('', `+ ${d.kind} ${d.name.text}${newIn(l.origin)}`);
      continue;
    }
    if (d.kind === 'list' && b.decl.kind === 'list') {
      out.push('', `~ list ${d.name.text}`);
      const before = new Map(b.decl.items.map((i) => [i.name.text, i]));
      const after = new Map(d.items.map((i) => [i.name.text, i]));
      for (const [n] of before) if (!after.has(n)) out.push(`  - item ${n}`);
      for (const [n, it] of after) {
        const was = before.get(n);
        if (!was) out.push(`  + item ${n}`);
        else if (text(base, was) !== text(fork, it)) out.push(`  ~ item ${n}`);
      }
      continue;
    }
    out.push('', `~ ${d.kind} ${d.name.text}${d.attrs.cite ?? b.decl.attrs.cite ? `  (${d.attrs.cite ?? b.decl.attrs.cite})` : ''}`);
    for (const line of lineDiff(text(base, b.decl), text(fork, d))) out.push(`  ${line}`);
  }
  for (const [key] of base.decls) if (!fork.decls.has(key)) { changes++; out.push('', `- ${key.replace(/^#/, '')}${zh ? `（${fork.id} 中没有）` : ` (not in ${fork.id})`}`); }
  const baseExamples = new Map(base.examples.map((e) => [e.example.name, e]));
  for (const { example, origin } of fork.examples) {
    const be = baseExamples.get(example.name);
    if (be && be.origin === origin) continue;
    const b = be?.example;
    changes++;
    out.push('', `${b ? '~' : '+'} example "${example.name}"${b ? (zh ? '（已覆盖）' : ' (overridden)') : newIn(origin)}`);
    if (b) for (const line of lineDiff(text(base, b), text(fork, example))) if (!line.startsWith('  ')) out.push(`  ${line}`);
  }
  if (changes === 0) out.push('', zh ? '（没有差异）' : '(no differences)');
  return out;
}
