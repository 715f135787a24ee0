// The LinkML loader: every construct read into the model, import resolution,
// closure order and merge precedence (linkml-mapping §1).
#include "linkml/loader.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "linkml/builtin_types.h"
#include "util/source_reader.h"

namespace reconcile::linkml {
namespace {

std::string data_dir() {
  return std::string(RECONCILE_SOURCE_DIR) + "/tests/data/linkml";
}

template <typename T>
std::vector<std::string> names(const Ordered<T>& o) {
  std::vector<std::string> out;
  for (const auto& [n, x] : o) out.push_back(n);
  return out;
}

std::string all_diagnostics(const Diagnostics& d) {
  std::string s;
  for (const auto& x : d.sorted()) s += x.to_string() + "\n";
  return s;
}

LoadResult load_inline(const std::string& yaml, const LoadOptions& options = {}) {
  MemorySourceReader reader({{"schema.yaml", yaml}});
  return load_schema(reader, "schema.yaml", options);
}

class ConstructsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    FileSourceReader reader;
    result_ = new LoadResult(load_schema(reader, data_dir() + "/constructs.yaml"));
  }
  static void TearDownTestSuite() { delete result_; }
  const SchemaDefinition& schema() const { return result_->schema; }
  static LoadResult* result_;
};
LoadResult* ConstructsTest::result_ = nullptr;

TEST_F(ConstructsTest, LoadsWithoutDiagnostics) {
  EXPECT_TRUE(result_->diagnostics.items().empty()) << all_diagnostics(result_->diagnostics);
}

TEST_F(ConstructsTest, SchemaHeader) {
  EXPECT_EQ(schema().name, "constructs");
  EXPECT_EQ(schema().id, "https://example.org/constructs");
  ASSERT_TRUE(schema().default_range);
  EXPECT_EQ(*schema().default_range, "string");
  ASSERT_TRUE(schema().default_prefix);
  EXPECT_EQ(*schema().default_prefix, "ex");
  ASSERT_TRUE(schema().prefixes.find("ex"));
  EXPECT_EQ(*schema().prefixes.find("ex"), "https://example.org/");
  ASSERT_TRUE(schema().annotations.find("owner"));
  EXPECT_EQ(schema().annotations.find("owner")->scalar, "data-team");
  // The root module is last; linkml:types comes before it.
  ASSERT_EQ(schema().modules.size(), 2u);
  EXPECT_TRUE(schema().modules[0].builtin);
  EXPECT_EQ(schema().modules[1].name, "constructs");
  EXPECT_EQ(schema().modules[1].imports, std::vector<std::string>{"linkml:types"});
}

TEST_F(ConstructsTest, ClassesKeepYamlOrderAndFlags) {
  EXPECT_EQ(names(schema().classes),
            (std::vector<std::string>{"NamedThing", "HasAliases", "Person", "Quantity", "Empty"}));
  const ClassDefinition* nt = schema().classes.find("NamedThing");
  ASSERT_TRUE(nt);
  EXPECT_EQ(nt->abstract, std::optional<bool>(true));
  EXPECT_FALSE(nt->mixin.has_value());  // unset, not false
  EXPECT_EQ(nt->slots, (std::vector<std::string>{"id", "name"}));
  ASSERT_EQ(nt->slot_locations.size(), 2u);
  EXPECT_EQ(nt->slot_locations[1].line, nt->slot_locations[0].line + 1);

  const ClassDefinition* p = schema().classes.find("Person");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->is_a, std::optional<std::string>("NamedThing"));
  EXPECT_EQ(p->mixins, std::vector<std::string>{"HasAliases"});
  EXPECT_EQ(p->tree_root, std::optional<bool>(true));
  EXPECT_EQ(p->description, std::optional<std::string>("A person"));
  EXPECT_EQ(p->slots, (std::vector<std::string>{"age_in_years", "status", "friends"}));
  EXPECT_EQ(names(p->attributes), (std::vector<std::string>{"nickname", "email"}));
  EXPECT_EQ(p->attributes.find("email")->required, std::optional<bool>(true));
  EXPECT_EQ(p->from_schema, "https://example.org/constructs");
  EXPECT_EQ(schema().classes.find("HasAliases")->mixin, std::optional<bool>(true));

  const ClassDefinition* empty = schema().classes.find("Empty");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->slots.empty());
  EXPECT_TRUE(empty->attributes.empty());
}

