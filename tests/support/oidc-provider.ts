import { createSign, generateKeyPairSync, type KeyObject } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type KoaContextWithOIDC } from "oidc-provider";

// A real OpenID provider (oidc-provider, the certified Node implementation) on loopback, for the
// single sign-on tests. People sign in at its development interaction pages with any password;
// `accounts` says which e-mail each login name has. Consent is granted up front, as a company
// provider does for its own apps. `tamper` lets a test change the ID token the token endpoint
// hands out, re-signed with the provider's own key (wrong audience, expired) or another key.

export interface TestAccount {
  email: string;
  email_verified: boolean;
  name?: string;
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  accounts: Map<string, TestAccount>;
  /** Rewrites the next ID tokens' claims (and optionally signs with a stranger's key). */
  tamper: ((claims: Record<string, unknown>) => Record<string, unknown>) | null;
  signWithStrangerKey: boolean;
  /** While true, every request is answered 503, as by a provider that is down for maintenance. */
  down: boolean;
  stop(): Promise<void>;
}

const KID = "koan-test-key";

function base64url(input: Buffer | string) {
  return Buffer.from(input).toString("base64url");
}

function signJwt(header: Record<string, unknown>, claims: Record<string, unknown>, key: KeyObject) {
  const body = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  const signature = createSign("RSA-SHA256").update(body).sign(key);
  return `${body}.${base64url(signature)}`;
}

export async function startOidcProvider(options: { redirectUri: string }): Promise<TestProvider> {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const stranger = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
  const jwk = { ...privateKey.export({ format: "jwk" }), kid: KID, use: "sig", alg: "RS256" };

  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const accounts = new Map<string, TestAccount>();
  const clientId = "koan";
  const clientSecret = "koan-test-secret-0123456789";

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: ["koan-test-cookie-key"] },
    pkce: { required: () => true },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    async findAccount(_ctx, id) {
      const account = accounts.get(id);
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...account }) };
    },
    async loadExistingGrant(ctx) {
      const session = ctx.oidc.session;
      const client = ctx.oidc.client;
      if (!session?.accountId || !client) return undefined;
      const grant = new ctx.oidc.provider.Grant({
        clientId: client.clientId,
        accountId: session.accountId,
      });
      grant.addOIDCScope("openid email profile");
      grant.addOIDCClaims(["email", "email_verified", "name"]);
      await grant.save();
      return grant;
    },
  });

  const handle: TestProvider = {
    issuer,
    clientId,
    clientSecret,
    accounts,
    tamper: null,
    signWithStrangerKey: false,
    down: false,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  provider.use(async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
    await next();
    const body = ctx.body as { id_token?: unknown } | undefined;
    const change = handle.tamper;
    if (ctx.path !== "/token" || ctx.status !== 200 || typeof body?.id_token !== "string") return;
    if (!change && !handle.signWithStrangerKey) return;
    const [header, payload] = body.id_token.split(".");
    const claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8"));
    const headerJson = JSON.parse(Buffer.from(header ?? "", "base64url").toString("utf8"));
    const key = handle.signWithStrangerKey ? stranger : privateKey;
    ctx.body = { ...body, id_token: signJwt(headerJson, change ? change(claims) : claims, key) };
  });

  const callback = provider.callback();
  server.on("request", (req, res) => {
    if (!handle.down) return callback(req, res);
    res.writeHead(503, { "content-type": "text/html" }).end("<h1>Down for maintenance</h1>");
  });
  return handle;
}
