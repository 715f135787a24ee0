// Diagnostics of the LinkML loader: each case's severity, stable code, message
// and 1-based position; formatting; strict mode; and robustness on odd input.
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "linkml/loader.h"
#include "linkml/loader_checks.h"
#include "util/source_reader.h"

namespace reconcile::linkml {
namespace {

const std::string kHeader = "id: https://x.org/s\nname: s\nimports: [linkml:types]\n";

LoadResult load(std::map<std::string, std::string> files, const std::string& entry = "s.yaml",
                const LoadOptions& options = {}) {
  MemorySourceReader reader(std::move(files));
  return load_schema(reader, entry, options);
}
LoadResult load_one(const std::string& yaml) {
  return load({{"s.yaml", yaml}});
}

std::string dump(const Diagnostics& d) {
  std::string s;
  for (const auto& x : d.sorted()) s += x.to_string() + "\n";
  return s;
}

// The only diagnostic with `code`; fails the test if there is not exactly one.
Diagnostic only(const LoadResult& r, const std::string& code) {
  std::vector<Diagnostic> found;
  for (const auto& d : r.diagnostics.items()) {
    if (d.code == code) found.push_back(d);
  }
  EXPECT_EQ(found.size(), 1u) << "code " << code << " in:\n" << dump(r.diagnostics);
  return found.empty() ? Diagnostic{} : found[0];
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

#define EXPECT_CONTAINS(h, n) EXPECT_TRUE(contains((h), (n))) << "in: " << (h)

void expect_at(const Diagnostic& d, const std::string& file, int line, int column) {
  EXPECT_EQ(d.where.file, file) << d.to_string();
  EXPECT_EQ(d.where.line, line) << d.to_string();
  EXPECT_EQ(d.where.column, column) << d.to_string();
}

TEST(DiagnosticFormat, ToStringWithHint) {
  Diagnostic d{Severity::kWarning,
               "unknown-range",
               "range 'Foo' names nothing",
               "define Foo",
               {"s.yaml", 3, 12}};
  EXPECT_EQ(d.to_string(),
            "s.yaml:3:12: warning: range 'Foo' names nothing [unknown-range]\n  hint: define Foo");
  Diagnostic e{Severity::kError, "yaml-syntax", "bad", "", {"a.yaml", 0, 0}};
  EXPECT_EQ(e.to_string(), "a.yaml: error: bad [yaml-syntax]");
}

TEST(DiagnosticFormat, HasErrorsAndStrict) {
  Diagnostics d;
  EXPECT_FALSE(d.has_errors());
  EXPECT_FALSE(d.has_errors(true));
  d.warn("w", "a warning", {"f", 1, 1});
  EXPECT_FALSE(d.has_errors());
  EXPECT_TRUE(d.has_errors(/*strict=*/true));
  d.error("e", "an error", {"f", 2, 1});
  EXPECT_TRUE(d.has_errors());
}

TEST(DiagnosticFormat, SortedByFileLineColumnCode) {
  Diagnostics d;
  d.warn("b", "m", {"b.yaml", 1, 1});
  d.warn("z", "m", {"a.yaml", 2, 5});
  d.warn("a", "m", {"a.yaml", 2, 5});
  d.warn("c", "m", {"a.yaml", 1, 9});
  auto s = d.sorted();
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s[0].code, "c");
  EXPECT_EQ(s[1].code, "a");
  EXPECT_EQ(s[2].code, "z");
  EXPECT_EQ(s[3].code, "b");
}

TEST(Diagnostics, MalformedYaml) {
  LoadResult r = load_one("id: x\nclasses:\n  A:\n    slots: [a, b\n");
  Diagnostic d = only(r, "yaml-syntax");
  EXPECT_EQ(d.severity, Severity::kError);
  EXPECT_CONTAINS(d.message, "malformed YAML");
  EXPECT_CONTAINS(d.message, "end of sequence flow not found");
  expect_at(d, "s.yaml", 5, 1);  // yaml-cpp reports the end of input (0-based 4:0)
  EXPECT_TRUE(r.diagnostics.has_errors());
}

TEST(Diagnostics, TabIndentationIsMalformed) {
  LoadResult r = load_one("classes:\n\tA:\n");
  Diagnostic d = only(r, "yaml-syntax");
  EXPECT_EQ(d.severity, Severity::kError);
  EXPECT_EQ(d.where.line, 2);
  EXPECT_CONTAINS(d.hint, "tabs");
}

TEST(Diagnostics, EmptyFileIsAWarning) {
  for (const std::string text : {"", "\n\n", "# only a comment\n", "---\n"}) {
    LoadResult r = load_one(text);
    ASSERT_EQ(r.diagnostics.items().size(), 1u) << dump(r.diagnostics);
    Diagnostic d = only(r, "empty-schema");
    EXPECT_EQ(d.severity, Severity::kWarning);
    EXPECT_CONTAINS(d.message, "empty");
    expect_at(d, "s.yaml", 1, 1);
    EXPECT_FALSE(r.diagnostics.has_errors());
    EXPECT_TRUE(r.schema.classes.empty());
  }
}

TEST(Diagnostics, NonMappingFileIsAnError) {
  LoadResult r = load_one("- a\n- b\n");
  Diagnostic d = only(r, "not-a-mapping");
  EXPECT_EQ(d.severity, Severity::kError);
  EXPECT_CONTAINS(d.message, "must be a YAML mapping");
  EXPECT_CONTAINS(d.message, "a list");
  expect_at(d, "s.yaml", 1, 1);
  LoadResult r2 = load_one("just a scalar\n");
  EXPECT_EQ(only(r2, "not-a-mapping").severity, Severity::kError);
}

TEST(Diagnostics, UnknownKeysSuggestTheClosestMetamodelKey) {
  LoadResult r = load_one(kHeader +
                          "clases: {}\n"                   // line 4
                          "classes:\n  A:\n    is_A: B\n"  // line 7
                          "    frobnicate: 1\n"            // line 8
                          "  B:\n"
                          "slots:\n  x:\n    requird: true\n"                 // line 12
                          "types:\n  T:\n    typeof: string\n    bse: str\n"  // 16
                          "enums:\n  E:\n    permissible_value: [a]\n");      // 19
  std::vector<Diagnostic> unknown;
  for (const auto& d : r.diagnostics.sorted()) {
    if (d.code == "unknown-key") unknown.push_back(d);
  }
  ASSERT_EQ(unknown.size(), 6u) << dump(r.diagnostics);
  EXPECT_EQ(unknown[0].message, "unknown key 'clases' in schema; did you mean 'classes'?");
  expect_at(unknown[0], "s.yaml", 4, 1);
  EXPECT_EQ(unknown[1].message, "unknown key 'is_A' in class 'A'; did you mean 'is_a'?");
  expect_at(unknown[1], "s.yaml", 7, 5);
  EXPECT_EQ(unknown[2].message, "unknown key 'frobnicate' in class 'A'");
  EXPECT_CONTAINS(unknown[2].hint, "ignored");
  EXPECT_EQ(unknown[3].message, "unknown key 'requird' in slot 'x'; did you mean 'required'?");
  expect_at(unknown[3], "s.yaml", 12, 5);
  EXPECT_EQ(unknown[4].message, "unknown key 'bse' in type 'T'; did you mean 'base'?");
  EXPECT_EQ(unknown[5].message,
            "unknown key 'permissible_value' in enum 'E'; did you mean 'permissible_values'?");
  for (const auto& d : unknown) EXPECT_EQ(d.severity, Severity::kWarning);
  // The misspelled key is ignored: A has no parent.
  EXPECT_FALSE(r.schema.classes.find("A")->is_a.has_value());
}

TEST(Diagnostics, MetamodelKeysWithoutDdlEffectAreAccepted) {
  LoadResult r = load_one(
      kHeader +
      "see_also: [https://x.org]\nlicense: CC0\nversion: 1.0\nsubsets:\n  s1:\n"
      "settings:\n  a: b\ncontributors: [me]\n"
      "classes:\n  A:\n    see_also: [x]\n    exact_mappings: [ex:A]\n    close_mappings: [ex:B]\n"
      "    todos: [t]\n    notes: [n]\n    comments: [c]\n    examples: [{value: v}]\n"
      "    in_subset: [s1]\n    status: testing\n    rank: 1\n    aliases: [a]\n"
      "    deprecated: old\n    conforms_to: x\n    class_uri: ex:A\n    rules: []\n"
      "    title: A thing\n    union_of: []\n"
      "slots:\n  x:\n    slot_uri: ex:x\n    recommended: true\n    mappings: [m]\n"
      "    equals_string: q\n    exact_cardinality: 1\n    inherited: true\n    readonly: r\n"
      "    structured_pattern: {syntax: s}\n    unit: {ucum_code: m}\n    array: {}\n"
      "    slot_group: g\n    values_from: [v]\n    rank: 2\n"
      "enums:\n  E:\n    enum_uri: ex:E\n    permissible_values:\n"
      "      a: {meaning: ex:a, aliases: [aa], is_a: b, rank: 1}\n"
      "types:\n  T:\n    typeof: string\n    exact_mappings: [x]\n    conforms_to: c\n");
  EXPECT_TRUE(r.diagnostics.items().empty()) << dump(r.diagnostics);
}

TEST(Diagnostics, UnresolvedImport) {
  LoadResult r = load({{"s.yaml",
                        "id: https://x.org/s\nname: s\nimports:\n  - linkml:types\n"
                        "  - core/missing\n"}});
  Diagnostic d = only(r, "unresolved-import");
  EXPECT_EQ(d.severity, Severity::kError);
  EXPECT_CONTAINS(d.message, "import 'core/missing' of schema 's' not found");
  EXPECT_CONTAINS(d.message, "core/missing.yaml");
  EXPECT_CONTAINS(d.hint, "without .yaml");
  expect_at(d, "s.yaml", 5, 5);
}

TEST(Diagnostics, MissingEntryFile) {
  LoadResult r = load({}, "nowhere.yaml");
  Diagnostic d = only(r, "missing-file");
  EXPECT_EQ(d.severity, Severity::kError);
  EXPECT_CONTAINS(d.message, "'nowhere.yaml' not found");
}

TEST(Diagnostics, ImportCycleNamesTheChain) {
  LoadResult r =
      load({{"main.yaml", "id: https://x.org/m\nname: main\nimports: [a]\nclasses:\n  M:\n"},
            {"a.yaml", "id: https://x.org/a\nname: a\nimports: [b]\nclasses:\n  A:\n"},
            {"b.yaml", "id: https://x.org/b\nname: b\nimports:\n  - main\nclasses:\n  B:\n"}},
           "main.yaml");
  Diagnostic d = only(r, "import-cycle");
  EXPECT_EQ(d.severity, Severity::kWarning);
  EXPECT_CONTAINS(d.message, "import cycle: main -> a -> b -> main");
  EXPECT_CONTAINS(d.message, "tolerated");
  expect_at(d, "b.yaml", 4, 5);
  EXPECT_FALSE(r.diagnostics.has_errors());
  // Each module is merged once; the root's elements come first.
  ASSERT_EQ(r.schema.classes.size(), 3u);
  EXPECT_EQ(r.schema.classes.begin()->first, "M");
}

TEST(Diagnostics, SelfImport) {
  LoadResult r = load_one("id: https://x.org/s\nname: s\nimports: [s]\n");
  Diagnostic d = only(r, "import-cycle");
  EXPECT_CONTAINS(d.message, "imports itself");
  expect_at(d, "s.yaml", 3, 11);
}

TEST(Diagnostics, UrlImportsAreErrorsThatSuggestAnImportMap) {
  LoadResult r = load_one(
      "id: https://x.org/s\nname: s\nprefixes:\n  ex: https://example.org/schemas/\n"
      "imports:\n  - https://example.org/other\n  - ex:thing\n  - nope:thing\n");
  std::vector<Diagnostic> urls;
  for (const auto& d : r.diagnostics.sorted()) {
    if (d.code == "url-import") urls.push_back(d);
  }
  ASSERT_EQ(urls.size(), 2u) << dump(r.diagnostics);
  EXPECT_EQ(urls[0].severity, Severity::kError);
  EXPECT_CONTAINS(urls[0].message, "import 'https://example.org/other'");
  EXPECT_CONTAINS(urls[0].hint, "import_map");
  expect_at(urls[0], "s.yaml", 6, 5);
  EXPECT_CONTAINS(urls[1].message, "'ex:thing'");
  EXPECT_CONTAINS(urls[1].message, "https://example.org/schemas/thing");
  EXPECT_CONTAINS(urls[1].hint, "\"ex:\"");
  Diagnostic unknown_prefix = only(r, "unresolved-import");
  EXPECT_CONTAINS(unknown_prefix.message, "prefix 'nope' is not declared");
  expect_at(unknown_prefix, "s.yaml", 8, 5);
}

TEST(Diagnostics, OtherLinkmlModulesNeedAnImportMap) {
  LoadResult r = load_one(
      "id: https://x.org/s\nname: s\nimports:\n  - linkml:types\n"
      "  - linkml:extensions\n");
  Diagnostic d = only(r, "linkml-import-unavailable");
  EXPECT_EQ(d.severity, Severity::kError);
  EXPECT_CONTAINS(d.message, "'linkml:extensions'");
  EXPECT_CONTAINS(d.hint, "import_map");
  expect_at(d, "s.yaml", 5, 5);
}

TEST(Diagnostics, UnknownRangeAtTheRangePosition) {
  LoadResult r = load_one(kHeader +
                          "slots:\n  bar:\n    range: Foo\n"  // line 6
                          "classes:\n  Food:\n    attributes:\n      baz:\n        range: Fod\n");
  std::vector<Diagnostic> found;
  for (const auto& d : r.diagnostics.sorted()) {
    if (d.code == "unknown-range") found.push_back(d);
  }
  ASSERT_EQ(found.size(), 2u) << dump(r.diagnostics);
  EXPECT_EQ(found[0].severity, Severity::kWarning);
  EXPECT_EQ(found[0].message,
            "range 'Foo' of slot 'bar' names no class, type or enum; LinkML treats it as TEXT");
  expect_at(found[0], "s.yaml", 6, 12);
  EXPECT_CONTAINS(found[0].hint, "did you mean 'Food'?");
  EXPECT_EQ(found[1].message,
            "range 'Fod' of attribute 'baz' of class 'Food' names no class, type or enum; "
            "LinkML treats it as TEXT");
  expect_at(found[1], "s.yaml", 11, 16);
}

TEST(Diagnostics, BuiltinRangeWithoutLinkmlTypes) {
  LoadResult r = load_one("id: https://x.org/s\nname: s\nslots:\n  n:\n    range: integer\n");
  Diagnostic d = only(r, "builtin-type-not-imported");
  EXPECT_EQ(d.severity, Severity::kWarning);
  EXPECT_CONTAINS(d.message, "'integer'");
  expect_at(d, "s.yaml", 5, 12);
}

TEST(Diagnostics, DuplicateClassAcrossModulesSaysWhichWins) {
  LoadResult r = load({{"main.yaml",
                        "id: https://x.org/m\nname: main\nimports: [a, b]\n"
                        "classes:\n  Thing:\n"},
                       {"a.yaml", "id: https://x.org/a\nname: a\nclasses:\n  Thing:\n  Other:\n"},
                       {"b.yaml", "id: https://x.org/b\nname: b\nclasses:\n  Other:\n"}},
                      "main.yaml");
  std::vector<Diagnostic> found;
  for (const auto& d : r.diagnostics.sorted()) {
    if (d.code == "duplicate-class") found.push_back(d);
  }
  ASSERT_EQ(found.size(), 2u) << dump(r.diagnostics);
  // a.yaml's Thing loses to the root's.
  EXPECT_EQ(found[0].severity, Severity::kWarning);
  expect_at(found[0], "a.yaml", 4, 3);
  EXPECT_CONTAINS(found[0].message, "class 'Thing' is also defined at main.yaml:5:3");
  EXPECT_CONTAINS(found[0].message, "the root schema's definition wins");
  // b.yaml's Other loses to a.yaml's (a comes first in closure order).
  expect_at(found[1], "b.yaml", 4, 3);
  EXPECT_CONTAINS(found[1].message, "class 'Other' is also defined at a.yaml:5:3");
  EXPECT_CONTAINS(found[1].message, "first definition in import-closure order wins");
}

TEST(Diagnostics, ConflictingSlotListsBothPositions) {
  LoadResult r = load({{"main.yaml",
                        "id: https://x.org/m\nname: main\nimports: [linkml:types, a]\n"
                        "slots:\n  name:\n    range: string\n    required: true\n  same:\n"},
                       {"a.yaml",
                        "id: https://x.org/a\nname: a\nimports: [linkml:types]\nslots:\n"
                        "  name:\n    range: integer\n  same:\n"}},
                      "main.yaml");
  Diagnostic d = only(r, "conflicting-slot");  // `same` is identical: no warning
  EXPECT_EQ(d.severity, Severity::kWarning);
  expect_at(d, "a.yaml", 5, 3);
  EXPECT_CONTAINS(d.message, "slot 'name' is declared at main.yaml:5:3 and at a.yaml:5:3");
  EXPECT_CONTAINS(d.message, "range ('string' vs 'integer')");
  EXPECT_CONTAINS(d.message, "required (true vs unset)");
  EXPECT_CONTAINS(d.message,
                  "the one at main.yaml:5:3 is used (the root schema's definition wins)");
  EXPECT_EQ(r.schema.slots.find("name")->range, std::optional<std::string>("string"));
}

TEST(Diagnostics, TypeShadowingABuiltinType) {
  LoadResult r = load_one(kHeader + "types:\n  string:\n    base: str\n    uri: xsd:token\n");
  Diagnostic d = only(r, "duplicate-type");
  EXPECT_EQ(d.severity, Severity::kWarning);
  EXPECT_CONTAINS(d.message, "type 'string' shadows the LinkML built-in type");
  expect_at(d, "s.yaml", 5, 3);
  EXPECT_EQ(r.schema.types.find("string")->uri, std::optional<std::string>("xsd:token"));
  EXPECT_FALSE(r.schema.types.find("string")->builtin);
}

TEST(Diagnostics, DuplicateEnumAcrossModules) {
  LoadResult r = load({{"main.yaml",
                        "id: https://x.org/m\nname: main\nimports: [a]\n"
                        "enums:\n  E:\n    permissible_values: [x]\n"},
                       {"a.yaml",
                        "id: https://x.org/a\nname: a\nenums:\n  E:\n"
                        "    permissible_values: [y]\n"}},
                      "main.yaml");
  Diagnostic d = only(r, "duplicate-enum");
  expect_at(d, "a.yaml", 4, 3);
  EXPECT_CONTAINS(d.message, "enum 'E' is also defined at main.yaml:5:3");
}

TEST(Diagnostics, ImportedFilesThatAreEmptyOrNotMappings) {
  LoadResult r = load({{"main.yaml",
                        "id: https://x.org/m\nname: main\nimports: [empty, list]\n"
                        "classes:\n  A:\n"},
                       {"empty.yaml", "# nothing yet\n"},
                       {"list.yaml", "- a\n"}},
                      "main.yaml");
  expect_at(only(r, "empty-schema"), "empty.yaml", 1, 1);
  EXPECT_EQ(only(r, "not-a-mapping").where.file, "list.yaml");
  EXPECT_TRUE(r.schema.classes.contains("A"));
  EXPECT_EQ(r.schema.modules.size(), 3u);
}

TEST(Diagnostics, WindowsLineEndings) {
  LoadResult r = load_one(
      "id: https://x.org/s\r\nname: s\r\nimports: [linkml:types]\r\n"
      "slots:\r\n  x:\r\n    range: Nope\r\n");
  Diagnostic d = only(r, "unknown-range");
  expect_at(d, "s.yaml", 6, 12);
  EXPECT_EQ(r.schema.name, "s");
}

TEST(Diagnostics, IsAPointingAtAMixin) {
  LoadResult r = load_one(kHeader + "classes:\n  M:\n    mixin: true\n  C:\n    is_a: M\n");
  Diagnostic d = only(r, "is-a-mixin");
  EXPECT_EQ(d.severity, Severity::kWarning);
  EXPECT_EQ(d.message, "class 'C' has is_a 'M', which is a mixin");
  EXPECT_CONTAINS(d.hint, "mixins:");
  expect_at(d, "s.yaml", 8, 11);
}

TEST(Diagnostics, TwoIdentifiersOnOneClass) {
  LoadResult r = load_one(kHeader +
                          "classes:\n  C:\n    attributes:\n      b_id:\n        identifier: true\n"
                          "      a_id:\n        identifier: true\n"
                          "  D:\n    is_a: C\n");  // inherits both, but is not reported again
  Diagnostic d = only(r, "several-identifiers");
  EXPECT_EQ(d.severity, Severity::kWarning);
  EXPECT_CONTAINS(d.message, "class 'C' has 2 identifier slots (b_id, a_id)");
  EXPECT_CONTAINS(d.message, "alphabetically first, 'a_id', the primary key");
  expect_at(d, "s.yaml", 5, 3);
}

TEST(Diagnostics, IdentifierFromSlotUsageCounts) {
  LoadResult r = load_one(kHeader +
                          "slots:\n  code:\n  id:\n    identifier: true\n"
                          "classes:\n  C:\n    slots: [id, code]\n    slot_usage:\n"
                          "      code:\n        identifier: true\n");
  Diagnostic d = only(r, "several-identifiers");
  EXPECT_CONTAINS(d.message, "(id, code)");
  EXPECT_CONTAINS(d.message, "'code', the primary key");
}

TEST(Diagnostics, UnknownClassParentsAndSlotsAreErrorsSlotParentsWarnings) {
  LoadResult r = load_one(kHeader +
                          "slots:\n  s:\n    is_a: nothing\n"
                          "classes:\n  Base:\n  C:\n    is_a: Bse\n    mixins: [Gone]\n"
                          "    slots:\n      - s\n      - missing\n");
  std::vector<Diagnostic> parents;
  for (const auto& d : r.diagnostics.sorted()) {
    if (d.code == "unknown-parent") parents.push_back(d);
  }
  ASSERT_EQ(parents.size(), 3u) << dump(r.diagnostics);
  // A slot parent that does not exist is ignored, as LinkML does.
  EXPECT_EQ(parents[0].message,
            "slot 's' has is_a 'nothing', which is not a slot; the parent is ignored (as LinkML's "
            "generator does) and the slot keeps only its own definition");
  EXPECT_EQ(parents[0].severity, Severity::kWarning);
  expect_at(parents[0], "s.yaml", 6, 11);
  // A class parent that does not exist would make the table miss columns.
  EXPECT_EQ(parents[1].message, "class 'C' has is_a 'Bse', which is not a class");
  EXPECT_CONTAINS(parents[1].hint, "did you mean 'Base'?");
  EXPECT_CONTAINS(parents[1].hint, "the table would miss columns");
  expect_at(parents[1], "s.yaml", 10, 11);
  EXPECT_EQ(parents[1].severity, Severity::kError);
  EXPECT_EQ(parents[2].message, "class 'C' has mixin 'Gone', which is not a class");
  EXPECT_EQ(parents[2].severity, Severity::kError);
  Diagnostic slot = only(r, "unknown-slot");
  EXPECT_EQ(slot.severity, Severity::kError);
  EXPECT_EQ(slot.message, "class 'C' uses slot 'missing', which is defined nowhere");
  expect_at(slot, "s.yaml", 14, 9);
}

TEST(Diagnostics, AttributeOfAnAncestorIsAKnownSlot) {
  LoadResult r = load_one(kHeader +
                          "classes:\n  P:\n    attributes:\n      x:\n  C:\n    is_a: P\n"
                          "    slots: [x]\n");
  EXPECT_TRUE(r.diagnostics.items().empty()) << dump(r.diagnostics);
}

TEST(Diagnostics, SlotUsageForASlotTheClassLacks) {
  LoadResult r = load_one(kHeader +
                          "slots:\n  a:\n  b:\n"
                          "classes:\n  C:\n    slots: [a]\n    slot_usage:\n      a:\n"
                          "        required: true\n      b:\n        required: true\n");
  Diagnostic d = only(r, "unused-slot-usage");
  EXPECT_EQ(d.severity, Severity::kWarning);
  EXPECT_CONTAINS(d.message, "slot_usage of 'b' in class 'C' has no effect");
  expect_at(d, "s.yaml", 13, 7);
}

TEST(Diagnostics, SlotUsageOnAMixinActsOnItsUsers) {
  LoadResult r = load_one(kHeader +
                          "slots:\n  num:\n  related_to:\n"
                          "classes:\n  M:\n    mixin: true\n    slot_usage:\n      num:\n"
                          "        range: integer\n"
                          "  C:\n    mixins: [M]\n    slots: [num, related_to]\n    slot_usage:\n"
                          "      related to:\n        required: true\n");
  // M's slot_usage reaches C's `num`; `related to` is not `related_to`.
  Diagnostic d = only(r, "unused-slot-usage");
  EXPECT_CONTAINS(d.message, "slot_usage of 'related to' in class 'C' has no effect");
  EXPECT_CONTAINS(d.hint, "did you mean 'related_to'?");
  expect_at(d, "s.yaml", 17, 7);
}

TEST(Diagnostics, DuplicateKeysAreErrors) {
  LoadResult r = load_one(kHeader + "classes:\n  A:\n    description: one\n    description: two\n");
  Diagnostic d = only(r, "duplicate-key");
  EXPECT_EQ(d.severity, Severity::kError);
  EXPECT_CONTAINS(d.message, "key 'description' appears twice");
  EXPECT_CONTAINS(d.message, "first at line 6");
  expect_at(d, "s.yaml", 7, 5);
  // The first occurrence is kept.
  EXPECT_EQ(r.schema.classes.find("A")->description, std::optional<std::string>("one"));
}

TEST(Diagnostics, InvalidBoolean) {
  LoadResult r = load_one(kHeader + "slots:\n  x:\n    required: maybe\n");
  Diagnostic d = only(r, "invalid-boolean");
  EXPECT_EQ(d.severity, Severity::kError);
  EXPECT_EQ(d.message, "'required' must be true or false, not 'maybe'; ignored");
  expect_at(d, "s.yaml", 6, 15);
  EXPECT_FALSE(r.schema.slots.find("x")->required.has_value());
}

TEST(Diagnostics, WrongShapes) {
  LoadResult r = load_one(kHeader +
                          "classes: just-a-name\n"             // 4: scalar for a map
                          "slots:\n  x:\n    range: [a, b]\n"  // 7: list for a scalar
                          "  y: a string body\n"               // 8: scalar body
                          "  z:\n    mixins: {a: b}\n");       // 10: map for a list
  std::vector<Diagnostic> found;
  for (const auto& d : r.diagnostics.sorted()) {
    if (d.code == "invalid-value") found.push_back(d);
  }
  ASSERT_EQ(found.size(), 4u) << dump(r.diagnostics);
  for (const auto& d : found) EXPECT_EQ(d.severity, Severity::kError);
  EXPECT_CONTAINS(found[0].message, "'classes' must be a mapping");
  expect_at(found[0], "s.yaml", 4, 10);
  EXPECT_CONTAINS(found[1].message, "'range' takes a single value, but a list is given");
  expect_at(found[1], "s.yaml", 7, 12);
  EXPECT_CONTAINS(found[2].message, "the body of slots entry 'y' must be a mapping");
  expect_at(found[2], "s.yaml", 8, 6);
  EXPECT_CONTAINS(found[3].message, "'mixins' takes a list of names, but a mapping is given");
  // Everything else still loads.
  EXPECT_TRUE(r.schema.slots.contains("x"));
  EXPECT_TRUE(r.schema.slots.contains("y"));
  EXPECT_FALSE(r.schema.slots.find("x")->range.has_value());
}

TEST(Diagnostics, InvalidUtf8) {
  LoadResult r = load_one("id: https://x.org/s\nname: s\ndescription: caf\xe9 au lait\n");
  Diagnostic d = only(r, "invalid-utf8");
  EXPECT_EQ(d.severity, Severity::kError);
  expect_at(d, "s.yaml", 3, 17);
}

TEST(Diagnostics, AmbiguousNames) {
  LoadResult r =
      load_one(kHeader + "classes:\n  Color:\nenums:\n  Color:\n    permissible_values: [r]\n");
  Diagnostic d = only(r, "ambiguous-name");
  EXPECT_EQ(d.severity, Severity::kWarning);
  EXPECT_CONTAINS(d.message, "'Color' names both a class (s.yaml:5:3) and an enum");
  expect_at(d, "s.yaml", 7, 3);
}

TEST(Diagnostics, MissingNameAndId) {
  LoadResult r = load_one("classes:\n  A:\n");
  EXPECT_EQ(only(r, "missing-name").severity, Severity::kWarning);
  EXPECT_EQ(only(r, "missing-id").severity, Severity::kWarning);
  EXPECT_TRUE(r.schema.classes.contains("A"));
}

TEST(NameCollisions, AfterSnakeCaseAndTruncation) {
  const std::string long_a(70, 'a');
  LoadResult r = load_one(kHeader +
                          "classes:\n  FieldSample:\n    attributes:\n      sampleId:\n"
                          "      sample_id:\n  field_sample:\n  " +
                          long_a + "x:\n  " + long_a + "y:\n");
  ASSERT_FALSE(r.diagnostics.has_errors()) << dump(r.diagnostics);
  auto snake = [](const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
      if (std::isupper(static_cast<unsigned char>(s[i]))) {
        if (i > 0) out += '_';
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(s[i])));
      } else {
        out += s[i];
      }
    }
    return out;
  };
  Diagnostics d;
  check_name_collisions(
      r.schema, [&](const ClassDefinition& c) { return snake(c.name); },
      [&](const ClassDefinition&, const std::string& s) { return snake(s); }, d);
  auto items = d.sorted();
  ASSERT_EQ(items.size(), 3u) << dump(d);
  for (const auto& x : items) EXPECT_EQ(x.code, "name-collision");
  EXPECT_CONTAINS(items[0].message,
                  "slots 'sampleId' and 'sample_id' of class 'FieldSample' both become column "
                  "'sample_id'");
  EXPECT_CONTAINS(items[1].message,
                  "class 'field_sample' and class 'FieldSample' (s.yaml:5:3) both become table "
                  "'field_sample'");
  EXPECT_CONTAINS(items[2].message, "both become table '" + std::string(63, 'a') + "'");
}