TEST_F(ConstructsTest, SlotUsageIsPartial) {
  const ClassDefinition* p = schema().classes.find("Person");
  const SlotDefinition* u = p->slot_usage.find("name");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->required, std::optional<bool>(false));
  EXPECT_EQ(u->pattern, std::optional<std::string>("^\\S+$"));
  EXPECT_FALSE(u->range.has_value());
  EXPECT_FALSE(u->description.has_value());
}

TEST_F(ConstructsTest, UniqueKeys) {
  const ClassDefinition* p = schema().classes.find("Person");
  EXPECT_EQ(names(p->unique_keys), (std::vector<std::string>{"email_key", "name_age"}));
  EXPECT_EQ(p->unique_keys.find("email_key")->slots, std::vector<std::string>{"email"});
  const UniqueKey* na = p->unique_keys.find("name_age");
  EXPECT_EQ(na->slots, (std::vector<std::string>{"name", "age_in_years"}));
  EXPECT_EQ(na->consider_nulls_inequal, std::optional<bool>(true));
}

TEST_F(ConstructsTest, ClassAnnotations) {
  const ClassDefinition* p = schema().classes.find("Person");
  // {tag: index, value: {name: [cols]}} reads as a map of index name -> columns.
  const AnnotationValue* index = p->annotations.find("index");
  ASSERT_TRUE(index);
  EXPECT_TRUE(index->is_map);
  ASSERT_EQ(index->map.size(), 1u);
  EXPECT_EQ(index->map[0].first, "name_idx");
  EXPECT_EQ(index->map[0].second, (std::vector<std::string>{"name", "age_in_years"}));
  const AnnotationValue* table = p->annotations.find("sql_table");
  ASSERT_TRUE(table);
  EXPECT_FALSE(table->is_list || table->is_map);
  EXPECT_EQ(table->scalar, "people");
  const AnnotationValue* colours = p->annotations.find("colours");
  ASSERT_TRUE(colours);
  EXPECT_TRUE(colours->is_list);
  EXPECT_EQ(colours->list, (std::vector<std::string>{"red", "green"}));
}

TEST_F(ConstructsTest, SlotFields) {
  const auto& slots = schema().slots;
  EXPECT_EQ(names(slots).front(), "id");
  EXPECT_EQ(slots.find("id")->identifier, std::optional<bool>(true));
  EXPECT_EQ(slots.find("id")->range, std::optional<std::string>("uriorcurie"));
  EXPECT_EQ(slots.find("name")->required, std::optional<bool>(true));  // `yes`
  EXPECT_EQ(slots.find("name")->description, std::optional<std::string>("a human-readable name"));
  EXPECT_FALSE(slots.find("name")->multivalued.has_value());
  EXPECT_EQ(slots.find("aliases")->multivalued, std::optional<bool>(true));  // `True`
  EXPECT_EQ(slots.find("aliases")->singular_name, std::optional<std::string>("alias"));
  const SlotDefinition* age = slots.find("age_in_years");
  EXPECT_EQ(age->alias, std::optional<std::string>("age"));
  EXPECT_EQ(age->minimum_value, std::optional<std::string>("0"));
  EXPECT_EQ(age->maximum_value, std::optional<std::string>("199.5"));  // numbers as written
  EXPECT_EQ(slots.find("code")->key, std::optional<bool>(true));
  EXPECT_EQ(slots.find("code")->pattern, std::optional<std::string>("^[A-Z]{3}$"));
  EXPECT_EQ(slots.find("status")->ifabsent, std::optional<std::string>("string(active)"));
  EXPECT_EQ(slots.find("tags")->inlined, std::optional<bool>(false));
  EXPECT_EQ(slots.find("tags")->inlined_as_list, std::optional<bool>(false));  // `no`
  EXPECT_EQ(slots.find("friends")->inlined_as_list, std::optional<bool>(true));
  EXPECT_EQ(slots.find("measure")->any_of_ranges,
            (std::vector<std::string>{"integer", "Quantity"}));
  EXPECT_FALSE(slots.find("measure")->range.has_value());
  const SlotDefinition* child = slots.find("child_name");
  EXPECT_EQ(child->is_a, std::optional<std::string>("name"));
  EXPECT_EQ(child->mixins, std::vector<std::string>{"named_thing_slot"});
  const SlotDefinition* nts = slots.find("named_thing_slot");
  EXPECT_EQ(nts->mixin, std::optional<bool>(true));
  EXPECT_EQ(nts->abstract, std::optional<bool>(false));
  EXPECT_EQ(nts->domain, std::optional<std::string>("NamedThing"));
  ASSERT_TRUE(nts->annotations.find("shared"));
  EXPECT_EQ(nts->annotations.find("shared")->scalar, "true");
}

