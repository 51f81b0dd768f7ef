/**
 * Links as people write them: "PR https://github.com/o/r/pull/1", or a bare URL whose label Koan
 * fills in (a path inside Koan labels itself; a web address is labelled by its host).
 */

/** The label Koan gives a link written without one. */
export function defaultLinkLabel(url: string): string {
  if (url.startsWith("/")) return url;
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

/** A link as one line of a links box: a link whose label Koan made up is written back bare. */
export function linkLine(link: { label: string; url: string }): string {
  return link.label === link.url || link.label === defaultLinkLabel(link.url)
    ? link.url
    : `${link.label} ${link.url}`;
}
