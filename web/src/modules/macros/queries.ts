import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';

export const macroKeys = {
  all: ['macros'] as const,
  list: (language: string) => ['macros', 'list', language] as const,
};

/** What the API lets the caller see: approved macros, plus proposals for those who write macros. */
export const useMacros = (language: string, enabled = true) =>
  useQuery({
    queryKey: macroKeys.list(language),
    enabled,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/macros', { params: { query: language ? { language } : {} } })).items,
  });

export type Macro = NonNullable<ReturnType<typeof useMacros>['data']>[number];