TEST_F(ConstructsTest, PositionsAreOneBased) {
  // `  id:` is the first slot: line 14, column 3 of constructs.yaml.
  const SlotDefinition* id = schema().slots.find("id");
  EXPECT_EQ(id->where.line, 14);
  EXPECT_EQ(id->where.column, 3);
  EXPECT_NE(id->where.file.find("constructs.yaml"), std::string::npos);
  // The value of `range:` two lines below, column 12.
  SourceLocation r = where_of(*id, "range");
  EXPECT_EQ(r.line, 16);
  EXPECT_EQ(r.column, 12);
  // A key that was not written falls back to the element.
  EXPECT_EQ(where_of(*id, "pattern"), id->where);
}

TEST_F(ConstructsTest, TypesWithTypeofChains) {
  // Root types first, then the built-in ones from linkml:types.
  std::vector<std::string> n = names(schema().types);
  ASSERT_GE(n.size(), 3u + builtin_types().size());
  EXPECT_EQ((std::vector<std::string>(n.begin(), n.begin() + 4)),
            (std::vector<std::string>{"Year", "AnnoYear", "Money", "string"}));
  const TypeDefinition* year = schema().types.find("Year");
  EXPECT_EQ(year->typeof_, std::optional<std::string>("integer"));
  EXPECT_FALSE(year->base.has_value());
  EXPECT_EQ(year->minimum_value, std::optional<std::string>("1900"));
  EXPECT_FALSE(year->builtin);
  EXPECT_EQ(schema().types.find("AnnoYear")->typeof_, std::optional<std::string>("Year"));
  const TypeDefinition* money = schema().types.find("Money");
  EXPECT_EQ(money->base, std::optional<std::string>("Decimal"));
  EXPECT_EQ(money->uri, std::optional<std::string>("xsd:decimal"));
  EXPECT_EQ(money->repr, std::optional<std::string>("str"));
}

TEST_F(ConstructsTest, Enums) {
  EXPECT_EQ(names(schema().enums),
            (std::vector<std::string>{"Status", "Shape", "Numbers", "Dynamic"}));
  const EnumDefinition* status = schema().enums.find("Status");
  EXPECT_EQ(status->description, std::optional<std::string>("life cycle"));
  EXPECT_EQ(names(status->permissible_values),
            (std::vector<std::string>{"active", "retired", "it's"}));
  const PermissibleValue* active = status->permissible_values.find("active");
  EXPECT_EQ(active->description, std::optional<std::string>("in use"));
  EXPECT_EQ(active->meaning, std::optional<std::string>("ex:Active"));
  EXPECT_FALSE(status->dynamic);
  // List form.
  EXPECT_EQ(names(schema().enums.find("Shape")->permissible_values),
            (std::vector<std::string>{"circle", "square"}));
  // Numeric keys stay as written.
  EXPECT_EQ(names(schema().enums.find("Numbers")->permissible_values),
            (std::vector<std::string>{"1", "2.50"}));
  const EnumDefinition* dyn = schema().enums.find("Dynamic");
  EXPECT_TRUE(dyn->dynamic);
  EXPECT_TRUE(dyn->permissible_values.empty());
}

