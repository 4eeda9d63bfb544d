# One case of the Eigen version check: configures tests/cmake/eigen_version against a fake
# Eigen of version VERSION and expects EXPECT=accepted (configure succeeds, the fake is the
# one found) or EXPECT=refused (configure fails naming the version floor).
#   cmake -DVERSION=5.0.1 -DEXPECT=accepted -DSOURCE_DIR=<checkout> -DWORK_DIR=<dir> -P run_eigen_case.cmake
set(binary_dir "${WORK_DIR}/eigen-${VERSION}")
file(REMOVE_RECURSE "${binary_dir}")
execute_process(
    COMMAND "${CMAKE_COMMAND}" -S "${SOURCE_DIR}/tests/cmake/eigen_version" -B "${binary_dir}"
            "-DFAKE_EIGEN_VERSION=${VERSION}" "-DTWINBENCH_SOURCE_DIR=${SOURCE_DIR}"
    RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(log "${out}${err}")
if(EXPECT STREQUAL "accepted")
  if(NOT result EQUAL 0 OR NOT log MATCHES "accepted the fake Eigen ${VERSION}")
    message(FATAL_ERROR "Eigen ${VERSION} should be accepted; configure said (exit ${result}):\n${log}")
  endif()
elseif(EXPECT STREQUAL "refused")
  if(result EQUAL 0 OR NOT log MATCHES "older[ \t\r\n]+than[ \t\r\n]+the[ \t\r\n]+3\\.3")
    message(FATAL_ERROR "Eigen ${VERSION} should be refused as too old; configure said (exit ${result}):\n${log}")
  endif()
else()
  message(FATAL_ERROR "EXPECT must be accepted or refused")
endif()
message(STATUS "Eigen ${VERSION}: ${EXPECT}")
