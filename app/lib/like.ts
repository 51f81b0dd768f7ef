/** `text` for a LIKE pattern written with `escape '\'`: its own wildcards (%, _) and \ escaped. */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
