// Writes a generated LinkML project (tests/support/linkml_project_gen.h) to
// a folder, for benchmarks and for trying reconcile by hand:
//   reconcile_gen_project DIR                       the realistic project
//   reconcile_gen_project DIR MODULES CLASSES       MODULES modules of CLASSES
//                                                   classes, long names
// Prints the number of modules and classes.
#include <iostream>
#include <string>

#include "support/linkml_project_gen.h"

int main(int argc, char** argv) {
  if (argc != 2 && argc != 4) {
    std::cerr << "usage: reconcile_gen_project DIR [MODULES CLASSES_PER_MODULE]\n";
    return 2;
  }
  reconcile::testing::ProjectShape shape = reconcile::testing::realistic_shape();
  if (argc == 4) {
    shape = reconcile::testing::ProjectShape{};
    shape.modules = std::stoi(argv[2]);
    shape.classes_per_module = std::stoi(argv[3]);
  }
  auto project = reconcile::testing::generate_project(shape);
  project.write_to(argv[1]);
  std::cout << project.modules << " modules, " << project.classes << " classes, entry " << argv[1]
            << "/" << project.entry << "\n";
  return 0;
}
