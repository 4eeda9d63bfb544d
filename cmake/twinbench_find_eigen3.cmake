# Finds Eigen (target Eigen3::Eigen) at version MIN_VERSION or newer, whatever its major
# version: Debian ships 3.4, vcpkg ships 5.x. Eigen installs a SameMajorVersion version file
# (write_basic_package_version_file in Eigen's CMakeLists, 3.4 and 5.x alike), so
# `find_package(Eigen3 3.3 ...)` rejects Eigen 5, and so does a range such as `3.3...5`
# (that file wants both ends of a range in its own major version). So the package is found
# without a version and the floor is checked here. tests/cmake/eigen_version runs this file
# against fake Eigen 3.2, 3.3, 3.4 and 5.0 packages made the way Eigen makes its own.
set(TWINBENCH_EIGEN3_MIN_VERSION 3.3)
macro(twinbench_find_eigen3)
  find_package(Eigen3 REQUIRED NO_MODULE)
  if(NOT Eigen3_VERSION)
    message(FATAL_ERROR "Eigen3 in ${Eigen3_DIR} has no version file (Eigen3ConfigVersion.cmake); "
                        "install Eigen ${TWINBENCH_EIGEN3_MIN_VERSION} or newer")
  endif()
  if(NOT TARGET Eigen3::Eigen)
    message(FATAL_ERROR "Eigen3 ${Eigen3_VERSION} was found in ${Eigen3_DIR} but defines no target "
                        "Eigen3::Eigen; install Eigen ${TWINBENCH_EIGEN3_MIN_VERSION} or newer from the "
                        "system's packages (Debian: libeigen3-dev) or vcpkg (eigen3)")
  endif()
  if(Eigen3_VERSION VERSION_LESS "${TWINBENCH_EIGEN3_MIN_VERSION}")
    message(FATAL_ERROR "Eigen3 ${Eigen3_VERSION} (${Eigen3_DIR}) is older than the "
                        "${TWINBENCH_EIGEN3_MIN_VERSION} Twinbench needs; install a newer Eigen "
                        "(Debian: libeigen3-dev, vcpkg: eigen3) or point Eigen3_DIR at one")
  endif()
  message(STATUS "Eigen3 ${Eigen3_VERSION}: ${Eigen3_DIR}")
endmacro()
