/**
 * @module examples
 * Runs a rule set's examples through both backends: the closures and json-logic-js on the
 * lowered JSON Logic. An example passes when both give exactly the expected outputs.
 */
import type { Diagnostic, Locale } from './diagnostics.ts';
import { ExampleText, M } from './messages.ts';
import type { CompileResult, Ruleset } from './ruleset.ts';

export interface ExampleResult {
  readonly ruleset: string;
  readonly name: string;
  /** Rule set that wrote the example (a fork inherits its base's examples). */
  readonly origin: string;
  readonly passed: boolean;
  readonly expected: Record<string, unknown>;
  readonly closures: unknown;
  readonly jsonLogic: unknown;
  /** Human-readable reasons when it failed. */
  readonly problems: readonly string[];
}

/** Deep equality of JSON values (arrays in order). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

/** A value as the rule text writes it: JSON, with 是/否 for true/false in Chinese. */
const shown = (v: unknown) => ({ en: JSON.stringify(v), zh: typeof v === 'boolean' ? (v ? '是' : '否') : JSON.stringify(v) });

/**
 * @example runExamples(ruleset).filter((r) => !r.passed) // []
 */
export function runExamples(ruleset: Ruleset, locale: Locale = 'en'): ExampleResult[] {
  return ruleset.examples.map((ex) => {
    const opts = { outputs: Object.keys(ex.expect), ...(ex.asOf ? { asOf: ex.asOf } : { asOf: '2024-01-01' }) };
    const c = ruleset.evaluate(ex.given, { ...opts, locale });
    const j = ruleset.evaluateJsonLogic(ex.given, { ...opts, locale });
    const problems: string[] = [];
    const closures = c.ok ? c.outputs : { errors: c.errors };
    const jsonLogic = j.ok ? j.outputs : { errors: j.errors };
    if (!c.ok) problems.push(...c.errors.map((e) => ExampleText.error(e.field, e.message)[locale]));
    else {
      for (const [k, want] of Object.entries(ex.expect)) {
        if (!sameJson(c.outputs[k], want)) problems.push(ExampleText.mismatch(k, shown(want), shown(c.outputs[k]))[locale]);
      }
    }
    // JSON Logic has no errors (a value with no rule is null there): compare only answers.
    if (c.ok && !sameJson(closures, jsonLogic)) problems.push(ExampleText.disagree(JSON.stringify(closures), JSON.stringify(jsonLogic))[locale]);
    return { ruleset: ruleset.id, name: ex.name, origin: ex.origin, passed: problems.length === 0, expected: ex.expect, closures, jsonLogic, problems };
  });
}

/**
 * Failing examples as error diagnostics at each example, for editors and for refusing to
 * publish a rule set whose own examples do not hold.
 * @example exampleDiagnostics(ruleset, 'zh') // [] when every example holds
 */
export function exampleDiagnostics(ruleset: Ruleset, locale: Locale = 'en'): Diagnostic[] {
  const spans = new Map(ruleset.examples.map((e) => [e.name, e.span]));
  return runExamples(ruleset, locale)
    .filter((r) => !r.passed)
    .map((r) => {
      // Every result that differs, not only the first.
      const msg = M.exampleFailed(r.name, r.problems.join(locale === 'zh' ? '；' : '; '));
      return { code: msg.code, severity: 'error' as const, message: msg.message[locale], help: msg.help![locale], span: spans.get(r.name)! };
    });
}

/**
 * A compile result whose examples fail carries them as errors, and no rule set to publish: what
 * `rules check` and the API's check, draft and publish report alike.
 */
export function withExamples(result: CompileResult, locale: Locale): CompileResult {
  if (!result.ruleset) return result;
  const failed = exampleDiagnostics(result.ruleset, locale);
  if (!failed.length) return result;
  const { ruleset: _, ...rest } = result;
  return { ...rest, diagnostics: [...result.diagnostics, ...failed] };
}
