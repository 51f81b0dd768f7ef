import { Form } from "@remix-run/react";
import { useRef, useState } from "react";
import { FilePicker } from "./file-picker";
import { SubmitButton } from "./form";
import { useT } from "./i18n";

/**
 * The first step of an import: choose a file, then preview what it would change. A file over
 * `maxBytes` is refused at the field before it is sent (with JavaScript): past the server's
 * request limit it would otherwise come back as the server's 413, which a page's data request
 * can't show.
 */
export function UploadSection({
  error,
  accept,
  help,
  maxBytes,
  tooLarge,
}: {
  error?: string;
  accept: string;
  help: string;
  maxBytes: number;
  /** The field's message for a file over `maxBytes` (a `k()` message, as the server gives it). */
  tooLarge: string;
}) {
  const id = "field-file";
  const { t, msg } = useT();
  const input = useRef<HTMLInputElement>(null);
  const [tooBig, setTooBig] = useState(false);
  const shownError = tooBig ? tooLarge : error;
  return (
    <section aria-labelledby="upload-heading" className="card">
      <h2 id="upload-heading">{t("tickets.upload.heading")}</h2>
      <Form
        method="post"
        encType="multipart/form-data"
        className="stack"
        noValidate
        onSubmit={(event) => {
          const file = input.current?.files?.[0];
          if (file && file.size > maxBytes) {
            event.preventDefault();
            setTooBig(true);
            input.current?.focus();
          }
        }}
      >
        <div className="field">
          <label htmlFor={id}>{t("tickets.upload.file")}</label>
          <p className="help" id={`${id}-help`}>
            {help}
          </p>
          <FilePicker
            ref={input}
            id={id}
            name="file"
            accept={accept}
            required
            aria-invalid={shownError ? true : undefined}
            aria-describedby={shownError ? `${id}-help ${id}-error` : `${id}-help`}
            onChange={() => setTooBig(false)}
          />
          {shownError ? (
            <p className="field-error" id={`${id}-error`} role="alert">
              {msg(shownError)}
            </p>
          ) : null}
        </div>
        <div>
          <SubmitButton intent="preview" pendingLabel={t("tickets.upload.reading")}>
            {t("tickets.upload.preview")}
          </SubmitButton>
        </div>
      </Form>
    </section>
  );
}
