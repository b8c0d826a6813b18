# Warnings for marketbench's own targets; third-party headers come in as SYSTEM.
function(mb_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  if(MB_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
