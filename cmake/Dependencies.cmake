# One lookup per dependency; a missing one stops configuration with the Debian
# package that provides it (`make deps` installs them all).
find_package(PkgConfig QUIET)

macro(mb_require found package what)
  if(NOT ${found})
    message(FATAL_ERROR "marketbench: ${what} not found. Install it with: apt-get install ${package}  (or run `make deps`)")
  endif()
endmacro()

find_package(Threads REQUIRED)

find_package(benchmark QUIET)
mb_require(benchmark_FOUND libbenchmark-dev "Google Benchmark")

find_package(GTest QUIET)
mb_require(GTest_FOUND libgtest-dev "GoogleTest")

find_package(Eigen3 3.3 QUIET NO_MODULE)
mb_require(Eigen3_FOUND libeigen3-dev "Eigen3")

find_package(fmt QUIET)
mb_require(fmt_FOUND libfmt-dev "fmt")

find_package(nlohmann_json 3 QUIET)
mb_require(nlohmann_json_FOUND nlohmann-json3-dev "nlohmann/json")

find_package(CLI11 QUIET)
mb_require(CLI11_FOUND libcli11-dev "CLI11")

find_package(SQLite3 QUIET)
mb_require(SQLite3_FOUND libsqlite3-dev "SQLite3")

if(PkgConfig_FOUND)
  pkg_check_modules(JEMALLOC QUIET IMPORTED_TARGET jemalloc)
endif()
mb_require(JEMALLOC_FOUND libjemalloc-dev "jemalloc")
