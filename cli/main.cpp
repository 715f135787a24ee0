// reconcile: keeps PostgreSQL databases in step with LinkML schemas kept in Git.
#include "cli/app.h"

int main(int argc, char** argv) {
  return reconcile::cli::run_main(argc, argv);
}
