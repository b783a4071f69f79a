/** The calendar day of `date` in the browser's time zone, as the API's days read: 2026-12-08. */
export function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A datetime-local value ("2026-12-08T10:30", the browser's zone) as an instant with offset. */
export function toInstant(local: string): string {
  const date = new Date(local);
  if (Number.isNaN(date.getTime())) throw new Error('Choose a date and time for the session.');
  return date.toISOString();
}
