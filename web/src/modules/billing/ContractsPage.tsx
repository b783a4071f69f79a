import { Badge, List, Stack, Table, Text } from '@mantine/core';
import { ListState } from '../../shared/ListState';
import { ScrollTable } from '../../shared/ScrollTable';
import { AdminPage } from '../admin/AdminPage';
import { useVendorNames } from '../admin/queries';
import { can, useMe } from '../auth/session';
import { NoAccess } from '../service-levels/NoAccess';
import {
  creditRuleLabel,
  formatMoney,
  noticeIsNear,
  noticeLabel,
  renewalLabel,
  scopeLabel,
  tiersLabel,
} from './billing-format';
import { ContractDatesButton } from './ContractDatesForm';
import { type Contract, type ContractVersion, useContracts, useTargetNames } from './queries';

const TITLE = 'Contracts';
const DESCRIPTION =
  'Vendor contracts: their term, notice deadline and renewal, and their current version: pricing, minimum commitment and SLA credit rules. Billing managers edit the term here; prices change through the API (a new dated version).';

/** The version in force today (UTC), else the latest one (a contract that has not started yet). */
export function currentVersion(contract: Contract, today: string): ContractVersion | undefined {
  const live = contract.versions.find(
    (v) => v.effective_from <= today && (v.effective_to === null || today < v.effective_to),
  );
  return live ?? contract.versions.at(-1);
}

/** The term end (rolled forward by renewals), the notice deadline (red within 30 days) and renewal. */
function ContractTerm({ contract, today, canEdit }: { contract: Contract; today: string; canEdit: boolean }) {
  const edit = canEdit ? <ContractDatesButton contract={contract} /> : null;
  if (contract.current_term_ends_on === null)
    return (
      <Stack gap={2} align="flex-start">
        <Text size="sm" c="dimmed">
          No fixed term
        </Text>
        {edit}
      </Stack>
    );
  const near = noticeIsNear(contract.notice_deadline, today);
  return (
    <Stack gap={2} align="flex-start" data-testid="contract-term">
      <Text size="sm">Term ends {contract.current_term_ends_on}</Text>
      <Text size="xs" c={near ? 'red' : undefined} fw={near ? 600 : undefined} data-near={near || undefined}>
        {noticeLabel(contract.notice_deadline, today)}
      </Text>
      <Text size="xs" c="dimmed">
        {renewalLabel(contract)}
      </Text>
      {edit}
    </Stack>
  );
}

export function ContractsPage() {
  const me = useMe().data;
  const allowed = me ? can(me, 'billing:read') : false;
  const canManage = me ? can(me, 'billing:manage') : false;
  const contracts = useContracts();
  const vendorName = useVendorNames();
  const targetName = useTargetNames();
  const today = new Date().toISOString().slice(0, 10);
  if (me && !allowed) return <NoAccess title={TITLE} description={DESCRIPTION} what="contracts" />;
  return (
    <AdminPage title={TITLE} description={DESCRIPTION}>
      <ListState noun="contracts" query={contracts}>
        <ScrollTable minWidth={1100} label="Contracts">
          <Table striped aria-label="Contracts" data-testid="contracts" verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Contract</Table.Th>
                <Table.Th>Term</Table.Th>
                <Table.Th>Current version</Table.Th>
                <Table.Th>Pricing</Table.Th>
                <Table.Th>SLA credits</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(contracts.data ?? []).map((contract) => {
                const version = currentVersion(contract, today);
                return (
                  <Table.Tr key={contract.id}>
                    <Table.Td>
                      <Text size="sm" fw={600}>
                        {contract.name}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {me?.vendorId === contract.vendor_id ? me.vendorName : vendorName(contract.vendor_id)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <ContractTerm contract={contract} today={today} canEdit={canManage} />
                    </Table.Td>
                    <Table.Td>
                      {version ? (
                        <Stack gap={2}>
                          <Text size="sm">
                            Version {version.version} <Badge variant="light">{version.currency}</Badge>
                          </Text>
                          <Text size="xs">
                            From {version.effective_from}
                            {version.effective_to ? ` until ${version.effective_to}` : ', open-ended'}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {contract.versions.length} version{contract.versions.length === 1 ? '' : 's'}
                          </Text>
                        </Stack>
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                    <Table.Td>
                      {version ? (
                        <List size="sm" spacing={2}>
                          {version.lines.map((line, i) => (
                            // biome-ignore lint/suspicious/noArrayIndexKey: a version's lines never change
                            <List.Item key={i}>
                              {scopeLabel({ ...line, model: null })}:{' '}
                              {tiersLabel(line.model, line.tiers, version.currency)}
                            </List.Item>
                          ))}
                          {version.minimum_commitment_minor !== null ? (
                            <List.Item>
                              Minimum {formatMoney(version.minimum_commitment_minor, version.currency)} a
                              month
                            </List.Item>
                          ) : null}
                        </List>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      {version && version.credit_rules.length > 0 ? (
                        <List size="sm" spacing={2}>
                          {version.credit_rules.map((rule) => (
                            <List.Item key={rule.service_level_target_id}>
                              {creditRuleLabel(rule, targetName(rule.service_level_target_id))}
                            </List.Item>
                          ))}
                        </List>
                      ) : (
                        <Text size="sm" c="dimmed">
                          None
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      </ListState>
    </AdminPage>
  );
}
