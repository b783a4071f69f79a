import { roleAllows } from '../../api/server-schemas';
import { useUsers } from '../admin/queries';

/** User id → display name for QA screens (reviewers, agents); a user one cannot see is "someone". */
export function useUserNames() {
  const users = useUsers();
  const names = new Map((users.data ?? []).map((u) => [u.id, u.display_name]));
  return (id: string) => names.get(id) ?? (users.isPending ? '…' : 'someone');
}

/**
 * Active users who may review (their role holds qa:review, by the server's own role table), as
 * picker choices; `side` keeps one side only (a vendor's id, or null for the brand's).
 */
export function reviewerChoices(
  users: readonly {
    id: string;
    display_name: string;
    role: string;
    active: boolean;
    vendor_id: string | null;
  }[],
  side?: string | null,
) {
  return users
    .filter((u) => u.active && roleAllows(u.role as Parameters<typeof roleAllows>[0], 'qa:review'))
    .filter((u) => side === undefined || u.vendor_id === side)
    .map((u) => ({ value: u.id, label: u.display_name }));
}
