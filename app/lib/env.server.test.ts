import { describe, expect, it } from "vitest";
import { parseEnv } from "./env.server";

describe("parseEnv", () => {
  it("fill in defaults", () => {
    expect(parseEnv({})).toMatchObject({
      PORT: 3000,
      HOST: "127.0.0.1",
      DATABASE_PATH: "./data/koan.db",
      SESSION_IDLE_DAYS: 7,
      SESSION_MAX_DAYS: 30,
      SECURE_COOKIES: false,
    });
    expect(parseEnv({ NODE_ENV: "production" }).SECURE_COOKIES).toBe(true);
    expect(parseEnv({ NODE_ENV: "production", SECURE_COOKIES: "false" }).SECURE_COOKIES).toBe(
      false,
    );
  });

  it("name every bad variable in one message", () => {
    expect(() => parseEnv({ PORT: "eighty", SESSION_IDLE_DAYS: "0", LOG_LEVEL: "loud" })).toThrow(
      /PORT[\s\S]*SESSION_IDLE_DAYS: must be at least 1[\s\S]*LOG_LEVEL/,
    );
    expect(() => parseEnv({ SESSION_IDLE_DAYS: "40", SESSION_MAX_DAYS: "30" })).toThrow(
      /SESSION_IDLE_DAYS/,
    );
    expect(() => parseEnv({ APP_ORIGIN: "not a url" })).toThrow(/APP_ORIGIN/);
  });
});

describe("integration variables", () => {
  const sso = {
    OIDC_ISSUER: "https://login.example.com",
    OIDC_CLIENT_ID: "koan",
    OIDC_CLIENT_SECRET: "s3cret",
    APP_ORIGIN: "https://koan.example.com",
  };

  it("are off by default", () => {
    const env = parseEnv({});
    expect(env.OIDC_ISSUER).toBeUndefined();
    expect(env.PASSWORD_LOGIN).toBe(true);
    expect(env.GITHUB_REPOS).toEqual([]);
    expect(env.GITHUB_API_URL).toBe("https://api.github.com");
  });

  it("accept https issuers and loopback http ones only", () => {
    expect(parseEnv(sso).OIDC_ISSUER).toBe("https://login.example.com");
    expect(parseEnv({ ...sso, OIDC_ISSUER: "http://127.0.0.1:9000" }).OIDC_ISSUER).toBe(
      "http://127.0.0.1:9000",
    );
    expect(parseEnv({ ...sso, OIDC_ISSUER: "http://localhost:9000/oidc" }).OIDC_ISSUER).toBe(
      "http://localhost:9000/oidc",
    );
    expect(() => parseEnv({ ...sso, OIDC_ISSUER: "http://login.example.com" })).toThrow(
      /OIDC_ISSUER: must be https/,
    );
  });

  it("need the whole single sign-on set, and APP_ORIGIN", () => {
    expect(() => parseEnv({ OIDC_ISSUER: sso.OIDC_ISSUER })).toThrow(/set all three/);
    expect(() => parseEnv({ ...sso, APP_ORIGIN: "" })).toThrow(/APP_ORIGIN: required/);
    expect(parseEnv({ ...sso, OIDC_ALLOWED_DOMAINS: " Example.com, @koan.test " })).toMatchObject({
      OIDC_ALLOWED_DOMAINS: ["example.com", "koan.test"],
      OIDC_NAME: "single sign-on",
    });
  });

  it("refuse to turn password login off without single sign-on", () => {
    expect(() => parseEnv({ PASSWORD_LOGIN: "false" })).toThrow(/PASSWORD_LOGIN: false would/);
    expect(parseEnv({ ...sso, PASSWORD_LOGIN: "false" }).PASSWORD_LOGIN).toBe(false);
  });

  it("check the GitHub repositories", () => {
    expect(
      parseEnv({ GITHUB_TOKEN: "t", GITHUB_REPOS: "octo/one, octo/two.js" }).GITHUB_REPOS,
    ).toEqual(["octo/one", "octo/two.js"]);
    expect(() => parseEnv({ GITHUB_TOKEN: "t", GITHUB_REPOS: "octo" })).toThrow(/GITHUB_REPOS/);
    expect(() => parseEnv({ GITHUB_REPOS: "octo/one" })).toThrow(/GITHUB_TOKEN: required/);
    expect(parseEnv({ GITHUB_TOKEN: "t" }).GITHUB_REPOS).toEqual([]);
    expect(parseEnv({ GITHUB_API_URL: "http://127.0.0.1:9/api/" }).GITHUB_API_URL).toBe(
      "http://127.0.0.1:9/api",
    );
  });
});
