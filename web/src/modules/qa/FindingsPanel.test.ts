import { describe, expect, it } from 'vitest';
import { excerpt } from './FindingsPanel';

describe('excerpt', () => {
  it('marks the span with the words around it, cut with an ellipsis', () => {
    const text = `${'a'.repeat(100)}card 4111 1111 1111 1111 please${'b'.repeat(100)}`;
    const start = 105;
    const end = start + 19;
    const part = excerpt(text, { start, end });
    expect(part.marked).toBe('4111 1111 1111 1111');
    expect(part.before.startsWith('…')).toBe(true);
    expect(part.before.endsWith('card ')).toBe(true);
    expect(part.after.startsWith(' please')).toBe(true);
    expect(part.after.endsWith('…')).toBe(true);
  });
  it('shows the start of the message for a whole-message finding', () => {
    expect(excerpt('Hi there', null)).toEqual({ before: 'Hi there', marked: '', after: '' });
  });
});
