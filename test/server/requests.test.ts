/**
 * Request envelope validation (src/server/http.ts) on its own, without the app: which fields
 * a refusal names.
 */
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { validateRequest } from '../../src/server/http.ts';
import { CheckBody, EvaluateBody, LangQuery } from '../../src/server/schemas.ts';

const errorsOf = (schema: v.GenericSchema, data: unknown, locale: 'en' | 'zh' = 'en') => {
  const r = validateRequest(schema, data, locale, 'body');
  return r.ok ? [] : r.errors!.map((e) => [e.field, e.code, e.message]);
};

describe('unknown request fields', () => {
  it('are all named, in the order they came, each with a suggestion where one is near', () => {
    expect(errorsOf(EvaluateBody, { zeta: 1, input: {}, explian: true, alpha: 2 })).toEqual([
      ['zeta', 'E-REQUEST-UNKNOWN', 'unknown field `zeta`'],
      ['explian', 'E-REQUEST-UNKNOWN', 'unknown field `explian`; did you mean `explain`?'],
      ['alpha', 'E-REQUEST-UNKNOWN', 'unknown field `alpha`'],
    ]);
    expect(errorsOf(CheckBody, { source: '', base: {} }, 'zh')).toEqual([['base', 'E-REQUEST-UNKNOWN', '未知字段 `base`，是否想写 `bases`？']]);
  });

  it('are named up to ten, then counted', () => {
    const body = Object.fromEntries([['input', {}], ...Array.from({ length: 25 }, (_, i) => [`k${i}`, i])]);
    const errors = errorsOf(EvaluateBody, body);
    expect(errors).toHaveLength(11);
    expect(errors.at(-1)).toEqual(['(body)', 'E-REQUEST-UNKNOWN', 'and 15 more unknown fields']);
  });

  it('are ignored in a query, which is not strict', () => {
    expect(validateRequest(LangQuery, { lang: 'zh', other: 'x' }, 'en', 'query').ok).toBe(true);
  });
});
