import { Badge, Button, Group, Modal, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { ListState } from '../../shared/ListState';
import { ScrollTable } from '../../shared/ScrollTable';
import { FormProblem } from '../admin/AdminPage';
import { type Queue, type Rule, routingKeys, useRules } from './queries';
import { RuleForm } from './RuleForm';
import { RuleTest } from './RuleTest';
import { moveRule } from './shares';

const CONDITION_LABELS: Record<string, string> = {
  channels: 'channel',
  languages: 'language',
  tags_any: 'any tag',
  tiers: 'tier',
  segments: 'segment',
  support_addresses: 'address',
  data_regions: 'data region',
};

/** "channel chat, email · language es" — or "every contact" for a rule without conditions. */
export function describeConditions(conditions: Rule['conditions']): string {
  const parts = Object.entries(conditions).flatMap(([key, value]) => {
    if (Array.isArray(value))
      return value.length ? [`${CONDITION_LABELS[key] ?? key} ${value.join(', ')}`] : [];
    if (value && typeof value === 'object')
      return Object.entries(value).map(([field, expected]) => `${field} = ${String(expected)}`);
    return [];
  });
  return parts.length ? parts.join(' · ') : 'every contact';
}

/** The ordered rules: the first active one that matches files the contact into its queue. */
export function RulesPanel({ queues }: { queues: readonly Queue[] }) {
  const client = useQueryClient();
  const rules = useRules();
  const [editing, setEditing] = useState<Rule | 'new' | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const queueName = (id: string) => queues.find((q) => q.id === id)?.name ?? '—';
  const refresh = () => client.invalidateQueries({ queryKey: routingKeys.rules });
  const move = useMutation({
    mutationFn: async ({ index, direction }: { index: number; direction: -1 | 1 }) => {
      for (const change of moveRule(rules.data ?? [], index, direction))
        unwrap(
          await api.PATCH('/api/v1/routing/rules/{id}', {
            params: { path: { id: change.id } },
            body: { position: change.position },
          }),
        );
    },
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.DELETE('/api/v1/routing/rules/{id}', { params: { path: { id } } })),
    onSuccess: () => setConfirming(null),
    onSettled: refresh,
  });
  const list = rules.data ?? [];
  const failed = [move.error, remove.error].filter((e): e is Error => e !== null).map((e) => e.message);
  return (
    <Paper withBorder p="md" component="section" aria-label="Routing rules">
      <Stack gap="sm">
        <Group justify="space-between">
          <div>
            <Title order={2} size="h4">
              Rules
            </Title>
            <Text c="dimmed" size="sm">
              In order: the first active rule whose conditions all hold files the contact into its queue.
            </Text>
          </div>
          <Button onClick={() => setEditing('new')} disabled={queues.length === 0}>
            New rule
          </Button>
        </Group>
        <FormProblem messages={failed} />
        <ListState noun="rules" query={rules} empty="No rules yet: contacts are not filed into any queue.">
          <ScrollTable minWidth={640} label="Rules">
            <Table striped aria-label="Rules">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>#</Table.Th>
                  <Table.Th>Rule</Table.Th>
                  <Table.Th>When</Table.Th>
                  <Table.Th>Queue</Table.Th>
                  <Table.Th>Actions</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((rule, i) => {
                  const label = rule.name || `Rule ${i + 1}`;
                  return (
                    <Table.Tr key={rule.id} data-testid="rule-row" data-rule={rule.id}>
                      <Table.Td>{i + 1}</Table.Td>
                      <Table.Td>
                        {label}{' '}
                        {!rule.active && (
                          <Badge color="gray" variant="light">
                            inactive
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td>{describeConditions(rule.conditions)}</Table.Td>
                      <Table.Td>{queueName(rule.queue_id)}</Table.Td>
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <Button
                            size="xs"
                            variant="default"
                            disabled={i === 0 || move.isPending}
                            aria-label={`Move up: ${label}`}
                            onClick={() => move.mutate({ index: i, direction: -1 })}
                          >
                            ↑
                          </Button>
                          <Button
                            size="xs"
                            variant="default"
                            disabled={i === list.length - 1 || move.isPending}
                            aria-label={`Move down: ${label}`}
                            onClick={() => move.mutate({ index: i, direction: 1 })}
                          >
                            ↓
                          </Button>
                          <Button
                            size="xs"
                            variant="default"
                            aria-label={`Edit ${label}`}
                            onClick={() => setEditing(rule)}
                          >
                            Edit
                          </Button>
                          {confirming === rule.id ? (
                            <Button
                              size="xs"
                              color="red"
                              loading={remove.isPending}
                              onClick={() => remove.mutate(rule.id)}
                            >
                              Confirm: delete
                            </Button>
                          ) : (
                            <Button
                              size="xs"
                              variant="default"
                              color="red"
                              aria-label={`Delete ${label}`}
                              onClick={() => setConfirming(rule.id)}
                            >
                              Delete
                            </Button>
                          )}
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        </ListState>
        <RuleTest />
      </Stack>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'New rule' : 'Edit rule'}
        size="lg"
      >
        {editing !== null && (
          <RuleForm
            rule={editing === 'new' ? null : editing}
            rules={list}
            queues={queues}
            onDone={() => setEditing(null)}
          />
        )}
      </Modal>
    </Paper>
  );
}
