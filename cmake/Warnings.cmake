# SPDX-License-Identifier: MIT
# The warning set of the style guide (§10), each flag added only if the compiler takes it.
include(CheckCCompilerFlag)
set(SWARMSIM_WARNINGS "")
foreach(flag -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2
             -Wnull-dereference -Wcast-qual -Wswitch-enum -Wundef -Wvla -Wwrite-strings -Wconversion)
  string(MAKE_C_IDENTIFIER "HAVE${flag}" var)
  check_c_compiler_flag(${flag} ${var})
  if(${var})
    list(APPEND SWARMSIM_WARNINGS ${flag})
  endif()
endforeach()
if(SWARMSIM_WERROR)
  list(APPEND SWARMSIM_WARNINGS -Werror)
endif()

# swarmsim_target_defaults(<target> <log-domain>): warnings, GLib version guards, log domain.
function(swarmsim_target_defaults target domain)
  target_compile_options(${target} PRIVATE ${SWARMSIM_WARNINGS})
  target_compile_definitions(${target} PRIVATE
    G_LOG_DOMAIN="${domain}"
    GLIB_VERSION_MIN_REQUIRED=GLIB_VERSION_2_74
    GLIB_VERSION_MAX_ALLOWED=GLIB_VERSION_2_74)
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR})
endfunction()
