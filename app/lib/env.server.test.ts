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
