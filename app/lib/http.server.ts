import {
  data,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { getEnv } from "./env.server";
import { k } from "./i18n/messages";

/** An expected failure, rendered by the nearest ErrorBoundary with its message. */
export function forbidden(message = k("core.error.forbidden.default")) {
  return data({ message }, { status: 403 });
}

/** Longest text kept for one field of a refused form: more than any of Koan's fields takes. */
const KEPT_MAX = 100_000;

/** One field's text from a refused form, with its label (a message key, k()). */
export interface KeptText {
  label: string;
  text: string;
}

/**
 * What the sender typed in `fields` (field name → its label, a message key), for a refused form.
 * Only the fields named: never a password or a token.
 */
export function typedText(
  formData: FormData,
  fields: Readonly<Record<string, string>>,
): KeptText[] {
  const kept: KeptText[] = [];
  for (const [field, label] of Object.entries(fields)) {
    for (const value of formData.getAll(field)) {
      if (typeof value === "string" && value.trim() !== "")
        kept.push({ label, text: value.slice(0, KEPT_MAX) });
    }
  }
  return kept;
}

/**
 * A 403 for a form its sender may no longer send (their role, or the thing's people, changed while
 * the page was open): the page says why, and shows what they had typed (`typedText`) so that it is
 * not lost with the form.
 */
export function forbiddenKeeping(message: string, kept: readonly KeptText[]) {
  return data({ message, kept }, { status: 403 });
}

/** Longest file name a refused import names: no file system takes more. */
const FILE_NAME_MAX = 255;

/**
 * A 403 for an import its sender may no longer run (their role changed while the page was open):
 * the page says why, and names the file that was not imported (`sentFileName`), or says that
 * nothing was when the name is unknown.
 */
export function forbiddenNotImported(message: string, fileName: string | null) {
  return data({ message, notImported: fileName }, { status: 403 });
}

/**
 * The name of the file a refused import sent: the upload's ("file"), or, on the form that imports
 * a previewed file, its `fileName`. The file itself is read past, never kept; a body that cannot
 * be read has no name (null), never an error.
 */
export async function sentFileName(request: Request): Promise<string | null> {
  const named = (value: unknown) =>
    typeof value === "string" && value.trim() !== "" ? value.slice(0, FILE_NAME_MAX) : null;
  try {
    if (!isMultipart(request)) return named((await request.formData()).get("fileName"));
    let fileName: string | null = null;
    await unstable_parseMultipartFormData(request, async (part) => {
      if (part.name === "file" && fileName === null) fileName = named(part.filename);
      for await (const _chunk of part.data) {
        // Read past: nothing of a refused file is kept.
      }
      return undefined;
    });
    return fileName;
  } catch {
    return null;
  }
}

function isMultipart(request: Request): boolean {
  return (request.headers.get("Content-Type") ?? "")
    .toLowerCase()
    .startsWith("multipart/form-data");
}

/**
 * A 403 for something that is someone else's (not a role's page): it says whose, and links the
 * page the person may open instead, rather than suggesting another role.
 */
export function forbiddenElsewhere(message: string, elsewhere: { to: string; label: string }) {
  return data({ message, elsewhere }, { status: 403 });
}

/**
 * A 404 for a form sent to something that went away while the page was open: the page says
 * which, and shows what was typed (`typedText`) so that it is not lost with the form.
 */
export function notFoundKeeping(message: string, kept: readonly KeptText[]) {
  return data({ message, kept }, { status: 404 });
}

export function notFound(message = k("core.error.notFound.body")) {
  return data({ message }, { status: 404 });
}

/** Throws a 404 response when `value` is missing, narrowing it otherwise. */
export function invariantFound<T>(
  value: T | null | undefined,
  message?: string,
): asserts value is T {
  if (value === null || value === undefined) throw notFound(message);
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const SAME_SITE_PATH = /^\/(?![/\\])[^\u0000-\u001f\u007f]*$/;
/** Spaces and anything past ASCII: a header holds bytes and a URL no spaces, so UTF-8, encoded. */
const NOT_URL_TEXT = /[^!-~]+/g;

/** Longer is no page of Koan's: a megabyte-long Location header breaks clients and proxies. */
const MAX_REDIRECT_LENGTH = 2_000;

/**
 * Only same-site paths: one `/` followed by anything but `/` or `\`, and no control characters
 * anywhere (browsers drop tabs and newlines from URLs, so `/\t/evil.example` would become
 * `//evil.example`, and a CR or LF would break the Location header). Anything else goes to
 * `fallback`. A path in any script is kept, percent-encoded as a browser sends it (a page reached
 * by a link to `/kb?q=결제` can come back as `/kb?q=%EA%B2%B0%EC%A0%9C`), since a header with
 * Hangul in it cannot be sent at all; text that is not even Unicode (a lone surrogate) goes to
 * `fallback` too, as does an address that is over 2,000 characters once encoded.
 */
export function safeRedirectPath(
  to: FormDataEntryValue | string | null | undefined,
  fallback = "/",
) {
  if (typeof to !== "string" || to.length > MAX_REDIRECT_LENGTH || !SAME_SITE_PATH.test(to)) {
    return fallback;
  }
  let encoded: string;
  try {
    encoded = to.replace(NOT_URL_TEXT, (run) => encodeURIComponent(run));
  } catch {
    return fallback;
  }
  return encoded.length > MAX_REDIRECT_LENGTH ? fallback : encoded;
}

/**
 * Koan's public origin for links a person copies or is shown (an invite link, the API's example):
 * APP_ORIGIN when set, else the request's. Behind a proxy that ends HTTPS the request itself came
 * over plain http, and a link built from it sent a one-time token over http.
 */
export function publicOrigin(request: Request): string {
  return new URL(getEnv().APP_ORIGIN ?? request.url).origin;
}

/**
 * The request's form data; a malformed or unreadable body is the client's mistake (400), never a
 * server error.
 */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw data({ message: k("core.error.unreadableForm") }, { status: 400 });
  }
}