TEST(BuiltinTypes, TableMatchesLinkmlTypes) {
  EXPECT_EQ(builtin_types().size(), 19u);
  const BuiltinType* b = find_builtin_type("boolean");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->base, "Bool");
  EXPECT_EQ(b->uri, "xsd:boolean");
  EXPECT_EQ(b->repr, "bool");
  EXPECT_EQ(find_builtin_type("datetime")->uri, "xsd:dateTime");
  EXPECT_EQ(find_builtin_type("datetime")->base, "XSDDateTime");
  EXPECT_EQ(find_builtin_type("date_or_datetime")->base, "str");
  EXPECT_EQ(find_builtin_type("objectidentifier")->uri, "shex:iri");
  EXPECT_EQ(find_builtin_type("integer")->repr, "");
  EXPECT_EQ(find_builtin_type("Integer"), nullptr);
}

TEST(Loader, BuiltinTypesNeedNoFile) {
  LoadResult r = load_inline(
      "id: https://x.org/s\nname: s\nimports: [linkml:types]\n"
      "classes:\n  A:\n    attributes:\n      n:\n        range: integer\n");
  EXPECT_TRUE(r.diagnostics.items().empty()) << all_diagnostics(r.diagnostics);
  const TypeDefinition* integer = r.schema.types.find("integer");
  ASSERT_TRUE(integer);
  EXPECT_TRUE(integer->builtin);
  EXPECT_EQ(integer->base, std::optional<std::string>("int"));
  EXPECT_EQ(integer->from_schema, "https://w3id.org/linkml/types");
}

TEST(Loader, BooleansInAllSpellings) {
  LoadResult r = load_inline(
      "id: https://x.org/s\nname: s\nslots:\n"
      "  a: {required: true}\n  b: {required: True}\n  c: {required: yes}\n"
      "  d: {required: no}\n  e: {required: false}\n  f: {required: FALSE}\n  g: {required: on}\n"
      "  h: {required: 1}\n  i: {required: 0}\n");
  EXPECT_TRUE(r.diagnostics.items().empty()) << all_diagnostics(r.diagnostics);
  const auto& s = r.schema.slots;
  EXPECT_EQ(s.find("a")->required, std::optional<bool>(true));
  EXPECT_EQ(s.find("b")->required, std::optional<bool>(true));
  EXPECT_EQ(s.find("c")->required, std::optional<bool>(true));
  EXPECT_EQ(s.find("d")->required, std::optional<bool>(false));
  EXPECT_EQ(s.find("e")->required, std::optional<bool>(false));
  EXPECT_EQ(s.find("f")->required, std::optional<bool>(false));
  EXPECT_EQ(s.find("g")->required, std::optional<bool>(true));
  // LinkML's Bool also reads 1 and 0.
  EXPECT_EQ(s.find("h")->required, std::optional<bool>(true));
  EXPECT_EQ(s.find("i")->required, std::optional<bool>(false));
}

TEST(Loader, EmptyBodiesAndNullValues) {
  LoadResult r = load_inline(
      "id: https://x.org/s\nname: s\nclasses:\n  A:\n  B: {}\nslots:\n  x:\n    range:\n"
      "enums:\n  E:\n    permissible_values:\n      red:\n      green: {}\n");
  EXPECT_TRUE(r.diagnostics.items().empty()) << all_diagnostics(r.diagnostics);
  EXPECT_EQ(names(r.schema.classes), (std::vector<std::string>{"A", "B"}));
  EXPECT_FALSE(r.schema.slots.find("x")->range.has_value());
  EXPECT_EQ(names(r.schema.enums.find("E")->permissible_values),
            (std::vector<std::string>{"red", "green"}));
}

