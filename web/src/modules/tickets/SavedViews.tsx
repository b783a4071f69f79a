import { ActionIcon, Button, Checkbox, Group, Menu, Modal, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { Ok } from '../../api/types';
import type { Me } from '../auth/session';
import { type InboxSearch, parseInboxSearch } from './inbox-search';

type SavedView = Ok<'/api/v1/saved-views', 'get'>['items'][number];
const KEY = ['saved-views'] as const;
/** Who may share a view with colleagues (the API checks too: views:share). */
const SHARERS = new Set(['brand_admin', 'vendor_admin', 'team_lead']);

/** A saved view stores the API's filter names; lists hold one value each in this inbox. */
function toFilters(search: InboxSearch): SavedView['filters'] {
  return {
    view: search.view,
    q: search.q,
    status: search.status ? [search.status] : undefined,
    channel: search.channel ? [search.channel] : undefined,
    priority: search.priority ? [search.priority] : undefined,
    language: search.language,
    tag: search.tag,
    queue: search.queue,
    sort: search.sort,
  };
}
function toSearch(filters: SavedView['filters']): InboxSearch {
  return parseInboxSearch({
    ...filters,
    status: filters.status?.[0],
    channel: filters.channel?.[0],
    priority: filters.priority?.[0],
  });
}

/** Saved views: open one, save the current filters as one (optionally shared), delete your own. */
export function SavedViews({ search, me }: { search: InboxSearch; me: Me }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const views = useQuery({
    queryKey: KEY,
    queryFn: async () => unwrap(await api.GET('/api/v1/saved-views')).items,
  });
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const create = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST('/api/v1/saved-views', { body: { name, shared, filters: toFilters(search) } })),
    onSuccess: () => {
      setOpen(false);
      setName('');
      notifications.show({ message: 'View saved', color: 'green' });
      void client.invalidateQueries({ queryKey: KEY });
    },
  });
  const remove = useMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.DELETE('/api/v1/saved-views/{id}', { params: { path: { id } } })),
    onSettled: () => client.invalidateQueries({ queryKey: KEY }),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim()) create.mutate();
  };

  return (
    <Group gap="xs">
      <Menu position="bottom-start" withinPortal>
        <Menu.Target>
          <Button variant="default" size="xs">
            Saved views ({views.data?.length ?? 0})
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {views.data?.length === 0 && <Menu.Label>No saved views yet</Menu.Label>}
          {views.data?.map((view) => (
            <Group key={view.id} gap={0} wrap="nowrap">
              <Menu.Item
                onClick={() => void navigate({ to: '/tickets', search: toSearch(view.filters) })}
                rightSection={view.shared ? '· shared' : undefined}
              >
                {view.name}
              </Menu.Item>
              {view.owner_user_id === me.userId && (
                <ActionIcon
                  variant="subtle"
                  color="red.8"
                  size="sm"
                  aria-label={`Delete view ${view.name}`}
                  onClick={() => remove.mutate(view.id)}
                >
                  ×
                </ActionIcon>
              )}
            </Group>
          ))}
        </Menu.Dropdown>
      </Menu>
      <Button variant="subtle" size="xs" onClick={() => setOpen(true)}>
        Save this view
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title="Save this view">
        <form onSubmit={submit}>
          <Stack>
            <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
            {SHARERS.has(me.role) && (
              <Checkbox
                label="Share with my colleagues"
                checked={shared}
                onChange={(e) => setShared(e.currentTarget.checked)}
              />
            )}
            {create.isError && <div role="alert">{create.error.message}</div>}
            <Button type="submit" loading={create.isPending}>
              Save
            </Button>
          </Stack>
        </form>
      </Modal>
    </Group>
  );
}
