import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { paths } from '../../api/schema';
import type { Ok } from '../../api/types';

export type Scorecard = Ok<'/api/v1/qa/scorecards', 'get'>['items'][number];
export type ScorecardDetail = Ok<'/api/v1/qa/scorecards/{id}', 'get'>;
export type ScorecardDefinition = Scorecard['current_version']['definition'];
export type Criterion = ScorecardDefinition['sections'][number]['criteria'][number];
export type Review = Ok<'/api/v1/qa/reviews', 'get'>['items'][number];
export type ReviewDetail = Ok<'/api/v1/qa/reviews/{id}', 'get'>;
export type Answer = Review['answers'][string];
export type Dispute = Ok<'/api/v1/qa/disputes', 'get'>['items'][number];
export type Assignment = Ok<'/api/v1/qa/assignments', 'get'>['items'][number];
export type SamplingRule = Ok<'/api/v1/qa/sampling-rules', 'get'>['items'][number];
export type Calibration = Ok<'/api/v1/qa/calibrations', 'get'>['items'][number];
export type Grader = Ok<'/api/v1/qa/calibrations/graders', 'get'>['items'][number];
export type ScorecardCreate = NonNullable<
  paths['/api/v1/qa/scorecards']['post']['requestBody']
>['content']['application/json'];
export type ReviewPatch = NonNullable<
  paths['/api/v1/qa/reviews/{id}']['patch']['requestBody']
>['content']['application/json'];
export type SamplingRuleCreate = NonNullable<
  paths['/api/v1/qa/sampling-rules']['post']['requestBody']
>['content']['application/json'];
type ReviewQuery = NonNullable<paths['/api/v1/qa/reviews']['get']['parameters']['query']>;
type AssignmentQuery = NonNullable<paths['/api/v1/qa/assignments']['get']['parameters']['query']>;
type DisputeQuery = NonNullable<paths['/api/v1/qa/disputes']['get']['parameters']['query']>;

/** Query keys in one place, so a write invalidates every list it can change. */
export const qaKeys = {
  all: ['qa'] as const,
  scorecards: ['qa', 'scorecards'] as const,
  scorecard: (id: string) => ['qa', 'scorecards', id] as const,
  reviews: (q: ReviewQuery) => ['qa', 'reviews', q] as const,
  review: (id: string) => ['qa', 'review', id] as const,
  assignments: (q: AssignmentQuery) => ['qa', 'assignments', q] as const,
  disputes: (q: DisputeQuery) => ['qa', 'disputes', q] as const,
  samplingRules: ['qa', 'sampling-rules'] as const,
  calibrations: ['qa', 'calibrations'] as const,
  graders: ['qa', 'graders'] as const,
};

export const useScorecards = (enabled = true) =>
  useQuery({
    queryKey: qaKeys.scorecards,
    enabled,
    queryFn: async () => unwrap(await api.GET('/api/v1/qa/scorecards')).items,
  });

export const useScorecard = (id: string) =>
  useQuery({
    queryKey: qaKeys.scorecard(id),
    queryFn: async () => unwrap(await api.GET('/api/v1/qa/scorecards/{id}', { params: { path: { id } } })),
  });

export const useReviews = (query: ReviewQuery) =>
  useQuery({
    queryKey: qaKeys.reviews(query),
    queryFn: async () => unwrap(await api.GET('/api/v1/qa/reviews', { params: { query } })).items,
  });

export const useReview = (id: string) =>
  useQuery({
    queryKey: qaKeys.review(id),
    queryFn: async () => unwrap(await api.GET('/api/v1/qa/reviews/{id}', { params: { path: { id } } })),
    retry: (count, err) => count < 2 && !(err instanceof Error && 'status' in err && err.status === 404),
  });

export const useAssignments = (query: AssignmentQuery, enabled = true) =>
  useQuery({
    queryKey: qaKeys.assignments(query),
    enabled,
    queryFn: async () => unwrap(await api.GET('/api/v1/qa/assignments', { params: { query } })).items,
  });

export const useDisputes = (query: DisputeQuery) =>
  useQuery({
    queryKey: qaKeys.disputes(query),
    queryFn: async () => unwrap(await api.GET('/api/v1/qa/disputes', { params: { query } })),
  });

export const useSamplingRules = (enabled = true) =>
  useQuery({
    queryKey: qaKeys.samplingRules,
    enabled,
    queryFn: async () => unwrap(await api.GET('/api/v1/qa/sampling-rules')).items,
  });

export const useCalibrations = (enabled = true) =>
  useQuery({
    queryKey: qaKeys.calibrations,
    enabled,
    queryFn: async () => unwrap(await api.GET('/api/v1/qa/calibrations')).items,
  });

export const useGraders = (enabled = true) =>
  useQuery({
    queryKey: qaKeys.graders,
    enabled,
    queryFn: async () => unwrap(await api.GET('/api/v1/qa/calibrations/graders')).items,
  });

/** A mutation that refreshes every QA list and detail once it succeeds. */
export function useQaMutation<A, R>(fn: (args: A) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => client.invalidateQueries({ queryKey: qaKeys.all }),
  });
}
