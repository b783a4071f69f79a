import {
  Alert,
  Button,
  Center,
  Divider,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { api } from '../../api/client';
import { ApiError, unwrap } from '../../api/errors';
import { EnrolAuthenticator } from '../security/EnrolAuthenticator';
import { codeErrorMessage } from '../security/mfa-text';
import { useAdoptSession, useSignIn, useVerifyCode } from './session';

/**
 * Email and password; then, when the account has two-step sign-in, a code from the app (or a
 * recovery code), or its set-up when the brand requires it. Afterwards, back to the page that asked.
 */
/** Why a single sign-on came back here (the server sends a code, never its own words, in the URL). */
const SSO_ERRORS: Record<string, string> = {
  expired:
    'Your single sign-on took too long or was opened in another browser. Start it again from the button below.',
  refused:
    'Your sign-in service confirmed who you are, but Tandem has no active account for you there. Ask your admin to give you access.',
  failed: 'Single sign-on did not complete. Try again, or ask your admin to check the sign-in service.',
};

export function SignInPage({ redirect, ssoError }: { redirect?: string; ssoError?: string | undefined }) {
  const ssoOptions = useQuery({
    queryKey: ['auth', 'sso-options'],
    queryFn: async () => unwrap(await api.GET('/api/v1/auth/sso/options')).items,
    retry: false,
  });
  const ssoMessage = ssoError ? (SSO_ERRORS[ssoError] ?? SSO_ERRORS.failed) : null;
  const signIn = useSignIn();
  const verify = useVerifyCode();
  const adopt = useAdoptSession();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [step, setStep] = useState<{ challenge: string; enrol: boolean } | null>(null);

  const done = () => {
    const target = redirect?.startsWith('/') && !redirect.startsWith('//') ? redirect : '/tickets';
    void navigate({ to: target });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate(
      { email, password },
      {
        onSuccess: (outcome) => {
          if (outcome.kind === 'mfa') {
            setPassword('');
            setStep({ challenge: outcome.challenge, enrol: outcome.enrol });
          } else done();
        },
      },
    );
  };

  const submitCode = (event: FormEvent) => {
    event.preventDefault();
    if (!step) return;
    verify.mutate({ challenge: step.challenge, code: code.trim() }, { onSuccess: done });
  };

  const startOver = () => {
    setStep(null);
    setCode('');
    verify.reset();
    signIn.reset();
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
  const codeMessage = codeErrorMessage(verify.error);
  const expired = verify.error instanceof ApiError && /expired/.test(verify.error.problem.detail ?? '');

  return (
    <Center component="main" mih="100vh" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" w={step?.enrol ? 480 : 380} radius="md">
        {step?.enrol ? (
          <Stack>
            <Title order={1} size="h2" id="sign-in-title">
              Set up two-step sign-in
            </Title>
            <Text size="sm">
              Your organization requires a code from an authenticator app when you sign in.
            </Text>
            <EnrolAuthenticator
              challenge={step.challenge}
              onDone={async (signedIn) => {
                if (!signedIn) return startOver();
                await adopt();
                done();
              }}
            />
            <Button variant="subtle" onClick={startOver}>
              Back to sign-in
            </Button>
          </Stack>
        ) : step ? (
          <form onSubmit={submitCode} aria-labelledby="sign-in-title">
            <Stack>
              <Title order={1} size="h2" id="sign-in-title">
                Enter your code
              </Title>
              <Text size="sm">Open your authenticator app and enter the 6-digit code for Tandem.</Text>
              {codeMessage && (
                <Alert color="red" role="alert" title="Could not sign in">
                  {codeMessage}
                </Alert>
              )}
              <TextInput
                label="Code"
                description="Lost your phone? Enter one of your recovery codes instead."
                autoComplete="one-time-code"
                autoFocus
                required
                value={code}
                onChange={(e) => setCode(e.currentTarget.value)}
              />
              <Button type="submit" loading={verify.isPending} disabled={expired}>
                Verify
              </Button>
              <Button variant="subtle" onClick={startOver}>
                Back to sign-in
              </Button>
            </Stack>
          </form>
        ) : (
          <form onSubmit={submit} aria-labelledby="sign-in-title">
            <Stack>
              <Title order={1} size="h2" id="sign-in-title">
                Sign in to Tandem
              </Title>
              {(message ?? ssoMessage) && (
                <Alert color="red" role="alert" title="Could not sign in">
                  {message ?? ssoMessage}
                </Alert>
              )}
              {ssoOptions.data?.map((option) => (
                <Button
                  key={option.id}
                  component="a"
                  variant="default"
                  href={`/api/v1/auth/sso/${option.id}/start?redirect=${encodeURIComponent(
                    redirect?.startsWith('/') && !redirect.startsWith('//') ? redirect : '/tickets',
                  )}`}
                >
                  Sign in with {option.name}
                </Button>
              ))}
              {!!ssoOptions.data?.length && <Divider label="or with your password" labelPosition="center" />}
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
        )}
      </Paper>
    </Center>
  );
}
