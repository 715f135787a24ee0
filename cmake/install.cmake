# Installing and packaging reconcile (included from the top-level CMakeLists.txt).
#
#   cmake --install build [--prefix DIR]   bin/reconcile, share/man/man1/reconcile.1.gz,
#                                          completions for bash, zsh and fish
#   cd build && cpack                      a .deb (Depends from dpkg-shlibdeps) and a .tar.gz
#
# The man page and the completion scripts are generated at build time by the
# binary itself (`reconcile __man`, `reconcile completion SHELL`), so they
# always match its command line.
include(GNUInstallDirs)

set(RECONCILE_SHARE ${CMAKE_BINARY_DIR}/share)
set(RECONCILE_GENERATED_SHARE
  ${RECONCILE_SHARE}/man/reconcile.1.gz
  ${RECONCILE_SHARE}/completions/reconcile.bash
  ${RECONCILE_SHARE}/completions/_reconcile
  ${RECONCILE_SHARE}/completions/reconcile.fish)
add_custom_command(OUTPUT ${RECONCILE_GENERATED_SHARE}
  COMMAND sh ${CMAKE_SOURCE_DIR}/cmake/generate-share.sh $<TARGET_FILE:reconcile> ${RECONCILE_SHARE}
  DEPENDS reconcile ${CMAKE_SOURCE_DIR}/cmake/generate-share.sh
  COMMENT "Generating the man page and the shell completions"
  VERBATIM)
add_custom_target(reconcile_share ALL DEPENDS ${RECONCILE_GENERATED_SHARE})

install(TARGETS reconcile RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${RECONCILE_SHARE}/man/reconcile.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${RECONCILE_SHARE}/completions/reconcile.bash
  DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME reconcile)
install(FILES ${RECONCILE_SHARE}/completions/_reconcile
  DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(FILES ${RECONCILE_SHARE}/completions/reconcile.fish
  DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)
install(FILES ${CMAKE_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_PACKAGE_NAME reconcile)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "Keeps PostgreSQL databases in step with LinkML schemas kept in Git")
set(CPACK_PACKAGE_DESCRIPTION
  "reconcile plans, writes, commits and applies PostgreSQL migrations from LinkML schemas kept in Git, and checks for drift in CI.")
set(CPACK_PACKAGE_CONTACT "reconcile maintainers <reconcile@localhost>")
set(CPACK_GENERATOR "DEB;TGZ")
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_FILE_NAME "reconcile-${PROJECT_VERSION}-${CMAKE_SYSTEM_NAME}-${CMAKE_SYSTEM_PROCESSOR}")
# .deb: the runtime libraries it links (libgit2, libpqxx, libyaml-cpp, libpq,
# ...) become Depends through dpkg-shlibdeps, so the list follows the build.
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION database)
# The embedded dev database and replays run the PostgreSQL server binaries;
# revisions are committed with libgit2, git itself is for the user.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "postgresql, git")
include(CPack)
