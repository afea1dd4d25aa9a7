-- The dashboard (/app) shows the member's coach and grading allowances, so it is kept rendered
-- only if their usage counters move the page version too: a message, a grading or an admin's
-- reset bumps it in the same statement (one bump per statement, as for trades).
CREATE TRIGGER "UsageCounter_page_version_insert" AFTER INSERT ON "UsageCounter" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "member_page_version_for_rows"();
CREATE TRIGGER "UsageCounter_page_version_update" AFTER UPDATE ON "UsageCounter" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "member_page_version_for_rows"();
CREATE TRIGGER "UsageCounter_page_version_delete" AFTER DELETE ON "UsageCounter" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "member_page_version_for_rows"();
