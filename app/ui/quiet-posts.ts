/**
 * A post that records something the open page does not show back: a write-up's view, counted
 * once the page is open in a browser. Nothing is fetched again after it; before, each write-up
 * opened asked for its page and the shell a second time, and a page whose write-up stopped being
 * published meanwhile turned into "not found" under the reader's typing.
 */
export function isQuietPost(formData: FormData | undefined): boolean {
  return formData?.get("intent") === "view";
}
