# SPDX-License-Identifier: MIT
# swarmsim_add_test(<name> SOURCES <files...> LIBS <libs...>): one GLib test binary, registered with CTest
# in the environment of the style guide (§9).
function(swarmsim_add_test name)
  cmake_parse_arguments(T "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  swarmsim_target_defaults(${name} "swarmsim-test")
  target_link_libraries(${name} PRIVATE ${T_LIBS} PkgConfig::GLIB)
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES
    ENVIRONMENT "G_DEBUG=gc-friendly,fatal-warnings;G_SLICE=always-malloc;LC_ALL=C.UTF-8;SWARMSIM_SOURCE_DIR=${PROJECT_SOURCE_DIR};SWARMSIM_BUILD_DIR=${PROJECT_BINARY_DIR};LSAN_OPTIONS=suppressions=${PROJECT_SOURCE_DIR}/tests/lsan.supp:fast_unwind_on_malloc=0:print_suppressions=0"
    TIMEOUT 300)
endfunction()
