import { startOidcProvider, type TestAccount, type TestProvider } from "./oidc-provider";
import { freePort } from "./ports";
import { startServer, type TestServer } from "./server";

// A Koan server of its own signing people in at a real OpenID provider on loopback (the single
// sign-on tests: HTTP and e2e).

/** The variables that point a Koan server at `provider`. */
export function oidcEnv(provider: TestProvider): Record<string, string> {
  return {
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: provider.clientId,
    OIDC_CLIENT_SECRET: provider.clientSecret,
  };
}

export interface SsoKoan {
  /** Koan's APP_ORIGIN, on `host`. */
  origin: string;
  provider: TestProvider;
  server: TestServer;
  stop(): Promise<void>;
}

/**
 * A new provider, named "Koan Test ID" on Koan's page, with `accounts` (login name → account),
 * and the built server on a free port pointed at it; `env` adds to or overrides its variables.
 */
export async function startSsoKoan(
  options: {
    env?: Record<string, string>;
    accounts?: Record<string, TestAccount>;
    host?: string;
  } = {},
): Promise<SsoKoan> {
  const port = await freePort();
  const origin = `http://${options.host ?? "127.0.0.1"}:${port}`;
  const provider = await startOidcProvider({ redirectUri: `${origin}/auth/oidc/callback` });
  for (const [login, account] of Object.entries(options.accounts ?? {})) {
    provider.accounts.set(login, account);
  }
  let server: TestServer;
  try {
    server = await startServer({
      PORT: String(port),
      APP_ORIGIN: origin,
      ...oidcEnv(provider),
      OIDC_NAME: "Koan Test ID",
      ...options.env,
    });
  } catch (error) {
    await provider.stop();
    throw error;
  }
  return {
    origin,
    provider,
    server,
    stop: async () => {
      await server.stop();
      await provider.stop();
    },
  };
}
