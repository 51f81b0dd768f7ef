import { describe, expect, it } from "vitest";
import { CLUSTER_SPAN, gathered, gatheredIn, hitGroups } from "./search-cluster";
import type { HitWords } from "./search-hits";

const latin = (...words: string[]): HitWords => ({ latin: words, prefix: null, hangul: [] });
const hangul = (...words: string[]): HitWords => ({ latin: [], prefix: null, hangul: words });
const merged = (groups: HitWords[]): HitWords => ({
  latin: groups.flatMap((g) => g.latin),
  prefix: groups.find((g) => g.prefix)?.prefix ?? null,
  hangul: groups.flatMap((g) => g.hangul),
});
const none = () => false;
/** Filler words that are none of the query's. */
const filler = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(" ");

describe("gathered query words", () => {
  const groups = [latin("security"), latin("policy"), latin("customers"), latin("login")];
  const words = merged(groups);
  const groupOf = hitGroups(words, groups, none);

  it("counts the most distinct query words within one short passage", () => {
    const text = "Customers could not login after a security policy update.";
    expect(gatheredIn(text, words, groupOf)).toBe(4);
    expect(gathered([text], words, groupOf, 4)).toBe(1);
  });

  it("does not count words further apart than the passage", () => {
    const text = `security ${filler(CLUSTER_SPAN)} policy ${filler(CLUSTER_SPAN)} customers ${filler(CLUSTER_SPAN)} login`;
    expect(gatheredIn(text, words, groupOf)).toBe(1);
    // Two of them close together, the others far off.
    const two = `security policy ${filler(CLUSTER_SPAN)} customers ${filler(CLUSTER_SPAN)} login`;
    expect(gatheredIn(two, words, groupOf)).toBe(2);
  });

  it("counts a word repeated as one, and forms of a word as the word", () => {
    expect(gatheredIn("policy policy policy security", words, groupOf)).toBe(2);
    expect(gatheredIn("the customer logins", words, groupOf)).toBe(2);
  });

  it("counts a group's alternatives as one group", () => {
    const withSynonym = [latin("logout", "signout"), latin("error")];
    const all = merged(withSynonym);
    const of = hitGroups(all, withSynonym, none);
    expect(gatheredIn("logout signout logout", all, of)).toBe(1);
    expect(gatheredIn("signout error", all, of)).toBe(2);
  });

  it("counts a word standing for two groups as both ('wraparound' for 'wrap around')", () => {
    const apart = [latin("wrap", "wraparound"), latin("around", "wraparound"), latin("postgres")];
    const all = { latin: ["wrap", "around", "postgres", "wraparound"], prefix: null, hangul: [] };
    const of = hitGroups(all, apart, none);
    expect(gatheredIn("postgres came close to wraparound", all, of)).toBe(3);
  });

  it("leaves out the groups it is told to ignore (English function words)", () => {
    const withOf = [latin("out"), latin("of"), latin("memory")];
    const all = merged(withOf);
    const of = hitGroups(all, withOf, (g) => g.latin[0] === "of");
    expect(gatheredIn("out of memory", all, of)).toBe(2);
  });

  it("reads Hangul words inside words, particles attached", () => {
    const ko = [hangul("결제"), hangul("버튼"), hangul("회색")];
    const all = merged(ko);
    const of = hitGroups(all, ko, none);
    expect(gatheredIn("결제 버튼이 회색으로 남았다", all, of)).toBe(3);
    expect(gatheredIn(`결제 ${filler(CLUSTER_SPAN)} 버튼이`, all, of)).toBe(1);
  });

  it("takes the best text, and gives nothing for a one-word query", () => {
    const texts = ["security", "customers could not login"];
    expect(gathered(texts, words, groupOf, 4)).toBe(0.5);
    expect(
      gathered(
        ["security"],
        latin("security"),
        hitGroups(latin("security"), [latin("security")], none),
        1,
      ),
    ).toBe(0);
  });
});
