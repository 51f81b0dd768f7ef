import { useState } from "react";

/** A read-only value with a button that copies it; the text stays selectable without JavaScript. */
export function CopyField({ label, value }: { label: string; value: string }) {
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
          {copied ? "Copied" : "Copy link"}
        </button>
      </div>
      <p className="help" aria-live="polite">
        {copied
          ? "The link is on your clipboard."
          : "Send it to them yourself: Koan sends no e-mail."}
      </p>
    </div>
  );
}
