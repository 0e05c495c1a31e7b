/**
 * A rule set with every core operation and its awkward cases (negative amounts and rounding,
 * money times an input rate, dated params inside list functions, enum order between two inputs,
 * `last`, `all`, `sum`), for tests that compare backends.
 */
export const OPS_SOURCE = `
ruleset ops
enum grade { a b c d }
unit hh "户"
input amount: money in -100000..100000
input rate: decimal in -3..3
input n: integer in -50..50
input m: integer in 1..9
input h: integer[hh] in 0..10000
input g1: grade
input g2: grade
input xs: list of grade max_items 12
input nums: list of integer max_items 12
input flag: bool
param k: integer = 2
  from 2025-01-01 = 3
param share: decimal = 70%
def times_rate: money cite "t" = amount * rate
def div_rate: money cite "t" = amount / (if rate = 0 then 1 otherwise rate)
def times_share: money cite "t" = amount * share
def div_int: money cite "t" = amount / 3
def floor_yuan: money cite "t" = floor(amount)
def ceil_yuan: money cite "t" = ceil(amount)
def round_yuan: money cite "t" = round(amount)
def floor_q: integer cite "t" = floor(n / m)
def ceil_q: integer cite "t" = ceil(n / m)
def round_q: integer cite "t" = round(n / m)
def abs_n: integer cite "t" = abs(n)
def minmax: integer cite "t" = max(min(n, m), -m) + min(n, m, 3)
def hh_blocks: integer cite "t" = ceil(h / 300) + floor((h - 3000) / 500)
def order: bool cite "t" = g1 >= g2 or g1 < c
def order_c: integer cite "t" = (if g1 <= b then 1000 otherwise 0) + (if g1 > b then 100 otherwise 0) + (if c >= g1 then 10 otherwise 0) + (if a < g1 and not (g1 >= d) then 1 otherwise 0)
def run_k: bool cite "t" = consecutive(xs, d, k)
def run_g: bool cite "t" = consecutive(xs, g1, m)
def count_g: integer cite "t" = count(xs, g2) + count(xs) + length(nums)
def all_g: bool cite "t" = all(xs, g1)
def has_g: bool cite "t" = contains(xs, g2) or g1 in xs
def counted: integer cite "t" = count(xs, a) * 100 + count(xs, b) * 10 + count(xs, d)
def runs: integer cite "t" = (if consecutive(xs, a, 2) then 100 otherwise 0) + (if consecutive(xs, b, 3) then 10 otherwise 0) + (if consecutive(xs, d, 0) then 1 otherwise 0)
def tail: list of grade cite "t" = last(xs, k)
def tail_n: integer cite "t" = count(last(xs, m), d)
def total: integer cite "t" = sum(nums) - sum(last(nums, 2))
def pick: integer cite "t" = if flag and not (n > 0) then -n otherwise n * 2 - 1
def neg_money: money cite "t" = -amount + 0.01
# Junctions over one list and one value (one scan in the closures), and ones that are not.
def scans: integer cite "t"
  = (if consecutive(xs, d, 2) or count(xs, d) >= 3 then 10000 otherwise 0)
  + (if 2 <= count(xs, a) and consecutive(xs, a, 1) then 1000 otherwise 0)
  + (if not (count(xs, b) = 0 or consecutive(xs, b, 3)) then 100 otherwise 0)
  + (if count(xs, c) != 1 and count(xs, c) < 4 and consecutive(xs, c, 0) then 10 otherwise 0)
  + (if consecutive(xs, a, k) or count(xs, b) > 2 or count(xs, a) >= 2 then 1 otherwise 0)
# An or of questions that hold from some item on (the closures stop scanning there): > as well as >=, one always true, negated.
def until: integer cite "t"
  = (if consecutive(xs, c, 3) or count(xs, c) > 1 then 1 otherwise 0)
  + (if count(xs, b) >= 0 or consecutive(xs, b, 4) then 10 otherwise 0)
  + (if not (consecutive(xs, d, 2) or count(xs, d) > 3) then 100 otherwise 0)
  + (if count(xs, a) > 2 or count(xs, a) >= 5 or consecutive(xs, a, 2) then 1000 otherwise 0)
# Nested and/or/not (one branch program in the closures), short-circuiting past a division by zero.
def nested: bool cite "t" = ((flag or n > 3) and not (g1 = a or (g2 != b and m > 4))) or (n != 0 and 12 / n > 2)
def nor: bool cite "t" = not (flag or (n > 3 and m < 5))
# A choice on each kind of register test, negated or not, with constant and computed arms.
def choices: integer cite "t"
  = (if n < 0 then 1 otherwise 0) + (if n <= 0 then 2 otherwise m) + (if n > 2 then m otherwise 4) + (if n >= 3 then m otherwise n)
  + (if flag then 16 otherwise 0) + (if not flag then 32 otherwise 0) + (if g1 = a then 64 otherwise 0)
  + (if g1 != b then m * 100 otherwise 0) + (if not (n > 5) then 1000 otherwise 2000)
  + (if n != 1 then m otherwise n) + (if m = 7 then n * 10000 otherwise m * 10000)
  + (if not (n < 2) then m otherwise 5) * 100000 + (if not (g2 = c) then n otherwise m) * 1000000
def memberships: integer cite "t" = (if g1 in [a, c] then m otherwise n) + (if not (g2 in [b]) then 5 otherwise m) * 10
# A junction of more tests than are chained as choices (a loop over them instead).
def wide: bool cite "t" = ${Array.from({ length: 40 }, (_, i) => `n = ${i - 20}`).join(' or ')} or flag and m > 8
# Clauses of flags, equalities and other register tests (checked together in the closures), and ones that call out.
clauses fired "t" cite "t"
  clause 1 "f" cite "t" : flag
  clause 2 "nf" cite "t" : not flag and g1 = b
  clause 3 "ne" cite "t" : g1 != g2 and n < 0
  clause 4 "h" cite "t" : consecutive(xs, d, 2) or count(xs, d) >= 3
  clause 5 "in" cite "t" : g1 in [a, c] and count(xs, a) > 1
  clause 6 "m" cite "t" : m > 5 and not (g2 = d)
  clause 7 "nn" cite "t" : not (g1 != g2) and flag
  clause 8 "nc" cite "t" : g1 != c and not (g2 != a)
  clause 9 "nb" cite "t" : not flag and g2 != b and m > 5
  clause 10 "na" cite "t" : not consecutive(xs, a, 2)
def floor_fen: money cite "t" = floor(amount * rate, 0.01)
def ceil_ten: money cite "t" = ceil(amount * share, 10)
def round_exact: money cite "t" = round(amount * rate)
def floor_half: money cite "t" = floor(amount, 0.5)
def ceil_div: money cite "t" = ceil(amount / 3, 0.01)
output floor_fen, ceil_ten, round_exact, floor_half, ceil_div, times_rate, div_rate, times_share, div_int, floor_yuan, ceil_yuan, round_yuan, floor_q, ceil_q, round_q, abs_n,
  minmax, hh_blocks, order, order_c, run_k, run_g, count_g, all_g, has_g, tail, tail_n, total, pick, neg_money, counted, runs, scans, until, fired, nested, nor, choices, wide, memberships
`;
