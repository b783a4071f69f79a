import { Button, Group, Paper, Select, Stack, TagsInput, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { PRIORITIES, STATUSES } from './inbox-search';
import { label } from './labels';
import { type TicketDetail, type TicketPatch, useAssignees, useUpdateTicket } from './queries';

/** Status, priority, tags, custom fields and assignment; each change is one PATCH with optimistic concurrency. */
export function TicketProperties({ ticket, canWrite }: { ticket: TicketDetail; canWrite: boolean }) {
  const update = useUpdateTicket(ticket.id);
  const assignees = useAssignees(ticket.vendor_id);
  const save = (patch: TicketPatch, message = 'Saved') =>
    update.mutate(
      { ...patch, expected_updated_at: ticket.updated_at },
      {
        onSuccess: () => notifications.show({ message, color: 'green' }),
        onError: (err) =>
          notifications.show({
            color: 'red',
            title: 'Not saved',
            message: (err as Error).message,
          }),
      },
    );

  const agents = (assignees.data?.agents ?? []).map((u) => ({ value: u.id, label: u.display_name }));
  const teams = (assignees.data?.teams ?? []).map((t) => ({ value: t.id, label: t.name }));

  return (
    <Paper withBorder p="sm" radius="md" component="section" aria-labelledby="properties-title">
      <Stack gap="xs">
        <Title order={2} size="h5" id="properties-title">
          Ticket
        </Title>
        <Group grow gap="xs">
          <Select
            label="Status"
            data={STATUSES.map((s) => ({ value: s, label: label(s) }))}
            value={ticket.status}
            allowDeselect={false}
            disabled={!canWrite}
            onChange={(v) => v && v !== ticket.status && save({ status: v as TicketPatch['status'] })}
          />
          <Select
            label="Priority"
            data={PRIORITIES.map((s) => ({ value: s, label: label(s) }))}
            value={ticket.priority}
            allowDeselect={false}
            disabled={!canWrite}
            onChange={(v) => v && v !== ticket.priority && save({ priority: v as TicketPatch['priority'] })}
          />
        </Group>
        <Select
          label="Assigned agent"
          placeholder="Unassigned"
          searchable
          clearable
          data={agents}
          value={ticket.agent_id}
          disabled={!canWrite}
          onChange={(v) => v !== ticket.agent_id && save({ agent_id: v }, v ? 'Assigned' : 'Unassigned')}
        />
        <Select
          label="Team"
          placeholder="No team"
          searchable
          clearable
          data={teams}
          value={ticket.team_id}
          disabled={!canWrite}
          onChange={(v) => v !== ticket.team_id && save({ team_id: v }, 'Transferred')}
        />
        <TagsInput
          label="Tags"
          value={ticket.tags}
          disabled={!canWrite}
          onChange={(tags) => save({ tags }, 'Tags saved')}
          clearable
        />
        <CustomFields
          ticket={ticket}
          canWrite={canWrite}
          onSave={(custom_fields) => save({ custom_fields })}
        />
      </Stack>
    </Paper>
  );
}

function CustomFields({
  ticket,
  canWrite,
  onSave,
}: {
  ticket: TicketDetail;
  canWrite: boolean;
  onSave: (fields: Record<string, unknown>) => void;
}) {
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const entries = Object.entries(ticket.custom_fields);
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        Custom fields
      </Text>
      {entries.length === 0 && (
        <Text size="xs" c="dimmed">
          None
        </Text>
      )}
      {entries.map(([key, v]) => (
        <TextInput
          key={`${key}:${JSON.stringify(v)}`}
          label={key}
          size="xs"
          defaultValue={typeof v === 'string' ? v : JSON.stringify(v)}
          disabled={!canWrite}
          onBlur={(e) => {
            const next = e.currentTarget.value;
            if (next !== (typeof v === 'string' ? v : JSON.stringify(v)))
              onSave({ ...ticket.custom_fields, [key]: next });
          }}
        />
      ))}
      {canWrite && (
        // In the narrow side panel the inputs share a row and the button wraps below, never clipped.
        <Group gap={4} align="flex-end" wrap="wrap">
          <TextInput
            size="xs"
            label="New field"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            flex="1 1 90px"
            miw={0}
          />
          <TextInput
            size="xs"
            label="Value"
            value={value}
            onChange={(e) => setValue(e.currentTarget.value)}
            flex="1 1 90px"
            miw={0}
          />
          <Button
            size="xs"
            flex="none"
            variant="light"
            disabled={!name.trim()}
            onClick={() => {
              onSave({ ...ticket.custom_fields, [name.trim()]: value });
              setName('');
              setValue('');
            }}
          >
            Add
          </Button>
        </Group>
      )}
    </Stack>
  );
}
