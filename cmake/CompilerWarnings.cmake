# Warnings for marketbench's own targets; third-party headers come in as SYSTEM.
function(mb_set_warnings target)
  # -Wshadow: a local hiding a member or outer name has caused wrong-variable
  # bugs; -Wsuggest-override: every override says so; -Wold-style-cast:
  # conversions are named (static_cast, bit_cast) so they can be found.
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                                           -Wsuggest-override -Wold-style-cast)
  if(MB_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
