/** The inbox's state lives in the URL, so a view can be bookmarked, shared and saved. */

export const VIEWS = ['mine', 'team', 'unassigned', 'all'] as const;
export type InboxView = (typeof VIEWS)[number];
export const STATUSES = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'] as const;
export const CHANNELS = ['email', 'chat', 'phone', 'web', 'social', 'api'] as const;
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const SORTS = [
  '-updated_at',
  'updated_at',
  '-created_at',
  'created_at',
  '-priority',
  'priority',
] as const;

export interface InboxSearch {
  /** Absent means mine. */
  view?: InboxView;
  q?: string;
  status?: (typeof STATUSES)[number];
  channel?: (typeof CHANNELS)[number];
  priority?: (typeof PRIORITIES)[number];
  language?: string;
  tag?: string;
  queue?: string;
  sort?: (typeof SORTS)[number];
}

export type InboxFilters = Omit<InboxSearch, 'view'>;

const oneOf = <T extends string>(list: readonly T[], value: unknown): T | undefined =>
  typeof value === 'string' && (list as readonly string[]).includes(value) ? (value as T) : undefined;
const text = (value: unknown, max = 200): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, max) : undefined;

/** Drops anything the API would refuse, so a hand-edited URL shows the inbox rather than an error. */
export function parseInboxSearch(search: Record<string, unknown>): InboxSearch {
  const parsed: InboxSearch = {};
  const view = oneOf(VIEWS, search.view);
  if (view) parsed.view = view;
  const q = text(search.q);
  if (q) parsed.q = q;
  const status = oneOf(STATUSES, search.status);
  if (status) parsed.status = status;
  const channel = oneOf(CHANNELS, search.channel);
  if (channel) parsed.channel = channel;
  const priority = oneOf(PRIORITIES, search.priority);
  if (priority) parsed.priority = priority;
  const language = text(search.language, 10);
  if (language && /^[a-z]{2,3}(-[A-Z]{2})?$/.test(language)) parsed.language = language;
  const tag = text(search.tag, 50);
  if (tag) parsed.tag = tag.toLowerCase();
  const queue = text(search.queue, 100);
  if (queue) parsed.queue = queue;
  const sort = oneOf(SORTS, search.sort);
  if (sort) parsed.sort = sort;
  return parsed;
}

/** The views a user is offered: "My team" only to someone in a team (brand staff and vendor admins are not). */
export const viewsFor = (teamId: string | null): InboxView[] =>
  VIEWS.filter((view) => view !== 'team' || teamId !== null);

/** A bookmarked or saved "My team" opened by someone in no team shows their whole scope, as the API does. */
export const scopeInboxSearch = (search: InboxSearch, teamId: string | null): InboxSearch =>
  search.view === 'team' && teamId === null ? { ...search, view: 'all' } : search;
