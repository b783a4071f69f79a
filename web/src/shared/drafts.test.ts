import { beforeEach, describe, expect, it } from 'vitest';
import { clearDraft, draftKey, loadDraft, pruneDrafts, saveDraft } from './drafts';

describe('drafts', () => {
  beforeEach(() => localStorage.clear());

  it('keeps a draft per user, ticket and mode, and survives a new page (storage read back)', () => {
    saveDraft(localStorage, 'u1', 't1', 'reply', 'Dear customer');
    saveDraft(localStorage, 'u1', 't1', 'note', 'Check the refund');
    saveDraft(localStorage, 'u2', 't1', 'reply', 'Other agent');
    expect(loadDraft(localStorage, 'u1', 't1', 'reply')).toBe('Dear customer');
    expect(loadDraft(localStorage, 'u1', 't1', 'note')).toBe('Check the refund');
    expect(loadDraft(localStorage, 'u2', 't1', 'reply')).toBe('Other agent');
    expect(loadDraft(localStorage, 'u1', 't2', 'reply')).toBe('');
  });

  it('removes the draft when the text is emptied or the message is sent', () => {
    saveDraft(localStorage, 'u1', 't1', 'reply', 'x');
    saveDraft(localStorage, 'u1', 't1', 'reply', '   ');
    expect(localStorage.getItem(draftKey('u1', 't1', 'reply'))).toBeNull();
    saveDraft(localStorage, 'u1', 't1', 'note', 'y');
    clearDraft(localStorage, 'u1', 't1', 'note');
    expect(loadDraft(localStorage, 'u1', 't1', 'note')).toBe('');
  });

  it('reads a corrupt entry as no draft, and prunes drafts older than 30 days', () => {
    localStorage.setItem(draftKey('u1', 't9', 'reply'), '{not json');
    expect(loadDraft(localStorage, 'u1', 't9', 'reply')).toBe('');
    const now = Date.now();
    saveDraft(localStorage, 'u1', 'old', 'reply', 'old', now - 31 * 24 * 3600 * 1000);
    saveDraft(localStorage, 'u1', 'new', 'reply', 'new', now);
    localStorage.setItem('unrelated', 'keep');
    expect(pruneDrafts(localStorage, now)).toBe(2);
    expect(loadDraft(localStorage, 'u1', 'new', 'reply')).toBe('new');
    expect(loadDraft(localStorage, 'u1', 'old', 'reply')).toBe('');
    expect(localStorage.getItem('unrelated')).toBe('keep');
  });
});
