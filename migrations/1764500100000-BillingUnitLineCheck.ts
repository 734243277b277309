import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * billing.billed_unit.line_id → billing.invoice_line(id), checked once per statement instead of once
 * per row. A billing run writes one billed unit per unit (1,000,000 for 50,000 families × 20 days):
 * the foreign key's row trigger looked each one up in invoice_line (~3.5 µs a row, a third of
 * writing them); the statement triggers below check the distinct lines of all the rows a statement
 * wrote, in one query. Same guarantee: a billed unit names an existing line (error 23503, like the
 * foreign key), and a line that billed units name cannot be deleted or have its id changed. Not
 * covered, unlike the foreign key: TRUNCATE of invoice_line alone (only the bench truncates, all
 * the billing tables at once).
 */
export class BillingUnitLineCheck1764500100000 implements MigrationInterface {
  name = 'BillingUnitLineCheck1764500100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE billing.billed_unit DROP CONSTRAINT billed_unit_line_id_fkey`);
    await q.query(`
      CREATE FUNCTION billing.billed_unit_line_exists() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        missing uuid;
      BEGIN
        -- distinct lines first (a run's million units name some 50,000 lines), each locked FOR KEY SHARE as the
        -- foreign key would: a concurrent delete of one waits for this transaction, and one already committed is not found
        WITH named AS (SELECT DISTINCT line_id FROM new_units WHERE line_id IS NOT NULL),
             held AS MATERIALIZED (SELECT l.id FROM billing.invoice_line l JOIN named n ON n.line_id = l.id FOR KEY SHARE OF l)
        SELECT n.line_id INTO missing FROM named n WHERE NOT EXISTS (SELECT 1 FROM held h WHERE h.id = n.line_id) LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'insert or update on table "billed_unit" violates foreign key "billed_unit_line_id_fkey"'
            USING ERRCODE = 'foreign_key_violation', SCHEMA = 'billing', TABLE = 'billed_unit', CONSTRAINT = 'billed_unit_line_id_fkey',
                  DETAIL = format('Key (line_id)=(%s) is not present in table "invoice_line".', missing);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION billing.invoice_line_still_billed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        named uuid;
      BEGIN
        -- never happens in Guichet (lines are not deleted: an invoice is corrected by a credit note), so a scan is fine
        SELECT b.line_id INTO named
        FROM billing.billed_unit b JOIN old_lines o ON o.id = b.line_id
        WHERE NOT EXISTS (SELECT 1 FROM billing.invoice_line l WHERE l.id = b.line_id)
        LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'update or delete on table "invoice_line" violates foreign key "billed_unit_line_id_fkey" on table "billed_unit"'
            USING ERRCODE = 'foreign_key_violation', SCHEMA = 'billing', TABLE = 'invoice_line', CONSTRAINT = 'billed_unit_line_id_fkey',
                  DETAIL = format('Key (id)=(%s) is still referenced from table "billed_unit".', named);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER billed_unit_line_inserted AFTER INSERT ON billing.billed_unit REFERENCING NEW TABLE AS new_units FOR EACH STATEMENT EXECUTE FUNCTION billing.billed_unit_line_exists()`);
    await q.query(`CREATE TRIGGER billed_unit_line_updated AFTER UPDATE ON billing.billed_unit REFERENCING NEW TABLE AS new_units FOR EACH STATEMENT EXECUTE FUNCTION billing.billed_unit_line_exists()`);
    await q.query(`CREATE TRIGGER invoice_line_deleted AFTER DELETE ON billing.invoice_line REFERENCING OLD TABLE AS old_lines FOR EACH STATEMENT EXECUTE FUNCTION billing.invoice_line_still_billed()`);
    await q.query(`CREATE TRIGGER invoice_line_updated AFTER UPDATE ON billing.invoice_line REFERENCING OLD TABLE AS old_lines FOR EACH STATEMENT EXECUTE FUNCTION billing.invoice_line_still_billed()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER invoice_line_updated ON billing.invoice_line`);
    await q.query(`DROP TRIGGER invoice_line_deleted ON billing.invoice_line`);
    await q.query(`DROP TRIGGER billed_unit_line_updated ON billing.billed_unit`);
    await q.query(`DROP TRIGGER billed_unit_line_inserted ON billing.billed_unit`);
    await q.query(`DROP FUNCTION billing.invoice_line_still_billed()`);
    await q.query(`DROP FUNCTION billing.billed_unit_line_exists()`);
    await q.query(`ALTER TABLE billing.billed_unit ADD CONSTRAINT billed_unit_line_id_fkey FOREIGN KEY (line_id) REFERENCES billing.invoice_line (id)`);
  }
}
