import { configureOutbox } from "~/lib/outbox.server";
import { createTestDatabase, type TestDatabase } from "./db";
import { type SmtpReceiver, startSmtpReceiver } from "./smtp";

// The e-mail tests' set-up: each test's own database and a real SMTP receiver on loopback, with
// the outbox sending e-mail. (Not in smtp.ts: e2e specs use the receiver without the app's code.)

export interface MailTest {
  t: TestDatabase;
  smtp: SmtpReceiver;
}

/**
 * A fresh database, an SMTP receiver and the outbox sending e-mail (and Slack, with `slack`),
 * its links on `origin`: for a beforeEach, with `closeMailTest` in the afterEach.
 */
export async function openMailTest(
  options: { origin?: string; slack?: boolean } = {},
): Promise<MailTest> {
  const t = await createTestDatabase();
  const smtp = await startSmtpReceiver();
  configureOutbox({
    email: true,
    slack: options.slack ?? false,
    origin: options.origin ?? "https://koan.example.test",
  });
  return { t, smtp };
}

export async function closeMailTest({ t, smtp }: MailTest): Promise<void> {
  configureOutbox(undefined);
  await smtp.close();
  await t.close();
}