TEST(Loader, AnnotationForms) {
  LoadResult r = load_inline(
      "id: https://x.org/s\nname: s\nclasses:\n  A:\n    annotations:\n"
      "      plain: v1\n"
      "      tagged: {tag: tagged, value: v2}\n"
      "      number: 1000\n"
      "      listed: [a, b]\n"
      "      index:\n        ix_one: [c1, c2]\n        ix_two: c3\n"
      "      tagged_list:\n        tag: tagged_list\n        value: [x, y]\n");
  EXPECT_TRUE(r.diagnostics.items().empty()) << all_diagnostics(r.diagnostics);
  const auto& a = r.schema.classes.find("A")->annotations;
  EXPECT_EQ(names(a), (std::vector<std::string>{"plain", "tagged", "number", "listed", "index",
                                                "tagged_list"}));
  EXPECT_EQ(a.find("plain")->scalar, "v1");
  EXPECT_EQ(a.find("tagged")->scalar, "v2");
  EXPECT_EQ(a.find("number")->scalar, "1000");
  EXPECT_EQ(a.find("listed")->list, (std::vector<std::string>{"a", "b"}));
  const AnnotationValue* index = a.find("index");
  ASSERT_TRUE(index->is_map);
  ASSERT_EQ(index->map.size(), 2u);
  EXPECT_EQ(index->map[0],
            (std::pair<std::string, std::vector<std::string>>{"ix_one", {"c1", "c2"}}));
  EXPECT_EQ(index->map[1], (std::pair<std::string, std::vector<std::string>>{"ix_two", {"c3"}}));
  EXPECT_TRUE(a.find("tagged_list")->is_list);
  EXPECT_EQ(a.find("tagged_list")->list, (std::vector<std::string>{"x", "y"}));
}

TEST(Loader, SingleValueWhereListExpected) {
  LoadResult r = load_inline(
      "id: https://x.org/s\nname: s\nimports: linkml:types\nclasses:\n  M:\n    mixin: true\n"
      "  A:\n    mixins: M\n    slots: x\nslots:\n  x:\n");
  EXPECT_TRUE(r.diagnostics.items().empty()) << all_diagnostics(r.diagnostics);
  EXPECT_EQ(r.schema.classes.find("A")->mixins, std::vector<std::string>{"M"});
  EXPECT_EQ(r.schema.classes.find("A")->slots, std::vector<std::string>{"x"});
  EXPECT_TRUE(r.schema.types.contains("string"));
}

TEST(Loader, ExplicitFromSchemaIsKept) {
  LoadResult r = load_inline(
      "id: https://x.org/s\nname: s\nclasses:\n  A:\n    from_schema: https://other.org/o\n  B:\n");
  EXPECT_EQ(r.schema.classes.find("A")->from_schema, "https://other.org/o");
  EXPECT_EQ(r.schema.classes.find("B")->from_schema, "https://x.org/s");
}

