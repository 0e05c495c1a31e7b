/**
 * @module diagnostics
 * The one diagnostic shape that travels unchanged from the compiler to the CLI, the HTTP API
 * and editor markers. Stages return diagnostics as values; exceptions are for internal bugs.
 */
import { LABELS } from './messages.ts';
import { isWide, lineText, positionAt, type SourceFile, type Span } from './source.ts';

export type Severity = 'error' | 'warning';
export type Locale = 'zh' | 'en';

/** A language tag we speak: `zh` or `en`, then any subtags (`zh-CN`, `zh-Hans`, `en-US`); not `zh-` or `zh_CN`. */
export const LANGUAGE_TAG = /^([zZ][hH]|[eE][nN])(?:-[a-zA-Z\d]{1,8})*$/;

/**
 * The locale of a language tag, if it is one we speak and well formed ({@link LANGUAGE_TAG}):
 * `zh`, `zh-CN`, `zh-Hans`, `zh-TW` are Chinese; `en`, `en-US` English (any case); `zh-` is none.
 * @example localeOfTag('zh-CN') // 'zh'
 */
export function localeOfTag(tag: string): Locale | undefined {
  return LANGUAGE_TAG.exec(tag)?.[1]!.toLowerCase() as Locale | undefined;
}

/** Related location, e.g. the base rule set's clause a fork violated. */
export interface Related {
  readonly span: Span;
  readonly message: string;
}

export interface Diagnostic {
  /** Stable code such as `E-UNIT-MISMATCH`; never reworded. */
  readonly code: string;
  readonly severity: Severity;
  /** One line; user text in backticks. */
  readonly message: string;
  readonly help?: string;
  readonly span: Span;
  readonly related?: readonly Related[];
}

/** A stage's result: a value (possibly partial) plus what went wrong. */
export interface Staged<T> {
  readonly value: T;
  readonly diagnostics: readonly Diagnostic[];
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/**
 * Renders `file:line:col: error[code]: message`, the source line and a caret under the span
 * (labels in the given language: `错误[code]`, `= 提示:` …; the code stays as it is).
 * @example renderDiagnostic(d, files) // "rules/x.rules:3:7: error[E-NAME-UNKNOWN]: …"
 */
export function renderDiagnostic(d: Diagnostic, files: ReadonlyMap<string, SourceFile>, locale: Locale = 'en'): string {
  const label = LABELS[locale];
  const out: string[] = [];
  const file = files.get(d.span.file);
  const text = file?.text ?? '';
  const pos = positionAt(text, d.span.start);
  out.push(`${d.span.file}:${pos.line}:${pos.column}: ${label[d.severity]}[${d.code}]: ${d.message}`);
  if (file) out.push(...snippet(text, d.span));
  if (d.help) out.push(`  = ${label.help}: ${d.help}`);
  for (const r of d.related ?? []) {
    const rf = files.get(r.span.file);
    const rp = positionAt(rf?.text ?? '', r.span.start);
    out.push(`  = ${label.note}: ${r.span.file}:${rp.line}:${rp.column}: ${r.message}`);
    if (rf) out.push(...snippet(rf.text, r.span));
  }
  return out.join('\n');
}

function snippet(text: string, span: Span): string[] {
  const pos = positionAt(text, span.start);
  const line = lineText(text, pos.line);
  const width = Math.max(1, Math.min(span.end - span.start, line.length - pos.column + 1));
  const gutter = String(pos.line);
  const pad = ' '.repeat(gutter.length);
  const lead = [...line.slice(0, pos.column - 1)].map((ch) => (ch === '\t' ? '\t' : isWide(ch) ? '  ' : ' ')).join('');
  const marked = [...line.slice(pos.column - 1, pos.column - 1 + width)].map((ch) => (isWide(ch) ? '^^' : '^')).join('');
  return [`${pad} |`, `${gutter} | ${line}`, `${pad} | ${lead}${marked || '^'}`];
}

/** Sorts by file then offset, so output is stable. */
export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  return [...ds].sort((a, b) => a.span.file.localeCompare(b.span.file) || a.span.start - b.span.start || a.code.localeCompare(b.code));
}
