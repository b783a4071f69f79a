import { Alert, Button, Group, Modal, NumberInput, Stack, Switch, TextInput } from '@mantine/core';
import { useState } from 'react';
import { ApiError } from '../../api/errors';
import { problemFieldErrors } from '../../api/field-errors';
import { type Contract, type ContractDatesPatch, useUpdateContractDates } from './queries';

const FIELDS = ['term_ends_on', 'notice_days', 'auto_renews', 'renewal_term_months'] as const;

/** The fields that differ from the contract: PATCH sends only those. */
export function changedDates(contract: Contract, draft: ContractDatesPatch): ContractDatesPatch {
  const out: Record<string, unknown> = {};
  for (const f of FIELDS) if (draft[f] !== undefined && draft[f] !== contract[f]) out[f] = draft[f];
  return out as ContractDatesPatch;
}

const numberOrNull = (v: string | number) => (v === '' ? null : Number(v));

/** Billing managers edit a contract's term end, notice period and renewal in a dialog. */
export function ContractDatesButton({ contract }: { contract: Contract }) {
  const [opened, setOpened] = useState(false);
  const [draft, setDraft] = useState<ContractDatesPatch>({});
  const save = useUpdateContractDates(contract.id);
  const open = () => {
    save.reset();
    setDraft({
      term_ends_on: contract.term_ends_on,
      notice_days: contract.notice_days,
      auto_renews: contract.auto_renews,
      renewal_term_months: contract.renewal_term_months,
    });
    setOpened(true);
  };
  const problem = save.error instanceof ApiError ? problemFieldErrors(save.error.problem, FIELDS) : null;
  const err = (f: (typeof FIELDS)[number]) => problem?.fields[f];
  const submit = () => save.mutate(changedDates(contract, draft), { onSuccess: () => setOpened(false) });
  return (
    <>
      <Button size="compact-xs" variant="subtle" onClick={open} aria-label={`Edit term of ${contract.name}`}>
        Edit term
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title={`Term of ${contract.name}`}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <Stack gap="sm">
            {problem?.other.length ? <Alert color="red">{problem.other.join(' ')}</Alert> : null}
            <TextInput
              type="date"
              label="Term ends on"
              description="The term’s last day; empty: no fixed term"
              value={draft.term_ends_on ?? ''}
              onChange={(e) => setDraft((d) => ({ ...d, term_ends_on: e.currentTarget.value || null }))}
              error={err('term_ends_on')}
            />
            <NumberInput
              label="Notice period (days)"
              description="Empty: none"
              min={0}
              allowDecimal={false}
              value={draft.notice_days ?? ''}
              onChange={(v) => setDraft((d) => ({ ...d, notice_days: numberOrNull(v) }))}
              error={err('notice_days')}
            />
            <Switch
              label="Renews automatically"
              checked={draft.auto_renews ?? false}
              onChange={(e) => {
                const checked = e.currentTarget.checked;
                setDraft((d) => ({ ...d, auto_renews: checked }));
              }}
              error={err('auto_renews')}
            />
            <NumberInput
              label="Renewal term (months)"
              description="1–120; needed when it renews automatically"
              min={1}
              max={120}
              allowDecimal={false}
              value={draft.renewal_term_months ?? ''}
              onChange={(v) => setDraft((d) => ({ ...d, renewal_term_months: numberOrNull(v) }))}
              error={err('renewal_term_months')}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpened(false)}>
                Cancel
              </Button>
              <Button type="submit" loading={save.isPending}>
                Save
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
