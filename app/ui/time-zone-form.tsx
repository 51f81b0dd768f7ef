import { Form } from "@remix-run/react";
import { useEffect, useState } from "react";
import { FormMessage, SelectField, SubmitButton } from "./form";
import { useT } from "./i18n";

export interface TimeZoneFormState {
  ok: boolean;
  /** What was saved: a zone, or null for the organisation's. */
  timeZone?: string | null;
  errors?: Partial<Record<string, string>>;
  values?: Record<string, string>;
}

/**
 * The person's time zone (Settings): a select of the zones the server knows, with the
 * organisation's default first. Someone who has none gets their browser's zone chosen for them
 * once the page runs its script (saved only when they press Save); without JavaScript the select
 * works as it is.
 */
export function TimeZoneForm({
  current,
  defaultTimeZone,
  zones,
  state,
}: {
  current: string | null;
  defaultTimeZone: string;
  zones: readonly string[];
  state?: TimeZoneFormState;
}) {
  const { t } = useT();
  const [browserZone, setBrowserZone] = useState<string | null>(null);
  useEffect(() => {
    if (current) return;
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && zones.includes(zone)) setBrowserZone(zone);
  }, [current, zones]);
  const typed = state && !state.ok ? state.values?.timeZone : undefined;
  const selected = typed ?? current ?? browserZone ?? "";
  const options = [
    { value: "", label: t("core.settings.timeZone.default", { timeZone: defaultTimeZone }) },
    // A zone saved before the runtime dropped it from its list, or one just refused, still shows
    // as chosen, so nothing typed is lost.
    ...[current, typed]
      .filter((zone): zone is string => Boolean(zone) && !zones.includes(zone as string))
      .concat(zones)
      .map((zone) => ({
        value: zone,
        label: zone.replaceAll("_", " "),
      })),
  ];
  return (
    <section aria-labelledby="time-zone-heading" className="card">
      <h2 id="time-zone-heading">{t("core.settings.timeZone.heading")}</h2>
      <Form method="post" className="stack">
        <SelectField
          // Chosen again (remounted) when the browser's zone becomes known after hydration.
          key={selected}
          label={t("core.settings.timeZone.label")}
          name="timeZone"
          options={options}
          defaultValue={selected}
          error={state && !state.ok ? state.errors?.timeZone : undefined}
          help={t("core.settings.timeZone.help")}
        />
        {current || state ? null : (
          // Its room is kept from the first paint: the browser's zone is only known once the
          // script runs, and the line arriving then pushed every section below it down.
          <p className="help zone-hint">
            {browserZone ? t("core.settings.timeZone.browser", { timeZone: browserZone }) : null}
          </p>
        )}
        {state?.ok ? (
          <FormMessage tone="success">
            {state.timeZone
              ? t("core.settings.timeZone.saved", { timeZone: state.timeZone })
              : t("core.settings.timeZone.savedDefault", { timeZone: defaultTimeZone })}
          </FormMessage>
        ) : null}
        <div>
          <SubmitButton intent="time-zone" pendingLabel={t("core.action.saving")}>
            {t("core.settings.timeZone.save")}
          </SubmitButton>
        </div>
      </Form>
    </section>
  );
}
