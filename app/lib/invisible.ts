/**
 * Characters that show nothing by themselves (Unicode's default-ignorable code points): soft
 * hyphen, zero-width spaces and joiners, direction marks and overrides, variation selectors, the
 * byte-order mark and the Hangul fillers (ㅤ U+3164, half-width U+FFA0, the jamo fillers); and
 * control characters (NUL and the rest of C0 and C1): a page drops a NUL from what it shows, so a
 * comment of one NUL was posted as an empty one.
 */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cc}]/gu;

/** Direction overrides and isolates: in a file name they make "gnp.exe" read as "exe.png". */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/gu;

/** False for text that is empty once spaces and invisible characters are left out. */
export const showsSomething = (text: string): boolean => text.replace(INVISIBLE, "").trim() !== "";

/** The text without direction overrides and isolates. */
export const withoutBidiControls = (text: string): string => text.replace(BIDI_CONTROLS, "");