/** A file sent in a form, read into memory. */
export interface UploadedBytes {
  name: string;
  type: string;
  bytes: Uint8Array;
}

export type UploadedFile =
  | { ok: true; file: UploadedBytes; formData: FormData }
  | { ok: false; problem: "unreadable" }
  /** With the form's other fields read before the file (a form sends them ahead of it). */
  | { ok: false; problem: "tooLarge"; fields: Record<string, string> }
  | { ok: false; problem: "missing"; formData: FormData };

/**
 * The file a multipart form sent as "file", read into memory up to `maxBytes`, with the form's
 * other fields. Any other file part is not read. A body that is not a multipart form, cannot be
 * read, or carries no chosen file is a problem for the page to name at its field.
 */
export async function readUploadedFile(request: Request, maxBytes: number): Promise<UploadedFile> {
  if (!isMultipart(request)) return { ok: false, problem: "unreadable" };
  // The form's text fields, as Remix reads them; the file's bytes are kept as they come, in one
  // buffer: a File (a Blob) made of its many pieces and read back cost ~100 ms of event loop for
  // 8 MB, in one go.
  const texts = unstable_createMemoryUploadHandler({
    maxPartSize: maxBytes,
    filter: ({ filename }) => filename === undefined,
  });
  const fields: Record<string, string> = {};
  const sent: { file: UploadedBytes | null } = { file: null };
  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(request, async (part) => {
      if (part.filename === undefined) {
        const value = await texts(part);
        if (typeof value === "string") fields[part.name] = value;
        return value;
      }
      if (part.name !== "file" || sent.file) return undefined;
      const pieces: Uint8Array[] = [];
      let size = 0;
      for await (const piece of part.data) {
        size += piece.byteLength;
        if (size > maxBytes) throw new MaxPartSizeExceededError(part.name, maxBytes);
        pieces.push(piece);
      }
      sent.file = { name: part.filename, type: part.contentType, bytes: Buffer.concat(pieces) };
      return undefined;
    });
  } catch (error) {
    return error instanceof MaxPartSizeExceededError
      ? { ok: false, problem: "tooLarge", fields }
      : { ok: false, problem: "unreadable" };
  }
  const { file } = sent;
  if (!file || (file.bytes.byteLength === 0 && !file.name))
    return { ok: false, problem: "missing", formData };
  return { ok: true, file, formData };
}
