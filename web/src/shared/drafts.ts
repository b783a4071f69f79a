/**
 * Unsent replies and notes survive a reload: one draft per user, ticket and mode in localStorage.
 * The user is part of the key so a shared browser never shows one agent's draft to another.
 */

export type DraftMode = 'reply' | 'note';

const PREFIX = 'tandem.draft.';
const MAX_AGE_MS = 30 * 24 * 3600 * 1000;

interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  readonly length: number;
  key(index: number): string | null;
}

export const draftKey = (userId: string, ticketId: string, mode: DraftMode) =>
  `${PREFIX}${userId}.${ticketId}.${mode}`;

export function loadDraft(storage: StorageLike, userId: string, ticketId: string, mode: DraftMode): string {
  try {
    const raw = storage.getItem(draftKey(userId, ticketId, mode));
    if (!raw) return '';
    const parsed = JSON.parse(raw) as { text?: unknown };
    return typeof parsed.text === 'string' ? parsed.text : '';
  } catch {
    return '';
  }
}

/** Saves the text; an empty (or blank) text removes the draft. */
export function saveDraft(
  storage: StorageLike,
  userId: string,
  ticketId: string,
  mode: DraftMode,
  text: string,
  now = Date.now(),
) {
  const key = draftKey(userId, ticketId, mode);
  try {
    if (text.trim() === '') storage.removeItem(key);
    else storage.setItem(key, JSON.stringify({ text, savedAt: now }));
  } catch {
    // Quota exceeded or storage disabled: the draft lives only in the page.
  }
}

export function clearDraft(storage: StorageLike, userId: string, ticketId: string, mode: DraftMode) {
  storage.removeItem(draftKey(userId, ticketId, mode));
}

/** Forgets drafts older than 30 days (abandoned tickets), so storage does not fill up. */
export function pruneDrafts(storage: StorageLike, now = Date.now()): number {
  const stale: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (!key?.startsWith(PREFIX)) continue;
    try {
      const savedAt = (JSON.parse(storage.getItem(key) ?? '{}') as { savedAt?: unknown }).savedAt;
      if (typeof savedAt !== 'number' || now - savedAt > MAX_AGE_MS) stale.push(key);
    } catch {
      stale.push(key);
    }
  }
  for (const key of stale) storage.removeItem(key);
  return stale.length;
}
