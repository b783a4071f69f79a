import { Alert } from '@mantine/core';
import { AdminPage } from '../admin/AdminPage';

/** What a screen says to someone whose role may not configure it (the API refuses them too). */
export function NoAccess({ title, description, what }: { title: string; description: string; what: string }) {
  return (
    <AdminPage title={title} description={description}>
      <Alert color="gray" role="status" data-testid="no-access">
        You don't have access to {what}.
      </Alert>
    </AdminPage>
  );
}
