/** The five status colours of a badge; a badge always carries a word as well as its colour. */
export type BadgeTone = "neutral" | "accent" | "good" | "warn" | "bad";
