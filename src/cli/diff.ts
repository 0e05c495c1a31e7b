/**
 * @module cli/diff
 * What a fork changes relative to one of its bases, and which rule set of the chain made each
 * change: the header (title, jurisdiction, sources), outputs added, declarations added (params
 * with their values) or overridden (with a line diff of their source), list items added,
 * changed or removed, and examples added or overridden.
 */
import { typedInEnglish } from '../../grammar/index.ts';
import type * as A from '../ast/nodes.ts';
import type { Locale } from '../diagnostics.ts';
import type { Linked, LinkedExample, Program } from '../link/index.ts';
import { DiffText, type DiffEvent, type Text2 } from '../messages.ts';

function text(p: Program, node: A.NodeBase): string {
  return p.files.get(node.span.file)?.text.slice(node.span.start, node.span.end) ?? '';
}

/**
 * Line diff by longest common subsequence; lines prefixed `-`, `+` or ` `. Lines are compared as
 * typed in English and ASCII (`定义` and `def`, `：` and `:` are the same), and shown as written
 * (a line both have is shown as `b` writes it).
 */
export function lineDiff(a: string, b: string): string[] {
  const x = a.split('\n').map((l) => l.trimEnd());
  const y = b.split('\n').map((l) => l.trimEnd());
  const kx = typedInEnglish(x.join('\n')).split('\n').map((l) => l.replace(/\s+/g, ''));
  const ky = typedInEnglish(y.join('\n')).split('\n').map((l) => l.replace(/\s+/g, ''));
  const n = x.length;
  const m = y.length;
  const L: number[][] = Array.from({ length: n + 1 }, () => new Array(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) L[i]![j] = kx[i] === ky[j] ? L[i + 1]![j + 1]! + 1 : Math.max(L[i + 1]![j]!, L[i]![j + 1]!);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (kx[i] === ky[j]) { out.push(`  ${y[j]}`); i++; j++; }
    else if (L[i + 1]![j]! >= L[i]![j + 1]!) out.push(`- ${x[i++]}`);
    else out.push(`+ ${y[j++]}`);
  }
  while (i < n) out.push(`- ${x[i++]}`);
  while (j < m) out.push(`+ ${y[j++]}`);
  return out;
}

/**
 * The linked rule sets `fork` extends, nearest first.
 * @example basesOf(jilinExample).map((p) => p.id) // ['jilin', 'cn']
 */
export function basesOf(fork: Program): Program[] {
  const out: Program[] = [];
  for (let p = fork.baseProgram; p; p = p.baseProgram) out.push(p);
  return out;
}

/** Versions of one declaration or example written after `base`, oldest first, found through `replaced`. */
function since<T extends { readonly replaced?: T }>(latest: T, inBase: T | undefined): T[] {
  const out: T[] = [];
  for (let v: T | undefined = latest; v && v !== inBase; v = v.replaced) out.unshift(v);
  return out;
}

/**
 * What `fork` changes relative to `base`, which must be `fork` or one of {@link basesOf}(fork):
 * each difference names the rule sets of the chain that introduced and then changed it.
 * @example diffPrograms(basesOf(jilinExample)[1]!, jilinExample)[0] // 'jilin-example compared with cn (through jilin)'
 */
