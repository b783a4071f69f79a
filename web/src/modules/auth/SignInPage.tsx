import { Alert, Button, Center, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { ApiError } from '../../api/errors';
import { useSignIn } from './session';

/** Email and password; after sign-in, back to the page that asked for it. */
export function SignInPage({ redirect }: { redirect?: string }) {
  const signIn = useSignIn();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate(
      { email, password },
      {
        onSuccess: () => {
          const target = redirect?.startsWith('/') && !redirect.startsWith('//') ? redirect : '/tickets';
          void navigate({ to: target });
        },
      },
    );
  };

  const error = signIn.error;
  const message =
    error instanceof ApiError && (error.status === 401 || error.status === 400)
      ? 'That email and password do not match an active account.'
      : error instanceof ApiError && error.status === 429
        ? `Too many failed attempts. ${error.problem.detail?.match(/try again in \d+ s/)?.[0]?.replace(/^t/, 'T') ?? 'Try again in a few minutes'}.`
        : error
          ? error.message
          : null;

  return (
    <Center component="main" mih="100vh" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" w={380} radius="md">
        <form onSubmit={submit} aria-labelledby="sign-in-title">
          <Stack>
            <Title order={1} size="h2" id="sign-in-title">
              Sign in to Tandem
            </Title>
            {message && (
              <Alert color="red" role="alert" title="Could not sign in">
                {message}
              </Alert>
            )}
            <TextInput
              label="Email"
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
            />
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            <Button type="submit" loading={signIn.isPending}>
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
