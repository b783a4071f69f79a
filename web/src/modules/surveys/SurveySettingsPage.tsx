import { Alert, Stack } from '@mantine/core';
import { ListState } from '../../shared/ListState';
import { AdminPage } from '../admin/AdminPage';
import { can, useMe } from '../auth/session';
import { NoAccess } from '../service-levels/NoAccess';
import { useSurveySettings } from './queries';
import { ResponsesTable } from './ResponsesTable';
import { SettingsForm } from './SettingsForm';

const TITLE = 'Survey settings';
const DESCRIPTION = 'Which surveys customers are sent after a contact, and the latest answers.';

/**
 * The brand's survey settings (`analytics:read` to see them, `analytics:manage` — brand admins — to
 * change them, as the API allows) above the newest answers.
 */
export function SurveySettingsPage() {
  const me = useMe().data;
  const allowed = me ? can(me, 'analytics:read') : false;
  const editable = me ? can(me, 'analytics:manage') && me.vendorId === null : false;
  const settings = useSurveySettings(allowed);
  if (me && !allowed) return <NoAccess title={TITLE} description={DESCRIPTION} what="survey settings" />;
  return (
    <AdminPage title={TITLE} description={DESCRIPTION}>
      <Stack gap="xl">
        {!editable && me && (
          <Alert color="gray" role="status" data-testid="read-only">
            Only the brand's admins change these settings; you can see them and the answers.
          </Alert>
        )}
        <ListState
          noun="survey settings"
          query={{ ...settings, data: settings.data ? [settings.data] : undefined }}
        >
          {settings.data && <SettingsForm settings={settings.data} editable={editable} />}
        </ListState>
        <ResponsesTable />
      </Stack>
    </AdminPage>
  );
}
