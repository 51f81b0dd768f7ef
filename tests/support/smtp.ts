import { SMTPServer } from "smtp-server";

// A real SMTP receiver on loopback (the `smtp-server` package), for the e-mail tests.

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The message as it came over the wire. */
  raw: string;
  /** The raw message with quoted-printable soft breaks and escapes undone (to find links in). */
  decoded: string;
  messageId: string | null;
}

export interface SmtpReceiver {
  port: number;
  url: string;
  mails: ReceivedMail[];
  /** Answer the next `n` RCPT TO commands with this SMTP reply code (421: try later). */
  refuseNext(n: number, code?: number): void;
  close(): Promise<void>;
}

/** Quoted-printable bytes to UTF-8 text. */
function fromQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const source = Buffer.from(text.replace(/=\r?\n/g, ""), "utf8");
  for (let i = 0; i < source.length; i++) {
    const hex = source.subarray(i + 1, i + 3).toString("latin1");
    if (source[i] === 0x3d && /^[0-9A-F]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else bytes.push(source[i] as number);
  }
  return Buffer.from(bytes).toString("utf8");
}

/**
 * Base64 parts and "B" encoded words (how nodemailer sends text that is mostly Korean) as text.
 */
function decodeBase64(raw: string): string {
  const words = raw
    .replace(/(=\?UTF-8\?B\?[^?]*\?=)\s+(?==\?UTF-8\?B\?)/gi, "$1")
    .replace(/=\?UTF-8\?B\?(.*?)\?=/gi, (_, word: string) =>
      Buffer.from(word, "base64").toString("utf8"),
    );
  return words.replace(
    /(Content-Transfer-Encoding: base64\r?\n(?:[^\r\n]+\r?\n)*\r?\n)((?:[A-Za-z0-9+/=]+\r?\n)+)/gi,
    (_, head: string, body: string) =>
      `${head}${Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8")}\r\n`,
  );
}

/** Undoes quoted-printable bodies and RFC 2047 encoded words in headers (enough to read links and subjects). */
function decodeQuotedPrintable(raw: string): string {
  const unfolded = decodeBase64(raw).replace(/\?=\s+=\?UTF-8\?Q\?/gi, "");
  const words = unfolded.replace(/=\?UTF-8\?Q\?(.*?)\?=/gi, (_, word: string) =>
    fromQuotedPrintable(word.replace(/_/g, " ")),
  );
  return fromQuotedPrintable(words);
}

export async function startSmtpReceiver(port = 0): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  let refusals = 0;
  let refusalCode = 421;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (refusals > 0) {
        refusals -= 1;
        const error = Object.assign(new Error("Try again later (test receiver refusing)"), {
          responseCode: refusalCode,
        });
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          decoded: decodeQuotedPrintable(raw),
          messageId: /^Message-ID:\s*(.+)$/im.exec(raw)?.[1]?.trim() ?? null,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const address = server.server.address();
  const bound = typeof address === "object" && address ? address.port : port;
  return {
    port: bound,
    url: `smtp://127.0.0.1:${bound}`,
    mails,
    refuseNext(n, code = 421) {
      refusals = n;
      refusalCode = code;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
