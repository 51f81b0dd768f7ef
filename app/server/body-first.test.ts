import { describe, expect, it } from "vitest";
import { formFieldCount } from "./body-first";

describe("formFieldCount", () => {
  it("counts the fields of a URL-encoded form", () => {
    const body = Buffer.from("email=a%40b.c&password=x&name=%ED%95%9C");
    expect(formFieldCount(body, "application/x-www-form-urlencoded", 10)).toBe(3);
    expect(formFieldCount(Buffer.alloc(0), "application/x-www-form-urlencoded", 10)).toBe(0);
  });

  it("counts the boundaries of a multipart form, quoted or not", () => {
    const parts = ["a", "b"]
      .map((name) => `--XyZ\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n1\r\n`)
      .join("");
    const body = Buffer.from(`${parts}--XyZ--\r\n`);
    expect(formFieldCount(body, "multipart/form-data; boundary=XyZ", 10)).toBe(3);
    expect(formFieldCount(body, 'multipart/form-data; boundary="XyZ"', 10)).toBe(3);
  });

  it("stops counting past the limit, and counts nothing in other bodies", () => {
    const body = Buffer.from(Array.from({ length: 60_000 }, (_, i) => `k${i}=`).join("&"));
    expect(formFieldCount(body, "application/x-www-form-urlencoded", 2_000)).toBe(2_002);
    expect(formFieldCount(Buffer.from('{"a":1}'), "application/json", 10)).toBe(0);
  });
});