// The docstring example of SchemaView.imports_closure.
TEST(Imports, ClosureOrderIsDeepestFirstRootLast) {
  auto module = [](const std::string& name, std::vector<std::string> imports) {
    std::string y = "id: https://x.org/" + name + "\nname: " + name + "\n";
    if (!imports.empty()) {
      y += "imports:\n";
      for (const auto& i : imports) y += "  - " + i + "\n";
    }
    y += "classes:\n  C_" + name + ":\n";
    return y;
  };
  MemorySourceReader reader({{"main.yaml", module("main", {"s1", "s2"})},
                             {"s1.yaml", module("s1", {"s1_1", "s1_2"})},
                             {"s1_1.yaml", module("s1_1", {})},
                             {"s1_2.yaml", module("s1_2", {"s1_2_1", "s1_2_2"})},
                             {"s1_2_1.yaml", module("s1_2_1", {})},
                             {"s1_2_2.yaml", module("s1_2_2", {})},
                             {"s2.yaml", module("s2", {"s2_1", "s2_2"})},
                             {"s2_1.yaml", module("s2_1", {})},
                             {"s2_2.yaml", module("s2_2", {})}});
  LoadResult r = load_schema(reader, "main.yaml");
  EXPECT_TRUE(r.diagnostics.items().empty()) << all_diagnostics(r.diagnostics);
  std::vector<std::string> modules;
  for (const auto& m : r.schema.modules) modules.push_back(m.name);
  EXPECT_EQ(modules, (std::vector<std::string>{"s1_1", "s1_2_1", "s1_2_2", "s1_2", "s1", "s2_1",
                                               "s2_2", "s2", "main"}));
  // Root elements first, then imported ones in closure order.
  EXPECT_EQ(names(r.schema.classes),
            (std::vector<std::string>{"C_main", "C_s1_1", "C_s1_2_1", "C_s1_2_2", "C_s1_2", "C_s1",
                                      "C_s2_1", "C_s2_2", "C_s2"}));
}

TEST(Imports, SharedImportLoadsOnce) {
  MemorySourceReader reader(
      {{"main.yaml", "id: https://x.org/m\nname: main\nimports: [a, b]\n"},
       {"a.yaml", "id: https://x.org/a\nname: a\nimports: [common]\n"},
       {"b.yaml", "id: https://x.org/b\nname: b\nimports: [common]\n"},
       {"common.yaml", "id: https://x.org/c\nname: common\nclasses:\n  X:\n"}});
  LoadResult r = load_schema(reader, "main.yaml");
  EXPECT_TRUE(r.diagnostics.items().empty()) << all_diagnostics(r.diagnostics);
  std::vector<std::string> modules;
  for (const auto& m : r.schema.modules) modules.push_back(m.name);
  EXPECT_EQ(modules, (std::vector<std::string>{"common", "a", "b", "main"}));
}

TEST(Imports, RootWinsThenFirstInClosureOrder) {
  MemorySourceReader reader(
      {{"main.yaml",
        "id: https://x.org/m\nname: main\nimports: [a, b]\nclasses:\n  Shared:\n"
        "    description: root\nenums:\n  E:\n    permissible_values: [root]\n"},
       {"a.yaml",
        "id: https://x.org/a\nname: a\nclasses:\n  Shared:\n    description: from a\n"
        "  Twice:\n    description: from a\nenums:\n  E:\n    permissible_values: [a]\n"},
       {"b.yaml", "id: https://x.org/b\nname: b\nclasses:\n  Twice:\n    description: from b\n"}});
  LoadResult r = load_schema(reader, "main.yaml");
  EXPECT_EQ(r.schema.classes.find("Shared")->description, std::optional<std::string>("root"));
  EXPECT_EQ(r.schema.classes.find("Shared")->from_schema, "https://x.org/m");
  // Closure order is [a, b, main] (a is pushed first, so popped and
  // prepended last): a's definition wins over b's.
  EXPECT_EQ(r.schema.classes.find("Twice")->description, std::optional<std::string>("from a"));
  EXPECT_EQ(names(r.schema.enums.find("E")->permissible_values), std::vector<std::string>{"root"});
  EXPECT_EQ(names(r.schema.classes), (std::vector<std::string>{"Shared", "Twice"}));
}

TEST(Imports, DefaultRangeComesFromTheRoot) {
  MemorySourceReader reader({{"main.yaml", "id: https://x.org/m\nname: main\nimports: [a]\n"},
                             {"a.yaml",
                              "id: https://x.org/a\nname: a\nimports: [linkml:types]\n"
                              "default_range: integer\n"}});
  LoadResult r = load_schema(reader, "main.yaml");
  EXPECT_FALSE(r.schema.default_range.has_value());
  ASSERT_EQ(r.schema.modules.size(), 3u);
  EXPECT_EQ(r.schema.modules[1].default_range, std::optional<std::string>("integer"));
}

