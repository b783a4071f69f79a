/**
 * The order of the inbox the agent last looked at, so j/k on a ticket page move to the neighbouring
 * ticket of that same list (kept in sessionStorage: it survives a reload of the ticket page).
 */
const KEY = 'tandem.inbox.order';
let memory: { ids: string[]; search: string } = { ids: [], search: '' };

export function rememberInboxOrder(ids: string[], search: string) {
  memory = { ids, search };
  try {
    sessionStorage.setItem(KEY, JSON.stringify(memory));
  } catch {
    // storage full or disabled: the in-memory copy still serves this tab
  }
}

function current(): { ids: string[]; search: string } {
  if (memory.ids.length) return memory;
  try {
    const stored = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as typeof memory | null;
    if (stored && Array.isArray(stored.ids)) memory = stored;
  } catch {
    // unreadable: start empty
  }
  return memory;
}

/** The ticket before (-1) or after (+1) this one in the remembered inbox, if any. */
export function neighbour(ticketId: string, step: 1 | -1): string | null {
  const { ids } = current();
  const index = ids.indexOf(ticketId);
  if (index < 0) return null;
  return ids[index + step] ?? null;
}

export function inboxSearchString(): string {
  return current().search;
}
