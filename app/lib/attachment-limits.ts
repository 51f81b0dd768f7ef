// The limits on attached files, for the server's checks and the form's help text alike.

/** One file at most this many megabytes. */
export const MAX_ATTACHMENT_MB = 5;
/** Everything one person has attached, together, at most this many megabytes. */
export const MAX_ATTACHMENT_MB_PER_USER = 50;

export const MAX_ATTACHMENT_BYTES = MAX_ATTACHMENT_MB * 1024 * 1024;
export const MAX_ATTACHMENT_BYTES_PER_USER = MAX_ATTACHMENT_MB_PER_USER * 1024 * 1024;
