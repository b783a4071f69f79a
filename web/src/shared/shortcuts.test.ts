import { describe, expect, it } from 'vitest';
import { isTypingTarget, shortcutFor } from './shortcuts';

describe('keyboard shortcuts', () => {
  const body = document.body;

  it.each([
    ['j', 'next'],
    ['ArrowDown', 'next'],
    ['k', 'previous'],
    ['ArrowUp', 'previous'],
    ['r', 'reply'],
    ['n', 'note'],
    ['s', 'solve'],
    ['?', 'help'],
    ['Enter', 'open'],
    ['x', null],
  ])('%s means %s outside text fields', (key, action) => {
    expect(shortcutFor({ key, target: body })).toBe(action);
  });

  it('never fires while typing in an input, textarea, select, contenteditable or a dialog', () => {
    const input = document.createElement('input');
    const area = document.createElement('textarea');
    const select = document.createElement('select');
    const editable = document.createElement('div');
    editable.contentEditable = 'true';
    const combo = document.createElement('div');
    combo.setAttribute('role', 'combobox');
    const dialog = document.createElement('div');
    dialog.setAttribute('role', 'dialog');
    const inDialog = document.createElement('button');
    dialog.append(inDialog);
    document.body.append(input, area, select, editable, combo, dialog);
    for (const target of [input, area, select, combo, inDialog]) {
      expect(isTypingTarget(target)).toBe(true);
      expect(shortcutFor({ key: 's', target })).toBeNull();
    }
    // happy-dom does not compute isContentEditable; the check reads it as browsers set it.
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: true })).toBe(true);
  });

  it('leaves modified keys to the browser, and ignores events already handled', () => {
    expect(shortcutFor({ key: 'r', ctrlKey: true, target: body })).toBeNull();
    expect(shortcutFor({ key: 'r', metaKey: true, target: body })).toBeNull();
    expect(shortcutFor({ key: 'j', altKey: true, target: body })).toBeNull();
    expect(shortcutFor({ key: 'j', defaultPrevented: true, target: body })).toBeNull();
  });
});
