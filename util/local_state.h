// Folders of local state (the dev database, the replay cache) live inside
// the project, under .reconcile/. mark_local_state() keeps git from ever
// showing them: it puts a `.gitignore` holding `*` into the folder (once;
// an existing file is left alone). Never throws: a folder that cannot be
// marked is only a cosmetic problem.
#pragma once

#include <filesystem>

namespace reconcile::util {

void mark_local_state(const std::filesystem::path& dir);

}  // namespace reconcile::util
