import { describe, expect, it } from 'vitest';
import { parseInboxSearch, scopeInboxSearch, viewsFor } from './inbox-search';

describe('the inbox views a user is offered', () => {
  it('offers "My team" only to someone in a team', () => {
    expect(viewsFor('7d4c0b8e-9a57-4f43-9d0b-3b1f2d2c9a11')).toEqual(['mine', 'team', 'unassigned', 'all']);
    expect(viewsFor(null)).toEqual(['mine', 'unassigned', 'all']);
  });

  it('opens a bookmarked team view as the whole scope for someone in no team, keeping the filters', () => {
    const search = parseInboxSearch({ view: 'team', status: 'open', q: 'refund' });
    expect(scopeInboxSearch(search, null)).toEqual({ view: 'all', status: 'open', q: 'refund' });
    expect(scopeInboxSearch(search, 'team-1')).toBe(search);
    const mine = parseInboxSearch({ view: 'mine' });
    expect(scopeInboxSearch(mine, null)).toBe(mine);
  });
});
