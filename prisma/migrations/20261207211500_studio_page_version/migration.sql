-- The Studio's gallery (/studio in the admin app) is kept rendered per admin and page version,
-- like the members' journal: a generation made, edited (re-parented) or deleted moves the
-- admin's version in the same statement. Its allowance line moves with UsageCounter already.
CREATE TRIGGER "Generation_page_version_insert" AFTER INSERT ON "Generation" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "member_page_version_for_rows"();
CREATE TRIGGER "Generation_page_version_update" AFTER UPDATE ON "Generation" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "member_page_version_for_rows"();
CREATE TRIGGER "Generation_page_version_delete" AFTER DELETE ON "Generation" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "member_page_version_for_rows"();
