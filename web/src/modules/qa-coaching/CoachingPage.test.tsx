import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';

const AGENT = '00000000-0000-4000-8000-000000000001';
const ACTION = '00000000-0000-4000-8000-0000000000a1';
const { patches } = vi.hoisted(() => ({ patches: [] as Array<{ url: string; body: unknown }> }));

// openapi-fetch keeps the fetch it finds when the client is created: stub it before any import.
vi.hoisted(() => {
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(String(input), init);
    const url = new URL(request.url);
    if (request.method === 'PATCH') patches.push({ url: url.pathname, body: await request.json() });
    const action = {
      id: '00000000-0000-4000-8000-0000000000a1',
      session_id: '00000000-0000-4000-8000-0000000000b1',
      vendor_id: null,
      agent_id: '00000000-0000-4000-8000-000000000001',
      description: 'Re-read the refund policy',
      due_date: '2000-01-03',
      status: 'open',
      overdue: true,
      completed_at: null,
      completed_by: null,
      follow_up: null,
      created_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-01T00:00:00Z',
    };
    const body = url.pathname.endsWith('/qa/coaching-sessions')
      ? {
          items: [
            {
              id: action.session_id,
              vendor_id: null,
              agent_id: action.agent_id,
              coach_id: '00000000-0000-4000-8000-000000000003',
              review_ids: ['00000000-0000-4000-8000-0000000000c1'],
              scheduled_at: '2026-01-05T09:00:00Z',
              status: 'planned',
              held_at: null,
              notes: 'Refund policy',
              created_by: '00000000-0000-4000-8000-000000000003',
              created_at: '2026-01-01T00:00:00Z',
              updated_at: '2026-01-01T00:00:00Z',
              actions: [action],
              counts: { open: 1, done: 0, overdue: 1 },
            },
          ],
        }
      : url.pathname.endsWith('/users')
        ? { items: [{ id: '00000000-0000-4000-8000-000000000003', display_name: 'Quinn QA' }] }
        : request.method === 'PATCH'
          ? { ...action, status: 'done', overdue: false }
          : { items: [] };
    return new Response(JSON.stringify(body), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  };
});

import { renderInRouter, testQueryClient } from '../../shared/test-render';
import { type Me, meKey } from '../auth/session';
import { CoachingPage } from './CoachingPage';

const agent: Me = {
  userId: AGENT,
  organizationId: '00000000-0000-4000-8000-000000000002',
  role: 'agent',
  vendorId: null,
  teamId: null,
  displayName: 'Ana Agent',
  email: 'agent@demo.tandem.test',
  vendorName: null,
  permissions: ['tickets:read', 'qa:dispute'],
};

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe('the coaching screen', () => {
  it('shows the agent their session and its overdue item, and marks it done', async () => {
    const client = testQueryClient();
    client.setQueryData(meKey, agent);
    const view = await renderInRouter(<CoachingPage />, client);
    cleanup = view.unmount;
    await view.settle();
    expect(view.text()).toContain('Ana Agent · coached by Quinn QA');
    expect(view.text()).toContain('Re-read the refund policy');
    expect(view.text()).toContain('1 overdue');
    const button = [...view.container.querySelectorAll('button')].find((b) => b.textContent === 'Mark done');
    expect(button).toBeDefined();
    await act(async () => button!.click());
    await view.settle();
    expect(patches).toEqual([{ url: `/api/v1/qa/coaching-actions/${ACTION}`, body: { status: 'done' } }]);
  });
});
