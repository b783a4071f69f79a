import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { api } from '../../api/client';
import { ApiError, unwrap } from '../../api/errors';
import { problemFieldErrors, zodFieldErrors } from '../../api/field-errors';
import { samplingRuleCreate } from '../../api/server-schemas';
import { ListState } from '../../shared/ListState';
import { useUsers, useVendorNames, useVendors } from '../admin/queries';
import { useMe } from '../auth/session';
import { ProblemAlert } from './ProblemAlert';
import {
  type SamplingRule,
  type SamplingRuleCreate,
  useQaMutation,
  useSamplingRules,
  useScorecards,
} from './queries';
import { CHECK_LABELS } from './scorecard-form';
import { reviewerChoices, useUserNames } from './user-names';

/** The targeted signals in words, as the rule list shows them. */
export function targetsText(targets: SamplingRule['targets']): string {
  const parts = [
    targets.low_csat && 'low CSAT',
    targets.long_aht_seconds && `handle time over ${Math.round(targets.long_aht_seconds / 60)} min`,
    targets.reopened && 'reopened',
    targets.escalated && 'escalated',
    targets.sla_missed && 'SLA missed',
    targets.tag && `tag “${targets.tag}”`,
    targets.check_findings &&
      (targets.check_findings.checks?.length
        ? `check findings (${targets.check_findings.checks.map((c) => CHECK_LABELS[c].toLowerCase()).join(', ')})`
        : 'any check finding'),
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'at random';
}

/** Monday (UTC) of the week `back` weeks before this one, as the API names weeks: 2026-11-30. */
export function mondayOf(now: Date, back: number): string {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  day.setUTCDate(day.getUTCDate() - sinceMonday - 7 * back);
  return day.toISOString().slice(0, 10);
}

const WEEKS = [
  { back: 1, label: 'Last week' },
  { back: 0, label: 'This week so far' },
  { back: 2, label: 'Two weeks ago' },
];

/** Sampling rules: which conversations get reviewed each week, by whom, and running one now. */
export function SamplingTab() {
  const rules = useSamplingRules();
  const scorecards = useScorecards();
  const vendorName = useVendorNames();
  const name = useUserNames();
  const [creating, setCreating] = useState(false);
  const [ran, setRan] = useState<string | null>(null);
  const [back, setBack] = useState('1');
  const week = mondayOf(new Date(), Number(back));
  const weekLabel = WEEKS.find((w) => String(w.back) === back)!.label.toLowerCase();
  const run = useQaMutation(async (rule: SamplingRule) => {
    const result = unwrap(
      await api.POST('/api/v1/qa/sampling-rules/{id}/run', {
        params: { path: { id: rule.id } },
        body: { week },
      }),
    );
    return { rule, result };
  });
  const toggle = useQaMutation(async (rule: SamplingRule) =>
    unwrap(
      await api.PATCH('/api/v1/qa/sampling-rules/{id}', {
        params: { path: { id: rule.id } },
        body: { active: !rule.active },
      }),
    ),
  );
  const scorecardName = (id: string) => scorecards.data?.find((s) => s.id === id)?.name ?? '…';
  if (creating) return <SamplingRuleForm onDone={() => setCreating(false)} />;
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <Select
          label="Week to sample"
          description={`Monday to Sunday (UTC), from ${week}`}
          w={240}
          allowDeselect={false}
          data={WEEKS.map((w) => ({ value: String(w.back), label: w.label }))}
          value={back}
          onChange={(v) => v && setBack(v)}
        />
        <Button onClick={() => setCreating(true)}>New sampling rule</Button>
      </Group>
      {ran && (
        <Alert
          color="teal"
          role="status"
          data-testid="sampling-result"
          withCloseButton
          onClose={() => setRan(null)}
        >
          {ran}
        </Alert>
      )}
      <ProblemAlert error={run.error ?? toggle.error} />
      <ListState noun="sampling rules" query={rules}>
        <Table aria-label="Sampling rules" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Scorecard</Table.Th>
              <Table.Th>Agents of</Table.Th>
              <Table.Th>Per agent a week</Table.Th>
              <Table.Th>Picks</Table.Th>
              <Table.Th>Reviewers</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(rules.data ?? []).map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>
                  {r.name}
                  {!r.active && (
                    <Badge ml={6} size="xs" color="gray">
                      inactive
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{scorecardName(r.scorecard_id)}</Table.Td>
                <Table.Td>{r.scope_vendor_id ? vendorName(r.scope_vendor_id) : 'Every vendor'}</Table.Td>
                <Table.Td>{r.per_agent}</Table.Td>
                <Table.Td>{targetsText(r.targets)}</Table.Td>
                <Table.Td>{r.reviewer_ids.map(name).join(', ')}</Table.Td>
                <Table.Td>
                  <Group gap="xs" justify="flex-end" wrap="nowrap">
                    <Button
                      size="xs"
                      variant="light"
                      loading={run.isPending && run.variables?.id === r.id}
                      onClick={() =>
                        run.mutate(r, {
                          onSuccess: ({ rule, result }) =>
                            setRan(
                              result.already_ran
                                ? `${rule.name} had already sampled the week of ${result.week}: nothing new was picked.`
                                : `${rule.name} picked ${result.picked} conversation${result.picked === 1 ? '' : 's'} from the week of ${result.week}.`,
                            ),
                        })
                      }
                    >
                      Run {r.name} for {weekLabel}
                    </Button>
                    <Button size="xs" variant="subtle" onClick={() => toggle.mutate(r)}>
                      {r.active ? 'Pause' : 'Resume'}
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ListState>
    </Stack>
  );
}

interface RuleForm {
  name: string;
  scorecard_id: string | null;
  scope_vendor_id: string | null;
  per_agent: number;
  due_days: number;
  reviewer_ids: string[];
  low_csat: boolean;
  reopened: boolean;
  escalated: boolean;
  sla_missed: boolean;
  long_aht_minutes: number | '';
  tag: string;
  findings: boolean;
  finding_checks: (keyof typeof CHECK_LABELS)[];
}

function toBody(f: RuleForm): SamplingRuleCreate {
  return {
    name: f.name,
    scorecard_id: f.scorecard_id ?? '',
    scope_vendor_id: f.scope_vendor_id,
    per_agent: f.per_agent,
    due_days: f.due_days,
    reviewer_ids: f.reviewer_ids,
    targets: {
      ...(f.low_csat ? { low_csat: true } : {}),
      ...(f.reopened ? { reopened: true } : {}),
      ...(f.escalated ? { escalated: true } : {}),
      ...(f.sla_missed ? { sla_missed: true } : {}),
      ...(f.long_aht_minutes !== '' ? { long_aht_seconds: Math.round(f.long_aht_minutes * 60) } : {}),
      ...(f.tag.trim() ? { tag: f.tag.trim() } : {}),
      ...(f.findings ? { check_findings: { checks: f.finding_checks } } : {}),
    },
  };
}

function SamplingRuleForm({ onDone }: { onDone: () => void }) {
  const me = useMe().data;
  const scorecards = useScorecards();
  const vendors = useVendors(!me?.vendorId);
  const users = useUsers();
  const [form, setForm] = useState<RuleForm>({
    name: '',
    scorecard_id: null,
    scope_vendor_id: null,
    per_agent: 2,
    due_days: 7,
    reviewer_ids: [],
    low_csat: false,
    reopened: false,
    escalated: false,
    sla_missed: false,
    long_aht_minutes: '',
    tag: '',
    findings: false,
    finding_checks: [],
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [other, setOther] = useState<string[]>([]);
  const set = (patch: Partial<RuleForm>) => setForm((f) => ({ ...f, ...patch }));
  const create = useQaMutation(async (body: SamplingRuleCreate) =>
    unwrap(await api.POST('/api/v1/qa/sampling-rules', { body })),
  );
  const reviewers = reviewerChoices(users.data ?? []);
  const submit = () => {
    const body = toBody(form);
    const parsed = samplingRuleCreate.safeParse(body);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    setOther([]);
    create.mutate(body, {
      onSuccess: onDone,
      onError: (e) => {
        if (!(e instanceof ApiError)) return setOther([e.message]);
        const mapped = problemFieldErrors(e.problem, Object.keys(body));
        setErrors(mapped.fields);
        setOther(mapped.other);
      },
    });
  };
  return (
    <Paper
      withBorder
      p="md"
      component="form"
      noValidate
      aria-label="New sampling rule"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Stack gap="sm">
        <Title order={2} size="h4">
          New sampling rule
        </Title>
        {other.length > 0 && (
          <Alert color="red" role="alert" title="The rule was not saved">
            {other.join(' ')}
          </Alert>
        )}
        <Group grow align="flex-start">
          <TextInput
            label="Name"
            required
            value={form.name}
            error={errors.name}
            onChange={(e) => set({ name: e.currentTarget.value })}
          />
          <Select
            label="Scorecard"
            required
            data={(scorecards.data ?? [])
              .filter((s) => s.active)
              .map((s) => ({ value: s.id, label: s.name }))}
            value={form.scorecard_id}
            error={errors.scorecard_id && 'Choose the scorecard the picked conversations are reviewed on'}
            onChange={(v) => set({ scorecard_id: v })}
          />
          {!me?.vendorId && (
            <Select
              label="Agents of"
              data={[
                { value: '', label: 'Every vendor' },
                ...(vendors.data ?? []).map((v) => ({ value: v.id, label: v.name })),
              ]}
              value={form.scope_vendor_id ?? ''}
              onChange={(v) => set({ scope_vendor_id: v || null })}
            />
          )}
        </Group>
        <Group grow align="flex-start">
          <NumberInput
            label="Conversations per agent a week"
            min={1}
            max={50}
            value={form.per_agent}
            error={errors.per_agent}
            onChange={(v) => set({ per_agent: Number(v) || 0 })}
          />
          <NumberInput
            label="Due after (days)"
            min={1}
            max={60}
            value={form.due_days}
            error={errors.due_days}
            onChange={(v) => set({ due_days: Number(v) || 0 })}
          />
          <MultiSelect
            label="Reviewers"
            required
            description="Each pick goes to the least loaded"
            data={reviewers}
            value={form.reviewer_ids}
            error={errors.reviewer_ids}
            onChange={(v) => set({ reviewer_ids: v })}
          />
        </Group>
        <Text size="sm" fw={500}>
          Pick only conversations that show (none ticked: at random)
        </Text>
        <Group>
          <Checkbox
            label="Low CSAT"
            checked={form.low_csat}
            onChange={(e) => set({ low_csat: e.currentTarget.checked })}
          />
          <Checkbox
            label="Reopened"
            checked={form.reopened}
            onChange={(e) => set({ reopened: e.currentTarget.checked })}
          />
          <Checkbox
            label="Escalated to in-house"
            checked={form.escalated}
            onChange={(e) => set({ escalated: e.currentTarget.checked })}
          />
          <Checkbox
            label="SLA missed"
            checked={form.sla_missed}
            onChange={(e) => set({ sla_missed: e.currentTarget.checked })}
          />
          <NumberInput
            label="Handle time over (minutes)"
            w={200}
            min={1}
            value={form.long_aht_minutes}
            error={errors['targets.long_aht_seconds']}
            onChange={(v) => set({ long_aht_minutes: v === '' ? '' : Number(v) })}
          />
          <TextInput
            label="Tag"
            w={160}
            value={form.tag}
            error={errors['targets.tag']}
            onChange={(e) => set({ tag: e.currentTarget.value })}
          />
        </Group>
        <Group align="flex-end">
          <Checkbox
            label="An automated check finding (not dismissed)"
            checked={form.findings}
            onChange={(e) => set({ findings: e.currentTarget.checked })}
          />
          {form.findings && (
            <MultiSelect
              label="Of these checks"
              placeholder="Any check"
              w={320}
              data={Object.entries(CHECK_LABELS).map(([value, label]) => ({ value, label }))}
              value={form.finding_checks}
              onChange={(v) => set({ finding_checks: v as RuleForm['finding_checks'] })}
            />
          )}
        </Group>
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create rule
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
