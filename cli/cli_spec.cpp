#include "cli/cli_spec.h"

#include <algorithm>

namespace reconcile::cli {
namespace {

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

// "{native,linkml}" (CLI11's description of an IsMember check) -> its members.
std::vector<std::string> members(const std::string& description) {
  std::vector<std::string> out;
  if (description.size() < 2 || description.front() != '{' || description.back() != '}') return out;
  std::string item;
  for (size_t i = 1; i + 1 < description.size(); ++i) {
    if (description[i] == ',') {
      out.push_back(item);
      item.clear();
    } else {
      item += description[i];
    }
  }
  if (!item.empty()) out.push_back(item);
  return out;
}

// The kind of value from the value name the option was declared with.
ValueKind kind_of(const std::string& value_name) {
  if (contains(value_name, "REV")) return ValueKind::kRevision;
  if (value_name == "DIR") return ValueKind::kDirectory;
  if (value_name == "FILE" || contains(value_name, ".yaml")) return ValueKind::kFile;
  return ValueKind::kText;
}

// CLI11 appends the check's description to the type name ("TEXT:{a,b}");
// the declared name is what precedes it.
std::string declared_type(const CLI::Option& o) {
  std::string t = o.get_type_name();
  size_t colon = t.find(':');
  return colon == std::string::npos ? t : t.substr(0, colon);
}

// The value an option or argument takes: its name, kind and choices.
template <typename Spec>
void read_value(CLI::Option& o, Spec& spec) {
  spec.value_name = declared_type(o);
  spec.kind = kind_of(spec.value_name);
  // CLI11 has no count of an option's checks: they are read by index until
  // it says there is none.
  for (int i = 0; spec.choices.empty(); ++i) {
    try {
      spec.choices = members(o.get_validator(i)->get_description());
    } catch (const CLI::OptionNotFound&) {
      break;
    }
  }
  if (!spec.choices.empty()) spec.kind = ValueKind::kChoice;
}

OptionSpec option_spec(CLI::Option& o) {
  OptionSpec spec;
  spec.long_names = o.get_lnames();
  spec.short_names = o.get_snames();
  spec.description = o.get_description();
  spec.required = o.get_required();
  if (o.get_items_expected_max() == 0) return spec;  // a flag
  read_value(o, spec);
  return spec;
}

}  // namespace

CommandSpec describe(const CLI::App& app) {
  CommandSpec spec;
  spec.name = app.get_parent() ? app.get_name() : "";
  spec.description = app.get_description();
  spec.footer = app.get_footer();
  const CLI::Option* help = app.get_help_ptr();
  for (const CLI::Option* o : app.get_options()) {
    if (o == help || o->get_group().empty()) continue;
    // get_validator() is not const in CLI11; the option is only read.
    auto& option = const_cast<CLI::Option&>(*o);
    if (o->get_positional()) {
      ArgumentSpec arg;
      arg.name = o->get_name();
      arg.description = o->get_description();
      read_value(option, arg);
      arg.required = o->get_required();
      spec.arguments.push_back(arg);
    } else {
      spec.options.push_back(option_spec(option));
    }
  }
  for (const CLI::App* sub :
       app.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); }))
    spec.commands.push_back(describe(*sub));
  return spec;
}

std::vector<std::string> value_option_words(const CommandSpec& command) {
  std::vector<std::string> out;
  for (const OptionSpec& o : command.options) {
    if (o.kind == ValueKind::kNone) continue;
    for (const auto& l : o.long_names) out.push_back("--" + l);
    for (const auto& s : o.short_names) out.push_back("-" + s);
  }
  return out;
}

}  // namespace reconcile::cli