export function diffPrograms(base: Program, fork: Program, locale: Locale = 'en'): string[] {
  const say = (x: Text2) => x[locale];
  /** `line (note)` in English, `line（note）` in Chinese. */
  const noted = (line: string, ...notes: Text2[]) => {
    const ns = notes.map(say).filter(Boolean);
    if (!ns.length) return line;
    return locale === 'zh' ? `${line}（${ns.join('；')}）` : `${line} (${ns.join('; ')})`;
  };
  // The rule sets after `base` up to `fork`, oldest first; each made its changes over the one before.
  const levels: Program[] = [];
  for (let p: Program | undefined = fork; p !== base; p = p.baseProgram) {
    if (!p) throw new Error(`diffPrograms: \`${base.id}\` is not a base of \`${fork.id}\``);
    levels.unshift(p);
  }
  const blocks: string[][] = [];

  // Header: the title and jurisdiction are each rule set's own; sources and outputs accumulate.
  const field = (keyword: string, was: string | undefined, now: string | undefined) => {
    if (was === now) return;
    const q = JSON.stringify;
    if (was !== undefined && now !== undefined) blocks.push([`~ ${keyword} ${q(was)} → ${q(now)}`]);
    else if (now !== undefined) blocks.push([`+ ${keyword} ${q(now)}`]);
    else blocks.push([noted(`- ${keyword} ${q(was)}`, DiffText.notIn(fork.id))]);
  };
  field('title', base.title, fork.title);
  field('jurisdiction', base.jurisdiction, fork.jurisdiction);
  for (const level of levels) {
    const before = level.baseProgram!;
    const history = DiffText.history([{ what: 'new', by: level.id }]);
    for (const s of level.sources) if (!before.sources.some((b) => b.code === s.code)) blocks.push([noted(`+ source ${JSON.stringify(s.code)} ${JSON.stringify(s.title)}`, history)]);
    const listed = new Set(before.outputs.map((o) => o.text));
    const added = level.outputs.filter((o) => !listed.has(o.text)).map((o) => o.text);
    if (added.length) blocks.push([noted(`+ output ${added.join(', ')}`, history)]);
  }

  for (const [key, l] of fork.decls) {
    const b = base.decls.get(key);
    if (l === b) continue;
    const versions = since<Linked<A.Decl>>(l, b);
    const history = DiffText.history(versions.map((v, i): DiffEvent => ({ what: i === 0 && !b ? 'new' : 'overridden', by: v.origin })));
    const d = l.decl;
    if (!b) {
      const values = d.kind === 'param' ? d.values : [];
      const inline = values.length === 1 && !values[0]!.from;
      blocks.push([
        noted(`+ ${d.kind} ${d.name.text}${inline ? ` = ${text(fork, values[0]!.value)}` : ''}`, history),
        ...(inline ? [] : values.map((v) => `    ${v.from ? text(fork, v) : `= ${text(fork, v.value)}`}`)),
      ]);
      continue;
    }
    const cite = d.attrs.cite ?? b.decl.attrs.cite;
    const notes = [history, ...(cite ? [DiffText.cite(cite)] : [])];
    if (d.kind === 'param' && b.decl.kind === 'param') {
      const { inline, lines } = paramChange(fork, b as Linked<A.ParamDecl>, l as Linked<A.ParamDecl>);
      blocks.push([noted(`~ param ${d.name.text}${inline}`, ...notes), ...lines.map((line) => `  ${line}`)]);
      continue;
    }
    const head = noted(`~ ${d.kind} ${d.name.text}`, ...notes);
    const items = d.kind === 'list' ? itemChanges(fork, [b.decl, ...versions.map((v) => v.decl)] as A.ListDecl[], versions.map((v) => v.origin)) : [];
    const body = items.length ? items.map(([line, events]) => `  ${noted(line, DiffText.history(events))}`) : lineDiff(text(fork, b.decl), text(fork, d)).map((line) => `  ${line}`);
    blocks.push([head, ...body]);
  }

  const baseExamples = new Map(base.examples.map((e) => [e.example.name, e]));
  for (const e of fork.examples) {
    const b = baseExamples.get(e.example.name);
    if (e === b) continue;
    const history = DiffText.history(since<LinkedExample>(e, b).map((v, i): DiffEvent => ({ what: i === 0 && !b ? 'new' : 'overridden', by: v.origin })));
    const head = noted(`${b ? '~' : '+'} example "${e.example.name}"`, history);
    const changed = b ? lineDiff(text(fork, b.example), text(fork, e.example)).filter((line) => !line.startsWith('  ')) : [];
    blocks.push([head, ...changed.map((line) => `  ${line}`)]);
  }

  const via = levels.slice(0, -1).map((p) => p.id).reverse();
  const out = [say(DiffText.heading(fork.id, base.id, via))];
  for (const block of blocks) out.push('', ...block);
  if (blocks.length === 0) out.push('', say(DiffText.none()));
  return out;
}

/** A param's values as written: `= 10`, `from 2025-01-01 = 350`. */
function valueLines(p: Program, d: A.ParamDecl): string[] {
  return d.values.map((v) => (v.from ? text(p, v) : `= ${text(p, v.value)}`));
}

/**
 * What an override changes in a param: its value (`= 10 → 12` when both have one undated
 * value, else the value lines that differ) and the attributes that differ. An override keeps the
 * base's label, citation, note and range unless it states its own, so those compare as in effect.
 */
function paramChange(p: Program, was: Linked<A.ParamDecl>, now: Linked<A.ParamDecl>): { inline: string; lines: string[] } {
  const range = (l: Linked<A.Decl> | undefined): string | undefined => {
    for (let v = l; v; v = v.replaced) if (v.decl.attrs.range) return `in ${text(p, v.decl.attrs.range)}`;
    return undefined;
  };
  const attrs = (l: Linked<A.ParamDecl>) => {
    const { label, attrs: a } = l.decl;
    return [label !== undefined ? JSON.stringify(label) : '', range(l) ?? '', a.cite !== undefined ? `cite ${JSON.stringify(a.cite)}` : '', a.note !== undefined ? `note ${JSON.stringify(a.note)}` : '', a.illustrative ? 'illustrative' : ''].filter(Boolean).join('\n');
  };
  const changed = (a: string, b: string) => (a === b ? [] : lineDiff(a, b).filter((line) => !line.startsWith('  ')));
  const before = valueLines(p, was.decl);
  const after = valueLines(p, now.decl);
  const single = before.length === 1 && after.length === 1 && !was.decl.values[0]!.from && !now.decl.values[0]!.from;
  const inline = single && before[0] !== after[0] ? ` ${before[0]} → ${after[0]!.slice(2)}` : '';
  return { inline, lines: [...changed(attrs(was), attrs(now)), ...(single ? [] : changed(before.join('\n'), after.join('\n')))] };
}

/**
 * Items of a list that differ between its first version (the base's) and its last, each with
 * the steps that changed it. `versions[i + 1]` was written by `origins[i]`.
 */
function itemChanges(p: Program, versions: readonly A.ListDecl[], origins: readonly string[]): [string, DiffEvent[]][] {
  const names = [...new Set(versions.flatMap((v) => v.items.map((i) => i.name.text)))];
  const out: [string, DiffEvent[]][] = [];
  for (const name of names) {
    const states = versions.map((v) => {
      const item = v.items.find((i) => i.name.text === name);
      return item && text(p, item);
    });
    const was = states[0];
    const now = states.at(-1);
    if (was === now) continue;
    const events: DiffEvent[] = [];
    for (let i = 1; i < states.length; i++) {
      if (states[i] === states[i - 1]) continue;
      events.push({ what: states[i - 1] === undefined ? 'new' : states[i] === undefined ? 'removed' : 'changed', by: origins[i - 1]! });
    }
    out.push([`${was === undefined ? '+' : now === undefined ? '-' : '~'} item ${name}`, events]);
  }
  return out;
}