// Odd documents: the loader reports, never throws or crashes.
TEST(Robustness, OddDocumentsNeverThrow) {
  const std::vector<std::string> docs = {
      "classes:\n  - A\n  - {name: B}\n  - [x]\n",
      "classes:\n  A:\n    slots: {a: b}\n    attributes: [x, y]\n    slot_usage: 3\n",
      "classes:\n  A:\n    unique_keys: [a]\n    annotations: 5\n",
      "classes:\n  A:\n    unique_keys:\n      k:\n      j: [a, b]\n",
      "slots:\n  ? [complex, key]\n  : x\n",
      "enums:\n  E:\n    permissible_values: 7\n  F:\n    permissible_values:\n      - {text: a}\n"
      "      - [b]\n      - null\n",
      "imports: {a: b}\nprefixes: [x]\n",
      "imports:\n  - [nested]\n  - ''\n  - ':'\n  - '../../../../etc/passwd'\n",
      "a: &x [*x]\nclasses: &c\n  A:\n    mixins: *c\n",
      "name: [a]\nid: {x: y}\ndefault_range: [a]\n",
      "classes:\n  A:\n    is_a: A\n  B:\n    is_a: C\n  C:\n    is_a: B\n    mixins: [B, C]\n",
      "slots:\n  s:\n    is_a: s\n  t:\n    is_a: u\n  u:\n    is_a: t\n",
      "classes:\n  A:\n    attributes:\n      x:\n        any_of: [a, {range: [b]}, {range: C}]\n",
      "\xEF\xBB\xBFname: bom\n",
      "%YAML 1.2\n---\nname: x\n...\n---\nname: y\n",
      "!!binary aGVsbG8=\n",
      "classes:\n  A:\n    annotations:\n      - {tag: t}\n      - 4\n      - {tag: [x], value: "
      "1}\n",
      std::string("name: a\0b\n", 10),
      std::string(5000, '[') + std::string(5000, ']'),
      "\t\t\t",
      ":\n",
      "? \n",
  };
  for (const auto& doc : docs) {
    EXPECT_NO_THROW({
      LoadResult r = load_one(doc);
      for (const auto& d : r.diagnostics.items()) EXPECT_FALSE(d.code.empty());
    }) << doc;
  }
}

