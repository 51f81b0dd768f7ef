import type { Role } from "#db/schema";

export interface NavItem {
  to: string;
  label: string;
  roles: readonly Role[];
}

/** The shell's navigation; each item shows only to the roles that may open it. */
export const NAV_ITEMS: readonly NavItem[] = [
  { to: "/onboarding", label: "My onboarding", roles: ["newcomer"] },
  { to: "/tickets", label: "Tickets", roles: ["newcomer", "mentor", "lead"] },
  { to: "/kb", label: "Knowledge base", roles: ["newcomer", "mentor", "lead"] },
  { to: "/mentoring", label: "Mentoring", roles: ["mentor", "lead"] },
  { to: "/cohorts", label: "Cohorts", roles: ["lead"] },
  { to: "/tracks", label: "Track", roles: ["lead"] },
  { to: "/team", label: "Team", roles: ["lead"] },
];

export function navFor(role: Role): NavItem[] {
  return NAV_ITEMS.filter((item) => item.roles.includes(role));
}
