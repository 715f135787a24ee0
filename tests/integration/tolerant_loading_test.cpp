// What LinkML accepts, reconcile loads: small defects of real schemas are
// warnings with file:line:col and the DDL is printed; --strict refuses them;
// a class describing a view (sql_definition) is a view, not a table
// instead of becoming a table. Run through the CLI, for both profiles, and
// applied to a real database.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/cli.h"
#include "support/convergence.h"
#include "support/pg_fixture.h"
#include "support/process.h"

namespace reconcile::testing {
namespace {

namespace fs = std::filesystem;

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

// Line numbers below refer to these files.
const std::string kMain =  // line 1
    "id: https://example.org/main\n"
    "name: main\n"
    "prefixes:\n"
    "  linkml: https://w3id.org/linkml/\n"
    "imports:\n"  // 5
    "  - linkml:types\n"
    "  - parts/samples.yaml\n"
    "default_range: string\n"
    "slots:\n"
    "  sample_name:\n"  // 10
    "    is_a: name_of_something\n"
    "    identifier: true\n"
    "  measured_value:\n"
    "    any_of:\n"
    "      range: float\n"  // 15
    "classes:\n"
    "  FieldSample:\n"
    "    slots: [sample_name, measured_value, site]\n"
    "  LandiqRecordView:\n"
    "    description: Denormalized records.\n"  // 20
    "    annotations:\n"
    "      sql_schema: views\n"
    "      materialized: true\n"
    "      sql_definition: >\n"
    "        SELECT 1 AS record_id\n"  // 25
    "    attributes:\n"
    "      record_id:\n"
    "        identifier: true\n"
    "        range: integer\n"
    "  ViewUser:\n"  // 30
    "    attributes:\n"
    "      view_row:\n"
    "        range: LandiqRecordView\n";

const std::string kSamples =
    "id: https://example.org/samples\n"
    "name: samples\n"
    "imports:\n"
    "  - linkml:types\n"
    "slots:\n"  // 5
    "  site:\n"
    "    range: string\n";

class TolerantLoading : public PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    write(fs::path(dir_.path()) / "main.yaml", kMain);
    write(fs::path(dir_.path()) / "parts" / "samples.yaml", kSamples);
  }
  TempDir dir_;
};

TEST_F(TolerantLoading, DefectsAreWarningsAndTheDdlIsPrinted) {
  for (const std::string profile : {"native", "linkml"}) {
    GitResult r = reconcile_in(dir_.path(), "--schema main.yaml --profile " + profile + " sql");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("CREATE TABLE"), std::string::npos) << r.out;
    const std::string e = r.err;
    EXPECT_NE(e.find("main.yaml:7:5: warning: import 'parts/samples.yaml' of schema 'main' is "
                     "written with its .yaml suffix; it is read as 'parts/samples' "
                     "[import-with-suffix]"),
              std::string::npos)
        << e;
    EXPECT_NE(e.find("main.yaml:11:11: warning: slot 'sample_name' has is_a 'name_of_something', "
                     "which is not a slot; the parent is ignored"),
              std::string::npos)
        << e;
    EXPECT_NE(e.find("main.yaml:15:7: warning: 'any_of' of slot 'measured_value' is a mapping; it "
                     "is read as a list of that one expression [any-of-not-a-list]"),
              std::string::npos)
        << e;
    EXPECT_EQ(e.find("error"), std::string::npos) << e;
    // The view class is a materialized view, no table; the slot from the
    // suffixed import is a column.
    const std::string view =
        profile == "native" ? "views.landiq_record_view" : "views.\"LandiqRecordView\"";
    EXPECT_NE(r.out.find("CREATE MATERIALIZED VIEW " + view + " AS\nSELECT 1 AS record_id"),
              std::string::npos)
        << r.out;
    EXPECT_EQ(r.out.find("CREATE TABLE " + view), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("site text"), std::string::npos) << r.out;
  }
}

TEST_F(TolerantLoading, StrictRefusesTheWarnings) {
  GitResult r = reconcile_in(dir_.path(), "--strict --schema main.yaml sql");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out.find("CREATE TABLE"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("has warnings (--strict); no DDL printed"), std::string::npos) << r.err;
}

TEST_F(TolerantLoading, AReferenceToAViewIsAPlainColumnAndTheSchemaConverges) {
  std::map<std::string, std::string> files = {{"main.yaml", kMain},
                                              {"parts/samples.yaml", kSamples}};
  for (auto profile : {mapping::Profile::kNative, mapping::Profile::kLinkml}) {
    const std::string db = TestServer::get().create_database("tolerant");
    MappedProject m = map_project(files, "main.yaml", profile);
    ASSERT_FALSE(m.diagnostics.has_errors()) << m.messages();
    EXPECT_TRUE(m.has("reference-to-view") || profile == mapping::Profile::kLinkml) << m.messages();
    ASSERT_TRUE(m.catalog.schemas.count("views"));
    EXPECT_TRUE(m.catalog.schemas.at("views").tables.empty());
    EXPECT_EQ(m.catalog.schemas.at("views").views.size(), 1u);
    const std::string user = profile == mapping::Profile::kNative ? "view_user" : "ViewUser";
    const catalog::Table* t = m.catalog.find_table("public", user);
    ASSERT_TRUE(t);
    EXPECT_TRUE(t->foreign_keys.empty());
    const std::string col = profile == mapping::Profile::kNative ? "view_row_id" : "view_row";
    ASSERT_TRUE(t->find_column(col)) << col;
    EXPECT_EQ(t->find_column(col)->type, "integer");
    Convergence c = apply_to_database(db, m.catalog);
    EXPECT_TRUE(c.again.empty()) << c.again.up_sql();
    TestServer::get().drop_database(db.substr(db.rfind('/') + 1));
  }
}

}  // namespace
}  // namespace reconcile::testing
