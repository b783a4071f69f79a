import { Alert, Badge, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { useCan } from '../auth/session';
import { CustomerRequests } from '../privacy/CustomerRequests';
import { MaskingPolicy } from '../privacy/MaskingPolicy';
import { RetentionPolicies } from '../privacy/RetentionPolicies';
import { EnrolAuthenticator } from './EnrolAuthenticator';
import { codeErrorMessage } from './mfa-text';
import { SessionsPanel } from './SessionsPanel';
import { SsoProviders } from './SsoProviders';

const statusKey = ['auth', 'mfa'] as const;

/**
 * The signed-in user's security: two-step sign-in (set it up, recovery codes left, turn it off) and
 * where they are signed in, with sign-out per device. A brand admin also finds the brand's masking,
 * retention and customers' data requests (export, erasure) here.
 */
export function SecurityPage() {
  const client = useQueryClient();
  const status = useQuery({
    queryKey: statusKey,
    queryFn: async () => unwrap(await api.GET('/api/v1/auth/mfa')),
  });
  // The recovery codes stay on screen after MFA is on, until the user says they saved them.
  const [showingCodes, setShowingCodes] = useState(false);
  const [code, setCode] = useState('');
  const disable = useMutation({
    mutationFn: async (value: string) =>
      unwrap(await api.POST('/api/v1/auth/mfa/disable', { body: { code: value } })),
    onSuccess: async () => {
      setCode('');
      await client.invalidateQueries({ queryKey: statusKey });
    },
  });
  const submitDisable = (event: FormEvent) => {
    event.preventDefault();
    disable.mutate(code.trim());
  };
  const s = status.data;
  const managesSecurity = useCan('security:manage');
  const managesPrivacy = useCan('privacy:manage');

  return (
    <Stack p="md" maw={760}>
      <Title order={1} size="h2">
        Security
      </Title>
      <Paper withBorder p="md" radius="md">
        <Stack>
          <Group justify="space-between">
            <Title order={2} size="h3">
              Two-step sign-in
            </Title>
            {s && (
              <Badge color={s.enrolled ? 'green' : 'gray'} data-testid="mfa-state">
                {s.enrolled ? 'On' : 'Off'}
              </Badge>
            )}
          </Group>
          <Text size="sm">
            After your password, Tandem asks for a 6-digit code from an authenticator app on your phone, so a
            stolen password alone cannot sign in as you.
          </Text>
          {status.error && (
            <Alert color="red" role="alert">
              {status.error.message}
            </Alert>
          )}
          {s && !s.enrolled && s.required && (
            <Alert color="yellow">Your organization requires two-step sign-in for your account.</Alert>
          )}
          {s && (!s.enrolled || showingCodes) && (
            <EnrolAuthenticator
              onConfirmed={() => {
                setShowingCodes(true);
                void client.invalidateQueries({ queryKey: statusKey });
              }}
              onDone={() => setShowingCodes(false)}
            />
          )}
          {s?.enrolled && !showingCodes && (
            <form onSubmit={submitDisable} aria-label="Turn off two-step sign-in">
              <Stack>
                <Text size="sm" data-testid="recovery-codes-left">
                  {s.recoveryCodesLeft} of 10 recovery codes left.
                  {s.recoveryCodesLeft <= 3 && ' Turn two-step sign-in off and on again for new ones.'}
                </Text>
                {disable.error && (
                  <Alert color="red" role="alert" title="Still on">
                    {codeErrorMessage(disable.error)}
                  </Alert>
                )}
                <TextInput
                  label="To turn it off, enter a code from the app or a recovery code"
                  autoComplete="one-time-code"
                  required
                  value={code}
                  onChange={(e) => setCode(e.currentTarget.value)}
                />
                <Group>
                  <Button type="submit" color="red" variant="light" loading={disable.isPending}>
                    Turn off two-step sign-in
                  </Button>
                </Group>
              </Stack>
            </form>
          )}
        </Stack>
      </Paper>
      <SessionsPanel />
      {managesSecurity && <MaskingPolicy />}
      {managesSecurity && <SsoProviders />}
      {managesPrivacy && <RetentionPolicies />}
      {managesPrivacy && <CustomerRequests />}
    </Stack>
  );
}
