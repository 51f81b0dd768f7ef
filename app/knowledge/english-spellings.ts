// British and American spellings of one English word ("neighbouring" / "neighboring",
// "organisation" / "organization", "cancelled" / "canceled", "centre" / "center"): a team writes
// either, and the stemmer indexes them apart. Pure: search keeps a variant only when it is an
// English word and some write-up holds it (search-readings.server.ts).

/**
 * Each rule: the British ending and what it becomes in American spelling, then the American
 * ending and what it becomes in British; a suffix may follow either.
 */
const SWAPS: readonly (readonly [RegExp, string, RegExp, string])[] = [
  // colour / color, behaviour / behavior, neighbouring / neighboring
  [
    /our(s|ed|ing|ite|ites|ful|able|er|ers|ly|hood)?$/,
    "or$1",
    /or(s|ed|ing|ite|ites|ful|able|er|ers|ly|hood)?$/,
    "our$1",
  ],
  // organise / organize, organisation / organization, serialiser / serializer
  [/is(e|es|ed|ing|ation|ations|er|ers)$/, "iz$1", /iz(e|es|ed|ing|ation|ations|er|ers)$/, "is$1"],
  // analyse / analyze
  [/ys(e|es|ed|ing|er|ers)$/, "yz$1", /yz(e|es|ed|ing|er|ers)$/, "ys$1"],
  // centre / center, fibre / fiber
  [/([bt])re(s|d)?$/, "$1er$2", /([bt])er(s|ed)?$/, "$1re$2"],
  // cancelled / canceled, labelling / labeling
  [/([aeiou])ll(ed|ing|er|ers)$/, "$1l$2", /([aeiou])l(ed|ing|er|ers)$/, "$1ll$2"],
  // licence / license, defence / defense
  [/ence(s)?$/, "ense$1", /ense(s)?$/, "ence$1"],
  // catalogue / catalog, dialogue / dialog
  [/ogue(s)?$/, "og$1", /og(s)?$/, "ogue$1"],
];

/** Letters a word has at least before its other spelling is looked for ("size" is not "sise"). */
const MIN_LETTERS = 6;

/**
 * The word in the other spelling(s) the rules give, or none; candidates only, to be checked
 * against a dictionary ("error" gives "errour", which is no word).
 */
export function otherSpellings(word: string): string[] {
  if (word.length < MIN_LETTERS || !/^[a-z]+$/.test(word)) return [];
  const found = new Set<string>();
  for (const [british, toAmerican, american, toBritish] of SWAPS) {
    if (british.test(word)) found.add(word.replace(british, toAmerican));
    else if (american.test(word)) found.add(word.replace(american, toBritish));
  }
  found.delete(word);
  return [...found];
}
