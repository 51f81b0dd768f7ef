import { useState } from "react";
import { useT } from "./i18n";

/**
 * A read-only value with a button that copies it; the text stays selectable without JavaScript.
 * `mailed`: Koan is e-mailing the link too, so the help does not tell the lead it sends no mail.
 */
export function CopyField({
  label,
  value,
  mailed = false,
}: {
  label: string;
  value: string;
  mailed?: boolean;
}) {
  const { t } = useT();
  const [copied, setCopied] = useState(false);
  return (
    <div className="field copy-field">
      <label htmlFor="copy-value">{label}</label>
      <div className="copy-row">
        <input id="copy-value" readOnly value={value} onFocus={(e) => e.currentTarget.select()} />
        <button
          type="button"
          className="button button-secondary"
          onClick={async () => {
            await navigator.clipboard?.writeText(value);
            setCopied(true);
          }}
        >
          {copied ? t("core.copy.copied") : t("core.copy.button")}
        </button>
      </div>
      <p className="help" aria-live="polite">
        {copied
          ? t("core.copy.onClipboard")
          : mailed
            ? t("core.copy.alsoMailed")
            : t("core.copy.sendYourself")}
      </p>
    </div>
  );
}
