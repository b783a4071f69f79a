import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { api } from '../../api/client';
import { isUnauthorized, unwrap } from '../../api/errors';

type Role =
  | 'brand_admin'
  | 'brand_analyst'
  | 'vendor_admin'
  | 'team_lead'
  | 'agent'
  | 'qa_reviewer'
  | 'auditor';

export interface Me {
  userId: string;
  organizationId: string;
  role: Role;
  vendorId: string | null;
  teamId: string | null;
  displayName: string;
  email: string;
  /** The vendor's name, or null for brand staff. */
  vendorName: string | null;
  /** What this user may do (GET /auth/me): the console hides everything else. */
  permissions: string[];
}

/** Whether the signed-in user's role (and token scopes) allow `permission`. */
export const can = (me: Pick<Me, 'permissions'>, permission: string) => me.permissions.includes(permission);

export const ROLE_LABELS: Record<Role, string> = {
  brand_admin: 'Brand admin',
  brand_analyst: 'Brand analyst',
  vendor_admin: 'Vendor admin',
  team_lead: 'Team lead',
  agent: 'Agent',
  qa_reviewer: 'QA reviewer',
  auditor: 'Auditor',
};

export const meKey = ['auth', 'me'] as const;

/** Who is signed in, with the name and vendor the header shows; null when nobody is. */
export async function fetchMe(): Promise<Me | null> {
  let actor: Awaited<ReturnType<typeof getActor>>;
  try {
    actor = await getActor();
  } catch (err) {
    if (isUnauthorized(err)) return null;
    throw err;
  }
  // One call: /auth/me carries the name and vendor the header shows.
  return {
    userId: actor.userId,
    organizationId: actor.organizationId,
    role: actor.role,
    vendorId: actor.vendorId,
    teamId: actor.teamId,
    displayName: actor.displayName,
    email: actor.email,
    vendorName: actor.vendorName,
    permissions: actor.permissions,
  };
}

const getActor = () => api.GET('/api/v1/auth/me').then(unwrap);

export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: 5 * 60_000, retry: false });
}

/** Whether the signed-in user may do `permission`; false while /auth/me loads, so actions never flash. */
export function useCan(permission: string) {
  const me = useMe().data;
  return me ? can(me, permission) : false;
}

/** The password step's outcome: signed in, or a second factor is due (docs/security.md). */
export type SignInOutcome =
  | { kind: 'signed-in'; me: Me | null }
  | { kind: 'mfa'; challenge: string; enrol: boolean };

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: { email: string; password: string }): Promise<SignInOutcome> => {
      const answer = unwrap(await api.POST('/api/v1/auth/login', { body }));
      if ('mfaRequired' in answer) return { kind: 'mfa', challenge: answer.challenge, enrol: answer.enrol };
      return { kind: 'signed-in', me: await fetchMe() };
    },
    onSuccess: (outcome) => {
      if (outcome.kind !== 'signed-in') return;
      client.clear();
      client.setQueryData(meKey, outcome.me);
    },
  });
}

/** The second step: a 6-digit code or a recovery code for the challenge the password step gave. */
export function useVerifyCode() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: { challenge: string; code: string }) => {
      unwrap(await api.POST('/api/v1/auth/mfa/verify', { body }));
      return fetchMe();
    },
    onSuccess: (me) => {
      client.clear();
      client.setQueryData(meKey, me);
    },
  });
}

/** After a session opened some other way (confirming enrolment during sign-in): load who it is. */
export function useAdoptSession() {
  const client = useQueryClient();
  return async () => {
    const me = await fetchMe();
    client.clear();
    client.setQueryData(meKey, me);
  };
}

export function useSignOut() {
  const client = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: async () => {
      unwrap(await api.POST('/api/v1/auth/logout'));
    },
    onSettled: async () => {
      await navigate({ to: '/sign-in', search: {} });
      client.clear();
    },
  });
}