TEST(Imports, NestedFoldersAndParentDirectories) {
  FileSourceReader reader;
  LoadResult r = load_schema(reader, data_dir() + "/nested/app/main.yaml");
  EXPECT_TRUE(r.diagnostics.items().empty()) << all_diagnostics(r.diagnostics);
  std::vector<std::string> modules;
  for (const auto& m : r.schema.modules) modules.push_back(m.name);
  // main imports [linkml:types, ../core/base, local]; base imports `types`,
  // which is rewritten to ../core/types (relative to base, not to main).
  EXPECT_EQ(modules, (std::vector<std::string>{"types", "core_types", "base", "local", "main"}));
  EXPECT_TRUE(r.schema.types.contains("Size"));
  EXPECT_FALSE(r.schema.types.contains("WrongType"));
  EXPECT_EQ(names(r.schema.classes), (std::vector<std::string>{"App", "CoreThing", "Local"}));
  EXPECT_EQ(r.schema.modules[1].key, "../core/types");
  EXPECT_NE(r.schema.classes.find("CoreThing")->where.file.find("nested/core/base.yaml"),
            std::string::npos);
}

// Regression: expanding a module's imports appends the imported modules to
// the loader's module list; the importing module's key was read through a
// reference into that list after it had grown (a heap-use-after-free that
// AddressSanitizer reports on the first import graph with two imports, and
// that crashed release builds on large graphs whose keys are long). Modules
// in several folders reach the same files by different relative paths.
TEST(Imports, ImportsResolvedWhileTheModuleListGrows) {
  std::map<std::string, std::string> files;
  auto module = [&](const std::string& path, const std::string& name,
                    const std::vector<std::string>& imports) {
    std::string y =
        "id: https://x.org/" + name + "\nname: " + name + "\nimports:\n  - linkml:types\n";
    for (const auto& i : imports) y += "  - " + i + "\n";
    y += "slots:\n  created_at:\n    range: datetime\n  note_text:\n    range: string\n";
    y += "classes:\n  C_" + name + ":\n    slots: [created_at, note_text]\n";
    files[path] = y;
  };
  std::vector<std::string> root_imports = {"modules/core/base_entity_definitions"};
  module("modules/core/base_entity_definitions.yaml", "base_entity_definitions", {});
  module("modules/core/lookup_base_definitions.yaml", "lookup_base_definitions",
         {"base_entity_definitions"});
  const int kFolders = 6, kPerFolder = 8;
  for (int f = 0; f < kFolders; ++f) {
    for (int i = 0; i < kPerFolder; ++i) {
      const std::string folder = "folder_number_" + std::to_string(f);
      const std::string name = folder + "_module_number_" + std::to_string(i);
      std::vector<std::string> imports = {"../core/base_entity_definitions",
                                          "../core/lookup_base_definitions"};
      if (i > 0) imports.push_back(folder + "_module_number_" + std::to_string(i - 1));
      if (f > 0) {
        // The same file by another relative path, from another folder.
        const std::string other = "folder_number_" + std::to_string(f - 1);
        imports.push_back("../" + other + "/" + other + "_module_number_" + std::to_string(i));
      }
      imports.push_back("../" + folder + "/" + name + "_sibling");
      module("modules/" + folder + "/" + name + ".yaml", name, imports);
      module("modules/" + folder + "/" + name + "_sibling.yaml", name + "_sibling", {});
      root_imports.push_back("modules/" + folder + "/" + name);
    }
  }
  module("main.yaml", "main", root_imports);
  MemorySourceReader reader(files);
  LoadResult r = load_schema(reader, "main.yaml");
  EXPECT_TRUE(r.diagnostics.items().empty()) << all_diagnostics(r.diagnostics);
  // Every file once, plus linkml:types.
  std::set<std::string> paths;
  for (const auto& m : r.schema.modules) EXPECT_TRUE(paths.insert(m.path).second) << m.path;
  EXPECT_EQ(r.schema.modules.size(), files.size() + 1);
  EXPECT_EQ(r.schema.classes.size(), files.size());
  // Keys are the import paths normalized against the importing module.
  std::set<std::string> keys;
  for (const auto& m : r.schema.modules) keys.insert(m.key);
  EXPECT_TRUE(keys.count("modules/core/lookup_base_definitions"));
  EXPECT_TRUE(keys.count("modules/folder_number_2/folder_number_2_module_number_3_sibling"));
  EXPECT_EQ(r.schema.modules.back().name, "main");
  EXPECT_EQ(r.schema.modules.front().name, "types");
}

