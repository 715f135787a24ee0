#include "linkml/desired/cache.h"

#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "reconcile_version.h"

#include "core/catalog/json.h"
#include "linkml/desired/desired.h"
#include "util/digest.h"
#include "util/local_state.h"

namespace reconcile::desired {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kFormat = "reconcile-desired-cache-1";

json diagnostic_to_json(const linkml::Diagnostic& d) {
  return json{{"severity", d.severity == linkml::Severity::kError ? "error" : "warning"},
              {"code", d.code},
              {"message", d.message},
              {"hint", d.hint},
              {"file", d.where.file},
              {"line", d.where.line},
              {"column", d.where.column}};
}

linkml::Diagnostic diagnostic_from_json(const json& j) {
  linkml::Diagnostic d;
  d.severity = j.at("severity").get<std::string>() == "error" ? linkml::Severity::kError
                                                              : linkml::Severity::kWarning;
  d.code = j.at("code").get<std::string>();
  d.message = j.at("message").get<std::string>();
  d.hint = j.at("hint").get<std::string>();
  d.where.file = j.at("file").get<std::string>();
  d.where.line = j.at("line").get<int>();
  d.where.column = j.at("column").get<int>();
  return d;
}

}  // namespace

std::optional<std::string> FingerprintingReader::read(const std::string& path) const {
  auto text = inner_.read(path);
  reads_[path] = text ? sha256_hex(*text) : std::string();
  return text;
}

DesiredCache::DesiredCache(std::string dir, std::string version)
    : dir_(std::move(dir)), version_(std::move(version)) {}

std::string DesiredCache::key_text(const SourceReader& reader,
                                   const DesiredOptions& options) const {
  std::string k = std::string(kFormat) + "\nversion " + version_ + "\nreader " + reader.describe() +
                  "\nschema " + options.schema_path + "\nprofile " +
                  mapping::profile_name(options.profile) + "\n";
  for (const auto& s : options.target_schemas) k += "target " + s + "\n";
  for (const auto& e : options.extensions) k += "extension " + e + "\n";
  for (const auto& [from, to] : options.import_map) k += "import_map " + from + " " + to + "\n";
  return k;
}

std::string DesiredCache::entry_path(const SourceReader& reader,
                                     const DesiredOptions& options) const {
  return (fs::path(dir_) / (sha256_hex(key_text(reader, options)) + ".json")).string();
}

std::optional<DesiredResult> DesiredCache::lookup(const SourceReader& reader,
                                                  const DesiredOptions& options) const {
  const std::string path = entry_path(reader, options);
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  try {
    std::stringstream buf;
    buf << in.rdbuf();
    const json j = json::parse(buf.str());
    // The key is a digest: the entry must also name exactly these inputs.
    if (j.at("key").get<std::string>() != key_text(reader, options)) return std::nullopt;
    for (const auto& f : j.at("files")) {
      const auto text = reader.read(f.at(0).get<std::string>());
      const std::string want = f.at(1).get<std::string>();
      if (want.empty() ? text.has_value() : (!text || sha256_hex(*text) != want))
        return std::nullopt;
    }
    DesiredResult r;
    r.catalog = catalog::catalog_from_json(j.at("catalog"));
    for (const auto& d : j.at("diagnostics")) r.diagnostics.add(diagnostic_from_json(d));
    return r;
  } catch (const std::exception& e) {
    spdlog::debug("ignoring the unreadable cache entry {}: {}", path, e.what());
    return std::nullopt;
  }
}

void DesiredCache::store(const SourceReader& reader, const DesiredOptions& options,
                         const std::map<std::string, std::string>& reads,
                         const DesiredResult& result) const {
  json j;
  j["key"] = key_text(reader, options);
  j["files"] = json::array();
  for (const auto& [path, digest] : reads) j["files"].push_back(json::array({path, digest}));
  j["catalog"] = catalog::to_json(result.catalog);
  j["diagnostics"] = json::array();
  for (const auto& d : result.diagnostics.items())
    j["diagnostics"].push_back(diagnostic_to_json(d));

  const std::string path = entry_path(reader, options);
  std::error_code ec;
  fs::create_directories(dir_, ec);
  util::mark_local_state(dir_);
  const std::string tmp = path + ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << j.dump(-1, ' ', false, json::error_handler_t::replace);
    if (!out) {
      spdlog::debug("cannot write the cache entry {}", tmp);
      out.close();
      fs::remove(tmp, ec);
      return;
    }
  }
  fs::rename(tmp, path, ec);  // atomic: readers see a whole entry or none
  if (ec) fs::remove(tmp, ec);
}

std::string cache_version() {
  std::string v = RECONCILE_VERSION;
  struct stat st {};
  if (::stat("/proc/self/exe", &st) == 0)
    v += " exe " + std::to_string(st.st_size) + " " + std::to_string(st.st_mtim.tv_sec) + "." +
         std::to_string(st.st_mtim.tv_nsec);
  return v;
}

}  // namespace reconcile::desired
