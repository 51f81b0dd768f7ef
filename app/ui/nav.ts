import type { Role } from "#db/schema";
import type { MessageKey } from "~/lib/i18n/messages";

export interface NavItem {
  to: string;
  /** The catalog key of the item's name. */
  label: MessageKey;
  roles: readonly Role[];
}

/** The shell's navigation; each item shows only to the roles that may open it. */
export const NAV_ITEMS: readonly NavItem[] = [
  { to: "/onboarding", label: "core.nav.onboarding", roles: ["newcomer"] },
  { to: "/tickets", label: "core.nav.tickets", roles: ["newcomer", "mentor", "lead"] },
  { to: "/kb", label: "core.nav.kb", roles: ["newcomer", "mentor", "lead"] },
  { to: "/mentoring", label: "core.nav.mentoring", roles: ["mentor", "lead"] },
  { to: "/cohorts", label: "core.nav.cohorts", roles: ["lead"] },
  { to: "/tracks", label: "core.nav.tracks", roles: ["lead"] },
  { to: "/team", label: "core.nav.team", roles: ["lead"] },
];

export function navFor(role: Role): NavItem[] {
  return NAV_ITEMS.filter((item) => item.roles.includes(role));
}
