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

/**
 * NUL and the other control characters, tab and line breaks aside: no keyboard types them and no
 * page shows them (a page drops NUL, so "a\u0000b" stored read "ab"), yet they were stored.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;

/** False for a line of text (a name, a title, a tag) with a control character in it. */
export const withoutControls = (text: string): boolean => !CONTROLS.test(text);

/** The text without the control characters `withoutControls` refuses (text nobody typed here). */
export const dropControls = (text: string): string =>
  text.replace(new RegExp(CONTROLS.source, "gu"), "");

/** False for longer text (Markdown, notes) with a NUL in it; a pasted log may keep its escapes. */
export const withoutNul = (text: string): boolean => !text.includes("\u0000");
