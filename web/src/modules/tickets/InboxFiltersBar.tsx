import { Group, SegmentedControl, Select, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import {
  CHANNELS,
  type InboxSearch,
  type InboxView,
  PRIORITIES,
  SORTS,
  STATUSES,
  VIEWS,
} from './inbox-search';
import { label } from './labels';

const VIEW_LABELS: Record<InboxView, string> = {
  mine: 'Mine',
  team: 'My team',
  unassigned: 'Unassigned',
  all: 'All',
};
const SORT_LABELS: Record<(typeof SORTS)[number], string> = {
  '-updated_at': 'Recently updated',
  updated_at: 'Least recently updated',
  '-created_at': 'Newest',
  created_at: 'Oldest',
  '-priority': 'Highest priority',
  priority: 'Lowest priority',
};
const options = (list: readonly string[]) => list.map((value) => ({ value, label: label(value) }));

/** View switcher, full-text search and filters; every change is a new URL. */
export function InboxFiltersBar({
  search,
  views = VIEWS,
}: {
  search: InboxSearch;
  /** The views this user is offered (see viewsFor). */
  views?: readonly InboxView[];
}) {
  const navigate = useNavigate();
  const set = (patch: Partial<InboxSearch>) =>
    void navigate({ to: '/tickets', search: { ...search, ...patch }, replace: true });
  const [q, setQ] = useState(search.q ?? '');
  useEffect(() => setQ(search.q ?? ''), [search.q]);
  const commitQ = useDebouncedCallback((value: string) => set({ q: value.trim() || undefined }), 300);
  const text = (key: 'language' | 'tag' | 'queue') => ({
    defaultValue: search[key] ?? '',
    key: `${key}:${search[key] ?? ''}`,
    onBlur: (e: { currentTarget: HTMLInputElement }) =>
      set({ [key]: e.currentTarget.value.trim() || undefined }),
    onKeyDown: (e: React.KeyboardEvent<HTMLInputElement>) => {
      if (e.key === 'Enter') set({ [key]: e.currentTarget.value.trim() || undefined });
    },
  });

  return (
    <Group gap="sm" align="flex-end" wrap="wrap" role="search" aria-label="Filter tickets">
      <SegmentedControl
        aria-label="View"
        value={search.view ?? 'mine'}
        onChange={(view) => set({ view: view as InboxView })}
        data={views.map((v) => ({ value: v, label: VIEW_LABELS[v] }))}
      />
      <TextInput
        label="Search"
        placeholder="Subject, message, customer"
        value={q}
        onChange={(e) => {
          setQ(e.currentTarget.value);
          commitQ(e.currentTarget.value);
        }}
        w={220}
      />
      <Select
        label="Status"
        placeholder="Any"
        clearable
        data={options(STATUSES)}
        value={search.status ?? null}
        onChange={(v) => set({ status: (v ?? undefined) as InboxSearch['status'] })}
        w={120}
      />
      <Select
        label="Channel"
        placeholder="Any"
        clearable
        data={options(CHANNELS)}
        value={search.channel ?? null}
        onChange={(v) => set({ channel: (v ?? undefined) as InboxSearch['channel'] })}
        w={120}
      />
      <Select
        label="Priority"
        placeholder="Any"
        clearable
        data={options(PRIORITIES)}
        value={search.priority ?? null}
        onChange={(v) => set({ priority: (v ?? undefined) as InboxSearch['priority'] })}
        w={120}
      />
      <TextInput label="Language" placeholder="en" w={80} {...text('language')} />
      <TextInput label="Tag" placeholder="any" w={110} {...text('tag')} />
      <TextInput label="Queue" placeholder="any" w={110} {...text('queue')} />
      <Select
        label="Sort"
        data={SORTS.map((value) => ({ value, label: SORT_LABELS[value] }))}
        value={search.sort ?? '-updated_at'}
        onChange={(v) => set({ sort: (v ?? undefined) as InboxSearch['sort'] })}
        w={190}
        allowDeselect={false}
      />
    </Group>
  );
}
