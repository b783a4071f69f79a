import { useUsers } from '../admin/queries';

/** User id → display name for QA screens (reviewers, agents); a user one cannot see is "someone". */
export function useUserNames() {
  const users = useUsers();
  const names = new Map((users.data ?? []).map((u) => [u.id, u.display_name]));
  return (id: string) => names.get(id) ?? (users.isPending ? '…' : 'someone');
}
