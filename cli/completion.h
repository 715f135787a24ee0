// Shell completion scripts for bash, zsh and fish, generated from the
// command-line description (cli/cli_spec.h), so they complete exactly the
// commands and options the parser accepts.
//
// Guarantees:
//  * Commands and nested commands (`hooks install`) complete by prefix;
//    options complete after `-`, the global ones at any position.
//  * Values complete by kind: the members of a fixed choice (`--format`),
//    files and folders, and revision ids (`downgrade`, `apply --to`,
//    `rehash`, `baseline`), which the script asks the running binary for
//    with `reconcile __complete revisions` (passing on --config and
//    --migrations when they were typed), so new revisions complete without
//    regenerating the script.
//  * Deterministic: the same command line gives the same script.
#pragma once

#include <string>

#include "cli/cli_spec.h"

namespace reconcile::cli {

// The shells `reconcile completion` knows, in help order.
inline const char* const kCompletionShells[] = {"bash", "zsh", "fish"};

std::string bash_completion(const CommandSpec& root);
std::string zsh_completion(const CommandSpec& root);
std::string fish_completion(const CommandSpec& root);

}  // namespace reconcile::cli
