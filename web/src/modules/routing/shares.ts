/** Pure helpers of the routing screens: the shares' total in words, and rule reordering. */

/** Sum of the target shares, rounded to hundredths so 33.33 + 33.33 + 33.34 is exactly 100. */
export function sharesTotal(shares: readonly (number | string)[]): number {
  const sum = shares.reduce<number>((s, x) => s + (typeof x === 'number' ? x : Number(x) || 0), 0);
  return Math.round(sum * 100) / 100;
}

/**
 * What the editor says under the shares: null when they add up to 100 (as the API requires, within
 * 0.01) or there are none; otherwise the total and how far off it is, in words.
 */
export function sharesProblem(shares: readonly (number | string)[]): string | null {
  if (shares.length === 0) return null;
  const total = sharesTotal(shares);
  const gap = Math.round((100 - total) * 100) / 100;
  if (Math.abs(gap) < 0.01) return null;
  return gap > 0
    ? `The shares add up to ${total} %; they must add up to 100 % (${gap} short).`
    : `The shares add up to ${total} %; they must add up to 100 % (${-gap} over).`;
}

/**
 * New positions after moving the rule at `index` one step up (-1) or down (+1): the order is
 * renumbered 10, 20, 30… so ties in stored positions cannot stop a move. Only the rules whose
 * position changes are returned, each to be saved with a PATCH.
 */
export function moveRule<R extends { id: string; position: number }>(
  rules: readonly R[],
  index: number,
  direction: -1 | 1,
): { id: string; position: number }[] {
  const target = index + direction;
  if (index < 0 || index >= rules.length || target < 0 || target >= rules.length) return [];
  const order = [...rules];
  [order[index], order[target]] = [order[target]!, order[index]!];
  return order
    .map((rule, i) => ({ id: rule.id, position: (i + 1) * 10, before: rule.position }))
    .filter((r) => r.position !== r.before)
    .map(({ id, position }) => ({ id, position }));
}

/** The position for a new rule: after the last one. */
export const nextPosition = (rules: readonly { position: number }[]) =>
  rules.reduce((max, r) => Math.max(max, r.position), 0) + 10;
