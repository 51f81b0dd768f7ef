import { useLocation, useNavigation } from "@remix-run/react";
import { type RefObject, useEffect, useRef } from "react";
import { useT } from "./i18n";

// Where keyboard focus goes after the page changes under it: to the new page's main heading after
// a client-side navigation, to the result message after a form's answer, and never left on
// <body> (where a keyboard user would have to start again from the top).

let hydrated = false;

function focusElement(el: HTMLElement) {
  if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "-1");
  el.focus();
}

/** The page's main heading (h1 in main), or main itself. */
export function focusMainHeading() {
  const target =
    document.querySelector<HTMLElement>("main h1") ?? document.querySelector<HTMLElement>("main");
  if (target) focusElement(target);
}

export function focusLost() {
  const active = document.activeElement;
  return !active || active === document.body || !active.isConnected;
}

/**
 * Run once, in the root route: in its component and in its error boundary. Remix mounts one or the
 * other (with the layout) when a page fails or recovers, so a mount after the document's first
 * hydration is a navigation like any other.
 */
export function useFocusManagement() {
  const location = useLocation();
  const navigation = useNavigation();
  const lastPath = useRef<string | null>(null);
  const mountedByNavigation = useRef(hydrated);
  useEffect(() => {
    hydrated = true;
    // Tells tests (and anyone scripting the page) that React now handles links and forms.
    document.documentElement.dataset.hydrated = "true";
  }, []);
  // Runs once per new location.
  useEffect(() => {
    const previous = lastPath.current;
    lastPath.current = location.pathname;
    // The document's first load: the browser's own focus stays.
    if (previous === null && !mountedByNavigation.current) return;
    if (location.hash) return; // a link to a place on the page scrolls and focuses there
    if (document.activeElement?.closest("[data-form-result]")) return;
    // A new page: its heading. The same page (filters, search as you type): only if focus was lost.
    if (previous !== location.pathname || focusLost()) focusMainHeading();
  }, [location.key]);
  // The form last submitted on this page: after its answer, its first field marked invalid.
  const submitted = useRef<HTMLFormElement | null>(null);
  // Where focus was as the form went (its submit button, or the field Enter was pressed in).
  const focusedAtSubmit = useRef<Element | null>(null);
  useEffect(() => {
    const onSubmit = (event: SubmitEvent) => {
      if (!(event.target instanceof HTMLFormElement)) return;
      submitted.current = event.target;
      focusedAtSubmit.current = document.activeElement;
    };
    document.addEventListener("submit", onSubmit, true);
    return () => document.removeEventListener("submit", onSubmit, true);
  }, []);
  const settled = useRef(false);
  useEffect(() => {
    if (navigation.state !== "idle") return;
    if (!settled.current) {
      settled.current = true;
      // The first page load. A form posted without JavaScript, or with reloadDocument (log-in),
      // comes back as a new document with its fields' errors and focus on <body>.
      if (focusLost()) focusFirstInvalid(document);
      return;
    }
    const form = submitted.current;
    const focusedThen = focusedAtSubmit.current;
    submitted.current = null;
    focusedAtSubmit.current = null;
    // After a form's answer re-renders the page, unless a message about the whole form took
    // focus as it appeared: an error message still shown from the last try (the same element,
    // so it did not take focus again, and a live region repeats nothing), else the form's first
    // invalid field, whose label, state and error are read out (focus left on the submit button
    // said nothing). And a focused button may have gone away.
    // The refusal is shown while the page's data is still being fetched again, and someone who
    // has already moved on to a field (to fix it) keeps typing there: focus is not pulled away.
    const frame = requestAnimationFrame(() => {
      if (form && focusMovedSince(focusedThen)) return;
      if (form && !document.activeElement?.closest("[data-form-result]")) {
        const error = document.querySelector<HTMLElement>('main [data-form-result][role="alert"]');
        if (error) return focusElement(error);
        if (form.isConnected && focusFirstInvalid(form)) return;
      }
      if (focusLost()) focusMainHeading();
    });
    return () => cancelAnimationFrame(frame);
  }, [navigation.state]);
}

/**
 * The person has gone to another field since `before` had focus (as the form went): they are
 * typing there. Focus the page moved itself (a heading, a message) does not count.
 */
function focusMovedSince(before: Element | null): boolean {
  const active = document.activeElement;
  if (!active || active === before || !active.isConnected) return false;
  if (active instanceof HTMLTextAreaElement || active instanceof HTMLSelectElement) return true;
  return (
    active instanceof HTMLInputElement &&
    !["button", "submit", "reset", "hidden", "image"].includes(active.type)
  );
}

/** Focuses the first field in `within` marked aria-invalid; false when there is none. */
function focusFirstInvalid(within: ParentNode): boolean {
  const field = within.querySelector<HTMLElement>('[aria-invalid="true"]');
  if (!field) return false;
  field.focus();
  return document.activeElement === field;
}

/**
 * When `shown` turns false, the control it showed (a "Mark read" button a fetcher's press removes)
 * took focus with it: focus goes to `target` (an element, or a function finding one when it is
 * gone) instead of being left on <body>.
 */
export function useFocusWhenGone(
  shown: boolean,
  target: RefObject<HTMLElement> | (() => HTMLElement | null),
) {
  const before = useRef(shown);
  useEffect(() => {
    const was = before.current;
    before.current = shown;
    if (was && !shown && focusLost())
      (typeof target === "function" ? target() : target.current)?.focus();
  }, [shown, target]);
}

/**
 * A form's result message takes focus when it appears after a submission (not when the page
 * first loads with it, which would pull focus away from where the browser put it).
 */
export function useFocusOnAppear(ref: RefObject<HTMLElement>) {
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (hydrated || focusLost()) focusElement(el);
  }, [ref]);
}

/**
 * A table that is wider than the screen scrolls inside its own box; with JavaScript that box is
 * made a labelled, focusable region so the keyboard can scroll it too. Checked after each
 * navigation and on resize.
 */
export function useScrollableTablesFocusable() {
  const location = useLocation();
  const { t } = useT();
  const unnamed = t("core.table.scrollsSideways");
  // Runs once per new location (and on resize).
  useEffect(() => {
    const mark = () => {
      for (const wrap of document.querySelectorAll<HTMLElement>(".table-wrap")) {
        const scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
        if (scrolls && !wrap.hasAttribute("tabindex")) {
          wrap.setAttribute("tabindex", "0");
          wrap.setAttribute("role", "region");
          // Named by the heading its data-labelledby gives (a code sample: not a table), else by
          // its table's caption.
          const heading = wrap.dataset.labelledby;
          if (heading) wrap.setAttribute("aria-labelledby", heading);
          else {
            const caption = wrap.querySelector("caption")?.textContent?.trim();
            wrap.setAttribute("aria-label", caption || unnamed);
          }
        } else if (!scrolls && wrap.getAttribute("tabindex") === "0") {
          wrap.removeAttribute("tabindex");
          wrap.removeAttribute("role");
          wrap.removeAttribute("aria-label");
          wrap.removeAttribute("aria-labelledby");
        }
      }
    };
    mark();
    window.addEventListener("resize", mark);
    return () => window.removeEventListener("resize", mark);
  }, [location.key, unnamed]);
}
