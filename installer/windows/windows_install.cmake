# Windows: what the install tree (and so the WiX .msi and the .zip) holds besides the two
# executables, and the WiX settings. Included from installer/packaging.cmake on WIN32.
# Layout under the install folder (C:\Program Files\Twinbench):
#   bin\twinbench.exe, twinbench-cli.exe, Qt6*.dll, QCustomPlotQt6.dll, MSVC runtime, qt.conf
#   plugins\platforms\qwindows.dll, qoffscreen.dll, plugins\styles, imageformats, iconengines
#   share\twinbench\sample_data\     (the GUI looks at <exe>\..\share\twinbench\sample_data)
#   share\twinbench\tzdata\          IANA time zone files for date (no zoneinfo on Windows)
#   share\doc\twinbench\             LICENSE, README.md
# docs/WINDOWS_BUILD.md walks through the build.

# Both executables run with UTF-8 as their code page (see the manifest), so the narrow file
# names core/common/utf8_path.h produces mean the same to the CRT and to date.
target_sources(twinbench-cli PRIVATE ${CMAKE_CURRENT_LIST_DIR}/twinbench.manifest)

if(TARGET twinbench)
  target_sources(twinbench PRIVATE ${CMAKE_CURRENT_LIST_DIR}/twinbench.manifest)
  # Explorer, the taskbar and the installer show the icon compiled into the executable (the
  # .twin file type of twinbench_file_type.wxs takes its icon from there too).
  set(TWINBENCH_ICON_ICO "${PROJECT_SOURCE_DIR}/resources/icons/twinbench.ico")
  configure_file(${CMAKE_CURRENT_LIST_DIR}/twinbench.rc.in ${PROJECT_BINARY_DIR}/installer/twinbench.rc @ONLY)
  target_sources(twinbench PRIVATE ${PROJECT_BINARY_DIR}/installer/twinbench.rc)

  # The windeployqt step: Qt's deploy script runs windeployqt on the installed twinbench.exe
  # at install time, copying the Qt DLLs into bin\ and the plugins (platforms, styles,
  # imageformats, iconengines for the SVG icon) into plugins\, and writes bin\qt.conf that
  # points Qt there (QT_DEPLOY_PLUGINS_DIR, "plugins" by default).
  # 6.5: qt_generate_deploy_app_script's OUTPUT_SCRIPT (6.4 had FILENAME_VARIABLE).
  find_package(Qt6 6.5 REQUIRED COMPONENTS Core Gui PrintSupport)
  qt_generate_deploy_app_script(TARGET twinbench OUTPUT_SCRIPT twinbench_deploy_script
                                NO_TRANSLATIONS NO_UNSUPPORTED_PLATFORM_ERROR)
  install(SCRIPT ${twinbench_deploy_script})

  # What windeployqt leaves out because it reads only twinbench.exe's own imports:
  # - QCustomPlot, a DLL built against the same Qt (installer/windows/qcustomplot), and the
  #   Qt6PrintSupport.dll that only QCustomPlot imports;
  # - the offscreen platform plugin (windeployqt deploys qwindows only): build-windows.ps1
  #   takes the GUI's screenshot with QT_QPA_PLATFORM=offscreen, and a PDF report from
  #   twinbench-cli where no desktop session exists (a service, an SSH shell) needs it too.
  install(FILES $<TARGET_FILE:QCustomPlotQt6::QCustomPlotQt6> $<TARGET_FILE:Qt6::PrintSupport>
          DESTINATION ${CMAKE_INSTALL_BINDIR})
  if(NOT TARGET Qt6::QOffscreenIntegrationPlugin)
    message(FATAL_ERROR "Qt's offscreen platform plugin (Qt6::QOffscreenIntegrationPlugin) is not in "
                        "${Qt6_DIR}; install the Qt online installer's 'MSVC 2022 64-bit' component")
  endif()
  install(FILES $<TARGET_FILE:Qt6::QOffscreenIntegrationPlugin> DESTINATION plugins/platforms)
endif()

# The vcpkg libraries are static (triplet x64-windows-static-md), so besides Qt and
# QCustomPlot only the MSVC runtime (msvcp140.dll, vcruntime140*.dll) goes along.
set(CMAKE_INSTALL_SYSTEM_RUNTIME_DESTINATION ${CMAKE_INSTALL_BINDIR})
include(InstallRequiredSystemLibraries)

# date (built without an OS time zone database on Windows) reads the IANA source files;
# app/*/main.cpp point it at share/twinbench/tzdata. TWINBENCH_TZDATA_DIR is the unpacked
# tzdata*.tar.gz plus CLDR's windowsZones.xml (see docs/WINDOWS_BUILD.md).
set(TWINBENCH_TZDATA_DIR "" CACHE PATH "IANA tzdata folder (with windowsZones.xml) to install on Windows")
if(TWINBENCH_TZDATA_DIR)
  if(NOT EXISTS "${TWINBENCH_TZDATA_DIR}/europe" OR NOT EXISTS "${TWINBENCH_TZDATA_DIR}/windowsZones.xml")
    message(FATAL_ERROR "TWINBENCH_TZDATA_DIR=${TWINBENCH_TZDATA_DIR} needs the IANA files (europe, northamerica, ...) "
                        "and windowsZones.xml")
  endif()
  install(DIRECTORY ${TWINBENCH_TZDATA_DIR}/ DESTINATION ${CMAKE_INSTALL_DATADIR}/twinbench/tzdata)
else()
  message(WARNING "TWINBENCH_TZDATA_DIR is not set: the Windows packages will lack the time zone data "
                  "and every import with a time zone fails (docs/WINDOWS_BUILD.md, step 5)")
endif()

# WiX v4 (CMake 3.30+; `dotnet tool install --global wix --version 4.0.6` and the UI and
# Util extensions, see docs/WINDOWS_BUILD.md). WiX wants the licence as .txt or .rtf.
configure_file(${PROJECT_SOURCE_DIR}/LICENSE ${PROJECT_BINARY_DIR}/installer/LICENSE.txt COPYONLY)
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_BINARY_DIR}/installer/LICENSE.txt)
set(CPACK_WIX_VERSION 4)
# Never change: Windows Installer finds the installed version to upgrade by this code.
set(CPACK_WIX_UPGRADE_GUID "886BF39B-2176-411A-9B3D-3A4568DB6979")
set(CPACK_WIX_PRODUCT_ICON ${PROJECT_SOURCE_DIR}/resources/icons/twinbench.ico)
set(CPACK_WIX_PROGRAM_MENU_FOLDER "Twinbench")
set(CPACK_WIX_PROPERTY_ARPURLINFOABOUT "https://www.gnu.org/licenses/gpl-3.0.html")
set(CPACK_WIX_PATCH_FILE ${CMAKE_CURRENT_LIST_DIR}/twinbench_file_type.wxs)
set(CPACK_PACKAGE_INSTALL_DIRECTORY "Twinbench")
set(CPACK_PACKAGE_EXECUTABLES "twinbench;Twinbench")
set(CPACK_CREATE_DESKTOP_LINKS "twinbench")
