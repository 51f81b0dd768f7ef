import { createHash, randomBytes } from "node:crypto";

/** A fresh unguessable token (256 bits, base64url) for cookies and invite links. */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Tokens are stored only as their sha256, so the database alone cannot be replayed. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
