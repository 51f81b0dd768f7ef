import { Form, useFetcher, useLocation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENT_MB } from "~/lib/attachment-limits";
import { k } from "~/lib/i18n/messages";
import { FilePicker } from "~/ui/file-picker";
import { useT } from "~/ui/i18n";

// Screenshots and log files on a checkpoint's evidence and on write-ups: images shown in the
// page, logs as downloads, and a small form to add one (a pasted screenshot lands in its file
// input). Uploads go to /attachments; without JavaScript the form posts and comes back.

/** An attached file as the page shows it (mentoring's AttachmentView). */
export interface AttachmentItem {
  key: string;
  url: string;
  fileName: string;
  kind: "image" | "log";
  size: number;
  mayRemove: boolean;
}

type Target = "evidence" | "writeup";

const ACCEPT = "image/png,image/jpeg,image/gif,image/webp,.log,.txt,text/plain";

function useSize() {
  const { t, number } = useT();
  return (bytes: number) =>
    bytes >= 1024 * 1024
      ? t("attachments.size.mb", { size: number(Math.round((bytes / 1024 / 1024) * 10) / 10) })
      : t("attachments.size.kb", { size: number(Math.max(1, Math.round(bytes / 1024))) });
}

function RemoveButton({ file, returnTo }: { file: AttachmentItem; returnTo: string }) {
  const { t } = useT();
  return (
    <Form method="post" action={`/attachments/${file.key}`} className="attachment-remove">
      <input type="hidden" name="returnTo" value={returnTo} />
      <button
        type="submit"
        name="intent"
        value="remove"
        className="button button-quiet small"
        aria-label={t("attachments.remove.label", { name: file.fileName })}
      >
        {t("attachments.remove")}
      </button>
    </Form>
  );
}

