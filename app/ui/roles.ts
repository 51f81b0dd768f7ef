export const ROLE_OPTIONS = [
  { value: "newcomer", label: "Newcomer — learns by fixing starter tickets" },
  { value: "mentor", label: "Mentor — pairs with newcomers and reviews" },
  { value: "lead", label: "Lead — runs onboarding, invites people" },
] as const;
