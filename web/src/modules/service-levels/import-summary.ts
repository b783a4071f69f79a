/** "Imported 2 holidays.", "Imported 1 holiday; 3 were already there; 1 event skipped." */
export function importSummary(result: { imported: number; already_present: number; skipped: unknown[] }) {
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const parts = [`Imported ${count(result.imported, 'holiday', 'holidays')}`];
  if (result.already_present) parts.push(`${count(result.already_present, 'was', 'were')} already there`);
  if (result.skipped.length) parts.push(`${count(result.skipped.length, 'event', 'events')} skipped`);
  return `${parts.join('; ')}.`;
}
