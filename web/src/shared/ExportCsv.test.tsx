import { afterEach, describe, expect, it } from 'vitest';
import { csvHref, ExportCsv } from './ExportCsv';
import { render } from './test-render';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe('Export CSV', () => {
  it('asks the API for the table’s own query as CSV, leaving out unset filters', () => {
    expect(
      csvHref('/api/v1/analytics/backlog', {
        group_by: 'site',
        vendor_id: 'v1',
        site_id: undefined,
        limit: 50,
      }),
    ).toBe('/api/v1/analytics/backlog?group_by=site&vendor_id=v1&limit=50&format=csv');
  });

  it('is a plain download link named for its table', async () => {
    const view = await render(
      <ExportCsv path="/api/v1/operations/live" query={{}} label="Export CSV of queues" />,
    );
    cleanup = view.unmount;
    const link = view.container.querySelector('a');
    expect(link?.getAttribute('href')).toBe('/api/v1/operations/live?format=csv');
    expect(link?.hasAttribute('download')).toBe(true);
    expect(link?.getAttribute('aria-label')).toBe('Export CSV of queues');
    expect(link?.textContent).toBe('Export CSV');
  });
});
