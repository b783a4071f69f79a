import { Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { ListState } from '../../shared/ListState';
import { ScrollTable } from '../../shared/ScrollTable';
import { AdminPage, FormProblem } from '../admin/AdminPage';
import { useVendors } from '../admin/queries';
import { can, useMe } from '../auth/session';
import { CalendarForm } from './CalendarForm';
import { HolidaysPanel } from './HolidaysPanel';
import { NoAccess } from './NoAccess';
import { type Calendar, serviceLevelKeys, useCalendars } from './queries';
import { summarizeHours } from './weekly-hours';

const TITLE = 'Business calendars';
const DESCRIPTION =
  'Opening hours per weekday and holidays; SLA targets in business hours count only the open time of the ticket’s calendar (site, else vendor, else brand).';

/** Business calendars with their weekly hours and holidays (`calendars:manage`). */
export function CalendarsPage() {
  const me = useMe().data;
  const allowed = me ? can(me, 'calendars:manage') : false;
  const calendars = useCalendars(allowed);
  const vendors = useVendors(allowed);
  const vendorNames = new Map((vendors.data ?? []).map((v) => [v.id, v.name]));
  const client = useQueryClient();
  const [editing, setEditing] = useState<Calendar | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Calendar | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const remove = useMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.DELETE('/api/v1/calendars/{id}', { params: { path: { id } } })),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: serviceLevelKeys.calendars });
      setDeleting(null);
    },
  });
  if (me && !allowed) return <NoAccess title={TITLE} description={DESCRIPTION} what="business calendars" />;
  const shown = calendars.data?.find((c) => c.id === selected) ?? null;
  return (
    <AdminPage
      title={TITLE}
      description={DESCRIPTION}
      actions={<Button onClick={() => setEditing('new')}>New calendar</Button>}
    >
      <ListState noun="business calendars" query={calendars}>
        <ScrollTable minWidth={560} label="Business calendars">
          <Table striped aria-label="Business calendars">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Calendar</Table.Th>
                <Table.Th>Owner</Table.Th>
                <Table.Th>Time zone</Table.Th>
                <Table.Th>Open</Table.Th>
                <Table.Th>Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(calendars.data ?? []).map((calendar) => (
                <Table.Tr key={calendar.id} data-testid="calendar-row" data-calendar={calendar.id}>
                  <Table.Td>{calendar.name}</Table.Td>
                  <Table.Td>
                    {calendar.vendor_id ? (vendorNames.get(calendar.vendor_id) ?? 'Vendor') : 'Brand'}
                  </Table.Td>
                  <Table.Td>{calendar.time_zone}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{summarizeHours(calendar.weekly_hours)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() => setEditing(calendar)}
                        aria-label={`Edit ${calendar.name}`}
                      >
                        Edit
                      </Button>
                      <Button
                        size="xs"
                        variant={selected === calendar.id ? 'filled' : 'default'}
                        onClick={() => setSelected(calendar.id)}
                        aria-label={`Holidays: ${calendar.name}`}
                      >
                        Holidays
                      </Button>
                      <Button
                        size="xs"
                        variant="default"
                        color="red"
                        onClick={() => setDeleting(calendar)}
                        aria-label={`Delete ${calendar.name}`}
                      >
                        Delete
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      </ListState>
      {shown && <HolidaysPanel key={shown.id} calendar={shown} />}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'New calendar' : 'Edit calendar'}
        size="lg"
      >
        {editing !== null && (
          <CalendarForm
            calendar={editing === 'new' ? null : editing}
            vendors={me?.vendorId ? [] : (vendors.data ?? [])}
            onDone={() => setEditing(null)}
          />
        )}
      </Modal>
      <Modal opened={deleting !== null} onClose={() => setDeleting(null)} title="Delete calendar">
        {deleting && (
          <Stack>
            <Text>
              Delete <b>{deleting.name}</b>? A calendar still attached to the brand, a vendor or a site cannot
              be deleted.
            </Text>
            <FormProblem messages={remove.error ? [remove.error.message] : []} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDeleting(null)}>
                Cancel
              </Button>
              <Button color="red" loading={remove.isPending} onClick={() => remove.mutate(deleting.id)}>
                Delete calendar
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </AdminPage>
  );
}
