# Regenerates build_info.hpp on every build, rewriting it only when a value
# changed, so the JSON context always carries the sha of the tree that was built.
set(MB_BUILD_INFO_DIR ${CMAKE_BINARY_DIR}/generated)
string(TOUPPER "${CMAKE_BUILD_TYPE}" _mb_bt)
set(MB_CXX_FLAGS_ALL "${CMAKE_CXX_FLAGS} ${CMAKE_CXX_FLAGS_${_mb_bt}}")
if(MB_NATIVE_ARCH AND MB_SANITIZER STREQUAL "" AND NOT MB_FUZZ)
  string(APPEND MB_CXX_FLAGS_ALL " -march=native")
endif()
if(NOT MB_SANITIZER STREQUAL "")
  string(APPEND MB_CXX_FLAGS_ALL " -fsanitize=${MB_SANITIZER}")
endif()
string(STRIP "${MB_CXX_FLAGS_ALL}" MB_CXX_FLAGS_ALL)
if(MB_NATIVE_ARCH AND MB_SANITIZER STREQUAL "" AND NOT MB_FUZZ)
  set(MB_NATIVE_ARCH_VALUE "true")
else()
  set(MB_NATIVE_ARCH_VALUE "false")
endif()
add_custom_target(mb_build_info
  COMMAND ${CMAKE_COMMAND}
    -DSOURCE_DIR=${CMAKE_SOURCE_DIR}
    -DOUT=${MB_BUILD_INFO_DIR}/marketbench_build_info.hpp
    -DVERSION=${PROJECT_VERSION}
    -DBUILD_TYPE=${CMAKE_BUILD_TYPE}
    "-DCOMPILER=${CMAKE_CXX_COMPILER_ID} ${CMAKE_CXX_COMPILER_VERSION}"
    "-DCXX_FLAGS=${MB_CXX_FLAGS_ALL}"
    -DNATIVE_ARCH=${MB_NATIVE_ARCH_VALUE}
    -P ${CMAKE_SOURCE_DIR}/cmake/WriteBuildInfo.cmake
  BYPRODUCTS ${MB_BUILD_INFO_DIR}/marketbench_build_info.hpp
  COMMENT "Recording build info (git sha, flags)")
