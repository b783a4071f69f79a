import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';

export const surveyKeys = {
  settings: ['surveys', 'settings'] as const,
  responses: (kind: string, limit: number) => ['surveys', 'responses', kind, limit] as const,
};

export const useSurveySettings = (enabled = true) =>
  useQuery({
    queryKey: surveyKeys.settings,
    enabled,
    queryFn: async () => unwrap(await api.GET('/api/v1/survey-settings')),
  });

/** The newest answers first; the API has no paging beyond a limit (at most 200). */
export const useSurveyResponses = (kind: '' | SurveyKind, limit: number, enabled = true) =>
  useQuery({
    queryKey: surveyKeys.responses(kind, limit),
    enabled,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/surveys/responses', {
          params: { query: { limit, ...(kind ? { kind } : {}) } },
        }),
      ).items,
  });

export type SurveyKind = 'csat' | 'nps' | 'ces';
export type SurveySettings = NonNullable<ReturnType<typeof useSurveySettings>['data']>;
export type SurveyResponse = NonNullable<ReturnType<typeof useSurveyResponses>['data']>[number];
