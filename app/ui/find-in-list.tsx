import { Form } from "@remix-run/react";

/**
 * A list's own search box (the team, the search synonyms): a GET form sending `q` back to the
 * page, so the filtered list has its own URL and works without JavaScript. `action` says where
 * the answer lands (the list's heading).
 */
export function FindInList({
  id,
  action,
  label,
  help,
  searchLabel,
  button,
  q,
  maxLength,
}: {
  /** The input's id; its help text's is `${id}-help`. */
  id: string;
  action: string;
  label: string;
  help: string;
  /** The search landmark's name. */
  searchLabel: string;
  button: string;
  q: string;
  maxLength: number;
}) {
  return (
    <Form
      method="get"
      action={action}
      role="search"
      className="find-in-list"
      aria-label={searchLabel}
    >
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <p className="help" id={`${id}-help`}>
          {help}
        </p>
        <input
          id={id}
          name="q"
          type="search"
          defaultValue={q}
          maxLength={maxLength}
          aria-describedby={`${id}-help`}
          key={q}
        />
      </div>
      <button type="submit" className="button button-secondary">
        {button}
      </button>
    </Form>
  );
}
