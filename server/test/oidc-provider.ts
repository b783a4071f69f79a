import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/**
 * A real OpenID Connect provider (oidc-provider, the certified implementation) on a free loopback
 * port, for single sign-on tests. Its development sign-in page accepts any password for the accounts
 * given here; the account id is what one types as the login.
 */

/** A free loopback port, for an app whose public URL (the SSO callback) must be known before it listens. */
export async function freePort() {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface TestAccount {
  email: string;
  name: string;
  groups: string[];
  email_verified?: boolean;
}

export interface TestIdentityProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

export async function startOidcProvider(options: {
  /** Read at the first request, so a test can register a callback URL that names an id made later. */
  redirectUris: () => string[];
  accounts: Record<string, TestAccount>;
}): Promise<TestIdentityProvider> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientSecret = randomBytes(24).toString('hex');
  const make = () =>
    new Provider(issuer, {
      clients: [
        {
          client_id: 'tandem',
          client_secret: clientSecret,
          redirect_uris: options.redirectUris(),
          grant_types: ['authorization_code'],
          response_types: ['code'],
        },
      ],
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
      async findAccount(_ctx, id) {
        const account = options.accounts[id];
        if (!account) return undefined;
        return {
          accountId: id,
          async claims() {
            return {
              sub: id,
              email: account.email,
              email_verified: account.email_verified ?? true,
              name: account.name,
              groups: account.groups,
            };
          },
        };
      },
      cookies: { keys: [randomBytes(16).toString('hex')] },
      features: { devInteractions: { enabled: true } },
      pkce: { required: () => true },
    });
  let handler: ReturnType<Provider['callback']> | undefined;
  server.on('request', (req, res) => {
    handler ??= make().callback();
    void handler(req, res);
  });
  return {
    issuer,
    clientId: 'tandem',
    clientSecret,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A browser without a screen: follows redirects, keeps cookies per host, and fills the provider's
 * development sign-in and consent forms. Ends at the first answer that is neither, or outside both.
 */
export async function signInThrough(
  startUrl: string,
  login: string,
  jar = new Map<string, Map<string, string>>(),
) {
  const cookiesOf = (url: URL) => {
    const forHost = jar.get(url.host) ?? new Map<string, string>();
    jar.set(url.host, forHost);
    return forHost;
  };
  let url = new URL(startUrl);
  let init: RequestInit = {};
  for (let hop = 0; hop < 30; hop++) {
    const cookies = cookiesOf(url);
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: {
        ...(init.headers as Record<string, string> | undefined),
        cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) cookies.delete(name);
      else cookies.set(name, value);
    }
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      url = new URL(location, url);
      init = {};
      continue;
    }
    const body = await response.text();
    const prompt = /name="prompt" value="(login|consent)"/.exec(body)?.[1];
    const action = /<form[^>]*action="([^"]+)"/.exec(body)?.[1];
    if (response.status === 200 && prompt && action) {
      const form = new URLSearchParams({ prompt, ...(prompt === 'login' ? { login, password: 'any' } : {}) });
      url = new URL(action.replaceAll('&amp;', '&'), url);
      init = {
        method: 'POST',
        body: form.toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      };
      continue;
    }
    return { status: response.status, url, body, jar, cookies: cookiesOf(url) };
  }
  throw new Error('too many redirects');
}
