/**
 * The seed rule sets' examples cover the policy: every decision-table row is matched, every
 * clause fires, and every declaration a fork overrides is used, by at least one example of
 * that rule set (measured from the explanation traces of the examples themselves).
 */
import { describe, expect, it } from 'vitest';
import type { ExplainNode } from '../src/ruleset.ts';
import { seed, SEED_IDS } from './helpers.ts';

describe.each(SEED_IDS)('examples of %s', (id) => {
  const rs = seed(id);
  const used = new Set<string>();
  const rows = new Set<string>();
  const fired = new Set<string>();
  const visit = (n: ExplainNode) => {
    used.add(n.name);
    if (n.row) rows.add(`${n.name}#${n.row.index}`);
    for (const f of n.fired ?? []) fired.add(`${n.name}#${f.key}`);
    n.children.forEach(visit);
  };
  for (const ex of rs.examples) {
    const r = rs.evaluate(ex.given, { outputs: Object.keys(ex.expect), explain: true, ...(ex.asOf ? { asOf: ex.asOf } : { asOf: '2024-01-01' }) });
    if (r.ok) r.explanation!.forEach(visit);
  }
  const values = rs.checked.ctx.values;

  it('match every row of every decision table', () => {
    const missing = [...values.values()].filter((d) => d.kind === 'table').flatMap((t) => (t.kind === 'table' ? t.rows.map((_, i) => `${t.name.text}#${i + 1}`) : [])).filter((k) => !rows.has(k));
    expect(missing).toEqual([]);
  });

  it('fire every clause', () => {
    const missing = [...values.values()].flatMap((d) => (d.kind === 'clauses' ? d.clauses.map((c) => `${d.name.text}#${c.key}`) : [])).filter((k) => !fired.has(k));
    expect(missing).toEqual([]);
  });

  it('use every declaration this rule set overrides', () => {
    const overridden = [...rs.checked.program.decls.values()].filter((l) => l.origin === id && l.replaced).map((l) => l.decl.name.text);
    expect(overridden.filter((n) => !used.has(n))).toEqual([]);
  });
});
