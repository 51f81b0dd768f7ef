import type { MetaArgs } from "@remix-run/node";
import { useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { FormattedMessage, useIntl } from "react-intl";
import { withFinalSounds } from "~/lib/i18n/final-sound";
import type { MessageKey, MessageValues } from "~/lib/i18n/messages";
import { loadedTranslator } from "~/lib/i18n/registry";
import { contentLang, htmlContentLang } from "~/lib/i18n/text-lang";
import { type Translator, translatorOf } from "~/lib/i18n/translator";
import { errorHeadingKey } from "~/ui/error-heading";

/**
 * The page's language: `t("tickets.queue.title")`, `t("…", { count })`, `msg(fieldError)` for
 * messages made on the server, `day(iso)` (in the person's time zone), `relative(iso)`. See app/lib/i18n/README.md.
 */
export function useT(): Translator {
  const intl = useIntl();
  // The person's time zone, from the root loader (UTC on pages without it, such as a failed root),
  // and the moment relative times count from: the root's load, which runs on every navigation.
  const root = useRouteLoaderData("root") as { timeZone?: string; renderedAt?: string } | undefined;
  const translator = translatorOf(intl, root?.timeZone ?? "UTC");
  return root?.renderedAt ? countedFrom(translator, root.renderedAt) : translator;
}

/** The last page's translator counting from its load, per translator (see countedFrom). */
const counted = new WeakMap<Translator, { renderedAt: string; translator: Translator }>();

/**
 * `translator`, with relative times counted from `renderedAt` (the root loader's moment). Made
 * once per page load and translator, not once per useT call: a queue page calls useT in every
 * row's badges, and each call copied the translator.
 */
export function countedFrom(translator: Translator, renderedAt: string): Translator {
  const last = counted.get(translator);
  if (last?.renderedAt === renderedAt) return last.translator;
  const at = new Date(renderedAt);
  const made: Translator = {
    ...translator,
    relative: (iso, now = at) => translator.relative(iso, now),
  };
  counted.set(translator, { renderedAt, translator: made });
  return made;
}

/**
 * `lang` for people's content on this page (a title, a rendered body): the content's own language
 * when it is not the page's, so a Korean title on an English page is read with a Korean voice.
 */
export function useContentLang() {
  const { locale } = useIntl();
  return {
    lang: (text: string) => contentLang(text, locale),
    htmlLang: (html: string) => htmlContentLang(html, locale),
  };
}

type RichValue = string | number | ReactNode | ((chunks: ReactNode[]) => ReactNode);

/**
 * A message with markup inside it: tags in the message (`Check the address, or <home>go to your
 * home page</home>.`) become the elements given for them, so no sentence is cut into pieces.
 */
export function Trans({ k, values }: { k: MessageKey; values?: Record<string, RichValue> }) {
  const { locale } = useIntl();
  // Korean picks a particle by how a value ends, as the translator's t() does (final-sound.ts).
  const given = values && locale.startsWith("ko") ? withFinalSounds(values) : values;
  return <FormattedMessage id={k} values={given as Record<string, ReactNode>} />;
}

/** A route's <title>: "Tickets · Koan", in the language the root loader chose. */
export function pageTitle(
  matches: MetaArgs["matches"],
  key: MessageKey,
  values?: MessageValues,
): { title: string }[] {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: string } | undefined;
  const translator = loadedTranslator(root?.locale);
  // An error page (a missing ticket, a refusal) is titled by what it says, not by the page that
  // could not be shown.
  const failed = matches.find((m) => m.error != null);
  const [shown, shownValues] = failed ? [errorHeadingKey(failed.error), undefined] : [key, values];
  const text = translator ? translator.t(shown, shownValues) : shown;
  return [{ title: `${text} · Koan` }];
}

/** A <title> built from content (a ticket's title), with a translated fallback. */
export function contentTitle(
  matches: MetaArgs["matches"],
  text: string | null | undefined,
  fallback: MessageKey,
): { title: string }[] {
  const failed = matches.some((m) => m.error != null);
  return text && !failed ? [{ title: `${text} · Koan` }] : pageTitle(matches, fallback);
}
