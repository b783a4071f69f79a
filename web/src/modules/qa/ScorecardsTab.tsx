import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  SegmentedControl,
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
import { CHANNELS, scorecardCreate } from '../../api/server-schemas';
import { ListState } from '../../shared/ListState';
import { useVendorNames, useVendors } from '../admin/queries';
import { useMe } from '../auth/session';
import { ProblemAlert } from './ProblemAlert';
import { type Scorecard, useQaMutation, useScorecards } from './queries';
import {
  CHECK_LABELS,
  type CriterionForm,
  fromScorecard,
  newCriterion,
  newScorecard,
  newSection,
  SCALE_CHOICES,
  type ScorecardForm,
  type SectionForm,
  toScorecardBody,
} from './scorecard-form';

/** Scorecards: the list, a new one, or a new version of one (versions never change once made). */
export function ScorecardsTab() {
  const scorecards = useScorecards();
  const vendorName = useVendorNames();
  const [editing, setEditing] = useState<{ scorecard: Scorecard | null } | null>(null);
  const toggle = useQaMutation(async (s: Scorecard) =>
    unwrap(
      await api.PATCH('/api/v1/qa/scorecards/{id}', {
        params: { path: { id: s.id } },
        body: { active: !s.active },
      }),
    ),
  );
  if (editing)
    return (
      <ScorecardEditor
        key={editing.scorecard?.id ?? 'new'}
        scorecard={editing.scorecard}
        onDone={() => setEditing(null)}
      />
    );
  return (
    <Stack gap="sm">
      <Group justify="flex-end">
        <Button onClick={() => setEditing({ scorecard: null })}>New scorecard</Button>
      </Group>
      <ProblemAlert error={toggle.error} />
      <ListState noun="scorecards" query={scorecards}>
        <Table aria-label="Scorecards" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Owner</Table.Th>
              <Table.Th>Version</Table.Th>
              <Table.Th>Scoring</Table.Th>
              <Table.Th>Criteria</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(scorecards.data ?? []).map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>
                  {s.name}
                  {!s.active && (
                    <Badge ml={6} size="xs" color="gray">
                      inactive
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{vendorName(s.vendor_id)}</Table.Td>
                <Table.Td>{s.current_version.version}</Table.Td>
                <Table.Td>
                  {s.current_version.definition.weighting === 'points' ? 'By points' : 'By section weights'}
                </Table.Td>
                <Table.Td>
                  {s.current_version.definition.sections.reduce((n, sec) => n + sec.criteria.length, 0)}
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" justify="flex-end">
                    <Button size="xs" variant="light" onClick={() => setEditing({ scorecard: s })}>
                      New version of {s.name}
                    </Button>
                    <Button size="xs" variant="subtle" onClick={() => toggle.mutate(s)}>
                      {s.active ? 'Deactivate' : 'Activate'}
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

type Errors = Record<string, string>;

/**
 * Builds a scorecard (or its next version): sections of criteria with scales, weights, N/A and
 * critical rules. The server's own schema checks it before sending; problems show at the field.
 */
function ScorecardEditor({ scorecard, onDone }: { scorecard: Scorecard | null; onDone: () => void }) {
  const me = useMe().data;
  const vendors = useVendors(!me?.vendorId);
  const [form, setForm] = useState<ScorecardForm>(() =>
    scorecard ? fromScorecard(scorecard) : newScorecard(),
  );
  const [errors, setErrors] = useState<Errors>({});
  const [other, setOther] = useState<string[]>([]);
  const save = useQaMutation(async (body: ReturnType<typeof toScorecardBody>) =>
    scorecard
      ? unwrap(
          await api.POST('/api/v1/qa/scorecards/{id}/versions', {
            params: { path: { id: scorecard.id } },
            body: { definition: body.definition, applies_to: body.applies_to },
          }),
        )
      : unwrap(await api.POST('/api/v1/qa/scorecards', { body })),
  );
  const update = (change: (f: ScorecardForm) => ScorecardForm) => setForm((f) => change(structuredClone(f)));
  const setSection = (si: number, patch: Partial<SectionForm>) =>
    update((f) => {
      f.sections[si] = { ...f.sections[si]!, ...patch };
      return f;
    });
  const setCriterion = (si: number, ci: number, patch: Partial<CriterionForm>) =>
    update((f) => {
      f.sections[si]!.criteria[ci] = { ...f.sections[si]!.criteria[ci]!, ...patch };
      return f;
    });
  const err = (path: string) => errors[path];

  const onSubmit = () => {
    const body = toScorecardBody(form);
    const parsed = scorecardCreate.safeParse(body);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error.issues));
      setOther(['Some fields need attention: see the messages in red.']);
      return;
    }
    setErrors({});
    setOther([]);
    save.mutate(body, {
      onSuccess: onDone,
      onError: (e) => {
        if (!(e instanceof ApiError)) return setOther([e.message]);
        const mapped = problemFieldErrors(e.problem, ['name', 'vendor_id', 'definition', 'applies_to']);
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
      aria-label={scorecard ? `New version of ${scorecard.name}` : 'New scorecard'}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <Stack gap="md">
        <Title order={2} size="h4">
          {scorecard ? `New version of ${scorecard.name}` : 'New scorecard'}
        </Title>
        {scorecard && (
          <Text size="sm" c="dimmed">
            Reviews already drafted keep version {scorecard.current_version.version}; new reviews use the new
            one.
          </Text>
        )}
        {other.length > 0 && (
          <Alert color="red" role="alert" title="The scorecard was not saved">
            {other.join(' ')}
          </Alert>
        )}
        <Group align="flex-start" grow>
          <TextInput
            label="Name"
            required
            disabled={!!scorecard}
            value={form.name}
            error={err('name')}
            onChange={(e) => update((f) => ({ ...f, name: e.currentTarget.value }))}
          />
          {!me?.vendorId && !scorecard && (
            <Select
              label="Owner"
              description="The brand's serve every vendor; a vendor's only its own tickets"
              data={[
                { value: '', label: 'Brand (every vendor)' },
                ...(vendors.data ?? []).map((v) => ({ value: v.id, label: v.name })),
              ]}
              value={form.vendor_id ?? ''}
              onChange={(v) => update((f) => ({ ...f, vendor_id: v || null }))}
            />
          )}
        </Group>
        <Group align="flex-end">
          <Stack gap={4}>
            <Text size="sm" fw={500} id="weighting-label">
              Scoring
            </Text>
            <SegmentedControl
              aria-labelledby="weighting-label"
              data={[
                { value: 'sections', label: 'By section weights' },
                { value: 'points', label: 'By points' },
              ]}
              value={form.weighting}
              onChange={(v) => update((f) => ({ ...f, weighting: v as ScorecardForm['weighting'] }))}
            />
          </Stack>
          <Checkbox
            label="Bonus sections may lift a score above 100 %"
            checked={form.allow_above_100}
            onChange={(e) => update((f) => ({ ...f, allow_above_100: e.currentTarget.checked }))}
          />
        </Group>
        <Group grow align="flex-start">
          <MultiSelect
            label="Channels"
            description="Empty: every channel"
            data={[...CHANNELS]}
            value={form.channels}
            onChange={(v) => update((f) => ({ ...f, channels: v }))}
          />
          <TextInput
            label="Languages"
            description='Empty: every language; e.g. "en, da"'
            value={form.languages}
            error={
              err('applies_to.languages') ??
              Object.entries(errors).find(([k]) => k.startsWith('applies_to.languages'))?.[1]
            }
            onChange={(e) => update((f) => ({ ...f, languages: e.currentTarget.value }))}
          />
        </Group>
        {err('definition.sections') && (
          <Text c="red" size="sm" role="alert">
            {err('definition.sections')}
          </Text>
        )}
        {form.sections.map((section, si) => {
          const at = `definition.sections.${si}`;
          return (
            <Paper
              key={section.uid}
              withBorder
              p="sm"
              bg="gray.0"
              component="fieldset"
              aria-label={`Section ${si + 1}`}
            >
              <Stack gap="sm">
                <Group align="flex-end">
                  <TextInput
                    label={`Section ${si + 1} name`}
                    required
                    style={{ flex: 1 }}
                    value={section.name}
                    error={err(`${at}.name`) ?? err(`${at}.id`)}
                    onChange={(e) => setSection(si, { name: e.currentTarget.value })}
                  />
                  {form.weighting === 'sections' && (
                    <NumberInput
                      label="Weight"
                      w={100}
                      min={0}
                      value={section.weight}
                      error={err(`${at}.weight`)}
                      onChange={(v) => setSection(si, { weight: Number(v) || 0 })}
                    />
                  )}
                  <Checkbox
                    label="Bonus"
                    mb={8}
                    checked={section.bonus}
                    onChange={(e) => setSection(si, { bonus: e.currentTarget.checked })}
                  />
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    mb={4}
                    aria-label={`Remove section ${si + 1}`}
                    disabled={form.sections.length === 1}
                    onClick={() => update((f) => ({ ...f, sections: f.sections.filter((_, i) => i !== si) }))}
                  >
                    ×
                  </ActionIcon>
                </Group>
                {section.criteria.map((c, ci) => {
                  const cat = `${at}.criteria.${ci}`;
                  return (
                    <Group
                      key={c.uid}
                      align="flex-end"
                      wrap="wrap"
                      gap="xs"
                      pl="md"
                      data-testid={`criterion-row-${si}-${ci}`}
                    >
                      <TextInput
                        label={`Criterion ${si + 1}.${ci + 1}`}
                        required
                        style={{ flex: 2, minWidth: 180 }}
                        value={c.name}
                        error={err(`${cat}.name`) ?? err(`${cat}.id`)}
                        onChange={(e) => setCriterion(si, ci, { name: e.currentTarget.value })}
                      />
                      <Select
                        label="Scale"
                        w={150}
                        allowDeselect={false}
                        data={SCALE_CHOICES.map((s) => ({ ...s }))}
                        value={c.scale}
                        onChange={(v) => v && setCriterion(si, ci, { scale: v as CriterionForm['scale'] })}
                      />
                      {c.scale === 'custom' && (
                        <TextInput
                          label="Values"
                          placeholder="0, 5, 10"
                          w={120}
                          value={c.custom}
                          error={
                            err(`${cat}.scale.values`) ??
                            Object.entries(errors).find(([k]) => k.startsWith(`${cat}.scale`))?.[1]
                          }
                          onChange={(e) => setCriterion(si, ci, { custom: e.currentTarget.value })}
                        />
                      )}
                      <NumberInput
                        label="Weight"
                        w={90}
                        min={0}
                        value={c.weight}
                        error={err(`${cat}.weight`)}
                        onChange={(v) => setCriterion(si, ci, { weight: Number(v) || 0 })}
                      />
                      <Select
                        label="Critical"
                        w={170}
                        allowDeselect={false}
                        data={[
                          { value: 'none', label: 'No' },
                          { value: 'section', label: 'Fails the section' },
                          { value: 'review', label: 'Fails the review' },
                        ]}
                        value={c.critical}
                        onChange={(v) =>
                          v && setCriterion(si, ci, { critical: v as CriterionForm['critical'] })
                        }
                      />
                      <MultiSelect
                        label="Scored from checks"
                        placeholder={c.automatic.length ? undefined : 'By hand'}
                        w={240}
                        data={Object.entries(CHECK_LABELS).map(([value, label]) => ({ value, label }))}
                        value={c.automatic}
                        error={Object.entries(errors).find(([k]) => k.startsWith(`${cat}.automatic`))?.[1]}
                        onChange={(v) => setCriterion(si, ci, { automatic: v as CriterionForm['automatic'] })}
                      />
                      <Checkbox
                        label="N/A allowed"
                        mb={8}
                        checked={c.na_allowed}
                        onChange={(e) => setCriterion(si, ci, { na_allowed: e.currentTarget.checked })}
                      />
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        mb={4}
                        aria-label={`Remove criterion ${si + 1}.${ci + 1}`}
                        disabled={section.criteria.length === 1}
                        onClick={() =>
                          update((f) => {
                            f.sections[si]!.criteria.splice(ci, 1);
                            return f;
                          })
                        }
                      >
                        ×
                      </ActionIcon>
                    </Group>
                  );
                })}
                <Group pl="md">
                  <Button
                    size="xs"
                    variant="subtle"
                    onClick={() =>
                      update((f) => {
                        f.sections[si]!.criteria.push(newCriterion());
                        return f;
                      })
                    }
                  >
                    Add criterion to section {si + 1}
                  </Button>
                </Group>
              </Stack>
            </Paper>
          );
        })}
        <Group justify="space-between">
          <Button
            variant="subtle"
            onClick={() => update((f) => ({ ...f, sections: [...f.sections, newSection()] }))}
          >
            Add section
          </Button>
          <Group>
            <Button variant="default" onClick={onDone}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {scorecard ? 'Save new version' : 'Create scorecard'}
            </Button>
          </Group>
        </Group>
      </Stack>
    </Paper>
  );
}
