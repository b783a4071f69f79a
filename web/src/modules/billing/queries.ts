import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { ApiError, unwrap } from '../../api/errors';
import type { paths } from '../../api/schema';
import type { Ok } from '../../api/types';

export type Invoice = Ok<'/api/v1/billing/invoices/{id}', 'get'>;
export type InvoiceLine = Invoice['lines'][number];
export type Contract = Ok<'/api/v1/billing/contracts', 'get'>['items'][number];
export type ContractVersion = Contract['versions'][number];
export type Reconciliation = Ok<'/api/v1/billing/invoices/{id}/reconciliation', 'get'>;
export type ReconciliationLine = NonNullable<Reconciliation['result']>['lines'][number];
export type HistoryEntry = Reconciliation['history'][number];
export type ClaimBody = NonNullable<
  paths['/api/v1/billing/invoices/{id}/claims']['post']['requestBody']
>['content']['application/json'];
export type ClaimLine = NonNullable<ClaimBody['lines']>[number];
type InvoiceQuery = NonNullable<paths['/api/v1/billing/invoices']['get']['parameters']['query']>;

/** Query keys in one place, so a write invalidates every view it can change. */
export const billingKeys = {
  all: ['billing'] as const,
  invoices: (q: InvoiceQuery) => ['billing', 'invoices', q] as const,
  invoice: (id: string) => ['billing', 'invoice', id] as const,
  reconciliation: (id: string) => ['billing', 'reconciliation', id] as const,
  contracts: ['billing', 'contracts'] as const,
  targets: ['billing', 'service-level-targets'] as const,
};

const notFoundNoRetry = (count: number, err: Error) =>
  count < 2 && !(err instanceof ApiError && (err.status === 404 || err.status === 403));

export const useInvoices = (query: InvoiceQuery) =>
  useQuery({
    queryKey: billingKeys.invoices(query),
    queryFn: async () => unwrap(await api.GET('/api/v1/billing/invoices', { params: { query } })).items,
  });

export const useInvoice = (id: string) =>
  useQuery({
    queryKey: billingKeys.invoice(id),
    retry: notFoundNoRetry,
    queryFn: async () => unwrap(await api.GET('/api/v1/billing/invoices/{id}', { params: { path: { id } } })),
  });

export const useReconciliation = (id: string, enabled = true) =>
  useQuery({
    queryKey: billingKeys.reconciliation(id),
    enabled,
    retry: notFoundNoRetry,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/billing/invoices/{id}/reconciliation', { params: { path: { id } } })),
  });

export const useContracts = () =>
  useQuery({
    queryKey: billingKeys.contracts,
    queryFn: async () => unwrap(await api.GET('/api/v1/billing/contracts')).items,
  });

/** Target names for credit rules in words; a user who may not list targets sees "a service level". */
export const useTargetNames = () => {
  const targets = useQuery({
    queryKey: billingKeys.targets,
    retry: false,
    queryFn: async () => unwrap(await api.GET('/api/v1/service-level-targets')).items,
  });
  const names = new Map((targets.data ?? []).map((t) => [t.id, t.name]));
  return (id: string) => names.get(id) ?? 'a service level';
};

/** Every billing write changes the invoice, the lists and the reconciliation: refresh them all. */
function useBillingMutation<V, R>(fn: (vars: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => qc.invalidateQueries({ queryKey: billingKeys.all }),
  });
}

export const useApprove = (id: string) =>
  useBillingMutation(async () =>
    unwrap(await api.POST('/api/v1/billing/invoices/{id}/approve', { params: { path: { id } } })),
  );

export const useRecompute = (contractId: string) =>
  useBillingMutation(async (month: string) =>
    unwrap(
      await api.POST('/api/v1/billing/contracts/{id}/invoices', {
        params: { path: { id: contractId } },
        body: { month },
      }),
    ),
  );

export const useSubmitClaim = (id: string) =>
  useBillingMutation(async (body: ClaimBody) =>
    unwrap(await api.POST('/api/v1/billing/invoices/{id}/claims', { params: { path: { id } }, body })),
  );

export const useComment = (id: string) =>
  useBillingMutation(async (body: { comment: string; line_key?: string | null }) =>
    unwrap(
      await api.POST('/api/v1/billing/invoices/{id}/reconciliation/comments', {
        params: { path: { id } },
        body,
      }),
    ),
  );

export const useDecide = (id: string) =>
  useBillingMutation(
    async (vars: { decision: 'accept' | 'dispute'; comment: string; claim_version?: number }) => {
      const body = { comment: vars.comment, claim_version: vars.claim_version };
      return vars.decision === 'accept'
        ? unwrap(
            await api.POST('/api/v1/billing/invoices/{id}/reconciliation/accept', {
              params: { path: { id } },
              body,
            }),
          )
        : unwrap(
            await api.POST('/api/v1/billing/invoices/{id}/reconciliation/dispute', {
              params: { path: { id } },
              body,
            }),
          );
    },
  );

export type ContractDatesPatch = NonNullable<
  paths['/api/v1/billing/contracts/{id}']['patch']['requestBody']
>['content']['application/json'];

/** Changes a contract's term end, notice period or renewal: only the fields sent. */
export const useUpdateContractDates = (id: string) =>
  useBillingMutation(async (body: ContractDatesPatch) =>
    unwrap(await api.PATCH('/api/v1/billing/contracts/{id}', { params: { path: { id } }, body })),
  );
