/**
 * @module hot-sites
 * Ownership of unrolled code sites. V8 specialises each call or store site to what it has
 * seen; a site that sees many functions or object shapes goes megamorphic, slow for everyone.
 * Code with unrolled sites (one per position: the result builder's stores, the straight-line
 * plan's calls, the input reader's loads by field name) lets one user own them — the first to
 * make {@link HOT} calls, usually the plan a server or batch runs — and everyone else takes a
 * plain loop, as if there were no sites.
 */

/** Calls a user makes before it may claim the sites. */
export const HOT = 1000;

/** A weak reference where the runtime has them (a dead owner frees the sites). */
const refTo = (x: object) => (typeof WeakRef === 'function' ? new WeakRef(x) : { deref: () => x });

/**
 * One set of sites: `claim(self)` makes `self` the owner if there is none (or the last one was
 * collected) and says whether it did. An owner keeps the sites while `self` lives; the others
 * ask again every {@link HOT} calls.
 * @example const claim = siteOwner(); … if (++calls % HOT === 0) mine = claim(self);
 */
export function siteOwner(): (self: object) => boolean {
  let owner: { deref(): object | undefined } | undefined;
  return (self) => {
    if (owner?.deref()) return false;
    owner = refTo(self);
    return true;
  };
}
