import { DEMO_PASSWORD } from "../../seeds/builders";
import { Browser } from "./http";
import type { TestServer } from "./server";

// Changing a demo person behind the server's back (a lead made them a newcomer while their form
// was open, they chose another language), for the HTTP tests.

export type Role = "newcomer" | "mentor" | "lead";

/** Sets the role and/or language (null: the browser's) of the person with this e-mail. */
export async function setPerson(
  server: TestServer,
  email: string,
  change: { role?: Role; locale?: "en" | "ko" | null },
): Promise<void> {
  await server.db.updateTable("users").set(change).where("email", "=", email).execute();
}

/** A browser signed in as the demo person with this e-mail. */
export async function signedInAs(server: TestServer, email: string): Promise<Browser> {
  const browser = new Browser(server.url);
  await browser.login(email, DEMO_PASSWORD);
  return browser;
}

/** Signed in as `email` while their role was theirs; then made `role` (and given `locale`). */
export async function demotedAfterSignIn(
  server: TestServer,
  email: string,
  change: { role: Role; locale?: "en" | "ko" },
): Promise<Browser> {
  const browser = await signedInAs(server, email);
  await setPerson(server, email, change);
  return browser;
}
