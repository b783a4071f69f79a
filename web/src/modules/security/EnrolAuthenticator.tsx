import { Alert, Anchor, Button, Code, List, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { codeErrorMessage, groupsOfFour } from './mfa-text';

/**
 * Setting up an authenticator app: the otpauth link and the secret (in groups of four), then a code
 * to confirm, then the recovery codes, shown once. With a challenge it is the enrolment a sign-in
 * requires; without, the signed-in user's own choice.
 */
export function EnrolAuthenticator(props: {
  challenge?: string;
  /** Called after the recovery codes were acknowledged; `signedIn` when a session was opened. */
  onDone: (signedIn: boolean) => void;
  /** Called as soon as MFA is on, while the recovery codes are still on screen. */
  onConfirmed?: () => void;
}) {
  const body = props.challenge ? { challenge: props.challenge } : {};
  const enrol = useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/v1/auth/mfa/enrol', { body })),
  });
  const confirm = useMutation({
    mutationFn: async (code: string) =>
      unwrap(await api.POST('/api/v1/auth/mfa/confirm', { body: { ...body, code } })),
    onSuccess: () => props.onConfirmed?.(),
  });
  const [code, setCode] = useState('');

  if (confirm.data) {
    return (
      <Stack>
        <Title order={2} size="h3">
          Save your recovery codes
        </Title>
        <Text size="sm">
          Two-step sign-in is on. If you lose your phone, each of these codes signs you in once instead of a
          code from the app. They are shown only now: print them or keep them in a password manager.
        </Text>
        <List aria-label="Recovery codes" listStyleType="none" spacing={2}>
          {confirm.data.recoveryCodes.map((c) => (
            <List.Item key={c}>
              <Code data-testid="recovery-code">{c}</Code>
            </List.Item>
          ))}
        </List>
        <Button onClick={() => props.onDone(confirm.data.signedIn !== null)}>I have saved them</Button>
      </Stack>
    );
  }

  if (!enrol.data) {
    return (
      <Stack>
        <Text size="sm">
          You will need an authenticator app on your phone (for example Google Authenticator, Microsoft
          Authenticator or 1Password).
        </Text>
        {enrol.error && (
          <Alert color="red" role="alert" title="Could not start">
            {codeErrorMessage(enrol.error)}
          </Alert>
        )}
        <Button onClick={() => enrol.mutate()} loading={enrol.isPending}>
          Set up an authenticator app
        </Button>
      </Stack>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    confirm.mutate(code.replace(/\s/g, ''));
  };
  return (
    <form onSubmit={submit} aria-label="Confirm the authenticator">
      <Stack>
        <Text size="sm">
          On your phone, open the link below or add an account in your authenticator app and type this key:
        </Text>
        <Code block fz="lg" data-testid="mfa-secret" aria-label="Key for manual entry">
          {groupsOfFour(enrol.data.secret)}
        </Code>
        <Anchor
          href={enrol.data.otpauthUri}
          size="sm"
          data-testid="otpauth-uri"
          style={{ wordBreak: 'break-all' }}
        >
          {enrol.data.otpauthUri}
        </Anchor>
        {confirm.error && (
          <Alert color="red" role="alert" title="Not confirmed">
            {codeErrorMessage(confirm.error)}
          </Alert>
        )}
        <TextInput
          label="The 6-digit code the app shows"
          inputMode="numeric"
          autoComplete="one-time-code"
          required
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
        />
        <Button type="submit" loading={confirm.isPending}>
          Turn on two-step sign-in
        </Button>
      </Stack>
    </form>
  );
}
