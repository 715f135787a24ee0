// The YAML reader (linkml/yaml_document.h) reads documents with
// libyaml into the same tree yaml-cpp gives: the same node kinds, the same
// scalars, the same nulls and the same 0-based byte positions, on every YAML
// file of the repository, the LinkML fixtures, a generated project and the
// tricky corners below; and it falls back to yaml-cpp (its message and
// position) for what libyaml refuses.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "linkml/yaml_document.h"
#include "support/linkml_project_gen.h"
#include "support/process.h"

namespace reconcile::linkml::yaml {
namespace {

namespace fs = std::filesystem;

// Compares the libyaml tree with yaml-cpp's own reading of the same text.
void expect_same_tree(const Node& a, const YAML::Node& b, const std::string& where, int depth = 0) {
  ASSERT_LT(depth, 100) << where;
  ASSERT_EQ(a.IsNull(), b.IsNull()) << where;
  ASSERT_EQ(a.IsScalar(), b.IsScalar()) << where;
  ASSERT_EQ(a.IsMap(), b.IsMap()) << where;
  ASSERT_EQ(a.IsSequence(), b.IsSequence()) << where;
  if (!b.IsNull()) {
    // yaml-cpp's marks of null nodes are not used (a null value is located
    // at its key), so only the others are compared.
    EXPECT_EQ(a.GetMark().line, b.Mark().line) << where;
    EXPECT_EQ(a.GetMark().column, b.Mark().column) << where;
  }
  if (b.IsScalar()) {
    EXPECT_EQ(a.Scalar(), b.Scalar()) << where;
    if (b.Tag() == "?" || b.Tag() == "!") {
      EXPECT_EQ(a.IsPlain(), b.Tag() == "?") << where;
    }
  }
  ASSERT_EQ(a.size(), b.size()) << where;
  if (b.IsSequence()) {
    size_t i = 0;
    auto it = a.begin();
    for (const auto& item : b) {
      expect_same_tree(*it, item, where + "[" + std::to_string(i++) + "]", depth + 1);
      ++it;
    }
  } else if (b.IsMap()) {
    auto it = a.begin();
    for (auto jt = b.begin(); jt != b.end(); ++jt, ++it) {
      const std::string key = jt->first.IsScalar() ? jt->first.Scalar() : "?";
      expect_same_tree(it->first, jt->first, where + " key " + key, depth + 1);
      expect_same_tree(it->second, jt->second, where + "." + key, depth + 1);
    }
  }
}

void expect_reads_like_yaml_cpp(const std::string& text, const std::string& name) {
  auto doc = Document::read_libyaml(text);
  ASSERT_TRUE(doc) << name << ": libyaml refused it";
  expect_same_tree(doc->root(), YAML::Load(text), name);
}

// What parse_document() gives, whichever reader it took.
void expect_parses_like_yaml_cpp(const std::string& text, const std::string& name) {
  Diagnostics diags;
  auto doc = parse_document(text, "s.yaml", diags);
  ASSERT_TRUE(doc) << name;
  expect_same_tree(doc->root(), YAML::Load(text), name);
}

TEST(YamlDocument, TrickyCornersReadLikeYamlCpp) {
  const std::vector<std::string> texts = {
      "",
      "# only a comment\n",
      "a:\nb: ~\nc: null\nd: Null\ne: NULL\nf: ''\ng: \"null\"\nh: nULL\n",
      "name: caf\xc3\xa9\nd\xc3\xa9j\xc3\xa0: \"\xc3\xa9t\xc3\xa9\"\nx: [\xc3\xa9, b]\n",
      "text: |\n  line one\n  line two\nfolded: >\n  a\n  b\n\nkeep: |+\n  x\n\n",
      "seq:\n- a\n-   b\n- - c\n  - d\n- k: v\n  l: w\n",
      "flow: {a: 1, b: [x, {y: z}], c: }\nempty: []\nnone: {}\n",
      "c: 'it''s'\nd: \"tab\\there\"\ne: \"nul\\0byte\"\n",
      "a: 1\r\nb:\r\n  c: 2\r\n",
      "---\na: 1\n...\n",
      "? explicit\n: value\nplain key: v\n",
      "a:   spaced   \nb: 'multi\n  line'\nc: plain\n  continued\n",
      "\xef\xbb\xbf"
      "a: bom\n",
      "slots: [a, b]\nclasses:\n  C:\n    slots:\n      - x\n      - y\n",
  };
  for (size_t i = 0; i < texts.size(); ++i)
    expect_reads_like_yaml_cpp(texts[i], "snippet " + std::to_string(i));
}

TEST(YamlDocument, AnchorsAliasesTagsAndComplexKeysAreLeftToYamlCpp) {
  // Where the two readers differ on odd text: libyaml declines, yaml-cpp reads.
  const std::vector<std::string> texts = {
      "a: &x {k: v, l: [1, 2]}\nb: *x\nc: &y text\nd: *y\n",
      "a: !!str null\nb: !custom x\n",
      "%YAML 1.1\n---\na: 1\n",
      "? [a, b]\n: value\n",
  };
  for (size_t i = 0; i < texts.size(); ++i) {
    EXPECT_FALSE(Document::read_libyaml(texts[i])) << i;
    expect_parses_like_yaml_cpp(texts[i], "declined " + std::to_string(i));
  }
}

TEST(YamlDocument, RepositoryAndFixtureFilesReadLikeYamlCpp) {
  std::vector<fs::path> roots = {fs::path(testing::source_dir()),
                                 fs::path(testing::source_dir()) / ".." / "shared" / "fixtures"};
  size_t files = 0;
  for (const auto& root : roots) {
    if (!fs::exists(root)) continue;
    for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator();
         ++it) {
      const auto name = it->path().filename().string();
      if (it->is_directory() && (name == "build" || name == ".git" || name == "node_modules")) {
        it.disable_recursion_pending();
        continue;
      }
      if (!it->is_regular_file()) continue;
      const auto ext = it->path().extension();
      if (ext != ".yaml" && ext != ".yml") continue;
      const std::string text = testing::read_file(it->path().string());
      if (find_invalid_utf8(text)) continue;
      YAML::Node expected;
      try {
        expected = YAML::Load(text);
      } catch (const YAML::Exception&) {
        continue;  // malformed on purpose: the fallback test covers those
      }
      auto doc = Document::read_libyaml(text);
      ASSERT_TRUE(doc) << it->path();
      expect_same_tree(doc->root(), expected, it->path().string());
      ++files;
    }
  }
  EXPECT_GT(files, 10u);
}

TEST(YamlDocument, GeneratedProjectReadsLikeYamlCpp) {
  auto project = testing::generate_project(testing::realistic_shape());
  for (const auto& [path, text] : project.files) expect_reads_like_yaml_cpp(text, path);
}

TEST(YamlDocument, WhatLibyamlRefusesGetsYamlCppsMessageAndPosition) {
  Diagnostics diags;
  auto doc = parse_document("id: x\nclasses:\n  A:\n    slots: [a, b\n", "s.yaml", diags);
  EXPECT_FALSE(doc);
  ASSERT_EQ(diags.items().size(), 1u);
  const auto& d = diags.items()[0];
  EXPECT_EQ(d.code, "yaml-syntax");
  try {
    YAML::Load("id: x\nclasses:\n  A:\n    slots: [a, b\n");
    FAIL() << "yaml-cpp accepts it";
  } catch (const YAML::Exception& e) {
    EXPECT_EQ(d.message, "malformed YAML: " + e.msg);
    EXPECT_EQ(d.where.line, e.mark.line + 1);
    EXPECT_EQ(d.where.column, e.mark.column + 1);
  }
}

TEST(YamlDocument, DuplicateKeysAreReportedAtTheSecondKey) {
  Diagnostics diags;
  auto doc = parse_document("a: 1\nb:\n  c: 1\n  c: 2\n", "s.yaml", diags);
  ASSERT_TRUE(doc);
  ASSERT_EQ(diags.items().size(), 1u);
  EXPECT_EQ(diags.items()[0].code, "duplicate-key");
  EXPECT_EQ(diags.items()[0].where.line, 4);
  EXPECT_EQ(diags.items()[0].where.column, 3);
  EXPECT_EQ(doc->root()["b"]["c"].Scalar(), "1");  // the first one is used
}

}  // namespace
}  // namespace reconcile::linkml::yaml