TEST(Robustness, MutatedSchemasNeverThrow) {
  const std::string base =
      kHeader +
      "slots:\n  id:\n    identifier: true\n  tags:\n    multivalued: true\n"
      "classes:\n  A:\n    is_a: B\n    slots: [id, tags]\n    attributes:\n"
      "      n: {range: integer, required: yes}\n"
      "    slot_usage:\n      tags: {inlined: true}\n"
      "    unique_keys:\n      k: {unique_key_slots: [n]}\n"
      "    annotations:\n      index: {ix: [n]}\n  B:\n    mixin: true\n"
      "enums:\n  E:\n    permissible_values:\n      a:\n      b: {meaning: x:y}\n"
      "types:\n  T:\n    typeof: string\n";
  const std::string alphabet = ":-[]{}\n\t #&*!|>'\"?,%@`a0";
  std::mt19937 rng(12345);
  for (int i = 0; i < 1500; ++i) {
    std::string doc = base;
    int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      size_t pos = rng() % doc.size();
      switch (rng() % 3) {
        case 0:
          doc.erase(pos, 1 + rng() % 3);
          break;
        case 1:
          doc.insert(pos, 1, alphabet[rng() % alphabet.size()]);
          break;
        default:
          doc[pos] = alphabet[rng() % alphabet.size()];
          break;
      }
      if (doc.empty()) doc = " ";
    }
    EXPECT_NO_THROW(load_one(doc)) << doc;
  }
}

}  // namespace
}  // namespace reconcile::linkml
