import { forwardRef, type InputHTMLAttributes, useEffect, useRef, useState } from "react";
import { useT } from "./i18n";

/**
 * A file input whose button and "no file chosen" text are in the page's language. The browser's
 * own control names itself in the browser's language ("Choose File"), whatever the page says.
 * The real input stays where it was, transparent over the picker: a click anywhere on it, or
 * Enter or Space when it has focus, opens the browser's file chooser; its label and value are
 * what assistive technology reads. Until the page has hydrated (or without JavaScript) the
 * browser's control shows as it is, so the chosen file's name is never hidden.
 */
export const FilePicker = forwardRef<
  HTMLInputElement,
  Omit<InputHTMLAttributes<HTMLInputElement>, "type">
>(function FilePicker({ onChange, className, ...input }, ref) {
  const { t } = useT();
  const [chosen, setChosen] = useState("");
  const own = useRef<HTMLInputElement | null>(null);
  // A form reset empties the input without a change event: the face follows.
  useEffect(() => {
    const form = own.current?.form;
    if (!form) return;
    const clear = () => setChosen("");
    form.addEventListener("reset", clear);
    return () => form.removeEventListener("reset", clear);
  }, []);
  return (
    <span className="file-picker">
      <input
        {...input}
        ref={(element) => {
          own.current = element;
          if (typeof ref === "function") ref(element);
          else if (ref) ref.current = element;
        }}
        type="file"
        className={className ? `file-picker-input ${className}` : "file-picker-input"}
        onChange={(event) => {
          const files = [...(event.currentTarget.files ?? [])];
          setChosen(files.map((f) => f.name).join(", "));
          onChange?.(event);
        }}
      />
      <span className="file-picker-face" aria-hidden="true">
        <span className="button button-secondary">{t("core.file.choose")}</span>
        <span className="file-picker-name">{chosen || t("core.file.none")}</span>
      </span>
    </span>
  );
});
