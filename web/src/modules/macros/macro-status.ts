/**
 * A macro's state as the server keeps it: a brand admin's macro is approved when saved; a vendor
 * user's is a proposal awaiting a brand admin's approval (there is no separate draft state).
 */
export type MacroStatus = 'awaiting' | 'approved';

export const STATUS_LABELS: Record<MacroStatus, string> = {
  awaiting: 'Awaiting approval',
  approved: 'Approved',
};

interface MacroLike {
  approved: boolean;
  vendor_id: string | null;
}

export const macroStatus = (macro: Pick<MacroLike, 'approved'>): MacroStatus =>
  macro.approved ? 'approved' : 'awaiting';

export const byStatus = <M extends MacroLike>(macros: readonly M[], status: '' | MacroStatus): M[] =>
  status ? macros.filter((m) => macroStatus(m) === status) : [...macros];

/**
 * Whether the user may edit or delete the macro, as the server decides: brand users any; vendor users
 * only their own vendor's proposals that are not yet approved.
 */
export function mayChange(
  me: { vendorId: string | null; permissions: readonly string[] },
  macro: MacroLike,
): boolean {
  if (!me.permissions.includes('macros:write')) return false;
  if (me.vendorId === null) return true;
  return macro.vendor_id === me.vendorId && !macro.approved;
}

/** Who may use it: every agent for the brand's own; the vendor's agents for a vendor's, once approved. */
export function audience(macro: MacroLike, vendorName: (id: string) => string): string {
  if (macro.vendor_id === null) return 'Every agent (brand-wide)';
  const who = `${vendorName(macro.vendor_id)}'s agents`;
  return macro.approved ? who : `${who}, once approved`;
}

/** `text` with `insert` put in place of the selection [start, end), and where the caret goes next. */
export function insertAt(text: string, start: number, end: number, insert: string) {
  const from = Math.max(0, Math.min(start, text.length));
  const to = Math.max(from, Math.min(end, text.length));
  return { text: text.slice(0, from) + insert + text.slice(to), caret: from + insert.length };
}
