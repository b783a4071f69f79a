import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';

/** Admin lists are short (vendors, sites, teams, people of one brand): one page of up to 200 rows. */
const LIMIT = 200;

export const adminKeys = {
  vendors: ['admin', 'vendors'] as const,
  sites: ['admin', 'sites'] as const,
  teams: ['admin', 'teams'] as const,
  users: ['admin', 'users'] as const,
  tokens: ['admin', 'tokens'] as const,
  webhooks: ['admin', 'webhooks'] as const,
  addresses: ['admin', 'support-addresses'] as const,
};

export const useVendors = (enabled = true) =>
  useQuery({
    queryKey: adminKeys.vendors,
    enabled,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/vendors', { params: { query: { limit: LIMIT } } })).items,
  });

export const useSites = () =>
  useQuery({
    queryKey: adminKeys.sites,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/sites', { params: { query: { limit: LIMIT } } })).items,
  });

export const useTeams = () =>
  useQuery({
    queryKey: adminKeys.teams,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/teams', { params: { query: { limit: LIMIT } } })).items,
  });

export const useUsers = () =>
  useQuery({
    queryKey: adminKeys.users,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/users', { params: { query: { limit: LIMIT } } })).items,
  });

/** Vendor id → name, for tables that show a vendor column. */
export function useVendorNames() {
  const vendors = useVendors();
  const names = new Map((vendors.data ?? []).map((v) => [v.id, v.name]));
  return (id: string | null) => (id ? (names.get(id) ?? '—') : 'Brand');
}
