# libxlsxwriter (core/report/xlsx_renderer.cpp) as the target twinbench::xlsxwriter.
# libxlsxwriter installs no CMake package, only xlsxwriter.pc: Debian's libxlsxwriter-dev and
# vcpkg's port alike. So pkg-config first, then a plain find_library.
#
# vcpkg: pkgconf is a host tool and lands in <vcpkg_installed>/<host triplet>/tools/pkgconf,
# while the vcpkg toolchain puts only the *target* triplet's tools folders on
# CMAKE_PROGRAM_PATH; so it is looked for there unless PKG_CONFIG_EXECUTABLE is given. A
# static triplet (x64-windows-static-md) needs the libraries behind xlsxwriter.pc's
# Requires.private too (minizip, zlib), which pkg-config reports only with --static.
if(TARGET twinbench::xlsxwriter)
  return()
endif()

block(SCOPE_FOR VARIABLES)
  if(NOT PKG_CONFIG_EXECUTABLE AND DEFINED VCPKG_INSTALLED_DIR)
    set(vcpkg_tool_dirs "")
    # The host triplet as given, else vcpkg's default on x64 Windows.
    foreach(triplet IN ITEMS ${VCPKG_HOST_TRIPLET} $ENV{VCPKG_DEFAULT_HOST_TRIPLET} x64-windows
                             ${VCPKG_TARGET_TRIPLET})
      list(APPEND vcpkg_tool_dirs "${VCPKG_INSTALLED_DIR}/${triplet}/tools/pkgconf")
    endforeach()
    find_program(PKG_CONFIG_EXECUTABLE NAMES pkgconf pkg-config HINTS ${vcpkg_tool_dirs})
  endif()
  find_package(PkgConfig QUIET)
  if(PKG_CONFIG_FOUND)
    if(VCPKG_TARGET_TRIPLET MATCHES "static")
      set(PKG_CONFIG_ARGN --static)
    endif()
    pkg_check_modules(XLSXWRITER QUIET IMPORTED_TARGET xlsxwriter)
  endif()

  if(TARGET PkgConfig::XLSXWRITER)
    add_library(twinbench::xlsxwriter INTERFACE IMPORTED)
    target_link_libraries(twinbench::xlsxwriter INTERFACE PkgConfig::XLSXWRITER)
    message(STATUS "libxlsxwriter ${XLSXWRITER_VERSION} (pkg-config ${PKG_CONFIG_EXECUTABLE})")
  else()
    # Without pkg-config: the header and the library by name. A static libxlsxwriter needs
    # minizip and zlib after it (vcpkg's minizip has a CMake package; it is harmless for a
    # shared libxlsxwriter).
    find_path(TWINBENCH_XLSXWRITER_INCLUDE_DIR xlsxwriter.h)
    find_library(TWINBENCH_XLSXWRITER_LIBRARY NAMES xlsxwriter libxlsxwriter)
    if(NOT TWINBENCH_XLSXWRITER_INCLUDE_DIR OR NOT TWINBENCH_XLSXWRITER_LIBRARY)
      message(FATAL_ERROR "libxlsxwriter not found: neither pkg-config (xlsxwriter.pc) nor "
                          "xlsxwriter.h + the xlsxwriter library. Debian: apt install "
                          "libxlsxwriter-dev pkg-config; vcpkg: the manifest's libxlsxwriter and "
                          "pkgconf, or set PKG_CONFIG_EXECUTABLE (docs/WINDOWS_BUILD.md)")
    endif()
    add_library(twinbench::xlsxwriter INTERFACE IMPORTED)
    target_include_directories(twinbench::xlsxwriter INTERFACE ${TWINBENCH_XLSXWRITER_INCLUDE_DIR})
    target_link_libraries(twinbench::xlsxwriter INTERFACE ${TWINBENCH_XLSXWRITER_LIBRARY})
    find_package(unofficial-minizip CONFIG QUIET)
    if(TARGET unofficial::minizip::minizip)
      target_link_libraries(twinbench::xlsxwriter INTERFACE unofficial::minizip::minizip)
    endif()
    target_link_libraries(twinbench::xlsxwriter INTERFACE ZLIB::ZLIB)
    message(STATUS "libxlsxwriter (no pkg-config): ${TWINBENCH_XLSXWRITER_LIBRARY}")
  endif()
endblock()
