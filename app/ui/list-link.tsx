import { useNavigate } from "@remix-run/react";
import { type MouseEvent, type ReactNode, useCallback } from "react";

/**
 * For long lists (the queue's 50 rows, search results): a plain anchor per row that still
 * navigates inside the app on a plain click. Remix's <Link> resolves its path and sets up
 * prefetching once per link on every server render, which cost the 50-row queue a sixth of its
 * throughput; here the list makes one click handler (useListNavigation) that every row shares.
 * Modified clicks (new tab, new window, download) keep the browser's behaviour.
 */
export function useListNavigation() {
  const navigate = useNavigate();
  return useCallback(
    (event: MouseEvent<HTMLAnchorElement>) => {
      if (
        event.defaultPrevented ||
        event.button !== 0 ||
        event.metaKey ||
        event.altKey ||
        event.ctrlKey ||
        event.shiftKey
      )
        return;
      const anchor = event.currentTarget;
      if ((anchor.target && anchor.target !== "_self") || anchor.origin !== window.location.origin)
        return;
      event.preventDefault();
      navigate(`${anchor.pathname}${anchor.search}${anchor.hash}`);
    },
    [navigate],
  );
}

export function ListLink(props: {
  href: string;
  onNavigate: (event: MouseEvent<HTMLAnchorElement>) => void;
  className?: string;
  /** The link text's language, when it is not the page's (useContentLang). */
  lang?: string;
  children: ReactNode;
}) {
  return (
    <a href={props.href} className={props.className} lang={props.lang} onClick={props.onNavigate}>
      {props.children}
    </a>
  );
}
