/**
 * @module backend/closures/test-kinds
 * The kinds of a planned test (`predicates.ts`), in a module of their own so that the planners
 * that look at them (`choices.ts`, `lists.ts`) can be imported by `predicates.ts` in turn.
 */
export const TEST_TRUTHY = 0;
export const TEST_EQ = 1;
export const TEST_NE = 2;
export const TEST_LT = 3;
export const TEST_LE = 4;
export const TEST_GT = 5;
export const TEST_GE = 6;
export const TEST_IN = 7;
export const TEST_CALL = 8;
