/**
 * Single-key shortcuts for the console. They never fire while the user types into a field, nor with a
 * modifier held (so the browser's own Ctrl/Cmd shortcuts keep working).
 */

export type ShortcutAction = 'next' | 'previous' | 'open' | 'reply' | 'note' | 'solve' | 'help';

export const SHORTCUTS: { keys: string[]; action: ShortcutAction; description: string }[] = [
  { keys: ['j', '↓'], action: 'next', description: 'Next ticket' },
  { keys: ['k', '↑'], action: 'previous', description: 'Previous ticket' },
  { keys: ['Enter'], action: 'open', description: 'Open the selected ticket (inbox)' },
  { keys: ['r'], action: 'reply', description: 'Reply to the customer' },
  { keys: ['n'], action: 'note', description: 'Write an internal note' },
  { keys: ['s'], action: 'solve', description: 'Solve the ticket (undo from the notice)' },
  { keys: ['?'], action: 'help', description: 'Show these shortcuts' },
];

const KEYS: Record<string, ShortcutAction> = {
  j: 'next',
  ArrowDown: 'next',
  k: 'previous',
  ArrowUp: 'previous',
  Enter: 'open',
  r: 'reply',
  n: 'note',
  s: 'solve',
  '?': 'help',
};

interface TargetLike {
  tagName?: string;
  isContentEditable?: boolean;
  getAttribute?(name: string): string | null;
  closest?(selector: string): unknown;
}

/** True for inputs, text areas, selects, contenteditable and ARIA text boxes. */
export function isTypingTarget(target: unknown): boolean {
  if (!target || typeof target !== 'object') return false;
  const el = target as TargetLike;
  const tag = el.tagName?.toUpperCase();
  if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (el.isContentEditable) return true;
  const role = el.getAttribute?.('role');
  if (role === 'textbox' || role === 'combobox' || role === 'searchbox') return true;
  // Inside an open dialog, the dialog owns the keyboard.
  return Boolean(el.closest?.('[role="dialog"]'));
}

export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  target?: unknown;
  defaultPrevented?: boolean;
}

/** The action a key press means here, or null when it is not a shortcut (or the user is typing). */
export function shortcutFor(event: KeyLike): ShortcutAction | null {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return null;
  if (isTypingTarget(event.target)) return null;
  return KEYS[event.key] ?? null;
}
