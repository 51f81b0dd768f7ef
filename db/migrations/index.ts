import type { Migration } from "kysely";
import * as m0001 from "./0001_foundation";
import * as m0002 from "./0002_tickets";
import * as m0003 from "./0003_checkpoints";
import * as m0004 from "./0004_knowledge";
import * as m0005 from "./0005_hot_indexes";
import * as m0006 from "./0006_accounts";
import * as m0007 from "./0007_integrity";
import * as m0008 from "./0008_search";
import * as m0009 from "./0009_loop";
import * as m0010 from "./0010_notifications";
import * as m0011 from "./0011_outbox";
import * as m0012 from "./0012_sso_sync";
import * as m0013 from "./0013_locale";
import * as m0015 from "./0015_attachments";
import * as m0016 from "./0016_time_zone";
import * as m0017 from "./0017_abbreviations";
import * as m0018 from "./0018_search_lists";
import * as m0019 from "./0019_transliterations";
import * as m0020 from "./0020_support_terms";
import * as m0021 from "./0021_search_lists_weighed";
import * as m0022 from "./0022_writeup_filter_columns";
import * as m0023 from "./0023_writeup_review_due";
import * as m0024 from "./0024_writeup_author_facet";
import * as m0025 from "./0025_toil_version";
import * as m0026 from "./0026_writeup_component_people";
import * as m0027 from "./0027_more_loanwords";
import * as m0028 from "./0028_everyday_korean";
import * as m0029 from "./0029_more_abbreviations";
import * as m0030 from "./0030_english_near_synonyms";
import * as m0031 from "./0031_screen_loanwords";
import * as m0032 from "./0032_action_words";
import * as m0033 from "./0033_invite_language";
import * as m0034 from "./0034_member_version";
import * as m0035 from "./0035_ticket_search_text";
import * as m0036 from "./0036_cluster_loanwords";
import * as m0037 from "./0037_mail_mutes";
import * as m0038 from "./0038_first_lead_setup";
import * as m0039 from "./0039_instance_key";
import * as m0040 from "./0040_first_lead_by_sso";
import * as m0041 from "./0041_comment_kinds";
import * as m0042 from "./0042_shop_and_browser_loanwords";
import * as m0043 from "./0043_web_and_code_loanwords";
import * as m0044 from "./0044_search_without_step_headings";
import * as m0045 from "./0045_account_and_screen_words";
import * as m0046 from "./0046_billing_words";
import * as m0047 from "./0047_security_words";
import * as m0048 from "./0048_power_and_time_words";
import * as m0049 from "./0049_cut_and_froze_words";
import * as m0050 from "./0050_cost_words";
import * as m0051 from "./0051_phrase_words";
import * as m0052 from "./0052_identifier_parts";
import * as m0053 from "./0053_everyday_words";
import * as m0054 from "./0054_engineering_abbreviations";
import * as m0055 from "./0055_build_and_data_loanwords";
import * as m0056 from "./0056_code_and_cloud_loanwords";
import * as m0057 from "./0057_screen_and_chance_loanwords";
import * as m0058 from "./0058_everyday_english_pairs";
import * as m0059 from "./0059_more_english_pairs";
import * as m0060 from "./0060_search_miss_tickets";

/**
 * Every migration, by name, in order. Listed in code rather than read from the folder so that
 * the bundled server carries them with it.
 *
 * Landed migrations are frozen: change the schema with a new file. New migrations name every
 * unique constraint or unique index (`addUniqueConstraint("tickets_external_unique", …)` or
 * `createIndex("…_unique").unique()`) rather than `.unique()` on a column, so a violation can be
 * told apart by name and the constraint can be dropped later without rebuilding the table.
 */
export const migrations: Record<string, Migration> = {
  "0001_foundation": m0001,
  "0002_tickets": m0002,
  "0003_checkpoints": m0003,
  "0004_knowledge": m0004,
  "0005_hot_indexes": m0005,
  "0006_accounts": m0006,
  "0007_integrity": m0007,
  "0008_search": m0008,
  "0009_loop": m0009,
  "0010_notifications": m0010,
  "0011_outbox": m0011,
  "0012_sso_sync": m0012,
  "0013_locale": m0013,
  "0015_attachments": m0015,
  "0016_time_zone": m0016,
  "0017_abbreviations": m0017,
  "0018_search_lists": m0018,
  "0019_transliterations": m0019,
  "0020_support_terms": m0020,
  "0021_search_lists_weighed": m0021,
  "0022_writeup_filter_columns": m0022,
  "0023_writeup_review_due": m0023,
  "0024_writeup_author_facet": m0024,
  "0025_toil_version": m0025,
  "0026_writeup_component_people": m0026,
  "0027_more_loanwords": m0027,
  "0028_everyday_korean": m0028,
  "0029_more_abbreviations": m0029,
  "0030_english_near_synonyms": m0030,
  "0031_screen_loanwords": m0031,
  "0032_action_words": m0032,
  "0033_invite_language": m0033,
  "0034_member_version": m0034,
  "0035_ticket_search_text": m0035,
  "0036_cluster_loanwords": m0036,
  "0037_mail_mutes": m0037,
  "0038_first_lead_setup": m0038,
  "0039_instance_key": m0039,
  "0040_first_lead_by_sso": m0040,
  "0041_comment_kinds": m0041,
  "0042_shop_and_browser_loanwords": m0042,
  "0043_web_and_code_loanwords": m0043,
  "0044_search_without_step_headings": m0044,
  "0045_account_and_screen_words": m0045,
  "0046_billing_words": m0046,
  "0047_security_words": m0047,
  "0048_power_and_time_words": m0048,
  "0049_cut_and_froze_words": m0049,
  "0050_cost_words": m0050,
  "0051_phrase_words": m0051,
  "0052_identifier_parts": m0052,
  "0053_everyday_words": m0053,
  "0054_engineering_abbreviations": m0054,
  "0055_build_and_data_loanwords": m0055,
  "0056_code_and_cloud_loanwords": m0056,
  "0057_screen_and_chance_loanwords": m0057,
  "0058_everyday_english_pairs": m0058,
  "0059_more_english_pairs": m0059,
  "0060_search_miss_tickets": m0060,
};
