#include "cli/man.h"

#include <sstream>

namespace reconcile::cli {
namespace {

// Text for a roff line: backslashes doubled as \e, a leading '.' or '\''
// guarded with \&, and '-' as \- (a minus, so options copy and search right).
std::string roff(const std::string& text) {
  std::string out;
  bool line_start = true;
  for (char c : text) {
    if (line_start && (c == '.' || c == '\'')) out += "\\&";
    line_start = c == '\n';
    if (c == '\\')
      out += "\\e";
    else if (c == '-')
      out += "\\-";
    else
      out += c;
  }
  return out;
}

std::string option_synopsis(const OptionSpec& o) {
  std::string out;
  for (const auto& s : o.short_names) out += (out.empty() ? "" : ", ") + ("\\fB\\-" + s + "\\fR");
  for (const auto& l : o.long_names)
    out += (out.empty() ? "" : ", ") + ("\\fB" + roff("--" + l) + "\\fR");
  std::string value = o.value_name;
  if (!o.choices.empty()) {
    value.clear();
    for (const auto& c : o.choices) value += (value.empty() ? "" : "|") + c;
  }
  if (!value.empty()) out += " \\fI" + roff(value) + "\\fR";
  return out;
}

void options(std::ostringstream& s, const CommandSpec& c) {
  for (const ArgumentSpec& a : c.arguments)
    s << ".TP\n\\fI" << roff(a.value_name.empty() || a.value_name == "TEXT" ? a.name : a.value_name)
      << "\\fR" << (a.required ? "" : " (optional)") << "\n"
      << roff(a.description) << "\n";
  for (const OptionSpec& o : c.options)
    s << ".TP\n" << option_synopsis(o) << "\n" << roff(o.description) << "\n";
}

std::string usage(const std::string& path, const CommandSpec& c) {
  std::string out = "\\fBreconcile " + roff(path) + "\\fR";
  if (!c.options.empty()) out += " [\\fIoptions\\fR]";
  for (const ArgumentSpec& a : c.arguments) {
    std::string name = a.value_name.empty() || a.value_name == "TEXT" ? a.name : a.value_name;
    out += a.required ? " \\fI" + roff(name) + "\\fR" : " [\\fI" + roff(name) + "\\fR]";
  }
  if (!c.commands.empty()) out += " \\fIcommand\\fR";
  return out;
}

void command(std::ostringstream& s, const std::string& path, const CommandSpec& c) {
  s << ".SS \"reconcile " << roff(path) << "\"\n"
    << roff(c.description) << "\n.PP\n"
    << usage(path, c) << "\n";
  options(s, c);
  if (!c.footer.empty()) s << ".PP\n" << roff(c.footer) << "\n";
  for (const CommandSpec& sub : c.commands) command(s, path + " " + sub.name, sub);
}

}  // namespace

std::string render_man_page(const CommandSpec& root, const std::string& version) {
  std::ostringstream s;
  s << ".\\\" reconcile(1), generated at build time from reconcile's command line.\n"
    << ".TH RECONCILE 1 \"\" \"reconcile " << roff(version) << "\" \"User Commands\"\n"
    << ".SH NAME\nreconcile \\- " << roff(root.description) << "\n"
    << ".SH SYNOPSIS\n\\fBreconcile\\fR [\\fIglobal options\\fR] \\fIcommand\\fR "
       "[\\fIoptions\\fR] [\\fIarguments\\fR]\n"
    << ".SH DESCRIPTION\n"
    << roff(root.description) << "\n.PP\n"
    << "Global options may come before or after the command. Results go to standard "
       "output; messages and logs to standard error.\n"
    << ".SH GLOBAL OPTIONS\n";
  options(s, root);
  s << ".TP\n\\fB\\-h\\fR, \\fB\\-\\-help\\fR\nPrint help (of the program or of a command) and "
       "exit\n";
  s << ".SH COMMANDS\n";
  for (const CommandSpec& c : root.commands) command(s, c.name, c);
  if (!root.footer.empty()) s << ".SH EXIT STATUS AND DATABASE\n" << roff(root.footer) << "\n";
  s << ".SH SEE ALSO\n\\fBgit\\fR(1), \\fBpsql\\fR(1)\n";
  return s.str();
}

}  // namespace reconcile::cli
