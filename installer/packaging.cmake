# Installation layout and CPack packages: a .deb that declares its Debian dependencies
# (dpkg-shlibdeps) and a relocatable .tar.gz with the same tree under one top folder.
#
#   bin/twinbench, bin/twinbench-cli                     (install rules in app/CMakeLists.txt)
#   share/twinbench/sample_data/                          the sample plant and the real data sets
#   share/applications/org.twinbench.Twinbench.desktop    menu entry
#   share/metainfo/org.twinbench.Twinbench.metainfo.xml   AppStream (software centres)
#   share/icons/hicolor/{NxN,scalable}/apps/twinbench.*   icon
#   share/mime/packages/twinbench.xml                     the .twin project file type
#   share/doc/twinbench/                                  LICENSE, README.md, copyright
#
# The GUI finds the sample plant at <exe>/../share/twinbench/sample_data (see
# ui/app/sample_plant.cpp), which holds for /usr, /usr/local and an unpacked .tar.gz alike.
# Nothing is bundled: both packages use the system's Qt 6 and libraries (the .deb says
# which; README.md "Install" names them for the .tar.gz). Windows: installer/windows.
include(GNUInstallDirs)

set(TWINBENCH_APP_ID "org.twinbench.Twinbench")
# GNUInstallDirs would say share/doc/Twinbench (the project name); Debian wants the package name.
set(TWINBENCH_DOC_DIR "${CMAKE_INSTALL_DATAROOTDIR}/doc/twinbench")
set(TWINBENCH_INSTALLER_DIR "${CMAKE_CURRENT_LIST_DIR}")

install(DIRECTORY ${PROJECT_SOURCE_DIR}/sample_data/
        DESTINATION ${CMAKE_INSTALL_DATADIR}/twinbench/sample_data
        FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
install(FILES ${PROJECT_SOURCE_DIR}/LICENSE ${PROJECT_SOURCE_DIR}/README.md
              ${TWINBENCH_INSTALLER_DIR}/linux/copyright
        DESTINATION ${TWINBENCH_DOC_DIR})

if(UNIX AND NOT APPLE)
  install(FILES ${TWINBENCH_INSTALLER_DIR}/linux/${TWINBENCH_APP_ID}.desktop
          DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
  # The release date follows SOURCE_DATE_EPOCH when set, so rebuilt packages are identical.
  string(TIMESTAMP TWINBENCH_RELEASE_DATE "%Y-%m-%d" UTC)
  configure_file(${TWINBENCH_INSTALLER_DIR}/linux/${TWINBENCH_APP_ID}.metainfo.xml
                 ${PROJECT_BINARY_DIR}/installer/${TWINBENCH_APP_ID}.metainfo.xml @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/installer/${TWINBENCH_APP_ID}.metainfo.xml
          DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
  install(FILES ${TWINBENCH_INSTALLER_DIR}/linux/twinbench-mime.xml
          DESTINATION ${CMAKE_INSTALL_DATADIR}/mime/packages RENAME twinbench.xml)
  install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/twinbench.svg
          DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
  # The PNG sizes are rendered from the SVG by installer/render-icons.sh and committed.
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/icons/hicolor/
          DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor
          FILES_MATCHING PATTERN "twinbench.png")
endif()

if(WIN32)
  include(${TWINBENCH_INSTALLER_DIR}/windows/windows_install.cmake)
endif()

set(CPACK_PACKAGE_NAME "twinbench")
set(CPACK_PACKAGE_VENDOR "Twinbench developers")
set(CPACK_PACKAGE_CONTACT "Twinbench developers <dev@twinbench.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "What-if workbench for process engineers")
set(CPACK_PACKAGE_DESCRIPTION
    "Twinbench takes the historical data of one asset and one process, builds
a trustworthy model of it and answers what-if questions with numbers,
uncertainty and a report. Includes the Qt workbench (twinbench), the
command line (twinbench-cli) and a simulated reference plant to try it on.")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_CHECKSUM SHA256)
set(CPACK_OUTPUT_FILE_PREFIX packages)

if(UNIX AND NOT APPLE)
  set(CPACK_GENERATOR "DEB;TGZ")
  # twinbench-0.1.0-Linux-x86_64.tar.gz with everything under twinbench-0.1.0-Linux-x86_64/.
  set(CPACK_PACKAGE_FILE_NAME "twinbench-${PROJECT_VERSION}-Linux-${CMAKE_SYSTEM_PROCESSOR}")
  set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
  set(CPACK_DEBIAN_PACKAGE_SECTION "science")
  set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
  # The Description field: CPack puts the summary first and CPACK_PACKAGE_DESCRIPTION below.
  # Libraries come from dpkg-shlibdeps (Qt 6 modules, QCustomPlot, fmt, SQLite, zlib, ...).
  # On top: the time zone database (date reads /usr/share/zoneinfo at run time) and the
  # Qt platform plugins besides xcb/offscreen (Wayland and the others). libmosquitto1 (the
  # MQTT client of `twinbench-cli watch --mqtt`) is named too, in case shlibdeps is off.
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "tzdata, libmosquitto1")
  set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-qpa-plugins, qt6-wayland")
  set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)
elseif(WIN32)
  # installer/windows/windows_install.cmake sets the WiX (v4) details; ZIP is the portable copy.
  set(CPACK_GENERATOR "WIX;ZIP")
  set(CPACK_PACKAGE_FILE_NAME "twinbench-${PROJECT_VERSION}-windows-x64")
endif()
include(CPack)
