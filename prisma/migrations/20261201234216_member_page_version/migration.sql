-- CreateTable
CREATE TABLE "MemberPageVersion" (
    "userId" TEXT NOT NULL,
    "version" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "MemberPageVersion_pkey" PRIMARY KEY ("userId")
);

-- AddForeignKey
ALTER TABLE "MemberPageVersion" ADD CONSTRAINT "MemberPageVersion_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Every member starts at version 0; new members get their row with their user row.
INSERT INTO "MemberPageVersion" ("userId") SELECT "id" FROM "User";

CREATE FUNCTION "member_page_version_for_user"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "MemberPageVersion" ("userId") SELECT "id" FROM new_rows ON CONFLICT DO NOTHING;
  ELSE
    UPDATE "MemberPageVersion" v SET "version" = v."version" + 1 FROM (SELECT DISTINCT "id" FROM new_rows) c WHERE v."userId" = c."id";
  END IF;
  RETURN NULL;
END
$$;

-- Statement-level with transition tables: an import of 10,000 trades bumps once, not 10,000
-- times. An UPDATE (never an INSERT) on the member's row, so rows deleted with their user by a
-- cascade bump nothing. The bump takes the member's version row lock until the transaction
-- ends: transactions that write a member's data commit one after the other, which is what makes
-- the version move in commit order. Lock trade rows (SELECT … FOR UPDATE) before writing, as
-- the journal does, so no transaction waits for a row while holding this lock.
CREATE FUNCTION "member_page_version_for_rows"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE "MemberPageVersion" v SET "version" = v."version" + 1 FROM (SELECT DISTINCT "userId" FROM new_rows) c WHERE v."userId" = c."userId";
  ELSIF TG_OP = 'UPDATE' THEN
    UPDATE "MemberPageVersion" v SET "version" = v."version" + 1
      FROM (SELECT "userId" FROM new_rows UNION SELECT "userId" FROM old_rows) c WHERE v."userId" = c."userId";
  ELSE
    UPDATE "MemberPageVersion" v SET "version" = v."version" + 1 FROM (SELECT DISTINCT "userId" FROM old_rows) c WHERE v."userId" = c."userId";
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "User_page_version_insert" AFTER INSERT ON "User" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "member_page_version_for_user"();
CREATE TRIGGER "User_page_version_update" AFTER UPDATE ON "User" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "member_page_version_for_user"();

CREATE TRIGGER "Profile_page_version_insert" AFTER INSERT ON "Profile" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "member_page_version_for_rows"();
CREATE TRIGGER "Profile_page_version_update" AFTER UPDATE ON "Profile" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "member_page_version_for_rows"();
CREATE TRIGGER "Profile_page_version_delete" AFTER DELETE ON "Profile" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "member_page_version_for_rows"();

CREATE TRIGGER "BrokerAccount_page_version_insert" AFTER INSERT ON "BrokerAccount" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "member_page_version_for_rows"();
CREATE TRIGGER "BrokerAccount_page_version_update" AFTER UPDATE ON "BrokerAccount" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "member_page_version_for_rows"();
CREATE TRIGGER "BrokerAccount_page_version_delete" AFTER DELETE ON "BrokerAccount" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "member_page_version_for_rows"();

CREATE TRIGGER "Setup_page_version_insert" AFTER INSERT ON "Setup" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "member_page_version_for_rows"();
CREATE TRIGGER "Setup_page_version_update" AFTER UPDATE ON "Setup" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "member_page_version_for_rows"();
CREATE TRIGGER "Setup_page_version_delete" AFTER DELETE ON "Setup" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "member_page_version_for_rows"();

CREATE TRIGGER "Trade_page_version_insert" AFTER INSERT ON "Trade" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "member_page_version_for_rows"();
CREATE TRIGGER "Trade_page_version_update" AFTER UPDATE ON "Trade" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "member_page_version_for_rows"();
CREATE TRIGGER "Trade_page_version_delete" AFTER DELETE ON "Trade" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "member_page_version_for_rows"();
