import { Anchor } from '@mantine/core';

type Query = Record<string, string | number | undefined>;

/** The address of the API's CSV of a table: the table's own query plus format=csv. */
export function csvHref(path: string, query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  params.set('format', 'csv');
  return `${path}?${params}`;
}

/** "Export CSV" beside a table: a plain download of the API's CSV for the same query. A label must start with the visible "Export CSV" (axe: the visible text is part of the name). */
export function ExportCsv({ path, query, label }: { path: string; query: Query; label?: string }) {
  return (
    <Anchor href={csvHref(path, query)} download size="sm" aria-label={label}>
      Export CSV
    </Anchor>
  );
}
