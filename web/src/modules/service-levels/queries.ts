import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';

export const serviceLevelKeys = {
  policies: ['service-levels', 'sla-policies'] as const,
  calendars: ['service-levels', 'calendars'] as const,
  calendar: (id: string) => ['service-levels', 'calendars', id] as const,
  targets: ['service-levels', 'targets'] as const,
  attainments: ['service-levels', 'attainment'] as const,
  attainment: (month: string) => ['service-levels', 'attainment', month] as const,
};

export const usePolicies = (enabled = true) =>
  useQuery({
    queryKey: serviceLevelKeys.policies,
    enabled,
    queryFn: async () => unwrap(await api.GET('/api/v1/sla-policies')).items,
  });

export const useCalendars = (enabled = true) =>
  useQuery({
    queryKey: serviceLevelKeys.calendars,
    enabled,
    queryFn: async () => unwrap(await api.GET('/api/v1/calendars')).items,
  });

export const useCalendar = (id: string) =>
  useQuery({
    queryKey: serviceLevelKeys.calendar(id),
    queryFn: async () => unwrap(await api.GET('/api/v1/calendars/{id}', { params: { path: { id } } })),
  });

export const useTargets = (enabled = true) =>
  useQuery({
    queryKey: serviceLevelKeys.targets,
    enabled,
    queryFn: async () => unwrap(await api.GET('/api/v1/service-level-targets')).items,
  });

/** This month's attainment per contract target (months are UTC, as the API counts them). */
export const useAttainment = (month: string, enabled = true) =>
  useQuery({
    queryKey: serviceLevelKeys.attainment(month),
    enabled,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/service-levels/attainment', { params: { query: { month } } })).items,
  });

export type Policy = NonNullable<ReturnType<typeof usePolicies>['data']>[number];
export type Calendar = NonNullable<ReturnType<typeof useCalendars>['data']>[number];
export type ServiceLevelTarget = NonNullable<ReturnType<typeof useTargets>['data']>[number];

/** The UTC month (YYYY-MM) of `now`. */
export const utcMonth = (now = new Date()) => now.toISOString().slice(0, 7);
