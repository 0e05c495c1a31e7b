/**
 * @module backend/closures/test-kinds
 * The kinds of a planned test (`predicates.ts`), in a module of their own: `choices.ts` builds
 * its table of closures from them when it is loaded, and `predicates.ts` imports `choices.ts`.
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
