// The linkml profile predicts the names PostgreSQL gives LinkML's unnamed
// constraints and SERIAL sequences (ChooseConstraintName /
// ChooseRelationName: truncation, then 1, 2, ... appended when the name is
// taken in the schema, in creation order), so that a database built from
// LinkML's own DDL is adopted without dropping and re-adding anything.
//
// The DDL below is written the way LinkML's gen-sqltables prints it for the
// schema beside it (linkml-mapping §3): unnamed PRIMARY KEY and FOREIGN KEY
// clauses, SERIAL integer keys, ix_ indexes (SQLAlchemy-truncated), tables
// in create_all order, and the foreign keys of a cycle as ALTER TABLE
// statements at the end (sorted, as in ../shared/fixtures).
#include <gtest/gtest.h>

#include "core/plan/plan_output.h"
#include "core/plan/planner.h"
#include "support/convergence.h"
#include "support/pg_fixture.h"

namespace reconcile::testing {
namespace {

const std::string kSchema = R"yaml(id: https://example.org/adopt
name: adopt
prefixes:
  linkml: https://w3id.org/linkml/
imports:
  - linkml:types
default_range: string
classes:
  Organization:
    attributes:
      id: {identifier: true}
      head_department: {range: DepartmentOfLaboratoryOperations}
  DepartmentOfLaboratoryOperations:
    attributes:
      id: {identifier: true}
      organization_membership_reference_current: {range: Organization}
      organization_membership_reference_previous: {range: Organization}
  long_table_name_number_one_for_sequences:
    attributes:
      identifier_column_of_the_first_long_table: {identifier: true, range: integer}
  long_table_name_number_one_for_sequences_two:
    attributes:
      identifier_column_of_the_first_long_table_two: {identifier: true, range: integer}
  LaboratorySampleProcessingEventRecord:
    attributes:
      id: {identifier: true}
      responsible_organization_reference_primary: {range: Organization}
      responsible_organization_reference_secondary: {range: Organization}
)yaml";

// Organization and DepartmentOfLaboratoryOperations reference each other:
// their foreign keys come last. The two sequence tables come before
// LaboratorySampleProcessingEventRecord, which waits for Organization.
const std::string kLinkmlDdl = R"sql(
CREATE TABLE "Organization" (
	id TEXT NOT NULL,
	head_department TEXT,
	PRIMARY KEY (id)
);
CREATE INDEX "ix_Organization_id" ON "Organization" (id);

CREATE TABLE "DepartmentOfLaboratoryOperations" (
	id TEXT NOT NULL,
	organization_membership_reference_current TEXT,
	organization_membership_reference_previous TEXT,
	PRIMARY KEY (id)
);
CREATE INDEX "ix_DepartmentOfLaboratoryOperations_id" ON "DepartmentOfLaboratoryOperations" (id);

CREATE TABLE long_table_name_number_one_for_sequences (
	identifier_column_of_the_first_long_table SERIAL NOT NULL,
	PRIMARY KEY (identifier_column_of_the_first_long_table)
);
CREATE INDEX ix_long_table_name_number_one_for_sequences_identifier__f1bb ON long_table_name_number_one_for_sequences (identifier_column_of_the_first_long_table);

CREATE TABLE long_table_name_number_one_for_sequences_two (
	identifier_column_of_the_first_long_table_two SERIAL NOT NULL,
	PRIMARY KEY (identifier_column_of_the_first_long_table_two)
);
CREATE INDEX ix_long_table_name_number_one_for_sequences_two_identif_7283 ON long_table_name_number_one_for_sequences_two (identifier_column_of_the_first_long_table_two);

CREATE TABLE "LaboratorySampleProcessingEventRecord" (
	id TEXT NOT NULL,
	responsible_organization_reference_primary TEXT,
	responsible_organization_reference_secondary TEXT,
	PRIMARY KEY (id),
	FOREIGN KEY(responsible_organization_reference_primary) REFERENCES "Organization" (id),
	FOREIGN KEY(responsible_organization_reference_secondary) REFERENCES "Organization" (id)
);
CREATE INDEX "ix_LaboratorySampleProcessingEventRecord_id" ON "LaboratorySampleProcessingEventRecord" (id);
COMMENT ON TABLE "Organization" IS 'None';
COMMENT ON TABLE "DepartmentOfLaboratoryOperations" IS 'None';
COMMENT ON TABLE long_table_name_number_one_for_sequences IS 'None';
COMMENT ON TABLE long_table_name_number_one_for_sequences_two IS 'None';
COMMENT ON TABLE "LaboratorySampleProcessingEventRecord" IS 'None';

ALTER TABLE "DepartmentOfLaboratoryOperations" ADD FOREIGN KEY(organization_membership_reference_current) REFERENCES "Organization" (id);
ALTER TABLE "DepartmentOfLaboratoryOperations" ADD FOREIGN KEY(organization_membership_reference_previous) REFERENCES "Organization" (id);
ALTER TABLE "Organization" ADD FOREIGN KEY(head_department) REFERENCES "DepartmentOfLaboratoryOperations" (id);
)sql";

class LinkmlAdoptionNames : public PgTest {};

TEST_F(LinkmlAdoptionNames, ADatabaseBuiltFromLinkmlsDdlNeedsNoChange) {
  exec_sql(url(), kLinkmlDdl);
  // PostgreSQL numbered the names that collided after truncation (the
  // longer label takes a byte from each part: 28 + 28 bytes for "fkey1").
  EXPECT_EQ(query_value(url(),
                        "SELECT string_agg(conname, ',' ORDER BY conname) FROM "
                        "pg_constraint WHERE conname LIKE '%fkey1'"),
            "DepartmentOfLaboratoryOperat_organization_membership_refe_fkey1,"
            "LaboratorySampleProcessingEv_responsible_organization_ref_fkey1");
  EXPECT_EQ(query_value(url(),
                        "SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class "
                        "WHERE relkind = 'S'"),
            "long_table_name_number_one_fo_identifier_column_of_the_fir_seq1,"
            "long_table_name_number_one_fo_identifier_column_of_the_firs_seq");

  MappedProject m = map_project({{"adopt.yaml", kSchema}}, "adopt.yaml", mapping::Profile::kLinkml);
  ASSERT_FALSE(m.diagnostics.has_errors()) << m.messages();
  const catalog::Catalog db = read_database(url(), m.catalog);
  const plan::Plan p = plan::make_plan(db, m.catalog);
  EXPECT_TRUE(p.empty()) << plan::render_text(p, false, true);
  EXPECT_TRUE(db == m.catalog);
}

}  // namespace
}  // namespace reconcile::testing
