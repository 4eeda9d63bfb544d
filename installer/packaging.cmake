# Packaging with CPack: a .deb that declares its Debian dependencies (dpkg-shlibdeps) and a
# relocatable .tar.gz. Layout: bin/twinbench, bin/twinbench-cli, share/twinbench/sample_data.
include(GNUInstallDirs)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/sample_data/ DESTINATION ${CMAKE_INSTALL_DATADIR}/twinbench/sample_data)
install(FILES ${PROJECT_SOURCE_DIR}/LICENSE ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_PACKAGE_NAME "twinbench")
set(CPACK_PACKAGE_VENDOR "Twinbench developers")
set(CPACK_PACKAGE_CONTACT "Twinbench developers <dev@twinbench.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "What-if workbench for process engineers")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_GENERATOR "DEB;TGZ")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "science")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "tzdata")
include(CPack)