/** The files: images as pictures (each a link to the full size), logs as downloads. */
export function AttachmentList({
  attachments,
  returnTo,
}: {
  attachments: readonly AttachmentItem[];
  returnTo: string;
}) {
  const { t } = useT();
  const size = useSize();
  if (!attachments.length) return null;
  const images = attachments.filter((a) => a.kind === "image");
  const logs = attachments.filter((a) => a.kind === "log");
  return (
    <div className="attachment-list stack compact">
      {images.length ? (
        <ul className="attachment-images" aria-label={t("attachments.images.label")}>
          {images.map((file) => (
            <li key={file.key}>
              <figure>
                <a href={file.url}>
                  <img
                    src={file.url}
                    alt={t("attachments.image.alt", { name: file.fileName })}
                    loading="lazy"
                  />
                </a>
                <figcaption className="small muted">
                  {file.fileName} · {size(file.size)}
                </figcaption>
              </figure>
              {file.mayRemove ? <RemoveButton file={file} returnTo={returnTo} /> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {logs.length ? (
        <ul className="attachment-logs" aria-label={t("attachments.logs.label")}>
          {logs.map((file) => (
            <li key={file.key}>
              <a href={file.url} download={file.fileName}>
                {t("attachments.log.download", { name: file.fileName })}
              </a>{" "}
              <span className="small muted">{size(file.size)}</span>
              {file.mayRemove ? <RemoveButton file={file} returnTo={returnTo} /> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/**
 * The form that adds a file. `pasteFrom` names a text box (the evidence notes): an image pasted
 * there goes into this form's file input, ready to attach.
 */
export function AttachmentUploader({
  target,
  targetId,
  returnTo,
  error,
  pasteFrom,
  forWhat,
}: {
  target: Target;
  targetId: number;
  returnTo: string;
  /** A message made on the server (no-JavaScript answer). */
  error?: string;
  pasteFrom?: string;
  /** Heard after the field's and the button's names, unseen: " (step 2: Find the code)". */
  forWhat?: string;
}) {
  const { t, msg } = useT();
  const fetcher = useFetcher<{ attachmentError?: string }>();
  const formRef = useRef<HTMLFormElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const [pasted, setPasted] = useState<string | null>(null);
  // A file over the limit is refused here, before it is sent: past the server's request limit
  // it came back as a plain 413 that the page could not show.
  const [tooBig, setTooBig] = useState(false);
  const id = `attach-${target}-${targetId}`;
  const shownError = tooBig
    ? k("attachments.error.tooLarge", { max: MAX_ATTACHMENT_MB })
    : fetcher.state === "idle"
      ? (fetcher.data?.attachmentError ?? error)
      : undefined;
  const busy = fetcher.state !== "idle";

  useEffect(() => {
    if (!pasteFrom) return;
    const box = document.getElementById(pasteFrom);
    if (!box) return;
    const onPaste = (event: ClipboardEvent) => {
      const image = [...(event.clipboardData?.files ?? [])].find((f) =>
        f.type.startsWith("image/"),
      );
      const input = inputRef.current;
      if (!image || !input) return;
      event.preventDefault();
      const transfer = new DataTransfer();
      transfer.items.add(image);
      input.files = transfer.files;
      // Told as a choice of file would be (the picker shows its name), then as a paste.
      input.dispatchEvent(new Event("change", { bubbles: true }));
      setPasted(image.name);
    };
    box.addEventListener("paste", onPaste);
    return () => box.removeEventListener("paste", onPaste);
  }, [pasteFrom]);

  // A file attached (the answer was a redirect, so no data): the form starts empty again.
  const wasBusy = useRef(false);
  useEffect(() => {
    if (busy) wasBusy.current = true;
    else if (wasBusy.current) {
      wasBusy.current = false;
      if (!fetcher.data?.attachmentError) {
        formRef.current?.reset();
        setPasted(null);
      }
    }
  }, [busy, fetcher.data]);

  const describedBy = [
    `${id}-help`,
    pasted ? `${id}-pasted` : null,
    shownError ? `${id}-error` : null,
  ]
    .filter(Boolean)
    .join(" ");
  return (
    <fetcher.Form
      ref={formRef}
      method="post"
      action="/attachments"
      encType="multipart/form-data"
      preventScrollReset
      className="stack compact attachment-form"
      noValidate
      onSubmit={(event) => {
        const file = inputRef.current?.files?.[0];
        if (file && file.size > MAX_ATTACHMENT_BYTES) {
          event.preventDefault();
          setTooBig(true);
          inputRef.current?.focus();
        }
      }}
    >
      <input type="hidden" name="target" value={target} />
      <input type="hidden" name="targetId" value={targetId} />
      <input type="hidden" name="returnTo" value={returnTo} />
      <div className="field">
        <label htmlFor={id}>
          {t("attachments.field.label")}{" "}
          <span className="optional">{t("attachments.field.optional")}</span>
          {forWhat ? <span className="visually-hidden">{forWhat}</span> : null}
        </label>
        <p className="help" id={`${id}-help`}>
          {t("attachments.field.help", { max: MAX_ATTACHMENT_MB })}
          {pasteFrom ? <> {t("attachments.field.pasteHelp")}</> : null}
        </p>
        <FilePicker
          ref={inputRef}
          id={id}
          name="file"
          accept={ACCEPT}
          aria-invalid={shownError ? true : undefined}
          aria-describedby={describedBy}
          onChange={() => {
            setPasted(null);
            setTooBig(false);
          }}
        />
        {pasted ? (
          <p className="help" id={`${id}-pasted`} role="status">
            {t("attachments.pasted", { name: pasted })}
          </p>
        ) : null}
        {shownError ? (
          <p className="field-error" id={`${id}-error`} role="alert">
            {msg(shownError)}
          </p>
        ) : null}
      </div>
      <div>
        <button type="submit" className="button button-secondary" aria-disabled={busy || undefined}>
          {busy ? t("attachments.submitting") : t("attachments.submit")}
          {forWhat && !busy ? <span className="visually-hidden">{forWhat}</span> : null}
        </button>
      </div>
    </fetcher.Form>
  );
}

/** The files on a checkpoint's evidence or a write-up, and (for whoever may add) the form. */
export function Attachments({
  target,
  targetId,
  attachments = [],
  mayAttach = false,
  pasteFrom,
  forWhat,
}: {
  target: Target;
  targetId: number;
  attachments?: readonly AttachmentItem[];
  mayAttach?: boolean;
  pasteFrom?: string;
  /** What the files are for, heard after the form's names (AttachmentUploader). */
  forWhat?: string;
}) {
  const { t } = useT();
  const location = useLocation();
  if (!attachments.length && !mayAttach) return null;
  const returnTo = `${location.pathname}${location.search}${
    target === "evidence" ? `#checkpoint-${targetId}` : ""
  }`;
  return (
    <section className="attachments stack compact" aria-label={t("attachments.section.label")}>
      <AttachmentList attachments={attachments} returnTo={returnTo} />
      {mayAttach ? (
        <AttachmentUploader
          target={target}
          targetId={targetId}
          returnTo={returnTo}
          pasteFrom={pasteFrom}
          forWhat={forWhat}
        />
      ) : null}
    </section>
  );
}
