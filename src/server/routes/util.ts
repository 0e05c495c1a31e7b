/**
 * @module server/routes/util
 * Small helpers shared by the route modules.
 */
import type { Result } from '../../service/result.ts';
import { raise } from '../route.ts';

/** The value of a service result, or the problem it failed with. */
export function unwrap<T>(r: Result<T>, headers?: Record<string, string>): T {
  if (!r.ok) raise(r, headers);
  return r.value;
}