TEST(Imports, ImportMapByPrefixAndByName) {
  MemorySourceReader reader(
      {{"schemas/main.yaml",
        "id: https://x.org/m\nname: main\nimports: [ext:things, linkml:types, special]\n"},
       {"vendor/ext/things.yaml", "id: https://x.org/t\nname: things\nclasses:\n  Thing:\n"},
       {"schemas/elsewhere/special_file.yaml",
        "id: https://x.org/s\nname: special\nclasses:\n  Special:\n"},
       {"lm/types.yaml",
        "id: https://w3id.org/linkml/types\nname: types\ntypes:\n  string:\n    base: str\n"}});
  LoadOptions options;
  options.import_map["ext:"] = "../vendor/ext";  // relative to the entry file's folder
  options.import_map["special"] = "elsewhere/special_file";
  options.import_map["linkml:"] = "/lm";
  LoadResult r = load_schema(reader, "schemas/main.yaml", options);
  // /lm is absolute and not in the reader: the linkml: map is honoured, so
  // linkml:types is looked for there (and not found), not built in.
  ASSERT_EQ(r.diagnostics.items().size(), 1u) << all_diagnostics(r.diagnostics);
  EXPECT_EQ(r.diagnostics.items()[0].code, "unresolved-import");
  EXPECT_TRUE(r.schema.classes.contains("Thing"));
  EXPECT_TRUE(r.schema.classes.contains("Special"));

  options.import_map["linkml:"] = "../lm";
  LoadResult r2 = load_schema(reader, "schemas/main.yaml", options);
  EXPECT_TRUE(r2.diagnostics.items().empty()) << all_diagnostics(r2.diagnostics);
  ASSERT_TRUE(r2.schema.types.find("string"));
  EXPECT_TRUE(r2.schema.types.find("string")->builtin);  // types.yaml from the map
  EXPECT_EQ(r2.schema.types.size(), 1u);
}

TEST(Imports, LinkmlMappingsIsSkippedWithAWarning) {
  LoadResult r = load_inline(
      "id: https://x.org/s\nname: s\nimports:\n  - linkml:types\n  - linkml:mappings\n");
  ASSERT_EQ(r.diagnostics.items().size(), 1u);
  const Diagnostic& d = r.diagnostics.items()[0];
  EXPECT_EQ(d.code, "linkml-import-skipped");
  EXPECT_EQ(d.severity, Severity::kWarning);
  EXPECT_FALSE(r.diagnostics.has_errors());
}

TEST(FileSourceReader, ReadsRelativeToRootAndReportsMissing) {
  FileSourceReader reader(data_dir());
  auto text = reader.read("nested/core/types.yaml");
  ASSERT_TRUE(text);
  EXPECT_NE(text->find("core_types"), std::string::npos);
  EXPECT_FALSE(reader.read("nested/core/absent.yaml"));
  EXPECT_FALSE(reader.read("nested/core"));  // a folder is not a file
  EXPECT_TRUE(FileSourceReader("/nonexistent").read(data_dir() + "/constructs.yaml"));
  EXPECT_EQ(reader.describe(), "worktree");
}

}  // namespace
}  // namespace reconcile::linkml
