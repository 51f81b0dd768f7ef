import { Form } from "@remix-run/react";
import { CopyField } from "./copy-field";
import { SubmitButton } from "./form";
import { useT } from "./i18n";

/**
 * A member page's "Password reset" part: the button making a one-time link, and the link made
 * (also e-mailed when `mailed`).
 */
export function ResetLinkPart({
  isSelf,
  made,
}: {
  isSelf: boolean;
  made: { resetLink: string; mailed: boolean } | null;
}) {
  const { t } = useT();
  return (
    <>
      <h3>{t("team.member.passwordReset")}</h3>
      <p>{isSelf ? t("team.member.resetHelpSelf") : t("team.member.resetHelp")}</p>
      {made ? (
        <CopyField label={t("team.member.resetLink")} value={made.resetLink} mailed={made.mailed} />
      ) : null}
      <Form method="post">
        <SubmitButton
          intent="reset-link"
          variant="secondary"
          pendingLabel={t("team.member.makingLink")}
        >
          {t("team.member.makeLink")}
        </SubmitButton>
      </Form>
    </>
  );
}
