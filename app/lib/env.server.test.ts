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

  it("take DIGEST_TIME_ZONE as an IANA zone, UTC when unset, and refuse offsets", () => {
    expect(parseEnv({}).DIGEST_TIME_ZONE).toBe("UTC");
    expect(parseEnv({ DIGEST_TIME_ZONE: "asia/seoul" }).DIGEST_TIME_ZONE).toBe("Asia/Seoul");
    expect(() => parseEnv({ DIGEST_TIME_ZONE: "+09:00" })).toThrow(
      /DIGEST_TIME_ZONE: must be an IANA time zone/,
    );
    expect(() => parseEnv({ DIGEST_TIME_ZONE: "Mars/Olympus" })).toThrow(/DIGEST_TIME_ZONE/);
  });

  it("take SLACK_LANGUAGE as one of Koan's languages, English when unset", () => {
    expect(parseEnv({}).SLACK_LANGUAGE).toBe("en");
    expect(parseEnv({ SLACK_LANGUAGE: "ko" }).SLACK_LANGUAGE).toBe("ko");
    expect(() => parseEnv({ SLACK_LANGUAGE: "korean" })).toThrow(
      /SLACK_LANGUAGE: must be en or ko/,
    );
  });

  it("take TRUST_PROXY as false, a hop count or a list of proxy addresses and CIDRs", () => {
    expect(parseEnv({}).TRUST_PROXY).toBe(false);
    expect(parseEnv({ TRUST_PROXY: "false" }).TRUST_PROXY).toBe(false);
    expect(parseEnv({ TRUST_PROXY: "0" }).TRUST_PROXY).toBe(false);
    expect(parseEnv({ TRUST_PROXY: "1" }).TRUST_PROXY).toBe(1);
    expect(parseEnv({ TRUST_PROXY: "2" }).TRUST_PROXY).toBe(2);
    expect(parseEnv({ TRUST_PROXY: "true" }).TRUST_PROXY).toBe(true);
    expect(parseEnv({ TRUST_PROXY: "10.0.0.0/8, 127.0.0.1" }).TRUST_PROXY).toEqual([
      "10.0.0.0/8",
      "127.0.0.1",
    ]);
    expect(parseEnv({ TRUST_PROXY: "loopback,fd00::/8" }).TRUST_PROXY).toEqual([
      "loopback",
      "fd00::/8",
    ]);
    for (const bad of ["yes", "10.0.0.0/33", "10.0.0/8", "proxy.example", "1,banana", "99"]) {
      expect(() => parseEnv({ TRUST_PROXY: bad }), bad).toThrow(
        /TRUST_PROXY: must be false, a hop count/,
      );
    }
  });

  it("take e-mail and Slack settings, all off when unset, and refuse half a configuration", () => {
    const off = parseEnv({});
    expect([off.SMTP_URL, off.MAIL_FROM, off.SLACK_WEBHOOK_URL]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    const on = parseEnv({
      SMTP_URL: "smtp://user:pass@mail.example.com:587",
      MAIL_FROM: "Koan <koan@example.com>",
      SLACK_WEBHOOK_URL: "https://hooks.slack.com/services/T000/B000/XXXX",
      APP_ORIGIN: "https://koan.example.com",
    });
    expect(on.SMTP_URL).toBe("smtp://user:pass@mail.example.com:587");
    expect(
      parseEnv({
        SLACK_WEBHOOK_URL: "http://127.0.0.1:9000/hook",
        APP_ORIGIN: "http://127.0.0.1:3000",
      }).SLACK_WEBHOOK_URL,
    ).toBe("http://127.0.0.1:9000/hook");
    expect(() => parseEnv({ SMTP_URL: "https://mail.example.com" })).toThrow(
      /SMTP_URL: must start with smtp/,
    );
    expect(() =>
      parseEnv({ SMTP_URL: "smtp://mail.example.com", APP_ORIGIN: "https://k.example" }),
    ).toThrow(/MAIL_FROM: required when SMTP_URL is set/);
    expect(() =>
      parseEnv({ SMTP_URL: "smtp://mail.example.com", MAIL_FROM: "koan@example.com" }),
    ).toThrow(/APP_ORIGIN: required/);
    expect(() => parseEnv({ MAIL_FROM: "not an address" })).toThrow(/MAIL_FROM/);
    expect(() =>
      parseEnv({
        SLACK_WEBHOOK_URL: "http://hooks.example.com/x",
        APP_ORIGIN: "https://k.example",
      }),
    ).toThrow(/SLACK_WEBHOOK_URL: must be https/);
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
