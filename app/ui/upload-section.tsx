import { Form } from "@remix-run/react";
import { FilePicker } from "./file-picker";
import { SubmitButton } from "./form";
import { useT } from "./i18n";

/** The first step of an import: choose a file, then preview what it would change. */
export function UploadSection({
  error,
  accept,
  help,
}: {
  error?: string;
  accept: string;
  help: string;
}) {
  const id = "field-file";
  const { t, msg } = useT();
  return (
    <section aria-labelledby="upload-heading" className="card">
      <h2 id="upload-heading">{t("tickets.upload.heading")}</h2>
      <Form method="post" encType="multipart/form-data" className="stack" noValidate>
        <div className="field">
          <label htmlFor={id}>{t("tickets.upload.file")}</label>
          <p className="help" id={`${id}-help`}>
            {help}
          </p>
          <FilePicker
            id={id}
            name="file"
            accept={accept}
            required
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-help ${id}-error` : `${id}-help`}
          />
          {error ? (
            <p className="field-error" id={`${id}-error`} role="alert">
              {msg(error)}
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
